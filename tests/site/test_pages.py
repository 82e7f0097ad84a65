"""The generated files: complete, linked, self-contained, escaped, attributed."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from govgraph.categories import scheme
from govgraph.errors import InputError
from govgraph.queries.canned import StoreRunner
from govgraph.site import MARKER, SiteSummary, build_site
from govgraph.site.data import gather
from govgraph.site.render import bin_of, host, pages
from tests.site.conftest import sample_platforms
from tests.site.htmlcheck import broken_links, is_internal, parse


def test_one_page_per_platform_and_category(built: SiteSummary) -> None:
    out = built.out
    names = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    categories = {f"categories/{c}.html" for c in scheme().categories}
    assert categories <= names
    platform_pages = {n for n in names if n.startswith("platforms/")}
    assert len(platform_pages) == len(sample_platforms()) == built.platforms
    assert names == {"index.html", "about.html"} | categories | platform_pages
    assert built.pages == len(names)
    assert (out / MARKER).is_file()
    assert (out / "assets" / "site.css").is_file() and (out / "assets" / "site.js").is_file()


def test_no_broken_internal_links(built: SiteSummary) -> None:
    assert broken_links(built.out) == []


def test_link_checker_finds_a_broken_link(built: SiteSummary, tmp_path: Path) -> None:
    """The checker itself can fail: a dangling file and a dangling fragment are reported."""
    bad = tmp_path / "index.html"
    bad.write_text(
        '<html lang="en"><a href="nowhere.html">x</a><a href="#missing">y</a>'
        '<a id="here" href="#here">z</a></html>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "index.html: nowhere.html (no file)",
        "index.html: #missing (no id)",
    ]


def test_pages_are_self_contained_and_accessible(built: SiteSummary) -> None:
    for path in built.out.rglob("*.html"):
        page = parse(path)
        name = path.relative_to(built.out).as_posix()
        assert page.lang == "en", name
        assert all(is_internal(r) or r.startswith("data:") for r in page.resources), name
        assert Counter(page.tags)["main"] == 1 and "nav" in page.tags, name
        assert "Skip to content" in page.text, name
        assert "Analysis, not legal advice." in page.text, name
        assert "Open Terms Archive contributors" in page.text and "ODC-BY 1.0" in page.text, name
        assert "curated by Centre for Media, Communication and Information Research" in page.text
        duplicates = [i for i, n in Counter(page.ids).items() if n > 1]
        assert duplicates == [], name


def test_overview_lists_platforms_and_links_cells_to_clauses(built: SiteSummary) -> None:
    index = parse(built.out / "index.html")
    for name in sample_platforms():
        assert name in index.text
    cell_links = [h for h in index.links if h.startswith("categories/") and "#p-" in h]
    assert len(cell_links) == len(sample_platforms()) * len(scheme().categories)


def test_every_clause_shows_its_source_and_date(built: SiteSummary) -> None:
    html = (built.out / "categories" / "ai-output-training-ban.html").read_text("utf-8")
    figures = html.split('<figure class="clause">')[1:]
    assert figures
    for figure in figures:
        caption = figure.split("<figcaption", 1)[1].split("</figcaption>", 1)[0]
        assert "in force since the version recorded <time datetime=" in caption
        assert 'class="src"' in caption or "no source URL recorded" in caption
        assert "Clause <code>c-" in caption


def test_category_page_has_articles_with_official_links(built: SiteSummary) -> None:
    page = parse(built.out / "categories" / "ai-output-training-ban.html")
    assert "AI Act Art. 53" in page.text
    assert any(h.startswith("https://eur-lex.europa.eu/") for h in page.links)
    assert "<svg" in (built.out / "categories" / "ai-output-training-ban.html").read_text("utf-8")
    assert "Events: when platforms' terms under the regime gained or lost" in page.text


def test_everything_is_escaped(runner: StoreRunner) -> None:
    site = gather(runner, "EU", ["ChatGPT"])
    key = next(k for k, v in site.clauses.items() if v)
    evil = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
    site.clauses[key][0] = replace(site.clauses[key][0], text=evil)
    html = "".join(text for _, text in pages(site))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img" in html


def test_build_refuses_a_foreign_folder_and_replaces_its_own(
    runner: StoreRunner, tmp_path: Path
) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not written by govgraph site"):
        build_site(runner, foreign, platforms=["Grok"])
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    out = tmp_path / "site"
    build_site(runner, out, platforms=["Grok", "Vibe"])
    assert (out / "platforms" / "vibe.html").is_file()
    again = build_site(runner, out, platforms=["Grok"])
    assert not (out / "platforms" / "vibe.html").exists()  # stale pages are gone
    assert again.platforms == 1 and again.bytes > 0
    with pytest.raises(InputError):
        build_site(runner, out, platforms=["nobody"])
    assert (out / "platforms" / "grok.html").is_file()  # a failed build changes nothing
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_helpers() -> None:
    assert [bin_of(n).css for n in (0, 1, 2, 3, 4, 7, 8, 100)] == [
        "c0",
        "c1",
        "c2",
        "c2",
        "c3",
        "c3",
        "c4",
        "c4",
    ]
    assert host("https://openai.com/policies/eu-terms-of-use/") == "openai.com/…/eu-terms-of-use"
    assert host("https://x.ai/legal") == "x.ai/legal"


def test_about_names_the_rules_and_models_that_made_the_labels(
    built: SiteSummary, sample_store: Path
) -> None:
    """Each labeller with its count, counted here from the stored methods independently."""
    from govgraph.graph.embedded import EmbeddedStore

    with EmbeddedStore.open(sample_store) as store:
        methods = [m for (m,) in store.query("MATCH ()-[r:CLASSIFIED_AS]->() RETURN r.method").rows]
    rules = sum(1 for m in methods if "rule:" in m)
    linear = sum(1 for m in methods if m.startswith("model:linear-"))
    text = " ".join(parse(built.out / "about.html").text.split())
    assert rules and linear  # the sample exercises both
    assert f"named phrase rules, {rules:,} labels" in text
    linear_name = next(m for m in methods if m.startswith("model:")).split("+")[0][6:]
    assert f"trained on the CLAUDETTE corpus ({linear_name}), {linear:,} labels" in text
    assert "contextual-" not in text  # a default store: no opt-in model is named
