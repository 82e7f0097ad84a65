"""Backends for the contract tests: the same records in every store, the same questions.

``answering`` is parametrized over embedded Cypher, embedded SPARQL and Neo4j; the Neo4j
variant skips without a server on a laptop and fails in CI (tests/neo4j_harness.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from govgraph.graph.base import Capability
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries.canned import StoreRunner
from tests.neo4j_harness import neo4j_server  # noqa: F401
from tests.queries.graph_fixture import records

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


class Neo4jDatasets:
    """One Neo4j database shared by several datasets: reloads when the wanted one is absent.

    Other test modules empty the database too (tests/neo4j_harness.py), so before each
    use the node count and a marker are checked, and the dataset is rewritten if needed.
    """

    def __init__(self, store: object) -> None:
        self.store = store
        self.expected: dict[str, int] = {}

    def use(self, name: str, marker: str, make_records: Callable[[], list]) -> object:
        total = self.store.query("MATCH (n) RETURN count(n) AS n").rows[0][0]
        found = self.store.query(
            "MATCH (s:Source {id: $id}) RETURN count(s) AS n", {"id": marker}
        ).rows[0][0]
        if not found or total != self.expected.get(name):
            self.store.query("MATCH (n) DETACH DELETE n", write=True)
            self.store.write(make_records())
            self.expected[name] = self.store.query("MATCH (n) RETURN count(n) AS n").rows[0][0]
        return self.store


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
