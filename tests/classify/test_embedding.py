"""The embedding model: its tokenizer, its arithmetic, and how classify() uses it."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from tokenizers import Tokenizer, normalizers, pre_tokenizers
from tokenizers.models import WordPiece as HFWordPiece

from govgraph.categories import category_ids
from govgraph.classify import classify, rules_and_linear
from govgraph.classify.embedding import MODEL_FILE, load_embedding_model, parse_model
from govgraph.classify.wordpiece import WordPiece, normalise

DEV = Path(__file__).resolve().parents[2] / "eval" / "dev"
VOCAB = ["[PAD]", "[UNK]", "un", "##aff", "##able", "run", "##ning", ",", "!", "cafe", "中", "a"]


def dev_texts() -> list[str]:
    return [
        json.loads(line)["text"] for path in sorted(DEV.glob("*.jsonl")) for line in path.open()
    ]


def model():
    loaded = load_embedding_model()
    assert loaded is not None, f"govgraph/classify/{MODEL_FILE} is missing"
    return loaded


def test_wordpiece_greedy_longest_match_and_unknown_words() -> None:
    pieces = WordPiece(VOCAB)
    ids = {token: i for i, token in enumerate(VOCAB)}
    assert pieces.encode("unaffable") == [ids["un"], ids["##aff"], ids["##able"]]
    assert pieces.encode("Running, RUN!") == [
        ids["run"],
        ids["##ning"],
        ids[","],
        ids["run"],
        ids["!"],
    ]
    assert pieces.encode("unknownword") == [ids["[UNK]"]]  # not coverable: the whole word
    assert pieces.encode("Café") == [ids["cafe"]]  # lower-cased, accent stripped
    assert pieces.encode("a中a") == [ids["a"], ids["中"], ids["a"]]  # CJK split off
    assert pieces.encode("a\x00\x07a") == [ids["[UNK]"]]  # controls dropped: "aa" is unknown
    assert pieces.encode("a" * 101) == [ids["[UNK]"]]  # longer than 100 characters


def test_normalise_cleans_spaces_and_marks() -> None:
    assert normalise("A\tB\nC\u00a0D\x85E") == "a b c de"
    assert normalise("Ångström") == "angstrom"
    assert normalise("emoji 😀 Æ") == "emoji 😀 æ"  # beyond the BMP: the slow path


def test_wordpiece_matches_hugging_face_tokenizers_on_real_clauses() -> None:
    """The pure-Python tokenizer gives the ids BERT's reference implementation gives."""
    vocabulary = list(model().tokenizer.ids)
    reference = Tokenizer(
        HFWordPiece(
            {token: i for i, token in enumerate(vocabulary)},
            unk_token="[UNK]",
            max_input_chars_per_word=100,
        )
    )
    reference.normalizer = normalizers.BertNormalizer(lowercase=True)
    reference.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    ours = WordPiece(vocabulary)
    texts = [*dev_texts(), "Ünïcödé «quotes» – dash\u200b zero-width 中文 \U0001f600 end"]
    differing = [
        t for t in texts if ours.encode(t) != reference.encode(t, add_special_tokens=False).ids
    ]
    assert len(texts) > 1000
    assert differing == []


def test_probabilities_are_the_documented_formula() -> None:
    """Mean of the de-quantised token vectors, unit length, logistic regression."""
    path = resources.files("govgraph.classify").joinpath(MODEL_FILE)
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        raw = {key: data[key] for key in data.files}
    loaded = model()
    text = "We may share your personal information with our advertising partners."
    ids = [i for i in WordPiece([str(t) for t in raw["vocabulary"]]).encode(text) if i != 1]
    vectors = raw["vectors_int8"][ids].astype(np.float64) * raw["scales"][ids, None] / 127.0
    mean = vectors.mean(axis=0)
    expected = 1 / (
        1 + np.exp(-(raw["weights"] @ (mean / np.linalg.norm(mean)) + raw["intercepts"]))
    )
    assert np.allclose(loaded.probabilities(text), expected, atol=1e-5)
    assert list(loaded.categories) == list(category_ids())


def test_a_text_without_known_tokens_gets_no_label() -> None:
    assert model().predict("") == {}
    assert model().predict("\x00\x01") == {}


def test_classify_adds_confident_embedding_labels_only_where_the_others_gave_none() -> None:
    loaded = model()
    added = 0
    for text in dev_texts():
        base = {label.category for label in rules_and_linear(text)}
        for label in classify(text):
            if not label.method.startswith("embedding:"):
                continue
            added += 1
            assert label.method == f"embedding:{loaded.name}"
            assert label.category not in base
            assert (
                label.confidence >= loaded.thresholds[category_ids().index(label.category)] - 1e-4
            )
            assert text[label.evidence_start : label.evidence_end] == label.evidence
            assert label.evidence.strip() == label.evidence and label.evidence
    assert added > 0, "the embedding model should add some labels on the development sets"


def test_parse_model_respects_thresholds() -> None:
    """A threshold above every probability silences the model; zero labels every category."""
    path = resources.files("govgraph.classify").joinpath(MODEL_FILE)
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        raw = {key: data[key] for key in data.files}
    text = "Your personal data may be transferred to servers outside your country."
    silent = parse_model(raw | {"thresholds": np.full(len(raw["categories"]), 1.01)})
    assert silent.predict(text) == {}
    everything = parse_model(raw | {"thresholds": np.zeros(len(raw["categories"]))})
    assert set(everything.predict(text)) == set(category_ids())


@pytest.mark.parametrize("bad", [None, 3])
def test_classify_rejects_non_text(bad) -> None:
    with pytest.raises(TypeError):
        classify(bad)
