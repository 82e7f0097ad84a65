"""``govgraph site``: a static, self-contained HTML report of the graph for one regime.

Readers who will never run Cypher (journalists, policy staff) get an overview heatmap, a
page per platform and per category, timelines and word-level diffs, each clause traceable
to its source, with the data attributions and the disclaimer on every page. The pages are
plain files with relative links and bundled CSS/JS, so they open from disk or any host.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from govgraph.errors import InputError
from govgraph.queries.canned import Runner
from govgraph.site.data import SiteData, gather
from govgraph.site.render import write

MARKER = ".govgraph-site"  # marks a folder govgraph wrote, so a rebuild may replace it


@dataclass
class SiteSummary:
    """What a build wrote, for the CLI's closing line and the benchmarks."""

    out: Path
    regime: str
    pages: int
    files: int
    bytes: int
    seconds: float
    platforms: int
    queries: int


def build_site(
    runner: Runner,
    out: Path,
    regime: str = "EU",
    platforms: Sequence[str] | None = None,
    as_of: str | None = None,
    changes_since: str | None = None,
) -> SiteSummary:
    """Write the site for a regime into ``out``, replacing an earlier build there.

    The pages are written into a temporary sibling folder first and moved into place at
    the end, so a failed build leaves ``out`` as it was. ``out`` must be absent, empty, or
    a folder this function wrote before (it holds the marker file): anything else is
    refused rather than overwritten.
    """
    started = time.monotonic()
    out = Path(out).expanduser()
    _check_target(out)
    site: SiteData = gather(runner, regime, platforms, as_of, changes_since)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        files = write(site, staging)
        (staging / MARKER).write_text(
            "Written by govgraph site; a rebuild replaces this folder.\n", encoding="utf-8"
        )
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pages = [f for f in files if f.suffix == ".html"]
    return SiteSummary(
        out=out,
        regime=site.regime.jurisdiction,
        pages=len(pages),
        files=len(files),
        bytes=sum((out / f.relative_to(staging)).stat().st_size for f in files),
        seconds=time.monotonic() - started,
        platforms=len(site.platforms),
        queries=site.queries_asked,
    )


def _check_target(out: Path) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise InputError(f"{out} exists and is not a folder")
    if any(out.iterdir()) and not (out / MARKER).exists():
        raise InputError(
            f"{out} is not empty and was not written by govgraph site: "
            "give a new or empty folder (nothing there was changed)"
        )


__all__ = ["MARKER", "SiteSummary", "build_site"]
