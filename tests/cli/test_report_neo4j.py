"""``govgraph report ... --neo4j``: the same JSON as the embedded store, from a real server."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from govgraph.cli.app import get_app
from govgraph.graph.embedded import EmbeddedStore
from tests.cli.test_report import REPORTS
from tests.neo4j_harness import neo4j_server  # noqa: F401
from tests.queries.graph_fixture import records
from tests.queries.neo4j_data import Neo4jDatasets

runner = CliRunner()


@pytest.fixture(scope="module")
def embedded_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-neo4j") / "store"
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write(records())
    return str(path)


@pytest.fixture(scope="module")
def server(neo4j_server):  # noqa: F811
    from govgraph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(
        neo4j_server.uri, neo4j_server.user, neo4j_server.password, neo4j_server.database
    )
    yield neo4j_server, Neo4jDatasets(store)
    store.close()


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_neo4j_gives_the_same_json_as_the_embedded_store(name, server, embedded_path, monkeypatch):
    info, datasets = server
    datasets.use("fixture", "src-test", records)
    monkeypatch.setenv("NEO4J_URI", info.uri)
    monkeypatch.setenv("NEO4J_USERNAME", info.user)
    monkeypatch.setenv("NEO4J_PASSWORD", info.password)
    if info.database:
        monkeypatch.setenv("NEO4J_DATABASE", info.database)
    args = ["report", name, *REPORTS[name], "-f", "json"]
    embedded = runner.invoke(get_app(), [*args, "--store", embedded_path])
    remote = runner.invoke(get_app(), [*args, "--neo4j"])
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.output) == json.loads(embedded.output)
    assert json.loads(remote.output)


def test_an_unreachable_server_is_a_one_line_error(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:9")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    result = runner.invoke(get_app(), ["report", "stats", "--neo4j"])
    assert result.exit_code == 1
    assert result.output.startswith("error: cannot reach Neo4j at bolt://127.0.0.1:9")
