"""``govgraph export``: the graph as Turtle, N-Triples, JSON-LD or GraphML."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import StoreOption
from govgraph.errors import InputError
from govgraph.graph.export import ExportFormat, export


@friendly_errors
def export_command(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="ttl, nt, jsonld (RDF) or graphml.")
    ] = ExportFormat.ttl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write [default: stdout].")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Export the whole graph: RDF under the govgraph ontology, or GraphML for Gephi.

    Example: govgraph export --format ttl -o govgraph.ttl

    Example: govgraph export --format graphml -o govgraph.graphml
    """
    from govgraph.graph.embedded import EmbeddedStore

    with EmbeddedStore.open(store) as embedded:
        if output is None:
            export(embedded, fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        directory = output.resolve().parent
        if not directory.is_dir():
            raise InputError(f"cannot write {output}: {directory} is not a directory")
        # Write next to the target and rename, so a failed export leaves no partial file.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".govgraph-export-")
        try:
            with os.fdopen(handle, "wb") as stream:
                export(embedded, fmt, stream)
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    typer.echo(f"wrote {output} ({output.stat().st_size:,} bytes)", err=True)


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
