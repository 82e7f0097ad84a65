"""The SPARQL examples in docs/ontology.md run and answer correctly on real records."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyoxigraph import Store

import govgraph.ontology.odrl  # noqa: F401  (the first example relies on the ODRL hook)
from govgraph.graph.rdf_projection import as_quads, record_triples

from .conftest import C_NEW, C_OLD, C_SCRAPE, category_records, sample_records

DOC = Path(__file__).resolve().parents[2] / "docs" / "ontology.md"


def sparql_blocks() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", DOC.read_text("utf-8"), flags=re.S)


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    records = sample_records() + category_records()
    store.extend(as_quads(t for r in records for t in record_triples(r)))
    return store


def rows(store: Store, index: int) -> list[tuple[str, ...]]:
    prefixes, *queries = sparql_blocks()
    result = store.query(prefixes + queries[index])
    return [tuple(term.value for term in solution) for solution in result]


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def test_docs_have_prefixes_and_four_queries() -> None:
    blocks = sparql_blocks()
    assert len(blocks) == 5 and "PREFIX gg:" in blocks[0]


def test_platforms_restricting_model_training_since(store: Store) -> None:
    assert rows(store, 0) == [("ChatGPT", "2025-03-01T12:30:00Z")]


def test_clauses_as_of_a_day(store: Store) -> None:
    assert {local(r[0]) for r in rows(store, 1)} == {C_OLD}


def test_articles_bearing_on_a_clause(store: Store) -> None:
    found = {(local(r[0]), local(r[1]), r[2].split("/id/article/")[1]) for r in rows(store, 2)}
    assert found == {(C_SCRAPE, "ai-content-training-ban", "cdsm/4")}


def test_clause_edits(store: Store) -> None:
    assert [(local(r[0]), local(r[1]), r[3]) for r in rows(store, 3)] == [(C_NEW, C_OLD, "0.93")]
