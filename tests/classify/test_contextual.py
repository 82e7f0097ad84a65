"""The contextual model: its numpy encoder, its weight format, and how classify() uses it."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from govgraph.categories import category_ids
from govgraph.classify import classifier_version, classify_many
from govgraph.classify.contextual import (
    HEADS,
    MAX_TOKENS,
    _erf,
    load_contextual_model,
    parse_model,
    quantise,
)
from govgraph.cli.app import get_app

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "we", "may", "train", "models", "on", "your", "data"]
HIDDEN, INNER, LAYERS = 2 * HEADS, 4 * HEADS, 2


def tiny_arrays(seed: int = 0) -> dict[str, np.ndarray]:
    """A random two-layer BERT small enough to check against a plain reference."""
    rng = np.random.default_rng(seed)

    def r(*shape: int) -> np.ndarray:
        return rng.normal(scale=0.5, size=shape).astype(np.float32)

    state = {
        "embeddings.word_embeddings.weight": r(len(VOCAB), HIDDEN),
        "embeddings.position_embeddings.weight": r(MAX_TOKENS, HIDDEN),
        "embeddings.token_type_embeddings.weight": r(2, HIDDEN),
        "embeddings.LayerNorm.weight": 1 + r(HIDDEN) * 0.1,
        "embeddings.LayerNorm.bias": r(HIDDEN) * 0.1,
        "head.weight": r(3, HIDDEN),
        "head.bias": r(3),
    }
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        for name in ("query", "key", "value"):
            state[p + f"attention.self.{name}.weight"] = r(HIDDEN, HIDDEN)
            state[p + f"attention.self.{name}.bias"] = r(HIDDEN)
        state[p + "attention.output.dense.weight"] = r(HIDDEN, HIDDEN)
        state[p + "attention.output.dense.bias"] = r(HIDDEN)
        state[p + "intermediate.dense.weight"] = r(INNER, HIDDEN)
        state[p + "intermediate.dense.bias"] = r(INNER)
        state[p + "output.dense.weight"] = r(HIDDEN, INNER)
        state[p + "output.dense.bias"] = r(HIDDEN)
        for block in ("attention.output.LayerNorm", "output.LayerNorm"):
            state[p + block + ".weight"] = 1 + r(HIDDEN) * 0.1
            state[p + block + ".bias"] = r(HIDDEN) * 0.1
    arrays = {f"w:{k}": v for k, v in state.items()}
    arrays |= {
        "name": np.array("tiny"),
        "categories": np.array(["a", "b", "c"]),
        "active": np.array(["a", "c"]),
        "thresholds": np.array([0.5, 0.5, 0.9]),
        "vocabulary": np.array(VOCAB),
    }
    return arrays


def reference_probabilities(arrays: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """BERT for one unpadded sequence, head by head with explicit softmax: the spec."""
    w = {k[2:]: v.astype(np.float64) for k, v in arrays.items() if k.startswith("w:")}

    def norm(x: np.ndarray, name: str) -> np.ndarray:
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * w[name + ".weight"] + w[name + ".bias"]

    def linear(x: np.ndarray, name: str) -> np.ndarray:
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    n = len(ids)
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:n]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = norm(x, "embeddings.LayerNorm")
    size = HIDDEN // HEADS
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        q, k, v = (linear(x, p + f"attention.self.{n}") for n in ("query", "key", "value"))
        context = np.zeros_like(x)
        for h in range(HEADS):
            cols = slice(h * size, (h + 1) * size)
            scores = q[:, cols] @ k[:, cols].T / math.sqrt(size)
            weights = np.exp(scores - scores.max(1, keepdims=True))
            weights /= weights.sum(1, keepdims=True)
            context[:, cols] = weights @ v[:, cols]
        x = norm(
            linear(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm"
        )
        inner = linear(x, p + "intermediate.dense")
        inner = 0.5 * inner * (1 + np.vectorize(math.erf)(inner / math.sqrt(2)))
        x = norm(linear(inner, p + "output.dense") + x, p + "output.LayerNorm")
    pooled = x.mean(0)
    return 1 / (1 + np.exp(-(pooled @ w["head.weight"].T + w["head.bias"])))


def test_erf_matches_math_erf() -> None:
    xs = np.linspace(-6, 6, 2001)
    expected = np.array([math.erf(x) for x in xs])
    assert np.abs(_erf(xs) - expected).max() < 2e-7


def test_encoder_matches_the_plain_reference_and_ignores_padding() -> None:
    arrays = tiny_arrays()
    model = parse_model(arrays)
    texts = ["We may train models on your data", "your data", "train"]
    got = model.probabilities_many(texts)
    for row, text in zip(got, texts, strict=True):
        ids, _ = model.token_ids([text])
        expected = reference_probabilities(arrays, list(ids[0]))
        # one batch pads the shorter texts: padding must change nothing
        assert np.abs(row - expected).max() < 1e-5, text
    alone = model.probabilities_many(["your data"])
    assert np.abs(alone[0] - got[1]).max() < 1e-5


def test_token_ids_add_cls_and_sep_and_truncate() -> None:
    model = parse_model(tiny_arrays())
    ids, mask = model.token_ids(["we may", "data " * 500])
    assert list(ids[0][:4]) == [2, 4, 5, 3] and mask[0].sum() == 4
    assert ids.shape[1] == MAX_TOKENS and ids[1][-1] == 3 and mask[1].sum() == MAX_TOKENS


def test_quantise_keeps_matrices_within_half_a_step_per_row() -> None:
    rng = np.random.default_rng(1)
    matrix = rng.normal(size=(50, 30)).astype(np.float32)
    stored = quantise("m", matrix)
    assert stored["q:m"].dtype == np.int8
    restored = stored["q:m"].astype(np.float32) * stored["s:m"][:, None] / 127
    step = np.abs(matrix).max(1) / 127
    assert (np.abs(restored - matrix).max(1) <= step / 2 + 1e-7).all()
    assert set(quantise("v", matrix[0])) == {"w:v"}


def test_only_active_categories_above_threshold_are_scored() -> None:
    model = parse_model(tiny_arrays())
    texts = ["we may train models on your data", "your data", "may"]
    probabilities = model.probabilities_many(texts)
    for row, scores in zip(probabilities, model.scores_many(texts), strict=True):
        expected = {c for c, k in (("a", 0), ("c", 2)) if row[k] >= [0.5, 0.5, 0.9][k]}
        assert set(scores) == expected


# The shipped model


AI_TRAINING = (
    "We use the information we collect, including the content you provide, to train, "
    "test, and improve our technology, such as our machine learning models."
)


def test_shipped_model_is_complete_and_active_for_the_non_claudette_categories() -> None:
    model = load_contextual_model()
    assert model.categories == tuple(category_ids())
    assert "arbitration" not in model.active and "provider-trains-on-user-content" in model.active
    assert len(model.active) == 16
    assert classifier_version(contextual=True).endswith("+" + model.name)


def test_contextual_labels_are_added_with_method_and_evidence() -> None:
    texts = [AI_TRAINING, "You must be at least 13 years old to use the Services."]
    default, contextual = classify_many(texts), classify_many(texts, contextual=True)
    for before, after, text in zip(default, contextual, texts, strict=True):
        # the contextual model only adds: everything the default gave is kept as it was
        assert set(before) <= set(after)
        for label in set(after) - set(before):
            assert label.method.startswith("contextual:")
            assert text[label.evidence_start : label.evidence_end] == label.evidence
            assert 0.5 <= label.confidence <= 1
    assert "provider-trains-on-user-content" in {label.category for label in contextual[0]}


def test_cli_classify_and_eval_take_the_contextual_model(tmp_path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "text": AI_TRAINING}) + "\n")
    runner = CliRunner()
    result = runner.invoke(get_app(), ["classify", "-i", str(source), "--model", "contextual"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert "provider-trains-on-user-content" in record["categories"]
    bad = runner.invoke(get_app(), ["classify", "-i", str(source), "--model", "bert"])
    assert bad.exit_code != 0
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {"id": 1, "text": AI_TRAINING, "categories": ["provider-trains-on-user-content"]}
        )
        + "\n"
    )
    scored = runner.invoke(
        get_app(), ["eval", str(gold), "--model", "contextual", "--format", "json"]
    )
    assert scored.exit_code == 0, scored.output
    assert '"macro"' in scored.output


@pytest.mark.parametrize("text", ["", "   ", "x" * 5000])
def test_odd_texts_do_not_break_the_encoder(text: str) -> None:
    (scores,) = load_contextual_model().scores_many([text])
    assert isinstance(scores, dict)


def test_the_contextual_models_training_sets_leave_the_blind_rounds_blind() -> None:
    """No training paragraph is a near-duplicate (word Jaccard >= 0.8) of rounds 11-20.

    Those rounds are where contextual-v1 was measured (bench/results/classify.md);
    a training set that later took in their wording would make the figures a memory test.
    """
    import re
    import sys
    from pathlib import Path

    from govgraph.classify.evaluate import read_gold

    eval_dir = Path(__file__).resolve().parents[2] / "eval"
    sys.path.insert(0, str(eval_dir))
    try:
        from train_contextual import TRAIN_SETS
    finally:
        sys.path.remove(str(eval_dir))
    blind = [
        "heldout11",
        "heldout11c",
        "heldout11ai",
        "heldout12",
        "heldout12c",
        "heldout12ai",
        "heldout13",
        "heldout13c",
        "heldout13ai",
        "heldout15",
        "heldout15c",
        "heldout15ai",
        "heldout17pa",
        "heldout17pb",
        "heldout18c",
        "heldout18p",
        "heldout19",
        "heldout20a",
        "heldout20b",
    ]
    assert not set(blind) & set(TRAIN_SETS)

    def words(text: str) -> frozenset[str]:
        return frozenset(re.findall(r"\w+", text.lower()))

    # Round 15c drew CLAUDETTE sentences avoiding only earlier CLAUDETTE draws; one
    # sanctions-list sentence (no category, as its training twin train14b-145) came out
    # near a round-14 OTA paragraph. Round 18c drew the same way; one scraping-ban list
    # item of common boilerplate ("use any robot, spider, site search/retrieval
    # application ...") came out near round 7's train7-277, with the same label. Known;
    # any other overlap fails.
    known = {"heldout15c-055", "heldout18c-058"}
    held = [
        words(i.text)
        for name in blind
        for i in read_gold(eval_dir / "dev" / f"{name}.jsonl")
        if i.id not in known
    ]
    trained = [
        words(i.text) for name in TRAIN_SETS for i in read_gold(eval_dir / "dev" / f"{name}.jsonl")
    ]
    assert len(trained) >= 3000 and len(held) >= 1100
    by_size: dict[int, list[frozenset[str]]] = {}
    for w in held:
        by_size.setdefault(len(w), []).append(w)
    near = []
    for w in trained:
        n = len(w)
        # Jaccard >= 0.8 needs the smaller set to be >= 0.8 of the larger.
        for size in range(int(n * 0.8), int(n / 0.8) + 2):
            for other in by_size.get(size, []):
                if w and len(w & other) / len(w | other) >= 0.8:
                    near.append(sorted(w)[:8])
    assert near == []
