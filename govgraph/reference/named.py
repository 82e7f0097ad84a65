"""Jurisdictions named by governing-law and forum-selection clauses.

"These Terms are governed by the laws of the State of California" names US-CA as governing
law; "the courts of Ireland" names IE as forum. The resolver is a gazetteer (country names
and aliases, US states, a few court cities and counties, adjectives such as "Irish law") plus
a role rule: a place counts only if a law cue ("laws of", "governed by") or a court cue
("courts", "venue", "exclusive jurisdiction") comes shortly before it in the same sentence,
or directly after it ("Irish law", "California courts"). A law cue also needs the text to
say something governs or applies, so "not equivalent to the laws of Brazil" in a privacy
notice is not a choice of law. Relative phrases ("the laws of the country in which you
reside") name no fixed jurisdiction and yield nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from govgraph.reference.jurisdictions import jurisdictions

Role = Literal["governing-law", "forum"]


@dataclass(frozen=True)
class NamedJurisdiction:
    code: str
    role: Role
    evidence: str  # the words that named it, e.g. "courts of Santa Clara County"


# Names that ISO short names do not give, and places that stand for a jurisdiction.
_ALIASES: dict[str, str] = {
    "United States of America": "US",
    "United States": "US",
    "USA": "US",
    "U S A": "US",
    "U S": "US",
    "United Kingdom": "GB",
    "UK": "GB",
    "Great Britain": "GB",
    "England and Wales": "GB",
    "England & Wales": "GB",
    "England": "GB",
    "Wales": "GB",
    "Scotland": "GB",
    "Northern Ireland": "GB",
    "London": "GB",
    "Republic of Ireland": "IE",
    "Dublin": "IE",
    "the Netherlands": "NL",
    "Holland": "NL",
    "Amsterdam": "NL",
    "Czech Republic": "CZ",
    "Korea": "KR",
    "South Korea": "KR",
    "Russia": "RU",
    "Turkey": "TR",
    "Vietnam": "VN",
    "People's Republic of China": "CN",
    "PRC": "CN",
    "mainland China": "CN",
    "Beijing": "CN",
    "Shanghai": "CN",
    "Hong Kong SAR": "HK",
    "Tokyo": "JP",
    "Paris": "FR",
    "Berlin": "DE",
    "Munich": "DE",
    "European Union": "EU",
    "EU": "EU",
    "District of Columbia": "US-DC",
    "Washington D C": "US-DC",
    "State of Washington": "US-WA",
    "Washington State": "US-WA",
    "King County": "US-WA",
    "Seattle": "US-WA",
    "Redmond": "US-WA",
    "State of Georgia": "US-GA",
    "Santa Clara County": "US-CA",
    "Santa Clara": "US-CA",
    "San Mateo County": "US-CA",
    "San Mateo": "US-CA",
    "San Francisco": "US-CA",
    "Los Angeles": "US-CA",
    "Menlo Park": "US-CA",
    "Mountain View": "US-CA",
    "Palo Alto": "US-CA",
    "Northern District of California": "US-CA",
    "Central District of California": "US-CA",
    "Southern District of California": "US-CA",
    "Northern District of Texas": "US-TX",
    "Tarrant County": "US-TX",
    "Travis County": "US-TX",
    "Wilmington": "US-DE",
    "New York County": "US-NY",
    "Manhattan": "US-NY",
    "Southern District of New York": "US-NY",
}
# Adjectives count only before "law(s)" or "court(s)": "Irish law", "English courts".
_ADJECTIVES: dict[str, str] = {
    "English": "GB",
    "British": "GB",
    "Scottish": "GB",
    "Scots": "GB",
    "Welsh": "GB",
    "Irish": "IE",
    "German": "DE",
    "French": "FR",
    "Dutch": "NL",
    "Belgian": "BE",
    "Luxembourgish": "LU",
    "Spanish": "ES",
    "Italian": "IT",
    "Swedish": "SE",
    "Danish": "DK",
    "Finnish": "FI",
    "Polish": "PL",
    "Austrian": "AT",
    "Portuguese": "PT",
    "Czech": "CZ",
    "Swiss": "CH",
    "Norwegian": "NO",
    "Japanese": "JP",
    "Korean": "KR",
    "Chinese": "CN",
    "PRC": "CN",
    "Indian": "IN",
    "Australian": "AU",
    "Canadian": "CA",
    "Brazilian": "BR",
    "Mexican": "MX",
    "Singaporean": "SG",
    "Singapore": "SG",
    "Californian": "US-CA",
    "California": "US-CA",
    "Delaware": "US-DE",
    "New York": "US-NY",
    "Texas": "US-TX",
    "Washington": "US-WA",
    "U S": "US",
    "US": "US",
    "EU": "EU",
}
_NOT_PLACES = {"Georgia", "Jersey", "Chad", "Jordan"}  # ambiguous: only via explicit aliases

_LAW_CUE = r"\blaws?\b|\bgovern(?:s|ed|ing)?\b|\bconstrued\b|\binterpreted\b"
_COURT_CUE = (
    r"\bcourts?\b|\bvenue\b|\btribunals?\b|\blitigat\w*|\bforum\b|\bjudicial district\b"
    r"|\b(?:exclusive|personal|non-exclusive)\s+jurisdiction\b|\bjurisdiction of\b"
)
_CUE = re.compile(rf"(?P<law>{_LAW_CUE})|(?P<court>{_COURT_CUE})", re.IGNORECASE)
_APPLIES = re.compile(
    r"govern|construed|interpreted|(?:shall|will|does|to|should) apply|\bapplies\b",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(r"^[’']?s?\s+(?:(?P<law>laws?\b)|(?P<court>courts?\b))", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;!?][*_]*(?=\s)|\n")
# A title-case word right after a place makes it a modifier ("Türkiye SCCs", "California
# Consumer Privacy Act"), unless it is a court word ("California Superior Court").
_MODIFIER = re.compile(r"^[’']?s?\s+(?!(?:and|or|County|State|Member|Courts?|Laws?)\b)[A-Z][a-z]+")
_COURT_WORD = re.compile(r"^\s+(?:Superior|District|Supreme|High|Circuit|Federal)\b")
_WINDOW = 220
_MAX_GAP = 80  # characters between the cue and the place ("laws of the State of California")
# Words between cue and place that mean the place is not the one chosen ("export laws ...
# embargoed countries such as Cuba", "laws of X, unless you live in Y").
_BREAKS = re.compile(
    r"export|embargo|sanction|unless|except|outside|\bif\b|resident|citizen|national of",
    re.IGNORECASE,
)


def _iso_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for info in jurisdictions().values():
        candidates = [info.name, *info.aliases]
        if ", " in info.name:  # "Korea, Republic of" -> "Republic of Korea"
            head, tail = info.name.split(", ", 1)
            candidates.append(f"{tail} {head}")
        for name in candidates:
            if name and name not in _NOT_PLACES:
                names.setdefault(name, info.code)
        if info.kind == "subdivision" and info.name not in _NOT_PLACES:
            names.setdefault(f"State of {info.name}", info.code)
    return names


@cache
def _gazetteer() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str], dict[str, str]]:
    places = {**_iso_names(), **_ALIASES}
    folded = {k.casefold(): v for k, v in places.items()}
    adjectives = {k.casefold(): v for k, v in _ADJECTIVES.items()}

    def alternation(keys: list[str]) -> str:
        return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))

    place_re = re.compile(
        rf"(?<![\w-])(?P<name>{alternation(list(places))})(?![\w-])", re.IGNORECASE
    )
    adjective_re = re.compile(
        rf"(?<![\w-])(?P<name>{alternation(list(_ADJECTIVES))})(?:\s+(?:and|or)\s+\w+)?"
        r"\s+(?:(?P<law>(?:substantive\s+)?laws?\b)|(?P<court>courts?\b))",
        re.IGNORECASE,
    )
    return place_re, adjective_re, folded, adjectives


def _normalise(text: str) -> str:
    """Same-length copy without dots that break sentences ("U.S." -> "U S ")."""
    text = re.sub(r"\bU\.S\.A\.", "U S A ", text)
    text = re.sub(r"\bU\.S\.", "U S ", text)
    text = re.sub(r"\bD\.C\.", "D C ", text)
    return re.sub(r"\bWashington,\s(?=D C)", lambda m: "Washington" + " " * (len(m[0]) - 10), text)


def _role_before(text: str, start: int) -> tuple[Role, int] | None:
    """The kind of the last law or court cue before ``start`` in the same sentence."""
    window_start = max(0, start - _WINDOW)
    window = text[window_start:start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window_start += ends[-1].end()
        window = text[window_start:start]
    last = None
    for cue in _CUE.finditer(window):
        last = cue
    if last is None or len(window) - last.end() > _MAX_GAP:
        return None
    if _BREAKS.search(window[last.end() :]):
        return None
    return ("governing-law" if last.group("law") else "forum"), window_start + last.start()


def named_jurisdictions(text: str) -> list[NamedJurisdiction]:
    """Jurisdictions a governing-law or forum clause names, with their role, in text order.

    One entry per (code, role); "the laws of the State of California" -> US-CA governing-law;
    "the courts of Ireland" -> IE forum; relative phrases ("where you live") -> nothing.
    """
    work = _normalise(text)
    if not _CUE.search(work):  # no law or court cue: nothing can be named (and it is fast)
        return []
    place_re, adjective_re, places, adjectives = _gazetteer()
    applies = bool(_APPLIES.search(work))
    found: list[tuple[int, NamedJurisdiction]] = []

    def add(position: int, code: str, role: Role, cue_start: int, end: int) -> None:
        if role == "governing-law" and not applies:
            return
        evidence = " ".join(text[cue_start:end].split())
        found.append((position, NamedJurisdiction(code, role, evidence)))

    for match in adjective_re.finditer(work):
        if match.group("name").islower():  # "us law", not "US law"
            continue
        code = adjectives[match.group("name").casefold()]
        add(
            match.start(),
            code,
            "governing-law" if match.group("law") else "forum",
            match.start(),
            match.end(),
        )
    for match in place_re.finditer(work):
        name = match.group("name")
        code = places.get(name.casefold())
        if code is None or name.islower():
            continue
        rest = work[match.end() :]
        if _COURT_WORD.match(rest):
            add(match.start("name"), code, "forum", match.start("name"), match.end())
            continue
        if _MODIFIER.match(rest):
            continue
        following = _FOLLOWING.match(rest)
        if following:
            role: Role = "governing-law" if following.group("law") else "forum"
            add(match.start("name"), code, role, match.start("name"), match.end() + following.end())
            continue
        before = _role_before(work, match.start())
        if before is not None:
            add(match.start("name"), code, before[0], before[1], match.end())
    found.sort(key=lambda item: item[0])
    seen: set[tuple[str, str]] = set()
    result: list[NamedJurisdiction] = []
    for _, named in found:
        if (named.code, named.role) not in seen:
            seen.add((named.code, named.role))
            result.append(named)
    return result
