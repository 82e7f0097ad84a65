"""Draw the round-19 blind held-out set from 17/32- and 25/32-history wording.

What: a fresh blind held-out set of Terms / Privacy / other user-facing paragraphs of the
three OTA collections, labelled by hand (eval/dev/heldout19.jsonl), to score the clause
classifier on text no model was trained or tuned on.

Why: session 8 wrote rules from the misses of rounds 11-15 (data-subject-rights and
third-party-data-sharing: bench/results/classify.md, session 8), so those rounds stop
being blind for the rules. This round is drawn before that change is frozen and labelled
blind to it, to decide the change and to give the OTA-paragraph figure a set that no rule
was written from.

How: exactly round 15's method (eval/sample_heldout15.py, via eval/sample_heldout8.py's
`Round` and `main`) at cuts no earlier round used: the versions in force SEVENTEEN and
TWENTY-FIVE THIRTY-SECONDS of the way through each document's own recorded history
(every earlier general round cut at eighths, sixteenths, quarters or a third, all even
thirty-seconds). Near-duplicates of the HEAD version, of every eval/dev file present when
the round was drawn (EARLIER, a fixed list) and, as a final filter, of any later file are
dropped; only "text" fields are read, so the draw stays blind to earlier labels.

    .venv/bin/python eval/sample_heldout19.py > /tmp/heldout19-candidates.jsonl

Needs the clones of ../shared/data/ota/<collection>/versions.bundle under /tmp/ota.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout8 import Round, main
from sample_heldout15 import EARLIER as EARLIER15

# The files present when round 19 was drawn (a fixed list keeps the draw reproducible).
EARLIER = (
    *EARLIER15,
    "heldout15",
    "heldout15c",
    "heldout15ai",
    "train16a",
    "train16b",
    "train16c",
    "train16d",
    "heldout17pa",
    "heldout17pb",
    "heldout18c",
    "heldout18p",
)
ROUND19 = Round(
    "heldout19",
    20261130,
    EARLIER,
    (("seventeen-thirty-seconds", 17), ("twenty-five-thirty-seconds", 25)),
    True,
    parts=32,
)

if __name__ == "__main__":
    main(ROUND19)
