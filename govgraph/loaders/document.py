"""A single terms document that no collection tracks: one file, one version.

Markdown (``.md``, ``.markdown``) is read as is; HTML (``.html``, ``.htm``, ``.xhtml``)
is converted with ``govgraph.loaders.html``; anything else is plain text, whose
paragraphs are separated by blank lines (lines inside a paragraph are kept as hard
breaks) and whose characters are escaped so that they stay wording.

Encoding: UTF-8 (a BOM is allowed) and UTF-16 with a BOM, the encodings that can be
recognised without guessing. Anything else is refused with the byte offset, rather than
guessed as cp1252 or Latin-1, which would silently turn wording into mojibake.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from govgraph.errors import InputError
from govgraph.loaders.base import DocumentRef, RecordedVersion, SourceInfo
from govgraph.loaders.html import escape_markdown, html_to_markdown
from govgraph.loaders.ota import check_jurisdiction
from govgraph.loaders.segment import segment

__all__ = ["SingleDocument", "decode_text", "text_to_markdown"]

MAX_BYTES = 64 * 1024 * 1024
_MARKDOWN = frozenset({".md", ".markdown", ".mdown"})
_HTML = frozenset({".html", ".htm", ".xhtml"})


def decode_text(data: bytes, where: Path) -> str:
    """UTF-8 (optionally with a BOM) or UTF-16 with a BOM; InputError otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{where} is not valid UTF-16 (byte {exc.start})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where} is not UTF-8 text (invalid byte at offset {exc.start}): convert it to UTF-8"
        ) from None
    if "\x00" in text:
        raise InputError(f"{where} contains NUL characters: it is not a text file")
    return text


def text_to_markdown(text: str) -> str:
    """Plain text as Markdown: blank-line paragraphs, wording escaped, lines kept."""
    paragraphs = []
    for block in text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            paragraphs.append("  \n".join(escape_markdown(line) for line in lines))
    return "\n\n".join(paragraphs) + "\n"


def _moment(value: date | datetime | str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"date {value!r} is not YYYY-MM-DD or an ISO 8601 time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class SingleDocument:
    """One Markdown, HTML or plain-text file as one recorded version of one document."""

    def __init__(
        self,
        path: Path | str,
        platform: str,
        terms_type: str,
        jurisdiction: str,
        date: date | datetime | str,
        source_url: str | None = None,
    ) -> None:
        self.path = Path(path).expanduser().resolve()
        if not self.path.is_file():
            raise InputError(f"{self.path} does not exist or is not a file")
        if not platform.strip():
            raise InputError("the platform name is empty")
        if not terms_type.strip():
            raise InputError("the terms type is empty")
        self.recorded_at = _moment(date)
        size = self.path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{self.path} is {size} bytes, over the {MAX_BYTES}-byte limit")
        raw = decode_text(self.path.read_bytes(), self.path)
        suffix = self.path.suffix.lower()
        if suffix in _MARKDOWN:
            self.format = "markdown"
            self.text = raw
        elif suffix in _HTML or raw.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
            self.format = "html"
            self.text = html_to_markdown(raw)
        else:
            self.format = "text"
            self.text = text_to_markdown(raw)
        if not segment(self.text):
            raise InputError(f"{self.path} has no text: no paragraph with words was found")
        self.document = DocumentRef(
            platform=platform.strip(),
            terms_type=terms_type.strip(),
            jurisdiction=check_jurisdiction(jurisdiction),
            source_url=source_url,
        )
        self.source_url = source_url
        self.info = SourceInfo(kind="document", location=str(self.path))

    def versions(self, since: str | None = None) -> Iterator[RecordedVersion]:
        """The one version, unless ``since`` (a time) is at or after its date."""
        if since is not None and self.recorded_at <= _moment(since):
            return
        yield RecordedVersion(
            document=self.document,
            recorded_at=self.recorded_at,
            source_id=self.path.name,
            text=self.text,
            source_url=self.source_url,
        )
