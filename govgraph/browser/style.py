"""The Neo4j Browser style (``govgraph.grass``): colours, sizes and captions per kind.

Why a file and a parser: the ``.grass`` file ships in the package so that Neo4j Browser can
load it by URL (``:style http://localhost:PORT/govgraph.grass``) or pasted inline; the
parser below follows Neo4j Browser 5's own (``parseGrass``: selectors and ``key: value``
pairs, quotes only protect braces, no comments), so the tests can check what Browser will
read: a selector for every label and relationship type of ``govgraph.models``, and captions
that name properties those records really have.

Colours are the Okabe-Ito palette, distinguishable with the common colour-vision
deficiencies; each node label has its own colour, and a relationship takes the colour of
the kind it leads to (its caption names the type).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from govgraph.errors import InputError
from govgraph.models import EDGE_TYPES, NODE_TYPES

GRASS_FILE = "govgraph.grass"
_CAPTION_FIELD = re.compile(r"\{([^{}]*)\}")


@cache
def grass_text() -> str:
    """The shipped style, as Neo4j Browser reads it."""
    return resources.files("govgraph.browser").joinpath(GRASS_FILE).read_text("utf-8")


def parse_grass(text: str, origin: str = GRASS_FILE) -> dict[str, dict[str, str]]:
    """Selector -> {property: value}, read the way Neo4j Browser 5 reads a grass file.

    Raises ``InputError`` for what Browser would silently misread: unbalanced braces or
    quotes, and declarations that are not one ``key: value`` pair (Browser drops those).
    """
    rules: dict[str, dict[str, str]] = {}
    selector, body = "", ""
    in_quote = in_rule = False
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        if char in "\"'":
            in_quote = not in_quote
            continue
        if char == "{" and not in_quote:
            if in_rule:
                raise InputError(f"{origin}:{line}: '{{' inside the rule for {selector!r}")
            in_rule = True
            continue
        if char == "}" and not in_quote:
            if not in_rule:
                raise InputError(f"{origin}:{line}: '}}' without a rule")
            rules[selector] = _declarations(body, selector, origin)
            selector, body, in_rule = "", "", False
            continue
        if in_rule:
            body += char
        elif not char.isspace():
            selector += char
    if in_quote or in_rule or selector:
        raise InputError(f"{origin}: ends inside a rule, a quote or a selector ({selector!r})")
    return rules


def _declarations(body: str, selector: str, origin: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in body.split(";"):
        if not part.strip():
            continue
        pieces = part.split(":")
        if len(pieces) != 2:
            raise InputError(f"{origin}: in {selector!r}, {part.strip()!r} is not 'key: value'")
        out[pieces[0].strip()] = pieces[1].strip()
    return out


def caption_fields(caption: str) -> list[str]:
    """Property names a caption template shows (``"{terms_type} ({jurisdiction})"``)."""
    return _CAPTION_FIELD.findall(caption)


def check_style(rules: dict[str, dict[str, str]]) -> None:
    """Every label and type has a rule, a colour and a caption of real properties."""
    for node in NODE_TYPES:
        rule = rules.get(f"node.{node.LABEL}")
        if rule is None:
            raise InputError(f"{GRASS_FILE}: no style for label {node.LABEL}")
        fields = caption_fields(rule.get("caption", ""))
        if not fields:
            raise InputError(f"{GRASS_FILE}: label {node.LABEL} has no property caption")
        unknown = [f for f in fields if f not in node.model_fields]
        if unknown:
            raise InputError(
                f"{GRASS_FILE}: caption of {node.LABEL} names {', '.join(unknown)}, "
                f"not properties of {node.LABEL}"
            )
    for edge in EDGE_TYPES:
        if f"relationship.{edge.TYPE}" not in rules:
            raise InputError(f"{GRASS_FILE}: no style for relationship type {edge.TYPE}")
    colours = [rules[f"node.{n.LABEL}"].get("color") for n in NODE_TYPES]
    if None in colours or len(set(colours)) != len(colours):
        raise InputError(f"{GRASS_FILE}: every label needs its own colour")


def inline_style_command() -> str:
    """``:style`` with the whole style on one line, for pasting into the Browser editor."""
    compact = " ".join(grass_text().split())
    return f":style {compact}"
