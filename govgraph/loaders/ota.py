"""Read an Open Terms Archive *versions* repository (a local git clone).

Every commit of such a repository records new versions of documents at
``<Service>/<Terms type>.md``. ``OtaRepository.versions()`` walks the history once with
two long-lived git processes: one ``git log`` listing every commit with the files it
touched, one ``git cat-file --batch`` serving the texts, so the cost does not grow with
a process per file.

Choices, each made so a load is reproducible and nothing is counted twice:

* History is the *first-parent chain* of HEAD, oldest first. A merge commit is diffed
  against its first parent, so whatever a merged branch brought arrives once, at the
  merge; the branch's own commits are not walked.
* Only regular files at depth two ending in ``.md`` are documents (not the root
  README.md, LICENSE, ``.github/...``). A deleted document yields no version; the
  deletion is recorded in ``OtaRepository.deletions`` for whoever wants to close it.
* A text that is not UTF-8 raises ``InputError`` naming the commit and the path: a load
  that silently skipped versions would give wrong intervals.
* OTA's repository template ships demo documents (GitHub, Buffer, npm ...) in its
  "Initial commit", deleted by the "Adapt template automatically" commit that makes the
  collection. Those placeholders are not the collection's terms: their versions and
  their deletion are skipped and counted in ``template_skipped``.
* "Refilter ..." and "Apply technical or declaration upgrade on ..." commits are
  *technical*: OTA re-recorded the document after changing its extraction, not because
  the terms changed.
* Jurisdiction: the explicit argument wins; else ``metadata.yml``'s ``jurisdictions``
  when it lists exactly one; else a collection id ending in a two-letter code
  (``vlopses-us`` -> ``US``), noted in ``DocumentRef.jurisdiction_note``; else an error.
* Source URLs come from ``declarations/<Service>.json`` (``terms.<type>.fetch``, or the
  ``combine[].fetch`` URLs joined with single spaces, main page first: the text was
  assembled from all of them). ``<Service>.history.json`` holds earlier declarations
  valid until ``validUntil``; a version gets the URL valid at its recording time.
  ``DocumentRef.source_url`` is the current URL (or, for a document no longer declared,
  the last historical one).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import yaml
from pydantic import ValidationError

from govgraph.errors import GovgraphError, InputError
from govgraph.ids import format_time
from govgraph.loaders.base import DocumentRef, RecordedVersion, SourceInfo

__all__ = [
    "CollectionMeta",
    "Declarations",
    "Deletion",
    "OtaRepository",
    "is_technical",
    "resolve_jurisdiction",
]

LICENCE = "ODC-BY-1.0"
_TECHNICAL = ("Refilter ", "Apply technical or declaration upgrade on ")
_TEMPLATE_ADAPT = "Adapt template automatically"
_README_COLLECTION = re.compile(r"^#\s+Versions of terms from the \*([^*\s]+)\* collection", re.M)
_README_CURATORS = re.compile(
    r"tracked by (?:the )?(.+?),?\s+(?:✍️\s*)?using \[?Open\sTerms\sArchive"
)
_CODE_SUFFIX = re.compile(r"-([a-z]{2})$")
_SAFE_ENV = {"LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}


def is_technical(message: str) -> bool:
    """A commit that re-records a document after an extraction change, not a change of terms."""
    return message.startswith(_TECHNICAL)


# ------------------------------------------------------------------ collection metadata


@dataclass(frozen=True)
class CollectionMeta:
    """What a collection says about itself (metadata.yml and README)."""

    id: str | None = None
    name: str | None = None
    jurisdictions: tuple[str, ...] = ()
    curators: tuple[str, ...] = ()
    source: Path | None = None

    @classmethod
    def read(cls, path: Path | None) -> CollectionMeta:
        """Parse metadata.yml; a missing path gives empty metadata, a broken one an error."""
        if path is None:
            return cls()
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise InputError(
                f"cannot read collection metadata {path}: {_first_line(exc)}"
            ) from None
        if not isinstance(data, dict):
            raise InputError(f"collection metadata {path} is not a YAML mapping")
        jurisdictions = data.get("jurisdictions") or []
        if isinstance(jurisdictions, str):
            jurisdictions = [jurisdictions]
        governance = data.get("governance") or {}
        curators = tuple(
            str(name)
            for name, entry in governance.items()
            if isinstance(entry, dict) and "curator" in (entry.get("roles") or [])
        )
        return cls(
            id=str(data["id"]) if data.get("id") else None,
            name=str(data["name"]) if data.get("name") else None,
            jurisdictions=tuple(str(j) for j in jurisdictions),
            curators=curators,
            source=path,
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def readme_collection(readme: str | None) -> tuple[str | None, tuple[str, ...]]:
    """Collection id and curators as OTA's generated README states them."""
    if not readme:
        return None, ()
    match = _README_COLLECTION.search(readme)
    curators = _README_CURATORS.search(readme)
    names: tuple[str, ...] = ()
    if curators:
        names = (re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", curators.group(1)).strip(),)
    return (match.group(1) if match else None), names


def attribution(name: str | None, curators: tuple[str, ...]) -> str:
    """The credit ODC-BY requires: OTA contributors and the collection's curators."""
    who = ", ".join(curators) if curators else "the collection's curators"
    label = f'the "{name}" collection' if name else "this collection"
    return (
        f"Contains data from Open Terms Archive contributors; {label} is curated by {who}. "
        "Licensed under the Open Data Commons Attribution License (ODC-BY 1.0)."
    )


def resolve_jurisdiction(
    explicit: str | None, meta: CollectionMeta, collection: str | None, location: Path
) -> tuple[str, str | None]:
    """The jurisdiction of a collection's documents and, when inferred, how."""
    if explicit is not None:
        return check_jurisdiction(explicit), None
    if len(meta.jurisdictions) == 1:
        return check_jurisdiction(meta.jurisdictions[0]), None
    if collection:
        match = _CODE_SUFFIX.search(collection.lower())
        if match:
            code = check_jurisdiction(match.group(1).upper())
            return code, (
                f"inferred from the collection name {collection!r}: the collection does not "
                "state its jurisdiction"
            )
    several = f" (its metadata lists {', '.join(meta.jurisdictions)})" if meta.jurisdictions else ""
    raise InputError(f"cannot tell the jurisdiction of {location}{several}: give --jurisdiction")


def check_jurisdiction(code: str) -> str:
    """Validate a jurisdiction code the way the records do; InputError when it is not one."""
    try:
        DocumentRef(platform="x", terms_type="x", jurisdiction=code)
    except ValidationError:
        raise InputError(
            f"unknown jurisdiction code {code!r}: use an ISO 3166 code (e.g. 'DE', 'US-CA') or 'EU'"
        ) from None
    return code


# ------------------------------------------------------------------ declarations


def _parse_time(value: str, where: Path) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{where}: validUntil {value!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def declaration_url(entry: Any) -> str | None:
    """The URL(s) a declaration fetches: ``fetch``, or every ``combine[].fetch``."""
    if not isinstance(entry, dict):
        return None
    if isinstance(entry.get("fetch"), str):
        return entry["fetch"]
    urls = [
        part["fetch"]
        for part in entry.get("combine") or []
        if isinstance(part, dict) and isinstance(part.get("fetch"), str)
    ]
    return " ".join(urls) if urls else None


class Declarations:
    """Source URLs of a collection's documents, current and historical."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._services: dict[str, tuple[dict[str, str | None], dict[str, list]]] = {}

    def _load(self, service: str) -> tuple[dict[str, str | None], dict[str, list]]:
        if service in self._services:
            return self._services[service]
        current: dict[str, str | None] = {}
        history: dict[str, list[tuple[datetime, str | None]]] = {}
        if self.folder is not None:
            main = self.folder / f"{service}.json"
            if main.is_file():
                data = _read_json(main)
                terms = data.get("terms") if isinstance(data, dict) else None
                for terms_type, entry in (terms or {}).items():
                    current[terms_type] = declaration_url(entry)
            past = self.folder / f"{service}.history.json"
            if past.is_file():
                data = _read_json(past)
                for terms_type, entries in (data if isinstance(data, dict) else {}).items():
                    dated = []
                    for entry in entries if isinstance(entries, list) else []:
                        until = entry.get("validUntil") or entry.get("ValidUntil")
                        if isinstance(until, str):
                            dated.append((_parse_time(until, past), declaration_url(entry)))
                    history[terms_type] = sorted(dated, key=lambda d: d[0])
        self._services[service] = (current, history)
        return current, history

    def current_url(self, service: str, terms_type: str) -> str | None:
        """The URL declared now, or the last historical one for a document no longer declared."""
        current, history = self._load(service)
        if current.get(terms_type):
            return current[terms_type]
        past = history.get(terms_type)
        return past[-1][1] if past else None

    def url_at(self, service: str, terms_type: str, moment: datetime) -> str | None:
        """The URL whose declaration was valid at ``moment`` (validUntil inclusive)."""
        _current, history = self._load(service)
        for until, url in history.get(terms_type, ()):
            if moment <= until:
                return url
        return self.current_url(service, terms_type)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read declaration {path}: {_first_line(exc)}") from None


def find_beside(root: Path, collection: str | None, name: str, want_dir: bool) -> Path | None:
    """Find metadata.yml or declarations/ in the repository, beside it, or in a sibling
    ``<collection>-declarations`` checkout (OTA's own repository layout)."""
    places = [root / name, root.parent / name]
    if collection:
        places.append(root.parent / f"{collection}-declarations" / name)
    for place in places:
        if place.is_dir() if want_dir else place.is_file():
            return place
    return None


# ------------------------------------------------------------------ git plumbing


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            check=check,
            env={**os.environ, **_SAFE_ENV},
        )
    except FileNotFoundError:
        raise GovgraphError(
            "git is not installed: it is needed to read a versions repository"
        ) from None
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[0] if message else f"git {args[0]} failed"
        raise InputError(f"{repo}: {detail.removeprefix('fatal: ')}") from None


def _nul_tokens(stream: IO[bytes]) -> Iterator[bytes]:
    """NUL-separated tokens of a stream, read in large chunks."""
    rest = b""
    while True:
        chunk = stream.read(1 << 16)
        if not chunk:
            break
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


@dataclass(frozen=True)
class Deletion:
    """A document removed from the repository by a commit."""

    document: DocumentRef
    recorded_at: str
    source_id: str
    message: str


@dataclass(frozen=True)
class _Change:
    status: str
    mode: str
    blob: str
    path: str


class _BlobReader:
    """One ``git cat-file --batch`` process serving blob contents by id."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.proc = subprocess.Popen(
            ["git", "-C", str(repo), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **_SAFE_ENV},
        )

    def read(self, blob: str) -> bytes:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(blob.encode("ascii") + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise InputError(
                f"{self.repo}: object {blob} is missing or not a file (corrupt clone?)"
            )
        size = int(header[2])
        data = self.proc.stdout.read(size + 1)
        if len(data) != size + 1:
            raise InputError(f"{self.repo}: object {blob} is truncated (corrupt clone?)")
        return data[:size]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


# ------------------------------------------------------------------ the loader


class OtaRepository:
    """An Open Terms Archive versions repository: its description and its versions."""

    def __init__(
        self,
        path: Path | str,
        jurisdiction: str | None = None,
        metadata: Path | None = None,
        declarations: Path | None = None,
    ) -> None:
        self.path = Path(path).expanduser().resolve()
        self._check_repository()
        self.head = self._head()
        readme = self._show("README.md")
        readme_id, readme_curators = readme_collection(readme)
        guess_id = readme_id or self._name_from_path()
        meta_path = metadata or find_beside(self.path, guess_id, "metadata.yml", want_dir=False)
        if metadata is not None and not Path(metadata).is_file():
            raise InputError(f"collection metadata {metadata} does not exist")
        self.meta = CollectionMeta.read(Path(meta_path) if meta_path else None)
        self.collection = self.meta.id or guess_id
        decl = declarations or find_beside(
            self.path, self.collection, "declarations", want_dir=True
        )
        if declarations is not None and not Path(declarations).is_dir():
            raise InputError(f"declarations folder {declarations} does not exist")
        self.declarations = Declarations(Path(decl) if decl else None)
        self.jurisdiction, self.jurisdiction_note = resolve_jurisdiction(
            jurisdiction, self.meta, self.collection, self.path
        )
        licence_text = self._show("LICENSE")
        licence = LICENCE
        if licence_text and "Attribution" not in licence_text[:2000]:
            licence = licence_text.strip().splitlines()[0].lstrip("# ").strip() or None
        self.info = SourceInfo(
            kind="ota-repository",
            location=str(self.path),
            collection=self.collection,
            head=self.head,
            licence=licence,
            attribution=attribution(
                self.meta.name or self.collection, self.meta.curators or readme_curators
            ),
        )
        self.deletions: list[Deletion] = []
        self.commits_read = 0
        self.template_skipped = 0  # template placeholder versions and deletions skipped
        self._documents: dict[tuple[str, str], DocumentRef] = {}

    # -- checks

    def _check_repository(self) -> None:
        path = self.path
        if not path.exists():
            raise InputError(f"{path} does not exist")
        if not path.is_dir():
            raise InputError(f"{path} is not a directory, so not a versions repository")
        probe = _git(path, "rev-parse", "--is-bare-repository", "--absolute-git-dir", check=False)
        if probe.returncode != 0:
            raise InputError(f"{path} is not a git repository")
        bare, git_dir = probe.stdout.decode("utf-8", "replace").split("\n")[:2]
        if bare == "true":
            if Path(git_dir).resolve() != path:
                raise InputError(f"{path} is inside the git repository {git_dir}, not its root")
            return
        top = _git(path, "rev-parse", "--show-toplevel").stdout.decode("utf-8", "replace").strip()
        if Path(top).resolve() != path:
            raise InputError(f"{path} is inside the git repository {top}: give {top}")

    def _head(self) -> str:
        head = _git(self.path, "rev-parse", "--verify", "-q", "HEAD^{commit}", check=False)
        if head.returncode != 0 or not head.stdout.strip():
            raise InputError(f"{self.path} is a git repository with no commits")
        return head.stdout.decode("ascii").strip()

    def _show(self, name: str) -> str | None:
        shown = _git(self.path, "cat-file", "blob", f"{self.head}:{name}", check=False)
        return shown.stdout.decode("utf-8", "replace") if shown.returncode == 0 else None

    def _name_from_path(self) -> str:
        name = self.path.name
        if name in ("versions", ".git"):  # <collection>/versions, or a .git directory
            name = self.path.parent.name
        return name.removesuffix(".git").removesuffix("-versions")

    def _resolve_since(self, since: str) -> str:
        found = _git(self.path, "rev-parse", "--verify", "-q", f"{since}^{{commit}}", check=False)
        if found.returncode != 0:
            raise InputError(f"commit {since!r} is not in the repository {self.path}")
        commit = found.stdout.decode("ascii").strip()
        ancestor = _git(self.path, "merge-base", "--is-ancestor", commit, self.head, check=False)
        if ancestor.returncode != 0:
            raise InputError(
                f"commit {since!r} is not in the history of {self.path}'s HEAD (rewritten history?)"
            )
        return commit

    # -- documents

    def document(self, service: str, terms_type: str) -> DocumentRef:
        """The reference of one document of this collection (same object for every version)."""
        key = (service, terms_type)
        ref = self._documents.get(key)
        if ref is None:
            ref = DocumentRef(
                platform=service,
                terms_type=terms_type,
                jurisdiction=self.jurisdiction,
                source_url=self.declarations.current_url(service, terms_type),
                jurisdiction_note=self.jurisdiction_note,
            )
            self._documents[key] = ref
        return ref

    @staticmethod
    def document_path(path: str) -> tuple[str, str] | None:
        """(service, terms type) for ``<Service>/<Terms type>.md``, None for other files."""
        parts = path.split("/")
        if len(parts) != 2 or not parts[1].endswith(".md"):
            return None
        service, name = parts[0], parts[1][:-3]
        if not service or not name or service.startswith("."):
            return None
        return service, name

    # -- versions

    def _log(self, since: str | None) -> subprocess.Popen[bytes]:
        revs = f"{since}..{self.head}" if since else self.head
        command = [
            *("git", "-C", str(self.path), "-c", "log.showSignature=false", "log", "-z"),
            *("--reverse", "--first-parent", "-m", "--no-renames", "--no-abbrev", "--raw"),
            *("--no-color", "--no-ext-diff", "--format=%x01%H%x1f%aI%x1f%s", revs, "--"),
        ]
        return subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **_SAFE_ENV},
        )

    def _commits(self, since: str | None) -> Iterator[tuple[str, str, str, list[_Change]]]:
        """(hash, author date, subject, changes) per commit, oldest first."""
        proc = self._log(since)
        assert proc.stdout is not None and proc.stderr is not None
        current: tuple[str, str, str] | None = None
        changes: list[_Change] = []
        pending: list[str] | None = None
        try:
            for token in _nul_tokens(proc.stdout):
                token = token.lstrip(b"\n")
                if pending is not None:
                    try:
                        path = token.decode("utf-8")
                    except UnicodeDecodeError:
                        where = current[0][:12] if current else "?"
                        raise InputError(
                            f"{self.path}: commit {where} touches a path that is not UTF-8: "
                            f"{token!r}"
                        ) from None
                    changes.append(_Change(pending[4], pending[1], pending[3], path))
                    pending = None
                elif token.startswith(b"\x01"):
                    if current is not None:
                        yield (*current, changes)
                    fields = token[1:].decode("utf-8", "replace").split("\x1f", 2)
                    if len(fields) != 3:
                        raise InputError(f"{self.path}: unexpected git log output {token[:80]!r}")
                    current = (fields[0], fields[1], fields[2])
                    changes = []
                elif token.startswith(b":"):
                    pending = token[1:].decode("ascii", "replace").split()
                    if len(pending) < 5:
                        raise InputError(f"{self.path}: unexpected git log output {token[:80]!r}")
            if current is not None:
                yield (*current, changes)
            err = proc.stderr.read()
            if proc.wait() != 0:
                detail = err.decode("utf-8", "replace").strip().splitlines()
                raise InputError(f"{self.path}: git log failed: {detail[0] if detail else '?'}")
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()
            proc.stderr.close()

    def versions(self, since: str | None = None) -> Iterator[RecordedVersion]:
        """Recorded versions in commit order (oldest first); with ``since`` (a commit of this
        repository), only those of commits after it."""
        start = self._resolve_since(since) if since else None
        if start == self.head:
            return
        commits = list(self._commits(start))  # metadata only: small even for long histories
        placeholders: dict[str, int] = {}  # template document path -> index of its removal
        for position, (_commit, _date, subject, changes) in enumerate(commits):
            if subject.strip() == _TEMPLATE_ADAPT:
                for change in changes:
                    if change.status.startswith("D"):
                        placeholders.setdefault(change.path, position)
        blobs = _BlobReader(self.path)
        try:
            for position, (commit, date, subject, changes) in enumerate(commits):
                self.commits_read += 1
                moment = datetime.fromisoformat(date).astimezone(UTC)
                technical = is_technical(subject)
                for change in changes:
                    doc = self.document_path(change.path)
                    if doc is None:
                        continue
                    if position <= placeholders.get(change.path, -1):
                        self.template_skipped += 1
                        continue
                    if change.status.startswith("D"):
                        self.deletions.append(
                            Deletion(self.document(*doc), format_time(moment), commit, subject)
                        )
                        continue
                    if not change.mode.startswith("100"):  # symlink, submodule
                        continue
                    raw = blobs.read(change.blob)
                    try:
                        text = raw.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        raise InputError(
                            f"{change.path} at commit {commit[:12]} in {self.path} is not UTF-8 "
                            f"(byte {exc.start})"
                        ) from None
                    yield RecordedVersion(
                        document=self.document(*doc),
                        recorded_at=moment,
                        source_id=commit,
                        text=text,
                        technical=technical,
                        source_url=self.declarations.url_at(doc[0], doc[1], moment),
                        message=subject,
                    )
        finally:
            blobs.close()
