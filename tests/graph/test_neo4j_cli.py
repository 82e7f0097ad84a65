"""`govgraph neo4j start|status|stop` and `govgraph cypher --neo4j` through the real CLI."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from govgraph import devserver
from govgraph.cli.app import get_app
from govgraph.models import Node
from tests.graph.neo4j_sample import sample_records
from tests.neo4j_harness import _unavailable


@pytest.fixture
def state_home(tmp_path, monkeypatch):
    """Keep the dev server's state file out of the real user's directories."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    for key in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(key, raising=False)
    return tmp_path / "state"


@pytest.mark.parametrize(
    "command", [["neo4j"], ["neo4j", "start"], ["neo4j", "stop"], ["neo4j", "status"]]
)
def test_help_has_an_example(command) -> None:
    result = CliRunner().invoke(get_app(), [*command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_status_and_stop_without_a_server(state_home) -> None:
    runner = CliRunner()
    result = runner.invoke(get_app(), ["neo4j", "status"])
    assert result.exit_code == 1
    assert "no Neo4j dev server is running" in result.output
    result = runner.invoke(get_app(), ["neo4j", "stop"])
    assert result.exit_code == 0
    assert "no Neo4j dev server is running" in result.output


def test_start_status_stop_a_dev_server(state_home) -> None:
    reason = devserver.missing_requirements()
    if reason:
        _unavailable(reason)
    runner = CliRunner()
    bolt, http = devserver.free_port(), devserver.free_port()
    result = runner.invoke(
        get_app(), ["neo4j", "start", "--bolt-port", str(bolt), "--http-port", str(http)]
    )
    assert result.exit_code == 0, result.output
    try:
        assert f"ready at bolt://127.0.0.1:{bolt}" in result.output
        assert f"Neo4j Browser: http://127.0.0.1:{http}/browser/" in result.output
        password = re.search(r"NEO4J_PASSWORD=(\S+)", result.output).group(1)
        assert devserver.port_open(bolt)

        again = runner.invoke(get_app(), ["neo4j", "start", "--bolt-port", str(bolt)])
        assert again.exit_code == 1
        assert "already running" in again.output

        status = runner.invoke(get_app(), ["neo4j", "status"])
        assert status.exit_code == 0
        assert "Bolt accepting connections" in status.output

        # The printed password works, and the server answers `cypher --neo4j`.
        env = {"NEO4J_URI": f"bolt://127.0.0.1:{bolt}", "NEO4J_PASSWORD": password}
        query = runner.invoke(
            get_app(), ["cypher", "--neo4j", "RETURN 40 + 2 AS answer", "-f", "json"], env=env
        )
        assert query.exit_code == 0, query.output
        assert '"answer": 42' in query.output
    finally:
        stopped = runner.invoke(get_app(), ["neo4j", "stop"])
    assert stopped.exit_code == 0
    assert "stopped the Neo4j dev server" in stopped.output
    assert not devserver.port_open(bolt)
    assert devserver.load_state() is None


def test_cypher_on_neo4j_answers_and_stays_read_only(neo4j_server, neo4j_store) -> None:
    neo4j_store.write(sample_records())
    env = {
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USERNAME": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    runner = CliRunner()
    result = runner.invoke(
        get_app(),
        [
            "cypher",
            "--neo4j",
            "MATCH (p:Platform)-[:PUBLISHES]->(:Document)-[c:CONTAINS]->(k:Clause) "
            "WHERE c.until IS NULL RETURN p.name AS platform, count(k) AS current",
            "-f",
            "csv",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == ["platform,current", "ExampleChat,2"]

    refused = runner.invoke(get_app(), ["cypher", "--neo4j", "MATCH (n) DETACH DELETE n"], env=env)
    assert refused.exit_code == 1
    assert "error: Neo4j rejected the query" in refused.output
    assert neo4j_store.count() == sum(isinstance(r, Node) for r in sample_records())
