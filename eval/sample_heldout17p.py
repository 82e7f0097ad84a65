"""Draw the round-17p blind held-out set: paragraph-length passages of services outside OTA.

What: a seeded, deterministic draw (seed 20261128) of passages of three consecutive
CLAUDETTE sentences from the 27 companies with no service in govgraph's Open Terms Archive
collections (eval/sample_heldout10c.COMPANIES). Each company's sentence file is cut into
consecutive, non-overlapping windows of three lines (lines 1-3, 4-6, ...); a window is a
candidate when each of its sentences has at least three words, the joined passage (one
space between sentences) has 120-900 characters, and none of its sentences is a
near-duplicate (word-set Jaccard >= 0.8, sample_heldout3._near) of a text of the earlier
draws from the same companies (heldout10c, 11c, 12c, 13c, 15c; texts only). The draw is
round 10c's (sample_heldout10c.draw: one stratum per keyword of sample_heldout.KEYWORDS,
4 each, then 60 random, at most 9 per company, shuffled). Printed as JSON lines
``{"id", "service", "source", "text"}``, ids heldout17p-001..., source
``claudette:<Company>.txt:<first line>-<last line>`` (1-based).

Why: the quality bar is measured on paragraphs and sentences of services not in
../shared. Every paragraph round so far (8-15) was drawn from the OTA collections, the
services the contextual model was trained on (other paragraphs and versions of them), and
every round of outside services (10c-15c) was of single sentences. The contextual model's
labels for all 24 categories (OR24) won every paragraph round and lost the sentence
rounds, so whether its gain on paragraphs is the input's length or the services' familiarity
is open. CLAUDETTE keeps no paragraph breaks; three consecutive sentences are the nearest
paragraph-length text of unseen services available offline. Labels (all 24 categories,
the passage read as one paragraph) are added by hand, blind: the corpus's tags are not
read and the classifier is not run before eval/dev/heldout17p.jsonl is committed.

    .venv/bin/python eval/sample_heldout17p.py > /tmp/heldout17p-candidates.jsonl

Licence and credit: the CLAUDETTE corpus (Lippi et al. 2019; Galassi et al. 2024), CC BY
4.0, cited in full in eval/sample_heldout10c.py; the texts remain their publishers'.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout3 import _near, _words
from sample_heldout10c import COMPANIES, DEV, SENTENCES, main

SEED = 20261128
WINDOW = 3
MIN_CHARS, MAX_CHARS, MIN_WORDS = 120, 900, 3
# The earlier draws from the same companies: their texts (never their labels) are avoided.
EARLIER = [DEV / f"heldout{n}c.jsonl" for n in (10, 11, 12, 13, 15)]


def windows() -> dict[str, tuple[str, str]]:
    """Every eligible passage (first occurrence wins) -> (company, source)."""
    avoid = [
        _words(json.loads(line)["text"])
        for path in EARLIER
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    found: dict[str, tuple[str, str]] = {}
    for company in COMPANIES:
        lines = (SENTENCES / f"{company}.txt").read_text("utf-8").splitlines()
        for start in range(0, len(lines) - WINDOW + 1, WINDOW):
            sentences = [line.strip() for line in lines[start : start + WINDOW]]
            if any(len(s.split()) < MIN_WORDS for s in sentences):
                continue
            text = " ".join(sentences)
            if not MIN_CHARS <= len(text) <= MAX_CHARS:
                continue
            if any(_near(_words(s), avoid) for s in sentences):
                continue
            source = f"claudette:{company}.txt:{start + 1}-{start + WINDOW}"
            found.setdefault(text, (company, source))
    return found


if __name__ == "__main__":
    main("heldout17p", SEED, windows())
