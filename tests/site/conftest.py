"""Fixtures for the site tests: the bundled sample in a store, a site built from it, and a
headless Chromium (Debian's ``chromium`` + ``chromium-driver``) to open it.

The sample store is built once per session (about 30 s): the same loader path as
``govgraph demo``. A missing Chromium skips the browser tests, except in CI (``CI=true``),
where it fails them: tools/ci-prepare.sh installs it there.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

import pytest

from govgraph.queries.canned import StoreRunner
from govgraph.site import SiteSummary, build_site
from tests.conftest import SAMPLE, launch_chromium


def sample_platforms() -> list[str]:
    """The services of the sample, read from the zip itself (``<Service>/<Type>/<time>.md``)."""
    with zipfile.ZipFile(SAMPLE) as archive:
        return sorted({n.split("/")[0] for n in archive.namelist() if n.count("/") == 2})


@pytest.fixture(scope="session")
def built(runner: StoreRunner, tmp_path_factory: pytest.TempPathFactory) -> SiteSummary:
    """The whole sample site, EU regime, built once."""
    return build_site(runner, tmp_path_factory.mktemp("site") / "out", regime="EU")


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A headless Chromium driven through chromium-driver, with the browser log enabled."""
    driver = launch_chromium(tmp_path_factory.mktemp("chromium-profile"), 1280, 900)
    try:
        yield driver
    finally:
        driver.quit()
