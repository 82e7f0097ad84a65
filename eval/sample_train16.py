"""Draw round-16 TRAINING paragraphs (eval/dev/train16-*.jsonl) for the trained models.

Training data, not a held-out set: round 14's draw (eval/sample_train14.py, i.e. round 7's
method: the user-facing documents of every service of the three collections at HEAD and a
third of the way through each document's history; definition-vocabulary strata, keyword
and AI keyword strata, then random paragraphs) with a new seed and smaller counts, avoiding
the texts of every eval/dev file present when it was drawn (AVOID: round 14's list, round
14's own parts and rounds 15, 15c and 15ai), so that rounds 11-15 stay unseen by a model
trained on it.

Why: round 14 (+55% paragraphs) moved the fine-tuned contextual model and not the static
one (bench/results/classify.md, session 5); this round measures whether a further ~20%
does. The drawn list is shuffled and cut into PARTS consecutive parts (train16a ...), each
labelled blind by a separate annotator.

    .venv/bin/python eval/sample_train16.py > /tmp/train16-candidates.jsonl
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout3 import OTA
from sample_train7 import draw
from sample_train14 import AVOID as AVOID14
from sample_train14 import print_parts

SEED = 20261128
CAP = 25
PER_KEYWORD = 8
EXTRA_PER = 12
RANDOMS = 420
PARTS = 4
# Every eval/dev file present when round 16 was drawn (a fixed list keeps it reproducible).
AVOID = [
    *AVOID14,
    *(f"train14{part}" for part in "abcdef"),
    "heldout15",
    "heldout15ai",
    "heldout15c",
]


def main() -> None:
    if not OTA.is_dir():
        sys.exit(f"error: {OTA} holds no Open Terms Archive clones")
    print_parts(draw(SEED, tuple(AVOID), CAP, PER_KEYWORD, EXTRA_PER, RANDOMS), "train16", PARTS)


if __name__ == "__main__":
    main()
