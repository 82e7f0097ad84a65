"""Change summaries as Markdown, for people; appended to a file without duplicates.

Each summary is a section whose heading is the headline (flagged changes say so first),
preceded by an HTML comment naming the summary id. The comment is how an append skips
summaries the file already holds, so the file stays free of duplicates even when the
watch state was lost or a run was killed after writing it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from govgraph.errors import InputError
from govgraph.monitor.events import ChangeSummary

MARKER = "<!-- govgraph-change: {id} -->"
_MARKER = re.compile(r"^<!-- govgraph-change: (.+?) -->$", re.M)
DISCLAIMER = "_Analysis, not legal advice._"


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.splitlines() or [""])


def render(summary: ChangeSummary) -> str:
    """One summary as a Markdown section."""
    s = summary
    lines = [MARKER.format(id=s.id), f"## {s.headline}", ""]
    lines.append(f"- **Platform:** {s.platform}")
    lines.append(f"- **Document:** {s.terms_type} (`{s.document}`)")
    lines.append(f"- **Jurisdiction:** {s.jurisdiction} (regimes: {', '.join(s.regimes)})")
    lines.append(f"- **Recorded:** {s.recorded_at}")
    lines.append(f"- **Source:** {s.source_url or 'no URL recorded'}")
    lines.append(f"- **Severity:** {s.severity}" + (f" ({', '.join(s.flags)})" if s.flags else ""))
    if s.categories_gained:
        lines.append(f"- **Categories gained:** {', '.join(s.categories_gained)}")
    if s.categories_lost:
        lines.append(f"- **Categories lost:** {', '.join(s.categories_lost)}")
    lines.append(f"- **Version:** `{s.id}`")
    for title, clauses in (("Added", s.added), ("Removed", s.removed)):
        if not clauses:
            continue
        lines += ["", f"### {title} ({len(clauses)})", ""]
        for c in clauses:
            cats = f" [{', '.join(c.categories)}]" if c.categories else ""
            lines += [f"- `{c.id}`{cats}", "", _quote(c.text), ""]
    if s.modified:
        lines += ["", f"### Modified ({len(s.modified)})", ""]
        for m in s.modified:
            cats = f" [{', '.join(m.categories)}]" if m.categories else ""
            lines += [
                f"- `{m.old_id}` -> `{m.new_id}` (similarity {m.similarity:.2f}){cats}",
                "",
                _quote(m.diff),
                "",
            ]
    if s.articles:
        lines += ["", "### Mapped articles", ""]
        for a in s.articles:
            link = f" <{a.url}>" if a.url else ""
            title = f" {a.title}" if a.title else ""
            lines.append(f"- {a.category}: {a.regulation_name} {a.article}{title} ({a.kind}){link}")
    lines += ["", DISCLAIMER, ""]
    return "\n".join(lines)


def render_all(summaries: Iterable[ChangeSummary]) -> str:
    return "\n".join(render(s) for s in summaries)


def existing_ids(path: Path) -> set[str]:
    """Summary ids a Markdown file already holds."""
    try:
        return set(_MARKER.findall(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return set()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the Markdown output {path}: {exc}") from None


def append(path: Path, summaries: Iterable[ChangeSummary]) -> list[str]:
    """Append the summaries the file does not hold yet; return their ids."""
    path = Path(path)
    have = existing_ids(path)
    new = [s for s in summaries if s.id not in have]
    if not new:
        return []
    text = render_all(new)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            if handle.tell() > 0:
                text = "\n" + text
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise InputError(f"cannot write the Markdown output {path}: {exc}") from None
    return [s.id for s in new]
