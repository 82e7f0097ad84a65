"""Typed records: every node and relationship of the graph.

Loaders yield these records; stores consume them. One model, several projections: the
property graph uses ``LABEL``/``TYPE`` and the field names as property keys, the RDF
projection maps them to ontology terms (``govgraph.ontology.namespaces``). Ids are
deterministic (``govgraph.ids``), so writing a record twice changes nothing.

Times are UTC strings in one format (``2025-11-11T12:30:00Z``) so that every backend
compares them as text; dates are ``YYYY-MM-DD`` strings for the same reason.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from govgraph.categories import scheme
from govgraph.ids import format_time

_JURISDICTION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _check_jurisdiction(value: str) -> str:
    if not _JURISDICTION.match(value):
        raise ValueError(
            f"jurisdiction code {value!r} is not ISO 3166 (e.g. 'DE', 'US-CA') or 'EU'"
        )
    return value


def _check_time(value: Any) -> str:
    """Accept a tz-aware datetime or an ISO string; store the canonical UTC string."""
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, str):
        if _TIME.match(value):
            return value
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"time {value!r} is not ISO 8601") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return format_time(parsed)
    raise ValueError(f"time {value!r} is not a datetime or ISO 8601 string")


def _check_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"date {value!r} is not YYYY-MM-DD") from None
    raise ValueError(f"date {value!r} is not a date")


def _check_category(value: str) -> str:
    known = scheme()
    if value not in known.categories and value not in known.groups:
        raise ValueError(f"category {value!r} is not in categories.yaml")
    return value


JurisdictionCode = Annotated[str, AfterValidator(_check_jurisdiction)]
Time = Annotated[str, BeforeValidator(_check_time)]
Day = Annotated[str, BeforeValidator(_check_date)]
CategoryId = Annotated[str, AfterValidator(_check_category)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    """Base of all records: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def properties(self) -> dict[str, Any]:
        """Property map as written to a store (None values omitted)."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Node(Record):
    LABEL: ClassVar[str]
    id: NonEmpty


class Edge(Record):
    """A relationship between two nodes, identified by ``key()``.

    ``source`` and ``target`` are node ids of ``SOURCE`` and ``TARGET``. Edges with
    properties are reified in RDF; their key makes that resource's IRI.
    """

    TYPE: ClassVar[str]
    SOURCE: ClassVar[type[Node]]
    TARGET: ClassVar[type[Node]]
    source: NonEmpty
    target: NonEmpty

    def key(self) -> str:
        return f"{self.source}|{self.TYPE}|{self.target}"

    def edge_properties(self) -> dict[str, Any]:
        props = self.properties()
        props.pop("source", None)
        props.pop("target", None)
        return props


# ---------------------------------------------------------------- nodes


class Platform(Node):
    """A service whose terms are tracked (ChatGPT, Facebook)."""

    LABEL: ClassVar[str] = "Platform"
    name: NonEmpty
    provider: str | None = None


class Jurisdiction(Node):
    """A place whose law applies: ISO 3166 country or subdivision code, or 'EU'."""

    LABEL: ClassVar[str] = "Jurisdiction"
    id: JurisdictionCode
    name: NonEmpty
    kind: Literal["supranational", "country", "subdivision"]


class Document(Node):
    """One terms document of a platform in one regime (platform + terms type + jurisdiction)."""

    LABEL: ClassVar[str] = "Document"
    platform: NonEmpty  # platform name, denormalised for readable captions and reports
    terms_type: NonEmpty
    jurisdiction: JurisdictionCode
    source_url: str | None = None
    collection: str | None = None
    jurisdiction_note: str | None = None  # how the jurisdiction was decided, if inferred


class Version(Node):
    """One recorded text of a document."""

    LABEL: ClassVar[str] = "Version"
    document: NonEmpty
    recorded_at: Time
    source_id: NonEmpty  # commit hash, or dataset/single file name
    source_url: str | None = None
    content_hash: NonEmpty
    technical: bool = False  # a re-record after an extraction change, not a change of terms
    clause_ids: list[str] = Field(default_factory=list)  # clause ids in document order


class Clause(Node):
    """A unit of text (paragraph or list item) of one document, identified by its wording."""

    LABEL: ClassVar[str] = "Clause"
    document: NonEmpty
    text: NonEmpty
    section: str = ""  # heading path, ' > '-separated


class Category(Node):
    """A provision category or category group of the SKOS scheme."""

    LABEL: ClassVar[str] = "Category"
    id: CategoryId
    label: NonEmpty
    definition: str = ""
    is_group: bool = False


class Regulation(Node):
    """A legal act (GDPR, AI Act, CCPA)."""

    LABEL: ClassVar[str] = "Regulation"
    short_name: NonEmpty
    title: NonEmpty
    jurisdiction: JurisdictionCode
    instrument_type: NonEmpty
    identifier: str | None = None  # CELEX or official citation
    eli: str | None = None
    url: str | None = None
    adopted: Day | None = None
    in_force: Day | None = None
    applies_from: Day | None = None
    verified: bool = True  # False for claims of a single unverified third-party source
    note: str | None = None
    source: str | None = None


class Article(Node):
    """An article (or section) of a regulation."""

    LABEL: ClassVar[str] = "Article"
    regulation: NonEmpty
    number: NonEmpty
    title: str = ""
    chapter: str = ""
    url: str | None = None


class Source(Node):
    """A loaded source (an OTA versions repository, a dataset, a single file).

    ``head`` is where loading stopped (the last commit ingested), so the next load or
    ``watch`` starts from there.
    """

    LABEL: ClassVar[str] = "Source"
    kind: Literal["ota-repository", "ota-dataset", "document", "reference", "mapping"]
    location: NonEmpty
    collection: str | None = None
    head: str | None = None
    loaded_at: Time | None = None
    licence: str | None = None
    attribution: str | None = None


# ---------------------------------------------------------------- edges


class Publishes(Edge):
    TYPE: ClassVar[str] = "PUBLISHES"
    SOURCE: ClassVar[type[Node]] = Platform
    TARGET: ClassVar[type[Node]] = Document


class HasVersion(Edge):
    TYPE: ClassVar[str] = "HAS_VERSION"
    SOURCE: ClassVar[type[Node]] = Document
    TARGET: ClassVar[type[Node]] = Version


class Contains(Edge):
    """A document contains a clause over an interval of versions.

    ``since`` is the recorded time of the first version that has the clause,
    ``until`` that of the first version that no longer has it (None while current).
    ``start_offset``/``end_offset`` are character offsets in the ``from_version`` text.
    """

    TYPE: ClassVar[str] = "CONTAINS"
    SOURCE: ClassVar[type[Node]] = Document
    TARGET: ClassVar[type[Node]] = Clause
    id: NonEmpty
    since: Time
    from_version: NonEmpty
    until: Time | None = None
    to_version: str | None = None
    start_offset: int | None = None
    end_offset: int | None = None

    def key(self) -> str:
        return self.id


class Supersedes(Edge):
    """The new clause (source) replaced the old clause (target) at ``version``."""

    TYPE: ClassVar[str] = "SUPERSEDES"
    SOURCE: ClassVar[type[Node]] = Clause
    TARGET: ClassVar[type[Node]] = Clause
    version: NonEmpty
    at: Time
    similarity: float

    def key(self) -> str:
        # The same pair of wordings can be swapped back and forth over the years.
        return f"{self.source}|{self.TYPE}|{self.target}|{self.version}"


class ClassifiedAs(Edge):
    """A clause belongs to a category, with the evidence that says so."""

    TYPE: ClassVar[str] = "CLASSIFIED_AS"
    SOURCE: ClassVar[type[Node]] = Clause
    TARGET: ClassVar[type[Node]] = Category
    target: CategoryId
    confidence: float = Field(ge=0.0, le=1.0)
    method: NonEmpty  # e.g. 'rule:ai-output-training-ban/3', 'model:linear-v4', 'embedding:embed-v1'
    evidence: str = ""
    evidence_start: int | None = None
    evidence_end: int | None = None


class AppliesIn(Edge):
    TYPE: ClassVar[str] = "APPLIES_IN"
    SOURCE: ClassVar[type[Node]] = Document
    TARGET: ClassVar[type[Node]] = Jurisdiction


class Within(Edge):
    """A jurisdiction lies within another (DE within EU, US-CA within US)."""

    TYPE: ClassVar[str] = "WITHIN"
    SOURCE: ClassVar[type[Node]] = Jurisdiction
    TARGET: ClassVar[type[Node]] = Jurisdiction


class InForceIn(Edge):
    """A regulation applies in a jurisdiction from ``since`` (until ``until``)."""

    TYPE: ClassVar[str] = "IN_FORCE_IN"
    SOURCE: ClassVar[type[Node]] = Regulation
    TARGET: ClassVar[type[Node]] = Jurisdiction
    since: Day | None = None
    until: Day | None = None


class PartOf(Edge):
    TYPE: ClassVar[str] = "PART_OF"
    SOURCE: ClassVar[type[Node]] = Article
    TARGET: ClassVar[type[Node]] = Regulation


class Broader(Edge):
    """A category's group (SKOS broader)."""

    TYPE: ClassVar[str] = "BROADER"
    SOURCE: ClassVar[type[Node]] = Category
    TARGET: ClassVar[type[Node]] = Category


class AddressedBy(Edge):
    """The regulatory mapping: an article bears on a provision category."""

    TYPE: ClassVar[str] = "ADDRESSED_BY"
    SOURCE: ClassVar[type[Node]] = Category
    TARGET: ClassVar[type[Node]] = Article
    source: CategoryId
    kind: NonEmpty
    rationale: NonEmpty
    origin: str = "bundled"  # 'bundled' or the file an analyst loaded it from


class NamesJurisdiction(Edge):
    """A governing-law or forum clause names a jurisdiction."""

    TYPE: ClassVar[str] = "NAMES_JURISDICTION"
    SOURCE: ClassVar[type[Node]] = Clause
    TARGET: ClassVar[type[Node]] = Jurisdiction
    role: Literal["governing-law", "forum"]
    evidence: str = ""

    def key(self) -> str:
        # One clause often names the same place twice, as governing law and as forum:
        # two links, so the role is part of the key.
        return f"{self.source}|{self.TYPE}|{self.target}|{self.role}"


NODE_TYPES: tuple[type[Node], ...] = (
    Platform,
    Jurisdiction,
    Document,
    Version,
    Clause,
    Category,
    Regulation,
    Article,
    Source,
)
EDGE_TYPES: tuple[type[Edge], ...] = (
    Publishes,
    HasVersion,
    Contains,
    Supersedes,
    ClassifiedAs,
    AppliesIn,
    Within,
    InForceIn,
    PartOf,
    Broader,
    AddressedBy,
    NamesJurisdiction,
)
NODE_BY_LABEL: dict[str, type[Node]] = {n.LABEL: n for n in NODE_TYPES}
EDGE_BY_TYPE: dict[str, type[Edge]] = {e.TYPE: e for e in EDGE_TYPES}

GraphRecord = Node | Edge
