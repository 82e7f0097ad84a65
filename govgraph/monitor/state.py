"""What ``govgraph watch`` has already emitted: a small JSON file in the store directory.

``STORE/watch-state.json`` holds, per source, the commit up to which every change summary
was emitted (``alerted_head``), and per output ("sink") the ids of the summaries it
received since. The file is replaced atomically (temporary file, fsync, rename) and only
*after* the output it describes was written, which makes delivery at-least-once: a run
killed between writing an output and saving the state repeats that output's last batch
on the next run. The file outputs (Atom, JSON lines, Markdown) deduplicate by summary id
themselves, so for them the repeat writes nothing; a webhook receiver sees the repeat and
can drop it by its ``Idempotency-Key``. Nothing is lost: a source's ``alerted_head``
advances only when every output has its summaries.

``STORE/watch.lock`` (an advisory lock) keeps two watch runs on one store from emitting
the same summaries at once. A forked child (the load's segmentation worker) would share
the lock and, orphaned by a killed watch, keep it forever; so forked children close it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govgraph.errors import GovgraphError, InputError

STATE_FILE = "watch-state.json"
LOCK_FILE = "watch.lock"
FORMAT = 1
KEEP_IDS = 20_000  # per sink: far more than one run emits, small on disk
_held_locks: set[int] = set()


def _close_in_child() -> None:
    """In a forked child, let go of the watch locks the parent holds."""
    for fd in list(_held_locks):
        with contextlib.suppress(OSError):
            os.close(fd)
    _held_locks.clear()


os.register_at_fork(after_in_child=_close_in_child)


@dataclass
class WatchState:
    """Emission watermarks per source and emitted ids per sink."""

    path: Path
    heads: dict[str, dict[str, str | None]] = field(default_factory=dict)
    sinks: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Path) -> WatchState:
        path = Path(store) / STATE_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(
                f"the watch state {path} is unreadable ({exc}); move it away to start afresh "
                "(outputs deduplicate themselves, a webhook may see repeats)"
            ) from None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise InputError(f"the watch state {path} is not format {FORMAT}")
        return cls(path, dict(raw.get("sources", {})), dict(raw.get("sinks", {})))

    def alerted_head(self, source: str) -> str | None:
        return (self.heads.get(source) or {}).get("alerted_head")

    def set_alerted_head(self, source: str, location: str, head: str | None) -> None:
        self.heads[source] = {"location": location, "alerted_head": head}

    def emitted(self, sink: str) -> set[str]:
        return set(self.sinks.get(sink, ()))

    def add_emitted(self, sink: str, ids: list[str]) -> None:
        have = self.sinks.setdefault(sink, [])
        known = set(have)
        have.extend(i for i in ids if i not in known)
        del have[:-KEEP_IDS]

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "sources": self.heads, "sinks": self.sinks}

    def save(self) -> None:
        """Replace the file atomically: a kill leaves either the old or the new state."""
        data = json.dumps(self.as_json(), indent=1, sort_keys=True).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{STATE_FILE}.", dir=self.path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError as exc:
            raise InputError(f"cannot save the watch state {self.path}: {exc}") from None


@contextlib.contextmanager
def watch_lock(store: Path) -> Iterator[None]:
    """Hold the store's watch lock, or fail at once naming the process that holds it."""
    store = Path(store)
    try:
        store.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the store directory {store}: {exc}") from None
    fd = os.open(store / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            raise GovgraphError(
                f"another govgraph watch ({holder}) is running on the store {store}"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        _held_locks.add(fd)
        yield
    finally:
        _held_locks.discard(fd)
        os.close(fd)
