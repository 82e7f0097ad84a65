"""Read an Open Terms Archive *dataset*: a release zip, or the folder it unzips to.

Layout: ``<Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md``, one file per version,
possibly all under one top-level folder, with a README.md (and LICENSE) beside the
services. Files directly under the root are metadata; hidden files and ``__MACOSX/``
are ignored; anything else is an unexpected layout and an error naming the member.

A dataset carries no commit messages, so no version is marked technical; the version's
``source_id`` is its member path. Versions come in time order (then service, terms
type), so every document's versions are in time order.

A zip is untrusted input. Members with absolute paths, ``..`` components or backslashes,
symbolic links, duplicate names, members larger than ``max_member_bytes``, a total
larger than ``max_total_bytes``, or a compression ratio beyond ``max_ratio`` (a zip
bomb) are refused with an error naming the member, before any version is yielded; sizes
are enforced again while reading, since a zip's declared sizes can lie.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from govgraph.errors import InputError
from govgraph.loaders.base import DocumentRef, RecordedVersion, SourceInfo
from govgraph.loaders.ota import (
    LICENCE,
    CollectionMeta,
    Declarations,
    attribution,
    find_beside,
    resolve_jurisdiction,
)

__all__ = ["OtaDataset", "parse_timestamp"]

MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 1_000_000
_TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})(?:\.(\d{1,6})\d*)?Z")
_README_TITLE = re.compile(r"^#\s+(.+)$", re.M)
_DATASET_SUFFIX = re.compile(r"[-_ ](?:versions|dataset)(?:[-_ ].*)?$", re.I)
_CODE_SUFFIX = re.compile(r"-[a-z]{2}$")


def parse_timestamp(name: str, where: str) -> datetime:
    """The time of a dataset file name ``YYYY-MM-DDTHH-MM-SSZ`` (UTC)."""
    match = _TIMESTAMP.fullmatch(name)
    if not match:
        raise InputError(f"{where}: file name {name!r} is not a timestamp YYYY-MM-DDTHH-MM-SSZ")
    year, month, day, hour, minute, second, fraction = match.groups()
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0").ljust(6, "0")),
            tzinfo=UTC,
        )
    except ValueError as exc:
        raise InputError(f"{where}: file name {name!r} is not a valid time ({exc})") from None


def _parse_since(since: str) -> datetime:
    text = since.strip()
    match = _TIMESTAMP.fullmatch(text.removesuffix(".md"))
    if match:
        return parse_timestamp(text.removesuffix(".md"), "since")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"since {since!r} is not a time (ISO 8601, or a dataset file name)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Entry:
    member: str  # name inside the zip, or path relative to the folder
    service: str
    terms_type: str
    moment: datetime


def _ignored(parts: tuple[str, ...]) -> bool:
    return parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts)


class OtaDataset:
    """An OTA dataset zip or folder: its description and its versions."""

    def __init__(
        self,
        path: Path | str,
        jurisdiction: str | None = None,
        metadata: Path | None = None,
        declarations: Path | None = None,
        *,
        max_member_bytes: int = MAX_MEMBER_BYTES,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        max_ratio: float = MAX_RATIO,
    ) -> None:
        self.path = Path(path).expanduser().resolve()
        self.max_member_bytes = max_member_bytes
        self.max_total_bytes = max_total_bytes
        self.max_ratio = max_ratio
        if not self.path.exists():
            raise InputError(f"{self.path} does not exist")
        self.is_zip = self.path.is_file()
        members = self._zip_members() if self.is_zip else self._folder_members()
        self._entries, self._prefix, readme_member = self._layout(members)
        readme = self._read(readme_member) if readme_member else None
        title = _README_TITLE.search(readme) if readme else None
        self.title = title.group(1).strip() if title else None
        names = self._names()
        meta_path = metadata or find_beside(self.path, names[0], "metadata.yml", want_dir=False)
        self.meta = CollectionMeta.read(Path(meta_path) if meta_path else None)
        self.collection = self.meta.id or names[0]
        decl = declarations or find_beside(
            self.path, self.collection, "declarations", want_dir=True
        )
        self.declarations = Declarations(Path(decl) if decl else None)
        coded = next((n for n in names if _CODE_SUFFIX.search(n)), self.collection)
        self.jurisdiction, self.jurisdiction_note = resolve_jurisdiction(
            jurisdiction, self.meta, coded, self.path
        )
        self.info = SourceInfo(
            kind="ota-dataset",
            location=str(self.path),
            head=self._fingerprint(),
            collection=self.collection,
            licence=LICENCE,
            attribution=attribution(self.meta.name or self.collection, self.meta.curators),
        )
        self._documents: dict[tuple[str, str], DocumentRef] = {}

    def _fingerprint(self) -> str:
        """A digest of the dataset's member names, sizes and checksums (or mtimes).

        Stored as the source's ``head``: an unchanged dataset is then recognised without
        reading a single version.
        """
        digest = hashlib.sha256()
        if self.is_zip:
            try:
                with zipfile.ZipFile(self.path) as archive:
                    for info in sorted(archive.infolist(), key=lambda i: i.filename):
                        digest.update(f"{info.filename}\0{info.CRC}\0{info.file_size}\n".encode())
            except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError) as exc:
                raise InputError(f"{self.path} is not a readable zip file ({exc})") from None
        else:
            for root, dirs, files in os.walk(self.path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    entry = (Path(root) / name).lstat()
                    rel = (Path(root) / name).relative_to(self.path).as_posix()
                    digest.update(f"{rel}\0{entry.st_size}\0{entry.st_mtime_ns}\n".encode())
        return "sha256:" + digest.hexdigest()[:32]

    # -- listing and checks

    def _check_name(self, name: str) -> tuple[str, ...]:
        if (
            name.startswith(("/", "\\"))
            or "\\" in name
            or re.match(r"[A-Za-z]:", name)
            or "\0" in name
        ):
            raise InputError(f"{self.path}: member {name!r} has an absolute or unsafe path")
        parts = tuple(p for p in PurePosixPath(name).parts if p != ".")
        if ".." in parts:
            raise InputError(f"{self.path}: member {name!r} escapes the archive (path traversal)")
        return parts

    def _zip_members(self) -> list[tuple[tuple[str, ...], str]]:
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError) as exc:
            raise InputError(f"{self.path} is not a readable zip file ({exc})") from None
        members: list[tuple[tuple[str, ...], str]] = []
        seen: set[str] = set()
        total = 0
        with archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise InputError(f"{self.path} has {len(infos)} members, more than {MAX_MEMBERS}")
            for info in infos:
                name = info.filename
                parts = self._check_name(name)
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise InputError(f"{self.path}: member {name!r} is a symbolic link")
                if info.is_dir() or not parts:
                    continue
                if name in seen:
                    raise InputError(f"{self.path}: member {name!r} appears twice")
                seen.add(name)
                if _ignored(parts):
                    continue
                self._check_size(name, info.file_size, info.compress_size)
                total += info.file_size
                if total > self.max_total_bytes:
                    raise InputError(
                        f"{self.path}: uncompressed size passes {self.max_total_bytes} bytes "
                        f"at member {name!r} (zip bomb?)"
                    )
                members.append((parts, name))
        return members

    def _check_size(self, name: str, size: int, compressed: int) -> None:
        if size > self.max_member_bytes:
            raise InputError(
                f"{self.path}: member {name!r} is {size} bytes, over the "
                f"{self.max_member_bytes}-byte limit"
            )
        if size > 1024 * 1024 and size > self.max_ratio * max(compressed, 1):
            raise InputError(
                f"{self.path}: member {name!r} compresses {size / max(compressed, 1):.0f}:1, "
                f"beyond {self.max_ratio}:1 (zip bomb?)"
            )

    def _folder_members(self) -> list[tuple[tuple[str, ...], str]]:
        if not self.path.is_dir():
            raise InputError(f"{self.path} is neither a zip file nor a folder")
        members: list[tuple[tuple[str, ...], str]] = []
        total = 0
        for root, dirs, files in os.walk(self.path, followlinks=False):
            rel_root = Path(root).relative_to(self.path)
            for name in [*dirs, *files]:
                full = Path(root) / name
                rel = (rel_root / name).as_posix()
                if full.is_symlink():
                    raise InputError(f"{self.path}: {rel!r} is a symbolic link")
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__MACOSX")
            for name in sorted(files):
                rel = (rel_root / name).as_posix()
                parts = tuple(PurePosixPath(rel).parts)
                if _ignored(parts):
                    continue
                size = (Path(root) / name).stat().st_size
                self._check_size(rel, size, size)
                total += size
                if total > self.max_total_bytes:
                    raise InputError(
                        f"{self.path}: size passes {self.max_total_bytes} bytes at {rel!r}"
                    )
                members.append((parts, rel))
        return members

    def _layout(
        self, members: list[tuple[tuple[str, ...], str]]
    ) -> tuple[list[_Entry], str | None, str | None]:
        """Version entries sorted by time, the stripped top folder, and the README member."""
        tops = {parts[0] for parts, _ in members if len(parts) > 1}
        roots = {parts[0] for parts, _ in members if len(parts) == 1}
        prefix = None
        if len(tops) == 1 and not roots and any(len(p) == 4 for p, _ in members):
            prefix = next(iter(tops))
            members = [(parts[1:], name) for parts, name in members]
        entries: list[_Entry] = []
        readme = None
        for parts, name in members:
            if len(parts) == 1:
                if parts[0].lower() == "readme.md":
                    readme = name
                continue
            if len(parts) != 3 or not parts[2].endswith(".md"):
                raise InputError(
                    f"{self.path}: unexpected member {name!r}: an OTA dataset holds "
                    "<Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md"
                )
            moment = parse_timestamp(parts[2][:-3], f"{self.path}: {name}")
            entries.append(_Entry(name, parts[0], parts[1], moment))
        if not entries:
            raise InputError(
                f"{self.path} holds no versions <Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md"
            )
        entries.sort(key=lambda e: (e.moment, e.service, e.terms_type))
        for before, after in itertools.pairwise(entries):
            if (before.moment, before.service, before.terms_type) == (
                after.moment,
                after.service,
                after.terms_type,
            ):
                raise InputError(
                    f"{self.path}: {before.member!r} and {after.member!r} are versions of the "
                    "same document at the same time: remove one"
                )
        return entries, prefix, readme

    def _names(self) -> list[str]:
        """Candidate collection names: README title, top folder, file or folder name."""
        names: list[str] = []
        if self.title:
            title = self.title.removeprefix("Open Terms Archive").strip(" —-")
            title = re.sub(r"\s+—\s+[^—]*dataset$", "", title).strip()
            if title:
                names.append(title)
        for raw in (self._prefix, self.path.stem if self.is_zip else self.path.name):
            if raw:
                names.append(_DATASET_SUFFIX.sub("", raw) or raw)
        return names or [self.path.name]

    # -- reading

    def _read(self, member: str) -> str:
        if not self.is_zip:
            return self._read_member(None, member)
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError) as exc:
            raise InputError(f"{self.path} is not a readable zip file ({exc})") from None
        with archive:
            return self._read_member(archive, member)

    def document(self, service: str, terms_type: str) -> DocumentRef:
        """The reference of one document (same object for all its versions)."""
        key = (service, terms_type)
        if key not in self._documents:
            self._documents[key] = DocumentRef(
                platform=service,
                terms_type=terms_type,
                jurisdiction=self.jurisdiction,
                source_url=self.declarations.current_url(service, terms_type),
                jurisdiction_note=self.jurisdiction_note,
            )
        return self._documents[key]

    def versions(self, since: str | None = None) -> Iterator[RecordedVersion]:
        """Versions in time order; with ``since`` (a time), only those recorded after it."""
        after = _parse_since(since) if since else None
        archive = None
        if self.is_zip:
            try:
                archive = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError) as exc:
                raise InputError(f"{self.path} is not a readable zip file ({exc})") from None
        try:
            for entry in self._entries:
                if after is not None and entry.moment <= after:
                    continue
                yield RecordedVersion(
                    document=self.document(entry.service, entry.terms_type),
                    recorded_at=entry.moment,
                    source_id=entry.member,
                    text=self._read_member(archive, entry.member),
                    source_url=self.declarations.url_at(
                        entry.service, entry.terms_type, entry.moment
                    ),
                )
        finally:
            if archive is not None:
                archive.close()

    def _read_member(self, archive: zipfile.ZipFile | None, member: str) -> str:
        """A member's text, reading at most one byte past the size limit."""
        try:
            if archive is None:
                with open(self.path / member, "rb") as handle:
                    data = handle.read(self.max_member_bytes + 1)
            else:
                with archive.open(member) as handle:
                    data = handle.read(self.max_member_bytes + 1)
        except (
            zipfile.BadZipFile,
            OSError,
            RuntimeError,
            EOFError,
            zlib.error,
            NotImplementedError,
            ValueError,
        ) as exc:
            raise InputError(f"{self.path}: cannot read member {member!r} ({exc})") from None
        if len(data) > self.max_member_bytes:
            raise InputError(f"{self.path}: member {member!r} is larger than it declares")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{self.path}: {member} is not UTF-8 (byte {exc.start})") from None
