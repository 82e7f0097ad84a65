"""Cost of a whole-history load labelled by the contextual model, against the default.

What: one OTA collection (default genai-eu: a clone of
../shared/data/ota/genai-eu/versions.bundle, with its metadata.yml beside it) loaded into
a fresh embedded store twice, with the default classifier and with ``--model
contextual`` (``load_source(..., classifier=...)``, the worker process as a load uses
it). Wall and CPU time (own plus the worker's), new clauses, labels, and how many labels
the contextual model added. Once each: a load is long and its parts are measured
elsewhere (bench/run.py's ``load``; bench/contextual.py for clauses per CPU-second).
Writes bench/results/load-contextual.json.

Why: the README tells analysts when a contextual store is worth building; this is the
figure behind that advice.

    .venv/bin/python bench/load_contextual.py [--collection genai-eu] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from govgraph.classifier_choice import DEFAULT, ClassifierChoice
from govgraph.graph.embedded import EmbeddedStore
from govgraph.ingest import load_source
from govgraph.loaders.detect import open_source

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "load-contextual.json"


def clone(shared: Path, collection: str, into: Path) -> Path:
    """A versions clone with the collection's metadata.yml beside it, as in ../shared."""
    source = shared / "data" / "ota" / collection
    target = into / collection
    target.mkdir(parents=True)
    subprocess.run(
        ["git", "clone", "-q", str(source / "versions.bundle"), str(target / "versions")],
        check=True,
    )
    for extra in ("metadata.yml", "declarations"):
        if (source / extra).exists():
            copy = shutil.copytree if (source / extra).is_dir() else shutil.copy2
            copy(source / extra, target / extra)
    return target / "versions"


def measure(repo: Path, store: Path, choice: ClassifierChoice) -> dict[str, object]:
    """One load into a fresh store: time, CPU (the worker's included) and label counts."""
    before, clock = os.times(), time.perf_counter()
    summary = load_source(open_source(repo), store, classifier=choice)
    wall = time.perf_counter() - clock
    after = os.times()
    cpu = sum(after[:4]) - sum(before[:4])  # user + system, own and waited-for children
    with EmbeddedStore.open(store) as embedded:
        methods = embedded.query("MATCH ()-[r:CLASSIFIED_AS]->() RETURN r.method").rows
    return {
        "classifier": summary.classifier,
        "versions": summary.versions,
        "new_clauses": summary.new_clauses,
        "labels": summary.labels,
        "contextual_labels": sum(1 for (m,) in methods if m.startswith("contextual:")),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--collection", default="genai-eu")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govgraph-bench-") as work:
        repo = clone(args.shared, args.collection, Path(work))
        default = measure(repo, Path(work) / "default", DEFAULT)
        contextual = measure(repo, Path(work) / "contextual", ClassifierChoice(contextual=True))
    result = {
        "collection": args.collection,
        "default": default,
        "contextual": contextual,
        "wall_ratio": round(contextual["wall_s"] / default["wall_s"], 1),  # type: ignore[operator]
        "cpu_ratio": round(contextual["cpu_s"] / default["cpu_s"], 1),  # type: ignore[operator]
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
