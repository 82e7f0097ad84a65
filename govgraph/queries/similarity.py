"""Word TF-IDF cosine similarity between clauses, for "how do other platforms say this".

Why TF-IDF over words and not embeddings: it needs nothing beyond the standard library,
gives the same score on every machine, and a score a reader can explain (shared words,
weighted by how rare they are among the candidates).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Function words carry no meaning about what a clause provides.
_STOP = """a an and are as at be by for from has have if in into is it its of on or our
such that the their them these they this to us we will with you your"""
STOPWORDS = frozenset(_STOP.split())


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def tfidf_scores(query: str, candidates: Sequence[str]) -> list[float]:
    """Cosine similarity of the query to each candidate, IDF taken over all texts given."""
    docs = [Counter(words(t)) for t in candidates]
    q = Counter(words(query))
    n = len(docs) + 1
    df: Counter[str] = Counter()
    for counts in [q, *docs]:
        df.update(counts.keys())
    idf = {w: math.log((1 + n) / (1 + d)) + 1.0 for w, d in df.items()}

    def vector(counts: Counter[str]) -> dict[str, float]:
        return {w: (1.0 + math.log(c)) * idf[w] for w, c in counts.items()}

    qv = vector(q)
    qn = math.sqrt(sum(v * v for v in qv.values()))
    scores = []
    for counts in docs:
        dv = vector(counts)
        dn = math.sqrt(sum(v * v for v in dv.values()))
        if not qn or not dn:
            scores.append(0.0)
            continue
        dot = sum(weight * dv.get(w, 0.0) for w, weight in qv.items())
        scores.append(dot / (qn * dn))
    return scores
