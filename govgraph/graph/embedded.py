"""The embedded default store: Cypher (ladybug) and SPARQL (Oxigraph) in one directory.

Layout of a store directory::

    STORE/
      .lock                 advisory write lock (one writer at a time)
      CURRENT               name of the live generation, replaced atomically
      g000007/graph.lbug    the property graph (ladybug, the Kùzu continuation)
      g000007/rdf/          the same records as RDF (Oxigraph, RocksDB)
      g000007/meta.json     generation metadata

Why generations: a load writes into a copy of the live generation (the RDF store's
immutable SST files are hard-linked, the rest copied) and only a final atomic rename of
``CURRENT`` publishes it. A failed, interrupted or killed load therefore leaves the
previous generation untouched and live; readers never see a half-written state, and a
report that runs during a load sees the old state until the new one is complete.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ladybug
import pyoxigraph as ox
from platformdirs import user_data_dir

import govgraph.ontology.odrl  # noqa: F401  (registers the ODRL typing of restriction clauses)
from govgraph.errors import StoreError, StoreLockedError
from govgraph.graph import rdf_projection as rdf
from govgraph.graph.base import (
    BackendInfo,
    Capability,
    QueryResult,
    batched,
    group_records,
    register,
)
from govgraph.graph.schema import (
    edge_columns,
    edge_create_cypher,
    edge_merge_cypher,
    edge_row,
    ladybug_ddl,
    node_columns,
    node_create_cypher,
    node_merge_cypher,
    node_row,
    null_columns,
)
from govgraph.models import EDGE_BY_TYPE, EDGE_TYPES, NODE_BY_LABEL, NODE_TYPES, Edge, Node

GRAPH_FILE = "graph.lbug"
RDF_DIR = "rdf"
META_FILE = "meta.json"
CURRENT_FILE = "CURRENT"
LOCK_FILE = ".lock"
# The layout of the records in a store (record keys, properties, RDF terms). A load adds to
# what is there, so records written under another layout would sit beside the new ones
# under different keys (e.g. SUPERSEDES keyed without its version: Cypher and SPARQL then
# disagree). Bump it with any such change; a store of another format is refused for
# writing with the way to rebuild it. Stores from before it was recorded count as 0.
STORE_FORMAT = 1
BATCH_SIZE = 2000
DEFAULT_ROW_LIMIT = 10_000
DEFAULT_TIMEOUT_MS = 60_000
# Prefixes every SPARQL query may use without declaring them.
DEFAULT_PREFIXES = {
    "gg": "https://w3id.org/govgraph/ontology#",
    "ggid": "https://w3id.org/govgraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "dpv": "https://w3id.org/dpv#",
}
_UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")
# Statements a read-only database still runs although they reach outside the store: they
# read or write arbitrary files (COPY ... TO, EXPORT, LOAD FROM, the table functions behind
# them), download and load native code (INSTALL, LOAD EXTENSION) or open other databases;
# CHECKPOINT on a read-only database leaves a pending recovery (.wal/.shadow files) that
# stops every reader from opening the live generation.
_CYPHER_OUTSIDE = re.compile(
    r"(?<![\w.$])(COPY|EXPORT|IMPORT|INSTALL|UNINSTALL|ATTACH|LOAD|USE|READ_\w+|FILE_INFO|"
    r"CHECKPOINT)(?!\w)",
    re.IGNORECASE,
)
# SPARQL SERVICE sends a request to any URL (server-side request forgery from a query).
_SPARQL_SERVICE = re.compile(r"(?<![\w:/#?$.\-])SERVICE(?=\s|<|\?|\$|\Z)", re.IGNORECASE)
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_LONG_QUOTES = ("'" * 3, '"' * 3)


def _code_only(text: str, *, sparql: bool) -> str:
    """The query with string literals, quoted names, IRIs and comments blanked out, so a
    keyword search sees only what the engine would read as keywords."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if sparql and char == "<":
            iri = _IRIREF.match(text, i)
            if iri:
                out.append(" ")
                i = iri.end()
                continue
        if char in "'\"" or (char == "`" and not sparql):
            quote = text[i : i + 3] if sparql and text[i : i + 3] in _LONG_QUOTES else char
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            out.append(" ")
            i = j + len(quote)
            continue
        if (sparql and char == "#") or (not sparql and text.startswith("//", i)):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if not sparql and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
            continue
        out.append(char)
        i += 1
    return "".join(out)


def refuse_outside_access(text: str, *, sparql: bool) -> None:
    """StoreError if a read-only ad-hoc query would touch files, code or the network."""
    code = _code_only(text, sparql=sparql)
    found = (_SPARQL_SERVICE if sparql else _CYPHER_OUTSIDE).search(code)
    if found:
        raise StoreError(
            f"{found.group(0).upper()} is refused in a read-only query: it reaches outside the "
            "store (files, extensions or the network); pass --write if you mean it"
        )


def default_store_path() -> Path:
    """$GOVGRAPH_STORE, else the user's data directory."""
    env = os.environ.get("GOVGRAPH_STORE")
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("govgraph", appauthor=False)) / "store"


def _resolve(path: Path | str | None) -> Path:
    return Path(path).expanduser() if path is not None else default_store_path()


def _current_generation(root: Path) -> Path | None:
    try:
        name = (root / CURRENT_FILE).read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    generation = root / name
    return generation if generation.is_dir() else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _plain(value: Any) -> Any:
    """ladybug values as plain Python: nodes and relationships as property dicts."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _sparql_value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype.endswith("#integer") or datatype.endswith("#long") or datatype.endswith("#int"):
            return int(term.value)
        if (
            datatype.endswith("#double")
            or datatype.endswith("#decimal")
            or datatype.endswith("#float")
        ):
            return float(term.value)
        if datatype.endswith("#boolean"):
            return term.value == "true"
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


class _Reader:
    """Query access to one generation (read-only engines, opened lazily)."""

    def __init__(self, generation: Path, *, writable: bool = False) -> None:
        self.generation = generation
        self._writable = writable
        self._db: ladybug.Database | None = None
        self._conn: ladybug.Connection | None = None
        self._rdf: ox.Store | None = None

    # -- engines
    @property
    def cypher(self) -> ladybug.Connection:
        if self._conn is None:
            try:
                self._db = ladybug.Database(
                    str(self.generation / GRAPH_FILE), read_only=not self._writable
                )
                self._conn = ladybug.Connection(self._db)
            except RuntimeError as error:
                raise StoreError(f"cannot open the graph in {self.generation}: {error}") from None
        return self._conn

    @property
    def sparql(self) -> ox.Store:
        if self._rdf is None:
            path = str(self.generation / RDF_DIR)
            try:
                self._rdf = ox.Store(path) if self._writable else ox.Store.read_only(path)
            except OSError as error:
                raise StoreError(f"cannot open the RDF store in {path}: {error}") from None
        return self._rdf

    # -- queries
    def query(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        language: Capability = Capability.CYPHER,
        write: bool = False,
        row_limit: int | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> QueryResult:
        if language is Capability.SPARQL:
            return self._sparql(text, params or {}, write=write, row_limit=row_limit)
        return self._cypher(text, params or {}, row_limit=row_limit, timeout_ms=timeout_ms)

    def _cypher(
        self, text: str, params: dict[str, Any], *, row_limit: int | None, timeout_ms: int
    ) -> QueryResult:
        if not self._writable:
            refuse_outside_access(text, sparql=False)
        conn = self.cypher
        conn.set_query_timeout(timeout_ms)
        try:
            result = conn.execute(text, params)
        except RuntimeError as error:
            message = " ".join(str(error).split())
            if "read only" in message.lower() or "read-only" in message.lower():
                raise StoreError(
                    f"the query tries to write; pass --write to allow it ({message})"
                ) from None
            raise StoreError(f"Cypher query failed: {message}") from None
        if isinstance(result, list):  # several statements: the last one answers
            result = result[-1]
        columns = list(result.get_column_names())
        rows: list[tuple[Any, ...]] = []
        while result.has_next():
            if row_limit is not None and len(rows) >= row_limit:
                break
            rows.append(tuple(_plain(v) for v in result.get_next()))
        return QueryResult(columns, rows)

    def _sparql(
        self, text: str, params: dict[str, Any], *, write: bool, row_limit: int | None
    ) -> QueryResult:
        if not self._writable:
            refuse_outside_access(text, sparql=True)
        store = self.sparql
        substitutions = {ox.Variable(k): _to_term(v) for k, v in params.items()}
        if write:
            try:
                store.update(text, prefixes=DEFAULT_PREFIXES)
            except (SyntaxError, OSError, ValueError) as error:
                raise StoreError(f"SPARQL update failed: {error}") from None
            return QueryResult([], [])
        try:
            solutions = store.query(
                text, substitutions=substitutions or None, prefixes=DEFAULT_PREFIXES
            )
        except SyntaxError as error:
            upper = text.upper()
            if any(k in upper for k in _UPDATE_KEYWORDS):
                raise StoreError(
                    "SPARQL update refused: ad-hoc queries are read-only unless --write is given"
                ) from None
            raise StoreError(f"SPARQL syntax error: {' '.join(str(error).split())}") from None
        except OSError as error:
            raise StoreError(f"SPARQL query failed: {error}") from None
        if isinstance(solutions, bool):
            return QueryResult(["answer"], [(solutions,)])
        if isinstance(solutions, ox.QuerySolutions):
            columns = [v.value for v in solutions.variables]
            rows = []
            for solution in solutions:
                if row_limit is not None and len(rows) >= row_limit:
                    break
                rows.append(tuple(_sparql_value(solution[c]) for c in columns))
            return QueryResult(columns, rows)
        # CONSTRUCT / DESCRIBE: triples
        rows = []
        for triple in solutions:
            if row_limit is not None and len(rows) >= row_limit:
                break
            rows.append(
                tuple(_sparql_value(t) for t in (triple.subject, triple.predicate, triple.object))
            )
        return QueryResult(["subject", "predicate", "object"], rows)

    def close(self) -> None:
        self._conn = None
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._rdf is not None:
            if self._writable:
                self._rdf.flush()
            self._rdf = None


def _to_term(value: Any) -> Any:
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(rdf.XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(rdf.XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(rdf.XSD + "double"))
    text = str(value)
    if text.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(text)
    return ox.Literal(text)


class EmbeddedStore:
    """A read-only view of the live generation of a store directory."""

    name = "embedded"
    capabilities = frozenset({Capability.CYPHER, Capability.SPARQL})

    def __init__(self, root: Path, generation: Path) -> None:
        self.path = root
        self.generation = generation
        self._reader = _Reader(generation)

    # -- opening
    @classmethod
    def open(cls, path: Path | str | None = None) -> EmbeddedStore:
        root = _resolve(path)
        generation = _current_generation(root)
        if generation is None:
            raise StoreError(
                f"no govgraph store at {root}: load something first "
                "(govgraph demo, or govgraph load ota PATH)"
            )
        return cls(root, generation)

    @classmethod
    def exists(cls, path: Path | str | None = None) -> bool:
        return _current_generation(_resolve(path)) is not None

    @classmethod
    def open_for_write(
        cls, path: Path | str | None = None, *, lock_timeout: float = 10.0
    ) -> WriteTransaction:
        return WriteTransaction(_resolve(path), lock_timeout=lock_timeout)

    # -- protocol
    def write(self, records: Iterable[Node | Edge]) -> None:
        raise StoreError("this store was opened read-only; use EmbeddedStore.open_for_write")

    def query(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        language: Capability = Capability.CYPHER,
        write: bool = False,
        row_limit: int | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> QueryResult:
        if write:
            raise StoreError("this store was opened read-only; ad-hoc writes need --write")
        return self._reader.query(
            text, params, language=language, row_limit=row_limit, timeout_ms=timeout_ms
        )

    def meta(self) -> dict[str, Any]:
        return json.loads((self.generation / META_FILE).read_text("utf-8"))

    def source_heads(self) -> dict[str, str | None] | None:
        """Source id -> where its last load stopped, from meta.json without opening an
        engine (a load of one commit, or of nothing new, needs only this); None for a
        generation written before meta.json kept them."""
        try:
            heads = self.meta().get("heads")
        except (OSError, ValueError):
            return None
        return heads if isinstance(heads, dict) else None

    @property
    def classifier(self) -> str | None:
        """The version of the classifier that labelled the store's clauses (meta.json), or
        None when no load has recorded one (see govgraph.classifier_choice)."""
        try:
            recorded = self.meta().get("classifier")
        except (OSError, ValueError):
            return None
        return recorded if isinstance(recorded, str) else None

    def iter_records(self) -> Iterator[Node | Edge]:
        """Every record, nodes first (for pushing to another backend)."""
        yield from iter_records(self._reader)

    @property
    def rdf_store(self) -> ox.Store:
        return self._reader.sparql

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def iter_records(reader: _Reader) -> Iterator[Node | Edge]:
    for model in NODE_TYPES:
        names = [c.name for c in node_columns(model.LABEL)]
        returns = ", ".join(f"n.{c}" for c in names)
        result = reader.query(f"MATCH (n:{model.LABEL}) RETURN {returns} ORDER BY n.id")
        for row in result.rows:
            yield model.model_construct(
                **{k: v for k, v in zip(names, row, strict=True) if v is not None}
            )
    for edge_model in EDGE_TYPES:
        names = [c.name for c in edge_columns(edge_model.TYPE)]
        returns = ", ".join(f"r.{c}" for c in names)
        result = reader.query(
            f"MATCH (a:{edge_model.SOURCE.LABEL})-[r:{edge_model.TYPE}]->(b:{edge_model.TARGET.LABEL}) "
            f"RETURN a.id, b.id, {returns} ORDER BY r.id"
        )
        fields = set(edge_model.model_fields)
        for row in result.rows:
            values = {
                k: v for k, v in zip(names, row[2:], strict=True) if v is not None and k in fields
            }
            yield edge_model.model_construct(source=row[0], target=row[1], **values)


class WriteTransaction:
    """An all-or-nothing write: a new generation published only on success.

    Use as a context manager; leaving the block normally commits, an exception (or a
    kill) discards everything written in it.
    """

    def __init__(self, root: Path, *, lock_timeout: float) -> None:
        self.path = root
        self._lock_timeout = lock_timeout
        self._lock_fd: int | None = None
        self._reader: _Reader | None = None
        self._new: Path | None = None
        self._previous: Path | None = None
        self.created = False
        self.written = 0
        # The classifier that labels this store's clauses, carried from one generation to
        # the next; a load that classifies sets it (govgraph.ingest.load_source).
        self.classifier: str | None = None

    # -- lifecycle
    def __enter__(self) -> WriteTransaction:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the store directory {self.path}: {error}") from None
        self._acquire_lock()
        try:
            self._prepare()
        except BaseException:
            self._discard()
            raise
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self._commit()
        else:
            self._discard()

    def _acquire_lock(self) -> None:
        fd = os.open(self.path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self._lock_timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = (
                        os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
                    )
                    os.close(fd)
                    raise StoreLockedError(
                        f"the store {self.path} is being written by {holder}; "
                        "wait for it to finish and try again"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def _prepare(self) -> None:
        for stale in self.path.glob("g*.tmp"):
            shutil.rmtree(stale, ignore_errors=True)
        self._previous = _current_generation(self.path)
        # A generation renamed into place by a load killed before it replaced CURRENT was
        # never published (nothing can read it) and holds the name this load needs.
        live = self._previous.name if self._previous else ""
        for orphan in self.path.glob("g[0-9]*"):
            if orphan.is_dir() and not orphan.name.endswith(".tmp") and orphan.name > live:
                shutil.rmtree(orphan)
        if self._previous is not None:
            _check_format(self.path, self._previous)
            self.classifier = _meta_of(self._previous).get("classifier")
        number = int(self._previous.name[1:]) + 1 if self._previous else 1
        self._new = self.path / f"g{number:06d}.tmp"
        self._new.mkdir()
        if self._previous is not None:
            shutil.copy2(self._previous / GRAPH_FILE, self._new / GRAPH_FILE)
            _link_or_copy_tree(self._previous / RDF_DIR, self._new / RDF_DIR)
        else:
            self.created = True
        self._reader = _Reader(self._new, writable=True)
        for statement in ladybug_ddl():
            self._reader.cypher.execute(statement)

    def _commit(self) -> None:
        assert self._new is not None and self._reader is not None
        try:
            # Where each source's last load stopped, also in meta.json: the next load
            # reads it there instead of opening the graph only to ask (see source_heads).
            heads = dict(self._reader.query("MATCH (s:Source) RETURN s.id, s.head").rows)
            self._reader.close()
            meta = {
                "generation": self._new.name.removesuffix(".tmp"),
                "committed_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "records_written": self.written,
                "previous": self._previous.name if self._previous else None,
                "heads": heads,
                "format": STORE_FORMAT,
            }
            if self.classifier is not None:
                meta["classifier"] = self.classifier
            (self._new / META_FILE).write_text(json.dumps(meta, indent=2), "utf-8")
            final = self.path / meta["generation"]
            os.replace(self._new, final)
            _fsync_dir(self.path)
            pointer = self.path / (CURRENT_FILE + ".tmp")
            pointer.write_text(final.name + "\n", "utf-8")
            with open(pointer, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(pointer, self.path / CURRENT_FILE)
            _fsync_dir(self.path)
            self._prune(keep={final.name, self._previous.name if self._previous else ""})
        finally:
            self._release_lock()

    def _discard(self) -> None:
        try:
            if self._reader is not None:
                with contextlib.suppress(Exception):
                    self._reader.close()
            if self._new is not None:
                shutil.rmtree(self._new, ignore_errors=True)
        finally:
            self._release_lock()

    def _prune(self, keep: set[str]) -> None:
        """Drop generations older than the previous one (readers may still use that)."""
        for generation in self.path.glob("g[0-9]*"):
            if (
                generation.is_dir()
                and generation.name not in keep
                and not generation.name.endswith(".tmp")
            ):
                shutil.rmtree(generation, ignore_errors=True)

    # -- writing
    def write(self, records: Iterable[Node | Edge], *, new: bool = False) -> None:
        """Upsert records; nodes of a call are written before its edges.

        With ``new=True`` the caller guarantees that none of the records exists yet, so
        they are created without a lookup (MERGE on a relationship scans its endpoint's
        relationships; CREATE does not) and no stale RDF values are searched for.
        """
        assert self._reader is not None, "use the transaction as a context manager"
        nodes, edges = group_records(records)
        conn = self._reader.cypher
        node_statement = node_create_cypher if new else node_merge_cypher
        edge_statement = edge_create_cypher if new else edge_merge_cypher
        for label, items in nodes.items():
            if not new:
                items = self._changed_nodes(conn, label, items)
            for batch in batched(items, BATCH_SIZE):
                rows = [node_row(n) for n in batch]
                self._run(conn, node_statement(label, null_columns(rows)), rows)
            if items:
                self._write_rdf(items, new=new)
            self.written += len(items)
        for rel_type, items in edges.items():
            for batch in batched(items, BATCH_SIZE):
                rows = [edge_row(e) for e in batch]
                self._run(conn, edge_statement(rel_type, null_columns(rows)), rows)
            self._write_rdf(items, new=new)
            self.written += len(items)

    @staticmethod
    def _changed_nodes(conn: ladybug.Connection, label: str, nodes: list[Node]) -> list[Node]:
        """The nodes to upsert that are not stored already with exactly these values.

        An upsert that changes nothing still costs: ladybug rewrites every node group it
        touched when it checkpoints the transaction (about 0.03 s of CPU for each group of
        clauses, which a load of one commit re-opening a few clauses used to pay for
        nothing), and the RDF side is searched for stale values. One lookup is cheaper.
        """
        ids = [n.id for n in nodes]
        if not nodes or len(set(ids)) != len(ids):
            return nodes  # a repeated id: the last one wins, as MERGE would decide
        model = NODE_BY_LABEL[label]
        names = [c.name for c in node_columns(label)]
        returns = ", ".join(f"n.{c}" for c in names)
        stored: dict[str, dict[str, Any]] = {}
        for batch in batched(ids, BATCH_SIZE):
            # One primary-key lookup per id (`WHERE n.id IN $ids` scans the whole table:
            # 0.6 s of CPU for 2,000 clauses against 0.02 s).
            result = conn.execute(
                f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN {returns}", {"ids": batch}
            )
            while result.has_next():
                row = result.get_next()
                stored[row[0]] = {k: v for k, v in zip(names, row, strict=True) if v is not None}
        changed: list[Node] = []
        for node in nodes:
            values = stored.get(node.id)
            try:
                same = values is not None and model(**values).model_dump() == node_row(node)
            except ValueError:  # stored values the model rejects: rewrite them
                same = False
            if not same:
                changed.append(node)
        return changed

    @staticmethod
    def _run(conn: ladybug.Connection, statement: str, rows: list[dict[str, Any]]) -> None:
        conn.set_query_timeout(0)  # a write must finish; only ad-hoc reads are bounded
        try:
            conn.execute(statement, {"rows": rows})
        except RuntimeError as error:
            raise StoreError(
                f"writing to the graph failed: {' '.join(str(error).split())}"
            ) from None

    def _write_rdf(self, records: list[Any], *, new: bool = False) -> None:
        """Add the records' triples; an upsert first drops the values it replaces.

        Records go in as N-Triples text that Oxigraph parses in Rust (much cheaper than
        one Python term object per IRI and literal). For an upsert, a stored triple of a
        predicate the record owns is stale unless the record has it again; the test
        compares N-Triples text, and should it call an unchanged triple stale (two
        spellings of one literal), the triple is removed and added back: the same end.
        """
        store = self._reader.sparql  # type: ignore[union-attr]
        lines: list[str] = []
        stale: list[ox.Quad] = []
        for record in records:
            start = len(lines)
            rdf.record_ntriples(record, lines)
            if new:
                continue
            subject = rdf.record_subject(record)
            if subject is not None:
                owned = _owned_predicates(record)
                mine = {line[:-3] for line in lines[start:]}  # without the " .\n"
                for quad in store.quads_for_pattern(subject, None, None, ox.DefaultGraph()):
                    if quad.predicate.value in owned and str(quad) not in mine:
                        stale.append(quad)
        for quad in stale:
            store.remove(quad)
        if lines:
            _add_ntriples(store, lines)

    def query(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        language: Capability = Capability.CYPHER,
        write: bool = False,
        row_limit: int | None = None,
    ) -> QueryResult:
        """Read the state being built (the loader uses it to continue where it stopped)."""
        assert self._reader is not None
        return self._reader.query(text, params, language=language, write=write, row_limit=row_limit)

    def iter_records(self) -> Iterator[Node | Edge]:
        assert self._reader is not None
        yield from iter_records(self._reader)


# Below this many triples, Oxigraph's transactional insert: its bulk loader writes and
# ingests SST files, about 0.1 s a call however small the input (and leaves a small file
# behind each time), which made most of the cost of loading one new commit.
SMALL_RDF_BATCH = 2_000


def _add_ntriples(store: ox.Store, lines: list[str]) -> None:
    """Insert N-Triples lines: in a transaction if few, with the bulk loader if many."""
    data = "".join(lines).encode("utf-8")
    if len(lines) < SMALL_RDF_BATCH:
        store.load(data, format=ox.RdfFormat.N_TRIPLES)
    else:
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)


def _meta_of(generation: Path) -> dict[str, Any]:
    """A generation's meta.json ({} when missing or unreadable: written before it existed)."""
    try:
        meta = json.loads((generation / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _check_format(root: Path, generation: Path) -> None:
    """Refuse to add to a store whose records follow another layout (see STORE_FORMAT)."""
    found = _meta_of(generation).get("format", 0)
    if found != STORE_FORMAT:
        raise StoreError(
            f"the store {root} was written by another version of govgraph (store format "
            f"{found}, this version writes {STORE_FORMAT}); its records would not match: "
            f"load into a new store (--store), or remove {root} and load again"
        )


def _owned_predicates(record: Node | Edge) -> frozenset[str]:
    return _owned_for(record.LABEL if isinstance(record, Node) else record.TYPE)


_OWNED: dict[str, frozenset[str]] = {}


def _owned_for(kind: str) -> frozenset[str]:
    """The predicates whose values a record of this kind sets (so an upsert replaces them)."""
    if kind not in _OWNED:
        model = NODE_BY_LABEL.get(kind) or EDGE_BY_TYPE[kind]
        _OWNED[kind] = frozenset(
            rdf.property_iri(kind, f).value
            for f in model.model_fields
            if f not in ("id", "source", "target")
        )
    return _OWNED[kind]


def _link_or_copy_tree(source: Path, target: Path) -> None:
    """Copy a RocksDB directory cheaply: its .sst files are immutable, so hard-link them."""
    target.mkdir()
    for entry in source.iterdir():
        destination = target / entry.name
        if entry.is_dir():
            shutil.copytree(entry, destination)
        elif entry.suffix == ".sst":
            try:
                os.link(entry, destination)
            except OSError:
                shutil.copy2(entry, destination)
        elif entry.name != "LOCK":
            shutil.copy2(entry, destination)


register(
    BackendInfo(
        name="embedded",
        summary="Embedded store directory (no server): Cypher on ladybug, SPARQL on Oxigraph.",
        capabilities=EmbeddedStore.capabilities,
        factory=EmbeddedStore.open,
    )
)
