"""Clause segmentation: identity under formatting changes, structure, offsets, robustness."""

from __future__ import annotations

import re
import time

import pytest

from govgraph.loaders.segment import clean_inline, segment
from tests.conftest import shared_path


def texts(markdown: str) -> list[str]:
    return [s.text for s in segment(markdown)]


def test_formatting_only_changes_give_identical_texts() -> None:
    before = (
        "Intro\n=====\n\n"
        "You **must** read the [Privacy Policy](https://a.example/p) before using _the_ Service.\n\n"
        '*   First item, see [terms](https://a.example/t "title").\n'
        "*   Second   item\n\n"
        "1.  Numbered one\n2.  Numbered two\n"
    )
    after = (
        "# Intro\n\n"
        "You __must__   read the [Privacy\u00a0Policy](https://b.example/other?utm=1) before\n"
        "using *the* Ser\u00advice.\u200b\n\n"
        "- First item, see [terms](https://b.example/t2).\n"
        "- Second item\n\n"
        "7. Numbered one\n8. Numbered two\n"
    )
    assert texts(before) == texts(after)
    assert texts(before) == [
        "You must read the Privacy Policy before using the Service.",
        "First item, see terms.",
        "Second item",
        "Numbered one",
        "Numbered two",
    ]


def test_wording_change_changes_text_and_quotes_are_not_folded() -> None:
    assert texts("We “may” share data.") != texts('We "may" share data.')
    assert texts("We may share data.") != texts("We will share data.")


def test_escapes_are_resolved_and_literal_characters_kept() -> None:
    assert texts(r"Price \*not\* 5\_000 \[draft\] 1\. item") == [
        "Price *not* 5_000 [draft] 1. item"
    ]
    assert clean_inline(r"snake_case_name and \_under\_") == "snake_case_name and _under_"
    assert clean_inline("a<br>b<br/>c &amp; d") == "a b c & d"


def test_headings_are_sections_not_clauses() -> None:
    md = (
        "Top\n===\n\nLead text.\n\nPart A\n------\n\nText A.\n\n### Deep *one*\n\nText deep.\n\n"
        "## Part B ##\n\nText B.\n"
    )
    segs = segment(md)
    assert [(s.section, s.text) for s in segs] == [
        ("Top", "Lead text."),
        ("Top > Part A", "Text A."),
        ("Top > Part A > Deep one", "Text deep."),
        ("Top > Part B", "Text B."),
    ]


def test_navigation_and_empty_fragments_are_not_clauses() -> None:
    md = (
        "Skip to main content\n\n[Home](/) [About](/about)\n\n![logo](/l.png)\n\n* * *\n\n"
        "---\n\n...\n\n2024\n\nBack to top\n\n([Previous version](https://x/prev))\n\n"
        "[![Logo](/l.png)\n\n![Logo white](/w.png)](https://x/)\n\n"
        "Real clause with a [link](https://x) inside.\n"
    )
    assert texts(md) == ["Real clause with a link inside."]


def test_table_rows_are_clauses_with_header_context() -> None:
    md = (
        "## Data\n\n| Purpose | Legal basis |\n| --- | :---: |\n"
        "| To provide **the** service | Contract |\n| Ads<br>*   profiling | Consent \\| interest |\n"
        "\nAfter table.\n\n|     |     |\n| --- | --- |\n| **Head A** | **Head B** |\n| a1 | b1 |\n"
    )
    segs = segment(md)
    rows = [(s.text, s.header) for s in segs if s.kind == "table-row"]
    assert rows == [
        ("To provide the service | Contract", "Purpose | Legal basis"),
        ("Ads profiling | Consent | interest", "Purpose | Legal basis"),
        ("Head A | Head B", ""),
        ("a1 | b1", ""),
    ]
    assert "After table." in texts(md)
    assert all(s.section == "Data" for s in segs)


def test_nested_lists_and_continuations() -> None:
    md = (
        "*   Parent item\n"
        "    continued lazily\n\n"
        "    Parent's second paragraph.\n\n"
        "    *   Child one\n"
        "    *   Child two\n"
        "        *   Grandchild\n"
        "*   Sibling\n\n"
        "Paragraph after the list.\n"
    )
    segs = segment(md)
    assert [(s.kind, s.text) for s in segs] == [
        ("list-item", "Parent item continued lazily Parent's second paragraph."),
        ("list-item", "Child one"),
        ("list-item", "Child two"),
        ("list-item", "Grandchild"),
        ("list-item", "Sibling"),
        ("paragraph", "Paragraph after the list."),
    ]


def test_numbered_sub_clauses_are_their_own_clauses() -> None:
    md = (
        "1.  About these Terms\n\n"
        "    a. The Platform is the set of APIs.\n\n"
        "    b. To use Platform you agree.\n\n"
        "You must not:  \n(a) copy the service;  \n(b) resell it.\n"
    )
    segs = segment(md)
    assert [(s.kind, s.text) for s in segs] == [
        ("list-item", "About these Terms"),
        ("sub-clause", "a. The Platform is the set of APIs."),
        ("sub-clause", "b. To use Platform you agree."),
        ("paragraph", "You must not:"),
        ("sub-clause", "(a) copy the service;"),
        ("sub-clause", "(b) resell it."),
    ]


def test_quotes_duplicates_and_line_endings() -> None:
    md = "> Quoted **terms** here.\n> Still quoted.\n\nSame.\n\nSame.\n"
    segs = segment(md)
    assert [(s.kind, s.text) for s in segs] == [
        ("quote", "Quoted terms here. Still quoted."),
        ("paragraph", "Same."),
        ("paragraph", "Same."),
    ]
    assert texts(md.replace("\n", "\r\n")) == texts(md) == texts(md.replace("\n", "\r"))


def test_offsets_cover_the_unit() -> None:
    md = "# H\n\nFirst para\nline two.\n\n*   item **one**\n\n| a | b |\n|---|---|\n| c | d |\n"
    segs = segment(md)
    slices = [md[s.start : s.end] for s in segs]
    assert slices == ["First para\nline two.", "*   item **one**", "| c | d |"]


def _words_in_order(text: str, source: str) -> bool:
    want = re.findall(r"[^\W_]+", text)
    have = iter(re.findall(r"[^\W_]+", source))
    return all(any(w == h for h in have) for w in want)


def test_offsets_on_real_documents() -> None:
    root = shared_path("data", "ota")
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "genai-eu"
        subprocess.run(
            ["git", "clone", "-q", str(root / "genai-eu" / "versions.bundle"), str(clone)],
            check=True,
        )
        files = sorted(clone.glob("*/*.md"))
        assert len(files) > 50
        total = 0
        for path in files:
            md = path.read_text(encoding="utf-8")
            segs = segment(md)
            total += len(segs)
            starts = [s.start for s in segs]
            assert starts == sorted(starts)
            for s in segs:
                assert 0 <= s.start < s.end <= len(md)
                assert _words_in_order(s.text, clean_inline(md[s.start : s.end])), (path, s)
                assert s.text == " ".join(s.text.split()) and s.text
        assert total > 5000


@pytest.mark.parametrize(
    "hostile",
    [
        "x" * 5_000_000,
        "[" * 200_000 + "](" * 200_000,
        "*" * 1_000_000,
        ">" * 100_000 + " deep quote",
        "\n".join(" " * (2 * i) + "* item" for i in range(5_000)),
        "\n".join("| a | b |" if i else "| h |\n|---|" for i in range(50_000)),
        "_" * 300_000 + "a" + "_" * 300_000,
        "a" + "\\" * 500_000,
        "#" * 10_000 + " not a heading",
    ],
)
def test_hostile_input_is_linear_and_does_not_crash(hostile: str) -> None:
    started = time.perf_counter()
    segs = segment(hostile)
    assert time.perf_counter() - started < 5
    for s in segs:
        assert 0 <= s.start <= s.end <= len(hostile)


def test_deep_list_nesting_gives_one_clause_per_item() -> None:
    md = "\n".join(" " * (4 * i) + "* item" for i in range(3_000))
    assert len(segment(md)) == 3_000
