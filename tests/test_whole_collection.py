"""A whole real collection: exact reconstruction of every version, incremental loads, and the
same answers from embedded Cypher, embedded SPARQL and a real Neo4j.

Loads the shared genai-eu collection (1,020 commits) once per session: about a minute.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from govgraph.graph.base import Capability
from govgraph.graph.embedded import EmbeddedStore
from govgraph.ingest import load_source
from govgraph.loaders.ota import OtaRepository
from govgraph.loaders.segment import segment
from govgraph.queries.documents import DocumentInfo, clauses_as_of
from tests.conftest import shared_path

pytestmark = pytest.mark.slow


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    """genai-eu cloned one commit short of its tip, loaded; then the last commit arrives."""
    shared = shared_path("data", "ota", "genai-eu")
    root = tmp_path_factory.mktemp("genai")
    repo = root / "genai-eu"
    subprocess.run(["git", "clone", "-q", str(shared / "versions.bundle"), str(repo)], check=True)
    _git(repo, "reset", "-q", "--hard", "HEAD~1")
    store = root / "store"

    def loader() -> OtaRepository:
        return OtaRepository(
            repo, metadata=shared / "metadata.yml", declarations=shared / "declarations"
        )

    first = load_source(loader(), store)
    again = load_source(loader(), store)
    _git(repo, "pull", "-q", "--ff-only", str(shared / "versions.bundle"), "HEAD")
    one_more = load_source(loader(), store)
    return {"repo": repo, "store": store, "first": first, "again": again, "one_more": one_more}


def test_the_whole_collection_loads(collection):
    first = collection["first"]
    assert len(first.platforms) == 12 and len(first.documents) == 63
    assert first.versions > 950 and first.changes > 5000


def test_a_second_load_is_a_no_op_and_one_commit_costs_one_version(collection):
    assert collection["again"].up_to_date
    assert collection["one_more"].versions == 1


def test_every_version_is_rebuilt_exactly_from_the_graph(collection):
    """For each version in force, the clauses from the graph equal segmenting its text."""
    repo, store_path = collection["repo"], collection["store"]
    checked = 0
    with EmbeddedStore.open(store_path) as store:
        documents = store.query(
            "MATCH (d:Document)-[:HAS_VERSION]->(v:Version) "
            "RETURN d.id, d.platform, d.terms_type, d.jurisdiction, v.recorded_at, v.source_id "
            "ORDER BY d.id, v.recorded_at"
        ).rows
        for doc_id, platform, terms_type, jurisdiction, recorded_at, commit in documents:
            info = DocumentInfo(doc_id, platform, terms_type, jurisdiction)
            text = _git(repo, "show", f"{commit}:{platform}/{terms_type}.md")
            rebuilt = clauses_as_of(store, info, recorded_at)
            assert [c["text"] for c in rebuilt] == [s.text for s in segment(text)], (
                doc_id,
                recorded_at,
            )
            checked += 1
    assert checked > 950


CYPHER = {
    "multi-hop": (
        "MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause)"
        "-[:CLASSIFIED_AS]->(k:Category {id: 'ai-output-training-ban'}) "
        "WHERE r.until IS NULL AND d.jurisdiction IN ['EU', 'DE', 'FR'] "
        "RETURN p.name AS platform, d.id AS document, c.id AS clause"
    ),
    "aggregation": (
        "MATCH (p:Platform)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->(c:Clause) "
        "WHERE r.until IS NULL RETURN p.name AS platform, count(c) AS clauses"
    ),
    "optional": (
        "MATCH (p:Platform) OPTIONAL MATCH (p)-[:PUBLISHES]->(d:Document)-[r:CONTAINS]->"
        "(c:Clause)-[n:NAMES_JURISDICTION]->(j:Jurisdiction) "
        "WHERE r.until IS NULL AND n.role = 'governing-law' "
        "RETURN DISTINCT p.name AS platform, j.id AS law"
    ),
}
SPARQL = {
    "multi-hop": """SELECT ?platform ?document ?clause WHERE {
        ?p gg:name ?platform ; gg:publishes ?d . ?d dcterms:identifier ?document ;
           gg:jurisdiction/dcterms:identifier ?code . VALUES ?code { "EU" "DE" "FR" }
        ?s a gg:Containment ; rdf:subject ?d ; rdf:object ?c . FILTER NOT EXISTS { ?s gg:until ?u }
        ?c dcterms:identifier ?clause ; gg:classifiedAs/dcterms:identifier "ai-output-training-ban" }""",
    "aggregation": """SELECT ?platform (COUNT(?c) AS ?clauses) WHERE {
        ?p gg:name ?platform ; gg:publishes ?d .
        ?s a gg:Containment ; rdf:subject ?d ; rdf:object ?c . FILTER NOT EXISTS { ?s gg:until ?u }
        } GROUP BY ?platform""",
    "optional": """SELECT DISTINCT ?platform ?law WHERE { ?p a gg:Platform ; gg:name ?platform .
        OPTIONAL { ?p gg:publishes ?d . ?s a gg:Containment ; rdf:subject ?d ; rdf:object ?c .
          FILTER NOT EXISTS { ?s gg:until ?u }
          ?n a gg:JurisdictionReference ; rdf:subject ?c ; rdf:object ?j ; gg:role "governing-law" .
          ?j dcterms:identifier ?law } }""",
}


def _sorted(rows):
    return sorted(tuple("" if v is None else v for v in row) for row in rows)


@pytest.fixture(scope="module")
def embedded_answers(collection):
    with EmbeddedStore.open(collection["store"]) as store:
        cypher = {k: _sorted(store.query(q).rows) for k, q in CYPHER.items()}
        sparql = {
            k: _sorted(store.query(q, language=Capability.SPARQL).rows) for k, q in SPARQL.items()
        }
    return cypher, sparql


def test_cypher_and_sparql_agree_on_the_three_kinds_of_question(embedded_answers):
    cypher, sparql = embedded_answers
    assert cypher == sparql
    platforms = {row[0] for row in cypher["multi-hop"]}
    assert {"ChatGPT", "Claude.ai"} <= platforms and "DeepSeek" not in platforms
    assert len(cypher["aggregation"]) == 12
    laws = {row for row in cypher["optional"] if row[1]}
    assert ("Claude.ai", "IE") in laws


def test_neo4j_gives_the_same_rows_after_a_push(collection, embedded_answers, neo4j_store):
    from govgraph.graph.neo4j_push import push

    with EmbeddedStore.open(collection["store"]) as store:
        push(store.iter_records(), neo4j_store, collection["store"], full=True)
    cypher, _ = embedded_answers
    for name, query in CYPHER.items():
        assert _sorted(neo4j_store.query(query).rows) == cypher[name], name
