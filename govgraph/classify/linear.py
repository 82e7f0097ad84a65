"""The linear model, evaluated in pure Python from plain JSON weights.

Why not scikit-learn at run time: it is a heavy dependency for a dot product. The
training script (``eval/train_claudette.py``) exports the fitted TF-IDF vocabulary, idf
weights, per-category coefficients (over word n-grams and over rule firings), intercepts
and decision thresholds to ``linear.json.gz``; this module reproduces scikit-learn's
``TfidfVectorizer(sublinear_tf=True, norm="l2")`` and a logistic regression exactly.

Evidence for a model label is the sentence of the clause whose n-grams add most to the
category's score, so an analyst sees which words carried the decision.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from govgraph.classify.rules import Rule, fire_rules

# scikit-learn's default token pattern: runs of 2+ word characters.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SENTENCE = re.compile(r"[^.;:!?]+(?:[.;:!?]+|$)")
# Sentences for scoring: split only after . ! ? followed by space and an upper-case letter.
_SPLIT = re.compile(r"\S.*?(?:[.!?](?=\s+[\"'(\[]?[A-Z])|$)", re.DOTALL)


_PLAUSIBLE = math.log(0.05 / 0.95)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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

    def scores(
        self, text: str, fired: list[tuple[Rule, int, int]] | None = None
    ) -> tuple[list[float], dict[str, float]]:
        """Per-category decision values, and the tf-idf value of every known term.

        ``fired`` are all rule firings of ``text`` (computed here when not given).
        """
        idf = self.idf
        tokens = _TOKEN.findall(text.lower())
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
        total = [0.0] * k
        weights = self.weights
        for term, value in values.items():
            w = weights.get(term)
            if w is not None:
                for j in range(k):
                    total[j] += w[j] * value
        total = [b + t / norm for b, t in zip(self.intercepts, total, strict=True)]
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
                    start, end = _trim(text, best[j][1], best[j][2])
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
    return LinearModel(
        name=raw["name"],
        categories=tuple(raw["categories"]),
        ngram_max=_ngram_max(raw),
        idf=raw["idf"],
        weights=raw["weights"],
        rule_weights=raw.get("rule_weights", {}),
        intercepts=list(raw["intercepts"]),
        thresholds=list(raw["thresholds"]),
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
