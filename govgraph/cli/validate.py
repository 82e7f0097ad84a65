"""``govgraph validate``: the store's RDF (or an RDF file) against the SHACL shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import StoreOption
from govgraph.errors import InputError


@friendly_errors
def validate(
    file: Annotated[
        Path | None,
        typer.Argument(help="An exported RDF file (.ttl, .nt, .jsonld); default: the store."),
    ] = None,
    store: StoreOption = None,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many problems.")] = 50,
) -> None:
    """Check RDF against govgraph's SHACL shapes; exit 1 when it does not conform.

    Example: govgraph validate

    Example: govgraph export -f ttl -o g.ttl && govgraph validate g.ttl
    """
    import pyoxigraph as ox

    from govgraph.ontology.shapes import validate as shacl_validate

    if file is not None:
        try:
            fmt = ox.RdfFormat.from_extension(file.suffix.lstrip(".")) if file.suffix else None
            if fmt is None:
                raise InputError(f"{file}: unknown RDF format (use .ttl, .nt or .jsonld)")
            triples = list(ox.parse(path=str(file), format=fmt))
        except (OSError, SyntaxError, ValueError) as error:
            raise InputError(f"cannot read {file}: {' '.join(str(error).split())}") from None
        report = shacl_validate(triples)
    else:
        from govgraph.graph.embedded import EmbeddedStore

        with EmbeddedStore.open(store) as embedded:
            report = shacl_validate(
                embedded.rdf_store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            )
    if report.conforms:
        typer.echo("conforms to the govgraph SHACL shapes")
        return
    lines = report.text().splitlines()
    for line in lines[:limit]:
        typer.echo(line)
    if len(lines) > limit:
        typer.echo(f"... and {len(lines) - limit} more")
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
