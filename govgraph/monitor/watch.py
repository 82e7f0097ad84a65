"""``govgraph watch``: load what arrived in OTA repositories, emit its change summaries.

One run, for each repository: optionally ``git pull --ff-only``; load the commits since
the store's ``Source.head`` (``load_source``: atomic, one new store generation or none);
then, for every source, summarise the versions of the commits between the last commit
whose summaries were all emitted (the watch state's ``alerted_head``) and the store's
head, filter them by the subscriptions, write each output, and only then advance
``alerted_head``.

Why the commit range and not "what this load added": a run killed after its load
committed but before its outputs were written must not lose those summaries. The next
run's load finds nothing new, but the range from ``alerted_head`` to the stored head
still holds them, so they are emitted then. Versions are found by their commit
(``Version.source_id``), and summaries are computed from the graph
(``govgraph.monitor.events``), so they equal those of one full load of the same history.

Failures: a ``--pull`` that fails (offline, no upstream, diverged history) is reported and
the run goes on with the commits already in the clone: nothing local is held back by a
network problem, and the run still fails (exit 1) so a scheduler notices. A repository
that cannot be read or loaded is reported the same way and the others are processed. An
output that fails (a webhook that keeps failing) keeps ``alerted_head`` where it was, so
the next run tries again; the file outputs skip what they already hold.

The first watch of a source (no ``alerted_head``) emits the summaries of its whole
history unless ``skip_backlog`` is set, which marks that history as already seen.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from govgraph.errors import GovgraphError
from govgraph.monitor import atom as atom_feed
from govgraph.monitor import jsonl, markdown, webhook
from govgraph.monitor.events import ChangeSummary, change_summaries
from govgraph.monitor.state import WatchState, watch_lock
from govgraph.monitor.subscriptions import Subscriptions, everything

PULL_TIMEOUT = 120.0
_GIT_ENV = {"LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


@dataclass
class Outputs:
    """Where summaries go; with none of the files or webhook, Markdown to ``echo``."""

    atom: Path | None = None
    json: Path | None = None
    markdown: Path | None = None
    webhook: str | None = None
    max_entries: int = atom_feed.MAX_ENTRIES
    webhook_attempts: int = 4
    webhook_backoff: float = 1.0

    @property
    def to_stdout(self) -> bool:
        return not (self.atom or self.json or self.markdown or self.webhook)


@dataclass
class WatchConfig:
    repositories: list[Path]
    store: Path | None = None
    jurisdiction: str | None = None
    pull: bool = False
    subscriptions: Subscriptions = field(default_factory=everything)
    outputs: Outputs = field(default_factory=Outputs)
    skip_backlog: bool = False


@dataclass
class SourceReport:
    """What one run did with one repository."""

    repository: str
    versions_loaded: int = 0
    summaries: int = 0
    skipped_backlog: bool = False


@dataclass
class RunResult:
    sources: list[SourceReport] = field(default_factory=list)
    summaries: list[ChangeSummary] = field(default_factory=list)  # all computed
    wanted: list[ChangeSummary] = field(default_factory=list)  # matching the subscriptions
    written: dict[str, list[str]] = field(default_factory=dict)  # sink -> ids newly written
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line for the log: what was loaded, summarised and written."""
        loaded = sum(s.versions_loaded for s in self.sources)
        parts = [
            f"{len(self.sources)} repositories",
            f"{loaded} new versions",
            f"{len(self.summaries)} change summaries",
            f"{len(self.wanted)} matching",
        ]
        if self.written:
            parts.append(
                "written: "
                + ", ".join(f"{k.split(':', 1)[0]} {len(v)}" for k, v in self.written.items())
            )
        return "watch: " + "; ".join(parts)


def pull(repository: Path, timeout: float = PULL_TIMEOUT) -> None:
    """``git pull --ff-only``; a one-line GovgraphError when it cannot."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repository), "pull", "--ff-only", "--quiet"],
            capture_output=True,
            timeout=timeout,
            env={**os.environ, **_GIT_ENV},
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise GovgraphError(
            f"cannot pull {repository}: no answer within {timeout:.0f} s (offline?); "
            "watching the commits already there"
        ) from None
    except FileNotFoundError:
        raise GovgraphError("git is not installed: it is needed to pull a repository") from None
    if done.returncode != 0:
        lines = [
            line.strip().removeprefix("fatal: ").removeprefix("error: ")
            for line in done.stderr.decode("utf-8", "replace").splitlines()
            if line.strip() and not line.startswith("hint:")
        ]
        reason = lines[0] if lines else f"git pull exited with {done.returncode}"
        raise GovgraphError(
            f"cannot pull {repository}: {reason}; watching the commits already there"
        )


def _commits_between(repository: Path, start: str | None, head: str) -> list[str]:
    """First-parent commits after ``start`` up to ``head`` (all up to head when None)."""
    revs = f"{start}..{head}" if start else head
    done = subprocess.run(
        ["git", "-C", str(repository), "rev-list", "--first-parent", revs],
        capture_output=True,
        env={**os.environ, **_GIT_ENV},
    )
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GovgraphError(
            f"{repository}: cannot list the commits since the last alert "
            f"({detail[0] if detail else 'git rev-list failed'})"
        )
    return done.stdout.decode("ascii").split()


def _versions_of(store: Any, commits: list[str]) -> list[str]:
    if not commits:
        return []
    result = store.query(
        "MATCH (v:Version) WHERE v.source_id IN $commits RETURN v.id",
        {"commits": commits},
        row_limit=None,
    )
    return [row[0] for row in result.rows]


def run_once(config: WatchConfig, echo: Callable[[str], None] = print) -> RunResult:
    """One watch run over every repository; see the module docstring."""
    from govgraph.graph.embedded import EmbeddedStore, default_store_path
    from govgraph.ingest import load_source, source_id, stored_head
    from govgraph.loaders.ota import OtaRepository
    from govgraph.queries.canned import StoreRunner

    store_path = Path(config.store).expanduser() if config.store else default_store_path()
    if config.outputs.webhook:
        webhook.check_url(config.outputs.webhook)
    result = RunResult()
    with watch_lock(store_path):
        state = WatchState.load(store_path)
        loaded: list[tuple[OtaRepository, SourceReport]] = []
        for repository in config.repositories:
            report = SourceReport(str(repository))
            if config.pull:
                try:
                    pull(repository)
                except GovgraphError as exc:
                    result.problems.append(str(exc))
            try:
                loader = OtaRepository(repository, jurisdiction=config.jurisdiction)
            except GovgraphError as exc:
                result.problems.append(str(exc))
                continue
            report.repository = loader.info.collection or str(loader.path)
            result.sources.append(report)
            loaded.append((loader, report))
            try:
                summary = load_source(loader, store_path)
                report.versions_loaded = summary.versions
            except GovgraphError as exc:  # the store is as it was; pending alerts still go
                result.problems.append(f"{repository}: {exc}")
        if not loaded or not EmbeddedStore.exists(store_path):
            return result
        heads: dict[str, tuple[str, str | None]] = {}
        pending: list[tuple[SourceReport, set[str]]] = []
        with EmbeddedStore.open(store_path) as store:
            for loader, report in loaded:
                sid = source_id(loader.info)
                head = stored_head(store, loader.info)
                alerted = state.alerted_head(sid)
                if head is None or head == alerted:
                    continue
                heads[sid] = (loader.info.location, head)
                if alerted is None and config.skip_backlog:
                    report.skipped_backlog = True
                    continue
                mine = _versions_of(store, _commits_between(loader.path, alerted, head))
                pending.append((report, set(mine)))
            version_ids = sorted({v for _, mine in pending for v in mine})
            if version_ids:
                result.summaries = change_summaries(StoreRunner(store), version_ids)
        for report, mine in pending:
            report.summaries = sum(1 for s in result.summaries if s.id in mine)
        result.wanted = config.subscriptions.wanted(result.summaries)
        try:
            result.written = emit(result.wanted, config.outputs, state, echo)
        except GovgraphError as exc:
            result.problems.append(str(exc))
            return result  # alerted heads stay: the next run tries again
        for sid, (location, head) in heads.items():
            state.set_alerted_head(sid, location, head)
        state.save()
    return result


def emit(
    summaries: list[ChangeSummary],
    outputs: Outputs,
    state: WatchState,
    echo: Callable[[str], None] = print,
) -> dict[str, list[str]]:
    """Write every output, saving the state after each; return ids written per sink."""
    written: dict[str, list[str]] = {}

    def file_sink(kind: str, path: Path, write: Callable[[Path, list[ChangeSummary]], list[str]]):
        key = f"{kind}:{Path(path).expanduser().resolve()}"
        done = state.emitted(key)
        todo = [s for s in summaries if s.id not in done]
        if not todo:
            return
        written[key] = write(Path(path).expanduser(), todo)
        state.add_emitted(key, [s.id for s in todo])
        state.save()

    if outputs.json:
        file_sink("json", outputs.json, jsonl.append)
    if outputs.markdown:
        file_sink("markdown", outputs.markdown, markdown.append)
    if outputs.atom:
        file_sink(
            "atom",
            outputs.atom,
            lambda p, items: atom_feed.merge(p, items, max_entries=outputs.max_entries),
        )
    if outputs.to_stdout:
        key = "stdout"
        done = state.emitted(key)
        todo = [s for s in summaries if s.id not in done]
        if todo:
            echo(markdown.render_all(todo))
            written[key] = [s.id for s in todo]
            state.add_emitted(key, written[key])
            state.save()
    if outputs.webhook:
        key = f"webhook:{outputs.webhook}"
        done = state.emitted(key)
        todo = [s for s in summaries if s.id not in done]
        delivered: list[str] = []

        def delivered_one(summary_id: str) -> None:
            delivered.append(summary_id)
            state.add_emitted(key, [summary_id])
            state.save()

        try:
            webhook.send(
                outputs.webhook,
                todo,
                attempts=outputs.webhook_attempts,
                backoff=outputs.webhook_backoff,
                on_delivered=delivered_one,
            )
        finally:
            if delivered:
                written[key] = delivered
    return written


class StopSignals:
    """SIGINT/SIGTERM handling for a watch: the first asks to stop between runs.

    A load in progress is never cut: the first signal only sets ``stop``, so the current
    run finishes (its load commits or, if it fails, leaves the store as it was) and the
    loop ends. A second signal raises ``KeyboardInterrupt`` at once; the load's write
    transaction then discards its unpublished generation, so the store is still whole.
    """

    def __init__(self, notify: Callable[[str], None] | None = None) -> None:
        self.stop = threading.Event()
        self._notify = notify
        self._pid = os.getpid()
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.stop.is_set():
            raise KeyboardInterrupt
        self.stop.set()
        # A forked load worker inherits this handler (Ctrl-C reaches the whole process
        # group): it keeps working, silently, so the load it serves can finish.
        if self._notify is not None and os.getpid() == self._pid:
            name = signal.Signals(signum).name
            self._notify(f"{name}: stopping after the current run (again to abort it)")

    def __enter__(self) -> StopSignals:
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def watch_loop(
    config: WatchConfig,
    interval: float,
    stop: threading.Event,
    *,
    echo: Callable[[str], None] = print,
    log: Callable[[str], None] = print,
    max_runs: int | None = None,
) -> int:
    """Run, wait ``interval`` seconds, run again, until ``stop`` is set; return the runs.

    A run's problems are logged and the loop goes on (a network outage should not end a
    watch); the next run retries what failed.
    """
    runs = 0
    while not stop.is_set():
        runs += 1
        try:
            result = run_once(config, echo)
        except GovgraphError as exc:  # e.g. another watch holds the store: try next time
            log(f"warning: {' '.join(str(exc).split())}")
        else:
            log(result.describe())
            for problem in result.problems:
                log(f"warning: {problem}")
        if max_runs is not None and runs >= max_runs:
            break
        if stop.wait(interval):
            break
    return runs
