"""Benchmark the OTA loaders: read every version of each shared collection and segment it.

Usage: .venv/bin/python bench/loaders.py [SHARED_DIR]  (default ../shared)
Times are process CPU time (the git processes' share is small), because wall time on a
shared machine measures the neighbours. Clones each bundle into a temporary folder, then reports per collection: commits,
recorded versions, distinct documents, technical versions, segments in the latest
version of each document, and read+segment throughput over all versions.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from govgraph.loaders.align import diff_versions
from govgraph.loaders.ota import OtaRepository
from govgraph.loaders.segment import segment


def run(shared: Path) -> list[dict]:
    rows = []
    for name in ("genai-eu", "pga", "vlopses-us"):
        base = shared / "data" / "ota" / name
        with tempfile.TemporaryDirectory() as tmp:
            clone = Path(tmp) / name / "versions"
            subprocess.run(
                ["git", "clone", "-q", str(base / "versions.bundle"), str(clone)], check=True
            )
            meta = base / "metadata.yml"
            decl = base / "declarations"
            repo = OtaRepository(
                clone,
                metadata=meta if meta.exists() else None,
                declarations=decl if decl.is_dir() else None,
            )
            latest: dict[tuple[str, str], list[str]] = {}
            versions = technical = size = segments = 0
            changes = 0
            diff_seconds = 0.0
            started = time.perf_counter()
            cpu_started = time.process_time()
            for version in repo.versions():
                versions += 1
                technical += version.technical
                size += len(version.text.encode("utf-8"))
                texts = [s.text for s in segment(version.text)]
                segments += len(texts)
                key = (version.document.platform, version.document.terms_type)
                if key in latest:
                    t0 = time.process_time()
                    change = diff_versions(latest[key], texts)
                    diff_seconds += time.process_time() - t0
                    changes += len(change.added) + len(change.removed) + len(change.modified)
                latest[key] = texts
            wall = time.perf_counter() - started
            elapsed = time.process_time() - cpu_started
            rows.append(
                {
                    "collection": name,
                    "commits": repo.commits_read,
                    "versions": versions,
                    "documents": len(latest),
                    "technical": technical,
                    "latest_segments": sum(len(t) for t in latest.values()),
                    "all_segments": segments,
                    "mb": size / 1e6,
                    "seconds": elapsed - diff_seconds,
                    "wall": wall,
                    "diff_seconds": diff_seconds,
                    "changes": changes,
                    "jurisdiction": repo.jurisdiction,
                    "deletions": len(repo.deletions),
                    "template_skipped": repo.template_skipped,
                }
            )
    return rows


def main() -> None:
    shared = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[1].parent / "shared"
    )
    rows = run(shared)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}; commit {commit}"
    )
    print(
        "| collection | commits | versions | documents | technical | segments (latest) | MB read | read+segment CPU s | MB/s (CPU) | clause changes | diff CPU s | wall s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['collection']} | {r['commits']} | {r['versions']} | {r['documents']} | {r['technical']} "
            f"| {r['latest_segments']} | {r['mb']:.1f} | {r['seconds']:.1f} | {r['mb'] / r['seconds']:.1f} "
            f"| {r['changes']} | {r['diff_seconds']:.1f} | {r['wall']:.1f} |"
        )
    total_mb = sum(r["mb"] for r in rows)
    total_s = sum(r["seconds"] for r in rows)
    print(
        f"\ntotal: {total_mb:.1f} MB in {total_s:.1f} s = {total_mb / total_s:.1f} MB/s read+segment"
    )
    for r in rows:
        print(
            f"{r['collection']}: jurisdiction {r['jurisdiction']}, deletions {r['deletions']}, template placeholders skipped {r['template_skipped']}"
        )


if __name__ == "__main__":
    main()
