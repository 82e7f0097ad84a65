"""The regulatory mapping: which articles bear on each provision category, and how.

The bundled mapping is ``data/mapping.yaml``; analysts' files use the same format and are
validated the same way (``load_mapping_file``). The YAML is read node by node (``yaml.compose``)
rather than with ``safe_load``, for two reasons: every error can name the line it is on, and
article numbers stay text exactly as written (``1798.100`` is not turned into a float).

Format::

    categories:
      minimum-age:                      # a category id (not a group)
        - regulation: gdpr              # a bundled regulation id
          article: "8"                  # or  articles: ["15", "16"]  (shared rationale)
          kind: restricts               # one of KINDS
          rationale: One or two sentences citing the article.
        - regime: US                    # no counterpart in a regime: say so explicitly
          kind: none
          rationale: Why nothing in the bundled US acts bears on it.

A link is identified by (category, article): a second link for the same pair in one file is
an error; a link in an analyst's file replaces the bundled one when written to a store.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from govgraph.categories import scheme
from govgraph.errors import InputError
from govgraph.ids import article_id
from govgraph.models import AddressedBy
from govgraph.reference.jurisdictions import jurisdictions
from govgraph.reference.regulations import articles, regulations

KINDS: dict[str, str] = {
    "restricts": "the article restricts or conditions what the clause does "
    "(a prohibition, a lawful-basis or fairness condition, a limit)",
    "requires": "the article obliges the provider to do what the clause describes, or "
    "something the clause serves (e.g. label AI output, protect a model against attacks)",
    "requires-information": "the article requires information to be given about "
    "what the clause does, or requires it to be stated in the terms",
    "grants-right": "the article gives users a right that the clause affects, limits or describes",
    "permits": "the article permits or enables what the clause does, or gives the "
    "mechanism the clause uses (e.g. the text-and-data-mining opt-out)",
    "procedural": "the article governs the procedure, forum or enforcement of what "
    "the clause does (complaints, redress, courts, arbitration procedure)",
}
NONE_KIND = "none"  # a regime with no counterpart: a statement, not a link
_LINK_KEYS = {"regulation", "article", "articles", "kind", "rationale"}
_GAP_KEYS = {"regime", "kind", "rationale"}
_TOP_KEYS = {"version", "categories"}


@dataclass(frozen=True)
class MappingGap:
    """A category with no counterpart in a regime's bundled acts, and why."""

    category: str
    regime: str
    rationale: str
    line: int


@dataclass
class ParsedMapping:
    """A validated mapping file: links (with their line numbers) and explicit gaps."""

    path: str
    links: list[AddressedBy] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # edge key -> line
    gaps: list[MappingGap] = field(default_factory=list)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _close(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.5)
    return f" (did you mean: {', '.join(close)}?)" if close else ""


class _Reader:
    """Walks the composed YAML, raising ``InputError`` that name file and line."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, node: yaml.Node | int, message: str) -> InputError:
        line = node if isinstance(node, int) else _line(node)
        return InputError(f"{self.path}:{line}: {message}")

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping of keys to values")
        return node.value

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be a single value, not a list or mapping")
        return " ".join(str(node.value).split())


def _compose(text: str, path: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        context = ""
        if error.context and error.context_mark and error.context_mark.line + 1 != line:
            context = f" ({error.context} on line {error.context_mark.line + 1})"
        raise InputError(f"{path}:{line}: not valid YAML: {error.problem}{context}") from None


def parse_mapping(text: str, path: str, origin: str) -> ParsedMapping:
    """Validate mapping text; every link gets ``origin`` (``bundled`` or the file path)."""
    reader = _Reader(path)
    root = _compose(text, path)
    if root is None:
        raise InputError(f"{path}:1: the mapping file is empty (expected a 'categories:' key)")
    top = dict(
        (reader.scalar(k, "a top-level key"), (k, v)) for k, v in reader.mapping(root, "the file")
    )
    for key, (knode, _) in top.items():
        if key not in _TOP_KEYS:
            raise reader.fail(
                knode, f"unknown top-level key {key!r} (expected: categories, version)"
            )
    if "categories" not in top:
        raise reader.fail(root, "no 'categories:' key")
    parsed = ParsedMapping(path)
    known = scheme()
    for cnode, entries in reader.mapping(top["categories"][1], "'categories'"):
        category = reader.scalar(cnode, "a category id")
        if category in known.groups:
            raise reader.fail(cnode, f"{category!r} is a category group: map its member categories")
        if category not in known.categories:
            raise reader.fail(
                cnode, f"unknown category {category!r}{_close(category, known.categories)}"
            )
        if not isinstance(entries, yaml.SequenceNode):
            raise reader.fail(entries, f"category {category!r} must have a list of links")
        for entry in entries.value:
            _entry(reader, parsed, category, entry, origin)
    return parsed


def _entry(
    reader: _Reader, parsed: ParsedMapping, category: str, node: yaml.Node, origin: str
) -> None:
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for knode, vnode in reader.mapping(node, "a link"):
        fields[reader.scalar(knode, "a key")] = (knode, vnode)
    kind = reader.scalar(fields["kind"][1], "kind") if "kind" in fields else ""
    allowed = _GAP_KEYS if kind == NONE_KIND else _LINK_KEYS
    for key, (knode, _) in fields.items():
        if key not in allowed:
            raise reader.fail(
                knode,
                f"unknown key {key!r} in a {'none entry' if kind == NONE_KIND else 'link'} (allowed: {', '.join(sorted(allowed))})",
            )
    if not kind:
        raise reader.fail(
            node, f"link of {category!r} has no kind (one of: {', '.join([*KINDS, NONE_KIND])})"
        )
    if kind != NONE_KIND and kind not in KINDS:
        raise reader.fail(
            fields["kind"][1],
            f"unknown kind {kind!r}{_close(kind, KINDS)} (one of: {', '.join([*KINDS, NONE_KIND])})",
        )
    rationale = reader.scalar(fields["rationale"][1], "rationale") if "rationale" in fields else ""
    if not rationale:
        raise reader.fail(
            node, f"link of {category!r} has no rationale (one or two sentences citing the article)"
        )
    if kind == NONE_KIND:
        if "regime" not in fields:
            raise reader.fail(node, f"'none' entry of {category!r} has no regime")
        regime = reader.scalar(fields["regime"][1], "regime").upper()
        if regime not in jurisdictions():
            raise reader.fail(
                fields["regime"][1], f"unknown regime {regime!r}{_close(regime, jurisdictions())}"
            )
        parsed.gaps.append(MappingGap(category, regime, rationale, _line(node)))
        return
    if "regulation" not in fields:
        raise reader.fail(node, f"link of {category!r} has no regulation")
    rnode = fields["regulation"][1]
    rid = reader.scalar(rnode, "regulation")
    if rid not in regulations():
        raise reader.fail(rnode, f"unknown regulation {rid!r}{_close(rid, regulations())}")
    numbers = _numbers(reader, category, node, fields)
    for number, nnode in numbers:
        known_articles = articles()[rid]
        if number not in known_articles:
            hint = (
                _close(number, known_articles)
                if known_articles
                else " (no article list is bundled for it)"
            )
            raise reader.fail(nnode, f"unknown article {number!r} of regulation {rid!r}{hint}")
        link = AddressedBy(
            source=category,
            target=article_id(rid, number),
            kind=kind,
            rationale=rationale,
            origin=origin,
        )
        if link.key() in parsed.lines:
            raise reader.fail(
                nnode,
                f"{category!r} is already linked to {rid} article {number} on line {parsed.lines[link.key()]}",
            )
        parsed.links.append(link)
        parsed.lines[link.key()] = _line(nnode)


def _numbers(
    reader: _Reader, category: str, node: yaml.Node, fields: dict[str, tuple[yaml.Node, yaml.Node]]
) -> list[tuple[str, yaml.Node]]:
    if ("article" in fields) == ("articles" in fields):
        raise reader.fail(
            node, f"link of {category!r} needs exactly one of 'article' or 'articles'"
        )
    if "article" in fields:
        vnode = fields["article"][1]
        return [(reader.scalar(vnode, "article"), vnode)]
    vnode = fields["articles"][1]
    if not isinstance(vnode, yaml.SequenceNode) or not vnode.value:
        raise reader.fail(vnode, "'articles' must be a non-empty list of article numbers")
    return [(reader.scalar(item, "an article number"), item) for item in vnode.value]


def load_mapping_file(path: Path) -> list[AddressedBy]:
    """An analyst's mapping file as AddressedBy edges (origin = the path), validated.

    Unknown categories, regulations, articles or kinds, missing rationales and duplicate
    links raise ``InputError`` naming the file and line.
    """
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise InputError(f"mapping file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read mapping file {path}: {error}") from None
    return parse_mapping(text, str(path), str(path)).links


@cache
def bundled_mapping() -> ParsedMapping:
    """The package's own mapping (``data/mapping.yaml``), origin ``bundled``."""
    text = resources.files("govgraph.reference.data").joinpath("mapping.yaml").read_text("utf-8")
    return parse_mapping(text, "govgraph/reference/data/mapping.yaml", "bundled")
