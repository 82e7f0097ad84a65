"""``govgraph cypher`` and ``govgraph sparql``: ad-hoc queries, read-only by default."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import FormatOption, Neo4jOption, StoreOption
from govgraph.cli.output import OutputFormat, render
from govgraph.errors import InputError
from govgraph.graph.base import Capability, QueryResult

ParamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--param", "-p", help="Query parameter NAME=VALUE (VALUE parsed as JSON if it can be)."
    ),
]
WriteOption = Annotated[
    bool,
    typer.Option(
        "--write",
        help="Allow the query to change the graph (off by default). On the embedded store a "
        "Cypher write changes the property graph only, not its RDF copy.",
    ),
]
LimitOption = Annotated[int, typer.Option("--limit", help="Stop after this many rows.")]


def parse_params(items: list[str] | None) -> dict[str, Any]:
    """``-p name=value`` pairs; values that parse as JSON keep their type."""
    params: dict[str, Any] = {}
    for item in items or []:
        name, sep, raw = item.partition("=")
        if not sep or not name.isidentifier():
            raise InputError(f"parameter {item!r} is not NAME=VALUE")
        try:
            params[name] = json.loads(raw)
        except json.JSONDecodeError:
            params[name] = raw
    return params


def read_query(query: str) -> str:
    """A query string, or the contents of a file that holds one."""
    if "\n" in query or len(query) > 4096:
        return query
    candidate = Path(query)
    try:
        is_file = bool(candidate.suffix) and candidate.is_file()
    except OSError:  # e.g. a long query is not a valid file name
        return query
    if not is_file:
        return query
    try:
        return candidate.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the query file {candidate}: {error}") from None


def print_result(result: QueryResult, fmt: OutputFormat) -> None:
    typer.echo(render(result.columns, result.rows, fmt))


@friendly_errors
def cypher(
    query: Annotated[str, typer.Argument(help="A Cypher query, or a file (.cypher) holding one.")],
    param: ParamOption = None,
    write: WriteOption = False,
    limit: LimitOption = 10_000,
    neo4j: Neo4jOption = False,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run a Cypher query on the embedded store (or on Neo4j with --neo4j).

    Example: govgraph cypher "MATCH (p:Platform) RETURN p.name AS platform ORDER BY platform"

    Example: govgraph cypher govgraph/queries/current_clauses.cypher -p 'categories=["arbitration"]' -p 'jurisdictions=["EU"]' -p bound=9999-12-31T23:59:59Z -f json
    """
    text, params = read_query(query), parse_params(param)
    if neo4j:
        from govgraph.graph.neo4j_store import Neo4jStore

        server = Neo4jStore.connect()
        try:
            result = server.query(text, params, write=write)
        finally:
            server.close()
        result.rows = result.rows[:limit]
    else:
        result = _embedded(store, text, params, Capability.CYPHER, write, limit)
    print_result(result, fmt)


@friendly_errors
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or a file (.rq) holding one.")],
    param: ParamOption = None,
    write: WriteOption = False,
    limit: LimitOption = 10_000,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Run a SPARQL query on the embedded store's RDF graph.

    Example: govgraph sparql "PREFIX gg: <https://w3id.org/govgraph/ontology#> SELECT ?name WHERE { ?p a gg:Platform ; gg:name ?name }"

    Parameters are bound as variables: -p regime=EU binds ?regime to the literal "EU".
    """
    result = _embedded(
        store, read_query(query), parse_params(param), Capability.SPARQL, write, limit
    )
    print_result(result, fmt)


def _embedded(
    store: Path | None,
    text: str,
    params: dict[str, Any],
    language: Capability,
    write: bool,
    limit: int,
) -> QueryResult:
    from govgraph.graph.embedded import EmbeddedStore

    if write:
        with EmbeddedStore.open_for_write(store) as txn:
            return txn.query(text, params, language=language, write=True, row_limit=limit)
    with EmbeddedStore.open(store) as embedded:
        return embedded.query(text, params, language=language, row_limit=limit)


def register(app: typer.Typer) -> None:
    app.command("cypher")(cypher)
    app.command("sparql")(sparql)
