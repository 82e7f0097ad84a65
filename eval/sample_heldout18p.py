"""Draw the round-18p blind held-out set: more passages of services outside OTA.

What: round 17p's draw (eval/sample_heldout17p.py: windows of three consecutive CLAUDETTE
sentences of the 27 companies outside the OTA collections, round 10c's strata and cap)
with seed 20261129, avoiding near-duplicates of every earlier draw from those companies:
rounds 10c-15c sentence by sentence, and 17p's passages whole (texts only). Printed as
JSON lines ``{"id", "service", "source", "text"}``, ids heldout18p-001... (109: the
per-company cap ends the draw).

Why: round 17p became a development set when the rules-v17 change was tuned on the
outside-services rounds (bench/results/classify.md, session 7). This fresh round, with
18c, is where that change is confirmed or dropped, by a rule written before the draw.

    .venv/bin/python eval/sample_heldout18p.py > /tmp/heldout18p-candidates.jsonl

Licence and credit: the CLAUDETTE corpus (Lippi et al. 2019; Galassi et al. 2024), CC BY
4.0, cited in full in eval/sample_heldout10c.py; the texts remain their publishers'.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sample_heldout17p
from sample_heldout3 import _near, _words
from sample_heldout10c import DEV, draw, main

SEED = 20261129
PASSAGES = [DEV / "heldout17pa.jsonl", DEV / "heldout17pb.jsonl"]


def windows() -> dict[str, tuple[str, str]]:
    """Round 17p's windows (which avoid rounds 10c-15c sentence by sentence) without the
    near-duplicates of 17p's passages."""
    avoid = [
        _words(json.loads(line)["text"])
        for path in PASSAGES
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    return {
        t: where for t, where in sample_heldout17p.windows().items() if not _near(_words(t), avoid)
    }


def passages() -> list[str]:
    """The passages this round draws (for round 18c, which avoids their sentences)."""
    return draw(SEED, windows())[0]


if __name__ == "__main__":
    main("heldout18p", SEED, windows())
