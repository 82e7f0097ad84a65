"""Push the embedded store to Neo4j: idempotent, and incremental through a push state.

Why a state file: a re-push after a small load should cost the change, not the whole graph.
For each target (server URI + database; never the password) the store directory keeps
``push-state/<sha of uri+db>.json`` mapping every record key to a digest of the row last
sent. A push sends the records whose digest is new or changed, and writes the new state
only after every batch has committed; a push that fails half-way therefore leaves the old
state, and the rerun resends (MERGE makes that harmless: no duplicates).

Deletions: loads never delete records (a clause that leaves a document closes its
interval; the record stays), so sending new and changed records keeps Neo4j equal to the
store. If the server lost data the state believed it had (someone emptied the database),
the push notices that the server holds fewer nodes than the state and sends everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govgraph.graph.neo4j_store import BATCH_SIZE, Neo4jStore
from govgraph.graph.schema import edge_row, node_row
from govgraph.models import NODE_TYPES, Edge, Node

STATE_DIR = "push-state"
STATE_VERSION = 1


@dataclass(frozen=True)
class PushSummary:
    """What a push did."""

    records: int  # records in the store
    nodes_sent: int
    relationships_sent: int
    unchanged: int
    skipped_relationships: int
    seconds: float
    full: bool  # everything was sent (first push, or the server lost data)

    def line(self) -> str:
        rate = (self.nodes_sent + self.relationships_sent) / self.seconds if self.seconds else 0
        text = (
            f"pushed {self.nodes_sent} nodes and {self.relationships_sent} relationships "
            f"({self.unchanged} unchanged) in {self.seconds:.1f} s ({rate:,.0f} records/s)"
        )
        if self.skipped_relationships:
            text += f"; {self.skipped_relationships} relationships skipped: endpoint missing"
        return text


def record_key(record: Node | Edge) -> str:
    if isinstance(record, Node):
        return f"{record.LABEL}:{record.id}"
    return f"{record.TYPE}:{record.key()}"


def record_digest(record: Node | Edge) -> str:
    row: dict[str, Any] = node_row(record) if isinstance(record, Node) else edge_row(record)
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def state_path(store_dir: Path, uri: str, database: str | None) -> Path:
    """One state file per target; the name hashes the URI (without credentials) and database."""
    target = f"{uri}\x1f{database or ''}"
    return (
        Path(store_dir) / STATE_DIR / (hashlib.sha256(target.encode()).hexdigest()[:24] + ".json")
    )


def load_state(path: Path, uri: str, database: str | None) -> dict[str, str]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    if data.get("version") != STATE_VERSION or data.get("uri") != uri:
        return {}
    if data.get("database") != database:
        return {}
    digests = data.get("digests")
    return digests if isinstance(digests, dict) else {}


def save_state(path: Path, uri: str, database: str | None, digests: dict[str, str]) -> None:
    """Write atomically (temp file + rename), so a crash never leaves half a state."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": STATE_VERSION, "uri": uri, "database": database, "digests": digests}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".push-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def push(
    records: Iterable[Node | Edge],
    target: Neo4jStore,
    store_dir: Path,
    *,
    batch_size: int = BATCH_SIZE,
    full: bool = False,
) -> PushSummary:
    """Send the records whose digest changed since the last push to this target."""
    started = time.monotonic()
    path = state_path(store_dir, target.uri, target.database)
    old = {} if full else load_state(path, target.uri, target.database)
    if old and _server_lost_data(target, old):
        old = {}
    new: dict[str, str] = {}
    changed: list[Node | Edge] = []
    for record in records:
        key, digest = record_key(record), record_digest(record)
        new[key] = digest
        if old.get(key) != digest:
            changed.append(record)
    summary = target.write_records(changed, batch_size=batch_size)
    if summary.skipped_relationships:
        # Keep the skipped ones out of the state so the next push tries them again.
        sent = {record_key(r) for r in changed if isinstance(r, Edge)}
        missing = _missing_edges(target, [r for r in changed if isinstance(r, Edge)])
        for key in sent & missing:
            new.pop(key, None)
    save_state(path, target.uri, target.database, new)
    return PushSummary(
        records=len(new),
        nodes_sent=summary.nodes,
        relationships_sent=summary.relationships,
        unchanged=len(new) - len(changed),
        skipped_relationships=summary.skipped_relationships,
        seconds=time.monotonic() - started,
        full=not old,
    )


def _server_lost_data(target: Neo4jStore, old: dict[str, str]) -> bool:
    """True when the server holds fewer nodes of some label than the last push sent."""
    expected: dict[str, int] = {}
    for key in old:
        label = key.split(":", 1)[0]
        expected[label] = expected.get(label, 0) + 1
    labels = {m.LABEL for m in NODE_TYPES}
    return any(target.count(label) < count for label, count in expected.items() if label in labels)


def _missing_edges(target: Neo4jStore, edges: list[Edge]) -> set[str]:
    """Keys of the given edges that the server does not hold."""
    missing: set[str] = set()
    by_type: dict[str, list[Edge]] = {}
    for edge in edges:
        by_type.setdefault(edge.TYPE, []).append(edge)
    for rel_type, group in by_type.items():
        ids = [e.key() for e in group]
        # rel_type comes from the model allow-list (Edge.TYPE), never from input.
        result = target.query(
            f"UNWIND $ids AS id OPTIONAL MATCH ()-[r:{rel_type} {{id: id}}]->() "
            "WITH id, r WHERE r IS NULL RETURN id",
            {"ids": ids},
            row_limit=len(ids) + 1,
        )
        missing |= {f"{rel_type}:{row[0]}" for row in result.rows}
    return missing
