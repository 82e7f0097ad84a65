"""pytest fixtures for a real Neo4j 5 LTS server (tools/neo4j-server), started once per session.

Without Java or Maven (a developer's laptop) the Neo4j tests skip with the reason; with
``CI=true`` a server that cannot start is a failure, never a skip. Use::

    from tests.neo4j_harness import neo4j_server, neo4j_store  # noqa: F401

in a conftest.py, then ask for ``neo4j_store`` (a connected store on an empty database).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from govgraph import devserver
from govgraph.errors import GovgraphError

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_PASSWORD = "govgraph-test-pw-4711"


@dataclass(frozen=True)
class Neo4jInfo:
    """Where the test server listens."""

    uri: str
    user: str
    password: str
    database: str
    http_url: str | None
    server: devserver.DevServer


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"Neo4j test server unavailable in CI: {reason}")
    pytest.skip(f"Neo4j test server unavailable: {reason}")


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jInfo]:
    """A Neo4j community server on free loopback ports, with auth and a temp data dir."""
    reason = devserver.missing_requirements()
    if reason:
        _unavailable(reason)
    try:
        server = devserver.start(password=TEST_PASSWORD)
    except GovgraphError as error:
        _unavailable(str(error))
    try:
        yield Neo4jInfo(
            uri=server.uri,
            user=server.user,
            password=TEST_PASSWORD,
            database=server.database,
            http_url=server.http_url,
            server=server,
        )
    finally:
        server.stop(graceful=False)  # the data is thrown away anyway


@pytest.fixture
def neo4j_store(neo4j_server: Neo4jInfo) -> Iterator[object]:
    """A connected Neo4jStore on an emptied database (constraints may stay)."""
    from govgraph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database
    )
    _empty(store)
    try:
        yield store
    finally:
        store.close()


def _empty(store: object) -> None:
    from govgraph.graph.neo4j_store import Neo4jStore

    assert isinstance(store, Neo4jStore)
    store.query("MATCH (n) DETACH DELETE n", write=True)
