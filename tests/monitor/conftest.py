"""Fixtures for the monitoring tests: a small real collection and stores built from it.

The collection is a subset of the shared genai-eu history: every commit that touched a
few chosen documents, rebuilt with ``git fast-import`` (same texts, author dates and
messages), so a full load and a commit-by-commit replay take seconds, not minutes. The
documents are chosen for what they exercise: AI-training restrictions reworded (Grok's
acceptable use policy), training on user content added (Le Chat's terms of service), a
document that first appears mid-history (Vibe's privacy policy), a page that flips between
wordings so the same SUPERSEDES link recurs (Claude.ai acceptable use policy), a technical
re-record, and ordinary edits (ChatGPT's privacy policy). Since rules v13 no genai-eu
document loses an AI-training restriction outright (the privacy-policy "restrictions" that
used to disappear were the providers' own training statements, misread), so the
restriction-removed flag is tested on hand-made categories in test_events.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import shared_path

DOCUMENTS = (
    "ChatGPT/Privacy Policy.md",
    "Vibe/Privacy Policy.md",
    "Claude.ai/Acceptable Use Policy.md",
    "Grok/Acceptable Use Policy.md",
    "Le Chat/Terms of Service.md",
)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
    "LC_ALL": "C",
}


def git(repo: Path, *args: str, date: str | None = None, data: bytes | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(
        ["git", "-C", str(repo), *args], input=data, capture_output=True, check=True, env=env
    )
    return done.stdout.decode("utf-8")


def build_subset(full: Path, dest: Path, documents: tuple[str, ...] = DOCUMENTS) -> list[str]:
    """A repository holding only ``documents``' history from ``full``; its commits, oldest first.

    The first commit adds the collection's README and LICENSE (the loader reads the
    collection id from the README); then one commit per commit of ``full`` touching the
    documents, with that commit's author date, message and texts.
    """
    dest.mkdir(parents=True)
    git(dest, "init", "-q", "-b", "main")
    log = git(
        full, "log", "--first-parent", "--reverse", "--format=%H%x1f%aI%x1f%s", "--", *documents
    )
    stream = bytearray()

    def blob_data(content: bytes) -> None:
        stream.extend(b"data %d\n" % len(content) + content + b"\n")

    first = git(full, "rev-list", "--max-parents=0", "HEAD").split()[0]
    root_date = git(full, "log", "-1", "--format=%ad", "--date=raw", first).strip()
    stream.extend(b"commit refs/heads/main\n")
    stream.extend(f"committer Test <test@example.org> {root_date}\n".encode())
    blob_data(b"Initial commit")
    for name in ("README.md", "LICENSE"):
        content = subprocess.run(
            ["git", "-C", str(full), "show", f"HEAD:{name}"], capture_output=True, check=True
        ).stdout
        stream.extend(f"M 100644 inline {name}\n".encode())
        blob_data(content)
    for line in log.splitlines():
        commit, _iso, subject = line.split("\x1f", 2)
        raw_date = git(full, "log", "-1", "--format=%ad", "--date=raw", commit).strip()
        changes = git(
            full, "diff-tree", "--no-commit-id", "-r", "--no-renames", "--name-status",
            f"{commit}^", commit, "--", *documents,
        )  # fmt: skip
        stream.extend(b"commit refs/heads/main\n")
        stream.extend(f"author Test <test@example.org> {raw_date}\n".encode())
        stream.extend(f"committer Test <test@example.org> {raw_date}\n".encode())
        blob_data(subject.encode("utf-8"))
        for change in changes.splitlines():
            status, path = change.split("\t", 1)
            quoted = '"' + path.replace('"', '\\"') + '"'
            if status.startswith("D"):
                stream.extend(f"D {quoted}\n".encode())
                continue
            content = subprocess.run(
                ["git", "-C", str(full), "show", f"{commit}:{path}"],
                capture_output=True,
                check=True,
            ).stdout
            stream.extend(f"M 100644 inline {quoted}\n".encode())
            blob_data(content)
    git(dest, "fast-import", "--quiet", data=bytes(stream))
    git(dest, "reset", "-q", "--hard", "main")
    return git(dest, "rev-list", "--reverse", "main").split()


@dataclass(frozen=True)
class Collection:
    """The subset repository (upstream), its commits, and the folder it sits in."""

    upstream: Path
    commits: list[str]
    folder: Path

    def clone_at(self, name: str, commit: str) -> Path:
        """A clone of the upstream, reset to ``commit`` (beside the upstream, so the
        collection's declarations and metadata are found)."""
        dest = self.folder / name
        git(self.folder, "clone", "-q", str(self.upstream), str(dest))
        git(dest, "reset", "-q", "--hard", commit)
        return dest


@pytest.fixture(scope="session")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Collection:
    bundle = shared_path("data", "ota", "genai-eu", "versions.bundle")
    shared = bundle.parent
    folder = tmp_path_factory.mktemp("collection")
    full = folder / "full-genai-eu"
    subprocess.run(["git", "clone", "-q", str(bundle), str(full)], check=True, capture_output=True)
    upstream = folder / "genai-eu"
    commits = build_subset(full, upstream)
    shutil.copytree(shared / "declarations", folder / "declarations")
    shutil.copy(shared / "metadata.yml", folder / "metadata.yml")
    shutil.rmtree(full)
    return Collection(upstream, commits, folder)


@pytest.fixture(scope="session")
def full_store(collection: Collection, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole subset history loaded in one go."""
    from govgraph.ingest import load_source
    from govgraph.loaders.ota import OtaRepository

    store = tmp_path_factory.mktemp("full-store") / "store"
    load_source(OtaRepository(collection.upstream), store)
    return store


@pytest.fixture(scope="session")
def full_summaries(full_store: Path) -> list:
    """Change summaries of every version of the full load, from the events module."""
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.monitor.events import change_summaries
    from govgraph.queries.canned import StoreRunner

    with EmbeddedStore.open(full_store) as store:
        return change_summaries(StoreRunner(store))


def copy_store(store: Path, dest: Path) -> Path:
    """A private copy of a store directory (tests may write to it)."""
    shutil.copytree(store, dest, symlinks=True)
    return dest
