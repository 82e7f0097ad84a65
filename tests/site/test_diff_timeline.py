"""The two pieces of the site computed in Python: HTML word diffs and timeline geometry."""

from __future__ import annotations

import re

from govgraph.site.data import DocumentInfo, TimelineEvent
from govgraph.site.diff import diff_html
from govgraph.site.timeline import LABEL, WIDTH, layout


def _strip(html: str, drop: str) -> str:
    html = re.sub(rf"<{drop}>.*?</{drop}>", "", html)
    html = re.sub(r"<[^>]+>", "", html).replace("removed: ", "").replace("added: ", "")
    return " ".join(html.split())


def test_diff_marks_words_and_rebuilds_both_texts() -> None:
    old = "You may not use the Output to train models."
    new = "You may not use any Output to develop or train models."
    html = str(diff_html(old, new, context=50))
    assert "<del>" in html and "<ins>" in html
    assert _strip(html, "ins") == old
    assert _strip(html, "del") == new


def test_diff_escapes_markup_in_clauses() -> None:
    html = str(diff_html("Say <b>hi</b> & go", "Say <script>x()</script> & go"))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html and "&amp;" in html


def test_diff_shortens_long_unchanged_runs() -> None:
    words = " ".join(f"w{i}" for i in range(100))
    html = str(diff_html(words + " old end", words + " new end", context=3))
    assert "…" in html and "w0 " not in html and "w99" in html


def _event(at: str, event: str, doc: str = "acme/terms-of-service/EU") -> TimelineEvent:
    return TimelineEvent(
        at, "Acme", "governing-law", event, doc, "Terms of Service", "EU", f"{doc}@{at}", ["c-1"]
    )


def test_timeline_bars_follow_gained_and_lost() -> None:
    doc = DocumentInfo(
        "acme/terms-of-service/EU", "Terms of Service", "EU", [], None, "2025-01-01T00:00:00Z"
    )
    events = [
        _event("2025-03-01T00:00:00Z", "gained"),
        _event("2025-06-01T00:00:00Z", "lost"),
        _event("2025-09-01T00:00:00Z", "gained"),
    ]
    chart = layout(
        events, {doc.document: ("Acme", doc)}, "2025-01-01T00:00:00Z", "2025-12-31T00:00:00Z"
    )
    assert chart is not None and len(chart.rows) == 1
    row = chart.rows[0]
    assert row.track[0] == LABEL and row.track[1] == WIDTH - 16
    first, second = row.bars
    assert LABEL < first.x1 < first.x2 < second.x1 < second.x2 == row.track[1]
    assert row.lost == [first.x2]
    assert "still present" in second.title and not second.first_version
    assert [label for _, label in chart.ticks][:2] == ["Feb", "Mar"]


def test_timeline_first_version_and_empty() -> None:
    chart = layout(
        [_event("2025-01-01T00:00:00Z", "in first version")],
        {},
        "2025-01-01T00:00:00Z",
        "2025-02-01T00:00:00Z",
    )
    assert chart is not None and chart.rows[0].bars[0].first_version
    assert "first recorded version" in chart.rows[0].bars[0].title
    assert layout([], {}, "2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z") is None
