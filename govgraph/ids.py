"""Deterministic identifiers.

Ids are derived from content and names only, so loading the same source twice yields the
same ids, and any backend can MERGE on them. Instance IRIs are built from these ids
(``govgraph.ontology.namespaces``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
_WS = re.compile(r"\s+")
# Markdown emphasis, link and list punctuation that changes presentation, not wording.
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_FORMAT = re.compile(r"(\*\*|__|\*|_|`|~~)")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u2063]")


def slugify(name: str) -> str:
    """Lower-case ASCII slug: 'Claude.ai' -> 'claude-ai', 'Terms of Service' -> 'terms-of-service'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = _SLUG_STRIP.sub("-", ascii_name.lower()).strip("-")
    if not slug:
        slug = "x" + hashlib.sha256(name.encode()).hexdigest()[:10]
    return slug


def normalise_text(text: str) -> str:
    """The wording of a clause without its formatting.

    Two clauses that differ only in whitespace, Markdown emphasis, link targets or
    invisible characters normalise to the same string, so a re-rendered document does
    not count as a change.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_FORMAT.sub("", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return _WS.sub(" ", text).strip()


def short_hash(*parts: str, length: int = 16) -> str:
    """Hex digest of the parts joined by a separator that cannot appear in them."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def platform_id(name: str) -> str:
    return slugify(name)


def document_id(platform: str, terms_type: str, jurisdiction: str) -> str:
    """One document = one platform's terms of one type in one jurisdiction."""
    return f"{slugify(platform)}/{slugify(terms_type)}/{jurisdiction}"


def format_time(moment: datetime) -> str:
    """UTC ISO 8601 with a Z, to the second: the one time format of the graph.

    Strings in this format sort in time order, so every backend compares them as text.
    """
    if moment.tzinfo is None:
        raise ValueError(f"time {moment.isoformat()} has no time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def version_id(document: str, recorded_at: datetime) -> str:
    return f"{document}@{format_time(recorded_at)}"


def clause_id(document: str, normalised: str) -> str:
    """A clause is its normalised wording within one document."""
    return "c-" + short_hash(document, normalised)


def containment_id(document: str, clause: str, since: str) -> str:
    """One interval during which a document contains a clause."""
    return "i-" + short_hash(document, clause, since)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(regulation: str, number: str) -> str:
    return f"{regulation}/{number}"
