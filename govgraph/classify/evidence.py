"""The evidence span of a model's label: the sentence of the clause that scores highest.

Why a module of its own: the embedding and the contextual model both score a whole clause,
so neither knows by itself which words carried a label; scoring each sentence again and
pointing at the best one gives an analyst the words to read. Only the labels kept are
explained, since this scores every sentence once more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

# Sentences: split after . ! ? ; followed by white space.
SENTENCE = re.compile(r"\S.*?(?:[.!?;](?=\s)|$)", re.DOTALL)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without its leading and trailing white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def best_sentences(
    text: str,
    categories: Sequence[str],
    score_sentences: Callable[[list[str]], np.ndarray],
    column: Callable[[str], int],
) -> dict[str, tuple[int, int]]:
    """Per category, the span of the sentence scoring highest (the clause if one).

    ``score_sentences`` maps sentence texts to a (sentences, columns) score array, with
    -inf where a sentence cannot be scored; ``column`` gives a category's column.
    """
    spans = [(m.start(), m.end()) for m in SENTENCE.finditer(text)]
    if len(spans) <= 1:
        best = dict.fromkeys(categories, (0, len(text)))
    else:
        scores = score_sentences([text[s:e] for s, e in spans])
        best = {c: spans[int(np.argmax(scores[:, column(c)]))] for c in categories}
    return {category: trimmed(text, *span) for category, span in best.items()}
