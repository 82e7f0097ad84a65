"""Synthesise a versions repository larger than the shared collections (issue 10, item 4).

Why this way: OTA's real large collections (about 42,000 commits, 390 services) are not on
this machine, but their shape is: many services, each with a long first-parent history of
document versions. ``build`` replays the first-parent histories of real clones ``copies``
times, each copy under renamed services (``ChatGPT`` -> ``ChatGPT 2``), interleaved by
recording time into one chain of commits, so every copy's documents are open at the same
time (the worst case for memory: all documents' open intervals are live together).

Git plumbing only: the new repository borrows the source clones' objects through
``objects/info/alternates`` and ``git fast-import`` writes commits and trees that point at
the existing blobs, so no text is copied and building 30,000 commits takes seconds.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Commit:
    """One first-parent commit of a source: its time, subject and document changes."""

    when: int  # author time, seconds since the epoch
    subject: str
    changes: tuple[tuple[str, str, str], ...]  # (status, blob, "Service/Type.md")


def read_commits(repo: Path) -> list[Commit]:
    """First-parent history of HEAD, oldest first, with depth-2 ``.md`` changes only."""
    raw = subprocess.run(
        [
            *("git", "-C", str(repo), "log", "-z", "--reverse", "--first-parent", "-m"),
            *("--no-renames", "--no-abbrev", "--raw", "--format=%x01%at%x1f%s", "HEAD"),
        ],
        capture_output=True,
        check=True,
    ).stdout
    commits: list[Commit] = []
    head: tuple[int, str] | None = None
    changes: list[tuple[str, str, str]] = []
    pending: list[str] | None = None
    for token in raw.split(b"\x00"):
        token = token.lstrip(b"\n")
        if pending is not None:
            path = token.decode("utf-8")
            parts = path.split("/")
            new_mode, blob, status = pending[1], pending[3], pending[4]
            if len(parts) == 2 and parts[1].endswith(".md"):
                if status.startswith("D"):
                    changes.append((status, "", path))
                elif new_mode.startswith("100"):
                    changes.append((status, blob, path))
            pending = None
        elif token.startswith(b"\x01"):
            if head is not None:
                commits.append(Commit(head[0], head[1], tuple(changes)))
            when, subject = token[1:].decode("utf-8", "replace").split("\x1f", 1)
            head, changes = (int(when), subject), []
        elif token.startswith(b":"):
            pending = token[1:].decode("ascii").split()  # modes, blobs, status
    if head is not None:
        commits.append(Commit(head[0], head[1], tuple(changes)))
    return commits


def renamed(path: str, copy: int) -> str:
    """``Service/Type.md`` of copy ``copy`` (copy 1 keeps the real names)."""
    if copy == 1:
        return path
    service, name = path.split("/", 1)
    return f"{service} {copy}/{name}"


def build(sources: list[Path], target: Path, copies: int) -> dict[str, int]:
    """Create ``target`` (a new git repository) holding ``copies`` renamed copies of every
    source's history, interleaved by time. Returns counts."""
    if copies < 1:
        raise ValueError(f"copies must be at least 1, not {copies}")
    target.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(target)], check=True)
    alternates = target / ".git" / "objects" / "info" / "alternates"
    objects = []
    for source in sources:
        found = subprocess.run(
            ["git", "-C", str(source), "rev-parse", "--git-path", "objects"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        objects.append(str((source / found).resolve()))
    alternates.write_text("\n".join(objects) + "\n", "utf-8")
    events: list[tuple[int, int, int, int, Commit]] = []
    for s, source in enumerate(sources):
        for i, commit in enumerate(read_commits(source)):
            for copy in range(1, copies + 1):
                events.append((commit.when, s, i, copy, commit))
    events.sort(key=lambda e: e[:4])
    stream = bytearray()
    written = 0
    for when, _s, _i, copy, commit in events:
        if not commit.changes:
            continue
        message = commit.subject.encode("utf-8") + b"\n"
        stream += b"commit refs/heads/main\n"
        stream += f"author Bench <bench@invalid> {when} +0000\n".encode()
        stream += f"committer Bench <bench@invalid> {when} +0000\n".encode()
        stream += f"data {len(message)}\n".encode() + message
        for status, blob, path in commit.changes:
            name = renamed(path, copy).encode("utf-8")
            if status.startswith("D"):
                stream += b"D " + name + b"\n"
            else:
                stream += f"M 100644 {blob} ".encode() + name + b"\n"
        stream += b"\n"
        written += 1
    subprocess.run(
        ["git", "-C", str(target), "fast-import", "--quiet"], input=bytes(stream), check=True
    )
    # No checkout: the loader reads commits and blobs, never the working tree.
    return {"commits": written, "copies": copies, "sources": len(sources)}
