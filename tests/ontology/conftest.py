"""Shared helpers for the ontology tests: paths, parsed ontology files, real sample records."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from govgraph import models as m
from govgraph.categories import scheme
from govgraph.ids import clause_id, containment_id, content_hash, normalise_text

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
ONTOLOGY_DIR = HERE.parents[1] / "govgraph" / "ontology"

DOC = "chatgpt/terms-of-service/EU"
V1 = f"{DOC}@2025-01-01T00:00:00Z"
V2 = f"{DOC}@2025-03-01T12:30:00Z"
OLD_TEXT = "You may not use Output to develop models that compete with OpenAI."
NEW_TEXT = "You may not use Output to develop AI models that compete with OpenAI."
C_OLD = clause_id(DOC, normalise_text(OLD_TEXT))
C_NEW = clause_id(DOC, normalise_text(NEW_TEXT))
C_LAW = clause_id(DOC, normalise_text("These terms are governed by the laws of Ireland."))
SCRAPE_TEXT = "You may not scrape or data-mine the Services to train AI models."
C_SCRAPE = clause_id(DOC, normalise_text(SCRAPE_TEXT))


def sample_records() -> list[m.Node | m.Edge]:
    """One real record of every node and edge type, every optional field set.

    The model-agreement test requires every field to be set here, so a field added to a
    model without an ontology property fails it.
    """
    law_text = "These terms are governed by the laws of Ireland."
    records: list[m.Node | m.Edge] = [
        m.Platform(id="chatgpt", name="ChatGPT", provider="OpenAI OpCo, LLC"),
        m.Jurisdiction(id="EU", name="European Union", kind="supranational"),
        m.Jurisdiction(id="IE", name="Ireland", kind="country"),
        m.Document(
            id=DOC,
            platform="ChatGPT",
            terms_type="Terms of Service",
            jurisdiction="EU",
            source_url="https://openai.com/policies/eu-terms-of-use/",
            collection="genai-eu",
            jurisdiction_note="the collection covers the EU",
        ),
        m.Version(
            id=V1,
            document=DOC,
            recorded_at="2025-01-01T00:00:00Z",
            source_id="1f3a9c0",
            source_url="https://github.com/OpenTermsArchive/genai-eu-versions/blob/1f3a9c0/x.md",
            content_hash=content_hash(OLD_TEXT + law_text),
            technical=False,
            clause_ids=[C_OLD, C_LAW],
        ),
        m.Version(
            id=V2,
            document=DOC,
            recorded_at="2025-03-01T12:30:00Z",
            source_id="8e2b417",
            source_url="https://github.com/OpenTermsArchive/genai-eu-versions/blob/8e2b417/x.md",
            content_hash=content_hash(NEW_TEXT + law_text),
            technical=True,
            clause_ids=[C_NEW, C_LAW],
        ),
        m.Clause(id=C_OLD, document=DOC, text=OLD_TEXT, section="Using our services"),
        m.Clause(id=C_NEW, document=DOC, text=NEW_TEXT, section="Using our services"),
        m.Clause(id=C_LAW, document=DOC, text=law_text, section="Dispute resolution"),
        m.Clause(id=C_SCRAPE, document=DOC, text=SCRAPE_TEXT, section="Using our services"),
        m.Regulation(
            id="gdpr",
            short_name="GDPR",
            title="General Data Protection Regulation",
            jurisdiction="EU",
            instrument_type="regulation",
            identifier="32016R0679",
            eli="http://data.europa.eu/eli/reg/2016/679/oj",
            url="https://eur-lex.europa.eu/eli/reg/2016/679/oj",
            adopted="2016-04-27",
            in_force="2016-05-24",
            applies_from="2018-05-25",
            verified=True,
            note="applies from 25 May 2018",
            source="EUR-Lex",
        ),
        m.Article(
            id="gdpr/17",
            regulation="gdpr",
            number="17",
            title="Right to erasure ('right to be forgotten')",
            chapter="Chapter III",
            url="https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_17",
        ),
        m.Regulation(
            id="cdsm",
            short_name="CDSM Directive",
            title="Directive (EU) 2019/790 on copyright in the Digital Single Market",
            jurisdiction="EU",
            instrument_type="directive",
        ),
        m.Article(id="cdsm/4", regulation="cdsm", number="4", title="Text and data mining"),
        m.Source(
            id="genai-eu",
            kind="ota-repository",
            location="https://github.com/OpenTermsArchive/genai-eu-versions",
            collection="genai-eu",
            head="8e2b417",
            loaded_at="2025-03-02T08:00:00Z",
            licence="ODC-BY-1.0",
            attribution="Open Terms Archive",
        ),
        m.Publishes(source="chatgpt", target=DOC),
        m.HasVersion(source=DOC, target=V1),
        m.HasVersion(source=DOC, target=V2),
        m.Contains(
            id=containment_id(DOC, C_OLD, "2025-01-01T00:00:00Z"),
            source=DOC,
            target=C_OLD,
            since="2025-01-01T00:00:00Z",
            from_version=V1,
            until="2025-03-01T12:30:00Z",
            to_version=V2,
            start_offset=0,
            end_offset=len(OLD_TEXT),
        ),
        m.Contains(
            id=containment_id(DOC, C_NEW, "2025-03-01T12:30:00Z"),
            source=DOC,
            target=C_NEW,
            since="2025-03-01T12:30:00Z",
            from_version=V2,
            start_offset=0,
            end_offset=len(NEW_TEXT),
        ),
        m.Supersedes(
            source=C_NEW, target=C_OLD, version=V2, at="2025-03-01T12:30:00Z", similarity=0.93
        ),
        m.ClassifiedAs(
            source=C_NEW,
            target="ai-output-training-ban",
            confidence=0.9,
            method="rule:ai-output-training-ban/1",
            evidence="use Output to develop AI models that compete",
            evidence_start=11,
            evidence_end=55,
        ),
        m.ClassifiedAs(
            source=C_LAW, target="governing-law", confidence=1.0, method="rule:governing-law/1"
        ),
        m.ClassifiedAs(
            source=C_SCRAPE, target="ai-content-training-ban", confidence=0.8, method="rule:x/2"
        ),
        m.ClassifiedAs(source=C_SCRAPE, target="scraping-ban", confidence=0.8, method="rule:x/3"),
        m.AppliesIn(source=DOC, target="EU"),
        m.Within(source="IE", target="EU"),
        m.InForceIn(source="gdpr", target="EU", since="2018-05-25", until="2099-12-31"),
        m.PartOf(source="gdpr/17", target="gdpr"),
        m.PartOf(source="cdsm/4", target="cdsm"),
        m.AddressedBy(
            source="ai-content-training-ban",
            target="cdsm/4",
            kind="addresses",
            rationale="Article 4(3) lets rightholders reserve text and data mining.",
        ),
        m.AddressedBy(
            source="data-retention",
            target="gdpr/17",
            kind="addresses",
            rationale="Article 17 gives a right to erasure, which bounds retention.",
            origin="bundled",
        ),
        m.NamesJurisdiction(
            source=C_LAW, target="IE", role="governing-law", evidence="the laws of Ireland"
        ),
    ]
    return records


def category_records() -> list[m.Node | m.Edge]:
    """The bundled scheme as Category and Broader records, as a loader would build them."""
    s = scheme()
    records: list[m.Node | m.Edge] = []
    for gid, group in s.groups.items():
        records.append(m.Category(id=gid, label=group.label, is_group=True))
    for cid, cat in s.categories.items():
        records.append(m.Category(id=cid, label=cat.label, definition=cat.definition))
        records.append(m.Broader(source=cid, target=cat.group))
    return records


def parse(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return parse(ONTOLOGY_DIR / "govgraph.ttl")


@pytest.fixture(scope="session")
def shapes_graph() -> Graph:
    return parse(ONTOLOGY_DIR / "shapes.ttl")


@pytest.fixture(scope="session")
def categories_graph() -> Graph:
    return parse(ONTOLOGY_DIR / "categories.ttl")
