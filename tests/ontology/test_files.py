"""Every ontology file parses, ships with the package, and declares what it should."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from govgraph.ontology.shapes import ONTOLOGY_FILES, ontology_graph

from .conftest import ONTOLOGY_DIR

TTL_FILES = sorted(ONTOLOGY_DIR.glob("*.ttl"))
ONTOLOGY_IRI = URIRef("https://w3id.org/govgraph/ontology")


def test_the_three_files_exist() -> None:
    assert {p.name for p in TTL_FILES} == set(ONTOLOGY_FILES)


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.name)
def test_file_parses_with_plain_rdflib(path: Path) -> None:
    graph = Graph().parse(str(path))
    assert len(graph) > 50


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_file_ships_in_the_package(name: str) -> None:
    """Loaded through importlib.resources, as an installed package would."""
    resource = resources.files("govgraph.ontology").joinpath(name)
    assert resource.is_file()
    assert len(ontology_graph(name)) > 50


def test_unknown_ontology_file_is_a_clear_error() -> None:
    from govgraph.errors import InputError

    with pytest.raises(InputError, match=r"unknown ontology file 'nope\.ttl'"):
        ontology_graph("nope.ttl")


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.creator) == Literal("govgraph contributors")


def test_every_term_has_label_and_definition(ontology: Graph) -> None:
    missing = []
    for term in set(ontology.subjects(RDF.type, None)):
        if not str(term).startswith("https://w3id.org/govgraph/ontology#"):
            continue
        label = ontology.value(term, RDFS.label)
        definition = ontology.value(term, SKOS.definition)
        if label is None or definition is None or label.language != "en":
            missing.append(str(term))
    assert not missing


def test_properties_have_domain_and_range(ontology: Graph) -> None:
    missing = []
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for prop in ontology.subjects(RDF.type, kind):
            if (prop, RDFS.domain, None) not in ontology or (
                prop,
                RDFS.range,
                None,
            ) not in ontology:
                missing.append(str(prop))
    assert not missing


@pytest.mark.parametrize(
    ("sub", "relation", "sup"),
    [
        ("Regulation", RDFS.subClassOf, "http://data.europa.eu/eli/ontology#LegalResource"),
        ("Article", RDFS.subClassOf, "http://data.europa.eu/eli/ontology#LegalResourceSubdivision"),
        ("partOf", RDFS.subPropertyOf, "http://data.europa.eu/eli/ontology#is_part_of"),
        ("Version", RDFS.subClassOf, "http://www.w3.org/ns/prov#Entity"),
        ("supersedes", RDFS.subPropertyOf, "http://www.w3.org/ns/prov#wasRevisionOf"),
        ("recordedAt", RDFS.subPropertyOf, "http://www.w3.org/ns/prov#generatedAtTime"),
        ("Category", RDFS.subClassOf, "http://www.w3.org/2004/02/skos/core#Concept"),
        ("broader", RDFS.subPropertyOf, "http://www.w3.org/2004/02/skos/core#broader"),
        ("Jurisdiction", RDFS.subClassOf, "http://purl.org/dc/terms/Jurisdiction"),
        ("dpvLaw", RDFS.range, "https://w3id.org/dpv#Law"),
    ],
)
def test_alignment(sub: str, relation: URIRef, sup: str, ontology: Graph) -> None:
    term = URIRef("https://w3id.org/govgraph/ontology#" + sub)
    assert (term, relation, URIRef(sup)) in ontology
