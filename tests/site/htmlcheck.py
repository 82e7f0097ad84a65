"""Read a generated site's HTML with the standard parser: links, ids, resources, text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Page:
    path: Path
    links: list[str] = field(default_factory=list)  # <a href>
    resources: list[str] = field(default_factory=list)  # stylesheet, script, img, ... sources
    ids: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    text: str = ""
    lang: str | None = None


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.chunks: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.page.tags.append(tag)
        if a.get("id"):
            self.page.ids.append(a["id"] or "")
        if tag == "html":
            self.page.lang = a.get("lang")
        if tag == "a" and a.get("href"):
            self.page.links.append(a["href"] or "")
        for attr in ("src", "srcset", "poster", "data"):
            if a.get(attr):
                self.page.resources.append(a[attr] or "")
        if tag == "link" and a.get("href"):
            self.page.resources.append(a["href"] or "")
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.chunks.append(data)


def parse(path: Path) -> Page:
    page = Page(path)
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    page.text = " ".join(" ".join(parser.chunks).split())
    return page


def is_internal(href: str) -> bool:
    return not urlsplit(href).scheme and not href.startswith("//")


def resolve(page: Path, href: str) -> tuple[Path, str]:
    """The file and fragment an internal link points to."""
    parts = urlsplit(href)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
    return target, unquote(parts.fragment)


def broken_links(root: Path) -> list[str]:
    """Every internal link whose file or fragment id does not exist."""
    pages = {p.resolve(): parse(p) for p in root.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        for href in page.links:
            if not is_internal(href):
                continue
            target, fragment = resolve(path, href)
            if not target.is_file():
                broken.append(f"{path.relative_to(root.resolve())}: {href} (no file)")
            elif fragment and fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(root.resolve())}: {href} (no id)")
    return broken
