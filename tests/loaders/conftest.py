"""Fixtures for loader tests: clones of the shared OTA bundles and tiny git repositories."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import shared_path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``repo`` with a fixed identity (and author/committer date if given)."""
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = date
        env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True, env=env)
    return done.stdout.decode("utf-8")


def clone_bundle(name: str, dest: Path) -> Path:
    """Clone the shared ``data/ota/<name>/versions.bundle`` into ``dest``."""
    bundle = shared_path("data", "ota", name, "versions.bundle")
    dest.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "-q", str(bundle), str(dest)], check=True, capture_output=True)
    return dest


@pytest.fixture(scope="session")
def genai_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """genai-eu cloned to <tmp>/genai-eu/versions, no metadata beside it."""
    return clone_bundle("genai-eu", tmp_path_factory.mktemp("clones") / "genai-eu" / "versions")


@pytest.fixture(scope="session")
def genai_shared() -> Path:
    """The shared genai-eu folder (metadata.yml, declarations/)."""
    return shared_path("data", "ota", "genai-eu")


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """An empty git repository under tmp_path (name given), main branch."""

    def make(name: str = "repo") -> Path:
        repo = tmp_path / name
        repo.mkdir(parents=True)
        git(repo, "init", "-q", "-b", "main")
        return repo

    return make


def commit_files(repo: Path, files: dict[str, bytes | str | None], message: str, date: str) -> str:
    """Write (or delete, for None) files and commit them; returns the commit hash."""
    for rel, content in files.items():
        target = repo / rel
        if content is None:
            git(repo, "rm", "-q", rel)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        target.write_bytes(content)
        git(repo, "add", rel)
    git(repo, "commit", "-q", "--allow-empty", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()
