"""Named phrase rules (``rules.yaml``): transparent, auditable category evidence.

Each rule is a regular expression whose match is the evidence span, optionally guarded
by a ``require`` pattern (must also occur in the clause, e.g. a prohibition cue) and an
``unless`` pattern (vetoes, e.g. a permission such as DeepSeek's "you may apply Outputs
to ... training other models"). Rules are compiled once; matching runs on a
length-preserving normalisation of the clause, so offsets are offsets in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from govgraph.categories import category_ids
from govgraph.errors import InputError

_MACRO = re.compile(r"<<([A-Z]+)>>")

# One character in, one character out: evidence offsets stay valid in the original text.
_NORMALISE = str.maketrans(
    {
        "*": " ",
        "_": " ",
        "`": " ",
        "#": " ",
        "\\": " ",
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
    }
)


def normalise(text: str) -> str:
    """The text rules match on: same length as ``text``, markdown noise blanked."""
    return text.translate(_NORMALISE)


@dataclass(frozen=True)
class Rule:
    """One named rule; ``match`` gives the evidence, ``require``/``unless`` guard it."""

    name: str
    category: str
    match: re.Pattern[str]
    require: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    confidence: float
    decisive: bool = False  # overrides the linear model for the categories it covers
    gate: tuple[str, ...] = ()  # lower-case substrings; the rule can only fire if one occurs
    own_gate: tuple[str, ...] = ()  # the same, for this rule alone (an expensive pattern)

    def find(self, norm: str) -> tuple[int, int] | None:
        """The evidence span of this rule in a normalised clause, or None."""
        hit = self.match.search(norm)
        if hit is None or hit.end() == hit.start():
            return None
        if self.require is not None and self.require.search(norm) is None:
            return None
        if self.unless is not None and self.unless.search(norm) is not None:
            return None
        start, end = hit.span()
        # Trim whitespace the pattern may have swallowed at either edge.
        while start < end and norm[start].isspace():
            start += 1
        while end > start and norm[end - 1].isspace():
            end -= 1
        return start, end


def _expand(pattern: str, defs: dict[str, str], where: str) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in defs:
            raise InputError(f"rules.yaml: {where} uses undefined macro <<{name}>>")
        return defs[name]

    return _MACRO.sub(repl, pattern)


def _compile(pattern: str | None, defs: dict[str, str], where: str) -> re.Pattern[str] | None:
    if not pattern:
        return None
    source = _expand(pattern, defs, where)
    try:
        # ``^`` anchors at the start of the clause (a list item's first word).
        return re.compile(source, re.IGNORECASE)
    except re.error as error:
        raise InputError(f"rules.yaml: {where}: invalid regex: {error}") from None


def parse_rules(text: str) -> tuple[int, tuple[Rule, ...]]:
    """Parse a rules file; every category and name is checked so a typo fails loudly."""
    raw = yaml.safe_load(text)
    known = set(category_ids())
    defs: dict[str, str] = {}
    for name, pattern in (raw.get("defs") or {}).items():
        defs[name] = _expand(pattern, defs, f"defs.{name}")
    gates: dict[str, list[str]] = raw.get("gates") or {}
    for category in gates:
        if category not in known:
            raise InputError(f"rules.yaml: gate for unknown category {category!r}")
    rules: list[Rule] = []
    seen: set[str] = set()
    # Equal own gates become one object, so fire_rules checks each distinct gate once.
    interned: dict[tuple[str, ...], tuple[str, ...]] = {}
    for category, entries in raw["categories"].items():
        if category not in known:
            raise InputError(f"rules.yaml: unknown category {category!r}")
        for entry in entries or []:
            name = entry["name"]
            if not name.startswith(category + ".") or name in seen:
                raise InputError(f"rules.yaml: rule name {name!r} is duplicated or misfiled")
            seen.add(name)
            match = _compile(entry["match"], defs, f"{name}.match")
            own = tuple(str(g).lower() for g in entry.get("gate") or ())
            assert match is not None
            rules.append(
                Rule(
                    name=name,
                    category=category,
                    match=match,
                    require=_compile(entry.get("require"), defs, f"{name}.require"),
                    unless=_compile(entry.get("unless"), defs, f"{name}.unless"),
                    confidence=float(entry.get("confidence", 0.8)),
                    decisive=bool(entry.get("decisive", False)),
                    gate=tuple(gates.get(category, ())),
                    own_gate=interned.setdefault(own, own),
                )
            )
    return int(raw["version"]), tuple(rules)


@cache
def load_rules() -> tuple[int, tuple[Rule, ...]]:
    """The bundled rules, compiled once per process."""
    text = resources.files("govgraph.classify").joinpath("rules.yaml").read_text("utf-8")
    return parse_rules(text)


@cache
def _grouped() -> tuple[tuple[tuple[str, ...], tuple[Rule, ...]], ...]:
    """Rules grouped by category (file order), each group behind its category's gate."""
    groups: dict[str, list[Rule]] = {}
    for rule in load_rules()[1]:
        groups.setdefault(rule.category, []).append(rule)
    return tuple((rules[0].gate, tuple(rules)) for rules in groups.values())


def fire_rules(text: str) -> list[tuple[Rule, int, int]]:
    """Every rule that fires on ``text``, in file order, with its evidence span."""
    norm = normalise(text)
    contains = norm.lower().__contains__
    fired: list[tuple[Rule, int, int]] = []
    # Several rules share one gate tuple (a category's older rules keep its narrower
    # pre-v12 gate): each distinct tuple is checked once per clause.
    seen: dict[int, bool] = {}
    for gate, rules in _grouped():
        if gate and not any(map(contains, gate)):
            continue
        for rule in rules:
            own = rule.own_gate
            if own:
                ok = seen.get(id(own))
                if ok is None:
                    ok = seen[id(own)] = any(map(contains, own))
                if not ok:
                    continue
            span = rule.find(norm)
            if span is not None:
                fired.append((rule, span[0], span[1]))
    return fired


def best_per_category(fired: list[tuple[Rule, int, int]]) -> dict[str, tuple[Rule, int, int]]:
    """The highest-confidence firing per category (the first in file order on ties)."""
    best: dict[str, tuple[Rule, int, int]] = {}
    for hit in fired:
        current = best.get(hit[0].category)
        if current is None or hit[0].confidence > current[0].confidence:
            best[hit[0].category] = hit
    return best


def apply_rules(text: str) -> dict[str, tuple[Rule, int, int]]:
    """For each category with a firing rule, its best rule and evidence span."""
    return best_per_category(fire_rules(text))
