"""Draw the round-15 blind held-out set from two- and ten-sixteenths-history wording.

What: a fresh blind held-out set of Terms / Privacy / other user-facing paragraphs,
labelled by hand (eval/dev/heldout15.jsonl), to score the clause classifier on text that
no model was trained or tuned on.

Why: every general round so far (8-13) drew the versions in force at its own fractions of
each document's history (1/8, 5/8, 3/8, 7/8, 1/16, 9/16, 5/16, 13/16, 3/16, 11/16, 7/16,
15/16; rounds 6 and 7 a quarter, three quarters and a third), and the round-14 training
sets (train14a-f) were drawn at HEAD and a third. This round draws the versions in force
TWO SIXTEENTHS and TEN SIXTEENTHS of the way through each document's own recorded history
(the collection commit at that fraction of the commit-index span between the first and
the last commit touching the document; eval/sample_heldout6.py's method), cuts no earlier
general round used, so the wording is as fresh as the collections allow.

How: exactly round 8's method (eval/sample_heldout8.py, whose `Round` and `main` it
reuses, as eval/sample_heldout9.py to eval/sample_heldout13.py do), over the user-facing
documents (eval/sample_heldout5.USER_DOCS) of every service of all three collections
(pga, vlopses-us, genai-eu), with the per-service cap (CAP) counted per collection as in
rounds 9 to 13:

1. the 11 AI strata of eval/sample_heldout.AI_KEYWORDS over the genai-eu part;
2. one stratum per category, eval/sample_heldout.KEYWORDS, over the whole pool;
3. random paragraphs of the whole pool.

A paragraph is kept only if it is not a near-duplicate (word-set Jaccard >= 0.8,
sample_heldout3.NEAR) of any paragraph of the same document's HEAD version, of any
paragraph of the eval/dev files present when round 15 was drawn (EARLIER: round 13's list
plus heldout13.jsonl, heldout13c.jsonl and the six round-14 training files
train14a-train14f.jsonl, written out as a fixed list so the draw stays reproducible), or
of /tmp/h4-texts.jsonl. Later eval/dev files (e.g. other annotators' round-15 sets,
heldout15c / heldout15ai, written at the same time) are a final filter after the seeded
draw, as in round 8. Only "text" fields are read, so the draw stays blind to earlier
labels. Labels are added by hand, blind to the classifier. The per-service cap ends the
draw at 90 paragraphs (not the ~180 the strata ask for); the final filter then dropped one
near-duplicate of the concurrent heldout15ai.jsonl, so the committed heldout15.jsonl is
this script's output as of its commit (89 paragraphs, all labelled, ids and order kept).

    .venv/bin/python eval/sample_heldout15.py > /tmp/heldout15-candidates.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout8 import Round, main
from sample_heldout13 import EARLIER as EARLIER13

# The files present when round 15 was drawn (a fixed list keeps the draw reproducible).
EARLIER = (
    *EARLIER13,
    "heldout13",
    "heldout13c",
    "train14a",
    "train14b",
    "train14c",
    "train14d",
    "train14e",
    "train14f",
)
ROUND15 = Round(
    "heldout15",
    20261127,
    EARLIER,
    (("two-sixteenths", 2), ("ten-sixteenths", 10)),
    True,
    parts=16,
)

if __name__ == "__main__":
    main(ROUND15)
