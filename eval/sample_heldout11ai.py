"""Draw the round-11ai blind held-out set: generative-AI services' wording only.

Deterministic (seeded). The issue's second bar is macro-F1 on the AI-governance
categories in generative-AI services' terms, and rounds 8-11 drew too few AI positives
to measure it (they mix all three collections and cap genai-eu at six per service). This
round draws ONLY from the genai-eu collection: every user-facing document
(eval/sample_heldout5.USER_DOCS) of every genai-eu service, as it stood at FOUR cuts of
the document's own recorded history, 3/16, 7/16, 11/16 and 15/16 (sample_heldout8.Round
with ``parts=16``; the collection commit at that fraction of the commit-index span
between the first and the last commit touching the document). sample_heldout8.pool keeps
only paragraphs that are not near-duplicates (word-set Jaccard >= 0.8,
sample_heldout3.NEAR) of the same document's HEAD version, of any paragraph of the
eval/dev files present when round 11ai was drawn (EARLIER: round 10's list plus
heldout10 and heldout10c) or of /tmp/h4-texts.jsonl.

From that pool, with one seeded generator:

1. up to AI_PER_KEYWORD paragraphs per stratum of eval/sample_heldout.AI_KEYWORDS (the
   11 AI strata, case-insensitive regexes), Terms of Service / Privacy Policy paragraphs
   tried first (sample_heldout6.PREFERRED), as sample_heldout8.draw does;
2. RANDOMS random paragraphs of the rest;

at most CAP paragraphs per service across both steps, no near-repeats inside the draw.
The draw is shuffled, then paragraphs near any eval/dev file written after the draw
(sample_heldout8.later: e.g. heldout11.jsonl and heldout11c.jsonl, drawn at the same
time) are dropped; ids are numbered after that filter. Only "text" fields of other
files are read, so the draw stays blind to earlier labels. Labels are added by hand,
blind to the classifier.

    .venv/bin/python eval/sample_heldout11ai.py > /tmp/heldout11ai-candidates.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout import AI_KEYWORDS
from sample_heldout3 import OTA, _near, _words
from sample_heldout6 import PREFERRED
from sample_heldout8 import Round, later, pool
from sample_heldout10 import EARLIER as EARLIER10

COLLECTIONS = ("genai-eu",)
AI_PER_KEYWORD = 8
RANDOMS = 20
CAP = 10  # paragraphs per (collection, service) across the whole draw

# The files present when round 11ai was drawn (a fixed list keeps the draw reproducible).
EARLIER = (*EARLIER10, "heldout10", "heldout10c")
ROUND11AI = Round(
    "heldout11ai",
    20261214,
    EARLIER,
    (
        ("three-sixteenths", 3),
        ("seven-sixteenths", 7),
        ("eleven-sixteenths", 11),
        ("fifteen-sixteenths", 15),
    ),
    True,
    parts=16,
)


def draw(round_: Round = ROUND11AI) -> list[tuple[str, tuple[str, str, str]]]:
    """AI strata, then random paragraphs, over the genai-eu pool; later files filtered."""
    rng = random.Random(round_.seed)
    everything = pool(COLLECTIONS, round_)
    texts = sorted(everything)
    chosen: list[str] = []
    taken: list[frozenset[str]] = []
    counts: dict[tuple[str, str], int] = {}

    def take(candidates: list[str], count: int) -> None:
        shuffled = rng.sample(candidates, len(candidates))
        first = [t for t in shuffled if everything[t][2] in PREFERRED]
        for text in first + [t for t in shuffled if everything[t][2] not in PREFERRED]:
            if count == 0:
                return
            service = (everything[text][1].split(":", 1)[0], everything[text][0])
            if text in chosen or counts.get(service, 0) >= CAP or _near(_words(text), taken):
                continue
            chosen.append(text)
            taken.append(_words(text))
            counts[service] = counts.get(service, 0) + 1
            count -= 1

    for keyword in AI_KEYWORDS:
        take([t for t in texts if re.search(keyword, t, re.I)], AI_PER_KEYWORD)
    take([t for t in texts if t not in chosen], RANDOMS)
    rng.shuffle(chosen)
    after = later(round_)
    return [(t, everything[t]) for t in chosen if not _near(_words(t), after)]


def main(round_: Round = ROUND11AI) -> None:
    if not OTA.is_dir():
        sys.exit(f"error: {OTA} holds no Open Terms Archive clones")
    for n, (text, (service, source, _)) in enumerate(draw(round_), 1):
        record = {"id": f"{round_.name}-{n:03d}", "service": service, "source": source}
        print(json.dumps(record | {"text": text}, ensure_ascii=False))


if __name__ == "__main__":
    main()
