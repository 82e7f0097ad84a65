"""Fixtures for the Neo4j Browser tests: the bundled sample in an embedded store, the same
sample pushed into the Neo4j test server (which serves Neo4j Browser over HTTP), and a
headless Chromium (Debian's ``chromium`` + ``chromium-driver``) through Selenium.

The sample store is built once per session (about 40 s, the loader path of ``govgraph
demo``). Without chromium the real-browser test skips, except in CI (``CI=true``), where it
fails: tools/ci-prepare.sh installs it there. The Neo4j fixtures come from
tests/neo4j_harness.py (skip without Java/Maven, fail in CI).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from govgraph.graph.embedded import EmbeddedStore
from govgraph.ingest import load_source
from govgraph.loaders.dataset import OtaDataset
from govgraph.queries.canned import StoreRunner
from tests.neo4j_harness import Neo4jInfo, neo4j_server  # noqa: F401

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "govgraph" / "data" / "sample" / "genai-eu-sample.zip"
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("GOVGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GOVGRAPH_CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser-store") / "store"
    load_source(OtaDataset(SAMPLE, jurisdiction="EU"), path)
    return path


@pytest.fixture(scope="session")
def runner(sample_store: Path) -> Iterator[StoreRunner]:
    with EmbeddedStore.open(sample_store) as store:
        yield StoreRunner(store)


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


def need_chromium() -> None:
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if shutil.which(path) or Path(path).exists():
            continue
        message = f"{what} not found at {path} (apt-get install chromium chromium-driver)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[object]:
    """A headless Chromium with a fresh profile, driven through chromium-driver."""
    need_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_window_size(1600, 1000)
    try:
        yield driver
    finally:
        driver.quit()
