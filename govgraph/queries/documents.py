"""Finding documents by name and reconstructing their clauses as of a date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govgraph.errors import InputError, UnknownNameError
from govgraph.graph.base import GraphStore
from govgraph.ids import slugify
from govgraph.queries.timeutil import as_of_bound


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    platform: str
    terms_type: str
    jurisdiction: str


def find_document(
    store: GraphStore, platform: str, terms_type: str, jurisdiction: str | None = None
) -> DocumentInfo:
    """The document of a platform and terms type (names matched case-insensitively)."""
    rows = store.query(
        "MATCH (d:Document) RETURN d.id, d.platform, d.terms_type, d.jurisdiction ORDER BY d.id"
    ).rows
    platforms = sorted({r[1] for r in rows})
    wanted_platform = slugify(platform)
    mine = [r for r in rows if slugify(r[1]) == wanted_platform]
    if not mine:
        raise UnknownNameError("platform", platform, platforms)
    types = sorted({r[2] for r in mine})
    mine = [r for r in mine if slugify(r[2]) == slugify(terms_type)]
    if not mine:
        raise UnknownNameError(f"terms type of {platform}", terms_type, types)
    if jurisdiction is not None:
        codes = sorted({r[3] for r in mine})
        mine = [r for r in mine if r[3] == jurisdiction.upper()]
        if not mine:
            raise UnknownNameError(f"jurisdiction of {platform} {terms_type}", jurisdiction, codes)
    if len(mine) > 1:
        codes = ", ".join(r[3] for r in mine)
        raise InputError(
            f"{platform} {terms_type} exists in several jurisdictions ({codes}): give --jurisdiction"
        )
    return DocumentInfo(*mine[0])


VERSION_AS_OF = (
    "MATCH (d:Document {id: $document})-[:HAS_VERSION]->(v:Version) "
    "WHERE v.recorded_at < $bound "
    "RETURN v.id, v.recorded_at, v.source_url, v.clause_ids "
    "ORDER BY v.recorded_at DESC LIMIT 1"
)
CLAUSES_BY_ID = (
    "UNWIND $ids AS wanted MATCH (c:Clause {id: wanted}) "
    "OPTIONAL MATCH (c)-[k:CLASSIFIED_AS]->(cat:Category) "
    "RETURN c.id, c.text, c.section, collect(cat.id) AS categories"
)


def clauses_as_of(
    store: GraphStore, document: DocumentInfo, as_of: str | None
) -> list[dict[str, Any]]:
    """The clauses of the version in force as of a date, in document order.

    Exactly the clauses that segmenting that version's text gives, duplicates included.
    """
    found = store.query(VERSION_AS_OF, {"document": document.id, "bound": as_of_bound(as_of)}).rows
    if not found:
        raise InputError(f"{document.platform} {document.terms_type} has no version as of {as_of}")
    version_id, recorded_at, source_url, clause_ids = found[0]
    clause_ids = list(clause_ids or [])
    details = {
        row[0]: row for row in store.query(CLAUSES_BY_ID, {"ids": sorted(set(clause_ids))}).rows
    }
    out = []
    for position, cid in enumerate(clause_ids, start=1):
        _, text, section, categories = details[cid]
        out.append(
            {
                "position": position,
                "clause_id": cid,
                "section": section,
                "text": text,
                "categories": sorted(c for c in categories if c),
                "platform": document.platform,
                "document": document.id,
                "version": version_id,
                "recorded_at": recorded_at,
                "source_url": source_url,
            }
        )
    return out
