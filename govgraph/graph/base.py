"""The store protocol every backend implements, and the registry the CLI's choices come from.

A store takes typed records in batches (``write``), answers queries in the languages it
declares (``capabilities``), and closes. Backends register themselves by name; the CLI's
``--store``/``--neo4j`` help text is built from the registry, so a new backend appears in
the CLI without touching it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from govgraph.models import Edge, Node


class Capability(StrEnum):
    CYPHER = "cypher"
    SPARQL = "sparql"
    WRITE = "write"


@dataclass
class QueryResult:
    """Rows of a query, with column names in RETURN/SELECT order."""

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@runtime_checkable
class GraphStore(Protocol):
    """What every backend does."""

    name: str
    capabilities: frozenset[Capability]

    def write(self, records: Iterable[Node | Edge]) -> None:
        """Upsert records (MERGE semantics: writing a record twice changes nothing)."""
        ...

    def query(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        language: Capability = Capability.CYPHER,
        write: bool = False,
    ) -> QueryResult:
        """Run a query; read-only unless ``write``."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class BackendInfo:
    name: str
    summary: str
    capabilities: frozenset[Capability]
    factory: Callable[..., GraphStore]


_REGISTRY: dict[str, BackendInfo] = {}


def register(info: BackendInfo) -> None:
    _REGISTRY[info.name] = info


def backends() -> dict[str, BackendInfo]:
    """Registered backends, importing the built-in ones on first use."""
    if not _REGISTRY:
        import govgraph.graph.backends  # noqa: F401  (registers the built-ins)
    return dict(_REGISTRY)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def group_records(
    records: Iterable[Node | Edge],
) -> tuple[dict[str, list[Node]], dict[str, list[Edge]]]:
    """Records by node label and by relationship type, nodes first in write order."""
    nodes: dict[str, list[Node]] = {}
    edges: dict[str, list[Edge]] = {}
    for record in records:
        if isinstance(record, Node):
            nodes.setdefault(record.LABEL, []).append(record)
        else:
            edges.setdefault(record.TYPE, []).append(record)
    return nodes, edges
