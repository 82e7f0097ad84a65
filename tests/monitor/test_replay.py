"""Replaying a real history commit by commit through watch = one full load; reports agree.

The collection is the genai-eu subset of ``conftest.py``. The replay clones it at an
early commit, runs ``run_once`` (the library behind ``govgraph watch``), then
fast-forwards the clone one commit at a time, running watch after each step, with the
JSON-lines, Atom and Markdown outputs on. Its outputs must hold exactly the summaries the
events module computes from one full load of the same history.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from govgraph.categories import scheme
from govgraph.graph.embedded import EmbeddedStore
from govgraph.monitor import jsonl
from govgraph.monitor.atom import ATOM, entry_id
from govgraph.monitor.events import (
    FLAG_RESTRICTION_REMOVED,
    FLAG_TRAINS_ON_CONTENT,
    ChangeSummary,
    change_summaries,
)
from govgraph.monitor.watch import Outputs, RunResult, WatchConfig, run_once
from govgraph.queries import reports
from govgraph.queries.canned import StoreRunner
from tests.monitor.conftest import Collection, git

BASE = 10  # the base load holds several flips of the Claude.ai page; 9 single-commit steps follow
A = f"{{{ATOM}}}"


@dataclass
class Replay:
    work: Path
    store: Path
    outputs: Outputs
    results: list[RunResult]
    commits: list[str]


@pytest.fixture(scope="session")
def replay(collection: Collection, tmp_path_factory: pytest.TempPathFactory) -> Replay:
    out = tmp_path_factory.mktemp("replay-out")
    work = collection.clone_at("replay", collection.commits[BASE])
    outputs = Outputs(json=out / "changes.jsonl", atom=out / "feed.xml", markdown=out / "c.md")
    config = WatchConfig([work], store=out / "store", outputs=outputs)
    printed: list[str] = []
    results = [run_once(config, echo=printed.append)]
    for commit in collection.commits[BASE + 1 :]:
        git(work, "merge", "-q", "--ff-only", commit)
        results.append(run_once(config, echo=printed.append))
    assert not printed, "with file outputs nothing goes to stdout"
    return Replay(work, out / "store", outputs, results, collection.commits)


def _by_id(summaries: list[ChangeSummary]) -> dict[str, dict]:
    return {s.id: json.loads(json.dumps(s.to_dict())) for s in summaries}


def test_replay_emits_exactly_the_full_load_summaries(replay, full_summaries):
    emitted = jsonl.read(replay.outputs.json)
    ids = [e["id"] for e in emitted]
    assert len(ids) == len(set(ids)), "a summary was emitted twice"
    expected = _by_id(full_summaries)
    assert len(expected) >= 10, "the collection should hold a dozen changes at least"
    assert set(ids) == set(expected)
    for item in emitted:
        assert item == expected[item["id"]], f"summary {item['id']} differs from the full load"


def test_each_step_emits_the_version_of_its_commit(replay, collection):
    for result, commit in zip(replay.results[1:], collection.commits[BASE + 1 :], strict=True):
        assert not result.problems
        assert result.sources[0].versions_loaded == 1
        when = git(collection.upstream, "log", "-1", "--format=%aI", commit).strip()
        moment = datetime.fromisoformat(when).strftime("%Y-%m-%dT%H:%M:%SZ")
        for s in result.wanted:
            assert s.recorded_at == moment
        assert len(result.wanted) <= 1


def test_replay_state_and_store_match_the_full_load(replay, full_store):
    def versions(path: Path) -> set[str]:
        with EmbeddedStore.open(path) as store:
            return {r[0] for r in store.query("MATCH (v:Version) RETURN v.id", row_limit=None).rows}

    assert versions(replay.store) == versions(full_store)
    state = json.loads((replay.store / "watch-state.json").read_text())
    (head,) = [s["alerted_head"] for s in state["sources"].values()]
    assert head == replay.commits[-1]


def test_the_collection_exercises_flags_firsts_and_technical_versions(replay, full_summaries):
    # Since rules v13 no document of this history loses a training restriction outright
    # (the ones that used to were providers' own training statements, misread).
    assert not [s for s in full_summaries if FLAG_RESTRICTION_REMOVED in s.flags]
    flagged = [s for s in full_summaries if FLAG_TRAINS_ON_CONTENT in s.flags]
    assert {s.platform for s in flagged} >= {"Le Chat"}
    for s in flagged:
        assert s.severity == "high"
        assert s.headline.startswith("TRAINING ON USER CONTENT ADDED: ")
        assert "provider-trains-on-user-content" in s.categories_gained
    assert not set().union(*(s.categories_lost for s in full_summaries)) & set(
        scheme().groups["ai-training-restriction"].members
    )
    # Vibe's first version and the technical re-record gave no summary
    assert not [
        s for s in full_summaries if s.id.startswith("vibe/") and s.recorded_at < "2026-07-11"
    ]
    technical = [r for r in replay.results if r.sources and not r.summaries]
    assert technical, "some steps (technical, formatting-only) must produce no summary"


def _report_sets(runner) -> dict[str, tuple[set, set, set]]:
    out: dict[str, tuple[set, set, set]] = defaultdict(lambda: (set(), set(), set()))
    for row in reports.changes(runner).as_dicts():
        added, removed, modified = out[row["version"]]
        if row["change"] == "added":
            added.add(row["clause_id"])
        elif row["change"] == "removed":
            removed.add(row["old_clause_id"])
        else:
            modified.add((row["clause_id"], row["old_clause_id"]))
    return out


def _assert_report_agrees(store_path: Path, summaries: list[ChangeSummary]) -> None:
    """``report changes`` lists the same versions with the same clauses added, removed and
    modified (new id, old id) as the change summaries."""
    with EmbeddedStore.open(store_path) as store:
        theirs = _report_sets(StoreRunner(store))
    assert set(theirs) == {s.id for s in summaries}
    for s in summaries:
        added, removed, modified = theirs[s.id]
        assert added == {c.id for c in s.added}, s.id
        assert removed == {c.id for c in s.removed}, s.id
        assert modified == {(m.new_id, m.old_id) for m in s.modified}, s.id


def test_report_changes_agrees_with_the_events_after_one_load(full_store, full_summaries):
    _assert_report_agrees(full_store, full_summaries)


def test_report_changes_agrees_with_the_events_after_a_replay(replay, full_summaries):
    """The Claude.ai page flips between two wordings: the same edit recurs at several
    versions, and each recurrence must still read as a modification."""
    with EmbeddedStore.open(replay.store) as store:
        assert _by_id(change_summaries(StoreRunner(store))) == _by_id(full_summaries)
    _assert_report_agrees(replay.store, full_summaries)
    pairs = [(m.new_id, m.old_id) for s in full_summaries for m in s.modified]
    assert len(pairs) > len(set(pairs)), "the history should hold a recurring edit"


def test_timeline_agrees_with_categories_gained_and_lost(full_store, full_summaries):
    events = set()
    with EmbeddedStore.open(full_store) as store:
        runner = StoreRunner(store)
        for group in scheme().groups:
            for row in reports.timeline(runner, group).as_dicts():
                if row["event"] in ("gained", "lost"):
                    events.add((row["version"], row["category"], row["event"]))
        technical = {
            v["version"]
            for v in runner.run(
                "versions", {"start": "0000-01-01T00:00:00Z", "bound": "9999-12-31T23:59:59Z"}
            )
            if v["technical"]
        }
    mine = set()
    for s in full_summaries:
        mine |= {(s.id, c, "gained") for c in s.categories_gained}
        mine |= {(s.id, c, "lost") for c in s.categories_lost}
    assert mine, "the collection should show categories gained or lost"
    assert {e for e in events if e[0] not in technical} == mine


def test_atom_feed_is_valid_with_stable_unique_ids(replay, full_summaries):
    root = ET.parse(replay.outputs.atom).getroot()
    assert root.tag == A + "feed"
    feed_id = root.findtext(A + "id")
    assert feed_id and feed_id.startswith("urn:uuid:")
    assert root.findtext(A + "title")
    assert root.find(A + "author").findtext(A + "name") == "govgraph"
    rfc3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
    entries = root.findall(A + "entry")
    assert len(entries) == len(full_summaries)
    ids = [e.findtext(A + "id") for e in entries]
    assert len(set(ids)) == len(ids)
    assert set(ids) == {entry_id(s.id) for s in full_summaries}
    by_id = {entry_id(s.id): s for s in full_summaries}
    updated = []
    for entry in entries:
        summary = by_id[entry.findtext(A + "id")]
        assert entry.findtext(A + "title") == summary.headline
        stamp = entry.findtext(A + "updated")
        assert rfc3339.match(stamp) and stamp == summary.recorded_at
        updated.append(stamp)
        links = entry.findall(A + "link")
        assert summary.source_url, "the collection's declarations give every version a URL"
        assert links[0].get("rel") == "alternate"
        assert links[0].get("href") == summary.source_url.split()[0]
        assert all(link.get("href", "").startswith("https://") for link in links)
        content = entry.find(A + "content")
        assert content.get("type") == "html" and summary.platform in content.text
    assert rfc3339.match(root.findtext(A + "updated"))
    assert root.findtext(A + "updated") == max(updated)
    assert updated == sorted(updated, reverse=True), "newest entries first"


def test_markdown_output_has_each_summary_once_flag_first(replay, full_summaries):
    text = replay.outputs.markdown.read_text(encoding="utf-8")
    markers = re.findall(r"<!-- govgraph-change: (.+?) -->", text)
    assert sorted(markers) == sorted(s.id for s in full_summaries)
    for s in full_summaries:
        section = text.split(f"<!-- govgraph-change: {s.id} -->\n", 1)[1]
        assert section.startswith(f"## {s.headline}\n")


def test_events_for_selected_versions_equal_the_full_computation(full_store, full_summaries):
    wanted = [s.id for s in full_summaries[::3]]
    with EmbeddedStore.open(full_store) as store:
        some = change_summaries(StoreRunner(store), [*wanted, "no/such/EU@2020-01-01T00:00:00Z"])
    assert _by_id(some) == {k: v for k, v in _by_id(full_summaries).items() if k in wanted}


def test_events_are_the_same_in_sparql(full_store, full_summaries):
    """The events read the graph through the canned queries, so any backend answers."""
    from govgraph.graph.base import Capability

    with EmbeddedStore.open(full_store) as store:
        sparql = change_summaries(StoreRunner(store, Capability.SPARQL))
    assert _by_id(sparql) == _by_id(full_summaries)
