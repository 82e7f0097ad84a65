"""``govgraph check``: passes on the stores the tests build, fails naming the broken ids.

Each corruption breaks exactly one invariant, the way a bug or a hand-made write would:
bad records written through a real write transaction, or a Cypher or SPARQL write that
touches only one side of the store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govgraph.check import check_store
from govgraph.graph.base import Capability
from govgraph.graph.embedded import EmbeddedStore
from govgraph.models import ClassifiedAs, Clause, Contains, Version
from tests.reliability.conftest import HISTORY, invoke

DOC = "acme-ai/terms-of-service/EU"
T1, T2, T3, T4 = (when for when, _ in HISTORY)


def _report(path: Path, shacl: bool = True):
    with EmbeddedStore.open(path) as store:
        return check_store(store, shacl=shacl)


def _failed(path: Path, shacl: bool = True) -> dict[str, list[str]]:
    return {r.name: r.problems for r in _report(path, shacl).failed()}


def _one(path: Path, cypher: str, params: dict | None = None):
    with EmbeddedStore.open(path) as store:
        return store.query(cypher, params or {}).rows


def test_clean_store_passes_every_check(store: Path) -> None:
    report = _report(store)
    assert report.ok, [r.as_dict() for r in report.failed()]
    names = [r.name for r in report.results]
    assert names == [
        "interval-shape",
        "interval-overlap",
        "clause-reachable",
        "version-clauses",
        "counts",
        "label-classifier",
        "shacl",
    ]
    by_name = {r.name: r for r in report.results}
    # The checks looked at real data: 4 versions, and intervals that re-open after V1 returns.
    assert by_name["version-clauses"].checked == 4
    assert by_name["interval-shape"].checked > by_name["clause-reachable"].checked


def test_cli_passes_and_reports_json(store: Path, cli) -> None:
    result = invoke(cli, "check", "--store", store)
    assert result.exit_code == 0, result.output
    assert "all checks pass" in result.output
    result = invoke(cli, "check", "--store", store, "--no-shacl", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ok"] is True
    assert {c["check"]: c["status"] for c in data["checks"]}["shacl"] == "skipped"


def test_cli_help_and_missing_store(tmp_path: Path, cli) -> None:
    result = invoke(cli, "check", "--help")
    assert result.exit_code == 0
    assert "Example: govgraph check" in result.output
    result = invoke(cli, "check", "--store", tmp_path / "nothing")
    assert result.exit_code == 1
    assert "error: no govgraph store" in result.output


def test_reversed_interval_is_named(store: Path, cli) -> None:
    with EmbeddedStore.open_for_write(store) as txn:
        txn.write(
            [
                Contains(
                    source=DOC,
                    target=_clause_ids(store)[0],
                    id="i-reversed",
                    since=T3,
                    from_version=f"{DOC}@{T3}",
                    until=T2,
                    to_version=f"{DOC}@{T2}",
                )
            ]
        )
    failed = _failed(store, shacl=False)
    assert "interval-shape" in failed
    assert any(p.startswith("i-reversed:") and "not before" in p for p in failed["interval-shape"])
    result = invoke(cli, "check", "--store", store, "--no-shacl")
    assert result.exit_code == 1
    assert "i-reversed" in result.output and "fail" in result.output


def test_until_without_to_version_is_named(store: Path) -> None:
    iid, _ = _open_interval(store)
    with EmbeddedStore.open_for_write(store) as txn:  # a Cypher-only write: RDF counts agree
        txn.query(
            "MATCH ()-[r:CONTAINS {id: $id}]->() SET r.until = $until",
            {"id": iid, "until": "2027-01-01T00:00:00Z"},
            write=True,
        )
    failed = _failed(store, shacl=False)
    assert list(failed) == ["interval-shape"]
    assert failed["interval-shape"] == [
        f"{iid}: until and to_version must be both set or both unset"
    ]


def test_overlapping_intervals_are_named(store: Path) -> None:
    _iid, cid = _open_interval(store)
    with EmbeddedStore.open_for_write(store) as txn:
        txn.write(
            [Contains(source=DOC, target=cid, id="i-overlap", since=T2, from_version=f"{DOC}@{T2}")]
        )
    failed = _failed(store, shacl=False)
    assert list(failed) == ["interval-overlap"], failed
    assert any("i-overlap" in p and cid in p for p in failed["interval-overlap"])


def test_unreachable_clause_is_named(store: Path) -> None:
    with EmbeddedStore.open_for_write(store) as txn:
        txn.write([Clause(id="c-orphan", document=DOC, text="A clause no version lists.")])
    failed = _failed(store, shacl=False)
    assert failed == {"clause-reachable": ["c-orphan: in no version"]}


def test_version_listing_a_missing_or_uncovered_clause_is_named(store: Path) -> None:
    version = _version(store, T4)
    removed = _removed_clause(store)
    ids = [*version.clause_ids, "c-ghost"]
    with EmbeddedStore.open_for_write(store) as txn:
        txn.write([version.model_copy(update={"clause_ids": ids})])
    failed = _failed(store, shacl=False)
    assert failed == {"version-clauses": [f"{DOC}@{T4}: clause c-ghost does not exist"]}
    # A clause that exists but whose intervals do not cover the version's time.
    v2 = _version(store, T2)
    with EmbeddedStore.open_for_write(store) as txn:
        txn.write([v2.model_copy(update={"clause_ids": [*v2.clause_ids, removed]})])
    failed = _failed(store, shacl=False)
    assert f"{DOC}@{T2}: no interval of {removed} covers {T2}" in failed["version-clauses"]


def test_node_only_in_cypher_is_named(store: Path, cli) -> None:
    with EmbeddedStore.open_for_write(store) as txn:
        txn.query("CREATE (:Platform {id: 'ghost-platform', name: 'Ghost'})", write=True)
    failed = _failed(store, shacl=False)
    assert list(failed) == ["counts"]
    assert failed["counts"] == ["Platform: 2 in Cypher, 1 in RDF (only in Cypher: ghost-platform)"]
    result = invoke(cli, "check", "--store", store, "--no-shacl", "-f", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    counts = next(c for c in data["checks"] if c["check"] == "counts")
    assert "ghost-platform" in counts["ids"][0]


def test_relationship_only_in_rdf_is_named(store: Path) -> None:
    with EmbeddedStore.open_for_write(store) as txn:
        txn.query("MATCH (:Platform)-[r:PUBLISHES]->(:Document) DELETE r", write=True)
    failed = _failed(store, shacl=False)
    assert failed == {"counts": ["PUBLISHES: 0 distinct links in Cypher, 1 in RDF"]}


def test_statement_only_in_cypher_and_type_only_in_cypher(store: Path) -> None:
    cid = _clause_ids(store)[0]
    iri = f"https://w3id.org/govgraph/id/clause/{cid}"
    with EmbeddedStore.open_for_write(store) as txn:
        txn.query(
            f"DELETE WHERE {{ <{iri}> a <https://w3id.org/govgraph/ontology#Clause> }}",
            language=Capability.SPARQL,
            write=True,
        )
    failed = _failed(store, shacl=False)
    assert list(failed) == ["counts"]
    assert any(p.startswith("Clause:") and f"only in Cypher: {cid}" in p for p in failed["counts"])


def _add_label(path: Path, method: str) -> str:
    """A label by ``method`` on one of the store's clauses, written as a bug would."""
    clause = _one(path, "MATCH (c:Clause) RETURN c.id ORDER BY c.id LIMIT 1")[0][0]
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write(
            [ClassifiedAs(source=clause, target="arbitration", confidence=0.9, method=method)]
        )
    return clause


def test_a_label_from_another_classifier_is_named(store: Path) -> None:
    clause = _add_label(store, "contextual:contextual-v1")  # the store is default-labelled
    assert _failed(store, shacl=False) == {
        "label-classifier": [f"{clause}: arbitration by contextual:contextual-v1"]
    }


def test_labels_of_the_recorded_classifier_pass(store: Path) -> None:
    with EmbeddedStore.open_for_write(store) as txn:  # as a load with --convention claudette
        txn.classifier = "rules-v17+linear-v4+embed-v3+claudette-v2"
    _add_label(store, "contextual:claudette-v2")
    by_name = {r.name: r for r in _report(store, shacl=False).results}
    assert by_name["label-classifier"].passed and by_name["label-classifier"].checked == 1
    clause = _add_label(store, "contextual:contextual-v1")
    assert _failed(store, shacl=False)["label-classifier"] == [
        f"{clause}: arbitration by contextual:contextual-v1"
    ]


def test_shacl_violation_is_named(store: Path, cli) -> None:
    cid = _clause_ids(store)[0]
    iri = f"https://w3id.org/govgraph/id/clause/{cid}"
    with EmbeddedStore.open_for_write(store) as txn:
        txn.query(
            f"DELETE WHERE {{ <{iri}> <https://w3id.org/govgraph/ontology#text> ?t }}",
            language=Capability.SPARQL,
            write=True,
        )
    assert _failed(store, shacl=False) == {}  # only the shapes can see this one
    failed = _failed(store)
    assert list(failed) == ["shacl"]
    assert any(iri in p and "gg:text" in p for p in failed["shacl"])
    result = invoke(cli, "check", "--store", store)
    assert result.exit_code == 1
    assert cid in result.output


# ---------------------------------------------------------------- helpers


def _clause_ids(path: Path) -> list[str]:
    return [row[0] for row in _one(path, "MATCH (c:Clause) RETURN c.id ORDER BY c.id")]


def _open_interval(path: Path) -> tuple[str, str]:
    rows = _one(
        path,
        "MATCH (d:Document)-[r:CONTAINS]->(c:Clause) WHERE r.until IS NULL AND r.since = $t "
        "RETURN r.id, c.id ORDER BY r.id LIMIT 1",
        {"t": T1},
    )
    assert rows, "the template store has a clause open since the first version"
    return rows[0]


def _removed_clause(path: Path) -> str:
    """A clause of V1 only (closed at T2; re-opened at T4)."""
    rows = _one(
        path,
        "MATCH (d:Document)-[r:CONTAINS]->(c:Clause) WHERE r.until = $t2 "
        "AND c.text CONTAINS 'change these Terms' RETURN c.id",
        {"t2": T2},
    )
    return rows[0][0]


def _version(path: Path, when: str) -> Version:
    with EmbeddedStore.open(path) as store:
        for record in store.iter_records():
            if isinstance(record, Version) and record.recorded_at == when:
                return Version.model_validate(record.model_dump())
    raise AssertionError(f"no version at {when}")


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_other_formats(store: Path, cli, fmt: str) -> None:
    result = invoke(cli, "check", "--store", store, "--no-shacl", "-f", fmt)
    assert result.exit_code == 0
    assert "interval-overlap" in result.output
