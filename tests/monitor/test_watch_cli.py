"""``govgraph watch`` through the CLI: stdout, --pull, --skip-backlog, errors, signals."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govgraph.cli.app import get_app
from govgraph.monitor import jsonl
from govgraph.monitor.state import watch_lock
from govgraph.monitor.watch import Outputs, WatchConfig, watch_loop
from tests.monitor.conftest import copy_store, git
from tests.monitor.test_events import make_acme

CLI = [sys.executable, "-c", "from govgraph.cli.app import main; main()"]


def invoke(*args: str):
    return CliRunner().invoke(get_app(), list(args))


def one_error_line(output: str) -> str:
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, output
    assert "Traceback" not in output
    return errors[0]


def test_help_has_an_example():
    result = invoke("watch", "--help")
    assert result.exit_code == 0
    assert "Example: govgraph watch" in result.output
    for option in ("--pull", "--interval", "--subscriptions", "--atom", "--json", "--webhook"):
        assert option in result.output


def test_markdown_to_stdout_once(collection, full_store, full_summaries, tmp_path):
    store = copy_store(full_store, tmp_path / "store")
    first = invoke("watch", str(collection.upstream), "--store", str(store))
    assert first.exit_code == 0, first.output
    for s in full_summaries:
        assert first.output.count(f"## {s.headline}\n") == 1
    assert "Analysis, not legal advice." in first.output
    second = invoke("watch", str(collection.upstream), "--store", str(store))
    assert second.exit_code == 0
    assert "## " not in second.output
    assert "0 change summaries" in second.output


def test_pull_brings_new_commits_then_reports_them(tmp_path):
    upstream = make_acme(tmp_path / "up")
    clone = tmp_path / "acme-eu"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    git(clone, "reset", "-q", "--hard", "HEAD~2")
    store, out = tmp_path / "store", tmp_path / "out.jsonl"
    first = invoke("watch", str(clone), "--store", str(store), "--json", str(out))
    assert first.exit_code == 0, first.output
    assert [a["recorded_at"][:10] for a in jsonl.read(out)] == ["2026-03-04"]
    pulled = invoke("watch", str(clone), "--pull", "--store", str(store), "--json", str(out))
    assert pulled.exit_code == 0, pulled.output
    days = [a["recorded_at"][:10] for a in jsonl.read(out)]
    assert days == ["2026-03-04", "2026-03-05", "2026-03-06"]


def test_a_failed_pull_is_an_error_but_local_commits_are_still_reported(tmp_path):
    repo = make_acme(tmp_path)
    git(repo, "remote", "add", "origin", str(tmp_path / "gone"))
    git(repo, "config", "branch.main.remote", "origin")
    git(repo, "config", "branch.main.merge", "refs/heads/main")
    out = tmp_path / "out.jsonl"
    result = invoke(
        "watch", str(repo), "--pull", "--store", str(tmp_path / "s"), "--json", str(out)
    )
    assert result.exit_code == 1
    error = one_error_line(result.output)
    assert f"cannot pull {repo}" in error and "watching the commits already there" in error
    assert len(jsonl.read(out)) == 3, "the local history was still loaded and reported"


def test_skip_backlog_reports_only_what_arrives_later(tmp_path):
    upstream = make_acme(tmp_path / "up")
    clone = tmp_path / "acme-eu"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    git(clone, "reset", "-q", "--hard", "HEAD~1")
    store, out = tmp_path / "store", tmp_path / "out.jsonl"
    args = ("watch", str(clone), "--store", str(store), "--json", str(out))
    assert invoke(*args, "--skip-backlog").exit_code == 0
    assert jsonl.read(out) == []
    git(clone, "merge", "-q", "--ff-only", "origin/main")
    assert invoke(*args).exit_code == 0
    assert [a["recorded_at"][:10] for a in jsonl.read(out)] == ["2026-03-06"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["watch", "/no/such/repository"], ["/no/such/repository", "does not exist"]),
        (["watch", ".", "--webhook", "localhost:9"], ["--webhook", "localhost:9"]),
        (["watch", ".", "--subscriptions", "/no/subs.toml"], ["/no/subs.toml"]),
        (["watch", "/no/such/repository", "-j", "XX"], ["XX"]),
    ],
)
def test_errors_are_one_line(tmp_path, args, words):
    result = invoke(*args, "--store", str(tmp_path / "store"))
    assert result.exit_code == 1
    error = one_error_line(result.output)
    for word in words:
        assert word in error


def test_a_file_output_that_is_not_ours_is_refused(collection, full_store, tmp_path):
    store = copy_store(full_store, tmp_path / "store")
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss/>")
    result = invoke("watch", str(collection.upstream), "--store", str(store), "--atom", str(feed))
    assert result.exit_code == 1
    assert f"{feed} is not an Atom feed" in one_error_line(result.output)
    assert feed.read_text() == "<rss/>"
    again = invoke("watch", str(collection.upstream), "--store", str(store), "--json", str(feed))
    assert again.exit_code == 0, "the alerts were kept for the next run"


@pytest.mark.parametrize("signum", [signal.SIGTERM])
def test_interval_stops_cleanly_on_a_signal(
    collection, full_store, full_summaries, tmp_path, signum
):
    store = copy_store(full_store, tmp_path / "store")
    out = tmp_path / "out.jsonl"
    repo = collection.upstream
    proc = subprocess.Popen(
        [*CLI, "watch", str(repo), "--interval", "60", "--store", str(store), "--json", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline()  # the first run's log line
        assert line.startswith("watch: 1 repositories"), line
        started = time.monotonic()
        proc.send_signal(signum)
        code = proc.wait(timeout=20)
        assert time.monotonic() - started < 10, "the wait between runs is interrupted"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    rest = proc.stderr.read()
    assert code == 0, rest
    assert f"{signal.Signals(signum).name}: stopping after the current run" in rest
    state = json.loads((store / "watch-state.json").read_text())
    (source,) = state["sources"].values()
    assert source["alerted_head"] == collection.commits[-1]
    assert [a["id"] for a in jsonl.read(out)] == [s.id for s in full_summaries]
    assert not list(Path(store).glob("g*.tmp"))
    assert os.path.exists(store / "CURRENT")


def test_ctrl_c_during_a_load_lets_it_finish_then_stops(collection, full_summaries, tmp_path):
    """Ctrl-C reaches the whole process group, the load's worker included: the load still
    completes and is published, its summaries are written, and watch exits 0."""
    store, out = tmp_path / "store", tmp_path / "out.jsonl"
    args = ["watch", str(collection.upstream), "--interval", "60", "--store", str(store)]
    proc = subprocess.Popen(
        [*CLI, *args, "--json", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(store.glob("g*.tmp")) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.005)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    log = proc.stderr.read()
    assert code == 0, log
    assert log.count("SIGINT: stopping after the current run") == 1, log
    assert [a["id"] for a in jsonl.read(out)] == [s.id for s in full_summaries]
    assert (store / "CURRENT").exists() and not list(store.glob("g*.tmp"))


def test_the_loop_survives_a_busy_store_and_stops_when_asked(collection, full_store, tmp_path):
    store = copy_store(full_store, tmp_path / "store")
    config = WatchConfig([collection.upstream], store=store, outputs=Outputs(json=tmp_path / "j"))
    logs: list[str] = []
    stop = threading.Event()
    with watch_lock(store):  # another watch is running
        runs = watch_loop(config, 0.01, stop, log=logs.append, max_runs=2)
    assert runs == 2
    assert len(logs) == 2 and all("another govgraph watch" in line for line in logs)
    logs.clear()
    stop.set()
    assert watch_loop(config, 0.01, stop, log=logs.append) == 0
    assert logs == []


def test_a_forked_child_does_not_keep_the_watch_lock(tmp_path):
    """The load forks a worker; if the watch dies, that orphan must not block the next."""
    go_r, go_w = os.pipe()  # parent -> child: you may exit
    up_r, up_w = os.pipe()  # child -> parent: I am running (fork hooks done)
    with watch_lock(tmp_path):
        pid = os.fork()
        if pid == 0:
            os.write(up_w, b"x")
            os.read(go_r, 1)
            os._exit(0)
        os.read(up_r, 1)
    try:
        with watch_lock(tmp_path):  # the child is alive and must not hold it
            pass
    finally:
        os.write(go_w, b"x")
        os.waitpid(pid, 0)
        for fd in (go_r, go_w, up_r, up_w):
            os.close(fd)


def test_several_repositories_in_one_run(collection, full_store, full_summaries, tmp_path):
    store = copy_store(full_store, tmp_path / "store")
    acme = make_acme(tmp_path)
    out = tmp_path / "out.jsonl"
    args = ["watch", str(collection.upstream), str(acme), "--store", str(store)]
    result = invoke(*args, "--json", str(out))
    assert result.exit_code == 0, result.output
    alerts = jsonl.read(out)
    assert [a["recorded_at"] for a in alerts] == sorted(a["recorded_at"] for a in alerts)
    ids = {a["id"] for a in alerts}
    acme_ids = {i for i in ids if i.startswith("acme/terms-of-service/EU@")}
    assert ids - acme_ids == {s.id for s in full_summaries} and len(acme_ids) == 3
    assert "2 repositories; 6 new versions" in result.output
    state = json.loads((store / "watch-state.json").read_text())
    heads = {v["location"]: v["alerted_head"] for v in state["sources"].values()}
    assert heads == {
        str(collection.upstream): collection.commits[-1],
        str(acme): git(acme, "rev-parse", "HEAD").strip(),
    }
