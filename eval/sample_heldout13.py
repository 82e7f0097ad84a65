"""Draw the round-13 blind held-out set from seven- and fifteen-sixteenths-history wording.

Deterministic (seeded). Like eval/sample_heldout8.py, whose method and helpers it reuses
(as eval/sample_heldout9.py to eval/sample_heldout12.py do), but this round draws the
versions in force SEVEN SIXTEENTHS and FIFTEEN SIXTEENTHS of the way through each
document's own recorded history (the collection commit at that fraction of the
commit-index span between the first and the last commit touching the document;
eval/sample_heldout6.py's method), over the user-facing documents
(eval/sample_heldout5.USER_DOCS) of every service of all three collections (pga,
vlopses-us, genai-eu). The per-service cap (CAP) counts each collection separately, as
in rounds 9 to 12.

1. the 11 AI strata of eval/sample_heldout.AI_KEYWORDS over the genai-eu part
   (AI_PER_KEYWORD each);
2. one stratum per category, eval/sample_heldout.KEYWORDS, over the whole pool
   (PER_KEYWORD each);
3. RANDOMS random paragraphs of the whole pool.

A paragraph is kept only if it is not a near-duplicate (word-set Jaccard >= 0.8,
sample_heldout3.NEAR) of any paragraph of the same document's HEAD version, of any
paragraph of the eval/dev files present when round 13 was drawn (EARLIER: round 12's
list plus heldout12.jsonl, heldout12ai.jsonl, heldout12c.jsonl and heldout13ai.jsonl),
or of /tmp/h4-texts.jsonl. Later eval/dev files (e.g. another annotator's round-13c set
written at the same time) are a final filter after the seeded draw, as in round 8. Only
"text" fields are read, so the draw stays blind to earlier labels. Labels are added by
hand, blind to the classifier.

    .venv/bin/python eval/sample_heldout13.py > /tmp/heldout13-candidates.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout8 import Round, main
from sample_heldout12 import EARLIER as EARLIER12

# The files present when round 13 was drawn (a fixed list keeps the draw reproducible).
EARLIER = (*EARLIER12, "heldout12", "heldout12ai", "heldout12c", "heldout13ai")
ROUND13 = Round(
    "heldout13",
    20261219,
    EARLIER,
    (("seven-sixteenths", 7), ("fifteen-sixteenths", 15)),
    True,
    parts=16,
)

if __name__ == "__main__":
    main(ROUND13)
