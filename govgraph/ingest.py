"""Turn recorded versions into the versioned clause graph (the interval model).

A loader yields the texts of documents in time order; this module segments each text
into clauses, compares it with the clauses the document held until then, and writes only
the difference: intervals that open (clauses added) and close (clauses removed), the
SUPERSEDES links that pair an edited clause with the one it replaced, the new clauses'
categories, and the version itself (with its clause order, for exact reconstruction).

A clause that survives 300 versions unchanged is one clause with one interval. Re-loading
a source continues where its ``Source.head`` says the last load stopped, so an unchanged
source costs next to nothing and a new commit costs the work of its changed clauses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govgraph import ids
from govgraph.classifier_choice import DEFAULT as DEFAULT_CLASSIFIER
from govgraph.classifier_choice import UNRECORDED, ClassifierChoice, choice_for_store
from govgraph.errors import InputError
from govgraph.graph.base import GraphStore
from govgraph.graph.embedded import EmbeddedStore, WriteTransaction
from govgraph.loaders.base import DocumentRef, Loader, RecordedVersion, SourceInfo
from govgraph.models import (
    AppliesIn,
    ClassifiedAs,
    Clause,
    Contains,
    Document,
    Edge,
    HasVersion,
    NamesJurisdiction,
    Node,
    Platform,
    Publishes,
    Source,
    Supersedes,
    Version,
)
from govgraph.parallel import Worker

FLUSH_EVERY = 20_000
JURISDICTION_CATEGORIES = {"governing-law": "governing-law", "forum-selection": "forum"}


@dataclass
class OpenInterval:
    """A CONTAINS interval that is still open (the clause is in the current version)."""

    id: str
    clause: str
    text: str
    since: str
    from_version: str
    start: int | None
    end: int | None


@dataclass
class DocumentState:
    """What the store knows of a document: its last version and open intervals."""

    id: str
    last_time: str | None = None
    last_hash: str | None = None
    last_clause_ids: list[str] = field(default_factory=list)
    open: dict[str, OpenInterval] = field(default_factory=dict)
    # Clause ids of the last version's segment texts, as computed in this load: most
    # clauses of a new version are unchanged, and a dict lookup is cheaper than SHA-256.
    ids_by_text: dict[str, str] = field(default_factory=dict)
    stored_time: str | None = None  # the last version the store held before this load


@dataclass
class LoadSummary:
    """Counts a load reports at the end."""

    source: str
    platforms: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    versions: int = 0
    technical_versions: int = 0
    already_loaded: int = 0
    same_second: int = 0  # records replaced by a later record of the same second
    out_of_order: int = 0
    clauses_added: int = 0
    clauses_removed: int = 0
    clauses_modified: int = 0
    new_clauses: int = 0
    labels: int = 0
    classifier: str | None = None  # the version that labelled the new clauses
    warnings: list[str] = field(default_factory=list)
    up_to_date: bool = False

    @property
    def changes(self) -> int:
        return self.clauses_added + self.clauses_removed + self.clauses_modified

    def as_rows(self) -> list[tuple[str, int]]:
        return [
            ("platforms", len(self.platforms)),
            ("documents", len(self.documents)),
            ("versions", self.versions),
            ("technical versions", self.technical_versions),
            ("versions already loaded", self.already_loaded),
            ("same-second records merged", self.same_second),
            ("out-of-order versions skipped", self.out_of_order),
            ("clauses (new)", self.new_clauses),
            ("clauses added", self.clauses_added),
            ("clauses removed", self.clauses_removed),
            ("clauses modified", self.clauses_modified),
            ("category labels", self.labels),
            ("warnings", len(self.warnings)),
        ]


def source_id(info: SourceInfo) -> str:
    return "src-" + ids.short_hash(info.kind, info.location)


def stored_head(txn_or_store: GraphStore | WriteTransaction, info: SourceInfo) -> str | None:
    """Where the last load of this source stopped, if it was loaded before."""
    result = txn_or_store.query(
        "MATCH (s:Source {id: $id}) RETURN s.head AS head", {"id": source_id(info)}
    )
    return result.rows[0][0] if result.rows else None


class _Classifier:
    """Turns classifier labels into CLASSIFIED_AS (and NAMES_JURISDICTION) edges."""

    def __init__(self, worker: Worker, choice: ClassifierChoice) -> None:
        try:
            from govgraph.reference import named_jurisdictions
        except ImportError:  # reference data not installed in this build
            named_jurisdictions = None
        self._named = named_jurisdictions
        self._worker = worker
        self._choice = choice

    def submit(self, clauses: list[Clause]) -> list[tuple[Future[list[list[Any]]], Any]]:
        """Start classifying (in the worker process when there is one), in chunks."""
        return self._worker.classify_chunks(
            [c.text for c in clauses],
            contextual=self._choice.contextual,
            convention=self._choice.convention,
        )

    def records(
        self, clauses: list[Clause], chunks: list[tuple[Future[list[list[Any]]], Any]]
    ) -> list[Edge]:
        """The label edges; chunks the worker has not reached yet are classified here."""
        results = self._worker.classified(chunks)
        out: list[Edge] = []
        for clause, labels in zip(clauses, results, strict=True):
            roles = set()
            for label in labels:
                out.append(
                    ClassifiedAs(
                        source=clause.id,
                        target=label.category,
                        confidence=round(float(label.confidence), 4),
                        method=label.method,
                        evidence=label.evidence,
                        evidence_start=label.evidence_start,
                        evidence_end=label.evidence_end,
                    )
                )
                if label.category in JURISDICTION_CATEGORIES:
                    roles.add(JURISDICTION_CATEGORIES[label.category])
            if roles and self._named is not None:
                for named in self._named(clause.text):
                    if named.role in roles:
                        out.append(
                            NamesJurisdiction(
                                source=clause.id,
                                target=named.code,
                                role=named.role,
                                evidence=named.evidence,
                            )
                        )
        return out


class Ingest:
    """One load of one source into one write transaction."""

    def __init__(
        self,
        txn: WriteTransaction,
        info: SourceInfo,
        *,
        known_jurisdictions: frozenset[str] | None = None,
        progress: Callable[[RecordedVersion], None] | None = None,
        worker: Worker | None = None,
        classifier: ClassifierChoice = DEFAULT_CLASSIFIER,
    ) -> None:
        from govgraph.loaders.align import diff_versions
        from govgraph.loaders.segment import segment

        self.txn = txn
        self.info = info
        self.summary = LoadSummary(source=info.location)
        self._segment = segment
        self._diff = diff_versions
        self._worker = worker or Worker(workers=0)
        self._classifier = _Classifier(self._worker, classifier)
        self._known_jurisdictions = known_jurisdictions
        self._progress = progress
        self._states: dict[str, DocumentState] = {}
        # Records known to be new are created without lookups; the rest are upserted.
        self._new: dict[tuple[str, str], Node | Edge] = {}
        self._upserts: dict[tuple[str, str], Node | Edge] = {}
        self._pending_clauses: dict[str, Clause] = {}

    # -- the loop
    def run(self, versions: Iterable[RecordedVersion]) -> LoadSummary:
        previous: dict[DocumentRef, str] = {}

        def text_to_segment(version: RecordedVersion) -> str | None:
            # A text identical to the document's previous one needs no segmenting.
            digest = ids.content_hash(version.text)
            if previous.get(version.document) == digest:
                return None
            previous[version.document] = digest
            return version.text

        merged = self._latest_of_each_second(versions)
        for version, segments in self._worker.segment_ahead(merged, text_to_segment):
            self.add(version, segments)
            if self._progress is not None:
                self._progress(version)
        self._finish()
        return self.summary

    def _latest_of_each_second(
        self, versions: Iterable[RecordedVersion]
    ) -> Iterator[RecordedVersion]:
        """Versions with, of several records of one document in the same second, the last.

        Open Terms Archive sometimes records a document several times within a second
        (one commit per fetched page); only the last text is the document's state. Each
        document's versions stay in order; documents interleave differently, which does
        not matter since each has its own history.
        """
        held: dict[DocumentRef, RecordedVersion] = {}
        for version in versions:
            previous = held.get(version.document)
            if previous is not None:
                if previous.recorded_at == version.recorded_at:
                    self.summary.same_second += 1
                else:
                    yield previous
            held[version.document] = version
        yield from held.values()

    def add(self, version: RecordedVersion, segments: list[Any] | None = None) -> None:
        """Apply one version; ``segments`` of its text when already computed."""
        state = self._state_for(version.document)
        recorded = version.recorded_at
        if state.last_time is not None and recorded <= state.last_time:
            if state.stored_time is not None and recorded <= state.stored_time:
                self.summary.already_loaded += 1
            else:
                self.summary.out_of_order += 1
                self.summary.warnings.append(
                    f"{state.id}: skipped the version recorded {recorded} ({version.source_id}), "
                    f"older than the one recorded {state.last_time}"
                )
            return
        version_id = f"{state.id}@{recorded}"
        digest = ids.content_hash(version.text)
        if digest == state.last_hash:
            clause_ids = list(state.last_clause_ids)
        else:
            clause_ids = self._apply_text(state, version, version_id, segments)
        self._emit_new(
            Version(
                id=version_id,
                document=state.id,
                recorded_at=recorded,
                source_id=version.source_id,
                source_url=version.source_url or version.document.source_url,
                content_hash=digest,
                technical=version.technical,
                clause_ids=clause_ids,
            ),
            HasVersion(source=state.id, target=version_id),
        )
        state.last_time, state.last_hash, state.last_clause_ids = recorded, digest, clause_ids
        self.summary.versions += 1
        self.summary.technical_versions += int(version.technical)

    def _apply_text(
        self,
        state: DocumentState,
        version: RecordedVersion,
        version_id: str,
        segments: list[Any] | None,
    ) -> list[str]:
        """Segment, open and close intervals, link edits; return the clause order."""
        if segments is None:
            segments = self._segment(version.text)
        known = state.ids_by_text
        by_text: dict[str, str] = {}
        clause_ids = []
        for seg in segments:
            cid = known.get(seg.text)
            if cid is None:
                cid = ids.clause_id(state.id, seg.text)
            by_text[seg.text] = cid
            clause_ids.append(cid)
        state.ids_by_text = by_text
        present: dict[str, object] = {}
        for cid, seg in zip(clause_ids, segments, strict=True):
            present.setdefault(cid, seg)
        at = version.recorded_at
        closed = [state.open.pop(cid) for cid in list(state.open) if cid not in present]
        opened = [cid for cid in present if cid not in state.open]
        for interval in closed:
            self._emit_upsert(
                Contains(
                    source=state.id,
                    target=interval.clause,
                    id=interval.id,
                    since=interval.since,
                    from_version=interval.from_version,
                    until=at,
                    to_version=version_id,
                    start_offset=interval.start,
                    end_offset=interval.end,
                )
            )
        opened_texts: dict[str, str] = {}
        for cid in opened:
            seg = present[cid]
            clause = Clause(id=cid, document=state.id, text=seg.text, section=seg.section)
            self._pending_clauses[cid] = clause
            interval = OpenInterval(
                id=ids.containment_id(state.id, cid, at),
                clause=cid,
                text=seg.text,
                since=at,
                from_version=version_id,
                start=seg.start,
                end=seg.end,
            )
            state.open[cid] = interval
            opened_texts[seg.text] = cid
            self._emit_new(
                Contains(
                    source=state.id,
                    target=cid,
                    id=interval.id,
                    since=at,
                    from_version=version_id,
                    start_offset=seg.start,
                    end_offset=seg.end,
                )
            )
        self.summary.new_clauses += len(opened)
        if closed and opened and state.last_time is not None:
            closed_texts = {i.text: i.clause for i in closed}
            change = self._diff(list(closed_texts), list(opened_texts))
            for pair in change.modified:
                self._emit_new(
                    Supersedes(
                        source=opened_texts[pair.new],
                        target=closed_texts[pair.old],
                        version=version_id,
                        at=at,
                        similarity=round(float(pair.similarity), 4),
                    )
                )
            modified = len(change.modified)
        else:
            modified = 0
        if state.last_time is not None:
            self.summary.clauses_modified += modified
            self.summary.clauses_added += len(opened) - modified
            self.summary.clauses_removed += len(closed) - modified
        return clause_ids

    # -- state
    def _state_for(self, ref: DocumentRef) -> DocumentState:
        doc_id = ids.document_id(ref.platform, ref.terms_type, ref.jurisdiction)
        state = self._states.get(doc_id)
        if state is not None:
            return state
        if (
            self._known_jurisdictions is not None
            and ref.jurisdiction not in self._known_jurisdictions
        ):
            raise InputError(f"unknown jurisdiction code {ref.jurisdiction!r}")
        state = DocumentState(doc_id)
        self._load_state(state)
        self._states[doc_id] = state
        platform = ids.platform_id(ref.platform)
        self.summary.platforms.add(platform)
        self.summary.documents.add(doc_id)
        self._emit_upsert(
            Platform(id=platform, name=ref.platform),
            Document(
                id=doc_id,
                platform=ref.platform,
                terms_type=ref.terms_type,
                jurisdiction=ref.jurisdiction,
                source_url=ref.source_url,
                collection=self.info.collection,
                jurisdiction_note=ref.jurisdiction_note,
            ),
            Publishes(source=platform, target=doc_id),
            AppliesIn(source=doc_id, target=ref.jurisdiction),
        )
        return state

    def _load_state(self, state: DocumentState) -> None:
        # Records still in the buffer are not in the store yet; documents are always
        # read before their first record is buffered, so the store is the whole truth.
        if self.txn.created:
            return  # a new store holds no document before this load writes one
        last = self.txn.query(
            "MATCH (d:Document {id: $id})-[:HAS_VERSION]->(v:Version) "
            "RETURN v.recorded_at, v.content_hash, v.clause_ids ORDER BY v.recorded_at DESC LIMIT 1",
            {"id": state.id},
        )
        if not last.rows:
            return
        state.last_time, state.last_hash, clause_ids = last.rows[0]
        state.stored_time = state.last_time
        state.last_clause_ids = list(clause_ids or [])
        open_rows = self.txn.query(
            "MATCH (d:Document {id: $id})-[r:CONTAINS]->(c:Clause) WHERE r.until IS NULL "
            "RETURN c.id, c.text, r.id, r.since, r.from_version, r.start_offset, r.end_offset",
            {"id": state.id},
        )
        for cid, text, iid, since, from_version, start, end in open_rows.rows:
            state.open[cid] = OpenInterval(iid, cid, text, since, from_version, start, end)

    # -- output
    @staticmethod
    def _key(record: Node | Edge) -> tuple[str, str]:
        if isinstance(record, Node):
            return (record.LABEL, record.id)
        return (record.TYPE, record.key())

    def _emit_new(self, *records: Node | Edge) -> None:
        """Records that cannot exist in the store yet (new versions, new intervals)."""
        for record in records:
            self._new[self._key(record)] = record
        self._maybe_flush()

    def _emit_upsert(self, *records: Node | Edge) -> None:
        """Records that may exist already; a later record with the same key wins."""
        for record in records:
            key = self._key(record)
            if key in self._new:  # created in this batch: still a creation
                self._new[key] = record
            else:
                self._upserts[key] = record
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        if len(self._new) + len(self._upserts) + len(self._pending_clauses) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        """Write the batch: clauses seen for the first time are created and classified."""
        pending = self._pending_clauses
        self._pending_clauses = {}
        # The store answers whether a clause exists, including those created earlier in
        # this load (one lookup per batch): no set of every clause id created, which grew
        # with the history loaded.
        existing: set[str] = set()
        if pending:
            # UNWIND + MATCH by key uses the primary-key index; `c.id IN $ids` scans.
            rows = self.txn.query(
                "UNWIND $ids AS id MATCH (c:Clause {id: id}) RETURN c.id", {"ids": list(pending)}
            )
            existing = {row[0] for row in rows.rows}
        fresh = [clause for cid, clause in pending.items() if cid not in existing]
        for cid in existing:
            self._upserts[("Clause", cid)] = pending[cid]  # seen before: may have moved
        classifying = self._classifier.submit(fresh)  # runs while the graph is written
        new_nodes = [*fresh, *(r for r in self._new.values() if isinstance(r, Node))]
        new_edges = [r for r in self._new.values() if isinstance(r, Edge)]
        upsert_nodes = [r for r in self._upserts.values() if isinstance(r, Node)]
        upsert_edges = [r for r in self._upserts.values() if isinstance(r, Edge)]
        self._new, self._upserts = {}, {}
        self.txn.write(new_nodes, new=True)
        self.txn.write(upsert_nodes)
        self.txn.write(new_edges, new=True)
        self.txn.write(upsert_edges)
        labels = self._classifier.records(fresh, classifying)
        self.summary.labels += sum(1 for r in labels if isinstance(r, ClassifiedAs))
        self.txn.write(labels, new=True)

    def _finish(self) -> None:
        self._emit_upsert(
            Source(
                id=source_id(self.info),
                kind=self.info.kind,
                location=self.info.location,
                collection=self.info.collection,
                head=self.info.head,
                loaded_at=datetime.now(UTC),
                licence=self.info.licence,
                attribution=self.info.attribution,
            )
        )
        self._flush()


def load_source(
    loader: Loader,
    store_path: Path | str | None = None,
    *,
    progress: Callable[[RecordedVersion], None] | None = None,
    full: bool = False,
    workers: int | None = None,
    classifier: ClassifierChoice | None = None,
) -> LoadSummary:
    """Load a source into the embedded store, atomically; a no-op when nothing is new.

    ``classifier``: which classifier labels new clauses. None keeps the one the store was
    labelled with (the default for a new store); a different one is refused with an
    InputError before anything is read, because a store must not mix two classifiers'
    labels (govgraph.classifier_choice).
    """
    info = loader.info
    since: str | None = None
    recorded: str | None = None
    where: Path | str | None = store_path
    if EmbeddedStore.exists(store_path):
        with EmbeddedStore.open(store_path) as store:
            where = store.path
            recorded = recorded_classifier(store)
            if not full:
                heads = store.source_heads()
                since = (
                    heads.get(source_id(info)) if heads is not None else stored_head(store, info)
                )
    # Checked here to refuse before any work, and again under the write lock below.
    choice = choice_for_store(classifier, recorded, where)
    if not full:
        if since is not None and info.head is not None and since == info.head:
            return LoadSummary(source=info.location, up_to_date=True)
        if info.kind != "ota-repository":
            # Only a repository can resume from its head commit; other sources are
            # re-read, and versions the store already holds are skipped per document.
            since = None
    if workers is None and info.kind == "document":
        workers = 0  # one version: a worker process would cost more than it saves
    # Chosen automatically, the worker starts only once the load proves longer than a
    # few versions (16 jobs done here): for one new commit, its start-up (an interpreter
    # importing the segmenter and the classifier) would cost more than the whole work.
    start_after = 16 if workers is None else 0
    with (
        Worker(workers, start_after=start_after) as worker,
        EmbeddedStore.open_for_write(store_path) as txn,
    ):
        recorded = recorded_classifier(txn)
        choice = choice_for_store(classifier, recorded, txn.path)
        ensure_reference_data(txn)
        ingest = Ingest(
            txn,
            info,
            known_jurisdictions=_known_jurisdictions(),
            progress=progress,
            worker=worker,
            classifier=choice,
        )
        summary = ingest.run(loader.versions(since=since))
        summary.classifier = txn.classifier = choice.version
        if recorded is not None and recorded != choice.version:
            summary.warnings.append(
                f"the store's earlier clauses were labelled by {recorded}; "
                f"the clauses new in this load by {choice.version}"
            )
        return summary


def recorded_classifier(store: EmbeddedStore | WriteTransaction) -> str | None:
    """The classifier a store's clauses were labelled with (None: it holds no clause)."""
    recorded = store.classifier
    if recorded is None and store.query("MATCH (c:Clause) RETURN c.id LIMIT 1").rows:
        return UNRECORDED  # written before stores recorded it: only the default existed
    return recorded


def _known_jurisdictions() -> frozenset[str] | None:
    try:
        from govgraph.reference import jurisdiction_codes
    except ImportError:
        return None
    return jurisdiction_codes()


def ensure_reference_data(txn: WriteTransaction) -> None:
    """A new store gets the reference data (jurisdictions, regulations, mapping) first."""
    if not txn.created:
        return
    try:
        from govgraph.reference import reference_records
    except ImportError:
        return
    txn.write(list(reference_records()))
