"""The shipped .grass style, read the way Neo4j Browser 5 reads it."""

from __future__ import annotations

import re

import pytest

from govgraph.browser.style import (
    caption_fields,
    check_style,
    grass_text,
    inline_style_command,
    parse_grass,
)
from govgraph.errors import InputError
from govgraph.models import EDGE_TYPES, NODE_TYPES


def test_every_label_and_type_is_styled_with_real_captions() -> None:
    rules = parse_grass(grass_text())
    check_style(rules)  # raises on a missing kind, caption or colour
    for node in NODE_TYPES:
        rule = rules[f"node.{node.LABEL}"]
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"]), node.LABEL
        assert all(f in node.model_fields for f in caption_fields(rule["caption"]))
    for edge in EDGE_TYPES:
        assert rules[f"relationship.{edge.TYPE}"]["caption"] == "<type>"


def test_captions_a_person_reads() -> None:
    rules = parse_grass(grass_text())
    assert rules["node.Platform"]["caption"] == "{name}"
    assert caption_fields(rules["node.Document"]["caption"]) == ["terms_type", "jurisdiction"]
    assert caption_fields(rules["node.Clause"]["caption"]) == ["text"]
    assert caption_fields(rules["node.Category"]["caption"]) == ["label"]
    assert "title" in caption_fields(rules["node.Article"]["caption"])


def test_node_colours_are_the_okabe_ito_palette_one_per_label() -> None:
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
                 "#000000", "#999999"}  # fmt: skip
    rules = parse_grass(grass_text())
    colours = [rules[f"node.{n.LABEL}"]["color"] for n in NODE_TYPES]
    assert set(colours) == okabe_ito
    assert len(colours) == len(set(colours))


def test_inline_command_parses_to_the_same_rules() -> None:
    command = inline_style_command()
    assert command.startswith(":style ") and "\n" not in command
    assert parse_grass(command.removeprefix(":style ")) == parse_grass(grass_text())


def _without(rules: dict, key: str) -> dict:
    return {k: v for k, v in rules.items() if k != key}


def test_check_style_names_what_is_missing() -> None:
    rules = parse_grass(grass_text())
    with pytest.raises(InputError, match="label Clause"):
        check_style(_without(rules, "node.Clause"))
    with pytest.raises(InputError, match="relationship type SUPERSEDES"):
        check_style(_without(rules, "relationship.SUPERSEDES"))
    bad = {**rules, "node.Platform": {**rules["node.Platform"], "caption": "{title}"}}
    with pytest.raises(InputError, match="names title, not properties of Platform"):
        check_style(bad)
    same = {**rules, "node.Source": {**rules["node.Source"], "color": "#E69F00"}}
    with pytest.raises(InputError, match="own colour"):
        check_style(same)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("node { color: #fff;", "ends inside"),
        ("node { a { b } }", "inside the rule"),
        ("} node {}", "without a rule"),
        ("node.X { caption: a:b; }", "is not 'key: value'"),
    ],
)
def test_bad_grass_is_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_grass(text, "my.grass")


def test_quotes_keep_braces_as_in_browser() -> None:
    rules = parse_grass('node.A { caption: "{x} ({y})"; color: #123456; }')
    assert rules == {"node.A": {"caption": "{x} ({y})", "color": "#123456"}}
