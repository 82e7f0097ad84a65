"""A second core for the CPU-bound parts of a load: segmentation and classification.

The main process reads the source, keeps the interval state and writes the stores; a
worker process segments upcoming versions (a bounded window ahead, in order) and
classifies new clauses while the main process writes. Both functions are pure, so the
result is the same with or without the worker (tested).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def _segment(text: str) -> list[Any]:
    from govgraph.loaders.segment import segment

    return segment(text)


def _classify(
    texts: list[str], contextual: bool = False, convention: str = "definitions"
) -> list[list[Any]]:
    from govgraph.classify import classify_many

    return classify_many(texts, contextual=contextual, convention=convention)


def _die_with_parent(parent: int) -> None:
    """Worker initialiser: end when the parent ends, even if it was killed with SIGKILL.

    A forked worker would otherwise wait forever on its pipe, holding inherited files.
    """
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    # Ctrl-C or a TERM sent to the whole process group is the parent's to handle (it may
    # finish the current load first); the worker ends with the parent, never on its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def default_workers() -> int:
    """One worker when there is a second core, else none."""
    return 1 if (os.cpu_count() or 1) > 1 else 0


class Worker:
    """A single background process (or, with ``workers=0``, inline calls).

    ``start_after``: run the first this-many jobs inline and start the process only when
    more come. Starting it (a fresh interpreter importing the segmenter and the
    classifier) costs more than the whole work of a load of one new commit; a long load
    starts it after a few versions and loses nothing.
    """

    def __init__(self, workers: int | None = None, *, start_after: int = 0) -> None:
        self.workers = default_workers() if workers is None else workers
        self._inline_left = start_after
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Spawned, not forked: a long-lived caller (a test run, `watch --interval`) may
            # have engine threads whose locks a forked child would inherit, held forever.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_die_with_parent,
                initargs=(os.getpid(),),
            )
        return self._pool

    def start(self) -> Worker:
        """Start the worker now, so its start-up overlaps the store being opened (unless
        it is to start only once the work proves long: ``start_after``)."""
        if self.workers > 0 and self._inline_left <= 0:
            self._executor().submit(int).result()
        return self

    @property
    def started(self) -> bool:
        """Whether the background process runs (it never does with ``workers=0``)."""
        return self._pool is not None

    def submit(self, func: Callable[..., T], *args: Any) -> Future[T]:
        inline = self.workers <= 0 or (self._pool is None and self._inline_left > 0)
        if inline:
            self._inline_left -= 1
            future: Future[T] = Future()
            future.set_result(func(*args))
            return future
        return self._executor().submit(func, *args)

    def segment_ahead(
        self, items: Iterable[T], text_of: Callable[[T], str | None], window: int = 32
    ) -> Iterator[tuple[T, list[Any] | None]]:
        """Items in order, each with the segments of its text (None where text_of gives None)."""
        pending: deque[tuple[T, str | None, Future[list[Any]] | None]] = deque()
        for item in items:
            text = text_of(item)
            future = self.submit(_segment, text) if text is not None else None
            pending.append((item, text, future))
            if len(pending) >= window:
                done, text, future = pending.popleft()
                yield done, self.take(future, _segment, text) if future is not None else None
        while pending:
            done, text, future = pending.popleft()
            yield done, self.take(future, _segment, text) if future is not None else None

    @staticmethod
    def take(future: Future[T], func: Callable[..., T], *args: Any) -> T:
        """A job's result, computed here instead if the worker has not started it yet.

        The worker is the busier of the two processes (segmenting and classifying cost
        more than the main process's diffing and writing), so when the main process
        needs a result the worker has not reached, it does the job itself rather than
        wait idle. Jobs are pure, so who runs one does not change its result.
        """
        if not future.done() and future.cancel():
            return func(*args)
        return future.result()

    def classify_chunks(
        self,
        texts: list[str],
        chunk: int = 256,
        *,
        contextual: bool = False,
        convention: str = "definitions",
    ) -> list[tuple[Future[list[list[Any]]], tuple[Any, ...]]]:
        """Classification in chunks, so the main process can take some (see ``take``).

        ``contextual`` and ``convention`` are ``classify_many``'s (the load's choice).
        """
        jobs = [(texts[i : i + chunk], contextual, convention) for i in range(0, len(texts), chunk)]
        return [(self.submit(_classify, *job), job) for job in jobs]

    def classified(
        self, chunks: list[tuple[Future[list[list[Any]]], tuple[Any, ...]]]
    ) -> list[list[Any]]:
        """The labels of every text of ``classify_chunks``, in order."""
        out: list[list[Any]] = []
        for future, job in chunks:
            out.extend(self.take(future, _classify, *job))
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Worker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
