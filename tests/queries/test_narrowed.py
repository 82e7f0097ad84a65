"""The narrowed questions (of given documents or clauses) give exactly the rows of the
whole-store question for those documents or clauses, on every backend.

Why: the reports ask the narrowed ones for speed (a platform's documents rather than the
whole store), and must give the same answers as before.
"""

from __future__ import annotations

import pytest

from govgraph.queries.timeutil import FAR_FUTURE
from tests.queries.graph_fixture import ALPHA, DELTA, GAMMA

ALL_TIME = {"start": "0000-01-01T00:00:00Z", "bound": FAR_FUTURE}
CATEGORIES = [
    "provider-trains-on-user-content",
    "minimum-age",
    "ai-output-training-ban",
    "ai-content-training-ban",
]
BOUNDS = ["2025-03-05T00:00:00Z", "2025-05-01T00:00:00Z", FAR_FUTURE]
WINDOWS = [ALL_TIME, {"start": "2025-03-01T00:00:00Z", "bound": "2025-06-01T00:00:00Z"}]


def _key(row: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items()))


def _same(got: list[dict], expected: list[dict]) -> None:
    assert sorted(map(_key, got)) == sorted(map(_key, expected))


@pytest.mark.parametrize("bound", BOUNDS)
def test_document_clauses_are_current_clauses_of_those_documents(answering, bound):
    documents = [ALPHA, GAMMA]
    everything = answering.run(
        "current_clauses",
        {"categories": CATEGORIES, "jurisdictions": ["EU", "DE", "US"], "bound": bound},
    )
    got = answering.run(
        "document_clauses", {"documents": documents, "categories": CATEGORIES, "bound": bound}
    )
    _same(got, [r for r in everything if r["document"] in documents])
    if bound == FAR_FUTURE:
        assert {r["document"] for r in got} == set(documents)


@pytest.mark.parametrize("window", WINDOWS)
def test_document_versions_are_versions_of_those_documents(answering, window):
    documents = [ALPHA, DELTA]
    everything = answering.run("versions", window)
    got = answering.run("document_versions", {"documents": documents, **window})
    _same(got, [r for r in everything if r["document"] in documents])
    assert got and len(got) < len(everything)


@pytest.mark.parametrize("window", WINDOWS)
def test_document_interval_changes_are_interval_changes_of_those_documents(answering, window):
    documents = [ALPHA, DELTA]  # Beta changed in both windows too
    everything = answering.run("interval_changes", window)
    got = answering.run("document_interval_changes", {"documents": documents, **window})
    _same(got, [r for r in everything if r["document"] in documents])
    assert got and len(got) < len(everything)


@pytest.mark.parametrize("window", WINDOWS)
def test_clause_supersessions_are_supersessions_of_those_clauses(answering, window):
    everything = answering.run("supersessions", window)
    assert everything, "the fixture has an edit: the test would prove nothing"
    clauses = ["c-a-ban-new", "c-a-train"]
    got = answering.run("clause_supersessions", {"clauses": clauses, **window})
    _same(got, [r for r in everything if r["new_clause"] in clauses])
    assert answering.run("clause_supersessions", {"clauses": ["c-a-ban-old"], **window}) == []


@pytest.mark.parametrize("bound", BOUNDS)
def test_current_presence_counts_the_current_clauses(answering, bound):
    params = {"categories": CATEGORIES, "jurisdictions": ["EU", "DE"], "bound": bound}
    pairs: dict = {}
    since: dict = {}
    for r in answering.run("current_clauses", params):
        key = (r["platform"], r["category"])
        pairs.setdefault(key, set()).add((r["document"], r["clause_id"]))
        since[key] = min(since.get(key, r["since"]), r["since"])
    got = answering.run("current_presence", params)
    assert {(r["platform"], r["category"]): (int(r["clauses"]), r["since"]) for r in got} == {
        key: (len(found), since[key]) for key, found in pairs.items()
    }
    if bound == FAR_FUTURE:
        assert {r["platform"] for r in got} >= {"Alpha AI", "Gamma"}


def test_collection_versions_count_and_span_the_versions_of_each_collection(answering):
    collection_of = {
        d["document"]: d["collection"] for d in answering.run("platform_documents", {})
    }
    spans: dict = {}
    for v in answering.run("versions", ALL_TIME):
        spans.setdefault(collection_of[v["document"]], []).append(v["recorded_at"])
    got = answering.run("collection_versions", {})
    assert {r["collection"]: (int(r["versions"]), r["first"], r["last"]) for r in got} == {
        c: (len(times), min(times), max(times)) for c, times in spans.items()
    }
    assert sum(int(r["versions"]) for r in got) == 8  # a1-a4, b1, b2, g1, d1
