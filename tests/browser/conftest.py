"""Fixtures for the Neo4j Browser tests: the bundled sample in an embedded store, the same
sample pushed into the Neo4j test server (which serves Neo4j Browser over HTTP), and a
headless Chromium (Debian's ``chromium`` + ``chromium-driver``) through Selenium.

The sample store is built once per session (about 40 s, the loader path of ``govgraph
demo``). Without chromium the real-browser test skips, except in CI (``CI=true``), where it
fails: tools/ci-prepare.sh installs it there. The Neo4j fixtures come from
tests/neo4j_harness.py (skip without Java/Maven, fail in CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govgraph.graph.embedded import EmbeddedStore
from tests.conftest import launch_chromium, need_chromium  # noqa: F401
from tests.neo4j_harness import Neo4jInfo, neo4j_server  # noqa: F401


@pytest.fixture(scope="module")
def pushed(neo4j_server: Neo4jInfo, sample_store: Path) -> Iterator[Neo4jInfo]:  # noqa: F811
    """The Neo4j test server holding exactly the sample (emptied first, full push)."""
    from govgraph.graph.neo4j_push import push
    from govgraph.graph.neo4j_store import Neo4jStore

    target = Neo4jStore.connect(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database
    )
    try:
        target.query("MATCH (n) DETACH DELETE n", write=True)
        with EmbeddedStore.open(sample_store) as source:
            push(source.iter_records(), target, source.path, full=True)
    finally:
        target.close()
    yield neo4j_server


@pytest.fixture
def neo4j_env(pushed: Neo4jInfo, monkeypatch: pytest.MonkeyPatch) -> Neo4jInfo:
    """NEO4J_* variables pointing at the test server (as a user would export them)."""
    monkeypatch.setenv("NEO4J_URI", pushed.uri)
    monkeypatch.setenv("NEO4J_USERNAME", pushed.user)
    monkeypatch.setenv("NEO4J_PASSWORD", pushed.password)
    monkeypatch.setenv("NEO4J_DATABASE", pushed.database)
    return pushed


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[object]:
    """A headless Chromium with a fresh profile, driven through chromium-driver."""
    driver = launch_chromium(tmp_path / "profile", 1600, 1000)
    try:
        yield driver
    finally:
        driver.quit()
