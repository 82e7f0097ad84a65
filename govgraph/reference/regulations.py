"""The bundled regulations and their articles, as graph records.

``data/regulations/`` is a verbatim copy of the shared reference data (one CSV per act,
``regulations.csv`` for the acts, ``SOURCES.md`` for provenance); ``data/
regulation_status.yaml`` adds what a regime needs and the CSVs lack: the date each act
applies from, whether it is verified, whether regimes count it, its licence and a note.
Keeping the copy verbatim means a diff against the shared data shows any drift.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import yaml

from govgraph.errors import UnknownNameError
from govgraph.ids import article_id
from govgraph.models import Article, InForceIn, PartOf, Regulation

_DATA = "govgraph.reference.data"


@dataclass(frozen=True)
class RegulationInfo:
    """One act with its application status (``record`` is the graph node)."""

    record: Regulation
    in_regimes: bool
    licence: str

    @property
    def id(self) -> str:
        return self.record.id

    def applies_on(self, day: date) -> bool:
        """Whether the act applies on ``day`` (by its general application date)."""
        start = self.record.applies_from
        return start is not None and date.fromisoformat(start) <= day


def _text(*parts: str) -> str:
    return resources.files(_DATA).joinpath(*parts).read_text("utf-8")


def _optional(value: str) -> str | None:
    value = value.strip()
    return value or None


def _status() -> dict[str, dict[str, object]]:
    return yaml.safe_load(_text("regulation_status.yaml"))


@cache
def regulations() -> dict[str, RegulationInfo]:
    """Every bundled act by id, in the order of ``regulations.csv``."""
    status = _status()
    table: dict[str, RegulationInfo] = {}
    for row in csv.DictReader(_text("regulations", "regulations.csv").splitlines()):
        rid = row["id"]
        extra = status.get(rid)
        if extra is None:  # bundled data out of step: a packaging bug, not user input
            raise RuntimeError(f"regulation_status.yaml has no entry for {rid!r}")
        official = row["eli_or_official_url"].strip()
        is_eli = official.startswith("http://data.europa.eu/eli/")
        celex = row["celex_or_citation"].strip()
        url = (
            f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex.split()[0]}"
            if is_eli
            else official
        )
        verified = bool(extra["verified"])
        licence = str(extra.get("licence", ""))
        note = " ".join(str(extra.get("note", "")).split())
        record = Regulation(
            id=rid,
            short_name=row["short_name"],
            title=row["full_title"],
            jurisdiction=row["jurisdiction"],
            instrument_type=row["instrument_type"],
            identifier=_optional(celex),
            eli=official if is_eli else None,
            url=url or None,
            adopted=_optional(row["date_adopted"]),
            in_force=_optional(row["date_in_force"]),
            applies_from=extra.get("applies_from"),
            verified=verified,
            note=(note + (f" Licence: {licence}." if licence else "")).strip() or None,
            source=_optional(row["source"]),
        )
        table[rid] = RegulationInfo(record, bool(extra.get("in_regimes", verified)), licence)
    return table


def regulation(rid: str) -> RegulationInfo:
    """One act by id, or ``UnknownNameError`` listing close matches."""
    table = regulations()
    if rid not in table:
        raise UnknownNameError("regulation", rid, list(table))
    return table[rid]


@cache
def articles() -> dict[str, dict[str, Article]]:
    """Articles by regulation id, then by number (as text: "8", "1798.100", "55-A")."""
    table: dict[str, dict[str, Article]] = {}
    files = resources.files(_DATA).joinpath("regulations")
    for rid in regulations():
        source = files.joinpath(f"{rid}.csv")
        if not source.is_file():
            table[rid] = {}  # acts bundled without an article list (see SOURCES.md)
            continue
        numbered: dict[str, Article] = {}
        for row in csv.DictReader(source.read_text("utf-8").splitlines()):
            if row["regulation_id"] != rid:
                raise RuntimeError(f"{rid}.csv has a row of {row['regulation_id']!r}")
            number = row["article"].strip()
            numbered[number] = Article(
                id=article_id(rid, number),
                regulation=rid,
                number=number,
                title=row["title"].strip(),
                chapter=row["chapter"].strip(),
                url=_optional(row["url"]),
            )
        table[rid] = numbered
    return table


def regulation_records() -> Iterator[Regulation | Article | PartOf | InForceIn]:
    """Regulation and Article nodes, PartOf edges, and InForceIn edges (since = application).

    Acts left out of regimes (unverified) get no InForceIn edge, so a Cypher query over
    IN_FORCE_IN agrees with ``regime()``; they stay citable as nodes.
    """
    for info in regulations().values():
        yield info.record
    for numbered in articles().values():
        yield from numbered.values()
    for rid, numbered in articles().items():
        for article in numbered.values():
            yield PartOf(source=article.id, target=rid)
    for info in regulations().values():
        if not info.in_regimes:
            continue
        yield InForceIn(
            source=info.id, target=info.record.jurisdiction, since=info.record.applies_from
        )
