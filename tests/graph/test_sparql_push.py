"""push sparql against a real SPARQL 1.1 server (Oxigraph's, from the `oxigraph` package)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govgraph.cli.app import get_app
from govgraph.graph.embedded import EmbeddedStore
from govgraph.models import Clause, Contains, Document, Platform, Publishes
from tests.conftest import IN_CI

runner = CliRunner()
DOC = "grok/terms-of-service/EU"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        if IN_CI:
            pytest.fail("the oxigraph server (pip package 'oxigraph') is missing in CI")
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the oxigraph server did not start")
    yield base
    process.terminate()
    process.wait(timeout=10)


def _select(base: str, query: str) -> list[dict]:
    url = f"{base}/query?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["results"]["bindings"]


def _store(path: Path, until: str | None = None) -> Path:
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write(
            [
                Platform(id="grok", name="Grok"),
                Document(id=DOC, platform="Grok", terms_type="Terms of Service", jurisdiction="EU"),
                Publishes(source="grok", target=DOC),
                Clause(id="c-1", document=DOC, text="You may not scrape the Service."),
                Contains(
                    source=DOC,
                    target="c-1",
                    id="i-1",
                    since="2026-01-01T00:00:00Z",
                    from_version="v1",
                    until=until,
                    to_version="v2" if until else None,
                ),
            ]
        )
    return path


def _count(base: str) -> int:
    rows = _select(base, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(rows[0]["n"]["value"])


def test_push_is_idempotent_and_replaces_changed_values(server, tmp_path):
    store = _store(tmp_path / "store")
    endpoint = f"{server}/update"
    first = runner.invoke(
        get_app(), ["push", "sparql", "--endpoint", endpoint, "--store", str(store)]
    )
    assert first.exit_code == 0, first.output
    count = _count(server)
    assert count > 10
    again = runner.invoke(
        get_app(), ["push", "sparql", "--endpoint", endpoint, "--store", str(store)]
    )
    assert again.exit_code == 0 and _count(server) == count
    _store(store, until="2026-02-01T00:00:00Z")  # the interval closes in a later load
    runner.invoke(get_app(), ["push", "sparql", "--endpoint", endpoint, "--store", str(store)])
    until = _select(
        server,
        "PREFIX gg: <https://w3id.org/govgraph/ontology#> "
        "SELECT ?u WHERE { GRAPH ?g { ?s gg:until ?u } }",
    )
    assert [row["u"]["value"] for row in until] == ["2026-02-01T00:00:00Z"]
    names = _select(
        server,
        "PREFIX gg: <https://w3id.org/govgraph/ontology#> "
        "SELECT ?n WHERE { GRAPH <https://w3id.org/govgraph/id/graph> { ?p gg:name ?n } }",
    )
    assert [row["n"]["value"] for row in names] == ["Grok"]


def test_unreachable_endpoint_is_one_clear_line_and_hides_credentials(tmp_path):
    store = _store(tmp_path / "store")
    port = _free_port()
    result = runner.invoke(
        get_app(),
        [
            "push",
            "sparql",
            "--endpoint",
            f"http://alice:s3cret@127.0.0.1:{port}/update",
            "--store",
            str(store),
        ],
    )
    assert result.exit_code == 1
    assert "cannot reach the SPARQL endpoint" in result.output
    assert "s3cret" not in result.output and "alice" not in result.output


def test_validate_passes_on_a_loaded_store_and_fails_on_bad_rdf(tmp_path):
    store = tmp_path / "store"
    from govgraph.ingest import load_source
    from tests.test_ingest import HISTORY, ListLoader

    load_source(ListLoader(HISTORY, head="h"), store, workers=0)
    ok = runner.invoke(get_app(), ["validate", "--store", str(store)])
    assert ok.exit_code == 0, ok.output
    assert "conforms" in ok.output
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix gg: <https://w3id.org/govgraph/ontology#> .\n"
        "<https://w3id.org/govgraph/id/platform/x> a gg:Platform .\n"
    )
    failed = runner.invoke(get_app(), ["validate", str(bad)])
    assert failed.exit_code == 1
    assert "platform/x" in failed.output
