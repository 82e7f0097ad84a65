"""The evidence sentence of a model label: the best-scoring sentence, trimmed."""

from __future__ import annotations

import numpy as np

from govgraph.classify.evidence import best_sentences

TEXT = "  We keep logs.  We may train models on your chats; you can opt out.  "


def keyword_scores(sentences: list[str]) -> np.ndarray:
    """Column 0: mentions training; column 1: mentions logs; -inf for the opt-out."""
    return np.array(
        [
            [
                float("train" in s),
                -np.inf if "opt out" in s else float("logs" in s),
            ]
            for s in sentences
        ]
    )


def test_each_category_points_at_its_best_sentence_without_surrounding_space() -> None:
    spans = best_sentences(TEXT, ["training", "logs"], keyword_scores, ["training", "logs"].index)
    assert TEXT[slice(*spans["training"])] == "We may train models on your chats;"
    assert TEXT[slice(*spans["logs"])] == "We keep logs."


def test_a_single_sentence_is_the_whole_trimmed_clause_and_is_not_scored() -> None:
    def never(sentences: list[str]) -> np.ndarray:
        raise AssertionError("a one-sentence clause needs no scoring")

    spans = best_sentences("  Governed by Irish law  ", ["law"], never, lambda c: 0)
    assert spans == {"law": (2, 23)}
