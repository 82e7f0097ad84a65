"""``govgraph report NAME``: the canned questions, one sub-command each.

The commands are thin: they pick the backend (embedded Cypher by default, ``--sparql`` for
the same questions in SPARQL on the embedded RDF graph, ``--neo4j`` for a server), call
``govgraph.queries.reports`` and print the result in the chosen format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import AsOfOption, FormatOption, Neo4jOption, StoreOption
from govgraph.cli.output import OutputFormat
from govgraph.errors import InputError
from govgraph.graph.base import Capability
from govgraph.queries import reports
from govgraph.queries.canned import Runner, StoreRunner

report_app = typer.Typer(
    help=(
        "Canned questions answered from the graph, each traceable to the words of a dated "
        "version of a document. Analysis, not legal advice.\n\n"
        "Example: govgraph report training-restrictions --regime EU"
    ),
    no_args_is_help=True,
)

SparqlOption = Annotated[
    bool,
    typer.Option(
        "--sparql",
        help="Answer with the SPARQL queries on the embedded store's RDF graph (same rows).",
    ),
]
RegimeRequired = Annotated[
    str,
    typer.Option("--regime", help="Jurisdiction whose regime applies, e.g. EU, DE, US, US-CA."),
]
RegimeOptional = Annotated[
    str | None,
    typer.Option("--regime", help="Only documents under this regime, e.g. EU, DE, US."),
]
CategoryRequired = Annotated[
    str,
    typer.Option(
        "--category",
        "-c",
        help="Category id or group id, e.g. provider-trains-on-user-content "
        "or ai-training-restriction.",
    ),
]
PlatformsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--platform",
        "--platforms",
        help="Platform name(s); repeat the option or separate with commas.",
    ),
]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="Only versions recorded on or after this date.")
]


@contextmanager
def open_runner(store: Path | None, neo4j: bool, sparql: bool) -> Iterator[Runner]:
    """The backend the options choose, closed afterwards."""
    if neo4j and sparql:
        raise InputError("--neo4j and --sparql exclude each other (Neo4j answers Cypher)")
    if neo4j:
        from govgraph.graph.neo4j_store import Neo4jStore

        server = Neo4jStore.connect()
        try:
            yield StoreRunner(server, Capability.CYPHER)
        finally:
            server.close()
        return
    from govgraph.graph.embedded import EmbeddedStore

    with EmbeddedStore.open(store) as embedded:
        yield StoreRunner(embedded, Capability.SPARQL if sparql else Capability.CYPHER)


def _print(
    build: Callable[[Runner], reports.Report],
    store: Path | None,
    neo4j: bool,
    sparql: bool,
    fmt: OutputFormat,
) -> None:
    with open_runner(store, neo4j, sparql) as runner:
        result = build(runner)
    typer.echo(result.render(fmt))


@report_app.command("training-restrictions")
@friendly_errors
def training_restrictions(
    regime: RegimeRequired = "EU",
    as_of: AsOfOption = None,
    include_absent: Annotated[
        bool,
        typer.Option(
            "--all", help="Also list platforms under the regime with no such clause found."
        ),
    ] = False,
    store: StoreOption = None,
    neo4j: Neo4jOption = False,
    sparql: SparqlOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Platforms whose terms under a regime restrict using the service or its outputs to
    develop or train AI models: clause, document, in force since, source URL, and the
    regime's articles mapped to the category.

    Example: govgraph report training-restrictions --regime EU --as-of 2026-06-30 -f json
    """
    _print(
        lambda r: reports.training_restrictions(r, regime, as_of, include_absent=include_absent),
        store,
        neo4j,
        sparql,
        fmt,
    )


@report_app.command("compare")
@friendly_errors
def compare(
    category: CategoryRequired,
    platforms: PlatformsOption = None,
    regime: RegimeOptional = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    neo4j: Neo4jOption = False,
    sparql: SparqlOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """How each platform handles one category, side by side: its current clauses, or an
    explicit "no such clause found" row.

    Example: govgraph report compare --category provider-trains-on-user-content --regime EU
    """
    _print(
        lambda r: reports.compare(r, category, platforms, regime, as_of), store, neo4j, sparql, fmt
    )


@report_app.command("similar")
@friendly_errors
def similar(
    clause: Annotated[
        str | None, typer.Option("--clause", help="A clause id (see -f json of any report).")
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="A clause text of your own to compare.")
    ] = None,
    category: Annotated[
        str | None,
        typer.Option(
            "--category",
            "-c",
            help="Compare within this category (default: the clause's own categories).",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many clauses to show.")] = 10,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    neo4j: Neo4jOption = False,
    sparql: SparqlOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """How other platforms handle this: the most similar current clauses of other platforms
    in the same category, ranked by TF-IDF cosine similarity of their words.

    Example: govgraph report similar --text "You may not use Output to train competing models."
    """
    if limit < 1:
        raise InputError(f"--limit {limit} must be at least 1")
    _print(
        lambda r: reports.similar(r, clause, text, category, as_of, limit),
        store,
        neo4j,
        sparql,
        fmt,
    )


@report_app.command("platform")
@friendly_errors
def platform(
    name: Annotated[str, typer.Argument(help="Platform name, e.g. ChatGPT.")],
    as_of: AsOfOption = None,
    store: StoreOption = None,
    neo4j: Neo4jOption = False,
    sparql: SparqlOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """A platform's provision profile: for each category, whether its terms have it, since
    when, and the clause; then its documents and the regimes they fall under.

    Example: govgraph report platform ChatGPT --as-of 2026-07-01
    """
    _print(lambda r: reports.platform_profile(r, name, as_of), store, neo4j, sparql, fmt)


@report_app.command("changes")
@friendly_errors
def changes(
    platforms: PlatformsOption = None,
    since: SinceOption = None,
    category: Annotated[
        str | None,
        typer.Option("--category", "-c", help="Only changes touching this category or group."),
    ] = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    neo4j: Neo4jOption = False,
    sparql: SparqlOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Clauses added, removed and modified per version, with the categories they touch and
    a word-level diff ([-old-]{+new+}) for modifications. Technical re-records excluded.

    Example: govgraph report changes --platform Claude.ai --since 2026-06-01
    """
    _print(
        lambda r: reports.changes(r, platforms, since, category, as_of),
        store,
        neo4j,
        sparql,
        fmt,
    )


@report_app.command("timeline")
@friendly_errors
def timeline(
    category: CategoryRequired,
    platforms: PlatformsOption = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    neo4j: Neo4jOption = False,
    sparql: SparqlOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """When each platform's terms gained or lost a category, as dated events.

    Example: govgraph report timeline --category ai-output-training-ban
    """
    _print(lambda r: reports.timeline(r, category, platforms, as_of), store, neo4j, sparql, fmt)


@report_app.command("coverage")
@friendly_errors
def coverage(
    regime: RegimeRequired = "EU",
    as_of: AsOfOption = None,
    store: StoreOption = None,
    neo4j: Neo4jOption = False,
    sparql: SparqlOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """A category x platform matrix: how many clauses in force of each category each
    platform's terms under the regime have ("-" for none). json and csv give one row per
    platform and category.

    Example: govgraph report coverage --regime EU -f md
    """
    _print(lambda r: reports.coverage(r, regime, as_of), store, neo4j, sparql, fmt)


@report_app.command("regulations")
@friendly_errors
def regulations(
    category: CategoryRequired,
    regime: RegimeRequired = "EU",
    as_of: AsOfOption = None,
    store: StoreOption = None,
    neo4j: Neo4jOption = False,
    sparql: SparqlOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """The articles in force in a regime mapped to a category, with kinds and rationales,
    and the platforms whose current clauses fall under it.

    Example: govgraph report regulations --category provider-trains-on-user-content --regime EU
    """
    _print(lambda r: reports.regulations(r, category, regime, as_of), store, neo4j, sparql, fmt)


@report_app.command("stats")
@friendly_errors
def stats(
    store: StoreOption = None,
    neo4j: Neo4jOption = False,
    sparql: SparqlOption = False,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Counts of every kind of node and relationship, and the sources loaded with their
    dates.

    Example: govgraph report stats -f json
    """
    _print(reports.stats, store, neo4j, sparql, fmt)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
