"""Bad input never crashes the CLI or corrupts the store.

Every nasty input ends one of two ways: a one-line ``error: ...`` with exit code 1 and a
store whose digest (every record and triple) and live generation are unchanged, or a
successful load after which ``govgraph check`` passes. Files live in ``corpus/``
(small ones) or are generated here (big ones).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from govgraph.check import check_store
from govgraph.graph.embedded import EmbeddedStore
from tests.reliability.conftest import current_generation, invoke, store_digest

CORPUS = Path(__file__).parent / "corpus"
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DOC_ARGS = ["--platform", "Nasty", "--type", "Terms of Service", "-j", "EU", "--date", "2026-05-01"]

# What a user should get for each corpus document: refused (with this in the message) or loaded.
DOCUMENTS_REFUSED = {
    "empty.md": "has no text",
    "whitespace-only.txt": "has no text",
    "latin1.txt": "not UTF-8",
    "mixed-encoding.md": "not UTF-8",
    "utf16-no-bom.txt": "NUL",
    "nul-bytes.txt": "NUL",
    "binary.bin": "not UTF-8",
    "png-header.html": "not UTF-8",
    "only-links.md": "has no text",
    "only-punctuation.md": "has no text",
    "invisible.md": "has no text",
    "script-only.html": "has no text",
    "headings-only.md": "has no text",
    "nested-brackets.md": "has no text",  # a fragment made only of a link is not a clause
}
DOCUMENTS_LOADED = [
    "utf16-bom.txt",
    "utf8-bom.md",
    "bidi-overrides.md",
    "unclosed-tags.html",
    "entities.html",
    "crlf-cr.txt",
    "control-chars.md",
    "surrogate-escapes.md",
    "emphasis-storm.md",
    "table-ragged.md",
    "front-matter.md",
]
DATASETS_REFUSED = {
    "dataset-traversal.zip": "path traversal",
    "dataset-deep-traversal.zip": "path traversal",
    "dataset-absolute.zip": "absolute or unsafe path",
    "dataset-backslash.zip": "absolute or unsafe path",
    "dataset-drive.zip": "absolute or unsafe path",
    "dataset-symlink.zip": "symbolic link",
    "dataset-duplicate.zip": "appears twice",
    "dataset-wrong-layout.zip": "unexpected member",
    "dataset-too-deep.zip": "unexpected member",
    "dataset-bad-timestamp.zip": "is not a timestamp",
    "dataset-invalid-time.zip": "not a valid time",
    "dataset-non-utf8.zip": "not UTF-8",
    "dataset-empty.zip": "holds no versions",
    "dataset-readme-only.zip": "holds no versions",
    "dataset-nul-name.zip": "unexpected member",
}


def assert_refused(result, store: Path, before: tuple[str, str], match: str) -> None:
    """Exit 1, one ``error:`` line naming the problem, no traceback, store unchanged."""
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.output
    assert match in errors[0], errors[0]
    assert "Traceback" not in result.output
    assert (current_generation(store), store_digest(store)) == before


def snapshot(store: Path) -> tuple[str, str]:
    return current_generation(store), store_digest(store)


def assert_store_ok(store: Path) -> None:
    with EmbeddedStore.open(store) as embedded:
        report = check_store(embedded, shacl=False)
    assert report.ok, [r.as_dict(5) for r in report.failed()]


def test_corpus_is_complete() -> None:
    """Every corpus file has an expected outcome here (a new file needs one)."""
    named = set(DOCUMENTS_REFUSED) | set(DOCUMENTS_LOADED) | set(DATASETS_REFUSED)
    present = {p.name for p in CORPUS.iterdir() if not p.name.startswith("classify-")}
    assert present == named


@pytest.mark.parametrize("name", sorted(DOCUMENTS_REFUSED))
def test_corpus_document_refused(name: str, store: Path, cli) -> None:
    before = snapshot(store)
    result = invoke(cli, "load", "document", CORPUS / name, *DOC_ARGS, "--store", store)
    assert_refused(result, store, before, DOCUMENTS_REFUSED[name])


def test_corpus_documents_loaded(store: Path, cli) -> None:
    for number, name in enumerate(DOCUMENTS_LOADED):
        args = ["--platform", f"Nasty {number}", "--type", "Terms", "-j", "EU"]
        result = invoke(
            cli, "load", "document", CORPUS / name, *args, "--date", "2026-05-01", "--store", store
        )
        assert result.exit_code == 0, (name, result.output)
    assert_store_ok(store)
    with EmbeddedStore.open(store) as embedded:
        rows = embedded.query("MATCH (d:Document) WHERE d.platform STARTS WITH 'Nasty' RETURN d.id")
    assert len(rows.rows) == len(DOCUMENTS_LOADED)


@pytest.mark.parametrize("name", sorted(DATASETS_REFUSED))
def test_corpus_dataset_refused(name: str, store: Path, cli) -> None:
    before = snapshot(store)
    result = invoke(cli, "load", "ota", CORPUS / name, "-j", "EU", "--store", store)
    assert_refused(result, store, before, DATASETS_REFUSED[name])
