"""``govgraph show``: a document's clauses as of a date, rebuilt from the graph alone."""

from __future__ import annotations

from typing import Annotated

import typer

from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import AsOfOption, FormatOption, JurisdictionOption, StoreOption
from govgraph.cli.output import OutputFormat, render


@friendly_errors
def show(
    platform: Annotated[str, typer.Argument(help="Platform name, e.g. ChatGPT.")],
    terms_type: Annotated[str, typer.Argument(help="Terms type, e.g. 'Terms of Service'.")],
    jurisdiction: JurisdictionOption = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Print a document's clauses, in order, as they stood on a date.

    Example: govgraph show ChatGPT "Terms of Service" --jurisdiction EU --as-of 2026-01-31 -f json
    """
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.queries.documents import clauses_as_of, find_document

    with EmbeddedStore.open(store) as embedded:
        document = find_document(embedded, platform, terms_type, jurisdiction)
        clauses = clauses_as_of(embedded, document, as_of)
    if fmt is OutputFormat.table:
        first = clauses[0] if clauses else None
        if first:
            typer.echo(f"{document.platform} · {document.terms_type} · {document.jurisdiction}")
            typer.echo(
                f"version recorded {first['recorded_at']}  {first['source_url'] or ''}".rstrip()
            )
        columns = ["position", "section", "text", "categories"]
    else:
        columns = [
            "position",
            "clause_id",
            "section",
            "text",
            "categories",
            "version",
            "recorded_at",
            "source_url",
        ]
    typer.echo(render(columns, [[c[k] for k in columns] for c in clauses], fmt))


def register(app: typer.Typer) -> None:
    app.command("show")(show)
