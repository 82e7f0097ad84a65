"""Draw the round-15ai blind held-out set: AI wording at four fresh cuts, all collections.

What: about 100 paragraphs of AI-governance wording from every document of every
service of the three collections (pga, vlopses-us, genai-eu), to be labelled by hand
(all 24 categories) into eval/dev/heldout15ai.jsonl, blind to the classifier.

Why: the issue's second bar is macro-F1 on the AI-governance categories, and the AI
sets that are still blind are small. Rounds 12ai and 13ai read each document at 1/16,
3/16, 5/16, 7/16, 9/16, 11/16, 13/16, 15/16 and HEAD; the versions in force at 4/16,
6/16, 12/16 and 14/16 of a document's own history were never read by an AI round, so
they are the freshest AI wording left. Every set present when this round was drawn is
avoided, including the round-14 training parts, so the set stays unseen by models
trained on them.

How: round 13ai's method (eval/sample_heldout13ai.py), reused by import: its ``pool``
(every ``.md`` document the collection's history ever held, at the round's cuts, never
HEAD; ChatGPT, Claude.ai and Google Generative AI Services of genai-eu EXCLUDED;
paragraphs of 40-700 characters matching an eval/sample_heldout.AI_KEYWORDS stratum, not
near-duplicates, word-set Jaccard >= 0.8, of any paragraph of an EARLIER file) and its
``draw`` (with one generator seeded 20261127: up to PER_KEYWORD = 10 per AI stratum per
pass, CAP = 8 per (collection, service), two passes, the second stopping at TARGET; the
draw shuffled; paragraphs near an eval/dev file written after the draw,
sample_heldout8.later, dropped last; ids numbered after that filter), called through 13ai's
``main`` with this round's TARGET (100; 13ai's is 110). Only "text" fields of other files
are read.

Yield: 70 paragraphs, not TARGET. After the near-duplicate filter the pool holds 1,404
AI-stratum paragraphs, but only five of the eleven strata have any hit (safety 818,
label / disclose 499, generative 100, AI-generated / synthetic 9, opt-out-and-AI 1);
every training, ownership and circumvention paragraph at these cuts is a near-duplicate
of an earlier set (before the filter they had 7-107 hits each). Each pass takes at most
PER_KEYWORD per stratum, so pass one gives 40 and pass two 30, and TARGET is never
reached; the "safety" and "label / disclose" strata mostly bring wording with no AI in
it (realistic negatives).

    .venv/bin/python eval/sample_heldout15ai.py > /tmp/heldout15ai-candidates.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout8 import Round
from sample_heldout13ai import EARLIER as EARLIER13AI
from sample_heldout13ai import main

TARGET = 100

# Every eval/dev file present when round 15ai was drawn (a fixed list keeps the draw
# reproducible; later files are a final filter, see sample_heldout8.later).
EARLIER = (
    *EARLIER13AI,
    "heldout13",
    "heldout13ai",
    "heldout13c",
    "train14a",
    "train14b",
    "train14c",
    "train14d",
    "train14e",
    "train14f",
)
ROUND15AI = Round(
    "heldout15ai",
    20261127,
    EARLIER,
    (
        ("four-sixteenths", 4),
        ("six-sixteenths", 6),
        ("twelve-sixteenths", 12),
        ("fourteen-sixteenths", 14),
    ),
    True,
    parts=16,
)


if __name__ == "__main__":
    main(ROUND15AI, TARGET)
