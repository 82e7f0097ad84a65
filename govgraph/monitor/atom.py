"""Change summaries as an Atom 1.0 feed file (RFC 4287), merged run after run.

Each summary is one entry whose id is a stable IRI built from the summary id
(``https://w3id.org/govgraph/id/change/<version id>``), so a feed reader never shows the
same change twice, however often the feed is rewritten. The entry's ``updated`` is the
time the version was recorded (when the change happened, which never changes), its
title the headline, its alternate link the version's source URL (a document assembled
from several pages links each), its categories the provision categories touched, and its
content an HTML rendering with the word-level diffs.

Merging: an existing feed keeps its id and title and every entry it holds (kept as
written, not re-rendered); new entries are added, entries whose id is already there are
skipped, and only the newest ``max_entries`` (by ``updated``) are kept. The feed's own
``updated`` is its newest entry's, so rewriting a feed without news changes nothing.
The file is replaced atomically (temporary file + rename).
"""

from __future__ import annotations

import html
import os
import tempfile
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from govgraph import __version__
from govgraph.errors import InputError
from govgraph.monitor.events import ChangeSummary
from govgraph.ontology.namespaces import instance_iri

ATOM = "http://www.w3.org/2005/Atom"
FEED_TITLE = "govgraph: provision-level changes in platform terms"
MAX_ENTRIES = 500
_A = f"{{{ATOM}}}"

ET.register_namespace("", ATOM)


def entry_id(summary_id: str) -> str:
    """The stable Atom entry id of a change summary."""
    return instance_iri("change", summary_id)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _A + tag, attrs)
    if text is not None:
        element.text = text
    return element


def content_html(s: ChangeSummary) -> str:
    """The entry body: what changed, with deletions and insertions marked."""
    esc = html.escape
    parts = [f"<p><strong>{esc(s.headline)}</strong></p>", "<ul>"]
    parts.append(f"<li>Document: {esc(s.terms_type)} ({esc(s.document)})</li>")
    parts.append(
        f"<li>Jurisdiction: {esc(s.jurisdiction)}; regimes {esc(', '.join(s.regimes))}</li>"
    )
    parts.append(f"<li>Recorded: {esc(s.recorded_at)}; severity {esc(s.severity)}</li>")
    if s.categories_gained:
        parts.append(f"<li>Categories gained: {esc(', '.join(s.categories_gained))}</li>")
    if s.categories_lost:
        parts.append(f"<li>Categories lost: {esc(', '.join(s.categories_lost))}</li>")
    parts.append("</ul>")
    for title, clauses in (("Added", s.added), ("Removed", s.removed)):
        if clauses:
            parts.append(f"<h3>{title} ({len(clauses)})</h3><ul>")
            for c in clauses:
                cats = f" <em>[{esc(', '.join(c.categories))}]</em>" if c.categories else ""
                parts.append(f"<li>{esc(c.text)}{cats}</li>")
            parts.append("</ul>")
    if s.modified:
        parts.append(f"<h3>Modified ({len(s.modified)})</h3><ul>")
        for m in s.modified:
            words = []
            for op, text in m.diff_ops:
                if op == "delete":
                    words.append(f"<del>{esc(text)}</del>")
                elif op == "insert":
                    words.append(f"<ins>{esc(text)}</ins>")
                else:
                    words.append(esc(text))
            cats = f" <em>[{esc(', '.join(m.categories))}]</em>" if m.categories else ""
            parts.append(f"<li>{' '.join(words)}{cats}</li>")
        parts.append("</ul>")
    if s.articles:
        parts.append("<h3>Mapped articles</h3><ul>")
        for a in s.articles:
            label = esc(f"{a.regulation_name} {a.article} {a.title}".strip())
            if a.url:
                label = f'<a href="{esc(a.url)}">{label}</a>'
            parts.append(f"<li>{esc(a.category)}: {label} ({esc(a.kind)})</li>")
        parts.append("</ul>")
    parts.append("<p><em>Analysis, not legal advice.</em></p>")
    return "".join(parts)


def make_entry(s: ChangeSummary) -> ET.Element:
    entry = ET.Element(_A + "entry")
    _sub(entry, "id", entry_id(s.id))
    _sub(entry, "title", s.headline)
    _sub(entry, "updated", s.recorded_at)
    _sub(entry, "published", s.recorded_at)
    for n, url in enumerate((s.source_url or "").split()):
        _sub(entry, "link", rel="alternate" if n == 0 else "related", href=url)
    for category in s.categories:
        _sub(entry, "category", term=category, scheme="https://w3id.org/govgraph/category/")
    summary = f"{s.severity} severity; {s.platform} {s.terms_type} ({s.jurisdiction})"
    _sub(entry, "summary", summary)
    _sub(entry, "content", content_html(s), type="html")
    return entry


def _read_feed(path: Path) -> ET.Element | None:
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        return None
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"the Atom feed {path} cannot be read: {exc}") from None
    if root.tag != _A + "feed":
        raise InputError(f"{path} is not an Atom feed (its root is {root.tag})")
    return root


def _entry_key(entry: ET.Element) -> tuple[str, str]:
    return (entry.findtext(_A + "updated") or "", entry.findtext(_A + "id") or "")


def merge(
    path: Path, summaries: Iterable[ChangeSummary], *, max_entries: int = MAX_ENTRIES
) -> list[str]:
    """Add the summaries the feed does not hold yet; return their ids."""
    path = Path(path)
    old = _read_feed(path)
    feed_id = (old.findtext(_A + "id") if old is not None else None) or (
        "urn:uuid:" + str(uuid.uuid4())
    )
    title = (old.findtext(_A + "title") if old is not None else None) or FEED_TITLE
    entries = list(old.findall(_A + "entry")) if old is not None else []
    have = {e.findtext(_A + "id") for e in entries}
    added = []
    for s in summaries:
        if entry_id(s.id) in have:
            continue
        have.add(entry_id(s.id))
        entries.append(make_entry(s))
        added.append(s.id)
    if not added and old is not None:
        return []
    entries.sort(key=_entry_key, reverse=True)
    entries = entries[:max_entries]
    feed = ET.Element(_A + "feed")
    _sub(feed, "id", feed_id)
    _sub(feed, "title", title)
    updated = max((_entry_key(e)[0] for e in entries), default="1970-01-01T00:00:00Z")
    _sub(feed, "updated", updated)
    author = _sub(feed, "author")
    _sub(author, "name", "govgraph")
    _sub(feed, "generator", "govgraph", version=__version__)
    _sub(feed, "subtitle", "Provision-level changes of platform terms. Analysis, not legal advice.")
    feed.extend(entries)
    _write(path, feed)
    return added


def _mode_for(path: Path) -> int:
    """The existing file's permissions, else 0666 less the umask (as ``open`` would)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write(path: Path, feed: ET.Element) -> None:
    ET.indent(feed)
    data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.fchmod(fd, _mode_for(path))  # a feed is for readers: not mkstemp's 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write the Atom feed {path}: {exc}") from None
