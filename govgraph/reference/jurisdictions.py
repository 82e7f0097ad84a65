"""Jurisdictions and their hierarchy: ISO 3166-1 countries, US states, and the EU.

The hierarchy is what makes regimes work: a document applying in DE is under the EU regime
too, because DE lies within the EU; a document applying in the US applies in California.
The data are bundled (``data/countries.csv``, ``data/subdivisions.csv``) so nothing is
fetched at run time.

Decisions (documented in ``data/REFERENCE.md``):
- The EU is a ``supranational`` jurisdiction containing its 27 member states; GB lies
  outside it (since 1 February 2020; the UK GDPR is its own regulation).
- The EEA is not modelled: the ids are ISO-3166-shaped (two letters), and the bundled EU
  acts' EEA extension (GDPR in IS, LI, NO) is recorded in notes instead.
- Subdivisions: the 50 US states and DC, enough for the state laws bundled (CCPA, the
  Colorado AI Act) and for governing-law clauses naming a state.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from govgraph.errors import UnknownNameError
from govgraph.models import Jurisdiction, Within

EU = "EU"
EU_MEMBER_STATES: frozenset[str] = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


@dataclass(frozen=True)
class JurisdictionInfo:
    code: str
    name: str
    kind: str  # supranational | country | subdivision
    parent: str | None  # the jurisdiction it lies within, if any
    aliases: tuple[str, ...] = ()


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("govgraph.reference.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def jurisdictions() -> dict[str, JurisdictionInfo]:
    """Every known jurisdiction by code, parents before children."""
    table: dict[str, JurisdictionInfo] = {
        EU: JurisdictionInfo(EU, "European Union", "supranational", None)
    }
    for row in _read_csv("countries.csv"):
        code = row["code"]
        aliases = (row["common_name"],) if row["common_name"] else ()
        parent = EU if code in EU_MEMBER_STATES else None
        table[code] = JurisdictionInfo(code, row["name"], "country", parent, aliases)
    for row in _read_csv("subdivisions.csv"):
        table[row["code"]] = JurisdictionInfo(
            row["code"], row["name"], "subdivision", row["parent"]
        )
    missing = EU_MEMBER_STATES - table.keys()
    if missing:  # the country list is bundled data: a gap is a packaging bug
        raise RuntimeError(f"countries.csv lacks EU member states {sorted(missing)}")
    return table


def jurisdiction_codes() -> frozenset[str]:
    """Codes of every known jurisdiction (validate ``--jurisdiction`` with it)."""
    return frozenset(jurisdictions())


def check_code(code: str, kind: str = "jurisdiction") -> str:
    """The canonical (upper-case) code, or ``UnknownNameError`` listing close matches."""
    canonical = code.strip().upper()
    if canonical not in jurisdictions():
        raise UnknownNameError(kind, code, sorted(jurisdictions()))
    return canonical


def ancestors(code: str) -> tuple[str, ...]:
    """The jurisdictions a code lies within, nearest first: DE -> (EU,), US-CA -> (US,)."""
    table = jurisdictions()
    chain: list[str] = []
    parent = table[check_code(code)].parent
    while parent is not None:
        chain.append(parent)
        parent = table[parent].parent
    return tuple(chain)


def descendants(code: str) -> frozenset[str]:
    """The jurisdictions lying (transitively) within a code: EU -> {AT, BE, ..., SE}."""
    code = check_code(code)
    return frozenset(c for c in jurisdictions() if code in ancestors(c))


def jurisdiction_records() -> Iterator[Jurisdiction | Within]:
    """Jurisdiction nodes, then a Within edge from each to its parent."""
    table = jurisdictions()
    for info in table.values():
        yield Jurisdiction(id=info.code, name=info.name, kind=info.kind)  # type: ignore[arg-type]
    for info in table.values():
        if info.parent is not None:
            yield Within(source=info.code, target=info.parent)
