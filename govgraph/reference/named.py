"""placeholder"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NamedJurisdiction:
    code: str
    role: str
    evidence: str


def named_jurisdictions(text: str) -> list[NamedJurisdiction]:
    return []
