"""Shared test fixtures: where the shared data lives, and temporary stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO.parent / "shared").resolve()
IN_CI = os.environ.get("CI", "").lower() == "true"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test when it is absent (fails in CI)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"shared data missing in CI: {path}")
        pytest.skip(f"shared data not available: {path}")
    return path


@pytest.fixture
def shared() -> Path:
    return shared_path()


# -- the bundled demo sample, and a headless Chromium (shared by the browser and site tests)

SAMPLE = REPO / "govgraph" / "data" / "sample" / "genai-eu-sample.zip"
CHROMIUM = os.environ.get("GOVGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GOVGRAPH_CHROMEDRIVER", "/usr/bin/chromedriver")


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample loaded once per session (the loader path of ``govgraph demo``)."""
    from govgraph.ingest import load_source
    from govgraph.loaders.dataset import OtaDataset

    path = tmp_path_factory.mktemp("sample-store") / "store"
    load_source(OtaDataset(SAMPLE, jurisdiction="EU"), path)
    return path


@pytest.fixture(scope="session")
def runner(sample_store: Path):
    """Canned queries on the sample store (embedded Cypher)."""
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.queries.canned import StoreRunner

    with EmbeddedStore.open(sample_store) as store:
        yield StoreRunner(store)


def need_chromium() -> None:
    """Skip without Debian's chromium and chromium-driver; fail in CI, which installs them."""
    import shutil

    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if shutil.which(path) or Path(path).exists():
            continue
        message = f"{what} not found at {path} (apt-get install chromium chromium-driver)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def launch_chromium(profile: Path, width: int, height: int):
    """A headless Chromium with a fresh profile, driven through chromium-driver (Selenium)."""
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
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_window_size(width, height)
    return driver


from tests.neo4j_harness import neo4j_server, neo4j_store  # noqa: E402, F401
