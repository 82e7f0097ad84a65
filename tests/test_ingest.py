"""The interval model: what a sequence of versions turns into in the graph."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from govgraph.graph.base import Capability
from govgraph.graph.embedded import EmbeddedStore
from govgraph.ingest import load_source
from govgraph.loaders.base import DocumentRef, RecordedVersion, SourceInfo
from govgraph.loaders.segment import segment
from govgraph.queries.documents import clauses_as_of, find_document

REF = DocumentRef(platform="Acme AI", terms_type="Terms of Service", jurisdiction="EU")

V1 = """# Terms

## Using the service

You must be at least 13 years old to use the Services.

You may not use Output to develop models that compete with Acme.

We may change these Terms at any time.
"""
# v2 edits the age clause, removes the change clause, adds a governing-law clause.
V2 = """# Terms

## Using the service

You must be at least 16 years old to use the Services.

You may not use Output to develop models that compete with Acme.

## Disputes

These Terms are governed by the laws of Ireland.
"""
# v3 only changes formatting (bold, spacing, a link target): no clause changes.
V3 = V2.replace("You may not use Output", "You **may not** use  [Output](https://x.test/o)")


class ListLoader:
    """A loader over versions held in memory (the protocol of govgraph.loaders.base)."""

    def __init__(self, texts: list[tuple[str, str, bool]], head: str) -> None:
        self.info = SourceInfo(
            kind="document", location="memory:acme", collection="test", head=head
        )
        self._texts = texts

    def versions(self, since: str | None = None) -> Iterator[RecordedVersion]:
        for when, text, technical in self._texts:
            yield RecordedVersion(
                document=REF,
                recorded_at=when,
                source_id=f"commit-{when}",
                text=text,
                technical=technical,
                source_url="https://acme.test/terms",
            )


HISTORY = [
    ("2026-01-01T10:00:00Z", V1, False),
    ("2026-02-01T10:00:00Z", V2, False),
    ("2026-03-01T10:00:00Z", V3, False),
    ("2026-04-01T10:00:00Z", V3, True),
]


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store"
    summary = load_source(ListLoader(HISTORY, head="h1"), path)
    assert summary.versions == 4
    return path


def test_changes_are_counted_once(store_path):
    summary = load_source(ListLoader(HISTORY, head="h2"), store_path)
    assert summary.versions == 0 and summary.already_loaded == 4


def test_first_load_summary(tmp_path):
    summary = load_source(ListLoader(HISTORY, head="h1"), tmp_path / "s")
    assert (summary.clauses_added, summary.clauses_removed, summary.clauses_modified) == (1, 1, 1)
    assert summary.technical_versions == 1
    assert load_source(ListLoader(HISTORY, head="h1"), tmp_path / "s").up_to_date


def test_intervals_open_and_close(store_path):
    with EmbeddedStore.open(store_path) as store:
        rows = store.query(
            "MATCH (d:Document)-[r:CONTAINS]->(c:Clause) "
            "RETURN c.text AS text, r.since AS since, r.until AS until ORDER BY since, text"
        ).rows
    assert rows == [
        ("We may change these Terms at any time.", "2026-01-01T10:00:00Z", "2026-02-01T10:00:00Z"),
        (
            "You may not use Output to develop models that compete with Acme.",
            "2026-01-01T10:00:00Z",
            None,
        ),
        (
            "You must be at least 13 years old to use the Services.",
            "2026-01-01T10:00:00Z",
            "2026-02-01T10:00:00Z",
        ),
        ("These Terms are governed by the laws of Ireland.", "2026-02-01T10:00:00Z", None),
        ("You must be at least 16 years old to use the Services.", "2026-02-01T10:00:00Z", None),
    ]


def test_an_edit_supersedes_the_old_clause(store_path):
    with EmbeddedStore.open(store_path) as store:
        rows = store.query(
            "MATCH (new:Clause)-[s:SUPERSEDES]->(old:Clause) RETURN new.text, old.text, s.at"
        ).rows
    assert rows == [
        (
            "You must be at least 16 years old to use the Services.",
            "You must be at least 13 years old to use the Services.",
            "2026-02-01T10:00:00Z",
        )
    ]


def test_clauses_carry_categories_with_evidence(store_path):
    with EmbeddedStore.open(store_path) as store:
        rows = store.query(
            "MATCH (c:Clause)-[k:CLASSIFIED_AS]->(cat:Category {id: 'ai-output-training-ban'}) "
            "RETURN c.text, k.evidence, k.method"
        ).rows
    assert len(rows) == 1
    text, evidence, method = rows[0]
    assert evidence and evidence in text and method


@pytest.mark.parametrize(
    ("as_of", "source"), [("2026-01-15", V1), ("2026-02-01", V2), ("2026-03-20", V3), (None, V3)]
)
def test_reconstruction_equals_segmenting_the_version_in_force(store_path, as_of, source):
    with EmbeddedStore.open(store_path) as store:
        document = find_document(store, "acme ai", "terms of service")
        clauses = clauses_as_of(store, document, as_of)
    assert [c["text"] for c in clauses] == [s.text for s in segment(source)]
    assert [c["section"] for c in clauses] == [s.section for s in segment(source)]


def test_new_versions_only_are_processed(store_path):
    more = [*HISTORY, ("2026-05-01T10:00:00Z", V1, False)]
    summary = load_source(ListLoader(more, head="h3"), store_path)
    assert summary.versions == 1 and summary.already_loaded == 4
    assert (summary.clauses_added, summary.clauses_removed, summary.clauses_modified) == (1, 1, 1)


def test_the_worker_process_gives_the_same_graph(tmp_path):
    """Segmenting and classifying in a worker process changes nothing in the result."""

    def digest(path):
        with EmbeddedStore.open(path) as store:
            records = [r for r in store.iter_records() if getattr(r, "LABEL", "") != "Source"]
        return sorted(r.model_dump_json() for r in records)

    load_source(ListLoader(HISTORY, head="h"), tmp_path / "inline", workers=0)
    load_source(ListLoader(HISTORY, head="h"), tmp_path / "worker", workers=1)
    assert digest(tmp_path / "inline") == digest(tmp_path / "worker")


def test_a_clause_moved_to_another_section_keeps_one_value_on_both_sides(tmp_path, monkeypatch):
    """Upserts replace RDF values even within the load that creates the store."""
    import govgraph.ingest

    monkeypatch.setattr(govgraph.ingest, "FLUSH_EVERY", 1)  # every record in its own batch
    moved = "# Terms\n\n## Elsewhere\n\nWe may change these Terms at any time.\n"
    history = [*HISTORY, ("2026-05-01T10:00:00Z", moved, False)]
    path = tmp_path / "store"
    load_source(ListLoader(history, head="h"), path, workers=0)
    with EmbeddedStore.open(path) as store:
        cypher = store.query(
            "MATCH (c:Clause) WHERE c.text = 'We may change these Terms at any time.' RETURN c.section"
        ).rows
        sparql = store.query(
            "SELECT ?s WHERE { ?c gg:text 'We may change these Terms at any time.' ; gg:section ?s }",
            language=Capability.SPARQL,
        ).rows
    assert cypher == sparql == [("Terms > Elsewhere",)]


def test_records_of_the_same_second_keep_the_last_and_older_ones_are_skipped(tmp_path):
    history = [
        ("2026-01-01T10:00:00Z", V1, False),
        ("2026-02-01T10:00:00Z", V1.replace("13 years", "14 years"), False),  # partial record
        ("2026-02-01T10:00:00Z", V2, False),  # same second: the last record wins
        ("2026-01-15T10:00:00Z", V3, False),  # older than what came before: skipped
    ]
    summary = load_source(ListLoader(history, head="h"), tmp_path / "s", workers=0)
    assert (summary.versions, summary.same_second, summary.out_of_order) == (2, 1, 1)
    assert summary.warnings and "older than the one recorded" in summary.warnings[0]
    with EmbeddedStore.open(tmp_path / "s") as store:
        document = find_document(store, "Acme AI", "Terms of Service")
        clauses = clauses_as_of(store, document, "2026-02-01")
    assert [c["text"] for c in clauses] == [s.text for s in segment(V2)]
