"""The embedding model: static sentence embeddings and one logistic regression per category.

Why: the phrase rules and the CLAUDETTE-trained linear model catch the phrasings they were
written or trained from; on blind sets drawn from text nobody had read, most misses were
paraphrases (eval/dev/README.md, rounds 3-5). A semantic representation generalises over
wording. A transformer run per clause costs ~100 clauses per CPU-second here, far too
slow for whole version histories, so the representation is *static*: every WordPiece
token has a fixed 256-number vector, distilled from the sentence-transformers model
all-MiniLM-L6-v2 (Apache-2.0) with model2vec (the model's own output for each token,
reduced by PCA), and a clause is the mean of its tokens' vectors, scaled to unit length.
That costs a dictionary lookup per word and one small matrix product per clause.

On top, one class-balanced logistic regression per category, trained on the project's
hand-labelled Open Terms Archive paragraphs (eval/dev/, with provenance), by
``eval/train_embedding.py``. Its labels are added only where neither the rules nor the
linear model gave the category, and only above a high threshold (0.9), chosen so that it
adds recall at high precision in service-grouped cross-validation; categories where it
was not precise enough (or that the linear model judges) have no regression at all.

Every label is auditable like the others: the method names the model
(``embedding:<name>``), the confidence is its probability, and the evidence is the
sentence of the clause that scores highest for the category.

The weights ship as ``embedding.npz``: the vocabulary, the token vectors as int8 with one
scale per token (7.6 MB instead of 30 MB of float32), the regression weights, intercepts
and thresholds.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from govgraph.classify.evidence import best_sentences
from govgraph.classify.wordpiece import WordPiece

MODEL_FILE = "embedding.npz"


@dataclass(frozen=True)
class EmbeddingModel:
    """Static token vectors and per-category logistic regressions over their mean."""

    name: str
    categories: tuple[str, ...]
    tokenizer: WordPiece
    vectors: np.ndarray  # (vocabulary, dims) float32, already de-quantised
    weights: np.ndarray  # (categories, dims)
    intercepts: np.ndarray  # (categories,)
    thresholds: np.ndarray  # (categories,) probabilities
    unknown: int

    def embed_many(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Unit-length mean vectors of the texts' known tokens, and which texts had any.

        The mean's direction is the sum's, so the sums are taken (one gather of the batch's
        token rows, then a sum per text: 4x faster here than ``np.add.reduceat``) and
        scaled to unit length. A batch costs a few numpy calls instead of a few per text,
        which is what keeps whole-history loads fast.
        """
        out = np.zeros((len(texts), self.vectors.shape[1]), np.float32)
        ids = [[i for i in self.tokenizer.encode(text) if i != self.unknown] for text in texts]
        lengths = [len(row) for row in ids]
        present = np.array(lengths, dtype=np.int64) > 0
        if present.any():
            rows = self.vectors[np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int64)]
            start = 0
            for i, length in enumerate(lengths):
                if length:
                    out[i] = rows[start : start + length].sum(axis=0)
                    start += length
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out /= np.where(norms > 0, norms, 1.0)
        return out, present

    def embed(self, text: str) -> np.ndarray | None:
        """The unit-length mean vector of the text's known tokens (None if it has none)."""
        vectors, present = self.embed_many([text])
        return vectors[0] if present[0] else None

    def probabilities_many(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        vectors, present = self.embed_many(texts)
        # einsum's own loop, not BLAS: a multi-threaded BLAS spins on these small
        # products and, beside the loader's other process, cost more CPU than it saved.
        logits = np.einsum("nd,kd->nk", vectors.astype(np.float64), self.weights) + self.intercepts
        return 1.0 / (1.0 + np.exp(-logits)), present

    def probabilities(self, text: str) -> np.ndarray | None:
        scores, present = self.probabilities_many([text])
        return scores[0] if present[0] else None

    def scores_many(self, texts: list[str], batch: int = 256) -> list[dict[str, float]]:
        """Per text, the categories at or above threshold and their probabilities."""
        out: list[dict[str, float]] = []
        for first in range(0, len(texts), batch):
            scores, present = self.probabilities_many(texts[first : first + batch])
            hits = (scores >= self.thresholds) & present[:, None]
            for row in range(len(hits)):
                out.append(
                    {self.categories[k]: float(scores[row, k]) for k in np.flatnonzero(hits[row])}
                )
        return out

    def predict_many(self, texts: list[str]) -> list[dict[str, tuple[float, int, int]]]:
        """Per text, the categories at or above threshold: probability and evidence span."""
        out = []
        for text, found in zip(texts, self.scores_many(texts), strict=True):
            spans = self.evidence(text, list(found)) if found else {}
            out.append({c: (p, *spans[c]) for c, p in found.items()})
        return out

    def predict(self, text: str) -> dict[str, tuple[float, int, int]]:
        """Categories at or above threshold: probability and the evidence sentence's span."""
        return self.predict_many([text])[0]

    def evidence(self, text: str, categories: list[str]) -> dict[str, tuple[int, int]]:
        """Per category, the span of the sentence scoring highest (the clause if one).

        Computed only for labels that are kept, since it scores every sentence (in one
        batch for all the categories asked).
        """

        def score_sentences(sentences: list[str]) -> np.ndarray:
            scores, present = self.probabilities_many(sentences)
            return np.where(present[:, None], scores, -np.inf)

        return best_sentences(text, categories, score_sentences, self.categories.index)


def parse_model(data: dict[str, np.ndarray]) -> EmbeddingModel:
    """Build the model from the arrays of ``embedding.npz`` (see eval/train_embedding.py)."""
    vocabulary = [str(token) for token in data["vocabulary"]]
    vectors = data["vectors_int8"].astype(np.float32) * (data["scales"][:, None] / 127.0)
    tokenizer = WordPiece(vocabulary)
    return EmbeddingModel(
        name=str(data["name"]),
        categories=tuple(str(c) for c in data["categories"]),
        tokenizer=tokenizer,
        vectors=vectors.astype(np.float32),
        weights=data["weights"].astype(np.float64),
        intercepts=data["intercepts"].astype(np.float64),
        thresholds=data["thresholds"].astype(np.float64),
        unknown=tokenizer.unknown,
    )


def _read_shipped(keys: tuple[str, ...] | None) -> dict[str, np.ndarray] | None:
    """Arrays of the bundled ``embedding.npz`` (all, or only ``keys``); None if absent."""
    path = resources.files("govgraph.classify").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        return {key: data[key] for key in (keys or data.files)}


@cache
def embedding_model_name() -> str | None:
    """The shipped model's name without loading its vectors (for the classifier version)."""
    data = _read_shipped(("name",))
    return None if data is None else str(data["name"])


@cache
def load_embedding_model() -> EmbeddingModel | None:
    """The shipped model, or None (rules and linear model only) if none is bundled."""
    data = _read_shipped(None)
    return None if data is None else parse_model(data)
