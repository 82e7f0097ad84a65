"""Bundled regulations and articles: counts, dates, verification, provenance."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from govgraph.models import Article, InForceIn, PartOf, Regulation
from govgraph.reference.regulations import articles, regulation, regulation_records, regulations
from tests.conftest import shared_path

# Article counts as stated in the shared SOURCES.md (and counted in the CSVs).
EXPECTED_COUNTS = {
    "gdpr": 99,
    "eu-ai-act": 113,
    "eu-ai-act-consolidated-2026": 119,
    "dsa": 93,
    "dma": 54,
    "eu-data-act": 50,
    "p2b": 19,
    "cdsm": 5,
    "uk-gdpr": 120,
    "ccpa": 45,
    "coppa": 6,
    "coppa-rule": 13,
    "faa": 33,
    "colorado-ai-act": 7,
    "colorado-admt-2026": 9,
    "cn-genai-measures": 24,
    "lgpd": 80,
    "uctd": 0,
    "uk-dpa-2018": 0,
    "uk-osa-2023": 0,
}


@pytest.mark.parametrize(("rid", "count"), EXPECTED_COUNTS.items())
def test_article_counts(rid: str, count: int) -> None:
    assert len(articles()[rid]) == count


def test_every_bundled_regulation_is_counted() -> None:
    assert set(regulations()) == set(EXPECTED_COUNTS)


def test_article_numbers_stay_text() -> None:
    ccpa = articles()["ccpa"]
    assert "1798.100" in ccpa and "1798.199.100" in ccpa
    assert "55-A" in articles()["lgpd"]
    assert "12A" in articles()["uk-gdpr"]
    assert articles()["gdpr"]["8"].title.startswith("Conditions applicable to child")
    assert articles()["gdpr"]["8"].url.endswith("CELEX:32016R0679#art_8")


@pytest.mark.parametrize(
    ("rid", "applies"),
    [
        ("gdpr", "2018-05-25"),
        ("eu-ai-act", "2026-08-02"),
        ("dsa", "2024-02-17"),
        ("dma", "2023-05-02"),
        ("eu-data-act", "2025-09-12"),
        ("p2b", "2020-07-12"),
        ("cdsm", "2021-06-07"),
        ("uk-gdpr", "2021-01-01"),
        ("cn-genai-measures", "2023-08-15"),
        ("lgpd", "2020-09-18"),
        ("colorado-ai-act", "2026-06-30"),
    ],
)
def test_application_dates(rid: str, applies: str) -> None:
    assert regulation(rid).record.applies_from == applies


def test_ai_act_note_records_staggered_application() -> None:
    note = regulation("eu-ai-act").record.note or ""
    assert "2 February 2025" in note and "2 August 2025" in note and "2 August 2027" in note


def test_unverified_sources_are_marked_and_kept_out_of_regimes() -> None:
    for rid in ("eu-ai-act-consolidated-2026", "colorado-admt-2026"):
        info = regulation(rid)
        assert info.record.verified is False
        assert info.in_regimes is False
        assert "UNVERIFIED" in (info.record.note or "")
    assert regulation("eu-ai-act").record.verified is True


def test_identifiers_and_licences() -> None:
    gdpr = regulation("gdpr").record
    assert gdpr.identifier == "32016R0679"
    assert gdpr.eli == "http://data.europa.eu/eli/reg/2016/679/oj"
    assert gdpr.url == "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016R0679"
    assert gdpr.adopted == "2016-04-27" and gdpr.in_force == "2016-05-24"
    assert regulation("ccpa").record.jurisdiction == "US-CA"
    assert regulation("ccpa").record.eli is None
    for info in regulations().values():
        assert info.licence, f"{info.id} has no licence"
        assert info.record.source, f"{info.id} has no source"


def test_records_are_consistent() -> None:
    records = list(regulation_records())
    regs = {r.id for r in records if isinstance(r, Regulation)}
    arts = {r.id for r in records if isinstance(r, Article)}
    part_of = [r for r in records if isinstance(r, PartOf)]
    assert len(part_of) == len(arts) == sum(EXPECTED_COUNTS.values())
    assert all(p.source in arts and p.target in regs for p in part_of)
    in_force = {r.source: r for r in records if isinstance(r, InForceIn)}
    assert "eu-ai-act-consolidated-2026" not in in_force
    assert in_force["gdpr"].target == "EU" and in_force["gdpr"].since == "2018-05-25"
    assert in_force["ccpa"].target == "US-CA"


def test_applies_on_uses_the_application_date() -> None:
    ai_act = regulation("eu-ai-act")
    assert not ai_act.applies_on(date(2026, 8, 1))
    assert ai_act.applies_on(date(2026, 8, 2))


def test_bundled_copy_matches_shared_data() -> None:
    """The package's CSVs are verbatim copies of ../shared/data/regulations."""
    from importlib import resources

    shared = shared_path("data", "regulations")
    bundled = resources.files("govgraph.reference.data").joinpath("regulations")
    for source in sorted(shared.glob("*.csv")):
        assert bundled.joinpath(source.name).read_text("utf-8") == source.read_text("utf-8")
    rows = list(csv.DictReader((shared / "gdpr.csv").read_text("utf-8").splitlines()))
    assert len(rows) == len(articles()["gdpr"])


def test_data_folders_are_packages_so_wheels_ship_them() -> None:
    """setuptools' package-data globs only reach files of packages: each folder needs one."""
    from pathlib import Path

    import govgraph.reference

    data = Path(govgraph.reference.__file__).parent / "data"
    for folder in (data, data / "regulations"):
        assert (folder / "__init__.py").is_file(), folder
