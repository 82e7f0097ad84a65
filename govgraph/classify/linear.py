"""The linear model, evaluated in pure Python from plain JSON weights.

Why not scikit-learn at run time: it is a heavy dependency for a dot product. The
training script (``eval/train_claudette.py``) exports the fitted TF-IDF vocabulary, idf
weights, per-category coefficients (over word n-grams and over rule firings), intercepts
and decision thresholds to ``linear.json.gz``; this module reproduces scikit-learn's
``TfidfVectorizer(sublinear_tf=True, norm="l2")`` and a logistic regression exactly. A
linear SVM exports the same way, its Platt scaling folded into the weights, so the sigmoid
of the score is a probability whatever the classifier.

Optionally (``linear-v2``) a second feature block of character n-grams (3-5 characters
within words, scikit-learn's ``char_wb``), which generalises over inflections and
compounds the word n-grams miss. Its normaliser, ``sqrt(sum count * idf^2)``, is a sum over
words, so each distinct word's contribution (its n-grams' weighted sums and its share of
the normaliser) is computed once and cached: a clause then costs one dictionary lookup per
word rather than one per n-gram. The training script builds its feature matrix with the
same function (:func:`char_ngrams`), so training and run time agree exactly.

Evidence for a model label is the sentence of the clause whose n-grams add most to the
category's score, so an analyst sees which words carried the decision.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import operator
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from govgraph.classify.evidence import trimmed
from govgraph.classify.rules import Rule, fire_rules

# scikit-learn's default token pattern: runs of 2+ word characters.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SENTENCE = re.compile(r"[^.;:!?]+(?:[.;:!?]+|$)")
# Sentences for scoring: split only after . ! ? followed by space and an upper-case letter.
_SPLIT = re.compile(r"\S.*?(?:[.!?](?=\s+[\"'(\[]?[A-Z])|$)", re.DOTALL)


_PLAUSIBLE = math.log(0.05 / 0.95)


def char_ngrams(word: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams of one lower-cased word padded with spaces (sklearn ``char_wb``)."""
    padded = " " + word + " "
    size = len(padded)
    grams: list[str] = []
    for n in range(low, high + 1):
        grams.append(padded[:n])
        offset = 0
        while offset + n < size:
            offset += 1
            grams.append(padded[offset : offset + n])
        if offset == 0:  # a word shorter than n yields itself once, and no longer grams
            break
    return grams


@dataclass
class CharBlock:
    """The character n-gram block: per-n-gram idf and per-category weights (already x idf)."""

    low: int
    high: int
    idf2: dict[str, float]  # n-gram -> idf squared (every n-gram of the vocabulary)
    weights: dict[str, list[float]]  # n-gram -> per-category weight * idf (pruned)
    _cache: dict[str, tuple[list[float], float]] = field(default_factory=dict)

    def word(self, word: str, k: int) -> tuple[list[float], float]:
        """A word's summed weighted n-grams per category, and its squared-norm share."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        sums = [0.0] * k
        norm2 = 0.0
        idf2, weights = self.idf2, self.weights
        for gram in char_ngrams(word, self.low, self.high):
            q = idf2.get(gram)
            if q is None:
                continue
            norm2 += q
            w = weights.get(gram)
            if w is not None:
                for j in range(k):
                    sums[j] += w[j]
        if len(self._cache) > 200_000:  # bounded: a long history has a long tail of tokens
            self._cache.clear()
        self._cache[word] = (sums, norm2)
        return sums, norm2

    def scores(self, lowered: str, k: int) -> list[float]:
        """Per-category contribution of the block for a lower-cased text."""
        cache = self._cache
        parts = [cache.get(token) or self.word(token, k) for token in lowered.split()]
        if not parts:
            return [0.0] * k
        vectors, norms = zip(*parts, strict=True)
        norm2 = sum(norms)
        if norm2 <= 0.0:
            return [0.0] * k
        scale = 1.0 / math.sqrt(norm2)
        return [sum(column) * scale for column in zip(*vectors, strict=True)]


@dataclass
class LinearModel:
    """TF-IDF + one logistic regression per category; empty when no weights ship."""

    name: str
    categories: tuple[str, ...] = ()
    ngram_max: int = 2
    idf: dict[str, float] = field(default_factory=dict)
    weights: dict[str, list[float]] = field(default_factory=dict)  # term -> per category
    rule_weights: dict[str, list[float]] = field(default_factory=dict)  # rule name -> ...
    intercepts: list[float] = field(default_factory=list)
    thresholds: list[float] = field(default_factory=list)
    chars: CharBlock | None = None

    def scores(
        self, text: str, fired: list[tuple[Rule, int, int]] | None = None
    ) -> tuple[list[float], dict[str, float]]:
        """Per-category decision values, and the tf-idf value of every known term.

        ``fired`` are all rule firings of ``text`` (computed here when not given).
        """
        idf = self.idf
        lowered = text.lower()
        tokens = _TOKEN.findall(lowered)
        counts: dict[str, int] = {}
        for term in tokens:
            if term in idf:
                counts[term] = counts.get(term, 0) + 1
        if self.ngram_max >= 2:
            for a, b in itertools.pairwise(tokens):
                term = a + " " + b
                if term in idf:
                    counts[term] = counts.get(term, 0) + 1
        values = {t: (1.0 + math.log(c)) * idf[t] if c > 1 else idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        k = len(self.categories)
        weights = self.weights
        # Weighted sum per category, column by column (zip/map run in C, not per element).
        known = [(w, v) for w, v in ((weights.get(t), v) for t, v in values.items()) if w]
        if known:
            rows, scale = zip(*known, strict=True)
            total = [
                b + sum(map(operator.mul, column, scale)) / norm
                for b, column in zip(self.intercepts, zip(*rows, strict=True), strict=True)
            ]
        else:
            total = list(self.intercepts)
        if self.chars is not None:
            for j, value in enumerate(self.chars.scores(lowered, k)):
                total[j] += value
        if self.rule_weights:
            for hit_rule, _, _ in fire_rules(text) if fired is None else fired:
                w = self.rule_weights.get(hit_rule.name)
                if w is not None:
                    for j in range(k):
                        total[j] += w[j]
        return total, {t: v / norm for t, v in values.items()}

    def predict(
        self, text: str, fired: list[tuple[Rule, int, int]] | None = None
    ) -> dict[str, tuple[float, int, int]]:
        """Categories above threshold: probability and the evidence sentence's span.

        The model was trained on CLAUDETTE sentences, and a paragraph's tf-idf vector
        dilutes a decisive sentence; so a multi-sentence clause is also scored sentence by
        sentence (each with the clause's rule firings) and the best score counts.
        """
        if not self.categories:
            return {}
        if fired is None:
            fired = fire_rules(text)
        total, values = self.scores(text, fired)
        best: list[tuple[float, int, int] | None] = [None] * len(self.categories)
        # Sentences only matter when some category is already plausible for the whole
        # clause (probability >= 5%); that skips most clauses, which are about nothing here.
        spans = [m.span() for m in _SPLIT.finditer(text)] if max(total) > _PLAUSIBLE else []
        if len(spans) > 1:
            for start, end in spans:
                sentence_total, _ = self.scores(text[start:end], fired)
                for j, value in enumerate(sentence_total):
                    if value > total[j] and (best[j] is None or value > best[j][0]):
                        best[j] = (value, start, end)
        out: dict[str, tuple[float, int, int]] = {}
        for j, category in enumerate(self.categories):
            score = total[j] if best[j] is None else best[j][0]
            probability = 1.0 / (1.0 + math.exp(-score))
            if probability >= self.thresholds[j]:
                if best[j] is None:
                    start, end = self._evidence(text, j, values)
                else:
                    start, end = trimmed(text, best[j][1], best[j][2])
                out[category] = (probability, start, end)
        return out

    def _evidence(self, text: str, j: int, values: dict[str, float]) -> tuple[int, int]:
        """The sentence whose n-grams add most to category ``j`` (computed only on a hit)."""
        sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
        if len(sentences) <= 1:
            best = (0, len(text))
        else:
            gains = []
            for s, e in sentences:
                tokens = _TOKEN.findall(text[s:e].lower())
                grams = set(tokens)
                if self.ngram_max >= 2:
                    grams.update(a + " " + b for a, b in itertools.pairwise(tokens))
                gain = 0.0
                for term in grams:
                    w = self.weights.get(term)
                    if w is not None and w[j] > 0 and term in values:
                        gain += w[j] * values[term]
                gains.append(gain)
            best = sentences[max(range(len(sentences)), key=lambda i: (gains[i], -i))]
        start, end = best
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end


def _ngram_max(raw: dict) -> int:
    value = int(raw["ngram_max"])
    if value not in (1, 2):
        raise ValueError(f"linear model: ngram_max {value} not supported (1 or 2)")
    return value


def parse_model(raw: dict) -> LinearModel:
    """A model from its exported JSON object (see ``eval/train_claudette.py``)."""
    chars = None
    if "char" in raw:
        block = raw["char"]
        chars = CharBlock(
            low=int(block["low"]),
            high=int(block["high"]),
            idf2=block["idf2"],
            weights=block["weights"],
        )
    return LinearModel(
        name=raw["name"],
        categories=tuple(raw["categories"]),
        ngram_max=_ngram_max(raw),
        idf=raw["idf"],
        weights=raw["weights"],
        rule_weights=raw.get("rule_weights", {}),
        intercepts=list(raw["intercepts"]),
        thresholds=list(raw["thresholds"]),
        chars=chars,
    )


@cache
def load_model() -> LinearModel:
    """The shipped model, or an empty one (rules only) if no weights are bundled."""
    path = resources.files("govgraph.classify").joinpath("linear.json.gz")
    if not path.is_file():
        return LinearModel(name="none")
    with path.open("rb") as handle:
        raw = json.loads(gzip.decompress(handle.read()).decode("utf-8"))
    return parse_model(raw)
