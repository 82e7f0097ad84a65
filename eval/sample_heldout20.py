"""Draw the round-20 blind held-out set: OTA paragraphs at four fresh history cuts.

What: a fresh blind held-out set of Terms / Privacy / other user-facing paragraphs of the
three OTA collections (eval/dev/heldout20a.jsonl and heldout20b.jsonl, ids 001-044 and
045-087, one annotator each), to judge a contextual model retrained on every earlier
labelled round (bench/results/classify.md, session 8).

Why: once every earlier round is training data, only a round drawn and labelled after that
decision can measure the retrained model. Round 19 (90 paragraphs) showed that one such
round moves a lot with one paragraph, so this round draws at four cuts with twice the
per-service cap; the strata and the near-duplicate filters still end it at 87.

How: round 19's method (eval/sample_heldout19.py, via eval/sample_heldout8.py's `Round`
and `main`) at four cuts no earlier round used, 3/32, 13/32, 21/32 and 29/32 of each
document's own recorded history, with CAP raised from 6 to 12 paragraphs per collection
and service. Near-duplicates of the HEAD version, of every eval/dev file present when the
round was drawn (EARLIER) and, as a final filter, of any later file are dropped; only
"text" fields are read.

    .venv/bin/python eval/sample_heldout20.py > /tmp/heldout20-candidates.jsonl

Needs the clones of ../shared/data/ota/<collection>/versions.bundle under /tmp/ota.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sample_heldout8
from sample_heldout8 import Round, main
from sample_heldout19 import EARLIER as EARLIER19

# The files present when round 20 was drawn (a fixed list keeps the draw reproducible).
EARLIER = (*EARLIER19, "heldout19")
ROUND20 = Round(
    "heldout20",
    20261201,
    EARLIER,
    (("three", 3), ("thirteen", 13), ("twenty-one", 21), ("twenty-nine", 29)),
    True,
    parts=32,
)

if __name__ == "__main__":
    sample_heldout8.CAP = 12  # twice round 19's, read by sample_heldout8.draw at call time
    main(ROUND20)
