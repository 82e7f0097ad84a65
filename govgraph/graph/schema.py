"""The property-graph schema, derived from the records, and the Cypher that writes it.

Labels and relationship types come only from ``govgraph.models`` (an allow-list), never
from input text; values always travel as parameters (``UNWIND $rows``). The same MERGE
statements run on the embedded store and on Neo4j.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from govgraph.models import EDGE_BY_TYPE, EDGE_TYPES, NODE_BY_LABEL, NODE_TYPES, Edge, Node

_SCALAR = {str: "STRING", int: "INT64", float: "DOUBLE", bool: "BOOLEAN"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # ladybug/Kùzu type name: STRING, INT64, DOUBLE, BOOLEAN, STRING[]


def _column_type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _column_type(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _column_type(inner[0])
    if origin is typing.Literal:
        return "STRING"
    if origin is list:
        return _column_type(typing.get_args(annotation)[0]) + "[]"
    if annotation in _SCALAR:
        return _SCALAR[annotation]
    raise TypeError(f"no column type for {annotation!r}")


@cache
def node_columns(label: str) -> tuple[Column, ...]:
    model = NODE_BY_LABEL[label]
    return tuple(Column(name, _column_type(f.annotation)) for name, f in model.model_fields.items())


@cache
def edge_columns(rel_type: str) -> tuple[Column, ...]:
    """Edge property columns: always ``id`` (the edge key), then the model's own fields."""
    model = EDGE_BY_TYPE[rel_type]
    cols = [Column("id", "STRING")]
    for name, f in model.model_fields.items():
        if name in ("source", "target", "id"):
            continue
        cols.append(Column(name, _column_type(f.annotation)))
    return tuple(cols)


def node_row(node: Node) -> dict[str, Any]:
    """All columns, None for unset ones, so an upsert overwrites stale values."""
    return node.model_dump()


def edge_row(edge: Edge) -> dict[str, Any]:
    row = edge.model_dump()
    row["id"] = edge.key()
    return row


def _assignment(var: str, name: str, null_columns: frozenset[str]) -> str:
    # A column that is null in every row of a batch is set with a literal NULL: an
    # embedded engine infers parameter types from values and cannot type an all-null one.
    return f"{var}.{name} = NULL" if name in null_columns else f"{var}.{name} = row.{name}"


def null_columns(rows: list[dict[str, Any]]) -> frozenset[str]:
    """Columns that are None in every row."""
    if not rows:
        return frozenset()
    return frozenset(k for k in rows[0] if all(r.get(k) is None for r in rows))


@cache
def node_merge_cypher(label: str, nulls: frozenset[str] = frozenset()) -> str:
    model = NODE_BY_LABEL[label]  # KeyError for anything not in the allow-list
    sets = ", ".join(
        _assignment("n", c.name, nulls) for c in node_columns(model.LABEL) if c.name != "id"
    )
    return f"UNWIND $rows AS row MERGE (n:{model.LABEL} {{id: row.id}}) SET {sets}"


@cache
def edge_merge_cypher(rel_type: str, nulls: frozenset[str] = frozenset()) -> str:
    model = EDGE_BY_TYPE[rel_type]
    props = [c.name for c in edge_columns(model.TYPE) if c.name != "id"]
    sets = (" SET " + ", ".join(_assignment("r", p, nulls) for p in props)) if props else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{model.SOURCE.LABEL} {{id: row.source}}) "
        f"MATCH (b:{model.TARGET.LABEL} {{id: row.target}}) "
        f"MERGE (a)-[r:{model.TYPE} {{id: row.id}}]->(b){sets}"
    )


def ladybug_ddl() -> list[str]:
    """CREATE TABLE statements for the embedded property graph."""
    statements = []
    for model in NODE_TYPES:
        cols = ", ".join(
            f"{c.name} {c.type}{' PRIMARY KEY' if c.name == 'id' else ''}"
            for c in node_columns(model.LABEL)
        )
        statements.append(f"CREATE NODE TABLE IF NOT EXISTS {model.LABEL}({cols})")
    for model in EDGE_TYPES:
        cols = ", ".join(f"{c.name} {c.type}" for c in edge_columns(model.TYPE))
        statements.append(
            f"CREATE REL TABLE IF NOT EXISTS {model.TYPE}"
            f"(FROM {model.SOURCE.LABEL} TO {model.TARGET.LABEL}, {cols})"
        )
    return statements


def neo4j_constraints() -> list[str]:
    """Uniqueness constraints (and so indexes) on every label's id, created before data."""
    statements = [
        f"CREATE CONSTRAINT {m.LABEL.lower()}_id IF NOT EXISTS "
        f"FOR (n:{m.LABEL}) REQUIRE n.id IS UNIQUE"
        for m in NODE_TYPES
    ]
    statements += [
        f"CREATE INDEX {m.TYPE.lower()}_id IF NOT EXISTS FOR ()-[r:{m.TYPE}]-() ON (r.id)"
        for m in EDGE_TYPES
    ]
    return statements


@cache
def node_create_cypher(label: str, nulls: frozenset[str] = frozenset()) -> str:
    """CREATE for nodes known not to exist yet (no lookup, much faster than MERGE)."""
    model = NODE_BY_LABEL[label]
    props = ", ".join(
        f"{c.name}: row.{c.name}" for c in node_columns(model.LABEL) if c.name not in nulls
    )
    return f"UNWIND $rows AS row CREATE (n:{model.LABEL} {{{props}}})"


@cache
def edge_create_cypher(rel_type: str, nulls: frozenset[str] = frozenset()) -> str:
    """CREATE for relationships known not to exist yet."""
    model = EDGE_BY_TYPE[rel_type]
    props = ", ".join(
        f"{c.name}: row.{c.name}" for c in edge_columns(model.TYPE) if c.name not in nulls
    )
    return (
        f"UNWIND $rows AS row MATCH (a:{model.SOURCE.LABEL} {{id: row.source}}) "
        f"MATCH (b:{model.TARGET.LABEL} {{id: row.target}}) "
        f"CREATE (a)-[r:{model.TYPE} {{{props}}}]->(b)"
    )
