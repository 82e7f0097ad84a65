"""A small hand-written graph whose answers are known, written as records into any backend.

Four platforms, with edits, a removal, a technical re-record and a US-only document:

- Alpha AI (EU Terms of Service): an output-training ban, edited on 2025-03-05 (the new
  wording supersedes the old), a clause on training on user content, and an age clause
  removed on 2025-06-01; a technical re-record on 2025-04-01 changes nothing.
- Beta Chat (EU Terms of Service): allows training on outputs (no ban) from 2025-02-01;
  a scraping-for-AI ban appears on 2025-05-01.
- Gamma (DE Privacy Policy): trains on user content.
- Delta (US Terms of Service): an output-training ban, outside the EU regime.
"""

from __future__ import annotations

from govgraph.categories import scheme
from govgraph.models import (
    AddressedBy,
    AppliesIn,
    Article,
    Broader,
    Category,
    ClassifiedAs,
    Clause,
    Contains,
    Document,
    HasVersion,
    InForceIn,
    Jurisdiction,
    PartOf,
    Platform,
    Publishes,
    Regulation,
    Source,
    Supersedes,
    Version,
    Within,
)

ALPHA = "alpha-ai/terms-of-service/EU"
BETA = "beta-chat/terms-of-service/EU"
GAMMA = "gamma/privacy-policy/DE"
DELTA = "delta/terms-of-service/US"

A_BAN_OLD = "You may not use Output to develop models that compete with Alpha."
A_BAN_NEW = (
    "You may not use Output or the Services to develop, train or improve models "
    "that compete with Alpha."
)
A_TRAIN = "We may use your Content to train and improve our models."
A_AGE = "You must be at least 13 years old to use the Services."
B_ALLOW = "You may use Outputs to train other models, including by distillation."
B_SCRAPE = (
    "You may not scrape the Services or use any data of the Services to train "
    "artificial intelligence models."
)
B_LAW = "These Terms are governed by the laws of Ireland."
G_TRAIN = "We use the conversations you have with Gamma to train our language models."
D_BAN = "You may not use the output of the Services to train a competing model."

T = {
    "a1": "2025-01-10T08:00:00Z",
    "a2": "2025-03-05T09:00:00Z",
    "a3": "2025-04-01T10:00:00Z",
    "a4": "2025-06-01T11:00:00Z",
    "b1": "2025-02-01T12:00:00Z",
    "b2": "2025-05-01T13:00:00Z",
    "g1": "2025-01-01T00:00:00Z",
    "d1": "2025-01-15T00:00:00Z",
}


def _v(doc: str, key: str) -> str:
    return f"{doc}@{T[key]}"


def records() -> list:
    out: list = []
    known = scheme()
    for cid, cat in known.categories.items():
        out.append(Category(id=cid, label=cat.label, definition=cat.definition))
    for gid, group in known.groups.items():
        out.append(Category(id=gid, label=group.label, is_group=True))
        out += [Broader(source=m, target=gid) for m in group.members]
    out += [
        Jurisdiction(id="EU", name="European Union", kind="supranational"),
        Jurisdiction(id="DE", name="Germany", kind="country"),
        Jurisdiction(id="US", name="United States", kind="country"),
        Within(source="DE", target="EU"),
        Regulation(
            id="gdpr",
            short_name="GDPR",
            title="General Data Protection Regulation",
            jurisdiction="EU",
            instrument_type="regulation",
        ),
        Regulation(
            id="eu-ai-act",
            short_name="AI Act",
            title="Artificial Intelligence Act",
            jurisdiction="EU",
            instrument_type="regulation",
        ),
        Regulation(
            id="ccpa",
            short_name="CCPA",
            title="California Consumer Privacy Act",
            jurisdiction="US",
            instrument_type="statute",
        ),
        InForceIn(source="gdpr", target="EU", since="2018-05-25"),
        InForceIn(source="eu-ai-act", target="EU", since="2024-08-01"),
        Article(id="gdpr/6", regulation="gdpr", number="6", title="Lawfulness of processing"),
        Article(id="eu-ai-act/53", regulation="eu-ai-act", number="53", title="GPAI providers"),
        Article(id="ccpa/1798.100", regulation="ccpa", number="1798.100", title="Right to know"),
        PartOf(source="gdpr/6", target="gdpr"),
        PartOf(source="eu-ai-act/53", target="eu-ai-act"),
        PartOf(source="ccpa/1798.100", target="ccpa"),
        AddressedBy(
            source="ai-output-training-ban",
            target="eu-ai-act/53",
            kind="permits",
            rationale="Art. 53 obliges GPAI providers to respect text-and-data-mining reservations.",
        ),
        AddressedBy(
            source="provider-trains-on-user-content",
            target="gdpr/6",
            kind="restricts",
            rationale="Training on personal data needs a lawful basis under Art. 6.",
        ),
        AddressedBy(
            source="provider-trains-on-user-content",
            target="ccpa/1798.100",
            kind="requires-information",
            rationale="Consumers may ask what personal information is collected and used.",
        ),
        Source(
            id="src-test",
            kind="ota-dataset",
            location="memory:fixture",
            collection="fixture",
            head="h1",
            loaded_at="2025-07-01T00:00:00Z",
            licence="ODC-BY-1.0",
        ),
    ]
    docs = [
        ("Alpha AI", ALPHA, "Terms of Service", "EU"),
        ("Beta Chat", BETA, "Terms of Service", "EU"),
        ("Gamma", GAMMA, "Privacy Policy", "DE"),
        ("Delta", DELTA, "Terms of Service", "US"),
    ]
    for name, doc, terms_type, code in docs:
        pid = doc.split("/")[0]
        out += [
            Platform(id=pid, name=name),
            Document(
                id=doc,
                platform=name,
                terms_type=terms_type,
                jurisdiction=code,
                source_url=f"https://{pid}.example/{terms_type.lower().replace(' ', '-')}",
                collection="fixture",
            ),
            Publishes(source=pid, target=doc),
            AppliesIn(source=doc, target=code),
        ]

    def clause(cid: str, doc: str, text: str, section: str = "Terms") -> Clause:
        return Clause(id=cid, document=doc, text=text, section=section)

    out += [
        clause("c-a-ban-old", ALPHA, A_BAN_OLD, "Terms > Restrictions"),
        clause("c-a-ban-new", ALPHA, A_BAN_NEW, "Terms > Restrictions"),
        clause("c-a-train", ALPHA, A_TRAIN, "Terms > Your content"),
        clause("c-a-age", ALPHA, A_AGE, "Terms > Eligibility"),
        clause("c-b-allow", BETA, B_ALLOW),
        clause("c-b-scrape", BETA, B_SCRAPE),
        clause("c-b-law", BETA, B_LAW),
        clause("c-g-train", GAMMA, G_TRAIN),
        clause("c-d-ban", DELTA, D_BAN),
    ]

    def version(doc: str, key: str, clause_ids: list[str], technical: bool = False) -> list:
        vid = _v(doc, key)
        return [
            Version(
                id=vid,
                document=doc,
                recorded_at=T[key],
                source_id=f"commit-{key}",
                source_url=f"https://archive.example/{key}",
                content_hash=f"hash-{key}",
                technical=technical,
                clause_ids=clause_ids,
            ),
            HasVersion(source=doc, target=vid),
        ]

    out += version(ALPHA, "a1", ["c-a-age", "c-a-ban-old", "c-a-train"])
    out += version(ALPHA, "a2", ["c-a-age", "c-a-ban-new", "c-a-train"])
    out += version(ALPHA, "a3", ["c-a-age", "c-a-ban-new", "c-a-train"], technical=True)
    out += version(ALPHA, "a4", ["c-a-ban-new", "c-a-train"])
    out += version(BETA, "b1", ["c-b-allow", "c-b-law"])
    out += version(BETA, "b2", ["c-b-allow", "c-b-scrape", "c-b-law"])
    out += version(GAMMA, "g1", ["c-g-train"])
    out += version(DELTA, "d1", ["c-d-ban"])

    def contains(doc: str, cid: str, start: str, end: str | None = None) -> Contains:
        return Contains(
            source=doc,
            target=cid,
            id=f"i-{cid}-{start}",
            since=T[start],
            from_version=_v(doc, start),
            until=T[end] if end else None,
            to_version=_v(doc, end) if end else None,
        )

    out += [
        contains(ALPHA, "c-a-age", "a1", "a4"),
        contains(ALPHA, "c-a-ban-old", "a1", "a2"),
        contains(ALPHA, "c-a-ban-new", "a2"),
        contains(ALPHA, "c-a-train", "a1"),
        contains(BETA, "c-b-allow", "b1"),
        contains(BETA, "c-b-law", "b1"),
        contains(BETA, "c-b-scrape", "b2"),
        contains(GAMMA, "c-g-train", "g1"),
        contains(DELTA, "c-d-ban", "d1"),
        Supersedes(
            source="c-a-ban-new",
            target="c-a-ban-old",
            version=_v(ALPHA, "a2"),
            at=T["a2"],
            similarity=0.71,
        ),
    ]

    def label(cid: str, category: str, evidence: str, confidence: float = 0.9) -> ClassifiedAs:
        return ClassifiedAs(
            source=cid,
            target=category,
            confidence=confidence,
            method=f"rule:test-{category}",
            evidence=evidence,
        )

    out += [
        label("c-a-ban-old", "ai-output-training-ban", "use Output to develop models"),
        label("c-a-ban-new", "ai-output-training-ban", "use Output or the Services to develop"),
        label("c-a-ban-new", "ai-content-training-ban", "the Services to develop, train", 0.6),
        label("c-a-train", "provider-trains-on-user-content", "use your Content to train"),
        label("c-a-age", "minimum-age", "at least 13 years old"),
        label("c-b-allow", "output-ownership", "use Outputs"),
        label("c-b-scrape", "ai-content-training-ban", "use any data of the Services to train"),
        label("c-b-scrape", "scraping-ban", "scrape the Services"),
        label("c-b-law", "governing-law", "governed by the laws of Ireland"),
        label("c-g-train", "provider-trains-on-user-content", "to train our language models"),
        label("c-d-ban", "ai-output-training-ban", "use the output of the Services to train"),
    ]
    return out
