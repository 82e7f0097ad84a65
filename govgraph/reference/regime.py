"""Regimes: a jurisdiction, the documents that fall under it, and the acts applying there.

Coverage runs both ways along the hierarchy, because a document's jurisdiction is where it
applies and law applies downwards:

- regime EU covers documents applying in the EU and in each member state (DE, FR, ...);
- regime DE covers documents applying in DE *and* EU-wide documents, since a document
  applying in the whole EU applies in Germany too;
- regime US covers US-wide and state documents (US-CA, ...); regime US-CA covers US-CA
  documents and US-wide ones.

The regulations of a regime are those of the jurisdiction and of every jurisdiction it lies
within (regime DE: the EU acts; regime US-CA: the federal acts and the CCPA), counting only
acts whose general application date is on or before ``as_of`` and that are verified (see
``data/regulation_status.yaml``). Acts of sub-jurisdictions are not counted for the parent:
regime US does not include the CCPA, which applies in California only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from govgraph.errors import InputError
from govgraph.reference.jurisdictions import ancestors, check_code, descendants
from govgraph.reference.regulations import regulations


@dataclass(frozen=True)
class Regime:
    """The rules of one jurisdiction on one day."""

    jurisdiction: str
    as_of: date
    covered: frozenset[str]  # jurisdiction codes whose documents fall under the regime
    chain: tuple[str, ...]  # the jurisdiction and those it lies within, nearest first
    regulations: tuple[str, ...]  # regulation ids applying on as_of, in bundle order


def parse_day(value: date | str | None) -> date:
    """A date from ``YYYY-MM-DD`` (today when None); bad text is an ``InputError``."""
    if value is None:
        return date.today()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"date {value!r} is not YYYY-MM-DD") from None


def regime(code: str, as_of: date | str | None = None) -> Regime:
    """The regime of ``code`` on ``as_of`` (today by default)."""
    canonical = check_code(code, "regime")
    day = parse_day(as_of)
    chain = (canonical, *ancestors(canonical))
    covered = frozenset({*chain, *descendants(canonical)})
    in_force = tuple(
        info.id
        for info in regulations().values()
        if info.in_regimes and info.record.jurisdiction in chain and info.applies_on(day)
    )
    return Regime(canonical, day, covered, chain, in_force)
