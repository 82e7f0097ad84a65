"""Neo4j faults during push: connections cut mid-push, and a server that goes away.

A small TCP proxy on loopback sits between the driver and the real test server and resets
every connection once a byte budget has passed through (mid-push). Managed write
transactions retry, MERGE makes a retried batch harmless, and the push state is written only
after a complete push: so the graph ends exact, with no duplicate node or relationship.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from pathlib import Path

import pytest

from govgraph.errors import ServerError
from govgraph.graph.embedded import EmbeddedStore
from govgraph.graph.neo4j_push import STATE_DIR, push
from govgraph.graph.neo4j_store import Neo4jStore
from tests.graph.neo4j_sample import counts, sample_records
from tests.graph.test_neo4j_store import graph_counts

EXTRA_CLAUSES = 80  # about 270 records, 27 batches of 10


class FlakyProxy:
    """Forwards 127.0.0.1:port to the server; can reset everything after N upstream bytes."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut_after: int | None = None
        self.go_down_on_cut = False
        self.down = False
        self.upstream_bytes = 0
        self.cuts = 0
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                _reset(client)
                continue
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                _reset(client)
                continue
            for sock in (client, server):  # no Nagle stalls on Bolt's small messages
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, upstream: bool) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                break
            if not data:
                break
            if upstream:
                with self._lock:
                    self.upstream_bytes += len(data)
                    cut = self.cut_after is not None and self.upstream_bytes >= self.cut_after
                    if cut:
                        self.cut_after = None
                if cut:
                    self.cut_all()
                    break
            try:
                sink.sendall(data)
            except OSError:
                break
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def cut_all(self) -> None:
        """Reset every open connection (as a crashed server or a dropped link would)."""
        with self._lock:
            sockets, self._sockets = self._sockets, []
            self.cuts += 1
            if self.go_down_on_cut:
                self.down = True
        for sock in sockets:
            _reset(sock)

    def close(self) -> None:
        self._closed = True
        self.listener.close()
        self.cut_all()


def _reset(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


@pytest.fixture
def proxy(neo4j_server):
    port = int(neo4j_server.uri.rsplit(":", 1)[1])
    flaky = FlakyProxy(port)
    yield flaky
    flaky.close()


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write(sample_records(extra_clauses=EXTRA_CLAUSES))
    return path


def duplicates(store: Neo4jStore) -> int:
    nodes = store.query(
        "MATCH (n) WITH labels(n) AS l, n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*)"
    ).rows[0][0]
    rels = store.query(
        "MATCH ()-[r]->() WITH type(r) AS t, r.id AS id, count(*) AS c WHERE c > 1 RETURN count(*)"
    ).rows[0][0]
    return nodes + rels


def _push_through(proxy: FlakyProxy, neo4j_server, store_dir: Path, retry_s: float):
    target = Neo4jStore.connect(
        proxy.uri, neo4j_server.user, neo4j_server.password, max_retry_time_s=retry_s
    )
    try:
        with EmbeddedStore.open(store_dir) as source:
            return push(source.iter_records(), target, store_dir, batch_size=10)
    finally:
        target.close()


def _measure_push_bytes(proxy, neo4j_server, store_dir, neo4j_store) -> int:
    """Bytes one full push sends, so the cut can be placed in its middle."""
    start = proxy.upstream_bytes
    _push_through(proxy, neo4j_server, store_dir, 5)
    used = proxy.upstream_bytes - start
    neo4j_store.query("MATCH (n) DETACH DELETE n", write=True)
    for state in (store_dir / STATE_DIR).glob("*.json"):
        state.unlink()
    return used


def test_connections_cut_mid_push_are_retried_without_duplicates(
    proxy, neo4j_server, store_dir, neo4j_store
) -> None:
    total = _measure_push_bytes(proxy, neo4j_server, store_dir, neo4j_store)
    proxy.cut_after = proxy.upstream_bytes + total // 2
    summary = _push_through(proxy, neo4j_server, store_dir, 20)
    assert proxy.cuts == 1, "the proxy never cut the push"
    expected = counts(sample_records(extra_clauses=EXTRA_CLAUSES))
    assert graph_counts(neo4j_store) == expected
    assert duplicates(neo4j_store) == 0
    assert summary.nodes_sent == sum(expected[0].values())


def test_server_gone_mid_push_then_rerun_completes(
    proxy, neo4j_server, store_dir, neo4j_store
) -> None:
    total = _measure_push_bytes(proxy, neo4j_server, store_dir, neo4j_store)
    proxy.cut_after = proxy.upstream_bytes + total // 2
    proxy.go_down_on_cut = True
    with pytest.raises(ServerError, match=f"Neo4j at {proxy.uri}"):
        _push_through(proxy, neo4j_server, store_dir, 2)
    assert proxy.cuts == 1
    expected = counts(sample_records(extra_clauses=EXTRA_CLAUSES))
    nodes, rels = graph_counts(neo4j_store)
    assert (
        0
        < sum(nodes.values()) + sum(rels.values())
        < sum(expected[0].values()) + sum(expected[1].values())
    ), "the cut did not land mid-push"
    assert not list((store_dir / STATE_DIR).glob("*.json")), "a failed push saved its state"

    proxy.down = False  # the server is back
    summary = _push_through(proxy, neo4j_server, store_dir, 20)
    assert summary.full
    assert graph_counts(neo4j_store) == expected
    assert duplicates(neo4j_store) == 0
    # And now the state is saved: a third push sends nothing.
    again = _push_through(proxy, neo4j_server, store_dir, 20)
    assert (again.nodes_sent, again.relationships_sent) == (0, 0)
