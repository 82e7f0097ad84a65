"""Change summaries as JSON lines, for machines; appended without duplicates.

One JSON object per line (``ChangeSummary.to_dict``: id, headline, platform, document,
clauses added/removed/modified with diffs, categories gained/lost, mapped articles,
severity, flags). Before appending, the file's ids are read, so a line is never written
twice even if the watch state was lost or a run was killed after writing the file.

A last line cut short by a crash (no newline at its end) is ignored when reading ids and
cut off before appending (its summary is written again whole), so the file stays one
complete object per line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from govgraph.errors import InputError
from govgraph.monitor.events import ChangeSummary


def dumps(summary: ChangeSummary) -> str:
    return json.dumps(summary.to_dict(), ensure_ascii=False, sort_keys=False)


def read(path: Path) -> list[dict[str, Any]]:
    """Every complete JSON object of a JSON-lines file (a truncated last line is skipped)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the JSON output {path}: {exc}") from None
    out = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            if number == len(lines):  # cut short by a crash: no newline after it
                continue
            raise InputError(f"{path} line {number} is not a JSON object") from None
    return out


def _drop_partial_line(handle: Any) -> None:
    """Cut a last line that has no newline (a write cut short); leave the end for appending."""
    size = handle.seek(0, os.SEEK_END)
    if not size:
        return
    handle.seek(max(0, size - 1))
    if handle.read(1) == b"\n":
        return
    handle.seek(0)
    keep = handle.read().rfind(b"\n") + 1
    handle.truncate(keep)
    handle.seek(keep)


def append(path: Path, summaries: Iterable[ChangeSummary]) -> list[str]:
    """Append the summaries the file does not hold yet; return their ids."""
    path = Path(path)
    have = {obj.get("id") for obj in read(path) if isinstance(obj, dict)}
    new = [s for s in summaries if s.id not in have]
    if not new:
        return []
    text = "".join(dumps(s) + "\n" for s in new)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a+b") as handle:
            _drop_partial_line(handle)
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise InputError(f"cannot write the JSON output {path}: {exc}") from None
    return [s.id for s in new]
