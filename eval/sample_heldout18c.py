"""Draw the round-18c blind held-out set: more single sentences of services outside OTA.

What: round 10c's pool and draw (eval/sample_heldout10c.py) with seed 20261129, avoiding
near-duplicates of rounds 10c-15c (as 15c does) and every sentence inside a passage of
round 17p or of round 18p's draw (texts only). Printed as JSON lines ``{"id", "service", "source", "text"}``,
ids heldout18c-001...

Why: with round 18p, the fresh confirmation of the rules-v17 change, which was tuned on
rounds 10c-15c and 17p (bench/results/classify.md, session 7).

    .venv/bin/python eval/sample_heldout18c.py > /tmp/heldout18c-candidates.jsonl

Licence and credit: the CLAUDETTE corpus (Lippi et al. 2019; Galassi et al. 2024), CC BY
4.0, cited in full in eval/sample_heldout10c.py; the texts remain their publishers'.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sample_heldout18p
from sample_heldout10c import DEV, main, pool_without

SEED = 20261129
EARLIER = [DEV / f"heldout{n}c.jsonl" for n in (10, 11, 12, 13, 15)]
PASSAGES = [DEV / "heldout17pa.jsonl", DEV / "heldout17pb.jsonl"]


def pool() -> dict[str, tuple[str, str]]:
    """Round 15c's pool without the sentences quoted in rounds 17p's and 18p's passages."""
    quoted = " ".join(
        [
            *(
                json.loads(line)["text"]
                for path in PASSAGES
                for line in path.read_text("utf-8").splitlines()
                if line.strip()
            ),
            *sample_heldout18p.passages(),
        ]
    )
    return {t: where for t, where in pool_without(EARLIER).items() if t not in quoted}


if __name__ == "__main__":
    main("heldout18c", SEED, pool())
