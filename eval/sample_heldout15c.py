"""Draw the round-15c blind held-out set: more CLAUDETTE sentences of services outside OTA.

What: a seeded, deterministic draw (seed 20261127) of terms-of-service sentences from the
27 companies of the shared CLAUDETTE corpus that have no service in govgraph's Open Terms
Archive collections (genai-eu, pga, vlopses-us), with the pool, strata and cap of rounds
10c-13c (`eval/sample_heldout10c.py`, whose pool, constants and draw are reused):
sentences of 40-700 characters with at least six words, deduplicated by exact text, and
without any sentence whose text is a near-duplicate (word-set Jaccard >= 0.8,
`sample_heldout3._near`) of a text of eval/dev/heldout10c.jsonl, heldout11c.jsonl,
heldout12c.jsonl or heldout13c.jsonl (only their "text" fields are read). One stratum per
keyword of `sample_heldout.KEYWORDS` (4 each, case-insensitive regex search), then 60
random sentences of the rest; at most 9 sentences per company across all strata; the
chosen list is shuffled with the same RNG. Printed as JSON lines
`{"id", "service", "source", "text"}` with ids heldout15c-001..., service the company
name and source `claudette:<Company>.txt:<line, 1-based>`.

Why: these companies' texts were never read while the classifier was built (their services
are outside the OTA collections), so the set measures the classifier on unseen services'
wording, the condition of issue 4's quality bar; a fifth draw, disjoint from rounds
10c-13c, adds sentences for that measurement. Labels (all 24 categories) are added by
hand, blind: the corpus's own tags (`tags/`) are not read, and the classifier is not run,
before the labelled file eval/dev/heldout15c.jsonl is committed.

How to run (from the repository root, with ../shared beside it):

    .venv/bin/python eval/sample_heldout15c.py > /tmp/heldout15c-candidates.jsonl

Licence and credit: the sentences are from the CLAUDETTE unfair-clause corpus as extended
by Galassi, Lagioia, Jabłonowska and Lippi, "Unfair clause detection in terms of service
across multiple languages", Artificial Intelligence and Law, 2024
(doi:10.1007/s10506-024-09398-7), and Lippi et al., "CLAUDETTE: an automated detector of
potentially unfair clauses in online terms of service", Artificial Intelligence and Law
27:117-139, 2019; licensed CC BY 4.0. The texts remain their publishers'; they are quoted
here for research and evaluation.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout10c import DEV, main, pool_without

SEED = 20261127
# The earlier draws from the same companies: their texts (never their labels) are avoided.
EARLIER = [
    DEV / "heldout10c.jsonl",
    DEV / "heldout11c.jsonl",
    DEV / "heldout12c.jsonl",
    DEV / "heldout13c.jsonl",
]

if __name__ == "__main__":
    main("heldout15c", SEED, pool_without(EARLIER))
