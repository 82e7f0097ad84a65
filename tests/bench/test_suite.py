"""Smoke tests of the benchmark suite (bench/): every code path on a tiny real input.

Why: the suite runs on demand, not in CI, so without these it would rot unnoticed. Nothing
here is timed; the assertions check that each measurement measures the right thing (the
counts agree with the store, a no-op re-load is a no-op, a new commit loads one commit,
the synthetic repository really holds renamed copies).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import render  # noqa: E402
import synth  # noqa: E402
import tasks  # noqa: E402

COMMITS = 8  # genai-eu's first commits: the template and the first real documents


def _git(*args: str) -> list[str]:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A genai-eu clone cut at its 8th commit (one short, to add the last one later)."""
    base = shared_path("data", "ota", "genai-eu")
    root = tmp_path_factory.mktemp("bench") / "genai-eu"
    clone = root / "versions"
    _git("clone", "-q", str(base / "versions.bundle"), str(clone))
    commits = _git("-C", str(clone), "rev-list", "--first-parent", "--reverse", "HEAD")
    _git("-C", str(clone), "reset", "-q", "--hard", commits[COMMITS - 2])
    (root / "metadata.yml").symlink_to(base / "metadata.yml")
    (root / "declarations").symlink_to(base / "declarations")
    store = root.parent / "store"
    spec = {"name": "genai-eu", "path": str(clone)}
    loaded = tasks.load({"store": str(store), "repos": [spec], "sample_rss": True})
    return {
        "clone": clone,
        "store": store,
        "spec": spec,
        "tip": commits[COMMITS - 1],
        "loaded": loaded,
    }


def test_load_counts_match_the_store(tiny: dict[str, Any]) -> None:
    from govgraph.graph.embedded import EmbeddedStore

    loaded = tiny["loaded"]
    stage = loaded["stages"][0]
    assert stage["commits"] == COMMITS - 1
    assert stage["jurisdiction"] == "EU"
    assert loaded["versions"] == stage["summary"]["versions"] > 0
    assert loaded["mb_text"] > 0 and loaded["cpu"] > 0 and loaded["wall"] >= loaded["cpu"] * 0
    assert loaded["rss_points"] and loaded["rss_points"][-1][0] == stage["versions_read"]
    with EmbeddedStore.open(tiny["store"]) as store:
        versions = store.query("MATCH (v:Version) RETURN count(v)").rows[0][0]
    assert versions == loaded["versions"]


def test_new_commit_then_noop_reload(tiny: dict[str, Any]) -> None:
    one = tasks.new_commit({"store": str(tiny["store"]), "repo": tiny["spec"], "to": tiny["tip"]})
    assert one["commits"] == 1
    assert one["summary"]["versions"] >= 1
    again = tasks.load({"store": str(tiny["store"]), "repos": [tiny["spec"]]})
    assert again["stages"][0]["up_to_date"] is True
    assert again["versions"] == 0


def test_classify_and_reports(tiny: dict[str, Any]) -> None:
    cls = tasks.classify({"store": str(tiny["store"]), "repeats": 1})
    assert cls["clauses"] > 0 and cls["clauses_per_cpu_s"] > 0
    rep = tasks.reports({"store": str(tiny["store"]), "backend": "embedded", "repeats": 1})
    assert set(rep["reports"]) == set(tasks.report_calls())
    assert rep["reports"]["stats"]["rows"] > 0
    assert all(r["median_s"] > 0 for r in rep["reports"].values())


def test_naive_baseline_writes_every_version(tiny: dict[str, Any], tmp_path: Path) -> None:
    from govgraph.graph.embedded import EmbeddedStore

    tasks.load({"store": str(tiny["store"]), "repos": [tiny["spec"]]})  # up to the clone's HEAD
    with EmbeddedStore.open(tiny["store"]) as store:
        versions = store.query("MATCH (v:Version) RETURN count(v)").rows[0][0]
    result = tasks.naive({"store": str(tmp_path / "naive"), "repos": [tiny["spec"]]})
    assert result["versions"] == versions
    # one CONTAINS per version per distinct clause: at least as many as clauses in force
    assert result["rows_written"] > result["versions"]
    assert result["segment_cpu"] > 0 and result["classify_cpu"] > 0


def test_rdflib_and_oxigraph_agree(tiny: dict[str, Any]) -> None:
    core = ["training_restrictions", "versions", "platform_documents", "stats_counts"]
    result = tasks.rdflib_vs_oxigraph(
        {"store": str(tiny["store"]), "timeout_s": 20, "repeats": 1, "queries": core}
    )
    assert result["triples"] > 1000
    queries = result["queries"]
    assert list(queries) == core
    for name in ("training_restrictions", "versions", "platform_documents"):
        q = queries[name]
        assert q["rdflib_s"] is not None, f"rdflib gave up on {name}"
        assert q["rows_equal"] and q["rdflib_rows"] == q["oxigraph_rows"] > 0
    for q in queries.values():  # the flag says what the counts say
        if q.get("rdflib_s") is not None:
            assert q["rows_equal"] == (q["rdflib_rows"] == q["oxigraph_rows"])


def test_synthetic_repository_holds_renamed_copies(tiny: dict[str, Any], tmp_path: Path) -> None:
    from govgraph.loaders.ota import OtaRepository

    built = synth.build([tiny["clone"]], tmp_path / "synth" / "versions", 3)
    source = OtaRepository(tiny["clone"])
    docs = {(v.document.platform, v.document.terms_type) for v in source.versions()}
    copy = OtaRepository(tmp_path / "synth" / "versions", jurisdiction="EU")
    copied = {(v.document.platform, v.document.terms_type) for v in copy.versions()}
    assert len(copied) == 3 * len(docs)
    assert {(f"{p} 3", t) for p, t in docs} <= copied
    assert built["commits"] == copy.commits_read


def test_render_without_measurements_says_so() -> None:
    text = render.markdown({"measurements": {}, "machine": {}, "config": {}})
    assert "not measured in this run" in text
    assert "PASS" not in text


def test_run_py_end_to_end(tmp_path: Path) -> None:
    shared = shared_path()
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--quick",
            "--commits",
            "6",
            "--repeats",
            "1",
            "--only",
            "load",
            "new-commit",
            "reload",
            "reports",
            "--shared",
            str(shared),
            "--out",
            str(out),
            "--no-neo4j",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    results = json.loads((out / "results.json").read_text())
    assert set(results["measurements"]) == {"load", "new-commit", "reload", "reports"}
    assert results["machine"]["cores"] and results["machine"]["commit"]
    load = results["measurements"]["load"]
    assert load["process"]["peak_rss_mb"] > 50
    assert load["process"]["load_before"]
    markdown = (out / "RESULTS.md").read_text()
    assert "| no-op re-load <= 5 s (median)" in markdown
    assert "PASS" in markdown or "MISS" in markdown


@pytest.mark.integration
def test_neo4j_push_and_row_baseline(
    tiny: dict[str, Any], neo4j_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    pushed = tasks.push({"store": str(tiny["store"])})
    assert pushed["relationships_sent"] == pushed["server_relationships"] > 0
    rep = tasks.reports({"backend": "neo4j", "repeats": 1})
    assert rep["reports"]["stats"]["rows"] > 0
    rows = tasks.neo4j_rows({"store": str(tiny["store"]), "clauses": 50})
    assert rows["relationships"]["per_row"] == rows["relationships"]["unwind"] > 0
