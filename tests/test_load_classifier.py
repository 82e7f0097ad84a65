"""A store keeps one classifier: loads record it, carry it on, and refuse another.

Real loads into real embedded stores, with the real opt-in models; the stored labels are
compared with ``classify_many`` called with the same choice, so a choice that did not reach
the classifier (or the worker process) fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govgraph.classifier_choice import (
    DEFAULT,
    UNRECORDED,
    ClassifierChoice,
    choice_for_store,
)
from govgraph.cli.app import get_app
from govgraph.errors import InputError
from govgraph.graph.embedded import EmbeddedStore
from govgraph.ingest import load_source
from tests.test_ingest import V1, V2, ListLoader

CONTEXTUAL = ClassifierChoice(contextual=True)
CLAUDETTE = ClassifierChoice(convention="claudette")
# V1 plus a paragraph on which the contextual model adds a label the default does not give.
AI_V1 = V1 + "\nWe use the content you provide to improve and train our machine learning models.\n"
AI_V2 = V2 + "\nWe use the content you provide to improve and train our machine learning models.\n"


def history(*texts: str) -> list[tuple[str, str, bool]]:
    return [(f"2026-0{month}-01T10:00:00Z", text, False) for month, text in enumerate(texts, 1)]


def stored_labels(path: Path) -> set[tuple[str, str, str]]:
    """(clause text, category, method) of every label in the store."""
    with EmbeddedStore.open(path) as store:
        rows = store.query(
            "MATCH (c:Clause)-[r:CLASSIFIED_AS]->(k:Category) RETURN c.text, k.id, r.method"
        ).rows
    return {tuple(row) for row in rows}


def expected_labels(path: Path, choice: ClassifierChoice) -> set[tuple[str, str, str]]:
    """What ``choice`` gives every clause the store holds."""
    with EmbeddedStore.open(path) as store:
        texts = [row[0] for row in store.query("MATCH (c:Clause) RETURN c.text").rows]
    return {
        (text, label.category, label.method)
        for text, labels in zip(texts, choice.classify_many(texts), strict=True)
        for label in labels
    }


def meta(path: Path) -> dict:
    generation = (path / "CURRENT").read_text().strip()
    return json.loads((path / generation / "meta.json").read_text())


def rewrite_meta(path: Path, change) -> None:
    generation = (path / "CURRENT").read_text().strip()
    file = path / generation / "meta.json"
    data = json.loads(file.read_text())
    change(data)
    file.write_text(json.dumps(data))


@pytest.mark.parametrize("workers", [0, 1])
def test_a_new_store_is_labelled_by_the_choice_and_records_it(tmp_path, workers) -> None:
    path = tmp_path / "store"
    summary = load_source(
        ListLoader(history(AI_V1), head="h1"), path, classifier=CONTEXTUAL, workers=workers
    )
    labels = stored_labels(path)
    assert labels == expected_labels(path, CONTEXTUAL)
    assert labels != expected_labels(path, DEFAULT)  # the test text tells them apart
    assert any(method.startswith("contextual:") for _, _, method in labels)
    assert summary.classifier == meta(path)["classifier"] == CONTEXTUAL.version


def test_a_later_load_keeps_the_stores_classifier(tmp_path) -> None:
    path = tmp_path / "store"
    load_source(ListLoader(history(V1), head="h1"), path, classifier=CONTEXTUAL)
    summary = load_source(ListLoader(history(V1, AI_V2), head="h2"), path)  # no choice given
    assert summary.new_clauses > 0 and not summary.warnings
    assert stored_labels(path) == expected_labels(path, CONTEXTUAL)
    assert meta(path)["classifier"] == CONTEXTUAL.version


def test_a_default_store_stays_default(tmp_path) -> None:
    path = tmp_path / "store"
    load_source(ListLoader(history(V1), head="h1"), path)
    load_source(ListLoader(history(V1, AI_V2), head="h2"), path, classifier=DEFAULT)
    assert stored_labels(path) == expected_labels(path, DEFAULT)
    assert meta(path)["classifier"] == DEFAULT.version


@pytest.mark.parametrize("asked", [DEFAULT, CLAUDETTE, ClassifierChoice(True, "claudette")])
def test_another_classifier_is_refused_and_the_store_is_unchanged(tmp_path, asked) -> None:
    path = tmp_path / "store"
    load_source(ListLoader(history(V1), head="h1"), path, classifier=CONTEXTUAL)
    before = (path / "CURRENT").read_text(), sorted(p.name for p in path.iterdir())
    with pytest.raises(InputError) as refused:
        load_source(ListLoader(history(V1, AI_V2), head="h2"), path, classifier=asked)
    message = str(refused.value)
    assert "\n" not in message
    assert str(path) in message and CONTEXTUAL.version in message
    assert "--model contextual" in message and asked.options in message
    assert ((path / "CURRENT").read_text(), sorted(p.name for p in path.iterdir())) == before


def test_a_store_that_predates_the_record_counts_as_default(tmp_path) -> None:
    path = tmp_path / "store"
    load_source(ListLoader(history(V1), head="h1"), path)
    rewrite_meta(path, lambda data: data.pop("classifier"))
    with EmbeddedStore.open(path) as store:
        assert store.classifier is None
    with pytest.raises(InputError, match="was labelled by the default classifier"):
        load_source(ListLoader(history(V1, AI_V2), head="h2"), path, classifier=CONTEXTUAL)
    summary = load_source(ListLoader(history(V1, AI_V2), head="h2"), path)
    assert summary.warnings == [
        f"the store's earlier clauses were labelled by {UNRECORDED}; "
        f"the clauses new in this load by {DEFAULT.version}"
    ]
    assert meta(path)["classifier"] == DEFAULT.version


def test_a_newer_version_of_the_same_choice_loads_with_a_warning(tmp_path) -> None:
    path = tmp_path / "store"
    load_source(ListLoader(history(V1), head="h1"), path, classifier=CONTEXTUAL)
    older = "rules-v15+linear-v3+embed-v2+contextual-v0"
    rewrite_meta(path, lambda data: data.update(classifier=older))
    summary = load_source(ListLoader(history(V1, AI_V2), head="h2"), path)
    assert len(summary.warnings) == 1 and older in summary.warnings[0]
    assert meta(path)["classifier"] == CONTEXTUAL.version
    # the contextual choice was carried on, not replaced by the default
    assert any(m.startswith("contextual:") for _, _, m in stored_labels(path))


def test_a_store_with_only_reference_data_takes_any_choice(tmp_path) -> None:
    path = tmp_path / "store"
    load_source(ListLoader(history(V1), head="h1"), path, classifier=CLAUDETTE)
    # A write that classifies nothing (here: the reference data alone) keeps the record.
    with EmbeddedStore.open_for_write(path) as txn:
        assert txn.classifier == CLAUDETTE.version
    assert meta(path)["classifier"] == CLAUDETTE.version
    empty = tmp_path / "empty"
    with EmbeddedStore.open_for_write(empty):
        pass
    assert choice_for_store(CONTEXTUAL, None, empty) == CONTEXTUAL
    assert "classifier" not in meta(empty)


def test_the_choice_round_trips_through_its_version_string() -> None:
    for contextual in (False, True):
        for convention in ("definitions", "claudette"):
            choice = ClassifierChoice(contextual, convention)
            assert ClassifierChoice.of_version(choice.version) == choice
    assert ClassifierChoice.of_version(UNRECORDED) == DEFAULT
    with pytest.raises(ValueError, match="unknown convention 'lexglue'"):
        ClassifierChoice(convention="lexglue")


def test_the_store_choice_rules() -> None:
    recorded = CONTEXTUAL.version
    assert choice_for_store(None, None, "s") == DEFAULT
    assert choice_for_store(CLAUDETTE, None, "s") == CLAUDETTE
    assert choice_for_store(None, recorded, "s") == CONTEXTUAL
    assert choice_for_store(CONTEXTUAL, recorded, "s") == CONTEXTUAL
    with pytest.raises(InputError, match="the store s was labelled by"):
        choice_for_store(DEFAULT, recorded, "s")


def test_cli_load_takes_the_options_and_refuses_a_conflict(tmp_path) -> None:
    runner = CliRunner()
    document = tmp_path / "terms.md"
    document.write_text(AI_V1, "utf-8")
    path = tmp_path / "store"
    args = ["load", "document", str(document), "--platform", "Acme AI", "--type", "Terms"]
    args += ["-j", "EU", "--store", str(path)]
    loaded = runner.invoke(get_app(), [*args, "--date", "2026-01-01", "--model", "contextual"])
    assert loaded.exit_code == 0, loaded.output
    assert CONTEXTUAL.version in loaded.output
    assert stored_labels(path) == expected_labels(path, CONTEXTUAL)
    before = (path / "CURRENT").read_text()
    refused = runner.invoke(
        get_app(), [*args, "--date", "2026-02-01", "--convention", "claudette", "-f", "json"]
    )
    assert refused.exit_code == 1
    errors = [line for line in refused.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "--convention claudette" in errors[0], refused.output
    assert (path / "CURRENT").read_text() == before
    kept = runner.invoke(get_app(), [*args, "--date", "2026-02-01", "-f", "json"])
    assert kept.exit_code == 0, kept.output
    rows = {row["item"]: row["count"] for row in json.loads(kept.output)}
    assert rows["classifier"] == CONTEXTUAL.version
    bad = runner.invoke(get_app(), [*args, "--date", "2026-03-01", "--model", "bert"])
    assert bad.exit_code == 2 and "bert" in bad.output
