"""`govgraph push neo4j`: the embedded store copied to a real Neo4j, idempotent and incremental."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govgraph.cli.app import get_app
from govgraph.graph.embedded import EmbeddedStore
from govgraph.graph.neo4j_push import STATE_DIR
from govgraph.graph.neo4j_store import Neo4jStore
from govgraph.models import Contains, HasVersion, Node, Version
from tests.graph.neo4j_sample import T2, counts, sample_records
from tests.graph.test_neo4j_store import graph_checksum, graph_counts

_SUMMARY = re.compile(r"pushed (\d+) nodes and (\d+) relationships \((\d+) unchanged\)")


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write(sample_records())
    return path


@pytest.fixture
def env(neo4j_server, monkeypatch) -> dict[str, str]:
    values = {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USERNAME": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "NEO4J_DATABASE": neo4j_server.database,
    }
    for key in [*values, "GOVGRAPH_STORE"]:
        monkeypatch.delenv(key, raising=False)
    return values


def run_push(store_dir: Path, env: dict[str, str], *extra: str) -> tuple[int, int, int]:
    result = CliRunner().invoke(
        get_app(), ["push", "neo4j", "--store", str(store_dir), *extra], env=env
    )
    assert result.exit_code == 0, result.output
    assert env["NEO4J_PASSWORD"] not in result.output
    match = _SUMMARY.search(result.output)
    assert match, result.output
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def embedded_properties(store_dir: Path) -> dict[str, dict]:
    """Every record's key and stored properties, as the embedded store gives them back."""
    with EmbeddedStore.open(store_dir) as store:
        out: dict[str, dict] = {}
        for record in store.iter_records():
            if isinstance(record, Node):
                out[f"{record.LABEL}:{record.id}"] = record.properties()
            else:
                props = record.edge_properties()
                props["id"] = record.key()
                out[f"{record.TYPE}:{record.key()}"] = props
        return out


def neo4j_properties(store: Neo4jStore) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for labels, props in store.query(
        "MATCH (n) RETURN labels(n), properties(n)", row_limit=10**6
    ).rows:
        out[f"{labels[0]}:{props['id']}"] = props
    for rel_type, props in store.query(
        "MATCH ()-[r]->() RETURN type(r), properties(r)", row_limit=10**6
    ).rows:
        out[f"{rel_type}:{props['id']}"] = props
    return out


def test_push_copies_the_store_exactly_and_twice_changes_nothing(
    store_dir, env, neo4j_store
) -> None:
    records = sample_records()
    nodes, rels = counts(records)
    assert run_push(store_dir, env) == (sum(nodes.values()), sum(rels.values()), 0)
    assert graph_counts(neo4j_store) == (nodes, rels)
    assert neo4j_properties(neo4j_store) == embedded_properties(store_dir)
    checksum = graph_checksum(neo4j_store)

    assert run_push(store_dir, env) == (0, 0, len(records))  # nothing changed: nothing sent
    assert run_push(store_dir, env, "--full", "--batch-size", "3") == (
        sum(nodes.values()),
        sum(rels.values()),
        0,
    )
    assert graph_counts(neo4j_store) == (nodes, rels)
    assert graph_checksum(neo4j_store) == checksum


def test_push_after_a_new_load_sends_only_the_change(store_dir, env, neo4j_store) -> None:
    records = sample_records()
    run_push(store_dir, env)
    doc = next(r for r in records if r.LABEL == "Document" if isinstance(r, Node))
    v3 = Version(
        id=f"{doc.id}@2026-02-01T00:00:00Z",
        document=doc.id,
        recorded_at="2026-02-01T00:00:00Z",
        source_id="c" * 40,
        content_hash="f" * 64,
    )
    kept = next(
        r for r in records if isinstance(r, Contains) and r.until is None and r.since < "2025"
    )
    closed = kept.model_copy(update={"until": "2026-02-01T00:00:00Z", "to_version": v3.id})
    with EmbeddedStore.open_for_write(store_dir) as txn:
        txn.write([v3, HasVersion(source=doc.id, target=v3.id), closed])

    assert run_push(store_dir, env) == (1, 2, len(records) - 1)
    until = neo4j_store.query(
        "MATCH ()-[c:CONTAINS {id: $id}]->() RETURN c.until, c.to_version", {"id": kept.id}
    ).rows
    assert until == [("2026-02-01T00:00:00Z", v3.id)]
    assert neo4j_properties(neo4j_store) == embedded_properties(store_dir)
    assert T2.year == 2025  # the sample's second version precedes the new one


def test_push_resends_everything_when_the_server_lost_the_data(store_dir, env, neo4j_store) -> None:
    records = sample_records()
    run_push(store_dir, env)
    neo4j_store.query("MATCH (n) DETACH DELETE n", write=True)
    nodes, rels = counts(records)
    assert run_push(store_dir, env) == (sum(nodes.values()), sum(rels.values()), 0)
    assert graph_counts(neo4j_store) == (nodes, rels)


def test_push_state_names_the_server_but_never_the_password(store_dir, env, neo4j_store) -> None:
    run_push(store_dir, env)
    files = list((store_dir / STATE_DIR).glob("*.json"))
    assert len(files) == 1
    text = files[0].read_text("utf-8")
    assert env["NEO4J_URI"] in text
    assert env["NEO4J_PASSWORD"] not in text


def test_push_to_a_server_that_is_down_is_one_clear_line(store_dir, env) -> None:
    from govgraph.devserver import free_port

    port = free_port()
    result = CliRunner().invoke(
        get_app(),
        ["push", "neo4j", "--store", str(store_dir), "--uri", f"bolt://127.0.0.1:{port}"],
        env=env,
    )
    assert result.exit_code == 1
    assert f"error: cannot reach Neo4j at bolt://127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_push_with_wrong_password_is_refused_without_showing_it(store_dir, env) -> None:
    result = CliRunner().invoke(
        get_app(),
        ["push", "neo4j", "--store", str(store_dir), "--password", "Not-The-Pw-123"],
        env=env,
    )
    assert result.exit_code == 1
    assert "refused the credentials for user 'neo4j'" in result.output
    assert "Not-The-Pw-123" not in result.output


def test_push_help_has_an_example() -> None:
    result = CliRunner().invoke(get_app(), ["push", "neo4j", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "--batch-size" in result.output
