"""Subscriptions: which change summaries a reader wants to be told about.

A TOML file either holds one subscription at its top level::

    platforms = ["ChatGPT", "Claude.ai"]        # any platform when absent
    categories = ["ai-training-restriction"]    # category or group ids; any when absent
    regimes = ["EU"]                            # documents under these regimes; any when absent
    min_severity = "medium"                     # low | medium | high; "low" when absent

or several as ``[[subscription]]`` tables (each may have a ``name``); a summary is
reported when it matches any of them. Without a file, everything is reported.

Matching: a platform matches case- and punctuation-insensitively ("claude-ai" is
"Claude.ai"); a category matches when the change touched it (a changed clause is
classified in it, or the document gained or lost it); a regime matches when the
document's jurisdiction falls under it (regime EU covers EU-wide and member-state
documents, regime DE covers German and EU-wide ones: ``govgraph.reference.regime``).

Every mistake is named: the file, the key and the value (an unknown category or regime is
an ``UnknownNameError`` with close matches).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govgraph.categories import scheme
from govgraph.errors import InputError, UnknownNameError
from govgraph.ids import slugify
from govgraph.monitor.events import SEVERITIES, ChangeSummary

KEYS = ("name", "platforms", "categories", "regimes", "min_severity")


@dataclass(frozen=True)
class Subscription:
    """One set of interests; an empty tuple means "any"."""

    name: str = "everything"
    platforms: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # expanded to category ids
    regimes: tuple[str, ...] = ()
    covered: frozenset[str] = frozenset()  # jurisdictions under the regimes
    min_severity: str = "low"

    def matches(self, summary: ChangeSummary) -> bool:
        if self.platforms and slugify(summary.platform) not in {slugify(p) for p in self.platforms}:
            return False
        if self.categories and not set(self.categories) & set(summary.categories):
            return False
        if self.regimes and summary.jurisdiction not in self.covered:
            return False
        return SEVERITIES.index(summary.severity) >= SEVERITIES.index(self.min_severity)


@dataclass(frozen=True)
class Subscriptions:
    """Several subscriptions: a summary is wanted if any of them matches."""

    items: tuple[Subscription, ...] = (Subscription(),)
    source: str = "(everything)"

    def wanted(self, summaries: Iterable[ChangeSummary]) -> list[ChangeSummary]:
        return [s for s in summaries if any(sub.matches(s) for sub in self.items)]

    def platforms(self) -> set[str]:
        return {p for sub in self.items for p in sub.platforms}


def everything() -> Subscriptions:
    return Subscriptions()


def load_subscriptions(path: Path | str) -> Subscriptions:
    """Read and validate a subscriptions TOML file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"subscriptions file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read subscriptions file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"subscriptions file {path} is not valid TOML: {exc}") from None
    return parse_subscriptions(raw, str(path))


def parse_subscriptions(raw: dict[str, Any], where: str = "subscriptions") -> Subscriptions:
    """Subscriptions from parsed TOML: top-level keys, or ``[[subscription]]`` tables."""
    tables = raw.get("subscription")
    if tables is not None:
        extra = sorted(set(raw) - {"subscription"})
        if extra:
            raise InputError(
                f"{where}: key {extra[0]!r} sits beside [[subscription]] tables; "
                "put it inside one of them"
            )
        if not isinstance(tables, list) or not tables:
            raise InputError(f"{where}: 'subscription' must be [[subscription]] tables")
        items = tuple(
            _one(t, f"{where}: subscription {n}", f"subscription {n}")
            for n, t in enumerate(tables, start=1)
        )
    else:
        items = (_one(raw, where, "subscription"),)
    return Subscriptions(items, where)


def _one(table: Any, where: str, default_name: str) -> Subscription:
    if not isinstance(table, dict):
        raise InputError(f"{where}: a subscription must be a table of keys")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise UnknownNameError(f"key in {where}:", unknown[0], KEYS)
    name = table.get("name", default_name)
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: name must be a non-empty string, not {name!r}")
    platforms = _strings(table, "platforms", where)
    categories: list[str] = []
    for value in _strings(table, "categories", where):
        try:
            categories.extend(scheme().expand(value))
        except UnknownNameError:
            raise UnknownNameError(f"category in {where}:", value, _known_categories()) from None
    regimes, covered = [], set()
    for value in _strings(table, "regimes", where):
        from govgraph.reference import jurisdiction_codes, regime

        try:
            rules = regime(value)
        except UnknownNameError:
            known = sorted(jurisdiction_codes())
            raise UnknownNameError(f"regime in {where}:", value, known) from None
        regimes.append(rules.jurisdiction)
        covered |= rules.covered
    severity = table.get("min_severity", "low")
    if severity not in SEVERITIES:
        raise InputError(
            f"{where}: min_severity {severity!r} is not one of {', '.join(SEVERITIES)}"
        )
    return Subscription(
        name=name,
        platforms=tuple(platforms),
        categories=tuple(dict.fromkeys(categories)),
        regimes=tuple(regimes),
        covered=frozenset(covered),
        min_severity=severity,
    )


def _known_categories() -> list[str]:
    known = scheme()
    return [*known.categories, *known.groups]


def _strings(table: dict[str, Any], key: str, where: str) -> list[str]:
    """A list of non-empty strings (a single string is accepted as a list of one)."""
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"{where}: {key} must be a list of names, not {value!r}")
    return [v.strip() for v in value]
