"""Models and ontology agree, in both directions, through the RDF projection.

Model -> ontology: every field of every record type, projected from a real record with
the field set, yields a triple whose predicate the ontology declares with the right kind
(object or datatype property), a domain that includes the record's class and a range that
includes what was emitted. Every relationship type is a declared object property from the
source's class to the target's class.

Ontology -> model: every gg: class is a record class or a statement class; every gg:
object or datatype property is emitted by some field or relationship, and its declared
domain is exactly the set of classes that emit it (no stale or invented owners).
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

import govgraph.ontology.odrl as odrl
from govgraph.graph.rdf_projection import (
    REFERENCE_FIELDS,
    STATEMENT_CLASSES,
    property_iri,
    record_subject,
    record_triples,
    relation_iri,
)
from govgraph.models import EDGE_TYPES, NODE_TYPES, Edge, Node
from govgraph.ontology.namespaces import GG

from .conftest import category_records, sample_records

SKIPPED_FIELDS = {"id", "source", "target"}  # the resource itself, or the edge's ends
# Annotation properties that align to other vocabularies and are not (yet) record fields.
ALIGNMENT_ONLY = {"dpvLaw"}


def owner_of(model: type[Node] | type[Edge]) -> tuple[str, str | None]:
    """(projection owner key, ontology class local name) of a record type."""
    if issubclass(model, Node):
        return model.LABEL, model.LABEL
    return model.TYPE, STATEMENT_CLASSES.get(model.TYPE)


def field_names(model: type[Node] | type[Edge]) -> list[str]:
    fields = list(model.model_fields)
    if issubclass(model, Node):
        return [f for f in fields if f != "id"]
    return [f for f in fields if f not in SKIPPED_FIELDS]


def full_record(model: type[Node] | type[Edge]) -> Node | Edge:
    """The sample record of this type with every field set."""
    for record in sample_records() + category_records():
        if type(record) is model and all(
            getattr(record, f) not in (None, []) for f in field_names(model)
        ):
            return record
    raise AssertionError(f"sample_records() has no {model.__name__} with every field set")


def members(graph: Graph, node) -> set:
    """A class/datatype expression as a set: an IRI, or the IRIs of an owl:unionOf."""
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        assert union is not None, f"unsupported class expression {node}"
        return set(Collection(graph, union))
    return {node}


def declared(graph: Graph, term: str, kind: URIRef) -> bool:
    return (URIRef(term), RDF.type, kind) in graph


def domain(graph: Graph, term: str) -> set:
    values = list(graph.objects(URIRef(term), RDFS.domain))
    assert len(values) == 1, f"{term} needs exactly one rdfs:domain, has {len(values)}"
    return members(graph, values[0])


def range_(graph: Graph, term: str) -> set:
    values = list(graph.objects(URIRef(term), RDFS.range))
    assert len(values) == 1, f"{term} needs exactly one rdfs:range, has {len(values)}"
    return members(graph, values[0])


@pytest.mark.parametrize("model", NODE_TYPES + EDGE_TYPES, ids=lambda m: m.__name__)
def test_every_field_maps_to_a_declared_property(model, ontology: Graph) -> None:
    owner, cls = owner_of(model)
    fields = field_names(model)
    if not fields:
        return
    assert cls is not None, f"{owner} has properties but no statement class"
    record = full_record(model)
    subject = record_subject(record)
    emitted = defaultdict(list)
    for t in record_triples(record):
        if t.subject == subject:
            emitted[t.predicate.value].append(t.object)
    problems = []
    for field in fields:
        term = property_iri(owner, field).value
        if term not in emitted:
            problems.append(f"{model.__name__}.{field}: projection emits no {term}")
            continue
        obj = emitted[term][0]
        if (owner, field) in REFERENCE_FIELDS:
            target = REFERENCE_FIELDS[(owner, field)]
            assert isinstance(obj, NamedNode)
            if not declared(ontology, term, OWL.ObjectProperty):
                problems.append(f"{model.__name__}.{field}: {term} is not an owl:ObjectProperty")
            elif URIRef(str(GG) + target) not in range_(ontology, term):
                problems.append(f"{model.__name__}.{field}: range of {term} lacks gg:{target}")
        else:
            assert isinstance(obj, OxLiteral)
            if not declared(ontology, term, OWL.DatatypeProperty):
                problems.append(f"{model.__name__}.{field}: {term} is not an owl:DatatypeProperty")
            elif URIRef(obj.datatype.value) not in range_(ontology, term):
                problems.append(
                    f"{model.__name__}.{field}: range of {term} lacks {obj.datatype.value}"
                )
        is_property = declared(ontology, term, OWL.ObjectProperty) or declared(
            ontology, term, OWL.DatatypeProperty
        )
        if is_property and URIRef(str(GG) + cls) not in domain(ontology, term):
            problems.append(f"{model.__name__}.{field}: domain of {term} lacks gg:{cls}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("model", EDGE_TYPES, ids=lambda m: m.__name__)
def test_every_relationship_is_a_declared_object_property(model, ontology: Graph) -> None:
    term = relation_iri(model.TYPE).value
    assert declared(ontology, term, OWL.ObjectProperty), f"{term} not declared"
    assert domain(ontology, term) == {URIRef(str(GG) + model.SOURCE.LABEL)}
    assert range_(ontology, term) == {URIRef(str(GG) + model.TARGET.LABEL)}
    record = next(r for r in sample_records() + category_records() if type(r) is model)
    triples = {(t.subject, t.predicate.value, t.object) for t in record_triples(record)}
    assert (record_subject_node(record, "source"), term, record_subject_node(record, "target")) in (
        triples
    )


def record_subject_node(edge: Edge, end: str) -> NamedNode:
    from govgraph.graph.rdf_projection import node_iri

    label = edge.SOURCE.LABEL if end == "source" else edge.TARGET.LABEL
    return node_iri(label, getattr(edge, end))


def emitters() -> dict[str, set[str]]:
    """gg property IRI -> local names of the classes whose records emit it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for model in NODE_TYPES + EDGE_TYPES:
        owner, cls = owner_of(model)
        for field in field_names(model):
            owners[property_iri(owner, field).value].add(cls or "?")
    for model in EDGE_TYPES:
        owners[relation_iri(model.TYPE).value].add(model.SOURCE.LABEL)
    return owners


def test_every_ontology_property_is_used_with_its_exact_domain(ontology: Graph) -> None:
    owners = emitters()
    problems = []
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in ontology.subjects(RDF.type, kind):
            term = str(prop)
            if not term.startswith(str(GG)):
                continue
            if term not in owners:
                problems.append(f"{term} is declared but no model field or relationship emits it")
                continue
            expected = {URIRef(str(GG) + c) for c in owners[term]}
            if domain(ontology, term) != expected:
                problems.append(f"{term}: domain {domain(ontology, term)} != emitters {expected}")
    assert not problems, "\n".join(problems)


def test_every_ontology_class_is_a_record_or_statement_class(ontology: Graph) -> None:
    classes = {
        str(c)[len(str(GG)) :]
        for c in ontology.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and str(c).startswith(str(GG))
    }
    expected = {m.LABEL for m in NODE_TYPES} | set(STATEMENT_CLASSES.values())
    assert classes == expected


def test_statement_classes_cover_exactly_the_edges_with_properties() -> None:
    with_props = {m.TYPE for m in EDGE_TYPES if field_names(m)}
    assert set(STATEMENT_CLASSES) == with_props


def test_annotation_properties_and_individuals_are_accounted_for(ontology: Graph) -> None:
    annotations = {
        str(p)[len(str(GG)) :]
        for p in ontology.subjects(RDF.type, OWL.AnnotationProperty)
        if str(p).startswith(str(GG))
    }
    assert annotations == ALIGNMENT_ONLY
    individuals = {
        str(i)
        for i in ontology.subjects(RDF.type, OWL.NamedIndividual)
        if str(i).startswith(str(GG))
    }
    emitted = {a.value for a in odrl.prohibited_actions().values()}
    assert individuals == {a for a in emitted if a.startswith(str(GG))}
