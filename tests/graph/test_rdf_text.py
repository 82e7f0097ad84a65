"""The N-Triples text projection (the write path) is the exact twin of the term one.

The loader writes records to Oxigraph as N-Triples text (rdf_projection.record_ntriples),
while the ontology tests check the term objects (record_triples) against the OWL and SHACL
files; if the two ever disagreed, those checks would vouch for triples no store holds.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import govgraph.ontology.odrl  # noqa: F401  (the ODRL hook is part of the projection)
from govgraph.graph import rdf_projection as rdf
from govgraph.models import (
    ClassifiedAs,
    Clause,
    Contains,
    Document,
    HasVersion,
    NamesJurisdiction,
    Platform,
    Source,
    Supersedes,
    Version,
)
from govgraph.reference import reference_records

# Texts that need escaping in N-Triples, or that a naive writer would mangle.
AWKWARD = [
    'He said "no" \\ then left',
    "line one\nline two\r\nand a tab\there",
    "control \x01\x1f and DEL \x7f and NUL-free",
    "unicode: \u00e9\u00e8 \u201cquoted\u201d \u2028 \U0001f600 \u0085",
    "trailing backslash \\",
    "<not an IRI> _:notablank @en ^^<x>",
]


def loaded_records() -> list:
    records: list = [Platform(id="p-x", name='Plat "X"')]
    records.append(
        Document(
            id="d-x",
            platform='Plat "X"',
            terms_type="Terms of Service",
            jurisdiction="EU",
            source_url='https://example.com/terms?a=1&b="2"',
            collection="genai-eu",
            jurisdiction_note=AWKWARD[1],
        )
    )
    for n, text in enumerate(AWKWARD):
        clause = f"c-{n:016x}"
        version = f"d-x@2024-01-0{n + 1}T00:00:00Z"
        records += [
            Clause(id=clause, document="d-x", text=text, section=AWKWARD[(n + 1) % len(AWKWARD)]),
            Version(
                id=version,
                document="d-x",
                recorded_at=f"2024-01-0{n + 1}T00:00:00Z",
                source_id=f"abc{n}",
                content_hash=f"h{n}",
                technical=bool(n % 2),
                clause_ids=[clause, "c-other"] if n % 2 else [],
            ),
            HasVersion(source="d-x", target=version),
            Contains(
                source="d-x",
                target=clause,
                id=f"i-{n}",
                since=f"2024-01-0{n + 1}T00:00:00Z",
                from_version=version,
                until="2024-02-01T00:00:00Z" if n % 2 else None,
                to_version=version if n % 2 else None,
                start_offset=n,
                end_offset=n + 10 if n % 3 else None,
            ),
            ClassifiedAs(
                source=clause,
                target="ai-output-training-ban",
                confidence=0.1 * n,
                method="rule:x/1",
                evidence=text,
                evidence_start=0,
                evidence_end=len(text),
            ),
            NamesJurisdiction(source=clause, target="IE", role="forum", evidence=text),
        ]
    records.append(
        Supersedes(
            source="c-0000000000000001",
            target="c-0000000000000000",
            version="d-x@2024-01-02T00:00:00Z",
            at="2024-01-02T00:00:00Z",
            similarity=0.6667,
        )
    )
    records.append(
        Source(
            id="src-x",
            kind="ota-repository",
            location="/tmp/x y",
            head="abc",
            loaded_at="2024-03-01T00:00:00Z",
            licence=AWKWARD[0],
        )
    )
    return records


def parsed(records: list) -> set[ox.Triple]:
    lines: list[str] = []
    for record in records:
        rdf.record_ntriples(record, lines)
    text = "".join(lines).encode("utf-8")
    return {quad.triple for quad in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)}


def terms(records: list) -> set[ox.Triple]:
    out: set[ox.Triple] = set()
    for record in records:
        out.update(rdf.record_triples(record))
    return out


@pytest.mark.parametrize("kind", ["reference", "loaded"])
def test_text_and_terms_agree(kind: str) -> None:
    records = list(reference_records()) if kind == "reference" else loaded_records()
    expected = terms(records)
    assert len(expected) > len(records)  # every record gave triples
    assert parsed(records) == expected


def test_awkward_literals_survive_exactly() -> None:
    got = parsed(loaded_records())
    texts = {t.object.value for t in got if t.predicate.value.endswith("#text")}
    assert texts == set(AWKWARD)


def test_escaping_is_needed_and_done() -> None:
    # A writer that forgot to escape quotes or newlines would produce unparsable text.
    assert rdf.nt_literal('a"b\\c\nd\x01') == '"a\\"b\\\\c\\nd\\u0001"'
    assert rdf.nt_literal("x", "@en") == '"x"@en'


def test_an_upsert_replaces_changed_values_and_keeps_the_rest(tmp_path) -> None:
    # The upsert path compares stored triples with the record's N-Triples text: a value
    # that changed must go, values that did not (awkward literals included) must stay.
    from govgraph.graph.embedded import EmbeddedStore

    text = AWKWARD[0] + " " + AWKWARD[1]
    before = Clause(id="c-1", document="d-x", text=text, section="Old > Heading")
    after = Clause(id="c-1", document="d-x", text=text, section='New "heading"\t2')
    with EmbeddedStore.open_for_write(tmp_path / "st") as txn:
        txn.write([before])
    with EmbeddedStore.open_for_write(tmp_path / "st") as txn:
        txn.write([after])
    with EmbeddedStore.open(tmp_path / "st") as store:
        stored = {
            q.triple
            for q in store.rdf_store.quads_for_pattern(rdf.node_iri("Clause", "c-1"), None, None)
        }
    assert stored == terms([after])
