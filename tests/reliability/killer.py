"""Run the govgraph CLI and SIGKILL this very process at an exact point of the publish.

``KR_KILL_AT`` names the point; the real ``os.replace`` runs, and the process kills itself
with SIGKILL (no cleanup, no finally blocks, no flush: what ``kill -9`` or a power cut
does) just before or just after the rename that point names:

- ``before-generation-rename``: the new generation is complete (meta.json written) but
  still ``gNNNNNN.tmp``;
- ``after-generation-rename``: the generation has its final name, ``CURRENT`` still
  points at the old one;
- ``before-current``: ``CURRENT.tmp`` is written and synced, not yet renamed;
- ``after-current``: ``CURRENT`` names the new generation; old ones not yet pruned, the
  lock not yet released.

Usage: python killer.py govgraph-args...
"""

from __future__ import annotations

import os
import signal
import sys

POINT = os.environ.get("KR_KILL_AT", "")
_real_replace = os.replace


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
    source = os.fspath(src)
    generation = source.endswith(".tmp") and os.path.isdir(source)
    pointer = source.endswith("CURRENT.tmp")
    if (POINT == "before-generation-rename" and generation) or (
        POINT == "before-current" and pointer
    ):
        _die()
    result = _real_replace(src, dst, *args, **kwargs)
    if (POINT == "after-generation-rename" and generation) or (
        POINT == "after-current" and pointer
    ):
        _die()
    return result


os.replace = _replace

if __name__ == "__main__":
    from govgraph.cli.app import main

    sys.argv = ["govgraph", *sys.argv[1:]]
    main()
