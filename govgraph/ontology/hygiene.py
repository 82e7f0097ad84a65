"""Term hygiene: every term used is a declared term.

SHACL cannot catch a typo that the shapes share with the data (DPV's shapes once
validated ``rdfs:Label`` because the shape used it too). So this module checks terms
against their vocabularies instead:

- govgraph terms (``gg:``) must be declared in ``govgraph.ttl``;
- terms of RDF, RDFS, OWL, SKOS, SHACL, XSD, Dublin Core terms, PROV-O and ODRL must exist
  in rdflib's closed term lists for those vocabularies (``DefinedNamespace``);
- terms of ELI and DPV, which rdflib does not ship, must be in the short lists below, each
  checked by hand against the published vocabulary (see docs/ontology.md).

``problems(graph, ontology)`` returns one line per offending term; the tests and the
lead's ``govgraph check`` can print them.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ODRL2, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from govgraph.ontology.namespaces import DPV, DPV_AI, DPV_LEGAL_EU, ELI, GG

CLOSED_VOCABULARIES = (RDF, RDFS, OWL, SKOS, SH, XSD, DCTERMS, PROV, ODRL2)

# Terms of vocabularies without a term list in rdflib, checked by hand: DPV 2.2 against the
# w3c/dpv sources (ai development module, legal/eu module); ELI against the EU ELI
# validator's shapes and schema.org's ELI equivalences (the ELI ontology file itself was
# not at hand). Add a term here only after checking it the same way.
KNOWN_TERMS: dict[str, frozenset[str]] = {
    str(ELI): frozenset(
        {
            "LegalResource",
            "LegalResourceSubdivision",
            "is_part_of",
            "has_part",
            "id_local",
            "number",
            "date_document",
            "first_date_entry_in_force",
            "date_applicability",
        }
    ),
    str(DPV): frozenset({"Law", "Processing"}),
    str(DPV_AI): frozenset({"ModelTraining"}),
    str(DPV_LEGAL_EU): frozenset(
        {"law-GDPR", "law-AIAct", "law-DSA", "law-DMA", "law-DGA", "law-DataAct"}
    ),
}

DECLARING_TYPES = frozenset(
    {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        OWL.NamedIndividual,
    }
)


def iris(graph: Graph) -> set[URIRef]:
    """Every IRI in any position of a graph (datatypes of literals included)."""
    found: set[URIRef] = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                found.add(term)
            elif isinstance(term, Literal) and term.datatype is not None:
                found.add(term.datatype)
    return found


def declared_terms(ontology: Graph) -> set[URIRef]:
    """gg: terms the ontology declares as a class, property or named individual."""
    return {
        s
        for s, _, t in ontology.triples((None, RDF.type, None))
        if t in DECLARING_TYPES and isinstance(s, URIRef) and str(s).startswith(str(GG))
    }


def undeclared_gg_terms(terms: Iterable[str | URIRef], ontology: Graph) -> set[str]:
    declared = {str(t) for t in declared_terms(ontology)}
    return {str(t) for t in terms if str(t).startswith(str(GG)) and str(t) not in declared}


def unknown_vocabulary_terms(terms: Iterable[str | URIRef]) -> set[str]:
    """Terms in a known vocabulary's namespace that the vocabulary does not define."""
    unknown = set()
    for term in terms:
        iri = str(term)
        for vocab in CLOSED_VOCABULARIES:
            base = str(vocab)
            if iri.startswith(base):
                if URIRef(iri) not in vocab:
                    unknown.add(iri)
                break
        else:
            for base, names in KNOWN_TERMS.items():
                if iri.startswith(base) and iri[len(base) :] not in names:
                    unknown.add(iri)
    return unknown


def problems(graph: Graph, ontology: Graph) -> list[str]:
    """One line per undeclared govgraph term or unknown vocabulary term in ``graph``."""
    terms = iris(graph)
    lines = [f"undeclared govgraph term: {t}" for t in undeclared_gg_terms(terms, ontology)]
    lines += [f"not a term of its vocabulary: {t}" for t in unknown_vocabulary_terms(terms)]
    return sorted(lines)
