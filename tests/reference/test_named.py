"""Named jurisdictions in governing-law and forum clauses, on real sentences."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from govgraph.reference import jurisdiction_codes, named_jurisdictions
from tests.conftest import shared_path


def _pairs(text: str) -> set[tuple[str, str]]:
    return {(n.code, n.role) for n in named_jurisdictions(text)}


# Sentences from the latest versions of the shared OTA collections (collection, document).
REAL = [
    (  # pga, Reddit / Terms of Service
        "To the fullest extent permitted by applicable law, any claims you bring arising out of "
        "or relating to these Terms or the Services will be governed by the laws of the State of "
        "California, without regard to its conflict of laws rules; all disputes related to these "
        "Terms or the Services will be brought solely in the federal or state courts located in "
        "San Francisco, California.",
        {("US-CA", "governing-law"), ("US-CA", "forum")},
    ),
    (  # genai-eu, ChatGPT / Terms of Service
        "**Governing law (business use)**. California law will govern these Terms except for its "
        "conflicts of laws principles. All claims arising out of or relating to these Terms will "
        "be brought exclusively in the federal or state courts of San Francisco, California.",
        {("US-CA", "governing-law"), ("US-CA", "forum")},
    ),
    (  # genai-eu, Claude.ai / Terms of Service
        "**Governing Law and Jurisdiction.** These Terms are governed by Irish law. This means "
        "that your access to and use of our Services, and any dispute or claim arising out of or "
        "in connection therewith (including non-contractual disputes or claims) will be governed "
        "by Irish law, and must be brought in a competent court in Ireland.",
        {("IE", "governing-law"), ("IE", "forum")},
    ),
    (  # genai-eu, DeepSeek / Terms of Service
        "10.1 The establishment, execution, interpretation, and resolution of disputes under these "
        "Terms shall be governed by the laws of the People's Republic of China in the mainland.",
        {("CN", "governing-law")},
    ),
    (  # genai-eu, Le Chat / Terms of Service
        "**Governing law and venue.** As an EEA consumer, you may bring claims before the courts "
        "of your country of residence and such claims shall be governed by the substantive law of "
        "your country of residence. You may also bring a claim before the competent courts of "
        "Paris, France, and French law will apply to such claims.",
        {("FR", "forum"), ("FR", "governing-law")},
    ),
    (  # pga, X / Terms of Service
        "The laws of the State of Texas, excluding its choice of law provisions, will govern these "
        "Terms and any dispute that arises between you and us.",
        {("US-TX", "governing-law")},
    ),
    (  # vlopses-us, Google Maps / Developer Terms
        "These Terms will be governed by and interpreted and enforced in accordance with the laws "
        "of the United States of America without reference to conflict of laws. Solely to the "
        "extent permitted by federal law: (A) the laws of the State of California (excluding "
        "California's conflict of laws rules) will apply in the absence of applicable federal "
        "law; and (B) any dispute arising out of or relating to these Terms or Google Maps will be "
        "litigated exclusively in the federal courts of Santa Clara County, California, and the "
        "parties consent to personal jurisdiction in those courts.",
        {("US", "governing-law"), ("US-CA", "governing-law"), ("US-CA", "forum")},
    ),
    (  # vlopses-us, TikTok / Commercial Terms
        "If you are based outside of the United States, United Kingdom, EEA Switzerland, or the "
        "Republic of Indonesia, the laws of Singapore will govern these Commercial Terms and any "
        "claims and disputes (whether contractual or otherwise) arising out of or relating to "
        "these Commercial Terms or their subject matter, except as otherwise provided in Section "
        "14.5.",
        {("SG", "governing-law")},
    ),
    (  # vlopses-us, XNXX / Terms of Service
        "You agree that the Website, the Terms of Service, your relationship with us ... shall be "
        "governed by the laws of the Czech Republic, except for the laws of the Czech Republic "
        "that govern conflict- or choice-of-law.",
        {("CZ", "governing-law")},
    ),
]

NOTHING = [
    # genai-eu, Meta AI / Terms of Service: relative, no fixed jurisdiction
    "If a claim or dispute arises out of or relates to your use of the AIs as a consumer, both "
    "you and us agree that you may resolve your individual claim or dispute against us, and we "
    "may resolve our claim or dispute against you, in any competent court in the country of "
    "your main residence that has jurisdiction over your claim or dispute, and the laws of that "
    "country will apply without regard to conflict of law provisions.",
    # pga, Reddit / Privacy Policy: a comparison of laws, not a choice of law
    "Privacy and data protection laws in these countries may not be equivalent to the laws of "
    "Brazil.",
    # genai-eu, Claude.ai / Terms of Service: export laws listing countries
    "In any manner that violates any applicable law or regulation-including, without "
    "limitation, any laws about exporting data or software to and from any countries in the "
    "European Economic Area, Switzerland, or other countries.",
    "the laws of the country in which you reside will apply",
    "",
]


@pytest.mark.parametrize(("text", "expected"), REAL)
def test_real_clauses(text: str, expected: set[tuple[str, str]]) -> None:
    assert _pairs(text) == expected


@pytest.mark.parametrize("text", NOTHING)
def test_relative_or_unrelated_text_names_nothing(text: str) -> None:
    assert named_jurisdictions(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "These Terms are governed by the laws of the State of California.",
            {("US-CA", "governing-law")},
        ),
        ("You submit to the exclusive jurisdiction of the courts of Ireland.", {("IE", "forum")}),
        ("These terms are governed by English law.", {("GB", "governing-law")}),
        ("The laws of England and Wales shall apply.", {("GB", "governing-law")}),
        ("Irish law applies to these terms.", {("IE", "governing-law")}),
        ("These Terms are governed by the laws of the Netherlands.", {("NL", "governing-law")}),
        (
            "Disputes go to the courts located in Santa Clara County, California.",
            {("US-CA", "forum")},
        ),
        (
            "Claims are brought in the federal or state courts in San Francisco.",
            {("US-CA", "forum")},
        ),
        (
            "THIS AGREEMENT IS GOVERNED BY THE LAWS OF THE STATE OF NEW YORK.",
            {("US-NY", "governing-law")},
        ),
        ("Any dispute shall be resolved by the courts of Northern Ireland.", {("GB", "forum")}),
        ("This is governed by the California Consumer Privacy Act.", set()),
    ],
)
def test_brief_examples(text: str, expected: set[tuple[str, str]]) -> None:
    assert _pairs(text) == expected


def test_codes_are_known_and_evidence_quotes_the_text() -> None:
    text = REAL[0][0]
    for named in named_jurisdictions(text):
        assert named.code in jurisdiction_codes()
        assert named.evidence and named.evidence.split()[-1].rstrip(",.") in text


@pytest.fixture(scope="module")
def genai_eu(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bundle = shared_path("data", "ota", "genai-eu", "versions.bundle")
    target = tmp_path_factory.mktemp("ota") / "genai-eu"
    subprocess.run(
        ["git", "clone", "--quiet", str(bundle), str(target)], check=True, capture_output=True
    )
    return target


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("Claude.ai/Terms of Service.md", ("IE", "governing-law")),
        ("ChatGPT/Terms of Service.md", ("US-CA", "forum")),
        ("DeepSeek/Terms of Service.md", ("CN", "governing-law")),
    ],
)
def test_latest_shared_documents(genai_eu: Path, document: str, expected: tuple[str, str]) -> None:
    text = subprocess.run(
        ["git", "-C", str(genai_eu), "show", f"HEAD:{document}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found: set[tuple[str, str]] = set()
    for paragraph in re.split(r"\n\s*\n", text):
        found |= _pairs(" ".join(paragraph.split()))
    assert expected in found
