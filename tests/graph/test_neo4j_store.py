"""Neo4jStore against a real Neo4j 5 server (tests/neo4j_harness.py starts it)."""

from __future__ import annotations

import hashlib
import json
import logging
import re

import pytest

from govgraph import devserver
from govgraph.errors import InputError, ServerError
from govgraph.graph import base
from govgraph.graph.base import Capability
from govgraph.graph.neo4j_store import Neo4jStore, check_server_version, safe_uri
from govgraph.models import EDGE_TYPES, NODE_TYPES, Contains
from tests.graph.neo4j_sample import counts, sample_records


def graph_counts(store: Neo4jStore) -> tuple[dict[str, int], dict[str, int]]:
    nodes = {m.LABEL: store.count(m.LABEL) for m in NODE_TYPES}
    rels = {
        m.TYPE: store.query(f"MATCH ()-[r:{m.TYPE}]->() RETURN count(r)").rows[0][0]
        for m in EDGE_TYPES
    }
    return {k: v for k, v in nodes.items() if v}, {k: v for k, v in rels.items() if v}


def graph_checksum(store: Neo4jStore) -> str:
    """A digest of every node's and relationship's labels/type and properties."""
    nodes = store.query(
        "MATCH (n) RETURN labels(n) AS l, properties(n) AS p", row_limit=1_000_000
    ).rows
    rels = store.query(
        "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)", row_limit=1_000_000
    ).rows
    text = json.dumps(sorted(json.dumps(list(r), sort_keys=True) for r in nodes + rels))
    return hashlib.sha256(text.encode()).hexdigest()


def test_write_creates_every_record_once(neo4j_store: Neo4jStore) -> None:
    records = sample_records()
    neo4j_store.write(records)
    assert graph_counts(neo4j_store) == counts(records)
    # Relationships connect the right nodes and carry the interval properties.
    rows = neo4j_store.query(
        "MATCH (:Platform {name: $p})-[:PUBLISHES]->(d:Document)-[c:CONTAINS]->(k:Clause) "
        "RETURN k.text AS text, c.since AS since, c.until AS until ORDER BY since, text",
        {"p": "ExampleChat"},
    ).as_dicts()
    assert len(rows) == 3
    closed = [r for r in rows if r["until"] is not None]
    assert closed == [
        {
            "text": "You may not use output to develop models that compete with us.",
            "since": "2024-03-01T12:00:00Z",
            "until": "2025-01-15T09:30:00Z",
        }
    ]


def test_writing_twice_changes_nothing(neo4j_store: Neo4jStore) -> None:
    records = sample_records()
    neo4j_store.write(records)
    first = (graph_counts(neo4j_store), graph_checksum(neo4j_store))
    neo4j_store.write(records)
    assert (graph_counts(neo4j_store), graph_checksum(neo4j_store)) == first


def test_upsert_overwrites_and_clears_properties(neo4j_store: Neo4jStore) -> None:
    records = sample_records()
    neo4j_store.write(records, batch_size=2)  # many small batches
    open_interval = next(r for r in records if isinstance(r, Contains) and r.until is None)
    closed = open_interval.model_copy(update={"until": "2026-01-01T00:00:00Z"})
    neo4j_store.write([closed])
    reopened_without_offsets = closed.model_copy(update={"until": None})
    got = neo4j_store.query(
        "MATCH ()-[c:CONTAINS {id: $id}]->() RETURN c.until", {"id": closed.id}
    ).rows
    assert got == [("2026-01-01T00:00:00Z",)]
    neo4j_store.write([reopened_without_offsets])
    got = neo4j_store.query(
        "MATCH ()-[c:CONTAINS {id: $id}]->() RETURN c.until, count(*)", {"id": closed.id}
    ).rows
    assert got == [(None, 1)]


def test_constraints_exist_before_data(neo4j_store: Neo4jStore) -> None:
    neo4j_store.ensure_schema()
    names = {row[0] for row in neo4j_store.query("SHOW CONSTRAINTS YIELD name").rows}
    assert {f"{m.LABEL.lower()}_id" for m in NODE_TYPES} <= names
    neo4j_store.ensure_schema()  # IF NOT EXISTS: a second run is fine


def test_queries_are_read_only_unless_write(neo4j_store: Neo4jStore) -> None:
    with pytest.raises(InputError, match="rejected the query"):
        neo4j_store.query("CREATE (:Platform {id: 'evil', name: 'Evil'})")
    assert neo4j_store.count("Platform") == 0
    neo4j_store.query("CREATE (:Platform {id: 'ok', name: 'Ok'})", write=True)
    assert neo4j_store.count("Platform") == 1


def test_query_values_are_plain_python_and_limited(neo4j_store: Neo4jStore) -> None:
    neo4j_store.write(sample_records(extra_clauses=30))
    result = neo4j_store.query(
        "MATCH (p:Platform) RETURN p AS platform, [1, 2] AS xs, {a: 'b'} AS m, date('2024-01-02') AS d"
    )
    assert result.columns == ["platform", "xs", "m", "d"]
    assert result.rows == [
        (
            {"id": "examplechat", "name": "ExampleChat", "provider": "Example Inc."},
            [1, 2],
            {"a": "b"},
            "2024-01-02",
        )
    ]
    assert len(neo4j_store.query("MATCH (c:Clause) RETURN c.id", row_limit=7).rows) == 7
    assert len(neo4j_store.query("MATCH (c:Clause) RETURN c.id").rows) == 33


def test_bad_cypher_and_sparql_are_clear_errors(neo4j_store: Neo4jStore) -> None:
    with pytest.raises(InputError, match="Neo4j rejected the query"):
        neo4j_store.query("MATCH (n RETURN n")
    with pytest.raises(InputError, match="Neo4j answers Cypher, not SPARQL"):
        neo4j_store.query("SELECT * WHERE { ?s ?p ?o }", language=Capability.SPARQL)


def test_timeout_stops_a_long_query(neo4j_store: Neo4jStore) -> None:
    with pytest.raises(InputError, match=r"^the query ran longer than the 0\.5 s timeout"):
        neo4j_store.query(
            "UNWIND range(1, 100000000) AS x WITH x WHERE x = -1 RETURN count(*)", timeout_s=0.5
        )


def test_connect_reads_the_standard_environment(neo4j_server, monkeypatch) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    monkeypatch.setenv("NEO4J_DATABASE", neo4j_server.database)
    with Neo4jStore.connect() as store:
        assert store.uri == neo4j_server.uri
        assert store.database == "neo4j"
        assert store.server_agent.startswith("Neo4j/5.")
        assert store.query("RETURN 1 AS one").rows == [(1,)]


def test_wrong_password_is_refused_and_never_shown(neo4j_server, caplog) -> None:
    secret = "Sup3r-Secret-Wrong-pw"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ServerError) as caught:
        Neo4jStore.connect(neo4j_server.uri, "neo4j", secret)
    message = str(caught.value)
    assert message == f"Neo4j at {neo4j_server.uri} refused the credentials for user 'neo4j'"
    assert secret not in caplog.text
    assert secret not in repr(caught.value)


def test_password_not_in_repr_attributes_or_logs(neo4j_server, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    with Neo4jStore.connect(neo4j_server.uri, neo4j_server.user, neo4j_server.password) as store:
        store.write(sample_records())
        assert neo4j_server.password not in caplog.text
        assert "HELLO" in caplog.text or "LOGON" in caplog.text  # the driver did log the handshake
        assert neo4j_server.password not in repr(store)
        assert neo4j_server.password not in repr(vars(store).get("uri"))
        assert all(neo4j_server.password not in str(v) for v in vars(store).values())


def test_server_down_is_a_clear_error() -> None:
    port = devserver.free_port()
    with pytest.raises(ServerError, match=rf"^cannot reach Neo4j at bolt://127\.0\.0\.1:{port}: "):
        Neo4jStore.connect(
            f"bolt://127.0.0.1:{port}", "neo4j", "whatever-pw", connection_timeout_s=2
        )


def test_tls_uri_schemes_are_accepted(neo4j_server) -> None:
    """neo4j+s:// goes to the driver (TLS); our test server speaks plain Bolt, so the TLS
    handshake fails: the error must say 'cannot reach', not that the URI is wrong."""
    port = neo4j_server.uri.rsplit(":", 1)[1]
    for scheme in ("neo4j+s", "bolt+s", "neo4j+ssc"):
        expected = "^" + re.escape(f"cannot reach Neo4j at {scheme}://127.0.0.1:{port}: ")
        with pytest.raises(ServerError, match=expected):
            Neo4jStore.connect(
                f"{scheme}://127.0.0.1:{port}", "neo4j", "x-password", connection_timeout_s=3
            )


def test_non_neo4j_uri_is_rejected() -> None:
    with pytest.raises(ServerError, match="is not a Neo4j URI"):
        Neo4jStore.connect("http://127.0.0.1:7474", "neo4j", "x-password")


def test_credentials_in_the_uri_are_masked() -> None:
    assert safe_uri("bolt://neo4j:hunter22@db.example:7687") == "bolt://db.example:7687"
    assert safe_uri("neo4j+s://abc.databases.neo4j.io") == "neo4j+s://abc.databases.neo4j.io"


def test_server_version_check() -> None:
    assert check_server_version("Neo4j/5.26.30", "bolt://h") == (5, 26)
    assert check_server_version("Neo4j/2025.10.1", "bolt://h") == (2025, 10)
    with pytest.raises(ServerError, match=r"runs version 4\.4\.30; govgraph needs Neo4j 5"):
        check_server_version("Neo4j/4.4.30", "bolt://h")
    with pytest.raises(ServerError, match="is not Neo4j"):
        check_server_version("Memgraph/2.1", "bolt://h")


def test_backend_is_registered() -> None:
    import govgraph.graph.backends  # noqa: F401

    info = base.backends()["neo4j"]
    assert info.factory == Neo4jStore.connect
    assert Capability.CYPHER in info.capabilities
    assert Capability.SPARQL not in info.capabilities
