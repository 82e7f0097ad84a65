"""Term hygiene: every term used by the project is declared by its vocabulary."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph

import govgraph.ontology.odrl  # noqa: F401  (its output is part of the data)
from govgraph.graph.rdf_projection import record_triples, used_terms
from govgraph.ontology.hygiene import (
    iris,
    problems,
    undeclared_gg_terms,
    unknown_vocabulary_terms,
)
from govgraph.ontology.shapes import to_rdflib

from .conftest import FIXTURES, ONTOLOGY_DIR, category_records, parse, sample_records

TTL_FILES = sorted(ONTOLOGY_DIR.glob("*.ttl"))
FIXTURE_FILES = sorted(FIXTURES.rglob("*.ttl"))


def test_projection_terms_are_declared(ontology: Graph) -> None:
    terms = used_terms()
    assert len(terms) > 50  # the projection really lists its terms
    assert undeclared_gg_terms(terms, ontology) == set()


def test_projected_data_uses_only_declared_terms(ontology: Graph) -> None:
    """Everything the projection and its hooks emit for real records, in any position."""
    data = to_rdflib(t for r in sample_records() + category_records() for t in record_triples(r))
    assert problems(data, ontology) == []


@pytest.mark.parametrize("path", TTL_FILES + FIXTURE_FILES, ids=lambda p: p.name)
def test_files_use_only_declared_terms(path: Path, ontology: Graph) -> None:
    assert problems(parse(path), ontology) == []


def test_a_typo_shared_by_shape_and_data_is_caught(ontology: Graph) -> None:
    """SHACL alone passes a shape and data that share ``rdfs:Label``; hygiene does not."""
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix gg: <https://w3id.org/govgraph/ontology#> .
        <urn:s> a sh:NodeShape ; sh:targetClass gg:Platform ;
            sh:property [ sh:path rdfs:Label ; sh:minCount 1 ; sh:message "needs a label"@en ] .
        """,
        format="turtle",
    )
    data = Graph().parse(
        data="""
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix gg: <https://w3id.org/govgraph/ontology#> .
        <https://w3id.org/govgraph/id/platform/x> a gg:Platform ; rdfs:Label "X" .
        """,
        format="turtle",
    )
    conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes)
    assert conforms  # the trap: SHACL is satisfied
    label = "http://www.w3.org/2000/01/rdf-schema#Label"
    assert problems(shapes, ontology) == [f"not a term of its vocabulary: {label}"]
    assert problems(data, ontology) == [f"not a term of its vocabulary: {label}"]


@pytest.mark.parametrize(
    "term",
    [
        "http://www.w3.org/2004/02/skos/core#prefLable",
        "http://www.w3.org/2002/07/owl#DataProperty",
        "http://www.w3.org/ns/shacl#mesage",
        "http://purl.org/dc/terms/licence",
        "http://www.w3.org/ns/prov#generatedAt",
        "http://www.w3.org/ns/odrl/2/Prohibtion",
        "http://data.europa.eu/eli/ontology#isPartOf",
        "https://w3id.org/dpv/ai#AITraining",
        "http://www.w3.org/2001/XMLSchema#datetime",
    ],
)
def test_misspelt_vocabulary_terms_are_unknown(term: str) -> None:
    assert unknown_vocabulary_terms([term]) == {term}


def test_real_vocabulary_terms_are_known() -> None:
    real = [
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2002/07/owl#DatatypeProperty",
        "http://www.w3.org/ns/shacl#message",
        "http://purl.org/dc/terms/license",
        "http://www.w3.org/ns/prov#generatedAtTime",
        "http://www.w3.org/ns/odrl/2/Prohibition",
        "http://data.europa.eu/eli/ontology#is_part_of",
        "https://w3id.org/dpv/ai#ModelTraining",
        "http://www.w3.org/2001/XMLSchema#dateTime",
    ]
    assert unknown_vocabulary_terms(real) == set()


def test_undeclared_govgraph_term_is_reported(ontology: Graph) -> None:
    data = Graph().parse(
        data="<urn:x> <https://w3id.org/govgraph/ontology#recordedOn> 1 .", format="turtle"
    )
    assert problems(data, ontology) == [
        "undeclared govgraph term: https://w3id.org/govgraph/ontology#recordedOn"
    ]


def test_iris_include_datatypes() -> None:
    data = Graph().parse(
        data='<urn:x> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integr> .', format="turtle"
    )
    assert "http://www.w3.org/2001/XMLSchema#integr" in {str(i) for i in iris(data)}
