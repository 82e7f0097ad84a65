"""Cost of the opt-in encoder models: clauses per CPU-second against the default classifier.

Clauses: the distinct segments of the HEAD versions of bench/classify_throughput.DOCS (five
shared OTA documents; needs the clones at /tmp/ota). Each is classified with
``classify_many`` (the batched path the CLI and the loader use), with the default
classifier, with ``contextual=True`` and with ``convention="claudette"`` (claudette-v2,
the same encoder architecture); median of RUNS, CPU time
(time.process_time) because the machine is shared, and wall time: numpy's BLAS may use
several threads (set OPENBLAS_NUM_THREADS to compare). Also the process's peak resident
memory after both encoders are loaded. Writes bench/results/contextual.json.

    .venv/bin/python bench/contextual.py
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from classify_throughput import ota_clauses

from govgraph.classify import classifier_version, classify_many
from govgraph.classify.contextual import load_claudette_model, load_contextual_model

RUNS = 3
RESULTS = Path(__file__).resolve().parent / "results" / "contextual.json"


def rate(
    clauses: list[str], contextual: bool, convention: str = "definitions"
) -> tuple[list[float], list[float]]:
    """Clauses per CPU-second and per wall-second, one of each per run."""
    cpu, wall = [], []
    for _ in range(RUNS):
        started, clock = time.process_time(), time.perf_counter()
        classify_many(clauses, contextual=contextual, convention=convention)
        cpu.append(len(clauses) / (time.process_time() - started))
        wall.append(len(clauses) / (time.perf_counter() - clock))
    return cpu, wall


def main() -> None:
    clauses = list(dict.fromkeys(ota_clauses()))
    classify_many(["warm up the rules and the models"], contextual=False)
    started = time.process_time()
    load_contextual_model()
    load_seconds = time.process_time() - started
    load_claudette_model()
    (default, default_wall), (contextual, contextual_wall), (claudette, claudette_wall) = (
        rate(clauses, False),
        rate(clauses, True),
        rate(clauses, False, "claudette"),
    )
    result = {
        "clauses": len(clauses),
        "mean_chars": round(sum(map(len, clauses)) / len(clauses)),
        "default": classifier_version(),
        "contextual": classifier_version(contextual=True),
        "claudette": classifier_version(convention="claudette"),
        "default_per_cpu_s": round(statistics.median(default), 1),
        "contextual_per_cpu_s": round(statistics.median(contextual), 1),
        "ratio": round(statistics.median(default) / statistics.median(contextual), 1),
        "default_per_wall_s": round(statistics.median(default_wall), 1),
        "contextual_per_wall_s": round(statistics.median(contextual_wall), 1),
        "claudette_per_cpu_s": round(statistics.median(claudette), 1),
        "claudette_ratio": round(statistics.median(default) / statistics.median(claudette), 1),
        "claudette_per_wall_s": round(statistics.median(claudette_wall), 1),
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
        "model_load_cpu_s": round(load_seconds, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "runs": RUNS,
        "python": platform.python_version(),
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
