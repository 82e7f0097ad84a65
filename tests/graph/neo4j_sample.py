"""A small, realistic graph for the Neo4j tests: one platform's EU terms over two versions.

Built from govgraph.models with the real id functions, so it has the shape a load produces:
a platform, a document in the EU regime, two versions, three clauses (one dropped and one
added in the second version, so three CONTAINS intervals, one closed), a SUPERSEDES edge,
classifications, and a regulation with articles mapped to a category.
"""

from __future__ import annotations

from datetime import UTC, datetime

from govgraph import ids
from govgraph.models import (
    AddressedBy,
    AppliesIn,
    Article,
    Category,
    ClassifiedAs,
    Clause,
    Contains,
    Document,
    Edge,
    HasVersion,
    InForceIn,
    Jurisdiction,
    Node,
    PartOf,
    Platform,
    Publishes,
    Regulation,
    Supersedes,
    Version,
)

PLATFORM = "ExampleChat"
T1 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
T2 = datetime(2025, 1, 15, 9, 30, tzinfo=UTC)
TRAINING = "ai-output-training-ban"


def _category(known: str) -> str:
    """A real category id from categories.yaml (the scheme is the source of truth)."""
    from govgraph.categories import scheme

    categories = scheme().categories
    return known if known in categories else sorted(categories)[0]


def sample_records(extra_clauses: int = 0) -> list[Node | Edge]:
    """The sample graph; ``extra_clauses`` adds that many clauses (for throughput runs)."""
    training = _category(TRAINING)
    other = _category("governing-law")
    doc = ids.document_id(PLATFORM, "Terms of Service", "EU")
    v1, v2 = ids.version_id(doc, T1), ids.version_id(doc, T2)
    texts = {
        "old": "You may not use output to develop models that compete with us.",
        "kept": "These terms are governed by the laws of Ireland.",
        "new": "You may not use Output to develop or train models that compete with ExampleChat.",
    }
    clause = {k: ids.clause_id(doc, ids.normalise_text(t)) for k, t in texts.items()}
    t1, t2 = ids.format_time(T1), ids.format_time(T2)
    records: list[Node | Edge] = [
        Platform(id=ids.platform_id(PLATFORM), name=PLATFORM, provider="Example Inc."),
        Jurisdiction(id="EU", name="European Union", kind="supranational"),
        Jurisdiction(id="IE", name="Ireland", kind="country"),
        Document(
            id=doc,
            platform=PLATFORM,
            terms_type="Terms of Service",
            jurisdiction="EU",
            source_url="https://example.com/terms",
            collection="test",
        ),
        Version(
            id=v1,
            document=doc,
            recorded_at=T1,
            source_id="a" * 40,
            content_hash=ids.content_hash("v1"),
            clause_ids=[clause["old"], clause["kept"]],
        ),
        Version(
            id=v2,
            document=doc,
            recorded_at=T2,
            source_id="b" * 40,
            content_hash=ids.content_hash("v2"),
            clause_ids=[clause["new"], clause["kept"]],
        ),
        *[
            Clause(id=clause[k], document=doc, text=texts[k], section="Use of Services")
            for k in texts
        ],
        Category(id=training, label="AI output training ban", definition="Bans training."),
        Category(id=other, label="Governing law"),
        Regulation(
            id="eu-ai-act",
            short_name="AI Act",
            title="Regulation (EU) 2024/1689",
            jurisdiction="EU",
            instrument_type="regulation",
            adopted="2024-06-13",
        ),
        Article(id=ids.article_id("eu-ai-act", "53"), regulation="eu-ai-act", number="53"),
        Article(id=ids.article_id("eu-ai-act", "50"), regulation="eu-ai-act", number="50"),
        Publishes(source=ids.platform_id(PLATFORM), target=doc),
        HasVersion(source=doc, target=v1),
        HasVersion(source=doc, target=v2),
        AppliesIn(source=doc, target="EU"),
        Contains(
            id=ids.containment_id(doc, clause["old"], t1),
            source=doc,
            target=clause["old"],
            since=t1,
            from_version=v1,
            until=t2,
            to_version=v2,
            start_offset=0,
            end_offset=64,
        ),
        Contains(
            id=ids.containment_id(doc, clause["kept"], t1),
            source=doc,
            target=clause["kept"],
            since=t1,
            from_version=v1,
        ),
        Contains(
            id=ids.containment_id(doc, clause["new"], t2),
            source=doc,
            target=clause["new"],
            since=t2,
            from_version=v2,
        ),
        Supersedes(source=clause["new"], target=clause["old"], version=v2, at=t2, similarity=0.8),
        ClassifiedAs(
            source=clause["new"],
            target=training,
            confidence=0.9,
            method="rule:test/1",
            evidence="train models",
        ),
        ClassifiedAs(source=clause["kept"], target=other, confidence=0.8, method="rule:test/2"),
        InForceIn(source="eu-ai-act", target="EU", since="2024-08-01"),
        PartOf(source=ids.article_id("eu-ai-act", "53"), target="eu-ai-act"),
        PartOf(source=ids.article_id("eu-ai-act", "50"), target="eu-ai-act"),
        AddressedBy(
            source=training,
            target=ids.article_id("eu-ai-act", "53"),
            kind="transparency",
            rationale="GPAI providers document training data.",
        ),
    ]
    for i in range(extra_clauses):
        text = f"Extra clause number {i}: the provider may change these terms at any time."
        cid = ids.clause_id(doc, ids.normalise_text(text))
        records.append(Clause(id=cid, document=doc, text=text, section="Changes"))
        records.append(
            Contains(
                id=ids.containment_id(doc, cid, t2),
                source=doc,
                target=cid,
                since=t2,
                from_version=v2,
            )
        )
        records.append(ClassifiedAs(source=cid, target=other, confidence=0.5, method="rule:x/1"))
    return records


def counts(records: list[Node | Edge]) -> tuple[dict[str, int], dict[str, int]]:
    """Expected nodes per label and relationships per type."""
    nodes: dict[str, int] = {}
    edges: dict[str, int] = {}
    for record in records:
        if isinstance(record, Node):
            nodes[record.LABEL] = nodes.get(record.LABEL, 0) + 1
        else:
            edges[record.TYPE] = edges.get(record.TYPE, 0) + 1
    return nodes, edges
