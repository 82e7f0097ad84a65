"""The Neo4j backend: the same graph and the same Cypher on a Neo4j 5 server (or Aura).

Why it looks like this (neo4j driver practice): one long-lived driver per store; every
write is an ``UNWIND $rows`` batch of MERGE statements from ``graph.schema`` (labels and
types from the model allow-list, values only as parameters) run in a managed write
transaction, whose function is idempotent so the driver may retry it after a transient
fault (connection reset, leader switch, deadlock) without duplicating anything. Ad-hoc
queries run in READ transactions, so the server itself refuses writes unless asked.

The password is handed to the driver and kept nowhere else: not in attributes, ``repr``,
messages or logs. Errors a user can cause become ``ServerError``/``InputError`` one-liners.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import exceptions as nx

from govgraph import __version__
from govgraph.errors import InputError, ServerError, StoreError
from govgraph.graph.base import (
    BackendInfo,
    Capability,
    QueryResult,
    batched,
    group_records,
    register,
)
from govgraph.graph.schema import (
    edge_merge_cypher,
    edge_row,
    neo4j_constraints,
    node_merge_cypher,
    node_row,
)
from govgraph.models import EDGE_TYPES, NODE_TYPES, Edge, Node

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
BATCH_SIZE = 5000
DEFAULT_ROW_LIMIT = 10_000
DEFAULT_TIMEOUT_S = 60.0
CONNECT_TIMEOUT_S = 10.0
MAX_RETRY_TIME_S = 30.0
MIN_MAJOR_VERSION = 5

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_AGENT = re.compile(r"^Neo4j/(\d+)\.(\d+)")


def safe_uri(uri: str) -> str:
    """The URI without any ``user:password@`` part, fit for messages."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<invalid URI>"
    if parts.hostname is None or "@" not in parts.netloc:
        return uri
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def check_server_version(agent: str, uri: str) -> tuple[int, int]:
    """The server's (major, minor) from its agent string; ServerError if unsupported."""
    match = _AGENT.match(agent or "")
    if not match:
        raise ServerError(f"the server at {safe_uri(uri)} is not Neo4j (it says {agent!r})")
    major, minor = int(match.group(1)), int(match.group(2))
    if major < MIN_MAJOR_VERSION:
        raise ServerError(
            f"Neo4j at {safe_uri(uri)} runs version {agent.split('/', 1)[1]}; "
            f"govgraph needs Neo4j {MIN_MAJOR_VERSION} or later (5.26 LTS, 2025.x, or Aura)"
        )
    return major, minor


def to_plain(value: Any) -> Any:
    """Driver values as plain Python: nodes and relationships as their property dicts."""
    if isinstance(value, neo4j.graph.Node | neo4j.graph.Relationship):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Path):
        return [to_plain(n) for n in value.nodes]
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time Date, Time, DateTime
        return value.iso_format()
    return value


@dataclass(frozen=True)
class WriteSummary:
    nodes: int = 0
    relationships: int = 0
    skipped_relationships: int = 0  # an endpoint was missing on the server


class Neo4jStore:
    """A Neo4j server as a govgraph store."""

    name = "neo4j"
    capabilities = frozenset({Capability.CYPHER, Capability.WRITE})

    def __init__(
        self,
        driver: neo4j.Driver,
        uri: str,
        user: str,
        database: str | None,
        *,
        row_limit: int = DEFAULT_ROW_LIMIT,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._driver = driver
        self.uri = safe_uri(uri)
        self.user = user
        self.database = database
        self.row_limit = row_limit
        self.timeout_s = timeout_s
        self.server_agent = ""
        self._schema_ready = False

    def __repr__(self) -> str:
        return f"Neo4jStore(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"

    # ------------------------------------------------------------------ connecting

    @classmethod
    def connect(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        *,
        row_limit: int = DEFAULT_ROW_LIMIT,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        connection_timeout_s: float = CONNECT_TIMEOUT_S,
        max_retry_time_s: float = MAX_RETRY_TIME_S,
    ) -> Neo4jStore:
        """Connect, check the credentials and the server version (NEO4J_* variables fill gaps)."""
        uri = uri or os.environ.get("NEO4J_URI") or DEFAULT_URI
        user = user or os.environ.get("NEO4J_USERNAME") or DEFAULT_USER
        if password is None:
            password = os.environ.get("NEO4J_PASSWORD")
        database = database or os.environ.get("NEO4J_DATABASE") or None
        shown = safe_uri(uri)
        auth = (user, password) if password is not None else None
        scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
        if scheme not in BOLT_SCHEMES:
            raise ServerError(
                f"{shown} is not a Neo4j URI: use one of "
                + ", ".join(f"{s}://" for s in BOLT_SCHEMES)
            )
        try:
            driver = neo4j.GraphDatabase.driver(
                uri,
                auth=auth,
                user_agent=f"govgraph/{__version__}",
                connection_timeout=connection_timeout_s,
                max_transaction_retry_time=max_retry_time_s,
            )
        except (nx.ConfigurationError, ValueError) as error:
            raise ServerError(f"{shown} is not a Neo4j URI: {_clean(error, password)}") from None
        store = cls(driver, uri, user, database, row_limit=row_limit, timeout_s=timeout_s)
        try:
            driver.verify_connectivity()
            info = driver.get_server_info()
            store.server_agent = info.agent
            check_server_version(info.agent, uri)
        except nx.AuthError:
            driver.close()
            hint = "" if password is not None else " (no password given: set NEO4J_PASSWORD)"
            raise ServerError(
                f"Neo4j at {shown} refused the credentials for user {user!r}{hint}"
            ) from None
        except (nx.ServiceUnavailable, nx.SessionExpired, OSError) as error:
            driver.close()
            raise ServerError(f"cannot reach Neo4j at {shown}: {_clean(error, password)}") from None
        except nx.Neo4jError as error:
            driver.close()
            raise ServerError(f"Neo4j at {shown} refused: {_clean(error, password)}") from None
        except BaseException:
            driver.close()
            raise
        return store

    # ------------------------------------------------------------------ writing

    def ensure_schema(self) -> None:
        """Uniqueness constraints and indexes (IF NOT EXISTS) before any data."""
        for statement in neo4j_constraints():
            self._execute_write(_run_statement, statement)
        self._schema_ready = True

    def write(self, records: Iterable[Node | Edge], *, batch_size: int = BATCH_SIZE) -> None:
        """Upsert records: nodes of every label, then relationships, in UNWIND batches."""
        self.write_records(records, batch_size=batch_size)

    def write_records(
        self,
        records: Iterable[Node | Edge],
        *,
        batch_size: int = BATCH_SIZE,
        on_batch: Callable[[list[Node | Edge]], None] | None = None,
    ) -> WriteSummary:
        """``write`` with counts; ``on_batch`` is told about every committed batch."""
        if batch_size < 1:
            raise InputError(f"batch size {batch_size} must be at least 1")
        if not self._schema_ready:
            self.ensure_schema()
        nodes, edges = group_records(records)
        written_nodes = written_edges = skipped = 0
        for model in NODE_TYPES:
            statement = node_merge_cypher(model.LABEL) + " RETURN count(*) AS written"
            for batch in batched(nodes.get(model.LABEL, []), batch_size):
                written_nodes += self._execute_write(
                    _run_batch, statement, [node_row(n) for n in batch]
                )
                if on_batch:
                    on_batch(list(batch))
        for edge_model in EDGE_TYPES:
            statement = edge_merge_cypher(edge_model.TYPE) + " RETURN count(*) AS written"
            for batch in batched(edges.get(edge_model.TYPE, []), batch_size):
                count = self._execute_write(_run_batch, statement, [edge_row(e) for e in batch])
                written_edges += count
                skipped += len(batch) - count
                if on_batch and count == len(batch):
                    on_batch(list(batch))
        return WriteSummary(written_nodes, written_edges, skipped)

    def _execute_write(self, work: Callable[..., Any], *args: Any) -> Any:
        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work, *args)
        except nx.AuthError:
            raise ServerError(
                f"Neo4j at {self.uri} refused the credentials for user {self.user!r}"
            ) from None
        except (nx.ServiceUnavailable, nx.SessionExpired, nx.TransientError) as error:
            raise ServerError(f"lost Neo4j at {self.uri}: {_clean(error)}") from None
        except nx.Neo4jError as error:
            raise StoreError(f"Neo4j at {self.uri} refused a write: {_clean(error)}") from None

    # ------------------------------------------------------------------ reading

    def query(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        language: Capability = Capability.CYPHER,
        write: bool = False,
        row_limit: int | None = None,
        timeout_s: float | None = None,
    ) -> QueryResult:
        """Run Cypher; a READ transaction unless ``write``, so the server refuses writes."""
        if language is not Capability.CYPHER:
            raise InputError(f"Neo4j answers Cypher, not {language.value.upper()}")
        limit = row_limit if row_limit is not None else self.row_limit
        timeout = timeout_s or self.timeout_s
        work = neo4j.unit_of_work(timeout=timeout)(_run_query)
        try:
            with self._driver.session(database=self.database) as session:
                run = session.execute_write if write else session.execute_read
                columns, rows = run(work, text, params or {}, limit)
        except nx.AuthError:
            raise ServerError(
                f"Neo4j at {self.uri} refused the credentials for user {self.user!r}"
            ) from None
        except (nx.ServiceUnavailable, nx.SessionExpired) as error:
            raise ServerError(f"lost Neo4j at {self.uri}: {_clean(error)}") from None
        except nx.Neo4jError as error:
            if "TransactionTimedOut" in (error.code or ""):
                raise InputError(
                    f"the query ran longer than the {timeout:g} s timeout on Neo4j at {self.uri}"
                ) from None
            raise InputError(f"Neo4j rejected the query: {_clean(error)}") from None
        return QueryResult(columns, rows)

    def count(self, label: str | None = None) -> int:
        """Nodes of one allow-listed label (or all nodes): cheap, from the count store."""
        if label is not None and label not in {m.LABEL for m in NODE_TYPES}:
            raise InputError(f"unknown label {label!r}")
        pattern = f"(n:{label})" if label else "(n)"
        return int(self.query(f"MATCH {pattern} RETURN count(n)").rows[0][0])

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Transaction functions: idempotent (MERGE, reads), so a retry after a fault is safe.


def _run_statement(tx: neo4j.ManagedTransaction, statement: str) -> None:
    tx.run(statement).consume()


def _run_batch(tx: neo4j.ManagedTransaction, statement: str, rows: list[dict[str, Any]]) -> int:
    record = tx.run(statement, rows=rows).single()
    return int(record["written"]) if record else 0


def _run_query(
    tx: neo4j.ManagedTransaction, text: str, params: Mapping[str, Any], limit: int
) -> tuple[list[str], list[tuple[Any, ...]]]:
    result = tx.run(text, params)
    columns = list(result.keys())
    rows: list[tuple[Any, ...]] = []
    for record in result:
        if len(rows) >= limit:
            break
        rows.append(tuple(to_plain(v) for v in record.values()))
    result.consume()
    return columns, rows


def _clean(error: BaseException, password: str | None = None) -> str:
    """One line of the driver's message, with the password (if any) masked."""
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    message = " ".join(str(message).split())
    if password:
        message = message.replace(password, "***")
    return message


register(
    BackendInfo(
        name="neo4j",
        summary="a Neo4j 5 server or Aura (NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD): Cypher",
        capabilities=frozenset({Capability.CYPHER, Capability.WRITE}),
        factory=Neo4jStore.connect,
    )
)
