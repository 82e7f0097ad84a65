"""The contextual model: a fine-tuned MiniLM encoder, run in numpy, for opt-in accuracy.

Why: the phrase rules, the linear model and the static embedding model see words, not who
does what to whose data. On blind sets of fresh wording, a MiniLM encoder fine-tuned on
the project's labelled paragraphs scored about as well as the whole rule system alone and
added most where the rules are weakest, the AI categories (bench/results/classify.md).
It costs ~50 times the default classifier's CPU time, so it is opt-in
(``govgraph classify --model contextual``), never part of the default whole-history load.

Why numpy and not PyTorch or onnxruntime: the encoder is six small transformer layers;
its forward pass is a dozen matrix products per layer, which numpy's BLAS runs about as
fast as those runtimes do on a CPU, and it keeps govgraph free of a several-hundred-MB
dependency. The tokenizer is the package's own WordPiece (wordpiece.py).

Architecture (BERT, as all-MiniLM-L6-v2, Apache-2.0): token + position + segment
embeddings and LayerNorm; 6 layers of 12-head self-attention and a GELU feed-forward
block, each with a residual and a post-LayerNorm; the mean of the last layer over the
real tokens; one linear layer to a logit per category. ``eval/train_contextual.py``
fine-tunes it and writes ``contextual.npz``: every weight matrix as int8 with one scale
per row (a quarter of float32's size), the vectors and biases as float32, the vocabulary,
the categories it decides and their thresholds.

Every label is auditable like the others: its method is ``contextual:<name>``, its
confidence the probability, its evidence the sentence of the clause scoring highest for
the category (scored again in one batch, only for the labels kept).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from govgraph.classify.evidence import best_sentences
from govgraph.classify.wordpiece import WordPiece

MODEL_FILE = "contextual.npz"
CLAUDETTE_MODEL_FILE = "claudette.npz"  # the same format, trained to CLAUDETTE's tags
MAX_TOKENS = 192  # the length it was fine-tuned at; longer clauses are truncated
HEADS = 12
LAYER_NORM_EPS = 1e-12


# Abramowitz and Stegun 7.1.26: erf(z) = 1 - t (a1 + t (a2 + ...)) exp(-z^2), t = 1/(1 + p z),
# for z >= 0, to ~1.5e-7. numpy has no erf, and BERT's GELU is the exact, erf-based one.
_ERF_P = 0.3275911
_ERF_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to ~1.5e-7 (for the tests; the encoder uses the fused form in _gelu)."""
    a = np.abs(x)
    t = 1.0 / (1.0 + _ERF_P * a)
    poly = np.zeros_like(t)
    for coefficient in reversed(_ERF_A):
        poly = (poly + coefficient) * t
    return np.sign(x) * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    """x * Phi(x) with the erf above, computed in place on float32.

    Why in place: on the feed-forward activations (tokens x 1536) a dozen temporary
    arrays made GELU 30% of the encoder's time; this form halves it. With
    y = (1 - erf(|x| / sqrt 2)) / 2, GELU is x (1 - y) for x >= 0 and x y for x < 0.
    """
    a = np.abs(x)
    a *= np.float32(1 / math.sqrt(2))
    t = a * np.float32(_ERF_P)
    t += 1
    np.reciprocal(t, out=t)
    y = np.zeros_like(t)
    for coefficient in reversed(_ERF_A):
        y += np.float32(coefficient)
        y *= t
    a *= a
    np.negative(a, out=a)
    np.exp(a, out=a)
    y *= a
    y *= np.float32(0.5)
    np.subtract(1, y, out=y, where=x >= 0)
    y *= x
    return y


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(variance + LAYER_NORM_EPS) * weight + bias


def _dense(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    return x @ w[name + ".weight"] + w[name + ".bias"]


def _encoder_layer(
    x: np.ndarray, w: dict[str, np.ndarray], p: str, bias: np.ndarray, batch: int, width: int
) -> np.ndarray:
    """One BERT layer on (batch * width, hidden) activations; ``p`` prefixes its weights."""
    hidden = x.shape[-1]
    size = hidden // HEADS

    def heads(name: str) -> np.ndarray:
        y = _dense(x, w, p + f"attention.self.{name}").reshape(batch, width, HEADS, size)
        return np.ascontiguousarray(y.transpose(0, 2, 1, 3))

    query, key, value = heads("query"), heads("key"), heads("value")
    scores = query @ np.ascontiguousarray(key.transpose(0, 1, 3, 2))
    scores = scores / math.sqrt(size) + bias
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    scores /= scores.sum(-1, keepdims=True)
    context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch * width, hidden)
    x = _layer_norm(
        _dense(context, w, p + "attention.output.dense") + x,
        w[p + "attention.output.LayerNorm.weight"],
        w[p + "attention.output.LayerNorm.bias"],
    )
    inner = _gelu(_dense(x, w, p + "intermediate.dense"))
    return _layer_norm(
        _dense(inner, w, p + "output.dense") + x,
        w[p + "output.LayerNorm.weight"],
        w[p + "output.LayerNorm.bias"],
    )


@dataclass(frozen=True)
class ContextualModel:
    """A BERT encoder's weights (float32), a multi-label head and per-category thresholds."""

    name: str
    categories: tuple[str, ...]  # the head's outputs, in order
    active: tuple[str, ...]  # the categories whose labels the classifier takes from it
    thresholds: np.ndarray  # (categories,)
    tokenizer: WordPiece
    weights: dict[str, np.ndarray]

    def token_ids(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """[CLS] ids [SEP], truncated to MAX_TOKENS and padded: ids and attention mask."""
        cls, sep = self.tokenizer.ids["[CLS]"], self.tokenizer.ids["[SEP]"]
        rows = [[cls, *self.tokenizer.encode(text)[: MAX_TOKENS - 2], sep] for text in texts]
        width = max(len(row) for row in rows)
        ids = np.zeros((len(rows), width), np.int64)
        mask = np.zeros((len(rows), width), np.float32)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        return ids, mask

    def _encode(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled last hidden states of one padded batch, (batch, hidden).

        Activations are kept as one (batch * width, hidden) matrix and the weights are
        stored transposed, so every product is a plain 2-D BLAS call; the attention
        products run on contiguous (batch, heads, width, size) stacks, because numpy's
        matmul falls back to a slow loop on strided views.
        """
        w = self.weights
        batch, width = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width]
            + w["embeddings.token_type_embeddings.weight"][0]
        ).reshape(batch * width, -1)
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        hidden = x.shape[-1]
        # Padding keys get a huge negative score, so no token attends to them.
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        layer = 0
        while f"encoder.layer.{layer}.attention.self.query.weight" in w:
            x = _encoder_layer(x, w, f"encoder.layer.{layer}.", bias, batch, width)
            layer += 1
        x = x.reshape(batch, width, hidden)
        return (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)

    def probabilities_many(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """(texts, categories) probabilities; texts are batched by length to cut padding."""
        out = np.zeros((len(texts), len(self.categories)), np.float64)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for first in range(0, len(order), batch):
            index = order[first : first + batch]
            pooled = self._encode(*self.token_ids([texts[i] for i in index]))
            logits = pooled @ self.weights["head.weight"] + self.weights["head.bias"]
            out[index] = 1.0 / (1.0 + np.exp(-logits.astype(np.float64)))
        return out

    def scores_many(self, texts: list[str]) -> list[dict[str, float]]:
        """Per text, the active categories at or above threshold and their probabilities."""
        if not texts:
            return []
        probabilities = self.probabilities_many(texts)
        columns = [self.categories.index(c) for c in self.active]
        out = []
        for row in probabilities:
            out.append(
                {self.categories[k]: float(row[k]) for k in columns if row[k] >= self.thresholds[k]}
            )
        return out

    def evidence(self, text: str, categories: list[str]) -> dict[str, tuple[int, int]]:
        """Per category, the span of the sentence scoring highest (the clause if one)."""
        return best_sentences(text, categories, self.probabilities_many, self.categories.index)


def parse_model(data: dict[str, np.ndarray]) -> ContextualModel:
    """Build the model from the arrays of ``contextual.npz`` (see eval/train_contextual.py).

    ``w:<name>`` arrays are float32 weights; ``q:<name>`` are int8 rows with
    ``s:<name>`` holding each row's scale (the row's largest magnitude / 127).
    """
    weights: dict[str, np.ndarray] = {}
    for key in data:
        if key.startswith("w:"):
            weights[key[2:]] = data[key].astype(np.float32)
        elif key.startswith("q:"):
            name = key[2:]
            scale = data["s:" + name].astype(np.float32)[:, None] / 127.0
            weights[name] = data[key].astype(np.float32) * scale
    for name, array in weights.items():
        if array.ndim == 2 and not name.startswith("embeddings."):
            # (out, in) as PyTorch stores it -> (in, out), contiguous, for x @ W.
            weights[name] = np.ascontiguousarray(array.T)
    return ContextualModel(
        name=str(data["name"]),
        categories=tuple(str(c) for c in data["categories"]),
        active=tuple(str(c) for c in data["active"]),
        thresholds=data["thresholds"].astype(np.float64),
        tokenizer=WordPiece([str(t) for t in data["vocabulary"]]),
        weights=weights,
    )


def quantise(name: str, array: np.ndarray) -> dict[str, np.ndarray]:
    """The arrays to store for one weight: int8 rows and scales for matrices, else float32."""
    if array.ndim != 2:
        return {f"w:{name}": array.astype(np.float32)}
    scale = np.abs(array).max(axis=1)
    scale = np.where(scale > 0, scale, 1.0).astype(np.float32)
    rows = np.clip(np.rint(array / scale[:, None] * 127.0), -127, 127).astype(np.int8)
    return {f"q:{name}": rows, f"s:{name}": scale}


def bundled(file_name: str) -> bool:
    """Whether the package bundles this model file (MODEL_FILE or CLAUDETTE_MODEL_FILE).

    The CLI checks before reading any input, so a trimmed install fails with one line.
    """
    return resources.files("govgraph.classify").joinpath(file_name).is_file()


def _load_bundled(file_name: str, trainer: str) -> ContextualModel:
    path = resources.files("govgraph.classify").joinpath(file_name)
    if not path.is_file():
        raise FileNotFoundError(
            f"the model is not bundled ({file_name} missing); build it with eval/{trainer}"
        )
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        return parse_model({key: data[key] for key in data.files})


@cache
def load_contextual_model() -> ContextualModel:
    """The bundled model (loaded once: ~90 MB of float32 weights in memory)."""
    return _load_bundled(MODEL_FILE, "train_contextual.py")


@cache
def load_claudette_model() -> ContextualModel:
    """The encoder fine-tuned on CLAUDETTE's own tags for its 8 categories (claudette-v2).

    Same architecture and format as the contextual model, trained by
    eval/train_contextual_claudette.py; used only for ``convention="claudette"``.
    """
    return _load_bundled(CLAUDETTE_MODEL_FILE, "train_contextual_claudette.py")
