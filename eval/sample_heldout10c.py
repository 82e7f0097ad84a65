"""Draw the round-10c blind held-out set: CLAUDETTE sentences of services outside OTA.

What: a seeded, deterministic draw of terms-of-service sentences from the 27 companies of
the shared CLAUDETTE corpus that have no service in govgraph's Open Terms Archive
collections (genai-eu, pga, vlopses-us). Sentences of 40-700 characters with at least
six words, deduplicated by exact text; one stratum per keyword of
`sample_heldout.KEYWORDS` (4 each, case-insensitive regex search, one per category, from
the category definitions' vocabulary), then 60 random sentences of the rest; at most 9
sentences per company across all strata; the chosen list is shuffled with the same RNG.
Printed as JSON lines `{"id", "service", "source", "text"}` with ids heldout10c-001...,
service the company name and source `claudette:<Company>.txt:<line, 1-based>`.

Why: every earlier held-out round was drawn from the OTA collections, whose services'
other documents and versions were read while the classifier was built. These companies'
texts never were, so the set measures the classifier on unseen services' wording, the
condition of issue 4's quality bar. Labels (all 24 categories) are added by hand, blind:
the corpus's own tags (`tags/`) are not read, and the classifier is not run, before the
labelled file eval/dev/heldout10c.jsonl is committed.

How to run (from the repository root, with ../shared beside it):

    .venv/bin/python eval/sample_heldout10c.py > /tmp/heldout10c-candidates.jsonl

Licence and credit: the sentences are from the CLAUDETTE unfair-clause corpus as extended
by Galassi, Lagioia, Jabłonowska and Lippi, "Unfair clause detection in terms of service
across multiple languages", Artificial Intelligence and Law, 2024
(doi:10.1007/s10506-024-09398-7), and Lippi et al., "CLAUDETTE: an automated detector of
potentially unfair clauses in online terms of service", Artificial Intelligence and Law
27:117-139, 2019; licensed CC BY 4.0. The texts remain their publishers'; they are quoted
here for research and evaluation.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout import KEYWORDS
from sample_heldout3 import _near, _words

DEV = Path(__file__).resolve().parent / "dev"
SENTENCES = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "claudette" / "sentences"
)
# CLAUDETTE companies with no service in the genai-eu, pga or vlopses-us collections.
COMPANIES = [
    "Amazon",
    "Booking",
    "Dropbox",
    "Electronic_Arts",
    "Endomondo",
    "Evernote",
    "Flo",
    "Garmin",
    "Groupon",
    "Kardia",
    "Mozilla",
    "MyHeritage",
    "Mysugr",
    "PayPal",
    "Revolut",
    "Rovio",
    "Ryanair",
    "Skyscanner",
    "Tinder",
    "Tripadvisor",
    "Uber",
    "Ubisoft",
    "Visa",
    "Weebly",
    "Western",
    "Yelp",
    "Zoom",
]
SEED = 20261211
PER_KEYWORD = 4
RANDOM = 60
CAP = 9  # sentences per company across all strata
MIN_CHARS, MAX_CHARS, MIN_WORDS = 40, 700, 6


def pool() -> dict[str, tuple[str, str]]:
    """Every eligible sentence (first occurrence wins) -> (company, source)."""
    found: dict[str, tuple[str, str]] = {}
    for company in COMPANIES:
        path = SENTENCES / f"{company}.txt"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            text = line.strip()
            if not MIN_CHARS <= len(text) <= MAX_CHARS or len(text.split()) < MIN_WORDS:
                continue
            found.setdefault(text, (company, f"claudette:{company}.txt:{number}"))
    return found


def pool_without(earlier: list[Path]) -> dict[str, tuple[str, str]]:
    """The pool without near-duplicates of the sentences of earlier draws (texts only).

    Later rounds from the same companies (11c, 12c) draw from this, so that no sentence is
    drawn twice in near-identical form and no earlier label is read."""
    avoid = [
        _words(json.loads(line)["text"])
        for path in earlier
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    return {t: where for t, where in pool().items() if not _near(_words(t), avoid)}


def draw(
    seed: int = SEED, found: dict[str, tuple[str, str]] | None = None
) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """The seeded draw: the sentences chosen (in final order) and each one's provenance."""
    rng = random.Random(seed)
    found = pool() if found is None else found
    texts = sorted(found)
    chosen: list[str] = []
    per_company: Counter[str] = Counter()

    def take(candidates: list[str], n: int) -> None:
        # one at a time, so the per-company cap holds inside a stratum too
        for _ in range(n):
            eligible = [t for t in candidates if t not in chosen and per_company[found[t][0]] < CAP]
            if not eligible:
                return
            pick = rng.choice(eligible)
            chosen.append(pick)
            per_company[found[pick][0]] += 1

    for keyword in KEYWORDS:
        take([t for t in texts if re.search(keyword, t, re.I)], PER_KEYWORD)
    take(texts, RANDOM)
    rng.shuffle(chosen)
    return chosen, found


def main(
    name: str = "heldout10c", seed: int = SEED, found: dict[str, tuple[str, str]] | None = None
) -> None:
    """Print the round's records as JSON lines (ids <name>-001...)."""
    chosen, found = draw(seed, found)
    for i, text in enumerate(chosen, 1):
        company, source = found[text]
        record = {"id": f"{name}-{i:03d}", "service": company, "source": source, "text": text}
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
