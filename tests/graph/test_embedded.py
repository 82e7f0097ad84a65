"""The embedded store: both engines see the same records, writes are all-or-nothing."""

from __future__ import annotations

import pytest

from govgraph.errors import StoreError, StoreLockedError
from govgraph.graph.base import Capability
from govgraph.graph.embedded import EmbeddedStore
from govgraph.models import Clause, Contains, Document, Platform, Publishes, Source

GG = "PREFIX gg: <https://w3id.org/govgraph/ontology#> "


def _records() -> list:
    doc = "chatgpt/terms-of-service/EU"
    return [
        Platform(id="chatgpt", name="ChatGPT"),
        Document(id=doc, platform="ChatGPT", terms_type="Terms of Service", jurisdiction="EU"),
        Publishes(source="chatgpt", target=doc),
        Clause(id="c-1", document=doc, text="Using Output to develop models that compete."),
        Clause(id="c-2", document=doc, text="You must be at least 13 years old."),
        Contains(
            source=doc, target="c-1", id="i-1", since="2025-01-01T00:00:00Z", from_version="v1"
        ),
        Contains(
            source=doc, target="c-2", id="i-2", since="2025-01-01T00:00:00Z", from_version="v1"
        ),
    ]


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store"
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write(_records())
    return path


def test_cypher_and_sparql_see_the_same_records(store_path):
    with EmbeddedStore.open(store_path) as store:
        cypher = store.query(
            "MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause) "
            "RETURN p.name AS platform, c.id AS clause, r.since AS since ORDER BY clause"
        )
        sparql = store.query(
            GG + "SELECT ?platform ?clause ?since WHERE { ?p gg:name ?platform ; gg:publishes ?d . "
            "?s a gg:Containment ; rdf:subject ?d ; rdf:object ?c ; gg:since ?since . "
            "?c <http://purl.org/dc/terms/identifier> ?clause } ORDER BY ?clause",
            language=Capability.SPARQL,
        )
    assert (
        cypher.rows
        == sparql.rows
        == [
            ("ChatGPT", "c-1", "2025-01-01T00:00:00Z"),
            ("ChatGPT", "c-2", "2025-01-01T00:00:00Z"),
        ]
    )


def test_upsert_replaces_values_on_both_sides(store_path):
    closed = Contains(
        source="chatgpt/terms-of-service/EU",
        target="c-1",
        id="i-1",
        since="2025-01-01T00:00:00Z",
        from_version="v1",
        until="2025-03-01T00:00:00Z",
        to_version="v2",
    )
    with EmbeddedStore.open_for_write(store_path) as txn:
        txn.write([closed])
        txn.write([closed])  # idempotent
    with EmbeddedStore.open(store_path) as store:
        rows = store.query("MATCH ()-[r:CONTAINS]->() RETURN r.id, r.until ORDER BY r.id").rows
        rdf_rows = store.query(
            GG + "SELECT ?u WHERE { ?s gg:until ?u }", language=Capability.SPARQL
        ).rows
        count = store.query("MATCH ()-[r:CONTAINS]->() RETURN count(r) AS n").rows
    assert rows == [("i-1", "2025-03-01T00:00:00Z"), ("i-2", None)]
    assert rdf_rows == [("2025-03-01T00:00:00Z",)]
    assert count == [(2,)]


def test_failed_write_leaves_the_store_as_it_was(store_path):
    before = sorted(p.name for p in store_path.iterdir())
    with pytest.raises(RuntimeError), EmbeddedStore.open_for_write(store_path) as txn:
        txn.write([Platform(id="claude-ai", name="Claude.ai")])
        raise RuntimeError("interrupted")
    with EmbeddedStore.open(store_path) as store:
        names = store.query("MATCH (p:Platform) RETURN p.name").rows
        rdf_names = store.query(
            GG + "SELECT ?n WHERE { ?p a gg:Platform ; gg:name ?n }", language=Capability.SPARQL
        ).rows
    assert names == [("ChatGPT",)] and rdf_names == [("ChatGPT",)]
    assert sorted(p.name for p in store_path.iterdir()) == before


def test_second_writer_is_refused_while_the_first_holds_the_lock(store_path):
    with (
        EmbeddedStore.open_for_write(store_path),
        pytest.raises(StoreLockedError, match="being written"),
        EmbeddedStore.open_for_write(store_path, lock_timeout=0.2),
    ):
        pass


def test_readers_see_the_old_state_until_commit(store_path):
    with EmbeddedStore.open_for_write(store_path) as txn:
        txn.write([Platform(id="grok", name="Grok")])
        with EmbeddedStore.open(store_path) as reader:
            during = reader.query("MATCH (p:Platform) RETURN count(p) AS n").rows
    with EmbeddedStore.open(store_path) as reader:
        after = reader.query("MATCH (p:Platform) RETURN count(p) AS n").rows
    assert during == [(1,)] and after == [(2,)]


def test_read_only_store_refuses_writes(store_path):
    with EmbeddedStore.open(store_path) as store:
        with pytest.raises(StoreError, match="--write"):
            store.query("CREATE (:Platform {id: 'x', name: 'x'})")
        with pytest.raises(StoreError, match="read-only"):
            store.query(GG + "INSERT DATA { <urn:x> gg:name 'x' }", language=Capability.SPARQL)


def test_iter_records_gives_back_what_was_written(store_path):
    with EmbeddedStore.open(store_path) as store:
        records = list(store.iter_records())
    key = lambda r: (type(r).__name__, r.model_dump_json())  # noqa: E731
    assert sorted(records, key=key) == sorted(_records(), key=key)


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no govgraph store"):
        EmbeddedStore.open(tmp_path / "nowhere")


def test_an_unchanged_upsert_writes_nothing_and_a_changed_one_reaches_both_sides(store_path):
    """Upserting nodes exactly as stored is skipped (a load of one commit re-sends its
    documents and re-opened clauses; rewriting them cost a node group rewrite each)."""
    doc = "chatgpt/terms-of-service/EU"
    moved = Clause(id="c-2", document=doc, text="You must be at least 13 years old.", section="Age")
    with EmbeddedStore.open_for_write(store_path) as txn:
        txn.write([r for r in _records() if isinstance(r, Platform | Document | Clause)])
        unchanged = txn.written
        txn.write([moved])
        changed = txn.written - unchanged
    with EmbeddedStore.open(store_path) as store:
        cypher = store.query("MATCH (c:Clause) RETURN c.id, c.section ORDER BY c.id").rows
        sparql = store.query(
            GG + "SELECT ?id ?s WHERE { ?c <http://purl.org/dc/terms/identifier> ?id ; "
            "gg:section ?s } ORDER BY ?id",
            language=Capability.SPARQL,
        ).rows
        records = list(store.iter_records())
    assert (unchanged, changed) == (0, 1)
    assert cypher == [("c-1", ""), ("c-2", "Age")]
    assert sparql == cypher  # c-2's old section is gone from the RDF side
    assert moved in records


def test_small_rdf_writes_do_not_add_a_file_per_call(store_path):
    """Few triples go in as a transaction: the bulk loader wrote (and left) at least one
    SST file per call, and cost about 0.1 s each however small the input."""
    with EmbeddedStore.open_for_write(store_path) as txn:
        rdf_dir = txn._new / "rdf"  # the generation being built
        before = len(list(rdf_dir.glob("*.sst")))
        for n in range(12):
            txn.write([Platform(id=f"p-{n}", name=f"Platform {n}")], new=True)
            txn.write([Platform(id=f"p-{n}", name=f"Renamed {n}")])
        during = len(list(rdf_dir.glob("*.sst")))
    with EmbeddedStore.open(store_path) as store:
        names = store.query(
            GG + "SELECT ?n WHERE { ?p a gg:Platform ; gg:name ?n } ORDER BY ?n",
            language=Capability.SPARQL,
        ).rows
    # 24 bulk calls would add 24 files or more; RocksDB may flush its memtable once.
    assert during - before <= 1
    assert names == [("ChatGPT",), *sorted((f"Renamed {n}",) for n in range(12))]


def test_meta_keeps_every_source_head_so_a_load_need_not_open_the_graph(store_path):
    sources = [
        Source(id="src-a", kind="ota-repository", location="/a", head="c0ffee"),
        Source(id="src-b", kind="document", location="/b"),
    ]
    with EmbeddedStore.open_for_write(store_path) as txn:
        txn.write(sources)
    with EmbeddedStore.open_for_write(store_path) as txn:  # a later load keeps them
        txn.write([Platform(id="grok", name="Grok")])
    with EmbeddedStore.open(store_path) as store:
        heads = store.source_heads()
        graph = dict(store.query("MATCH (s:Source) RETURN s.id, s.head").rows)
        meta = store.generation / "meta.json"
        meta.write_text(meta.read_text("utf-8").replace('"heads"', '"other"'), "utf-8")
        older = store.source_heads()  # a generation written before meta kept heads
    assert heads == graph == {"src-a": "c0ffee", "src-b": None}
    assert older is None


def test_a_store_of_another_format_is_refused_for_writing_and_left_as_it_was(tmp_path):
    """Records keyed under another layout must not be mixed with new ones (STORE_FORMAT)."""
    import json

    path = tmp_path / "store"
    with EmbeddedStore.open_for_write(path) as txn:
        txn.write([Platform(id="grok", name="Grok")])
    with EmbeddedStore.open(path) as store:
        meta_file = store.generation / "meta.json"
        assert json.loads(meta_file.read_text("utf-8"))["format"] >= 1
    meta = json.loads(meta_file.read_text("utf-8"))
    del meta["format"]  # as written before store formats were recorded
    meta_file.write_text(json.dumps(meta), "utf-8")
    before = sorted(p.name for p in path.iterdir())
    refused = r"store format 0, this version writes \d+.*--store"
    with pytest.raises(StoreError, match=refused), EmbeddedStore.open_for_write(path) as txn:
        txn.write([Platform(id="claude", name="Claude")])
    assert sorted(p.name for p in path.iterdir()) == before
    with EmbeddedStore.open(path) as store:  # still readable, unchanged
        assert store.query("MATCH (p:Platform) RETURN p.id").rows == [("grok",)]
