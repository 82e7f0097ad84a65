"""Throughput of govgraph.classify on real clauses: clauses per CPU-second, median of runs.

Clauses: every segment of the HEAD versions of a few shared OTA documents (needs the
clones at /tmp/ota, made from ../shared/data/ota/*/versions.bundle) and the CLAUDETTE
sentences. classify() is called per clause (no batching cache) so repeats cost full price.
CPU time (time.process_time) is used because the machine is shared; wall time is printed
too.

    .venv/bin/python bench/classify_throughput.py
"""

from __future__ import annotations

import statistics
import subprocess
import time
from pathlib import Path

from govgraph.classify import classify
from govgraph.loaders.segment import segment

DOCS = [
    ("genai-eu", "ChatGPT/Terms of Service.md"),
    ("genai-eu", "Claude.ai/Privacy Policy.md"),
    ("pga", "Facebook/Privacy Policy.md"),
    ("pga", "Reddit/Terms of Service.md"),
    ("vlopses-us", "AliExpress/Terms of Service.md"),
]
CLAUDETTE = Path(__file__).resolve().parents[1].parent / "shared/data/claudette/sentences"


def ota_clauses() -> list[str]:
    out: list[str] = []
    for collection, path in DOCS:
        text = subprocess.run(
            ["git", "-C", f"/tmp/ota/{collection}", "show", f"HEAD:{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        out.extend(s.text for s in segment(text))
    return out


def measure(name: str, clauses: list[str], runs: int = 5) -> None:
    cpu, wall = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        for clause in clauses:
            classify(clause)
        cpu.append(len(clauses) / (time.process_time() - c0))
        wall.append(len(clauses) / (time.perf_counter() - w0))
    mean_len = sum(map(len, clauses)) / len(clauses)
    print(
        f"{name}: {len(clauses)} clauses, mean {mean_len:.0f} chars: "
        f"median {statistics.median(cpu):.0f} clauses/CPU-s "
        f"(runs {min(cpu):.0f}-{max(cpu):.0f}); wall median {statistics.median(wall):.0f}/s"
    )


def main() -> None:
    classify("warm up the rules and the model")
    measure("OTA clauses", ota_clauses())
    sentences = [
        line
        for f in sorted(CLAUDETTE.glob("*.txt"))[:10]
        for line in f.read_text("utf-8").splitlines()
        if line.strip()
    ]
    measure("CLAUDETTE sentences", sentences)


if __name__ == "__main__":
    main()
