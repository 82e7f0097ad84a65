"""Reference data: jurisdictions, regulations and articles, regimes, and the regulatory mapping.

Everything here is bundled with the package (``data/``, provenance in
``data/regulations/SOURCES.md`` and ``data/REFERENCE.md``); nothing is fetched at run time.
The public interface is what ingest and reports use; see each module for the decisions behind
it. Analysis, not legal advice.
"""

from __future__ import annotations

from collections.abc import Iterator

from govgraph.categories import scheme
from govgraph.models import Broader, Category, Edge, Node
from govgraph.reference.jurisdictions import jurisdiction_codes, jurisdiction_records
from govgraph.reference.mapping import (
    KINDS,
    MappingGap,
    bundled_mapping,
    load_mapping_file,
    parse_mapping,
)
from govgraph.reference.named import NamedJurisdiction, named_jurisdictions
from govgraph.reference.regime import Regime, regime
from govgraph.reference.regulations import regulation_records

__all__ = [
    "KINDS",
    "MappingGap",
    "NamedJurisdiction",
    "Regime",
    "bundled_mapping",
    "category_records",
    "jurisdiction_codes",
    "load_mapping_file",
    "named_jurisdictions",
    "parse_mapping",
    "reference_records",
    "regime",
]


def category_records() -> Iterator[Category | Broader]:
    """The 24 categories and 6 groups as Category nodes, with Broader edges leaf -> group."""
    known = scheme()
    for group in known.groups.values():
        yield Category(id=group.id, label=group.label, is_group=True)
    for category in known.categories.values():
        yield Category(id=category.id, label=category.label, definition=category.definition)
    for category in known.categories.values():
        yield Broader(source=category.id, target=category.group)


def reference_records() -> Iterator[Node | Edge]:
    """All bundled reference data as records, nodes of each kind before the edges using them.

    Jurisdictions + Within, Categories + Broader, Regulations + Articles + PartOf +
    InForceIn, and the bundled mapping's AddressedBy edges (origin "bundled").
    """
    yield from jurisdiction_records()
    yield from category_records()
    yield from regulation_records()
    yield from bundled_mapping().links
