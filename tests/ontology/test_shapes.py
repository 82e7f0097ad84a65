"""SHACL shapes: valid and invalid fixtures for every shape, messages, real records.

Fixtures live in ``fixtures/`` beside this file: ``valid/<Shape>.ttl`` and
``invalid/<Shape>--<case>.ttl``. Each is validated together with ``fixtures/context.ttl``
(a small valid graph to link to) and the bundled category scheme. An invalid fixture lists
the exact set of messages it must produce in ``# expect: <message>`` header lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

import govgraph.ontology.odrl  # noqa: F401  (registers the ODRL projection hook)
from govgraph.graph.rdf_projection import record_triples
from govgraph.ontology.shapes import ValidationReport, to_rdflib, validate

from .conftest import C_NEW, C_SCRAPE, FIXTURES, category_records, parse, sample_records

CONTEXT = FIXTURES / "context.ttl"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))

# Parameters that make a shape a constraint (SHACL Core constraint components).
CONSTRAINT_PARAMETERS = {
    SH[name]
    for name in [
        "class",
        "datatype",
        "nodeKind",
        "minCount",
        "maxCount",
        "minExclusive",
        "minInclusive",
        "maxExclusive",
        "maxInclusive",
        "minLength",
        "maxLength",
        "pattern",
        "languageIn",
        "uniqueLang",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "not",
        "and",
        "or",
        "xone",
        "node",
        "qualifiedValueShape",
        "closed",
        "hasValue",
        "in",
        "sparql",
    ]
}


def shape_name(path: Path) -> str:
    return path.stem.split("--")[0]


def expected_messages(path: Path) -> set[str]:
    prefix = "# expect: "
    lines = path.read_text("utf-8").splitlines()
    return {line[len(prefix) :].strip() for line in lines if line.startswith(prefix)}


def run(path: Path) -> ValidationReport:
    graph = parse(CONTEXT)
    graph.parse(path, format="turtle")
    return validate(graph)


def target_class(shapes: Graph, name: str) -> URIRef:
    shape = URIRef("https://w3id.org/govgraph/shapes#" + name)
    target = shapes.value(shape, SH.targetClass)
    assert isinstance(target, URIRef), f"{name} has no sh:targetClass"
    return target


def node_shapes(shapes: Graph) -> set[str]:
    return {
        str(s).rsplit("#", 1)[1]
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if (s, SH.targetClass, None) in shapes
    }


def all_messages(shapes: Graph) -> set[str]:
    return {str(m) for m in shapes.objects(None, SH.message)}


def test_context_conforms() -> None:
    report = run(CONTEXT)
    assert report.conforms, report.text()


def test_every_shape_has_valid_and_invalid_fixtures(shapes_graph: Graph) -> None:
    shapes = node_shapes(shapes_graph)
    assert len(shapes) >= 16
    valid = {shape_name(p) for p in VALID}
    invalid = {shape_name(p) for p in INVALID}
    assert shapes - valid == set(), "shapes without a valid fixture"
    assert shapes - invalid == set(), "shapes without an invalid fixture"
    assert valid - shapes == set() and invalid - shapes == set(), "fixtures of unknown shapes"


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(path: Path, shapes_graph: Graph) -> None:
    fixture = parse(path)
    target = target_class(shapes_graph, shape_name(path))
    focus = set(fixture.subjects(RDF.type, target))
    assert focus, f"{path.name} has no instance of {target}, so it tests nothing"
    report = run(path)
    assert report.conforms, report.text()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_with_expected_messages(path: Path, shapes_graph: Graph) -> None:
    expected = expected_messages(path)
    assert expected, f"{path.name} declares no '# expect:' message"
    fixture = parse(path)
    target = target_class(shapes_graph, shape_name(path))
    assert set(fixture.subjects(RDF.type, target)), f"{path.name} has no {target} instance"
    report = run(path)
    assert not report.conforms
    assert report.messages == expected, report.text()
    # Only the fixture's own resources are at fault, never the context.
    assert {r.focus for r in report.results} <= {str(s) for s in fixture.subjects()}


def test_every_message_is_exercised_by_an_invalid_fixture(shapes_graph: Graph) -> None:
    exercised = set().union(*(expected_messages(p) for p in INVALID))
    missing = all_messages(shapes_graph) - exercised
    assert not missing, f"constraints no invalid fixture makes fail: {sorted(missing)}"


def test_every_constraint_has_a_human_message(shapes_graph: Graph) -> None:
    """Any shape with a constraint parameter carries a non-empty English sh:message."""
    without = []
    for shape in set(shapes_graph.subjects()):
        own = {p for p in shapes_graph.predicates(shape) if p in CONSTRAINT_PARAMETERS}
        if not own:
            continue
        messages = [m for m in shapes_graph.objects(shape, SH.message) if str(m).strip()]
        if not messages or any(getattr(m, "language", None) != "en" for m in messages):
            without.append(f"{shape} ({', '.join(sorted(str(p) for p in own))})")
    assert not without, "constraints without an @en sh:message:\n" + "\n".join(without)


def test_messages_are_distinct_per_constraint(shapes_graph: Graph) -> None:
    """One message, one constraint: a reader can tell which rule failed."""
    owners: dict[str, set] = {}
    for shape, message in shapes_graph.subject_objects(SH.message):
        owners.setdefault(str(message), set()).add(shape)
    shared = {m: s for m, s in owners.items() if len(s) > 1}
    assert not shared


def test_real_records_project_to_conforming_rdf() -> None:
    """Records built with govgraph.models, projected by rdf_projection, validate."""
    records = sample_records() + category_records()
    triples = [t for record in records for t in record_triples(record)]
    report = validate(triples)
    assert report.conforms, report.text()
    graph = to_rdflib(triples)
    # The ODRL hook ran: the two restriction clauses are prohibitions.
    prohibition = URIRef("http://www.w3.org/ns/odrl/2/Prohibition")
    assert {str(s).rsplit("/", 1)[1] for s in graph.subjects(RDF.type, prohibition)} == {
        C_NEW,
        C_SCRAPE,
    }


def test_projected_records_that_break_a_shape_fail() -> None:
    """The shapes catch what the models allow but the data model forbids.

    A ClassifiedAs into a group id is accepted by the pydantic model (it validates ids
    against the scheme, groups included) but clauses are classified into leaf categories.
    """
    from govgraph.models import ClassifiedAs

    records = [*sample_records(), *category_records()]
    records.append(ClassifiedAs(source=C_NEW, target="privacy", confidence=0.5, method="model:x"))
    report = validate([t for r in records for t in record_triples(r)])
    assert report.messages == {"Clauses are classified into categories, not into category groups."}


def test_validate_without_scheme_reports_unknown_categories() -> None:
    """Without the bundled scheme, scheme membership of classifications cannot hold."""
    records = sample_records()
    report = validate([t for r in records for t in record_triples(r)], with_scheme=False)
    assert not report.conforms
    assert (
        "A classification's category must be a concept of the govgraph category scheme "
        "(categories.ttl)." in report.messages
    )
