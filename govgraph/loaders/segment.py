"""Split the Markdown of a terms version into clauses.

A clause is the unit whose wording the graph tracks over time, so its ``text`` is its
identity: a version that only changes whitespace, Markdown formatting, link targets or
invisible characters gives the same texts. The segmenter is a line-based scanner rather
than a CommonMark AST, because it runs over every recorded version (hundreds of MB) and
must stay linear on hostile input (megabyte lines, thousands of nesting levels): nothing
recurses and every regular expression is linear.

Units (``Segment.kind``):

* ``paragraph``: a run of text lines; ``quote`` when inside a block quote.
* ``list-item``: a list item's own text, without its bullet or number (Markdown list
  numbers are presentation: inserting an item renumbers the rest, which must not change
  every later clause). Its continuation paragraphs belong to it; nested items are
  clauses of their own.
* ``sub-clause``: a paragraph (or hard-broken line) of a list item or paragraph that
  starts with a written enumerator such as ``(a)``, ``b.``, ``(iv)``, ``2.1``; those
  enumerators are part of the wording (clauses cite "3(a)") and are kept.
* ``table-row``: one clause per body row, cells joined with `` | ``; the header row is
  not a clause but is given as ``Segment.header`` (empty when the header is blank).

Not clauses: headings (they make ``section``, the heading path joined with `` > ``),
thematic breaks, fragments without letters, fragments made only of links or images,
and navigation phrases ("Skip to main content", "Back to top").

Inline enumerators inside a single line ("... (a) foo; (b) bar") are not split: the
line is one sentence of the source and splitting it would guess at the author's
structure.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

__all__ = ["Segment", "clean_inline", "segment"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One clause of a version: its canonical text, where it sits and what it is."""

    text: str
    section: str
    start: int
    end: int
    kind: str
    header: str = ""


# ------------------------------------------------------------------ inline cleaning

_ASCII_PUNCT = r"!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"
_ESCAPE = re.compile(r"\\([" + _ASCII_PUNCT + r"])")
_PROTECT_BASE = 0xF0000  # supplementary private use area: stands in for escaped characters
_RESTORE = {_PROTECT_BASE + ord(c): c for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"}
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(
    r"</?(?:span|div|p|a|b|i|u|em|strong|sup|sub|small|font|mark|del|ins|s|html|head|body"
    r"|section|article|main|abbr|cite|code|time)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^<>\s]*)>", re.IGNORECASE)
_URL = r"\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
_IMAGE = re.compile(r"!\[[^\[\]]*\]" + _URL)
_LINK = re.compile(r"\[([^\[\]]*)\]" + _URL)
_ORPHAN_TARGET = re.compile(r"\]" + _URL)  # "](url)" of a link whose "[" is blocks away
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_EMPHASIS = re.compile(r"\*+|~~+|`+")
_UNDERSCORE = re.compile(r"(?<!\w)_++|(?<!_)_++(?!\w)")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060-\u2064\ufeff\u00ad\u180e]+")
_LETTER = re.compile(r"[^\W\d_]")
_NAVIGATION = frozenset(
    {
        "skip to main content",
        "skip to content",
        "skip to navigation",
        "skip navigation",
        "back to top",
        "go to top",
        "return to top",
        "scroll to top",
        "top",
        "top of page",
        "jump to",
        "on this page",
        "table of contents",
        "contents",
        "menu",
        "print",
        "print this page",
        "share",
        "close",
        "previous",
        "next",
        "was this helpful",
        "was this page helpful",
        "yes no",
    }
)


def _protect(match: re.Match[str]) -> str:
    return chr(_PROTECT_BASE + ord(match.group(1)))


def clean_inline(raw: str) -> str:
    """Canonical display text of a Markdown fragment.

    Removes what is presentation and keeps every character of the wording: link targets
    and image syntax go, link text stays; emphasis, strikethrough and code markers go;
    backslash escapes are resolved; invisible characters (zero-width, soft hyphen,
    word joiner, BOM) go; HTML line breaks and entities become what they render;
    whitespace collapses to single spaces. Quotes and dashes are not folded.
    """
    text = raw
    if "<" in text:
        text = _BR.sub(" ", text)
        text = _AUTOLINK.sub(r"\1", text)
        text = _TAG.sub("", text)
    escaped = "\\" in text
    if escaped:
        text = _ESCAPE.sub(_protect, text)
    if "](" in text:
        if "![" in text:
            text = _IMAGE.sub("", text)
        for _ in range(3):  # links nested in link text: [[a](b)](c)
            text, count = _LINK.subn(r"\1", text)
            if not count or "](" not in text:
                break
        if "](" in text:
            text = _ORPHAN_TARGET.sub("", text)
    if "][" in text:
        text = _REF_LINK.sub(r"\1", text)
    if "*" in text or "`" in text or "~" in text:
        text = _EMPHASIS.sub("", text)
    if "_" in text:
        text = _UNDERSCORE.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    if escaped:
        text = text.translate(_RESTORE)
    return " ".join(text.split())


def _only_links(raw: str) -> bool:
    """True when a fragment is nothing but links and images (navigation, not wording)."""
    rest = _IMAGE.sub("", raw)
    rest = _LINK.sub("", rest)
    rest = _ORPHAN_TARGET.sub("", rest)
    rest = _AUTOLINK.sub("", rest)
    rest = _INVISIBLE.sub("", rest)
    return _LETTER.search(rest) is None


def _is_clause(raw: str, text: str) -> bool:
    if not text or _LETTER.search(text) is None:
        return False
    if len(text) < 40 and text.lower().strip(" .:;!?|>-–—()[]") in _NAVIGATION:
        return False
    return not ("](" in raw and _only_links(raw))


# ------------------------------------------------------------------ block scanning

_LIST_MARKER = re.compile(r"([-*+]|\d{1,9}[.)])([ \t]+|$)")
_ATX = re.compile(r"(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_HRULE = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT = re.compile(r"(=+|-+)[ \t]*$")
_TABLE_DELIM = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_QUOTE = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_SUBCLAUSE = re.compile(
    r"(?:\((?:[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6}|\d{1,3})\)"
    r"|(?:[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)]"
    r"|\d{1,3}(?:\\?\.\d{1,3})+\\?\.?"
    r"|\d{1,3}\\\.)"
    r"[ \t]"
)
_LINES = re.compile(r"\r\n|\r|\n")
_STARTS_BLOCK = frozenset("#>|*-+_=<0123456789")


@dataclass(slots=True)
class _Unit:
    """Lines of one clause being collected (a paragraph, a list item or a sub-clause)."""

    kind: str
    start: int
    end: int
    lines: list[str] = field(default_factory=list)
    ends: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each line


@dataclass(slots=True)
class _Item:
    """An open list item: its own unit plus the sub-clauses its paragraphs open."""

    content_indent: int
    units: list[_Unit]
    section: str


class _Scanner:
    """One pass over the lines; emits segments as blocks close."""

    def __init__(self) -> None:
        self.out: list[Segment] = []
        self.headings: list[tuple[int, str]] = []
        self.section = ""
        self.para: _Unit | None = None
        self.para_section = ""
        self.items: list[_Item] = []
        self.in_item = False  # the last text line went to the top item (lazy continuation)
        self.blank = True
        self.quote = 0

    # -- emitting

    def _emit(self, unit: _Unit, section: str) -> None:
        raw = " ".join(unit.lines)
        text = clean_inline(raw)
        if _is_clause(raw, text):
            self.out.append(Segment(text, section, unit.start, unit.end, unit.kind))

    def _emit_paragraph(self) -> None:
        para = self.para
        if para is None:
            return
        self.para = None
        if len(para.lines) == 1 or not any(_SUBCLAUSE.match(x) for x in para.lines[1:]):
            self._emit(para, self.para_section)
            return
        # hard-broken lines that start with an enumerator are sub-clauses of their own
        first_start, first_end = para.ends[0]
        unit = _Unit(para.kind, first_start, first_end, [para.lines[0]])
        for line, (s, e) in zip(para.lines[1:], para.ends[1:], strict=True):
            if _SUBCLAUSE.match(line):
                self._emit(unit, self.para_section)
                unit = _Unit("sub-clause", s, e, [line])
            else:
                unit.lines.append(line)
                unit.end = e
        self._emit(unit, self.para_section)

    def _close_items(self, indent: int = -1) -> None:
        """Close list items whose content starts right of ``indent`` (all by default)."""
        items = self.items
        while items and items[-1].content_indent > indent:
            item = items.pop()
            for unit in item.units:
                self._emit(unit, item.section)
        if not items:
            self.in_item = False

    def close_all(self) -> None:
        self._emit_paragraph()
        self._close_items()
        self.in_item = False

    # -- headings

    def heading(self, level: int, raw: str) -> None:
        self.close_all()
        text = clean_inline(raw)
        headings = self.headings
        while headings and headings[-1][0] >= level:
            headings.pop()
        if text:
            headings.append((level, text))
        self.section = " > ".join(h[1] for h in headings)

    # -- lines

    def text_line(self, content: str, indent: int, start: int, end: int) -> None:
        """A line of running text: continues a paragraph or item, or opens a new one."""
        if not self.blank:
            if self.para is not None:
                self._add_para_line(content, start, end)
                return
            if self.in_item and self.items:
                unit = self.items[-1].units[-1]
                if _SUBCLAUSE.match(content):
                    self.items[-1].units.append(_Unit("sub-clause", start, end, [content]))
                else:
                    unit.lines.append(content)
                    unit.end = end
                return
        if self.items:
            self._close_items(indent)
            if self.items:  # a continuation paragraph of the innermost open item
                item = self.items[-1]
                if _SUBCLAUSE.match(content):
                    item.units.append(_Unit("sub-clause", start, end, [content]))
                else:
                    unit = item.units[-1]
                    unit.lines.append(content)
                    unit.end = end
                self.in_item = True
                self.blank = False
                return
        self.para = _Unit(
            "quote" if self.quote else "paragraph", start, end, [content], [(start, end)]
        )
        self.para_section = self.section
        self.in_item = False
        self.blank = False

    def _add_para_line(self, content: str, start: int, end: int) -> None:
        para = self.para
        assert para is not None
        para.lines.append(content)
        para.end = end
        para.ends.append((start, end))

    def list_item(self, indent: int, content_indent: int, rest: str, start: int, end: int) -> None:
        self._emit_paragraph()
        self._close_items(indent)
        unit = _Unit("list-item", start, end, [rest] if rest else [])
        self.items.append(_Item(content_indent, [unit], self.section))
        self.in_item = True
        self.blank = not rest  # an empty item takes its text from the next line

    def table(self, rows: list[tuple[str, int, int]], header: str) -> None:
        for row, start, end in rows:
            text = " | ".join(_cells(row))
            if _is_clause(row, text):
                self.out.append(Segment(text, self.section, start, end, "table-row", header))


def _cells(row: str) -> list[str]:
    """Cleaned cells of a table row (the outer pipes are optional)."""
    cells = _CELL_SPLIT.split(row.strip())
    if len(cells) > 1 and not cells[0].strip():
        cells = cells[1:]
    if len(cells) > 1 and not cells[-1].strip():
        cells = cells[:-1]
    return [_clean_cell(c) for c in cells]


def _clean_cell(cell: str) -> str:
    """A table cell: line breaks become spaces, bullets after a break are dropped."""
    if "<" in cell:
        cell = _BR.sub("\n", cell)
        if "\n" in cell:
            parts = []
            for piece in cell.split("\n"):
                stripped = piece.strip()
                marker = _LIST_MARKER.match(stripped)
                parts.append(stripped[marker.end() :] if marker else stripped)
            cell = " ".join(parts)
    return clean_inline(cell)


def _split_lines(markdown: str) -> list[tuple[str, int, int]]:
    """Lines with their start and end offsets (end excludes the line break)."""
    result: list[tuple[str, int, int]] = []
    pos = 0
    if "\r" not in markdown:
        for line in markdown.split("\n"):
            result.append((line, pos, pos + len(line)))
            pos += len(line) + 1
        return result
    for match in _LINES.finditer(markdown):
        line = markdown[pos : match.start()]
        result.append((line, pos, match.start()))
        pos = match.end()
    result.append((markdown[pos:], pos, len(markdown)))
    return result


def _expand_indent(line: str) -> tuple[int, str]:
    """Indentation width (tabs to 4 columns) and the line without it."""
    if not line or line[0] not in " \t":
        return 0, line
    stripped = line.lstrip(" \t")
    lead = len(line) - len(stripped)
    if "\t" not in line[:lead]:
        return lead, stripped
    width = 0
    for ch in line[:lead]:
        width = width + 4 - width % 4 if ch == "\t" else width + 1
    return width, stripped


def segment(markdown: str) -> list[Segment]:
    """Clauses of a Markdown text, in document order (duplicates kept)."""
    lines = _split_lines(markdown)
    scan = _Scanner()
    index = 0
    count = len(lines)
    while index < count:
        line, start, end = lines[index]
        index += 1
        quote = 0
        if ">" in line[:4] and line.lstrip(" ").startswith(">"):
            match = _QUOTE.match(line)
            assert match is not None
            quote = match.group(0).count(">")
            line = line[match.end() :]
        if quote != scan.quote:
            scan.close_all()
            scan.quote = quote
            scan.blank = True
        indent, content = _expand_indent(line)
        if not content:
            scan._emit_paragraph()
            scan.blank = True
            continue
        end = start + len(lines[index - 1][0].rstrip())
        first = content[0]
        if first not in _STARTS_BLOCK:
            scan.text_line(content.rstrip(), indent, start, end)
            continue
        if first == "#" and indent < 4:
            atx = _ATX.match(content)
            if atx:
                scan.heading(len(atx.group(1)), _ATX_CLOSE.sub("", content[atx.end() :]))
                scan.blank = True
                continue
        if first in "=-" and scan.para is not None and not scan.blank and indent < 4:
            setext = _SETEXT.match(content)
            if setext:
                para = scan.para
                scan.para = None
                scan.heading(1 if first == "=" else 2, " ".join(para.lines))
                scan.blank = True
                continue
        if first in "*-_" and _HRULE.match(content):
            scan.close_all()
            scan.blank = True
            continue
        if first == "=" and _SETEXT.match(content):
            continue  # an underline without a paragraph: decoration
        if first in "*-+0123456789":
            marker = _LIST_MARKER.match(content)
            if marker:
                rest = content[marker.end() :].rstrip()
                spaces = len(marker.group(2))
                width = len(marker.group(1)) + (spaces if 0 < spaces <= 4 else 1)
                atx = _ATX.match(rest) if rest.startswith("#") else None
                if atx:  # a heading written inside a list item
                    scan.heading(len(atx.group(1)), _ATX_CLOSE.sub("", rest[atx.end() :]))
                    scan.blank = True
                    continue
                scan.list_item(indent, indent + width, rest, start, end)
                continue
        if first == "|" and index < count:
            nxt = lines[index][0]
            if quote:
                qm = _QUOTE.match(nxt)
                nxt = nxt[qm.end() :] if qm else ""
            if "-" in nxt and _TABLE_DELIM.match(nxt.strip()):
                header_cells = _cells(content)
                header = " | ".join(header_cells) if any(header_cells) else ""
                scan._emit_paragraph()
                if scan.items and indent < scan.items[-1].content_indent:
                    scan._close_items(indent)
                index += 1
                rows: list[tuple[str, int, int]] = []
                while index < count:
                    row, rstart, _rend = lines[index]
                    if quote:
                        qm = _QUOTE.match(row)
                        row = row[qm.end() :] if qm else ""
                    if not row.strip() or "|" not in row:
                        break
                    rows.append((row, rstart, rstart + len(lines[index][0].rstrip())))
                    index += 1
                scan.table(rows, header)
                scan.blank = True
                continue
        scan.text_line(content.rstrip(), indent, start, end)
    scan.close_all()
    out = scan.out
    out.sort(key=lambda s: s.start)
    return out
