"""Exports parse back to the same graph."""

from __future__ import annotations

import networkx as nx
import pytest
import rdflib
from typer.testing import CliRunner

from govgraph.cli.app import get_app
from govgraph.graph.embedded import EmbeddedStore
from govgraph.models import Clause, Contains, Document, Platform, Publishes

GG = rdflib.Namespace("https://w3id.org/govgraph/ontology#")
runner = CliRunner()


@pytest.fixture
def store(tmp_path):
    doc = "grok/terms-of-service/EU"
    path = tmp_path / "store"
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write(
            [
                Platform(id="grok", name="Grok"),
                Document(id=doc, platform="Grok", terms_type="Terms of Service", jurisdiction="EU"),
                Publishes(source="grok", target=doc),
                Clause(id="c-9", document=doc, text="You may not scrape the Service."),
                Contains(
                    source=doc,
                    target="c-9",
                    id="i-9",
                    since="2026-01-01T00:00:00Z",
                    from_version="v",
                ),
            ]
        )
    return path


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")]
)
def test_rdf_exports_parse_and_hold_the_records(store, tmp_path, fmt, rdflib_format):
    out = tmp_path / f"g.{fmt}"
    result = runner.invoke(get_app(), ["export", "-f", fmt, "-o", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(out, format=rdflib_format)
    names = {str(o) for o in graph.objects(None, GG.name)}
    texts = {str(o) for o in graph.objects(None, GG.text)}
    assert names == {"Grok"} and texts == {"You may not scrape the Service."}
    assert (None, GG.since, None) in graph


def test_graphml_export_has_nodes_and_typed_edges(store, tmp_path):
    out = tmp_path / "g.graphml"
    result = runner.invoke(
        get_app(), ["export", "-f", "graphml", "-o", str(out), "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out, force_multigraph=True)
    assert set(graph.nodes) == {"Platform:grok", "Document:grok/terms-of-service/EU", "Clause:c-9"}
    types = sorted(data["type"] for _, _, data in graph.edges(data=True))
    assert types == ["CONTAINS", "PUBLISHES"]


def test_export_to_a_missing_directory_is_a_clear_error(store, tmp_path):
    result = runner.invoke(
        get_app(), ["export", "-o", str(tmp_path / "no" / "such" / "g.ttl"), "--store", str(store)]
    )
    assert result.exit_code == 1 and "is not a directory" in result.output
