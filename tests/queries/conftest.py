"""Backends for the contract tests: the same records in every store, the same questions.

``answering`` is parametrized over embedded Cypher, embedded SPARQL and Neo4j; the Neo4j
variant skips without a server on a laptop and fails in CI (tests/neo4j_harness.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govgraph.graph.base import Capability
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries.canned import StoreRunner
from tests.neo4j_harness import neo4j_server  # noqa: F401
from tests.queries.graph_fixture import records
from tests.queries.neo4j_data import Neo4jDatasets

BACKENDS = ["embedded-cypher", "embedded-sparql", "neo4j"]


@pytest.fixture(scope="session")
def fixture_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("queries") / "store"
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write(records())
    return path


@pytest.fixture(scope="session")
def embedded(fixture_store_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore.open(fixture_store_path)
    yield store
    store.close()


@pytest.fixture(scope="session")
def neo4j_datasets(neo4j_server) -> Iterator[Neo4jDatasets]:  # noqa: F811
    from govgraph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database
    )
    yield Neo4jDatasets(store)
    store.close()


@pytest.fixture
def neo4j_fixture_store(neo4j_datasets: Neo4jDatasets) -> object:
    """The fixture records in the Neo4j database."""
    return neo4j_datasets.use("fixture", "src-test", records)


@pytest.fixture(params=BACKENDS)
def answering(request: pytest.FixtureRequest, embedded: EmbeddedStore) -> StoreRunner:
    """A runner over the fixture graph, on each backend in turn."""
    if request.param == "embedded-cypher":
        return StoreRunner(embedded, Capability.CYPHER)
    if request.param == "embedded-sparql":
        return StoreRunner(embedded, Capability.SPARQL)
    return StoreRunner(request.getfixturevalue("neo4j_fixture_store"), Capability.CYPHER)


@pytest.fixture
def cypher(embedded: EmbeddedStore) -> StoreRunner:
    """The reference backend the others are compared with."""
    return StoreRunner(embedded, Capability.CYPHER)
