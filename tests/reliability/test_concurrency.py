"""Two writers never interleave, and readers see one whole state or the next, never a mix.

The soak test runs real loads (``govgraph load document`` subprocesses, each publishing a
new generation) while reader threads keep opening the store and asking both engines;
every answer must be a complete, consistent state. Bounded in time, loopback only.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from govgraph.check import check_store
from govgraph.errors import StoreError, StoreLockedError
from govgraph.graph.base import Capability
from govgraph.graph.embedded import EmbeddedStore
from tests.reliability.conftest import REPO, govgraph_command

SOAK_SECONDS = float(os.environ.get("KR_SOAK_SECONDS", "30"))
VERSIONS = "SELECT (COUNT(?v) AS ?n) WHERE { ?v a <https://w3id.org/govgraph/ontology#Version> }"


def _load_document(store: Path, tmp: Path, day: int, *, timeout: float = 180):
    text = tmp / f"terms-{day}.md"
    text.write_text(f"# Terms\n\nClause of day {day}: you may not scrape the service.\n")
    args = ["load", "document", str(text), "--platform", "Soak", "--type", "Terms"]
    args += ["-j", "EU", "--date", f"2026-06-{day:02d}", "--store", str(store)]
    return subprocess.run(
        [*govgraph_command(), *args], cwd=REPO, capture_output=True, text=True, timeout=timeout
    )


def test_second_writer_fails_clearly_when_the_lock_is_held(store: Path) -> None:
    with EmbeddedStore.open_for_write(store) as first:
        first.query("MATCH (p:Platform) RETURN count(p)")
        started = time.monotonic()
        with (
            pytest.raises(StoreLockedError, match=r"being written by pid \d+"),
            EmbeddedStore.open_for_write(store, lock_timeout=0.5),
        ):
            pass
        assert time.monotonic() - started >= 0.5


def test_second_load_waits_for_the_first(store: Path, tmp_path: Path) -> None:
    """A CLI load started while the lock is held waits, then completes on its own."""
    hold = 2.0
    with EmbeddedStore.open_for_write(store):
        started = time.monotonic()
        loader = threading.Thread(target=lambda: results.append(_load_document(store, tmp_path, 1)))
        results: list[subprocess.CompletedProcess] = []
        loader.start()
        time.sleep(hold)
    loader.join()
    (done,) = results
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started >= hold
    with EmbeddedStore.open(store) as embedded:
        assert check_store(embedded, shacl=False).ok
        assert embedded.query("MATCH (p:Platform {name: 'Soak'}) RETURN p.id").rows


@pytest.mark.slow
def test_soak_readers_during_loads(store: Path, tmp_path: Path) -> None:
    with EmbeddedStore.open(store) as embedded:
        base = embedded.query("MATCH (v:Version) RETURN count(v)").rows[0][0]
    stop = threading.Event()
    answers: list[int] = []
    problems: list[str] = []
    loads: list[int] = []

    def reader() -> None:
        while not stop.is_set():
            try:
                with EmbeddedStore.open(store) as embedded:
                    cypher = embedded.query("MATCH (v:Version) RETURN count(v)").rows[0][0]
                    sparql = embedded.query(VERSIONS, language=Capability.SPARQL).rows[0][0]
                    if cypher != sparql:
                        problems.append(
                            f"mixed state: {cypher} versions in Cypher, {sparql} in RDF"
                        )
                    report = check_store(embedded, shacl=False)
                    if not report.ok:
                        problems.append(str([r.as_dict(3) for r in report.failed()]))
                    answers.append(cypher)
            except StoreError as error:
                problems.append(f"reader failed: {error}")

    def writer() -> None:
        day = 1
        deadline = time.monotonic() + SOAK_SECONDS
        while time.monotonic() < deadline and day <= 28:
            done = _load_document(store, tmp_path, day)
            if done.returncode != 0:
                problems.append(f"load {day} failed: {done.stderr.strip()}")
                break
            loads.append(day)
            day += 1
        stop.set()

    threads = [threading.Thread(target=reader) for _ in range(3)] + [
        threading.Thread(target=writer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SOAK_SECONDS + 240)
    assert not problems, problems[:5]
    assert loads, "no load completed"
    # Every answer is a whole state: the base plus some number of completed loads.
    assert set(answers) <= set(range(base, base + len(loads) + 1))
    with EmbeddedStore.open(store) as embedded:
        final = embedded.query("MATCH (v:Version) RETURN count(v)").rows[0][0]
    assert final == base + len(loads)
    print(f"soak: {len(loads)} loads, {len(answers)} consistent reads, {len(set(answers))} states")
