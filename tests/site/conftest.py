"""Fixtures for the site tests: the bundled sample in a store, a site built from it, and a
headless Chromium (Debian's ``chromium`` + ``chromium-driver``) to open it.

The sample store is built once per session (about 30 s): the same loader path as
``govgraph demo``. A missing Chromium skips the browser tests, except in CI (``CI=true``),
where it fails them: tools/ci-prepare.sh installs it there.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from govgraph.graph.embedded import EmbeddedStore
from govgraph.ingest import load_source
from govgraph.loaders.dataset import OtaDataset
from govgraph.queries.canned import StoreRunner
from govgraph.site import SiteSummary, build_site

SAMPLE = (
    Path(__file__).resolve().parents[2] / "govgraph" / "data" / "sample" / "genai-eu-sample.zip"
)
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("GOVGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GOVGRAPH_CHROMEDRIVER", "/usr/bin/chromedriver")


def sample_platforms() -> list[str]:
    """The services of the sample, read from the zip itself (``<Service>/<Type>/<time>.md``)."""
    with zipfile.ZipFile(SAMPLE) as archive:
        return sorted({n.split("/")[0] for n in archive.namelist() if n.count("/") == 2})


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("site-store") / "store"
    load_source(OtaDataset(SAMPLE, jurisdiction="EU"), path)
    return path


@pytest.fixture(scope="session")
def runner(sample_store: Path) -> Iterator[StoreRunner]:
    with EmbeddedStore.open(sample_store) as store:
        yield StoreRunner(store)


@pytest.fixture(scope="session")
def built(runner: StoreRunner, tmp_path_factory: pytest.TempPathFactory) -> SiteSummary:
    """The whole sample site, EU regime, built once."""
    return build_site(runner, tmp_path_factory.mktemp("site") / "out", regime="EU")


def _need(path: str, what: str) -> None:
    if shutil.which(path) or Path(path).exists():
        return
    message = f"{what} not found at {path} (apt-get install chromium chromium-driver)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A headless Chromium driven through chromium-driver, with the browser log enabled."""
    _need(CHROMIUM, "chromium")
    _need(CHROMEDRIVER, "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
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
    driver.set_window_size(1280, 900)
    try:
        yield driver
    finally:
        driver.quit()
