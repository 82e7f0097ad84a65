"""Hostile queries and values: read-only means read-only, and values never become query text.

Ad-hoc Cypher and SPARQL on the embedded store are refused when they would write, touch
files, load code or open network connections (unless ``--write``); canned reports take
platform names, category ids, file names and options as parameters only, so a platform
called ``x'}) DETACH DELETE n //`` is just a name.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govgraph.errors import StoreError
from govgraph.graph.base import Capability
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries.canned import bind_sparql
from tests.reliability.conftest import invoke, store_digest

CYPHER_WRITES = [
    "CREATE (:Platform {id: 'evil', name: 'Evil'})",
    "MERGE (p:Platform {id: 'evil'}) SET p.name = 'Evil'",
    "MATCH (n:Clause) DETACH DELETE n",
    "MATCH (p:Platform) SET p.name = 'pwned'",
    "MATCH (p:Platform) REMOVE p.provider",
    "MATCH (p:Platform)-[r:PUBLISHES]->() DELETE r",
    "DROP TABLE Source",
    "ALTER TABLE Platform ADD evil STRING",
    "MATCH (p:Platform) RETURN p.id; MATCH (n) DETACH DELETE n",
    "MATCH (p:Platform) RETURN p.id;\nCREATE (:Platform {id: 'evil', name: 'x'})",
    "CALL threads=1; CREATE (:Platform {id: 'evil', name: 'x'})",
    "CHECKPOINT; MATCH (n) DETACH DELETE n",
    "BEGIN TRANSACTION; MATCH (n) DETACH DELETE n; COMMIT",
]
CYPHER_OUTSIDE = [
    "COPY (MATCH (p:Platform) RETURN p.name) TO '{out}'",
    "MATCH (p:Platform) RETURN p.id; COPY (MATCH (p:Platform) RETURN p.name) TO '{out}'",
    "EXPORT DATABASE '{dir}'",
    "LOAD FROM '/etc/hostname' (file_format='csv', header=false) RETURN *",
    "LOAD WITH HEADERS (a STRING) FROM '/etc/hostname' (file_format='csv') RETURN *",
    "INSTALL json",
    "LOAD EXTENSION json",
    "ATTACH '{dir}/x.lbug' AS other (dbtype lbug)",
    "/* comment */ copy (MATCH (p:Platform) RETURN p.name) TO '{out}'",
]
SPARQL_WRITES = [
    "INSERT DATA { <urn:evil> <urn:p> 'x' }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP DEFAULT",
    "LOAD <file:///etc/hostname>",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:evil> <urn:p> 'x' }",
    "PREFIX x: <urn:x> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CREATE GRAPH <urn:g>",
]
INJECTIONS = [
    "x'}) DETACH DELETE n //",
    'x"}) DETACH DELETE n //',
    "x` DETACH DELETE n //",
    "'; MATCH (n) DETACH DELETE n; //",
    '" } ; DROP ALL ; #',
    '\\" } INSERT DATA { <urn:a> <urn:b> "c" } #',
    "\\u0022 } DELETE WHERE { ?s ?p ?o } #",
    "$name {id: $id}",
    "Robert'); DROP TABLE Platform;--",
]
ATTEMPTS: dict[str, int] = {}


def _count(kind: str, n: int = 1) -> None:
    ATTEMPTS[kind] = ATTEMPTS.get(kind, 0) + n


def _refused(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: "), result.output
    assert any(w in result.output for w in words), result.output


def test_cypher_writes_refused(store: Path, cli) -> None:
    before = store_digest(store)
    for query in CYPHER_WRITES:
        result = invoke(cli, "cypher", query, "--store", store)
        assert result.exit_code == 1, (query, result.output)
        assert result.output.startswith("error: "), (query, result.output)
        _count("cypher write")
    assert store_digest(store) == before


def test_cypher_outside_access_refused(store: Path, tmp_path: Path, cli) -> None:
    before = store_digest(store)
    out, folder = tmp_path / "leak.csv", tmp_path / "export"
    for template in CYPHER_OUTSIDE:
        query = template.format(out=out, dir=folder)
        result = invoke(cli, "cypher", query, "--store", store)
        _refused(result, "refused in a read-only query", "--write")
        assert not out.exists() and not folder.exists(), query
        _count("cypher outside")
    assert store_digest(store) == before


def test_write_flag_allows_a_write(store: Path, cli) -> None:
    result = invoke(
        cli, "cypher", "CREATE (:Platform {id: 'ok', name: 'OK'})", "--write", "--store", store
    )
    assert result.exit_code == 0, result.output
    rows = invoke(
        cli, "cypher", "MATCH (p:Platform {id: 'ok'}) RETURN p.name AS n", "--store", store
    )
    assert "OK" in rows.output


def test_sparql_updates_refused(store: Path, cli) -> None:
    before = store_digest(store)
    for query in SPARQL_WRITES:
        result = invoke(cli, "sparql", query, "--store", store)
        assert result.exit_code == 1, (query, result.output)
        assert result.output.startswith("error: ")
        _count("sparql update")
    assert store_digest(store) == before


def test_sparql_service_sends_nothing(store: Path, cli) -> None:
    """SERVICE would make the query engine connect anywhere: refused, nothing connects."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(3)
    port = server.getsockname()[1]
    seen: list[bytes] = []

    def accept() -> None:
        try:
            conn, _ = server.accept()
            seen.append(conn.recv(100))
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    for query in [
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/q> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <http://127.0.0.1:{port}/q> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(1 < 2) SERVICE<http://127.0.0.1:{port}/q> {{}} }}",
    ]:
        result = invoke(cli, "sparql", query, "--store", store)
        _refused(result, "SERVICE is refused")
        _count("sparql service")
    thread.join()
    server.close()
    assert seen == []


def test_row_limit_and_timeout(store: Path, cli) -> None:
    result = invoke(
        cli,
        "cypher",
        "MATCH (a:Article) RETURN a.id",
        "--limit",
        "3",
        "-f",
        "json",
        "--store",
        store,
    )
    assert len(json.loads(result.output)) == 3
    result = invoke(
        cli,
        "sparql",
        "SELECT ?s WHERE { ?s ?p ?o }",
        "--limit",
        "2",
        "-f",
        "json",
        "--store",
        store,
    )
    assert len(json.loads(result.output)) == 2
    started = time.monotonic()
    with EmbeddedStore.open(store) as embedded, pytest.raises(StoreError, match="Cypher query"):
        embedded.query(
            "MATCH (a:Article), (b:Article), (c:Article) "
            "WHERE a.number + b.number + c.number = 'never' RETURN count(*)",
            timeout_ms=300,
        )
    assert time.monotonic() - started < 20


@pytest.mark.parametrize("name", INJECTIONS)
def test_injection_through_platform_and_file_names(
    name: str, store: Path, tmp_path: Path, cli
) -> None:
    """A hostile platform name and file name are loaded, shown and reported as plain data."""
    file = tmp_path / (name.replace("/", "_")[:60] + ".md")
    file.write_text("# Terms\n\nYou may not use Output to develop competing models.\n")
    args = ["--platform", name, "--type", "Terms of Service", "-j", "EU", "--date", "2026-05-01"]
    result = invoke(cli, "load", "document", file, *args, "--store", store)
    assert result.exit_code == 0, result.output
    loaded = store_digest(store)
    clauses = invoke(
        cli, "cypher", "MATCH (c:Clause) RETURN count(c) AS n", "-f", "json", "--store", store
    )
    shown = invoke(
        cli, "show", name, "Terms of Service", "-j", "EU", "-f", "json", "--store", store
    )
    assert shown.exit_code == 0, shown.output
    assert "develop competing models" in shown.output
    report = invoke(cli, "report", "platform", name, "-f", "json", "--store", store)
    assert report.exit_code == 0, report.output
    sparql = invoke(cli, "report", "platform", name, "--sparql", "-f", "json", "--store", store)
    assert sparql.exit_code == 0, sparql.output
    assert json.loads(sparql.output) == json.loads(report.output)
    with EmbeddedStore.open(store) as embedded:
        names = embedded.query("MATCH (p:Platform) RETURN p.name").rows
        files = embedded.query("MATCH (v:Version) RETURN v.source_id").rows
    assert (name,) in names and (file.name,) in files
    after = invoke(
        cli, "cypher", "MATCH (c:Clause) RETURN count(c) AS n", "-f", "json", "--store", store
    )
    assert after.output == clauses.output
    assert store_digest(store) == loaded
    _count("injection via names", 4)


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_through_report_options(value: str, store: Path, cli) -> None:
    before = store_digest(store)
    for args in (
        ["report", "compare", "--category", value],
        ["report", "compare", "--category", "arbitration", "--platform", value],
        ["report", "compare", "--category", "arbitration", "--regime", value],
        ["report", "training-restrictions", "--regime", value],
        ["report", "platform", value, "--as-of", value],
        ["show", value, value, "-j", "EU"],
    ):
        result = invoke(cli, *args, "--store", store)
        assert result.exit_code in (0, 1), (args, result.output)
        assert "Traceback" not in result.output
        _count("injection via options")
    assert store_digest(store) == before


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_sparql_values_round_trip(template_store: Path, value: str) -> None:
    """Whatever the value, a canned SPARQL parameter is a literal that comes back unchanged."""
    text = 'SELECT ?v WHERE {\n  VALUES ?v { "example" }  # $value\n}\n'
    with EmbeddedStore.open(template_store) as embedded:
        rows = embedded.query(bind_sparql(text, {"value": value}), language=Capability.SPARQL).rows
    assert rows == [(value,)]
    _count("sparql value round trip")


def test_report_attempts() -> None:
    """Runs last in this module: the counts for docs/reliability.md."""
    print(json.dumps(ATTEMPTS, indent=1))
