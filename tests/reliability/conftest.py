"""Fixtures for the reliability suite: small real stores, digests, and the CLI.

A store's *digest* is a hash of everything it holds on both sides (every record from the
property graph, every RDF triple), minus the one value that legitimately changes between
two loads of the same data (``Source.loaded_at``). Two stores with equal digests hold the
same graph; a store whose digest is unchanged after a failed command was not touched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govgraph.cli.app import get_app
from govgraph.graph.embedded import EmbeddedStore
from govgraph.ingest import load_source
from govgraph.loaders.base import DocumentRef, RecordedVersion, SourceInfo
from govgraph.models import Source
from tests.conftest import shared_path

REPO = Path(__file__).resolve().parents[2]
LOADED_AT = "https://w3id.org/govgraph/ontology#loadedAt"

REF = DocumentRef(platform="Acme AI", terms_type="Terms of Service", jurisdiction="EU")
V1 = """# Terms

## Using the service

You must be at least 13 years old to use the Services.

You may not use Output to develop models that compete with Acme.

We may change these Terms at any time.
"""
V2 = """# Terms

## Using the service

You must be at least 16 years old to use the Services.

You may not use Output to develop models that compete with Acme.

## Disputes

These Terms are governed by the laws of Ireland.
"""
V3 = V2 + "\nWe do not train our models on your content without your consent.\n"
HISTORY = [
    ("2026-01-01T10:00:00Z", V1),
    ("2026-02-01T10:00:00Z", V2),
    ("2026-03-01T10:00:00Z", V3),
    ("2026-04-01T10:00:00Z", V1),  # back to V1: clauses re-open in new intervals
]


class MemoryLoader:
    """A loader over texts held in memory (the protocol of govgraph.loaders.base)."""

    def __init__(self, texts: list[tuple[str, str]], *, ref: DocumentRef = REF) -> None:
        self.info = SourceInfo(kind="document", location=f"memory:{ref.platform}", head=None)
        self._texts = texts
        self._ref = ref

    def versions(self, since: str | None = None) -> Iterator[RecordedVersion]:
        for when, text in self._texts:
            yield RecordedVersion(
                document=self._ref, recorded_at=when, source_id=f"v-{when}", text=text
            )


def store_digest(path: Path) -> str:
    """A hash of every record and every triple of the store's live generation."""
    digest = hashlib.sha256()
    with EmbeddedStore.open(path) as store:
        lines = []
        for record in store.iter_records():
            data = record.model_dump(mode="json")
            if isinstance(record, Source):
                data.pop("loaded_at", None)
            lines.append(f"{type(record).__name__} {sorted(data.items())}")
        for line in sorted(lines):
            digest.update(line.encode() + b"\n")
        triples = sorted(
            f"{q.subject} {q.predicate} {q.object}"
            for q in store.rdf_store.quads_for_pattern(None, None, None)
            if q.predicate.value != LOADED_AT
        )
        for line in triples:
            digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def current_generation(path: Path) -> str:
    return (path / "CURRENT").read_text().strip()


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small real store (reference data + one document with four versions), built once."""
    path = tmp_path_factory.mktemp("template") / "store"
    summary = load_source(MemoryLoader(HISTORY), path)
    assert summary.versions == len(HISTORY)
    return path


@pytest.fixture
def store(template_store: Path, tmp_path: Path) -> Path:
    """A private copy of the template store for one test to change."""
    path = tmp_path / "store"
    shutil.copytree(template_store, path, symlinks=True)
    return path


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | bytes | None = None):
    """Run ``govgraph ARGS`` in-process, with the real app."""
    return runner.invoke(get_app(), [str(a) for a in args], input=input)


def govgraph_command() -> list[str]:
    """The command line of the govgraph CLI in a fresh interpreter."""
    return [sys.executable, "-c", "from govgraph.cli.app import main; main()"]


def run_govgraph(*args: str, timeout: float = 120, env: dict | None = None):
    """Run the CLI as a subprocess (for kills, locks and concurrency)."""
    return subprocess.run(
        [*govgraph_command(), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )


def shared_bundle(name: str) -> Path:
    return shared_path("data", "ota", name, "versions.bundle")
