"""HTML to the Markdown the segmenter reads, with the standard library's parser.

Only what segmentation needs survives: headings become ``#`` lines, list items ``* `` or
``1. `` lines (nested ones indented), paragraphs and other blocks become paragraphs,
table rows become Markdown table rows, ``<br>`` a line break. Scripts, styles, forms,
navigation, headers, footers and the document head are dropped. Text is escaped, so a
literal ``*`` or a leading ``1.`` in the HTML stays wording and is not read as Markdown.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["escape_markdown", "html_to_markdown"]

_DROP = frozenset(
    {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "head",
     "iframe", "form", "button", "select", "textarea", "canvas", "object", "menu"}
)  # fmt: skip
_BLOCK = frozenset(
    {"p", "div", "section", "article", "main", "aside", "blockquote", "address", "figure",
     "figcaption", "dl", "dt", "dd", "pre", "body", "html", "hr", "center", "details",
     "summary", "fieldset", "legend", "caption"}
)  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"})
_INLINE_ESCAPE = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s)|\d{1,9}(?=[.)](?:\s|$))|=+\s*$|-+\s*$)")
_SPACE = re.compile(r"[ \t\r\n\f]+")


def escape_markdown(text: str) -> str:
    """Escape characters that Markdown would read as syntax, line by line."""
    text = _INLINE_ESCAPE.sub(r"\\\1", text)
    lines = []
    for line in text.split("\n"):
        match = _LINE_START.match(line)
        if match:
            head = match.group(2)
            if head[0].isdigit():  # "1." -> "1\." keeps the number as wording
                line = line[: match.end()] + "\\" + line[match.end() :]
            else:
                line = line[: match.start(2)] + "\\" + line[match.start(2) :]
        lines.append(line)
    return "\n".join(lines)


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.inline: list[str] = []
        self.drop = 0  # depth inside dropped elements
        self.lists: list[str] = []  # "ul" / "ol" per open list
        self.item_open = False
        self.heading = 0
        self.pre = 0
        self.rows: list[list[str]] | None = None
        self.header_row = False
        self.cell: list[str] | None = None

    # -- output helpers

    def _text(self) -> str:
        raw = "".join(self.inline)
        self.inline = []
        if self.pre:
            return "\n".join(escape_markdown(x.rstrip()) for x in raw.split("\n") if x.strip())
        parts = [_SPACE.sub(" ", p).strip() for p in raw.split("\n")]
        return "  \n".join(escape_markdown(p) for p in parts if p)

    def _flush(self) -> None:
        text = self._text()
        if not text:
            return
        if self.heading:
            self.blocks.append("#" * self.heading + " " + text.replace("  \n", " "))
        elif self.item_open and self.lists:
            depth = len(self.lists) - 1
            marker = "1. " if self.lists[-1] == "ol" else "* "
            pad = "    " * depth
            self.blocks.append(pad + marker + text.replace("\n", "\n" + pad + "   "))
            self.item_open = False  # later text of the item is a continuation paragraph
        elif self.lists:
            pad = "    " * len(self.lists)
            self.blocks.append(pad + text.replace("\n", "\n" + pad))
        else:
            self.blocks.append(text)

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            if tag not in _VOID:
                self.drop += 1
            return
        if self.drop:
            return
        if self.cell is not None and tag not in ("td", "th", "tr", "table"):
            if tag == "br":
                self.cell.append(" ")
            return
        if tag == "br":
            self.inline.append("\n")
        elif tag in _HEADINGS:
            self._flush()
            self.heading = _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append(tag)
        elif tag == "li":
            self._flush()
            self.item_open = True
        elif tag == "table":
            self._flush()
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            if not self.rows:
                self.rows.append([])
            if tag == "th" and len(self.rows) == 1:
                self.header_row = True
            self.cell = []
        elif tag in _BLOCK:
            self._flush()
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID or tag in ("br", "hr"):
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            if self.drop and tag not in _VOID:
                self.drop -= 1
            return
        if self.drop:
            return
        if tag in ("td", "th") and self.cell is not None and self.rows is not None:
            text = _SPACE.sub(" ", "".join(self.cell)).strip()
            self.rows[-1].append(escape_markdown(text).replace("\n", " "))
            self.cell = None
        elif tag == "table" and self.rows is not None:
            self._table()
        elif self.cell is not None:
            return
        elif tag in _HEADINGS:
            self._flush()
            self.heading = 0
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag == "li":
            self._flush()
            self.item_open = False
        elif tag in _BLOCK:
            self._flush()
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.drop:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.inline.append(data)

    def _table(self) -> None:
        rows = [r for r in self.rows or [] if any(c.strip() for c in r)]
        self.rows = None
        self.cell = None
        if not rows:
            return
        width = max(len(r) for r in rows)
        if self.header_row:
            header, body = rows[0], rows[1:]
        else:
            header, body = [""] * width, rows
        self.header_row = False
        lines = ["| " + " | ".join(header + [""] * (width - len(header))) + " |"]
        lines.append("| " + " | ".join(["---"] * width) + " |")
        lines.extend("| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in body)
        self.blocks.append("\n".join(lines))

    def result(self) -> str:
        self._flush()
        if self.cell is not None and self.rows is not None:
            self.handle_endtag("td")  # a cell still open at the end keeps its text
        if self.rows is not None:
            self._table()
        return "\n\n".join(self.blocks) + "\n"


def html_to_markdown(html: str) -> str:
    """Markdown-like text of an HTML page, for clause segmentation."""
    converter = _Converter()
    converter.feed(html)
    converter.close()
    return converter.result()
