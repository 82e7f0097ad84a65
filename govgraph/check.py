"""The invariants of a store, checked: what ``govgraph check`` runs.

A store is only as trustworthy as its intervals. Loads are atomic and ids deterministic,
so these checks should always pass; they exist to prove it after a crash, a kill, a
hand-made Cypher or SPARQL write, or a bug, and to name the records that are wrong so a
person can look at them. Each check reads the store once and works in Python, so it runs
the same on any store that answers Cypher (property graph) and SPARQL (RDF):

- ``interval-shape``: every CONTAINS interval has ``since`` and ``from_version``;
  ``until`` and ``to_version`` are both set or both unset; ``since < until``; its ends
  are versions of the same document recorded at ``since``/``until``; the clause belongs
  to the document that contains it.
- ``interval-overlap``: no two intervals of the same clause in the same document overlap.
- ``clause-reachable``: every clause appears in some version's ``clause_ids``.
- ``version-clauses``: every id in a version's ``clause_ids`` is a clause contained by
  the version's document over an interval that covers the version's time.
- ``counts``: nodes per label and relationships per type agree between the property
  graph and the RDF graph (``?s a gg:<Label>``, triples of the relation, and reified
  statements for relationships with properties); on a mismatch the ids on one side only
  are named.
- ``label-classifier``: every label made by an opt-in model (method ``contextual:NAME``)
  comes from a model of the classifier the store records (govgraph.classifier_choice):
  a store must not mix two classifiers' labels.
- ``shacl``: the RDF graph conforms to the bundled SHACL shapes (slow on big stores:
  ``shacl=False`` skips it).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from govgraph.graph.base import Capability, QueryResult
from govgraph.graph.rdf_projection import STATEMENT_CLASSES, relation_iri
from govgraph.models import EDGE_TYPES, NODE_TYPES
from govgraph.ontology.namespaces import GG

__all__ = ["CheckReport", "CheckResult", "check_store"]

DCTERMS_IDENTIFIER = "http://purl.org/dc/terms/identifier"


class Queryable(Protocol):
    """What the checks need: Cypher and SPARQL queries, and the RDF triples."""

    def query(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        language: Capability = Capability.CYPHER,
    ) -> QueryResult: ...


@dataclass
class CheckResult:
    """One invariant: whether it holds, and the ids (or id: reason) that break it."""

    name: str
    description: str
    problems: list[str] = field(default_factory=list)
    checked: int = 0  # how many items the check looked at
    skipped: bool = False

    @property
    def passed(self) -> bool:
        return not self.problems

    def as_dict(self, limit: int | None = None) -> dict[str, Any]:
        shown = self.problems if limit is None else self.problems[:limit]
        return {
            "check": self.name,
            "status": "skipped" if self.skipped else ("pass" if self.passed else "fail"),
            "checked": self.checked,
            "problems": len(self.problems),
            "ids": shown,
            "description": self.description,
        }


@dataclass
class CheckReport:
    results: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(r.passed for r in self.results)

    def failed(self) -> list[CheckResult]:
        return [r for r in self.results if not r.passed]


def _rows(store: Queryable, text: str, params: dict[str, Any] | None = None) -> list[tuple]:
    return store.query(text, params or {}).rows


def _sparql(store: Queryable, text: str) -> list[tuple]:
    return store.query(text, language=Capability.SPARQL).rows


@dataclass(frozen=True)
class _Interval:
    id: str
    document: str
    clause: str
    since: str | None
    until: str | None
    from_version: str | None
    to_version: str | None
    clause_document: str | None


def _intervals(store: Queryable) -> list[_Interval]:
    rows = _rows(
        store,
        "MATCH (d:Document)-[r:CONTAINS]->(c:Clause) "
        "RETURN r.id, d.id, c.id, r.since, r.until, r.from_version, r.to_version, c.document",
    )
    return [_Interval(*row) for row in rows]


def _versions(store: Queryable) -> dict[str, tuple[str | None, str | None, list[str]]]:
    """version id -> (document, recorded_at, clause_ids)."""
    rows = _rows(store, "MATCH (v:Version) RETURN v.id, v.document, v.recorded_at, v.clause_ids")
    return {vid: (doc, at, list(cids or [])) for vid, doc, at, cids in rows}


def check_interval_shape(
    intervals: list[_Interval], versions: dict[str, tuple[str | None, str | None, list[str]]]
) -> CheckResult:
    result = CheckResult(
        "interval-shape",
        "every CONTAINS interval is well formed: since < until when closed, to_version set "
        "iff until set, ends are versions of its document at its times",
        checked=len(intervals),
    )
    for i in sorted(intervals, key=lambda i: i.id or ""):
        reason = _interval_problem(i, versions)
        if reason:
            result.problems.append(f"{i.id}: {reason}")
    return result


def _interval_problem(
    i: _Interval, versions: dict[str, tuple[str | None, str | None, list[str]]]
) -> str | None:
    if not i.since or not i.from_version:
        return "since or from_version missing"
    if (i.until is None) != (i.to_version is None):
        return "until and to_version must be both set or both unset"
    if i.until is not None and not i.since < i.until:
        return f"since {i.since} is not before until {i.until}"
    start = versions.get(i.from_version)
    if start is None or start[0] != i.document or start[1] != i.since:
        return f"from_version {i.from_version} is not a version of {i.document} at {i.since}"
    if i.to_version is not None:
        end = versions.get(i.to_version)
        if end is None or end[0] != i.document or end[1] != i.until:
            return f"to_version {i.to_version} is not a version of {i.document} at {i.until}"
    if i.clause_document != i.document:
        return f"clause {i.clause} belongs to {i.clause_document}, not {i.document}"
    return None


def check_interval_overlap(intervals: list[_Interval]) -> CheckResult:
    result = CheckResult(
        "interval-overlap",
        "no two intervals of the same clause in the same document overlap",
        checked=len(intervals),
    )
    by_pair: dict[tuple[str, str], list[_Interval]] = defaultdict(list)
    for i in intervals:
        if i.since:
            by_pair[(i.document, i.clause)].append(i)
    for (_, clause), group in sorted(by_pair.items()):
        group.sort(key=lambda i: (i.since, i.id))
        for before, after in itertools.pairwise(group):
            if before.until is None or after.since < before.until:  # type: ignore[operator]
                result.problems.append(f"{before.id} and {after.id} overlap (clause {clause})")
    return result


def check_clause_reachable(
    store: Queryable, versions: dict[str, tuple[str | None, str | None, list[str]]]
) -> CheckResult:
    clauses = [row[0] for row in _rows(store, "MATCH (c:Clause) RETURN c.id ORDER BY c.id")]
    listed = {cid for _, _, cids in versions.values() for cid in cids}
    result = CheckResult(
        "clause-reachable",
        "every clause appears in some version's clause_ids",
        checked=len(clauses),
    )
    result.problems = [f"{cid}: in no version" for cid in clauses if cid not in listed]
    return result


def check_version_clauses(
    store: Queryable,
    intervals: list[_Interval],
    versions: dict[str, tuple[str | None, str | None, list[str]]],
) -> CheckResult:
    clauses = {row[0] for row in _rows(store, "MATCH (c:Clause) RETURN c.id")}
    covering: dict[tuple[str, str], list[_Interval]] = defaultdict(list)
    for i in intervals:
        covering[(i.document, i.clause)].append(i)
    result = CheckResult(
        "version-clauses",
        "every id in Version.clause_ids is a clause whose interval covers the version's time",
        checked=len(versions),
    )
    for vid in sorted(versions):
        document, at, cids = versions[vid]
        for cid in dict.fromkeys(cids):
            if cid not in clauses:
                result.problems.append(f"{vid}: clause {cid} does not exist")
            elif not any(
                i.since is not None
                and at is not None
                and i.since <= at
                and (i.until is None or at < i.until)
                for i in covering.get((document or "", cid), [])
            ):
                result.problems.append(f"{vid}: no interval of {cid} covers {at}")
    return result


def check_counts(store: Queryable) -> CheckResult:
    result = CheckResult(
        "counts",
        "nodes per label and relationships per type agree between Cypher and RDF",
    )
    for model in NODE_TYPES:
        label = model.LABEL
        cypher = _rows(store, f"MATCH (n:{label}) RETURN count(n)")[0][0]
        rdf = _sparql(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{GG}{label}> }}")
        result.checked += 2
        if cypher != rdf[0][0]:
            result.problems.extend(_node_difference(store, label, cypher, rdf[0][0]))
    for edge in EDGE_TYPES:
        pattern = f"(a:{edge.SOURCE.LABEL})-[r:{edge.TYPE}]->(b:{edge.TARGET.LABEL})"
        pairs, total = _rows(
            store, f"MATCH {pattern} RETURN count(DISTINCT a.id + '|' + b.id), count(r)"
        )[0]
        predicate = relation_iri(edge.TYPE).value
        triples = _sparql(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{predicate}> ?b }}")
        result.checked += 2
        if pairs != triples[0][0]:
            result.problems.append(
                f"{edge.TYPE}: {pairs} distinct links in Cypher, {triples[0][0]} in RDF"
            )
        if edge.TYPE in STATEMENT_CLASSES:
            cls = f"{GG}{STATEMENT_CLASSES[edge.TYPE]}"
            statements = _sparql(
                store, f"SELECT ?id WHERE {{ ?s a <{cls}> ; <{DCTERMS_IDENTIFIER}> ?id }}"
            )
            if total != len(statements):
                keys = {row[0] for row in _rows(store, f"MATCH {pattern} RETURN r.id")}
                rdf_keys = {row[0] for row in statements}
                result.problems.append(
                    f"{edge.TYPE}: {total} in Cypher, {len(statements)} statements in RDF"
                    + _sides(keys, rdf_keys)
                )
    return result


def _node_difference(store: Queryable, label: str, cypher: int, rdf: int) -> list[str]:
    ids = {row[0] for row in _rows(store, f"MATCH (n:{label}) RETURN n.id")}
    rdf_ids = {
        row[0]
        for row in _sparql(
            store, f"SELECT ?id WHERE {{ ?s a <{GG}{label}> ; <{DCTERMS_IDENTIFIER}> ?id }}"
        )
    }
    return [f"{label}: {cypher} in Cypher, {rdf} in RDF" + _sides(ids, rdf_ids)]


def _sides(cypher: set[str], rdf: set[str], limit: int = 10) -> str:
    only_cypher = sorted(cypher - rdf)[:limit]
    only_rdf = sorted(rdf - cypher)[:limit]
    parts = []
    if only_cypher:
        parts.append("only in Cypher: " + ", ".join(only_cypher))
    if only_rdf:
        parts.append("only in RDF: " + ", ".join(only_rdf))
    return (" (" + "; ".join(parts) + ")") if parts else ""


# The model families an opt-in label's method names, and the choice that makes each.
_OPT_IN_FAMILIES = {
    "contextual-": lambda choice: choice.contextual,
    "claudette-": lambda choice: choice.convention == "claudette",
}


def check_label_classifier(store: Queryable, recorded: str | None) -> CheckResult:
    """Opt-in labels only from the models of the store's recorded classifier."""
    from govgraph.classifier_choice import DEFAULT, ClassifierChoice

    choice = ClassifierChoice.of_version(recorded) if recorded else DEFAULT
    rows = _rows(
        store,
        "MATCH (c:Clause)-[r:CLASSIFIED_AS]->(k:Category) "
        "WHERE r.method STARTS WITH 'contextual:' RETURN c.id, k.id, r.method ORDER BY c.id",
    )
    result = CheckResult(
        "label-classifier",
        f"every opt-in model label comes from the store's classifier ({choice.options})",
        checked=len(rows),
    )
    for clause, category, method in rows:
        model = method.removeprefix("contextual:")
        made = [ok for family, ok in _OPT_IN_FAMILIES.items() if model.startswith(family)]
        if not made or not made[0](choice):
            result.problems.append(f"{clause}: {category} by {method}")
    return result


def check_shacl(triples: Callable[[], Any]) -> CheckResult:
    from govgraph.ontology.shapes import validate

    report = validate(triples())
    result = CheckResult("shacl", "the RDF graph conforms to the SHACL shapes")
    result.checked = 1
    result.problems = sorted({r.line() for r in report.results})
    return result


def check_store(store: Any, *, shacl: bool = True) -> CheckReport:
    """Run every check on an open store (an ``EmbeddedStore``).

    ``store`` answers ``query(text, params, language=...)``; for SHACL it also needs
    ``rdf_store`` (a pyoxigraph store holding the RDF side).
    """
    intervals = _intervals(store)
    versions = _versions(store)
    results = [
        check_interval_shape(intervals, versions),
        check_interval_overlap(intervals),
        check_clause_reachable(store, versions),
        check_version_clauses(store, intervals, versions),
        check_counts(store),
        check_label_classifier(store, getattr(store, "classifier", None)),
    ]
    if shacl:
        results.append(check_shacl(lambda: _triples(store)))
    else:
        results.append(
            CheckResult("shacl", "the RDF graph conforms to the SHACL shapes", skipped=True)
        )
    return CheckReport(results)


def _triples(store: Any) -> Any:
    return store.rdf_store.quads_for_pattern(None, None, None)
