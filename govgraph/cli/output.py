"""One set of output formats for every listing command: table, json, csv, md.

JSON is an array of row objects whose keys are the column names (snake_case); the table
wraps long text to the terminal width so clause text stays readable.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Sequence
from enum import StrEnum
from typing import Any


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


def render(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: OutputFormat = OutputFormat.table,
    *,
    width: int | None = None,
) -> str:
    """Render rows in the chosen format; the result ends without a trailing newline."""
    if fmt is OutputFormat.json:
        objects = [{c: _json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows]
        return json.dumps(objects, ensure_ascii=False, indent=2)
    if fmt is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        return buffer.getvalue().rstrip("\n")
    if fmt is OutputFormat.md:
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        for row in rows:
            cells = [_cell(v).replace("|", "\\|").replace("\n", " ") for v in row]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)
    return _table(columns, rows, width or shutil.get_terminal_size((120, 24)).columns)


def _fit(natural: list[int], minimum: list[int], budget: int) -> list[int]:
    """Column widths: every column at least its minimum (its longest word, or its header,
    within reason), and the room left shared out, widest first.

    Ids, dates and names stay on one line; long clause text takes the remaining width. A
    table whose minimums exceed the terminal is left wider than it rather than chopped.
    """
    if sum(natural) <= budget:
        return list(natural)
    widths = [min(n, m) for n, m in zip(natural, minimum, strict=True)]
    room = budget - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: natural[i]):
        if room <= 0:
            break
        wanted = natural[i] - widths[i]
        others = sum(
            1 for j in range(len(widths)) if natural[j] - widths[j] > 0 and natural[j] >= natural[i]
        )
        grant = min(wanted, max(room // max(others, 1), 0))
        widths[i] += grant
        room -= grant
    return widths


def _table(columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int) -> str:
    """Plain-text table; the widest columns are wrapped to fit the width."""
    cells = [[_cell(v).replace("\n", " ") for v in row] for row in rows]
    natural = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    minimum = [
        min(max([len(c), 6] + [len(w) for r in cells for w in r[i].split()]), 30)
        for i, c in enumerate(columns)
    ]
    widths = _fit(natural, minimum, width - 3 * (len(columns) - 1))
    sep = "   "
    out = [sep.join(c[:w].ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    out.append(sep.join("-" * w for w in widths))
    for row in cells:
        wrapped = [textwrap.wrap(v, w) or [""] for v, w in zip(row, widths, strict=True)]
        for line in range(max(len(x) for x in wrapped)):
            parts = [
                (x[line] if line < len(x) else "").ljust(w)
                for x, w in zip(wrapped, widths, strict=True)
            ]
            out.append(sep.join(parts).rstrip())
    if not rows:
        out.append("(no rows)")
    return "\n".join(out)
