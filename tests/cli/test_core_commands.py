"""CLI basics: help everywhere, version, one-line errors, load/show/cypher/sparql."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from govgraph import __version__
from govgraph.cli.app import get_app
from govgraph.graph.embedded import EmbeddedStore
from govgraph.models import Platform

runner = CliRunner()


def _commands(app, prefix=()):
    """Every command path of the app, sub-apps included."""
    for info in app.registered_commands:
        yield (*prefix, info.name or info.callback.__name__)
    for group in app.registered_groups:
        yield from _commands(group.typer_instance, (*prefix, group.name))


def test_every_command_has_help_with_an_example():
    app = get_app()
    paths = list(_commands(app))
    assert {("load", "ota"), ("load", "document"), ("show",), ("cypher",), ("sparql",)} <= set(
        paths
    )
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Example" in result.output, f"{' '.join(path)} --help has no example"


def test_version():
    result = runner.invoke(get_app(), ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"govgraph {__version__}"


def test_library_errors_are_one_line_without_traceback(tmp_path):
    result = runner.invoke(
        get_app(), ["cypher", "MATCH (n) RETURN n", "--store", str(tmp_path / "none")]
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: no govgraph store at")
    assert "Traceback" not in result.output


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "store"
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write([Platform(id="chatgpt", name="ChatGPT"), Platform(id="grok", name="Grok")])
    return path


def test_cypher_with_parameters_as_json(store):
    result = runner.invoke(
        get_app(),
        [
            "cypher",
            "MATCH (p:Platform) WHERE p.id = $id RETURN p.name AS platform",
            "-p",
            "id=grok",
            "--store",
            str(store),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"platform": "Grok"}]


def test_sparql_from_a_file_as_csv(store, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?name WHERE { ?p a gg:Platform ; gg:name ?name } ORDER BY ?name")
    result = runner.invoke(get_app(), ["sparql", str(query), "--store", str(store), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["name", "ChatGPT", "Grok"]


def test_ad_hoc_queries_are_read_only_unless_write(store):
    create = "CREATE (:Platform {id: 'x', name: 'X'})"
    refused = runner.invoke(get_app(), ["cypher", create, "--store", str(store)])
    assert refused.exit_code == 1 and "--write" in refused.output
    allowed = runner.invoke(get_app(), ["cypher", create, "--write", "--store", str(store)])
    assert allowed.exit_code == 0, allowed.output
    count = runner.invoke(
        get_app(),
        ["cypher", "MATCH (p:Platform) RETURN count(p) AS n", "--store", str(store), "-f", "json"],
    )
    assert json.loads(count.output) == [{"n": 3}]


def test_bad_parameter_is_named(store):
    result = runner.invoke(
        get_app(), ["cypher", "RETURN 1", "-p", "no equals", "--store", str(store)]
    )
    assert result.exit_code == 1 and "'no equals'" in result.output


def test_a_long_query_is_not_mistaken_for_a_file(store):
    query = (
        "MATCH (p:Platform) WHERE p.name <> 'x' " + "AND p.id <> 'y' " * 30 + "RETURN count(p) AS n"
    )
    result = runner.invoke(get_app(), ["cypher", query, "--store", str(store), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"n": 2}]
