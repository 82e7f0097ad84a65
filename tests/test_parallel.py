"""The load's worker process starts only when the work is long enough to pay for it."""

from __future__ import annotations

from govgraph.loaders.segment import segment
from govgraph.parallel import Worker

TEXTS = [f"# Terms {n}\n\nYou must be at least {n} years old.\n\n- item {n}\n" for n in range(5)]


def test_the_first_jobs_run_inline_and_the_process_starts_after_them():
    with Worker(1, start_after=3) as worker:
        got = []
        for text in TEXTS:
            got.append(worker.submit(segment, text).result())
            if len(got) == 3:
                assert not worker.started, "three jobs must not start the process"
        assert worker.started, "the fourth job starts it"
    assert got == [segment(t) for t in TEXTS]


def test_a_worker_asked_for_at_once_starts_at_once_and_none_never_starts():
    with Worker(1) as eager:
        assert eager.started
    with Worker(0, start_after=0) as inline:
        assert inline.submit(segment, TEXTS[0]).result() == segment(TEXTS[0])
        assert not inline.started
