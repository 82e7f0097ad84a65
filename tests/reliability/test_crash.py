"""Crash safety: a load killed with SIGKILL at any point loses nothing and half-writes nothing.

A real slice of Open Terms Archive's genai-eu history (a clone of the shared bundle) is
loaded up to an early commit: that store is the state *before*. Moving the clone to a
later commit and loading again is the load we kill, at random moments from outside
(``kill -9``) and at exact points of the final publish from inside (``killer.py``).
After each kill the store must open, pass ``govgraph check`` and equal *before* (or the
complete *after*, once ``CURRENT`` names the new generation); rerunning the load must
complete it, equal to a clean load.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govgraph.check import check_store
from govgraph.graph.embedded import EmbeddedStore
from govgraph.ingest import load_source
from govgraph.loaders.ota import OtaRepository
from tests.loaders.conftest import git
from tests.reliability.conftest import REPO, current_generation, shared_bundle, store_digest

BASE_COMMITS = 4  # the state before
TOP_COMMITS = 10  # the load that is killed adds these commits' versions
KILLER = Path(__file__).parent / "killer.py"
KILL_LOG: list[str] = []


class Slice:
    def __init__(self, root: Path) -> None:
        bundle = shared_bundle("genai-eu")
        self.repo = root / "genai-eu" / "versions"
        subprocess.run(["git", "clone", "-q", str(bundle), str(self.repo)], check=True)
        commits = git(self.repo, "rev-list", "--first-parent", "--reverse", "HEAD").split()
        self.base, self.top = commits[BASE_COMMITS - 1], commits[TOP_COMMITS - 1]
        self.at(self.base)
        self.before = root / "before"
        load_source(OtaRepository(self.repo, jurisdiction="EU"), self.before)
        self.at(self.top)
        self.after = root / "after"
        shutil.copytree(self.before, self.after)
        load_source(OtaRepository(self.repo, jurisdiction="EU"), self.after)
        self.before_digest = store_digest(self.before)
        self.after_digest = store_digest(self.after)
        assert self.before_digest != self.after_digest

    def at(self, commit: str) -> None:
        git(self.repo, "reset", "-q", "--hard", commit)

    def victim(self, path: Path) -> Path:
        shutil.copytree(self.before, path)
        return path

    def command(self, store: Path) -> list[str]:
        return ["load", "ota", str(self.repo), "-j", "EU", "--store", str(store)]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Slice:
    return Slice(tmp_path_factory.mktemp("crash"))


def _spawn(args: list[str], point: str = "") -> subprocess.Popen:
    """The load in a session of its own, so any worker it forks can be found and reaped."""
    env = {**os.environ, "KR_KILL_AT": point, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(KILLER), *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _reap(process: subprocess.Popen, wait: float = 10.0) -> None:
    """Wait for the load and every process it started; a worker that outlives its killed
    parent by ``wait`` seconds is an orphan: killed here, and a failure."""
    process.wait(timeout=300)
    deadline = time.monotonic() + wait
    while True:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("a worker process outlived the killed load (orphan)")
        time.sleep(0.05)


def _phase(store: Path, generation: str) -> str:
    """What the killed load had reached, from the files it left."""
    names = {p.name for p in store.iterdir()}
    if current_generation(store) != generation:
        return "published"
    if "CURRENT.tmp" in names:
        return "pointer written"
    if any(n.endswith(".tmp") for n in names):
        return "writing generation"
    newer = [n for n in names if n.startswith("g") and n > generation]
    return "generation renamed" if newer else "not started"


def _assert_consistent(history: Slice, store: Path, generation: str, label: str) -> str:
    phase = _phase(store, generation)
    with EmbeddedStore.open(store) as embedded:
        report = check_store(embedded, shacl=False)
    assert report.ok, (label, [r.as_dict(5) for r in report.failed()])
    digest = store_digest(store)
    if phase == "published":
        assert digest == history.after_digest, label
    else:
        assert digest == history.before_digest, (label, phase)
    KILL_LOG.append(f"{label}: {phase}")
    return phase


def _rerun_completes(history: Slice, store: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(KILLER), *history.command(store)],
        cwd=REPO,
        env={**os.environ, "KR_KILL_AT": "", "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert store_digest(store) == history.after_digest
    with EmbeddedStore.open(store) as embedded:
        assert check_store(embedded, shacl=False).ok


@pytest.mark.slow
@pytest.mark.parametrize(
    "point",
    ["before-generation-rename", "after-generation-rename", "before-current", "after-current"],
)
def test_kill_during_publish(history: Slice, tmp_path: Path, point: str) -> None:
    store = history.victim(tmp_path / "store")
    generation = current_generation(store)
    process = _spawn(history.command(store), point)
    _reap(process)
    assert process.returncode == -signal.SIGKILL, f"{point}: the load was not killed"
    phase = _assert_consistent(history, store, generation, point)
    expected = "published" if point == "after-current" else None
    if expected:
        assert phase == expected
    else:
        assert phase != "published"
    _rerun_completes(history, store)


@pytest.mark.slow
def test_kill_at_random_moments(history: Slice, tmp_path: Path) -> None:
    """SIGKILL from outside: at start-up, once writing began, and at random moments."""
    rng = random.Random(int(os.environ.get("KR_SEED", "11")))
    plans = [("start-up", 0.05), ("writing", "tmp"), ("random", None), ("random", None)]
    for number, (kind, when) in enumerate(plans):
        store = history.victim(tmp_path / f"store{number}")
        generation = current_generation(store)
        process = _spawn(history.command(store))
        started = time.monotonic()
        if when == "tmp":  # as soon as the new generation directory appears
            while process.poll() is None and not list(store.glob("g*.tmp")):
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.5))
        else:
            time.sleep(when if when is not None else rng.uniform(0.3, 6.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        _reap(process)
        label = f"{kind} kill at {time.monotonic() - started:.2f} s"
        if process.returncode != -signal.SIGKILL:
            label += " (load had finished)"
        _assert_consistent(history, store, generation, label)
        _rerun_completes(history, store)
    print("\n".join(KILL_LOG))
