"""Neo4j Browser for real: headless Chromium opens the Browser the Neo4j test server serves,
connects, loads the govgraph guide and style from the guide server, runs the flagship query
from the guide and checks what the page shows. The screenshot goes to a temporary
directory, or, with GOVGRAPH_UPDATE_DOCS_IMAGES=1, to docs/img (the picture the README and
docs/browser.md show), so that an ordinary test run leaves the checkout unchanged.

Also runs every query of the guide on the server (what Browser would send) and checks it
answers with rows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from govgraph.browser.guide import render_guide, slides
from govgraph.browser.guide_data import GuideData, guide_data
from govgraph.browser.serve import GuideServer
from govgraph.browser.style import grass_text, parse_grass
from govgraph.categories import scheme
from govgraph.graph.neo4j_store import Neo4jStore
from govgraph.queries.canned import StoreRunner
from tests.neo4j_harness import Neo4jInfo

pytestmark = pytest.mark.integration

DOCS_SCREENSHOT = (
    Path(__file__).resolve().parents[2] / "docs" / "img" / "neo4j-browser-flagship.png"
)
WAIT_S = 60


@pytest.fixture(scope="module")
def server_data(pushed: Neo4jInfo) -> Iterator[tuple[Neo4jStore, GuideData]]:
    store = Neo4jStore.connect(pushed.uri, pushed.user, pushed.password, pushed.database)
    try:
        yield store, guide_data(StoreRunner(store))
    finally:
        store.close()


def test_every_guide_query_answers_on_neo4j(
    server_data: tuple[Neo4jStore, GuideData], runner: StoreRunner
) -> None:
    store, data = server_data
    assert data == guide_data(runner)  # the server holds what the embedded store holds
    for slide in slides(data):
        for runnable in slide.runnables:
            result = store.query(runnable.query(), runnable.params)
            assert result.rows, (slide.heading, runnable.query()[:60])
    flagship = slides(data)[1].runnables[1]
    rows = store.query(flagship.query(), flagship.params).as_dicts()
    assert sorted({r["platform"] for r in rows}, key=str.lower) == data.restricting


def _wait(driver: object, condition: object, what: str) -> object:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, WAIT_S).until(condition)
    except TimeoutException:
        body = driver.find_element("tag name", "body").text[-800:]  # type: ignore[attr-defined]
        raise AssertionError(f"Neo4j Browser never showed {what}; page ends with: {body}") from None


def _visible(driver: object, css: str) -> list:
    return [e for e in driver.find_elements("css selector", css) if e.is_displayed()]  # type: ignore[attr-defined]


def _run_editor(driver: object, text: str | None = None) -> None:
    """Type ``text`` (if any) into Browser's editor, then run it with Ctrl+Enter."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.find_element("css selector", ".monaco-editor").click()  # type: ignore[attr-defined]
    actions = ActionChains(driver)
    if text:
        actions.send_keys(text)
    actions.key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()


def _node_captions(driver: object) -> dict[str, str]:
    """Caption -> fill colour of every node drawn in the graph view."""
    out = {}
    for node in driver.find_elements("css selector", "svg g.node"):  # type: ignore[attr-defined]
        caption = " ".join(t.text.strip() for t in node.find_elements("css selector", "text"))
        fill = node.find_element("css selector", "circle.b-outline").get_attribute("fill")
        out[caption.strip()] = fill
    return out


def test_flagship_in_neo4j_browser(
    pushed: Neo4jInfo,
    server_data: tuple[Neo4jStore, GuideData],
    chromium: object,
    tmp_path: Path,
) -> None:
    _, data = server_data
    screenshot = tmp_path / DOCS_SCREENSHOT.name
    if os.environ.get("GOVGRAPH_UPDATE_DOCS_IMAGES") == "1":
        screenshot = DOCS_SCREENSHOT
    driver = chromium
    guide_server = GuideServer().start()
    try:
        guide_server.publish(render_guide(data, guide_server.style_url), grass_text())
        started = time.monotonic()
        driver.get(f"{pushed.http_url}/browser/")  # type: ignore[attr-defined]

        # Connect with the form, as a person would.
        _wait(driver, lambda d: _visible(d, "[data-testid=boltaddress]"), "the connect form")
        address = _visible(driver, "[data-testid=boltaddress]")[0]
        address.clear()
        address.send_keys(pushed.uri)
        driver.find_element("css selector", "[data-testid=username]").send_keys(pushed.user)  # type: ignore[attr-defined]
        driver.find_element("css selector", "[data-testid=password]").send_keys(pushed.password)  # type: ignore[attr-defined]
        driver.find_element("css selector", "[data-testid=connect]").click()  # type: ignore[attr-defined]
        _wait(
            driver,
            lambda d: "You are connected" in d.find_element("tag name", "body").text,
            "a connection",
        )

        # The guide, from the guide server; its first slide applies the style.
        _run_editor(driver, f":guide {guide_server.guide_url}")
        _wait(driver, lambda d: _visible(d, "pre.style"), "the guide's first slide")
        _visible(driver, "pre.style")[0].click()
        _wait(
            driver,
            lambda d: "node.Platform" in d.find_element("tag name", "body").text,
            "the style",
        )
        for close in _visible(driver, "[data-testid=dismissBanner], .banner-close"):
            close.click()

        # Slide 2: the flagship. First the canned table query.
        driver.find_element("css selector", "[data-testid=pagination-2]").click()  # type: ignore[attr-defined]
        _wait(driver, lambda d: len(_visible(d, "pre.params")) == 2, "the flagship slide")
        _visible(driver, "pre.params")[1].click()
        _visible(driver, "pre.runnable")[1].click()
        _run_editor(driver)
        first_clause = data.clause_text[:40]
        _wait(
            driver,
            lambda d: first_clause in d.find_element("tag name", "body").text,
            f"the flagship table with {first_clause!r}",
        )
        page = driver.find_element("tag name", "body").text  # type: ignore[attr-defined]
        for platform in data.restricting:
            assert platform in page

        # Then the same question as a styled graph.
        _visible(driver, "pre.params")[0].click()
        _visible(driver, "pre.runnable")[0].click()
        _run_editor(driver)
        _wait(driver, lambda d: len(_node_captions(d)) > len(data.restricting), "the graph")
        time.sleep(3)  # let the force layout settle for the screenshot
        captions = _node_captions(driver)
        rules = parse_grass(grass_text())
        platform_fill = rules["node.Platform"]["color"].lower()
        shown_platforms = sorted(
            (c for c, fill in captions.items() if fill.lower() == platform_fill), key=str.lower
        )
        assert shown_platforms == data.restricting
        category_fill = rules["node.Category"]["color"].lower()
        labels = {scheme().categories[c].label for c in data.training_categories}
        shown_categories = {c for c, fill in captions.items() if fill.lower() == category_fill}
        assert all(any(c.startswith(label[:12]) for c in shown_categories) for label in labels)
        # The picture for the docs: the graph frame full screen, zoomed to fit.
        _visible(driver, "button[title=Fullscreen]")[0].click()
        time.sleep(1)
        _visible(driver, "[aria-label=zoom-to-fit]")[0].click()
        time.sleep(2)
        assert set(_node_captions(driver)) == set(captions)  # the same graph, larger
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        assert driver.save_screenshot(str(screenshot))  # type: ignore[attr-defined]
        assert screenshot.stat().st_size > 50_000
        assert time.monotonic() - started < 150
    finally:
        guide_server.stop()
