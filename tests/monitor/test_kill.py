"""A watch killed with SIGKILL at its worst moments loses nothing and duplicates nothing.

The clone holds the whole collection and the store nothing. ``govgraph watch`` (a real subprocess) is killed: while its load is
writing a new store generation, right after it wrote its first output, and right after
the Atom feed appeared. A last run completes. The outputs must then hold each summary of
one full load exactly once, and the store exactly the full load's versions.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from govgraph.graph.embedded import EmbeddedStore
from govgraph.monitor import jsonl
from govgraph.monitor.atom import ATOM, entry_id
from govgraph.monitor.state import watch_lock
from govgraph.monitor.watch import Outputs, WatchConfig, run_once

CLI = [sys.executable, "-c", "from govgraph.cli.app import main; main()"]


def _run_until(args: list[str], condition: Callable[[], bool], limit: float = 120.0) -> bool:
    """Start watch; SIGKILL it (the watch process alone, as a crash would) as soon as
    ``condition`` holds. True if it was killed. Its session is cleaned up afterwards:
    an orphaned load worker must not outlive the test."""
    proc = subprocess.Popen(
        [*CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + limit
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if condition():
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.002)
        assert proc.poll() is not None, "watch did not finish"
        assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        if proc.stderr is not None:
            proc.stderr.close()


def _versions(store: Path) -> set[str]:
    with EmbeddedStore.open(store) as db:
        return {r[0] for r in db.query("MATCH (v:Version) RETURN v.id", row_limit=None).rows}


def test_sigkill_loses_nothing_and_duplicates_nothing(
    collection, full_store, full_summaries, tmp_path
):
    work = collection.clone_at("killed", collection.commits[-1])
    store = tmp_path / "store"
    out = {"json": tmp_path / "c.jsonl", "atom": tmp_path / "feed.xml", "md": tmp_path / "c.md"}
    args = ["watch", str(work), "--store", str(store)]
    args += ["--json", str(out["json"]), "--atom", str(out["atom"]), "--markdown", str(out["md"])]

    def loading() -> bool:
        return any(store.glob("g*.tmp"))

    def json_written() -> bool:
        return out["json"].exists() and out["json"].stat().st_size > 0

    assert _run_until(args, loading), "the load takes long enough to be killed while it writes"
    assert not EmbeddedStore.exists(store), "the killed load published nothing"
    with watch_lock(store):
        pass  # nothing the killed watch left behind holds the watch lock
    _run_until(args, json_written)
    _run_until(args, out["atom"].exists)
    assert not _run_until(args, lambda: False), "the last run completes"

    expected = {s.id for s in full_summaries}
    assert _versions(store) == _versions(full_store)
    assert not list(store.glob("g*.tmp"))
    lines = [item["id"] for item in jsonl.read(out["json"])]
    assert len(lines) == len(set(lines)) and set(lines) == expected
    text = out["json"].read_text(encoding="utf-8")
    assert text.endswith("\n") and text.count("\n") == len(expected)
    entries = ET.parse(out["atom"]).getroot().findall(f"{{{ATOM}}}entry")
    ids = [e.findtext(f"{{{ATOM}}}id") for e in entries]
    assert len(ids) == len(set(ids)) and set(ids) == {entry_id(i) for i in expected}
    markers = re.findall(r"<!-- govgraph-change: (.+?) -->", out["md"].read_text("utf-8"))
    assert len(markers) == len(set(markers)) and set(markers) == expected
    # and a run after everything writes nothing
    outputs = Outputs(json=out["json"], atom=out["atom"], markdown=out["md"])
    assert run_once(WatchConfig([work], store=store, outputs=outputs)).written == {}
