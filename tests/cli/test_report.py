"""``govgraph report ...``: every report and its help, on a store holding the fixture graph."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from govgraph.cli.app import get_app
from govgraph.cli.report import report_app
from govgraph.graph.embedded import EmbeddedStore
from tests.queries.graph_fixture import A_BAN_NEW, records

runner = CliRunner()

REPORTS = {
    "training-restrictions": ["--regime", "EU"],
    "compare": ["--category", "provider-trains-on-user-content"],
    "similar": ["--clause", "c-a-ban-new"],
    "platform": ["Alpha AI"],
    "changes": [],
    "timeline": ["--category", "ai-training-restriction"],
    "coverage": ["--regime", "DE"],
    "regulations": ["--category", "provider-trains-on-user-content", "--regime", "EU"],
    "stats": [],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-report") / "store"
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write(records())
    return str(path)


def _run(*args: str):
    return runner.invoke(get_app(), list(args))


def test_every_report_is_a_command_with_an_example():
    names = {c.name for c in report_app.registered_commands}
    assert names == set(REPORTS)
    for name in REPORTS:
        result = _run("report", name, "--help")
        assert result.exit_code == 0, result.output
        assert "Example: govgraph report " + name in " ".join(result.output.split())
    assert "Example" in _run("report", "--help").output


# Every report in table and json; csv and md (one shared renderer, plus the coverage
# matrix and the card views) on the reports with views of their own.
CASES = [(name, fmt) for name in sorted(REPORTS) for fmt in ("table", "json")] + [
    (name, fmt)
    for name in ("training-restrictions", "coverage", "changes", "platform")
    for fmt in ("csv", "md")
]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_every_report_in_every_format(store, name, fmt):
    result = _run("report", name, *REPORTS[name], "--store", store, "-f", fmt)
    assert result.exit_code == 0, result.output
    out = result.output
    if fmt == "json":
        rows = json.loads(out)
        assert rows and all(isinstance(r, dict) for r in rows)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows
    elif fmt == "md":
        assert out.startswith("| ") and "|---|" in out
    else:
        assert len(out.splitlines()) > 3


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_sparql_answers_every_report_with_the_same_rows(store, name):
    args = ["report", name, *REPORTS[name], "--store", store, "-f", "json"]
    cypher = _run(*args)
    sparql = _run(*args, "--sparql")
    assert cypher.exit_code == 0 and sparql.exit_code == 0, sparql.output
    assert json.loads(cypher.output) == json.loads(sparql.output)


def test_flagship_json_is_traceable(store):
    result = _run("report", "training-restrictions", "--store", store, "-f", "json")
    rows = json.loads(result.output)
    alpha = next(r for r in rows if r["platform"] == "Alpha AI")
    assert alpha["text"] == A_BAN_NEW
    for key in ("document", "terms_type", "jurisdiction", "since", "source_url", "clause_id"):
        assert alpha[key], key
    assert alpha["category"] == ["ai-content-training-ban", "ai-output-training-ban"]


def test_table_has_sources_for_every_clause(store):
    result = _run("report", "training-restrictions", "--store", store)
    assert "[1] c-a-ban-new in alpha-ai/terms-of-service/EU" in result.output
    assert "Articles in force in the EU regime" in result.output


def test_platforms_option_takes_commas_and_repeats(store):
    result = _run(
        "report", "compare", "-c", "provider-trains-on-user-content",
        "--platform", "gamma,Delta", "--platform", "Alpha AI",
        "--store", store, "-f", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [r["platform"] for r in json.loads(result.output)] == ["Alpha AI", "Delta", "Gamma"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "--category", "scrapping-ban"], "unknown category 'scrapping-ban'"),
        (["platform", "Gama"], "did you mean: Gamma"),
        (["coverage", "--regime", "XX"], "unknown regime"),
        (["changes", "--since", "May 2025"], "--since 'May 2025' is not a date"),
        (["similar"], "either --clause"),
        (["training-restrictions", "--neo4j", "--sparql"], "exclude each other"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(store, args, message):
    result = _run("report", *args, "--store", store)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert message in lines[0]


def test_missing_store_says_what_to_do(tmp_path):
    result = _run("report", "stats", "--store", str(tmp_path / "none"))
    assert result.exit_code == 1 and "govgraph demo" in result.output
