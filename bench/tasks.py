"""The measurements themselves: each runs in a subprocess of its own, started by run.py.

Usage (run.py does this; by hand only to debug one measurement):

    .venv/bin/python bench/tasks.py TASK ARGS.json RESULT.json

Why a subprocess per measurement: peak memory (the parent reads it with ``os.wait4``)
then belongs to that measurement alone, and no cache of one measurement (ladybug's
buffer pool, the classifier's compiled rules, imported modules) flatters the next. Each
task times only its own work (``perf_counter`` for wall, ``os.times`` for CPU including
waited-for children such as git), not the interpreter's start-up, and writes a JSON dict.
"""

from __future__ import annotations

import io
import json
import os
import signal
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TASKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def task(func: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[dict[str, Any]], Any]:
    TASKS[func.__name__.replace("_", "-")] = func
    return func


def cpu_seconds() -> float:
    """User + system CPU of this process and of its waited-for children (git)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Clock:
    """Wall and CPU seconds of a block."""

    wall = cpu = 0.0

    @contextmanager
    def run(self) -> Iterator[Clock]:
        w0, c0 = time.perf_counter(), cpu_seconds()
        try:
            yield self
        finally:
            self.wall = time.perf_counter() - w0
            self.cpu = cpu_seconds() - c0


def rss_mb() -> tuple[float, float]:
    """(current RSS, peak RSS so far) of this process in MB, from /proc/self/status."""
    now = peak = 0.0
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return now, peak


class RssSampler:
    """Samples RSS against the number of versions processed so far (memory vs history)."""

    def __init__(self, every: float = 0.5) -> None:
        self.every = every
        self.versions = 0
        self.points: list[tuple[int, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.points.append((self.versions, round(rss_mb()[0], 1)))

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.points.append((self.versions, round(rss_mb()[0], 1)))


def open_repo(spec: dict[str, Any]) -> Any:
    """An OtaRepository for a clone prepared by run.py (metadata/declarations beside it)."""
    from govgraph.loaders.ota import OtaRepository

    return OtaRepository(spec["path"], jurisdiction=spec.get("jurisdiction"))


def text_bytes(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8"))


# ---------------------------------------------------------------------------- loads


@task
def load(args: dict[str, Any]) -> dict[str, Any]:
    """Load each repository in turn into one store; per-stage and total figures.

    ``snapshot_after_first``: copy the store after the first repository (untimed), for
    the measurements that need a one-collection store. ``sample_rss``: memory vs history.
    """
    import shutil

    from govgraph.ingest import load_source

    store = Path(args["store"])
    stages = []
    sampler = RssSampler() if args.get("sample_rss") else None
    if sampler:
        sampler.__enter__()
    try:
        for n, spec in enumerate(args["repos"]):
            counted = {"versions": 0, "bytes": 0}

            def progress(version: Any, counted: dict[str, int] = counted) -> None:
                counted["versions"] += 1
                counted["bytes"] += text_bytes(version.text)
                if sampler:
                    sampler.versions += 1

            clock = Clock()
            with clock.run():
                repo = open_repo(spec)
                summary = load_source(repo, store, progress=progress)
            stages.append(
                {
                    "repo": spec["name"],
                    "commits": repo.commits_read,
                    "versions_read": counted["versions"],
                    "mb_text": counted["bytes"] / 1e6,
                    "wall": clock.wall,
                    "cpu": clock.cpu,
                    "rss_after_mb": rss_mb()[0],
                    "up_to_date": summary.up_to_date,
                    "summary": dict(summary.as_rows()),
                    "jurisdiction": repo.jurisdiction,
                }
            )
            if n == 0 and args.get("snapshot_after_first"):
                shutil.copytree(store, args["snapshot_after_first"], symlinks=True)
    finally:
        if sampler:
            sampler.__exit__()
    out: dict[str, Any] = {
        "stages": stages,
        "wall": sum(s["wall"] for s in stages),
        "cpu": sum(s["cpu"] for s in stages),
        "versions": sum(s["summary"]["versions"] for s in stages),
        "versions_read": sum(s["versions_read"] for s in stages),
        "commits": sum(s["commits"] for s in stages),
        "mb_text": sum(s["mb_text"] for s in stages),
        "peak_rss_self_mb": rss_mb()[1],
        "store_mb": dir_mb(store),
    }
    if sampler:
        out["rss_points"] = sampler.points
    return out


def dir_mb(path: Path) -> float:
    """Disk use of a directory (hard links counted once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            st = os.lstat(os.path.join(root, name))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_size
    return total / 1e6


@task
def naive(args: dict[str, Any]) -> dict[str, Any]:
    """Baseline: every version re-processed from scratch, no interval model.

    Every version is segmented, every clause of it classified (the classifier's cache
    lives for one version only, as a per-version pipeline would have it), and one
    CONTAINS row per version per clause written into a throwaway store, with the clause
    nodes upserted. The incremental load does the same work only for what changed.
    """
    from govgraph import ids
    from govgraph.classify import classify_many
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.ingest import ensure_reference_data
    from govgraph.loaders.segment import segment
    from govgraph.models import Clause, Contains, Document, HasVersion, Platform, Version

    store = Path(args["store"])
    seg_s = cls_s = write_s = 0.0
    versions = clauses = rows = 0
    total = Clock()
    with total.run(), EmbeddedStore.open_for_write(store) as txn:
        ensure_reference_data(txn)
        for spec in args["repos"]:
            repo = open_repo(spec)
            docs: set[str] = set()
            last: dict[str, Any] = {}
            new: list[Any] = []
            upserts: dict[str, Any] = {}
            for version in repo.versions():
                ref = version.document
                doc = ids.document_id(ref.platform, ref.terms_type, ref.jurisdiction)
                if doc not in docs:
                    docs.add(doc)
                    platform = ids.platform_id(ref.platform)
                    txn.write(
                        [
                            Platform(id=platform, name=ref.platform),
                            Document(
                                id=doc,
                                platform=ref.platform,
                                terms_type=ref.terms_type,
                                jurisdiction=ref.jurisdiction,
                            ),
                        ]
                    )
                at = version.recorded_at
                if doc in last and at <= last[doc]:
                    continue  # as the incremental load does: one version per moment
                last[doc] = at
                vid = f"{doc}@{at}"
                t0 = time.process_time()
                segments = segment(version.text)
                t1 = time.process_time()
                classify_many([s.text for s in segments])
                t2 = time.process_time()
                seg_s += t1 - t0
                cls_s += t2 - t1
                versions += 1
                clauses += len(segments)
                cids = [ids.clause_id(doc, s.text) for s in segments]
                new.append(
                    Version(
                        id=vid,
                        document=doc,
                        recorded_at=at,
                        source_id=version.source_id,
                        content_hash=ids.content_hash(version.text),
                        technical=version.technical,
                        clause_ids=cids,
                    )
                )
                new.append(HasVersion(source=doc, target=vid))
                for cid, s in zip(cids, segments, strict=True):
                    upserts[cid] = Clause(id=cid, document=doc, text=s.text, section=s.section)
                for cid in dict.fromkeys(cids):
                    new.append(
                        Contains(
                            source=doc,
                            target=cid,
                            id=ids.containment_id(doc, cid, at),
                            since=at,
                            from_version=vid,
                            until=at,
                            to_version=vid,
                        )
                    )
                if len(new) + len(upserts) >= 20_000:
                    t3 = time.process_time()
                    rows += _naive_flush(txn, new, upserts)
                    write_s += time.process_time() - t3
                    new, upserts = [], {}
            t3 = time.process_time()
            rows += _naive_flush(txn, new, upserts)
            write_s += time.process_time() - t3
    return {
        "wall": total.wall,
        "cpu": total.cpu,
        "versions": versions,
        "clauses_processed": clauses,
        "rows_written": rows,
        "segment_cpu": seg_s,
        "classify_cpu": cls_s,
        "write_cpu": write_s,
        "peak_rss_self_mb": rss_mb()[1],
        "store_mb": dir_mb(store),
    }


def _naive_flush(txn: Any, new: list[Any], upserts: dict[str, Any]) -> int:
    nodes = list(upserts.values())
    txn.write(nodes)  # clause nodes repeat across versions: upsert
    txn.write([r for r in new if not hasattr(r, "TYPE")], new=True)
    txn.write([r for r in new if hasattr(r, "TYPE")], new=True)
    return len(nodes) + len(new)


@task
def new_commit(args: dict[str, Any]) -> dict[str, Any]:
    """Fast-forward a clone by its last commit (untimed), then time the load of it."""
    import subprocess

    from govgraph.ingest import load_source

    subprocess.run(
        ["git", "-C", args["repo"]["path"], "reset", "-q", "--hard", args["to"]], check=True
    )
    clock = Clock()
    with clock.run():
        repo = open_repo(args["repo"])
        summary = load_source(repo, args["store"])
    return {
        "wall": clock.wall,
        "cpu": clock.cpu,
        "commits": repo.commits_read,
        "summary": dict(summary.as_rows()),
        "peak_rss_self_mb": rss_mb()[1],
    }


# ---------------------------------------------------------------------------- queries


@task
def classify(args: dict[str, Any]) -> dict[str, Any]:
    """classify_many on the distinct clause texts of the latest versions, repeated."""
    from govgraph.classify import classify_many
    from govgraph.graph.embedded import EmbeddedStore

    with EmbeddedStore.open(args["store"]) as store:
        rows = store.query(
            "MATCH (d:Document)-[r:CONTAINS]->(c:Clause) WHERE r.until IS NULL "
            "RETURN DISTINCT c.text",
            row_limit=10_000_000,
        ).rows
    texts = sorted({r[0] for r in rows})
    runs = []
    for _ in range(int(args.get("repeats", 3))):
        clock = Clock()
        with clock.run():
            labels = classify_many(texts)
        runs.append({"wall": clock.wall, "cpu": clock.cpu})
    return {
        "clauses": len(texts),
        "chars": sum(map(len, texts)),
        "labels": sum(map(len, labels)),
        "runs": runs,
        "clauses_per_s_wall": len(texts) / statistics.median(r["wall"] for r in runs),
        "clauses_per_cpu_s": len(texts) / statistics.median(r["cpu"] for r in runs),
    }


def report_calls() -> dict[str, Callable[[Any], Any]]:
    """Every canned report, called as `govgraph report ...` would with the help's examples."""
    from govgraph.queries import reports

    return {
        "training_restrictions": lambda r: reports.training_restrictions(r, "EU"),
        "compare": lambda r: reports.compare(r, "provider-trains-on-user-content", None, "EU"),
        "similar": lambda r: reports.similar(
            r, None, "You may not use Output to train competing models.", None, None, 10
        ),
        "platform_profile": lambda r: reports.platform_profile(r, "ChatGPT"),
        "changes": lambda r: reports.changes(r, ["ChatGPT"]),
        "timeline": lambda r: reports.timeline(r, "ai-output-training-ban"),
        "coverage": lambda r: reports.coverage(r, "EU"),
        "regulations": lambda r: reports.regulations(r, "provider-trains-on-user-content", "EU"),
        "stats": reports.stats,
    }


@task
def reports(args: dict[str, Any]) -> dict[str, Any]:
    """Latency of every canned report (built and rendered as a table) on one backend.

    The first call of each report is recorded apart (cold caches); the median is over
    ``repeats`` calls after it.
    """
    from govgraph.cli.output import OutputFormat
    from govgraph.graph.base import Capability
    from govgraph.queries.canned import StoreRunner

    backend = args["backend"]
    clock = Clock()
    with clock.run():
        if backend == "neo4j":
            from govgraph.graph.neo4j_store import Neo4jStore

            store: Any = Neo4jStore.connect()
        else:
            from govgraph.graph.embedded import EmbeddedStore

            store = EmbeddedStore.open(args["store"])
    open_s = clock.wall
    language = Capability.SPARQL if backend == "sparql" else Capability.CYPHER
    runner = StoreRunner(store, language)
    out: dict[str, Any] = {"open_s": open_s, "reports": {}}
    try:
        for name, call in report_calls().items():
            times = []
            rows = 0
            for _ in range(int(args.get("repeats", 5)) + 1):
                t0 = time.perf_counter()
                result = call(runner)
                result.render(OutputFormat.table, width=120)
                times.append(time.perf_counter() - t0)
                rows = len(result.rows)
            out["reports"][name] = {
                "cold_s": times[0],
                "median_s": statistics.median(times[1:]),
                "min_s": min(times[1:]),
                "max_s": max(times[1:]),
                "rows": rows,
            }
    finally:
        store.close()
    return out


# ---------------------------------------------------------------------------- neo4j


@task
def push(args: dict[str, Any]) -> dict[str, Any]:
    """`govgraph push neo4j --full` of the whole store into an emptied database."""
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.graph.neo4j_push import push as push_records
    from govgraph.graph.neo4j_store import Neo4jStore

    target = Neo4jStore.connect(timeout_s=600)
    try:
        _empty(target)
        clock = Clock()
        with clock.run(), EmbeddedStore.open(args["store"]) as source:
            summary = push_records(source.iter_records(), target, source.path, full=True)
        counts = target.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
        nodes = target.query("MATCH (n) RETURN count(n)").rows[0][0]
    finally:
        target.close()
    return {
        "wall": clock.wall,
        "cpu_client": clock.cpu,
        "nodes_sent": summary.nodes_sent,
        "relationships_sent": summary.relationships_sent,
        "skipped": summary.skipped_relationships,
        "server_nodes": nodes,
        "server_relationships": counts,
        "relationships_per_s": summary.relationships_sent / clock.wall,
        "records_per_s": (summary.nodes_sent + summary.relationships_sent) / clock.wall,
    }


def _empty(target: Any) -> None:
    """Delete everything in batches, relationships first: one big DETACH DELETE exceeds the
    dev server's transaction memory limit (a category or document node alone has tens of
    thousands of relationships, so even 2,000 nodes at a time did)."""
    for statement in (
        "MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*)",
        "MATCH (n) WITH n LIMIT 10000 DELETE n RETURN count(*)",
    ):
        while True:
            done = target.query(statement, write=True, timeout_s=600)
            if not done.rows or not done.rows[0][0]:
                break


@task
def neo4j_rows(args: dict[str, Any]) -> dict[str, Any]:
    """Baseline: one transaction per row versus batched UNWIND, same records, same server.

    The sample: every Platform and Document node, the first N clause nodes by id, and the
    CONTAINS relationships between them. Each method writes it into an emptied database.
    """
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.graph.neo4j_store import Neo4jStore, _run_batch
    from govgraph.graph.schema import edge_merge_cypher, edge_row, node_merge_cypher, node_row
    from govgraph.models import Clause, Contains, Document, Platform

    limit = int(args.get("clauses", 2000))
    with EmbeddedStore.open(args["store"]) as source:
        wanted: list[Any] = []
        clause_ids: set[str] = set()
        for record in source.iter_records():
            if isinstance(record, Platform | Document):
                wanted.append(record)
            elif isinstance(record, Clause) and len(clause_ids) < limit:
                clause_ids.add(record.id)
                wanted.append(record)
            elif isinstance(record, Contains) and record.target in clause_ids:
                wanted.append(record)
    target = Neo4jStore.connect(timeout_s=600)
    out: dict[str, Any] = {"records": len(wanted)}
    try:
        target.ensure_schema()
        _empty(target)
        clock = Clock()
        with clock.run():
            for record in wanted:
                if hasattr(record, "TYPE"):
                    statement = edge_merge_cypher(record.TYPE) + " RETURN count(*) AS written"
                    row = edge_row(record)
                else:
                    statement = node_merge_cypher(record.LABEL) + " RETURN count(*) AS written"
                    row = node_row(record)
                target._execute_write(_run_batch, statement, [row])
        out["per_row"] = {"wall": clock.wall, "rows_per_s": len(wanted) / clock.wall}
        per_row_rels = target.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
        _empty(target)
        clock = Clock()
        with clock.run():
            target.write_records(wanted)
        out["unwind"] = {"wall": clock.wall, "rows_per_s": len(wanted) / clock.wall}
        unwind_rels = target.query("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
        out["relationships"] = {"per_row": per_row_rels, "unwind": unwind_rels}
        _empty(target)
    finally:
        target.close()
    out["speedup"] = out["per_row"]["wall"] / out["unwind"]["wall"]
    return out


# ---------------------------------------------------------------------------- rdflib


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise _Timeout


@task
def rdflib_vs_oxigraph(args: dict[str, Any]) -> dict[str, Any]:
    """The canned .rq queries (their example parameters) on Oxigraph and on rdflib's
    default in-memory store loaded from the store's N-Triples export."""
    import rdflib

    from govgraph.graph.base import Capability
    from govgraph.graph.embedded import DEFAULT_PREFIXES, EmbeddedStore
    from govgraph.graph.export import ExportFormat, export_rdf
    from govgraph.queries.canned import MAX_ROWS, canned_names, query_text

    cap = float(args.get("timeout_s", 120))
    repeats = int(args.get("repeats", 3))
    out: dict[str, Any] = {"queries": {}, "timeout_s": cap}
    signal.signal(signal.SIGALRM, _alarm)
    with EmbeddedStore.open(args["store"]) as store:
        buffer = io.BytesIO()
        export_rdf(store, ExportFormat.nt, buffer)
        data = buffer.getvalue()
        graph = rdflib.Graph()
        clock = Clock()
        with clock.run():
            graph.parse(data=data, format="nt")
        out["triples"] = len(graph)
        out["rdflib_load_s"] = clock.wall
        out["rdflib_rss_mb"] = rss_mb()[0]
        for name in args.get("queries") or canned_names():
            text = query_text(name, Capability.SPARQL)
            ox_times, rows_ox = [], 0
            for _ in range(repeats + 1):
                t0 = time.perf_counter()
                result = store.query(text, language=Capability.SPARQL, row_limit=MAX_ROWS)
                ox_times.append(time.perf_counter() - t0)
                rows_ox = len(result.rows)
            entry: dict[str, Any] = {
                "oxigraph_s": statistics.median(ox_times[1:]),
                "oxigraph_rows": rows_ox,
            }
            rd_times = []
            try:
                for _ in range(2):
                    signal.setitimer(signal.ITIMER_REAL, cap)
                    t0 = time.perf_counter()
                    rows_rd = len(list(graph.query(text, initNs=DEFAULT_PREFIXES)))
                    rd_times.append(time.perf_counter() - t0)
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    if rd_times[-1] > 2:  # expensive: once is enough
                        break
                entry["rdflib_s"] = statistics.median(rd_times)
                entry["rdflib_rows"] = rows_rd
                entry["rows_equal"] = rows_rd == rows_ox
                entry["ratio"] = entry["rdflib_s"] / max(entry["oxigraph_s"], 1e-9)
            except _Timeout:
                entry["rdflib_s"] = None
                entry["rdflib_timeout"] = True
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            out["queries"][name] = entry
            print(name, json.dumps(entry), flush=True)  # progress, in the task's log
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 4 or argv[1] not in TASKS:
        print(f"usage: {argv[0]} {{{','.join(TASKS)}}} ARGS.json RESULT.json", file=sys.stderr)
        return 2
    args = json.loads(Path(argv[2]).read_text("utf-8"))
    result = TASKS[argv[1]](args)
    Path(argv[3]).write_text(json.dumps(result, indent=1, default=str), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
