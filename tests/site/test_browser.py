"""The sample site in a real browser: headless Chromium opens it from disk (file://),
follows every internal link, reads what the pages show, and finds no console errors."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from govgraph.queries import reports
from govgraph.queries.canned import StoreRunner
from govgraph.site import SiteSummary
from tests.site.conftest import sample_platforms
from tests.site.htmlcheck import broken_links

FULL_SITE = os.environ.get("GOVGRAPH_SITE_DIR")


def _errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def _internal_links(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href]'))"
        ".map(a => a.href).filter(h => h.startsWith('file:'));"
    )


def crawl(driver, start: str) -> tuple[set[str], list[str]]:
    """Open every page reachable from ``start``; the pages seen and every problem found:
    a page that does not render, a console error or warning, a link to a missing id."""
    seen: set[str] = set()
    queue = [start]
    fragments: dict[str, set[str]] = {}
    problems: list[str] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        driver.get(url)
        if not driver.execute_script("return !!document.querySelector('main h1');"):
            problems.append(f"{url}: did not render a page (title {driver.title!r})")
            continue
        problems += [f"{url}: console: {m}" for m in _errors(driver)]
        for link in _internal_links(driver):
            page, fragment = urldefrag(link)
            if fragment:
                fragments.setdefault(page, set()).add(fragment)
            if page not in seen:
                queue.append(page)
    for page, wanted in fragments.items():
        if page not in seen:
            continue  # reported above
        driver.get(page)
        missing = driver.execute_script(
            "return arguments[0].filter(id => !document.getElementById(id));", sorted(wanted)
        )
        problems += [f"{page}#{m}: no such id" for m in missing]
    return seen, problems


def test_every_page_renders_without_console_errors_and_no_link_is_broken(
    browser, built: SiteSummary
) -> None:
    seen, problems = crawl(browser, (built.out / "index.html").resolve().as_uri())
    assert problems == []
    assert len(seen) == built.pages  # every page is reachable from the overview


def test_crawl_reports_broken_pages_links_and_console_errors(browser, tmp_path: Path) -> None:
    """The crawler can fail: a missing page, a missing id and a script error are found."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title><link rel="icon" href="data:,">'
        "</head><body><main><h1>Start</h1>"
        '<a href="gone.html">gone</a> <a href="other.html#nowhere">other</a></main>'
        "<script>undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "other.html").write_text(
        '<!doctype html><html lang="en"><head><title>o</title><link rel="icon" href="data:,">'
        "</head><body><main><h1>Other</h1></main></body></html>",
        encoding="utf-8",
    )
    seen, problems = crawl(browser, (tmp_path / "index.html").as_uri())
    assert len(seen) == 3
    text = "\n".join(problems)
    assert "gone.html: did not render" in text
    assert "undefinedFunction" in text
    assert "other.html#nowhere: no such id" in text


@pytest.mark.skipif(not FULL_SITE, reason="set GOVGRAPH_SITE_DIR to a built site to check it")
def test_a_site_built_elsewhere(browser) -> None:
    """Check any built site (e.g. from the full shared data) the same way, on demand:
    GOVGRAPH_SITE_DIR=/tmp/site .venv/bin/pytest tests/site/test_browser.py -k elsewhere"""
    root = Path(FULL_SITE).resolve()
    assert broken_links(root) == []
    seen, problems = crawl(browser, (root / "index.html").as_uri())
    assert problems == []
    assert len(seen) == len(list(root.rglob("*.html")))


def test_overview_shows_the_sample_platforms(browser, built: SiteSummary) -> None:
    browser.get((built.out / "index.html").resolve().as_uri())
    headers = browser.execute_script(
        "return Array.from(document.querySelectorAll('table.heatmap thead th.platform'))"
        ".map(th => th.textContent.trim());"
    )
    assert headers == sorted(sample_platforms(), key=str.lower)
    text = browser.find_element("tag name", "main").text
    assert f"{len(sample_platforms())} platforms" in text


def test_platform_page_shows_a_known_clause_with_its_source(
    browser, built: SiteSummary, runner: StoreRunner
) -> None:
    row = next(
        r
        for r in reports.compare(runner, "ai-output-training-ban", regime="EU").as_dicts()
        if r["platform"] == "ChatGPT"
    )
    browser.get((built.out / "platforms" / "chatgpt.html").resolve().as_uri())
    main = browser.find_element("tag name", "main").text
    assert " ".join(row["text"].split()) in " ".join(main.split())
    hrefs = browser.execute_script(
        "return Array.from(document.querySelectorAll('a.src')).map(a => a.getAttribute('href'));"
    )
    assert row["source_url"].split()[0] in hrefs


def test_heatmap_arrow_keys_move_between_cells(browser, built: SiteSummary) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get((built.out / "index.html").resolve().as_uri())
    hrefs = browser.execute_script(
        "return Array.from(document.querySelectorAll('table.heatmap td a'))"
        ".map(a => a.getAttribute('href'));"
    )
    width = len(sample_platforms())
    browser.execute_script("document.querySelector('table.heatmap td a').focus();")

    def press(key: str) -> str:
        browser.switch_to.active_element.send_keys(key)
        return browser.execute_script("return document.activeElement.getAttribute('href');")

    assert press(Keys.ARROW_RIGHT) == hrefs[1]
    assert press(Keys.ARROW_DOWN) == hrefs[width + 1]
    assert press(Keys.END) == hrefs[2 * width - 1]
    assert press(Keys.ARROW_UP) == hrefs[width - 1]
    assert press(Keys.HOME) == hrefs[0]
    assert press(Keys.ARROW_LEFT) == hrefs[0]  # no cell to the left: focus stays


@pytest.mark.parametrize(
    "page", ["index.html", "platforms/claude-ai.html", "categories/governing-law.html"]
)
def test_readable_on_a_phone(browser, built: SiteSummary, page: str) -> None:
    """At a phone's width the page itself never scrolls sideways (wide tables scroll inside)."""
    browser.set_window_size(390, 844)
    try:
        browser.get((built.out / page).resolve().as_uri())
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
        assert overflow <= 0, f"{page} is {overflow}px wider than the screen"
    finally:
        browser.set_window_size(1280, 900)
