"""``govgraph check``: verify a store's invariants and name what breaks them.

Exit code 0 when every check passes, 1 when any fails (so cron jobs and CI can gate on
it); the offending ids are listed, a few per check (``--show``), all of them with
``--format json --show 0``.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import FormatOption, StoreOption
from govgraph.cli.output import OutputFormat, render


@friendly_errors
def check(
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
    shacl: Annotated[
        bool,
        typer.Option(
            "--shacl/--no-shacl",
            help="Validate the RDF against the SHACL shapes (slow on big stores).",
        ),
    ] = True,
    show: Annotated[
        int,
        typer.Option("--show", min=0, help="Offending ids to list per check (0: all of them)."),
    ] = 10,
) -> None:
    """Check a store: intervals well formed and not overlapping, every clause reachable
    from a version, Cypher and RDF counts equal, SHACL shapes conform. Exit 1 if not.

    Example: govgraph check --store ./store --no-shacl

    Example: govgraph check -f json --show 0 > problems.json
    """
    from govgraph.check import check_store
    from govgraph.graph.embedded import EmbeddedStore

    with EmbeddedStore.open(store) as embedded:
        report = check_store(embedded, shacl=shacl)
    limit = show or None
    rows = [r.as_dict(limit) for r in report.results]
    if fmt is OutputFormat.json:
        typer.echo(json.dumps({"ok": report.ok, "checks": rows}, ensure_ascii=False, indent=2))
    else:
        columns = ["check", "status", "checked", "problems", "ids"]
        table = [
            [
                r["check"],
                r["status"],
                r["checked"],
                r["problems"],
                "; ".join(r["ids"]) + (" ..." if len(r["ids"]) < r["problems"] else ""),
            ]
            for r in rows
        ]
        typer.echo(render(columns, table, fmt))
        if fmt is OutputFormat.table:
            failed = len(report.failed())
            typer.echo("all checks pass" if report.ok else f"{failed} check(s) failed")
    if not report.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
