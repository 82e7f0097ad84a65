"""Jurisdictions, the hierarchy, and regimes."""

from __future__ import annotations

from datetime import date

import pytest

from govgraph.errors import InputError, UnknownNameError
from govgraph.models import Jurisdiction, Within
from govgraph.reference import jurisdiction_codes, regime
from govgraph.reference.jurisdictions import (
    EU_MEMBER_STATES,
    ancestors,
    descendants,
    jurisdiction_records,
)


def test_all_iso_countries_and_needed_subdivisions() -> None:
    codes = jurisdiction_codes()
    countries = {c for c in codes if len(c) == 2 and c != "EU"}
    assert len(countries) == 249  # ISO 3166-1 alpha-2 assignments
    assert {"US-CA", "US-CO", "US-NY", "US-TX", "US-DE", "US-WA", "US-VA", "US-UT"} <= codes
    assert "EU" in codes and "GB" in codes


def test_hierarchy() -> None:
    assert len(EU_MEMBER_STATES) == 27
    assert ancestors("DE") == ("EU",)
    assert ancestors("US-CA") == ("US",)
    assert ancestors("GB") == ()  # outside the EU
    assert descendants("EU") == EU_MEMBER_STATES
    assert "US-CA" in descendants("US") and "GB" not in descendants("EU")


def test_records() -> None:
    records = list(jurisdiction_records())
    nodes = {r.id: r for r in records if isinstance(r, Jurisdiction)}
    within = {(r.source, r.target) for r in records if isinstance(r, Within)}
    assert nodes["EU"].kind == "supranational"
    assert nodes["DE"].kind == "country" and nodes["US-CA"].kind == "subdivision"
    assert ("DE", "EU") in within and ("US-CA", "US") in within
    assert not any(s == "GB" for s, _ in within)


def test_regime_eu_covers_member_states() -> None:
    eu = regime("EU", "2026-11-01")
    assert {"EU", "DE", "FR", "IE"} <= eu.covered
    assert "GB" not in eu.covered and "US" not in eu.covered
    assert {"gdpr", "eu-ai-act", "dsa", "dma", "eu-data-act", "p2b", "cdsm"} <= set(eu.regulations)
    assert "uk-gdpr" not in eu.regulations
    assert "eu-ai-act-consolidated-2026" not in eu.regulations  # unverified


def test_regime_de_covers_eu_wide_documents_and_eu_law() -> None:
    de = regime("de", "2026-11-01")
    assert de.jurisdiction == "DE"
    assert de.covered == frozenset({"DE", "EU"})
    assert "gdpr" in de.regulations


def test_regime_us_covers_states_but_not_state_law() -> None:
    us = regime("US", "2026-11-01")
    assert {"US", "US-CA", "US-CO"} <= us.covered
    assert "faa" in us.regulations and "ccpa" not in us.regulations
    ca = regime("US-CA", "2026-11-01")
    assert ca.covered == frozenset({"US-CA", "US"})
    assert {"ccpa", "faa", "coppa"} <= set(ca.regulations)


def test_as_of_before_application_excludes_the_act() -> None:
    before = regime("EU", "2026-08-01")
    after = regime("EU", date(2026, 8, 2))
    assert "eu-ai-act" not in before.regulations
    assert "eu-ai-act" in after.regulations
    assert "gdpr" not in regime("EU", "2018-05-24").regulations
    assert "dsa" not in regime("EU", "2024-02-16").regulations


def test_bad_regime_and_date() -> None:
    with pytest.raises(UnknownNameError, match="did you mean"):
        regime("EUU")
    with pytest.raises(InputError, match="not YYYY-MM-DD"):
        regime("EU", "2026-02-30")
