"""Option aliases shared by every command, so each flag means the same thing everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govgraph.cli.output import OutputFormat

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        envvar="GOVGRAPH_STORE",
        help="Embedded store directory [default: the user data directory, or $GOVGRAPH_STORE].",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Answer as of this date (YYYY-MM-DD) instead of now."),
]
RegimeOption = Annotated[
    str | None,
    typer.Option("--regime", help="Jurisdiction whose regime applies, e.g. EU, US, US-CA, GB."),
]
JurisdictionOption = Annotated[
    str | None,
    typer.Option(
        "--jurisdiction", "-j", help="Jurisdiction code (ISO 3166, e.g. DE, US-CA) or EU."
    ),
]
Neo4jOption = Annotated[
    bool,
    typer.Option(
        "--neo4j",
        help="Run on the Neo4j server of NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD instead of "
        "the embedded store.",
    ),
]
