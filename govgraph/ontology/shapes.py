"""Validate instance data against the govgraph SHACL shapes.

``validate`` is what ``govgraph validate`` / ``check`` call: it runs pyshacl with the
bundled ``shapes.ttl`` and mixes the bundled category scheme (``categories.ttl``) into the
data, because the shapes check that classifications point at concepts of that scheme and
the projection does not repeat the scheme's structure (top concepts) in every store.

The report is a small, typed value (not pyshacl's graph) so callers can print one line per
problem with the shape's human ``sh:message``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from govgraph.errors import InputError

ONTOLOGY_FILES = ("govgraph.ttl", "categories.ttl", "shapes.ttl")


@dataclass(frozen=True)
class ValidationResult:
    """One violated constraint: which resource, which property, what is wrong."""

    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    shape: str

    def line(self) -> str:
        """One human line, e.g. for the CLI."""
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.focus}{where}: {self.message}{value}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: tuple[ValidationResult, ...]

    @property
    def messages(self) -> set[str]:
        return {r.message for r in self.results}

    def text(self) -> str:
        if self.conforms:
            return "conforms"
        return "\n".join(sorted(r.line() for r in self.results))


def ontology_graph(name: str) -> Graph:
    """A bundled ontology file (govgraph.ttl, categories.ttl, shapes.ttl) as a new graph."""
    if name not in ONTOLOGY_FILES:
        raise InputError(f"unknown ontology file {name!r} (known: {', '.join(ONTOLOGY_FILES)})")
    text = resources.files("govgraph.ontology").joinpath(name).read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


@cache
def _cached(name: str) -> Graph:
    return ontology_graph(name)


def to_rdflib(triples: Iterable[Any]) -> Graph:
    """An rdflib graph of pyoxigraph triples or quads (e.g. ``record_triples`` output).

    pyoxigraph terms print as N-Triples, so the conversion is exact for IRIs, literals
    with datatypes and language tags alike.
    """
    lines = []
    for t in triples:
        lines.append(f"{t.subject} {t.predicate} {t.object} .")
    graph = Graph()
    if lines:
        graph.parse(data="\n".join(lines), format="nt")
    return graph


def validate(data: Graph | Iterable[Any], *, with_scheme: bool = True) -> ValidationReport:
    """Validate instance data against ``shapes.ttl``.

    ``data`` is an rdflib graph, or pyoxigraph triples/quads. With ``with_scheme`` (the
    default) the bundled category scheme is added to a copy of the data first, so
    classification targets can be checked against it; the caller's graph is not changed.
    """
    import pyshacl

    graph = data if isinstance(data, Graph) else to_rdflib(data)
    if with_scheme:
        merged = Graph()
        for triple in graph:
            merged.add(triple)
        for triple in _cached("categories.ttl"):
            merged.add(triple)
        graph = merged
    conforms, report, _ = pyshacl.validate(
        graph,
        shacl_graph=_cached("shapes.ttl"),
        inference="none",
        abort_on_first=False,
        allow_infos=False,
        allow_warnings=False,
    )
    return ValidationReport(bool(conforms), tuple(_results(report)))


def _results(report: Graph) -> list[ValidationResult]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        message = report.value(node, SH.resultMessage)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        results.append(
            ValidationResult(
                focus=str(report.value(node, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else None,
                value=None if value is None else str(value),
                message=str(message) if message is not None else "(no sh:message)",
                severity=str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
                shape=str(report.value(node, SH.sourceShape)),
            )
        )
    results.sort(key=lambda r: (r.focus, r.path or "", r.message))
    return results
