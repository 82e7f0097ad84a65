"""Latency of every canned report on an existing store: median wall and CPU of N calls.

A quick loop for working on the reports (the suite's ``reports`` task measures the same
calls in a subprocess of its own; this prints per-call CPU too, and can save every
report's rows so a change can be checked to give exactly the same answers):

    .venv/bin/python bench/report_latency.py --store /tmp/copy-of-store
    .venv/bin/python bench/report_latency.py --store S --language sparql --only changes
    .venv/bin/python bench/report_latency.py --backend neo4j       # the dev server's store
    .venv/bin/python bench/report_latency.py --store S --save before.json
    .venv/bin/python bench/report_latency.py --store S --compare before.json

Why CPU beside wall: the machine is shared, and wall time then includes waiting for a
core. Neo4j's CPU is in the server, so for it only wall means much.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tasks import report_calls


def _plain(value: Any) -> Any:
    """Rows as JSON-comparable values (tuples become lists, floats kept as they are)."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="embedded store directory (a copy!)")
    parser.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--language", choices=["cypher", "sparql"], default="cypher")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", nargs="+", help="report names")
    parser.add_argument("--save", type=Path, help="write every report's rows to this JSON")
    parser.add_argument("--compare", type=Path, help="fail unless rows equal this JSON's")
    args = parser.parse_args(argv)

    from govgraph.cli.output import OutputFormat
    from govgraph.graph.base import Capability
    from govgraph.queries.canned import StoreRunner

    if args.backend == "neo4j":
        from govgraph.graph.neo4j_store import Neo4jStore

        store: Any = Neo4jStore.connect()
    else:
        from govgraph.graph.embedded import EmbeddedStore

        if args.store is None:
            parser.error("--store is needed for the embedded backend")
        store = EmbeddedStore.open(args.store)
    language = Capability.SPARQL if args.language == "sparql" else Capability.CYPHER
    runner = StoreRunner(store, language)
    answers: dict[str, Any] = {}
    print(f"{'report':24} {'rows':>6} {'cold ms':>9} {'wall ms':>9} {'cpu ms':>9}")
    try:
        for name, call in report_calls().items():
            if args.only and name not in args.only:
                continue
            walls, cpus = [], []
            for _ in range(args.repeats + 1):
                w0, c0 = time.perf_counter(), time.process_time()
                result = call(runner)
                result.render(OutputFormat.table, width=120)
                walls.append(time.perf_counter() - w0)
                cpus.append(time.process_time() - c0)
            answers[name] = {
                "columns": result.columns,
                "rows": _plain(result.rows),
                "title": result.title,
                "notes": result.notes,
            }
            print(
                f"{name:24} {len(result.rows):>6} {walls[0] * 1000:>9.0f} "
                f"{statistics.median(walls[1:]) * 1000:>9.0f} "
                f"{statistics.median(cpus[1:]) * 1000:>9.0f}",
                flush=True,
            )
    finally:
        store.close()
    if args.save:
        args.save.write_text(json.dumps(answers, indent=1, sort_keys=True), "utf-8")
    if args.compare:
        before = json.loads(args.compare.read_text("utf-8"))
        now = json.loads(json.dumps(answers))
        differ = [n for n in now if n in before and before[n] != now[n]]
        for name in differ:
            print(f"DIFFERENT: {name}", file=sys.stderr)
        if differ:
            return 1
        print(f"same answers as {args.compare} for {', '.join(now)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
