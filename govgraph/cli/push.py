"""``govgraph push sparql``: the RDF graph to a SPARQL 1.1 Update endpoint."""

from __future__ import annotations

from typing import Annotated

import typer

from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import StoreOption
from govgraph.graph.sparql_push import DEFAULT_GRAPH, SparqlEndpoint, push_sparql


@friendly_errors
def push_sparql_command(
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint", envvar="GOVGRAPH_SPARQL_ENDPOINT", help="SPARQL 1.1 Update URL."
        ),
    ],
    graph: Annotated[
        str, typer.Option("--graph", help="Named graph to replace on the endpoint.")
    ] = DEFAULT_GRAPH,
    user: Annotated[str | None, typer.Option("--user", envvar="GOVGRAPH_SPARQL_USER")] = None,
    password: Annotated[
        str | None,
        typer.Option("--password", envvar="GOVGRAPH_SPARQL_PASSWORD", show_default=False),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Replace a named graph on a SPARQL endpoint with the store's RDF (all or nothing).

    Example: govgraph push sparql --endpoint http://localhost:7878/update
    """
    from govgraph.graph.embedded import EmbeddedStore

    target = SparqlEndpoint(endpoint, user=user, password=password)
    with EmbeddedStore.open(store) as embedded:
        result = push_sparql(embedded, target, graph)
    typer.echo(
        f"pushed {result.triples:,} triples in {result.batches} batches to <{graph}> "
        f"({result.seconds:.1f} s)"
    )


def register(app: typer.Typer) -> None:
    from govgraph.cli.neo4j import push_group

    push_group(app).command("sparql")(push_sparql_command)
