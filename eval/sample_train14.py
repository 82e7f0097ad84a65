"""Draw round-14 TRAINING paragraphs (eval/dev/train14-*.jsonl) for the trained models.

Training data, not a held-out set: round 7's draw (eval/sample_train7.py: the user-facing
documents of every service of the three collections at HEAD and a third of the way
through each document's history; definition-vocabulary strata, then keyword and AI
keyword strata, then random paragraphs), about five times larger (CAP, PER_KEYWORD,
EXTRA_PER and RANDOMS below) and avoiding the texts of EVERY eval/dev file present when
it was drawn (AVOID), so the blind rounds 11-13 stay blind for models trained on it.

Why: every model trained so far learned from ~2,100 labelled paragraphs, and rare
categories had a few dozen positives each. The drawn list is shuffled and cut into
PARTS consecutive parts (train14-a ... ), each labelled blind by a separate annotator,
so more annotators can work at once.

    .venv/bin/python eval/sample_train14.py > /tmp/train14-candidates.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout3 import OTA
from sample_train7 import draw

SEED = 20261220
CAP = 40
PER_KEYWORD = 12
EXTRA_PER = 20
RANDOMS = 700
PARTS = 6
# Every eval/dev file present when round 14 was drawn (a fixed list keeps it reproducible).
AVOID = [
    "dev3",
    "genai",
    "heldout10",
    "heldout10c",
    "heldout11",
    "heldout11ai",
    "heldout11c",
    "heldout12",
    "heldout12ai",
    "heldout12c",
    "heldout13",
    "heldout13ai",
    "heldout13c",
    "heldout2",
    "heldout2ai",
    "heldout2rare",
    "heldout3",
    "heldout3ai",
    "heldout4",
    "heldout4ai",
    "heldout5",
    "heldout6",
    "heldout8",
    "heldout9",
    "pga-heldout",
    "platforms",
    "train7",
    "vlops-heldout",
]


def print_parts(drawn: list[tuple[str, tuple[str, str, str]]], stem: str, parts: int) -> None:
    """Print the draw as JSON lines cut into ``parts`` consecutive parts, ids <stem><a..>-NNN."""
    size = -(-len(drawn) // parts)
    for n, (text, (service, source, _)) in enumerate(drawn):
        part = "abcdefgh"[n // size]
        record = {
            "id": f"{stem}{part}-{n % size + 1:03d}",
            "service": service,
            "source": source,
            "text": text,
        }
        print(json.dumps(record, ensure_ascii=False))


def main() -> None:
    if not OTA.is_dir():
        sys.exit(f"error: {OTA} holds no Open Terms Archive clones")
    print_parts(draw(SEED, tuple(AVOID), CAP, PER_KEYWORD, EXTRA_PER, RANDOMS), "train14", PARTS)


if __name__ == "__main__":
    main()
