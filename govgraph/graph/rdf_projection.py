"""Records as RDF under the govgraph ontology.

The projection is generic and deterministic, so the property graph and the RDF graph are
two views of the same records with the same ids:

- a node is ``<id/<label>/<id>> a gg:<Label>``, with ``dcterms:identifier`` its id and one
  ``gg:<camelCase field>`` triple per property;
- fields that hold the id of another node become links to that node's IRI;
- an edge is ``<source> gg:<relation> <target>``; an edge that carries properties is also
  reified as an ``rdf:Statement`` (typed with the ontology's class for it) holding them;
- times are ``xsd:dateTime``, days ``xsd:date``; URLs ``xsd:anyURI``.

A few standard alignments are emitted directly (SKOS for categories, ELI part-of for
articles, PROV revision for superseding clauses) so that SPARQL users need no reasoner.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, Triple

from govgraph.models import (
    EDGE_TYPES,
    NODE_TYPES,
    Edge,
    Node,
    _check_date,
    _check_time,
)
from govgraph.ontology.namespaces import (
    CATEGORY_SCHEME,
    DCTERMS,
    ELI,
    GG,
    PROV,
    camel,
    instance_iri,
    relation_term,
)

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_STATEMENT = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement")
RDF_SUBJECT = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
RDF_PREDICATE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate")
RDF_OBJECT = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

# Fields holding another node's id: (label or rel type, field) -> label of the node.
REFERENCE_FIELDS: dict[tuple[str, str], str] = {
    ("Version", "document"): "Document",
    ("Clause", "document"): "Document",
    ("Article", "regulation"): "Regulation",
    ("Document", "jurisdiction"): "Jurisdiction",
    ("Regulation", "jurisdiction"): "Jurisdiction",
    ("CONTAINS", "from_version"): "Version",
    ("CONTAINS", "to_version"): "Version",
    ("SUPERSEDES", "version"): "Version",
}
# Fields whose RDF property name differs from the camelCase of the field.
RENAMED_FIELDS: dict[tuple[str, str], str] = {
    ("Document", "platform"): "platformName",
}
URL_FIELDS = frozenset({"source_url", "url", "eli", "location"})
# The ontology class of each reified relationship (those that carry properties).
STATEMENT_CLASSES: dict[str, str] = {
    "CONTAINS": "Containment",
    "SUPERSEDES": "Supersession",
    "CLASSIFIED_AS": "Classification",
    "IN_FORCE_IN": "Applicability",
    "ADDRESSED_BY": "MappingLink",
    "NAMES_JURISDICTION": "JurisdictionReference",
}

ExtraTriples = Callable[[Node | Edge], Iterable[Triple]]
EXTRA_TRIPLES: list[ExtraTriples] = []  # hooks, e.g. ODRL typing of restriction clauses


@lru_cache(maxsize=1 << 16)
def node_iri(label: str, node_id: str) -> NamedNode:
    return NamedNode(instance_iri(label, node_id))


def edge_iri(edge: Edge) -> NamedNode:
    return NamedNode(instance_iri(edge.TYPE, edge.key()))


@cache
def property_iri(owner: str, field: str) -> NamedNode:
    return NamedNode(str(GG) + RENAMED_FIELDS.get((owner, field), camel(field)))


@cache
def relation_iri(rel_type: str) -> NamedNode:
    return NamedNode(str(GG) + relation_term(rel_type))


@cache
def _field_kinds(model: type[Node] | type[Edge]) -> dict[str, str]:
    """'time', 'date' or 'plain' per field, read from the field's validators."""
    kinds = {}
    for name, field in model.model_fields.items():
        funcs = {getattr(m, "func", None) for m in field.metadata}
        if _check_time in funcs or _has_validator(field.annotation, _check_time):
            kinds[name] = "time"
        elif _check_date in funcs or _has_validator(field.annotation, _check_date):
            kinds[name] = "date"
        else:
            kinds[name] = "plain"
    return kinds


def _has_validator(annotation: Any, func: Any) -> bool:
    import typing

    for arg in typing.get_args(annotation):
        for meta in getattr(arg, "__metadata__", ()):
            if getattr(meta, "func", None) is func:
                return True
        if _has_validator(arg, func):
            return True
    return False


_DATATYPES = {
    name: NamedNode(XSD + name)
    for name in ("dateTime", "date", "boolean", "integer", "double", "anyURI")
}


def _literal(value: Any, kind: str, field: str) -> Literal:
    if kind == "time":
        return Literal(value, datatype=_DATATYPES["dateTime"])
    if kind == "date":
        return Literal(value, datatype=_DATATYPES["date"])
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=_DATATYPES["boolean"])
    if isinstance(value, int):
        return Literal(str(value), datatype=_DATATYPES["integer"])
    if isinstance(value, float):
        return Literal(repr(value), datatype=_DATATYPES["double"])
    if isinstance(value, list):
        return Literal(" ".join(str(v) for v in value))
    if field in URL_FIELDS:
        return Literal(value, datatype=_DATATYPES["anyURI"])
    return Literal(str(value))


def _property_triples(
    subject: NamedNode, owner: str, model: type[Node] | type[Edge], values: dict[str, Any]
) -> Iterator[Triple]:
    kinds = _field_kinds(model)
    for field, value in values.items():
        if value is None or field == "id":
            continue
        if issubclass(model, Edge) and field in ("source", "target"):
            continue  # an edge's ends are its triple; a node's `source` field is data
        if isinstance(value, list) and not value:
            continue
        target_label = REFERENCE_FIELDS.get((owner, field))
        if target_label is not None:
            yield Triple(subject, property_iri(owner, field), node_iri(target_label, value))
        else:
            yield Triple(subject, property_iri(owner, field), _literal(value, kinds[field], field))


def node_triples(node: Node) -> Iterator[Triple]:
    subject = node_iri(node.LABEL, node.id)
    yield Triple(subject, RDF_TYPE, NamedNode(str(GG) + node.LABEL))
    yield Triple(subject, NamedNode(str(DCTERMS) + "identifier"), Literal(node.id))
    yield from _property_triples(subject, node.LABEL, type(node), node.model_dump())
    if node.LABEL == "Category":
        yield Triple(subject, RDF_TYPE, NamedNode(SKOS + "Concept"))
        yield Triple(subject, NamedNode(SKOS + "inScheme"), NamedNode(CATEGORY_SCHEME))
        yield Triple(subject, NamedNode(SKOS + "notation"), Literal(node.id))
        yield Triple(subject, NamedNode(SKOS + "prefLabel"), Literal(node.label, language="en"))
        if node.definition:
            yield Triple(
                subject, NamedNode(SKOS + "definition"), Literal(node.definition, language="en")
            )


def edge_triples(edge: Edge) -> Iterator[Triple]:
    source = node_iri(edge.SOURCE.LABEL, edge.source)
    target = node_iri(edge.TARGET.LABEL, edge.target)
    predicate = relation_iri(edge.TYPE)
    yield Triple(source, predicate, target)
    if edge.TYPE == "BROADER":
        yield Triple(source, NamedNode(SKOS + "broader"), target)
    elif edge.TYPE == "PART_OF":
        yield Triple(source, NamedNode(str(ELI) + "is_part_of"), target)
    elif edge.TYPE == "SUPERSEDES":
        yield Triple(source, NamedNode(str(PROV) + "wasRevisionOf"), target)
    props = edge.edge_properties()
    props.pop("id", None)
    if not props:
        return
    statement = edge_iri(edge)
    yield Triple(statement, RDF_TYPE, RDF_STATEMENT)
    yield Triple(statement, RDF_TYPE, NamedNode(str(GG) + STATEMENT_CLASSES[edge.TYPE]))
    yield Triple(statement, NamedNode(str(DCTERMS) + "identifier"), Literal(edge.key()))
    yield Triple(statement, RDF_SUBJECT, source)
    yield Triple(statement, RDF_PREDICATE, predicate)
    yield Triple(statement, RDF_OBJECT, target)
    yield from _property_triples(statement, edge.TYPE, type(edge), props)


def record_triples(record: Node | Edge) -> Iterator[Triple]:
    if isinstance(record, Node):
        yield from node_triples(record)
    else:
        yield from edge_triples(record)
    for hook in EXTRA_TRIPLES:
        yield from hook(record)


def record_subject(record: Node | Edge) -> NamedNode | None:
    """The resource whose properties a record owns (None for plain edges)."""
    if isinstance(record, Node):
        return node_iri(record.LABEL, record.id)
    if record.TYPE in STATEMENT_CLASSES:
        return edge_iri(record)
    return None


# ------------------------------------------------------------ N-Triples text
#
# The same projection as text, for the write path: Oxigraph parses N-Triples in Rust
# faster than Python can build one term object per IRI and literal. It must stay the
# exact twin of record_triples above (tests/graph/test_rdf_text.py compares them on
# every kind of record); the IRIs of nodes and properties are cached because the same
# few thousand (documents, clauses, categories, fields) recur in every batch.

_NT_ESCAPE = re.compile(r'[\x00-\x1f"\\]')
# Oxigraph's own spelling (so an upsert's text comparison with stored triples matches).
_NT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _NT_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def nt_literal(value: str, suffix: str = "") -> str:
    """A literal's N-Triples form; ``suffix`` is ``^^<datatype>`` or ``@lang`` or empty."""
    if _NT_ESCAPE.search(value):
        value = _NT_ESCAPE.sub(_escape_char, value)
    return f'"{value}"{suffix}'


@lru_cache(maxsize=1 << 16)
def _nt_node(label: str, node_id: str) -> str:
    return f"<{instance_iri(label, node_id)}>"


@cache
def _nt_property(owner: str, field: str) -> str:
    return f"<{property_iri(owner, field).value}>"


@cache
def _nt_relation(rel_type: str) -> str:
    return f"<{relation_iri(rel_type).value}>"


@cache
def _nt_class(name: str) -> str:
    return f"<{GG}{name}>"


@cache
def _nt_fields(model: type[Node] | type[Edge]) -> dict[str, tuple[str, str | None]]:
    """Per field: its kind and, for a field holding a node id, that node's label."""
    owner = model.LABEL if issubclass(model, Node) else model.TYPE  # type: ignore[attr-defined]
    kinds = _field_kinds(model)
    return {f: (kinds[f], REFERENCE_FIELDS.get((owner, f))) for f in model.model_fields}


_NT_TYPE = f"<{RDF_TYPE.value}>"
_NT_IDENTIFIER = f"<{DCTERMS}identifier>"
_NT_DATATYPE = {
    name: f"^^<{XSD}{name}>"
    for name in ("dateTime", "date", "boolean", "integer", "double", "anyURI")
}


def _nt_value(value: Any, kind: str, field: str) -> str:
    """Text twin of _literal."""
    if kind == "time":
        return nt_literal(value, _NT_DATATYPE["dateTime"])
    if kind == "date":
        return nt_literal(value, _NT_DATATYPE["date"])
    if isinstance(value, bool):
        return nt_literal("true" if value else "false", _NT_DATATYPE["boolean"])
    if isinstance(value, int):
        return nt_literal(str(value), _NT_DATATYPE["integer"])
    if isinstance(value, float):
        return nt_literal(repr(value), _NT_DATATYPE["double"])
    if isinstance(value, list):
        return nt_literal(" ".join(str(v) for v in value))
    if field in URL_FIELDS:
        return nt_literal(value, _NT_DATATYPE["anyURI"])
    return nt_literal(str(value))


def _nt_properties(
    out: list[str],
    subject: str,
    owner: str,
    model: type[Node] | type[Edge],
    values: dict[str, Any],
    *,
    edge: bool,
) -> None:
    """Text twin of _property_triples."""
    fields = _nt_fields(model)
    for field, value in values.items():
        if value is None or field == "id":
            continue
        if edge and field in ("source", "target"):
            continue
        if isinstance(value, list) and not value:
            continue
        kind, target_label = fields[field]
        if target_label is not None:
            obj = _nt_node(target_label, value)
        else:
            obj = _nt_value(value, kind, field)
        out.append(f"{subject} {_nt_property(owner, field)} {obj} .\n")


def record_ntriples(record: Node | Edge, out: list[str]) -> None:
    """Append the N-Triples lines of ``record_triples(record)`` to ``out``."""
    if isinstance(record, Node):
        label = record.LABEL
        s = _nt_node(label, record.id)
        out.append(f"{s} {_NT_TYPE} {_nt_class(label)} .\n")
        out.append(f"{s} {_NT_IDENTIFIER} {nt_literal(record.id)} .\n")
        # The field values as validated (what model_dump returns for these plain types,
        # without its serialisation pass): str, int, float, bool, list[str] or None.
        _nt_properties(out, s, label, type(record), record.__dict__, edge=False)
        if label == "Category":
            out.append(f"{s} {_NT_TYPE} <{SKOS}Concept> .\n")
            out.append(f"{s} <{SKOS}inScheme> <{CATEGORY_SCHEME}> .\n")
            out.append(f"{s} <{SKOS}notation> {nt_literal(record.id)} .\n")
            out.append(f"{s} <{SKOS}prefLabel> {nt_literal(record.label, '@en')} .\n")
            if record.definition:
                out.append(f"{s} <{SKOS}definition> {nt_literal(record.definition, '@en')} .\n")
    else:
        rel = record.TYPE
        source = _nt_node(record.SOURCE.LABEL, record.source)
        target = _nt_node(record.TARGET.LABEL, record.target)
        predicate = _nt_relation(rel)
        out.append(f"{source} {predicate} {target} .\n")
        if rel == "BROADER":
            out.append(f"{source} <{SKOS}broader> {target} .\n")
        elif rel == "PART_OF":
            out.append(f"{source} <{ELI}is_part_of> {target} .\n")
        elif rel == "SUPERSEDES":
            out.append(f"{source} <{PROV}wasRevisionOf> {target} .\n")
        props = {
            k: v
            for k, v in record.__dict__.items()
            if v is not None and k not in ("id", "source", "target")
        }
        if props:
            key = record.key()
            st = f"<{instance_iri(rel, key)}>"
            out.append(f"{st} {_NT_TYPE} <{RDF_STATEMENT.value}> .\n")
            out.append(f"{st} {_NT_TYPE} {_nt_class(STATEMENT_CLASSES[rel])} .\n")
            out.append(f"{st} {_NT_IDENTIFIER} {nt_literal(key)} .\n")
            out.append(f"{st} <{RDF_SUBJECT.value}> {source} .\n")
            out.append(f"{st} <{RDF_PREDICATE.value}> {predicate} .\n")
            out.append(f"{st} <{RDF_OBJECT.value}> {target} .\n")
            _nt_properties(out, st, rel, type(record), props, edge=True)
    for hook in EXTRA_TRIPLES:
        out.extend(f"{t} .\n" for t in hook(record))


def as_quads(triples: Iterable[Triple]) -> Iterator[Quad]:
    for t in triples:
        yield Quad(t.subject, t.predicate, t.object)


def used_terms() -> set[str]:
    """Every ontology term the projection can emit (for the term-hygiene test)."""
    terms = {str(GG) + m.LABEL for m in NODE_TYPES}
    for model in NODE_TYPES:
        for field in model.model_fields:
            if field != "id":
                terms.add(str(property_iri(model.LABEL, field).value))
    for edge_model in EDGE_TYPES:
        terms.add(str(relation_iri(edge_model.TYPE).value))
        for field in edge_model.model_fields:
            if field not in ("id", "source", "target"):
                terms.add(str(property_iri(edge_model.TYPE, field).value))
    terms |= {str(GG) + c for c in STATEMENT_CLASSES.values()}
    return terms
