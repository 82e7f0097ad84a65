"""The data layer: the site says what the canned reports say, for the regime asked."""

from __future__ import annotations

from typing import Any

import pytest

from govgraph.errors import InputError
from govgraph.queries import reports
from govgraph.queries.canned import StoreRunner
from govgraph.site.data import CachingRunner, gather, split_urls, web_url
from tests.site.conftest import sample_platforms


class CountingRunner:
    """A real runner that counts how often the store is asked."""

    def __init__(self, inner: StoreRunner) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls: list[str] = []

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.calls.append(query)
        return self.inner.run(query, params)


def test_caching_runner_asks_each_question_once_and_returns_copies(runner: StoreRunner) -> None:
    counting = CountingRunner(runner)
    cached = CachingRunner(counting)
    first = cached.run("platform_documents", {})
    first[0]["platform"] = "changed by a caller"
    second = cached.run("platform_documents", {})
    assert counting.calls == ["platform_documents"]
    assert second == runner.run("platform_documents", {})
    cached.run("versions", {"start": reports.BEGINNING, "bound": "2026-01-01T00:00:00Z"})
    cached.run("versions", {"bound": "2026-01-01T00:00:00Z", "start": reports.BEGINNING})
    assert counting.calls.count("versions") == 1


@pytest.fixture(scope="module")
def site(runner: StoreRunner):
    return gather(runner, "EU")


def test_platforms_are_the_samples(site) -> None:
    assert sorted(p.name for p in site.platforms) == sample_platforms()
    assert all(p.documents and not p.other_documents for p in site.platforms)


def test_profile_agrees_with_platform_profile_report(site, runner: StoreRunner) -> None:
    """Every sample document applies in the EU, so the regime view equals the whole profile."""
    for p in site.platforms:
        profile = reports.platform_profile(runner, p.name).as_dicts()
        expected = {r["category"]: r["clauses"] for r in profile}
        shown = {c.id: site.cells[(p.name, c.id)].clauses for c in site.categories}
        assert shown == expected, p.name


def test_cells_count_the_clauses_shown(site) -> None:
    for (platform, category), cell in site.cells.items():
        shown = site.clauses.get((platform, category), [])
        assert len({(c.document, c.clause_id) for c in shown}) == cell.clauses
        for c in shown:
            assert category in c.categories
            assert c.since >= (cell.since or "")
            assert c.version.startswith(c.document + "@")


def test_events_and_articles_come_from_the_reports(site, runner: StoreRunner) -> None:
    for category in ("ai-output-training-ban", "governing-law"):
        timeline = reports.timeline(runner, category).as_dicts()
        assert [(e.at, e.platform, e.event) for e in site.events[category]] == [
            (r["at"], r["platform"], r["event"]) for r in timeline
        ]
        mapped = reports.regulations(runner, category, "EU").as_dicts()
        assert [(a.regulation, a.article) for a in site.articles[category]] == [
            (r["regulation"], r["article"]) for r in mapped
        ]


def test_changes_carry_the_old_wording_of_edits(site) -> None:
    edits = [c for items in site.changes.values() for c in items if c.change == "modified"]
    assert edits, "the sample has edited clauses"
    for c in edits:
        assert c.old_text and c.old_text != c.text
    for items in site.changes.values():
        assert all(c.recorded_at[:10] >= site.changes_since for c in items)
        times = [c.recorded_at for c in items]
        assert times == sorted(times, reverse=True)


def test_platform_filter_and_errors(runner: StoreRunner) -> None:
    two = gather(runner, "EU", ["chatgpt", "Le Chat"])
    assert [p.name for p in two.platforms] == ["ChatGPT", "Le Chat"]
    assert {p for p, _ in two.cells} == {"ChatGPT", "Le Chat"}
    with pytest.raises(InputError, match="unknown platform 'Nope'"):
        gather(runner, "EU", ["Nope"])
    with pytest.raises(InputError, match="no documents under the US regime"):
        gather(runner, "US")
    with pytest.raises(InputError, match="--as-of"):
        gather(runner, "EU", as_of="2026-02-30")


def test_as_of_hides_later_clauses(runner: StoreRunner, site) -> None:
    early = gather(runner, "EU", as_of=site.span[0][:10])
    later = sum(c.clauses for c in site.cells.values())
    assert sum(c.clauses for c in early.cells.values()) < later
    for shown in early.clauses.values():
        assert all(c.since[:10] <= site.span[0][:10] for c in shown)


def test_only_web_links_are_kept() -> None:
    assert split_urls("https://a.example/x https://b.example/y") == [
        "https://a.example/x",
        "https://b.example/y",
    ]
    assert split_urls(None) == []
    assert split_urls("javascript:alert(1) file:///etc/passwd") == []
    assert web_url("https://eur-lex.europa.eu/x") == "https://eur-lex.europa.eu/x"
    assert web_url("javascript:alert(1)") is None and web_url(None) is None
