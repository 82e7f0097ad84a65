"""The CLAUDETTE convention: claudette-v2 decides the 8 CLAUDETTE categories alone."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from typer.testing import CliRunner

from govgraph.classify import classifier_version, classify_many
from govgraph.classify.contextual import load_claudette_model
from govgraph.classify.linear import load_model
from govgraph.cli.app import get_app
from tests.conftest import shared_path

CORE_CHANGE = "We reserve the right to modify these Terms at any time at our sole discretion."
# How a change is announced: the definitions count it (procedure and context), CLAUDETTE
# tags only the core sentence that grants the right to change.
PROCEDURE_ONLY = "We will notify you of changes by posting the new Terms on this page."
TEXTS = [
    CORE_CHANGE,
    PROCEDURE_ONLY,
    "These Terms shall be governed by the laws of the State of California.",
    "You may opt out of this arbitration agreement by sending us written notice within 30 days.",
    "We use the content you provide to train our machine learning models.",
    "You must be at least 13 years old to use the Services.",
]


def test_shipped_model_judges_the_linear_models_categories_at_0_8() -> None:
    model = load_claudette_model()
    assert model.name == "claudette-v2"
    assert model.categories == model.active == tuple(load_model().categories)
    assert np.allclose(model.thresholds, 0.8)
    assert classifier_version(convention="claudette").endswith("+claudette-v2")
    assert classifier_version(True, "claudette").endswith("+contextual-v1+claudette-v2")


def test_claudette_labels_replace_the_8_and_leave_the_rest_alone() -> None:
    model = load_claudette_model()
    replaced = set(model.active)
    default = classify_many(TEXTS)
    claudette = classify_many(TEXTS, convention="claudette")
    probabilities = model.probabilities_many(TEXTS)
    for text, before, after, row in zip(TEXTS, default, claudette, probabilities, strict=True):
        assert [label for label in before if label.category not in replaced] == [
            label for label in after if label.category not in replaced
        ]
        mine = [label for label in after if label.category in replaced]
        expected = {c for k, c in enumerate(model.categories) if row[k] >= 0.8}
        assert {label.category for label in mine} == expected
        for label in mine:
            assert label.method == "contextual:claudette-v2"
            assert label.confidence >= 0.8
            assert text[label.evidence_start : label.evidence_end] == label.evidence


def test_the_conventions_differ_where_claudette_tags_only_the_core_sentence() -> None:
    default, claudette = (
        [{label.category for label in labels} for labels in classify_many(TEXTS, convention=c)]
        for c in ("definitions", "claudette")
    )
    assert "unilateral-change" in default[0] and "unilateral-change" in claudette[0]
    assert "unilateral-change" in default[1] and "unilateral-change" not in claudette[1]
    assert "governing-law" in claudette[2]


def test_unknown_convention_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown convention 'lexglue'"):
        classify_many(TEXTS, convention="lexglue")


def test_cli_classify_and_eval_take_the_convention(tmp_path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(TEXTS[:2]))
    )
    runner = CliRunner()
    result = runner.invoke(get_app(), ["classify", "-i", str(source), "--convention", "claudette"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert "unilateral-change" in first["categories"]
    assert "unilateral-change" not in second["categories"]
    bad = runner.invoke(get_app(), ["classify", "-i", str(source), "--convention", "lexglue"])
    assert bad.exit_code != 0
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": 1, "text": PROCEDURE_ONLY, "categories": ["unilateral-change"]}) + "\n"
    )
    scored = {
        convention: runner.invoke(
            get_app(), ["eval", str(gold), "--convention", convention, "--format", "json"]
        )
        for convention in ("definitions", "claudette")
    }
    for result in scored.values():
        assert result.exit_code == 0, result.output
    recall = {
        convention: next(
            row["recall"]
            for row in json.loads(result.output)
            if row["category"] == "unilateral-change"
        )
        for convention, result in scored.items()
    }
    assert recall == {"definitions": 1.0, "claudette": 0.0}


def test_the_shipped_weights_reproduce_claudettes_tags_on_its_training_text() -> None:
    """On sentences it was trained on, claudette-v2 must fit CLAUDETTE's tags.

    Not a quality estimate (bench/results/classify.md has the held-out-company one, 0.763):
    a broken export, tokenizer, quantisation or category order shows here as a poor fit
    (two epochs do not memorise: the fit on these two companies is about 0.82).
    """
    root = shared_path("data", "claudette")
    texts: list[str] = []
    gold: list[set[str]] = []
    codes = {
        "a": "arbitration",
        "ch": "unilateral-change",
        "cr": "content-removal",
        "j": "forum-selection",
        "law": "governing-law",
        "ltd": "liability-limitation",
        "ter": "unilateral-termination",
        "use": "acceptance-by-use",
    }
    for company in ("Zoom", "Tinder"):
        sentences = (root / "sentences" / f"{company}.txt").read_text("utf-8").split("\n")
        tags = (root / "tags" / f"{company}.txt").read_text("utf-8").split("\n")
        for text, tag in zip(sentences, tags, strict=False):
            if text.strip():
                texts.append(text)
                found = {re.sub(r"\d+$", "", t) for t in tag.split()}
                gold.append({codes[code] for code in found if code in codes})

    def macro_f1(convention: str) -> float:
        predicted = [
            {label.category for label in labels if label.category in codes.values()}
            for labels in classify_many(texts, convention=convention)
        ]
        f1s = []
        for category in codes.values():
            tp = sum(1 for g, p in zip(gold, predicted, strict=True) if category in g & p)
            support = sum(1 for g in gold if category in g)
            made = sum(1 for p in predicted if category in p)
            if support:
                f1s.append(2 * tp / (support + made))
        return sum(f1s) / len(f1s)

    assert macro_f1("claudette") >= 0.7


@pytest.mark.parametrize(
    ("option", "file_name"),
    [
        (["--convention", "claudette"], "claudette.npz"),
        (["--model", "contextual"], "contextual.npz"),
    ],
)
def test_a_missing_opt_in_model_is_one_line_naming_the_file(
    tmp_path, monkeypatch, option: list[str], file_name: str
) -> None:
    """An install without a model file (e.g. a trimmed wheel) fails before reading input."""
    import govgraph.classify.contextual as contextual

    monkeypatch.setattr(contextual, "bundled", lambda name: name != file_name)
    output = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        get_app(), ["classify", "-i", str(tmp_path / "absent.jsonl"), "-o", str(output), *option]
    )
    assert result.exit_code != 0
    assert f"this install has no {file_name}" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not output.exists()
