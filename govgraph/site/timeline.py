"""Lay out a category's timeline: one row per document, bars while it had the provision.

The timeline report lists dated events (in first version, gained, lost) per document.
Here they become bars on a shared time axis, over a thin line showing the period the
archive tracked the document (before its first record nothing is known, so the chart
does not pretend the provision was absent then). The geometry is computed in Python and
the template only draws it; the events table next to the chart is its text alternative.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from govgraph.site.data import DocumentInfo, TimelineEvent

WIDTH = 960
LABEL = 260  # room for "Platform · Terms type" on the left
RIGHT = 16
ROW = 26
TOP = 28  # axis labels


@dataclass
class Bar:
    x1: float
    x2: float
    first_version: bool  # present in the document's first record: start unknown
    title: str


@dataclass
class Row:
    label: str
    y: float
    track: tuple[float, float]
    bars: list[Bar] = field(default_factory=list)
    lost: list[float] = field(default_factory=list)  # x of each "lost" event


@dataclass
class Chart:
    width: int
    height: int
    label_width: int
    rows: list[Row]
    ticks: list[tuple[float, str]]
    start: str
    end: str


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def layout(
    events: list[TimelineEvent],
    documents: dict[str, tuple[str, DocumentInfo]],
    start: str,
    end: str,
) -> Chart | None:
    """The chart of a category's events; ``documents`` maps id -> (platform, info).

    ``start``/``end`` bound the axis (the first and last record under the regime, or the
    as-of day). None when no document ever had the provision.
    """
    if not events or not start or not end:
        return None
    t0, t1 = _moment(start), _moment(end)
    if t1 <= t0:
        t1 = t0.replace(year=t0.year + 1)
    span = (t1 - t0).total_seconds()
    plot = WIDTH - LABEL - RIGHT

    def x(value: str) -> float:
        moment = min(max(_moment(value), t0), t1)
        return round(LABEL + plot * (moment - t0).total_seconds() / span, 1)

    per_doc: dict[str, list[TimelineEvent]] = defaultdict(list)
    for e in events:
        per_doc[e.document].append(e)
    order = sorted(per_doc, key=lambda d: (per_doc[d][0].platform.lower(), d))
    rows = []
    for n, doc in enumerate(order):
        items = sorted(per_doc[doc], key=lambda e: e.at)
        first = items[0]
        info = documents.get(doc, (first.platform, None))[1]
        tracked_from = info.first_recorded if info and info.first_recorded else first.at
        row = Row(
            label=f"{first.platform} · {first.terms_type}",
            y=TOP + n * ROW,
            track=(x(tracked_from), x(end)),
        )
        opened: TimelineEvent | None = None
        for e in items:
            if e.event in ("gained", "in first version"):
                opened = e
            elif e.event == "lost":
                row.lost.append(x(e.at))
                if opened is not None:
                    row.bars.append(_bar(opened, e.at, x))
                    opened = None
        if opened is not None:
            row.bars.append(_bar(opened, None, x, end))
        rows.append(row)
    return Chart(
        width=WIDTH,
        height=TOP + len(rows) * ROW + 6,
        label_width=LABEL,
        rows=rows,
        ticks=_ticks(t0, t1, x),
        start=start[:10],
        end=end[:10],
    )


def _bar(opened: TimelineEvent, until: str | None, x, end: str | None = None) -> Bar:  # type: ignore[no-untyped-def]
    stop = until or end or opened.at
    words = (
        "present in the first recorded version" if opened.event == "in first version" else "gained"
    )
    title = f"{opened.platform}, {opened.terms_type}: {words} {opened.at[:10]}, " + (
        f"lost {until[:10]}" if until else "still present"
    )
    return Bar(
        x(opened.at), max(x(stop), x(opened.at) + 2), opened.event == "in first version", title
    )


def _ticks(t0: datetime, t1: datetime, x) -> list[tuple[float, str]]:  # type: ignore[no-untyped-def]
    """Month ticks for spans under two years, quarters under five, else years."""
    months = (t1.year - t0.year) * 12 + t1.month - t0.month
    step = 1 if months <= 24 else 3 if months <= 60 else 12
    out = []
    year, month = t0.year, t0.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        if (month - 1) % step:
            continue
        moment = datetime(year, month, 1, tzinfo=UTC)
        if moment > t1:
            break
        if month == 1:
            label = str(year) if step > 1 else f"Jan {year}"
        else:
            label = f"{moment:%b}" if step == 1 else ""
        out.append((x(moment.strftime("%Y-%m-%dT%H:%M:%SZ")), label))
    return out
