"""The linear model: the exported JSON scores as scikit-learn did (word, character and rule
blocks, folded Platt scaling), and the shipped weights are linear-v4."""

from __future__ import annotations

import gzip
import importlib.util
import math
import sys
from importlib import resources
from pathlib import Path

import pytest

from govgraph.classify import classify
from govgraph.classify.linear import load_model, parse_model
from tests.conftest import shared_path

REPO = Path(__file__).resolve().parents[2]


def _train_module():
    """eval/train_claudette.py as a module (it is a script, not part of the package)."""
    pytest.importorskip("sklearn", reason="the train extra (scikit-learn) is not installed")
    spec = importlib.util.spec_from_file_location(
        "train_claudette", REPO / "eval" / "train_claudette.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("classifier", "rules"), [("svm", False), ("logreg", True)])
def test_exported_model_scores_like_scikit_learn(classifier: str, rules: bool) -> None:
    """Fit on 8 companies, export unpruned, and compare run-time scores on 2 others.

    The run time reimplements TF-IDF, the char_wb block, rule features and the folded
    Platt scaling in pure Python: any mismatch shows up as a score difference here.
    """
    tc = _train_module()
    import numpy as np

    tc.WORD_PRUNE = tc.CHAR_PRUNE = 0.0  # compare the arithmetic, not the pruning
    texts, y, groups = tc.load(shared_path("data", "claudette"))
    companies = sorted(set(groups))[:10]
    rows = [i for i, g in enumerate(groups) if g in companies]
    texts = [texts[i] for i in rows]
    y, groups = y[rows], [groups[i] for i in rows]
    train = np.array([i for i, g in enumerate(groups) if g in companies[:8]])
    test = np.array([i for i, g in enumerate(groups) if g in companies[8:]])
    keep = [k for k in range(len(tc.CATEGORIES)) if y[train, k].any()]
    fired, _, _, rule_names = tc.rule_matrix(texts)
    chars, grams = tc.char_counts(texts)
    setup = tc.Setup(classifier=classifier, chars=True, rules=rules)
    fitted = tc.Fitted.fit(texts, chars, train, setup)
    x_train = fitted.transform(texts, chars, fired, train)
    x_test = fitted.transform(texts, chars, fired, test)
    coefs, intercepts, expected = [], [], []
    calibration = [(2.0, -0.5)] * len(tc.CATEGORIES)
    for k in range(len(tc.CATEGORIES)):
        if k not in keep:  # a category without positives here: a zero model
            coefs.append(np.zeros(x_train.shape[1]))
            intercepts.append(-1.0)
            expected.append(np.full(len(test), 2.0 * -1.0 - 0.5))
            continue
        model = setup.model().fit(x_train, y[train, k])
        coefs.append(model.coef_[0])
        intercepts.append(float(model.intercept_[0]))
        expected.append(2.0 * model.decision_function(x_test) - 0.5)
    raw = tc.export(
        fitted,
        grams,
        rule_names,
        np.array(coefs),
        np.array(intercepts),
        calibration,
        "linear-test",
    )
    runtime = parse_model(raw)
    got = np.array([runtime.scores(texts[i])[0] for i in test])
    assert got.shape == (len(test), len(tc.CATEGORIES))
    # Weights are rounded to 4 decimals in the JSON; a sentence sums a few hundred of them.
    assert np.abs(got - np.array(expected).T).max() < 0.02
    # The threshold is the calibrated probability at the decision margin.
    at_margin = 1 / (1 + math.exp(-(2.0 * setup.margin - 0.5)))
    assert runtime.thresholds[0] == pytest.approx(at_margin, abs=1e-4)


def test_platt_scaling_is_monotone_and_calibrated() -> None:
    """Held-out decision values -> a positive scale; probabilities track the positive rate."""
    tc = _train_module()
    import numpy as np

    rng = np.random.default_rng(0)
    gold = (rng.random(4000) < 0.2).astype(int)
    values = np.where(gold == 1, 1.0, -1.0) + rng.normal(0.0, 1.0, 4000)
    a, b = tc.platt(values, gold)
    assert a > 0
    predicted = 1 / (1 + np.exp(-(a * values + b)))
    assert predicted.mean() == pytest.approx(gold.mean(), abs=0.01)


def test_shipped_model_is_linear_v4_and_small() -> None:
    """Word n-grams and rule features, one threshold; its rules are the shipped rules."""
    from govgraph.classify.rules import load_rules

    model = load_model()
    assert model.name == "linear-v4"
    assert model.chars is None  # measured better on CLAUDETTE, worse on OTA: not shipped
    assert model.thresholds == [0.7] * len(model.categories)
    names = {rule.name for rule in load_rules()[1]}
    assert model.rule_weights and set(model.rule_weights) <= names
    path = resources.files("govgraph.classify").joinpath("linear.json.gz")
    data = path.read_bytes()
    assert len(data) < 3_000_000
    assert gzip.decompress(data).startswith(b"{")


# Real CLAUDETTE sentences (Dropbox's terms, labelled ter2 and law2 in the shared corpus).
CLAUDETTE_POSITIVE = [
    (
        "We reserve the right to suspend or terminate your access to the Services with notice "
        "to you if: (a) you’re in breach of these Terms, (b) you’re using the Services in a "
        "manner that would cause a real risk of harm or loss to us or other users, or (c) you "
        "don’t have a Paid Account and haven't accessed our Services for 12 consecutive "
        "months.",
        "unilateral-termination",
    ),
    (
        "These Terms will be governed by California law except for its conflicts of laws "
        "principles.",
        "governing-law",
    ),
]


def test_shipped_model_reads_real_sentences() -> None:
    """Known positives are labelled and an unrelated sentence is not (model scores)."""
    model = load_model()
    for text, category in CLAUDETTE_POSITIVE:
        probability = model.predict(text, [])
        assert category in probability, text
        assert category in {label.category for label in classify(text)}
    assert model.predict("Welcome to Amazon.co.uk.", []) == {}
