"""``govgraph site OUT_DIR``: write the browsable static HTML report of the store.

A thin layer over ``govgraph.site.build_site``: it opens the embedded store (or Neo4j),
builds the pages for one regime and says where they are and how big the site is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import AsOfOption, Neo4jOption, StoreOption


@friendly_errors
def site_command(
    out_dir: Annotated[
        Path,
        typer.Argument(
            help="Folder to write the site into: new, empty, or an earlier govgraph site "
            "(which is replaced).",
            show_default=False,
        ),
    ],
    regime: Annotated[
        str,
        typer.Option("--regime", help="Jurisdiction whose regime the site shows, e.g. EU, US, DE."),
    ] = "EU",
    platforms: Annotated[
        list[str] | None,
        typer.Option(
            "--platforms",
            "--platform",
            help="Only these platforms; repeat the option or separate names with commas.",
        ),
    ] = None,
    as_of: AsOfOption = None,
    changes_since: Annotated[
        str | None,
        typer.Option(
            "--changes-since",
            help="Platform pages list changes recorded since this date "
            "(default: one year before the as-of day or the last record).",
            show_default=False,
        ),
    ] = None,
    store: StoreOption = None,
    neo4j: Neo4jOption = False,
) -> None:
    """Write a static, self-contained HTML site: a platform x category coverage heatmap,
    one page per platform (profile, documents, recent changes with word-level diffs), one
    page per category (every platform's clauses side by side, the mapped articles, a
    timeline), the sources and the disclaimer. Open OUT_DIR/index.html in a browser; no
    server or network is needed.

    Example: govgraph site ./site --regime EU --platforms "ChatGPT,Claude.ai"

    Analysis, not legal advice.
    """
    from govgraph.cli.report import open_runner
    from govgraph.site import build_site

    with open_runner(store, neo4j, False) as runner:
        summary = build_site(
            runner,
            out_dir,
            regime=regime,
            platforms=platforms,
            as_of=as_of,
            changes_since=changes_since,
        )
    typer.echo(
        f"Wrote {summary.pages} pages ({summary.files} files, {summary.bytes / 1e6:.1f} MB) "
        f"for {summary.platforms} platforms under the {summary.regime} regime in "
        f"{summary.seconds:.1f} s: open {summary.out / 'index.html'}"
    )


def register(app: typer.Typer) -> None:
    app.command("site")(site_command)
