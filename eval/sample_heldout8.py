"""Draw the round-8 blind held-out set from one-eighth and five-eighths-history wording.

Deterministic (seeded). Earlier rounds drew HEAD (rounds 1-3), the oldest versions
(round 4), the middle (round 5) and the quarter / three-quarter points (round 6) of each
document's history. This round draws the versions in force an EIGHTH and FIVE EIGHTHS of
the way through each document's own recorded history (the collection commit at that
fraction of the commit-index span between the first and the last commit touching the
document; eval/sample_heldout6.py's method), over the user-facing documents
(eval/sample_heldout5.USER_DOCS: Terms of Service, Privacy Policy, Community Guidelines,
Acceptable Use Policy, ...) of every service of all three collections (pga, vlopses-us,
genai-eu), in one draw with one per-service cap (CAP, counted by service name across
collections):

1. the 11 AI strata of eval/sample_heldout.AI_KEYWORDS over the genai-eu part
   (AI_PER_KEYWORD each);
2. one stratum per category, eval/sample_heldout.KEYWORDS, over the whole pool
   (PER_KEYWORD each);
3. RANDOMS random paragraphs of the whole pool.

Inside every stratum Terms of Service and Privacy Policy paragraphs are tried first
(sample_heldout6.PREFERRED). A paragraph is kept only if it is not a near-duplicate
(word-set Jaccard >= 0.8, sample_heldout3.NEAR) of any paragraph of the same document's
HEAD version, of any paragraph of the eval/dev files present when round 8 was drawn
(EARLIER), or of /tmp/h4-texts.jsonl (texts handed to an earlier annotator); inside the
whole draw only the first of near-identical paragraphs is kept. Only "text" fields are
read, so the draw stays blind to earlier labels. Finally, paragraphs near any paragraph
of an eval/dev/*.jsonl or eval/dev/agreement/*.jsonl file NOT in EARLIER (other than
this round's own heldout8.jsonl; e.g. train7.jsonl, written by another annotator while
round 8 was drawn) are dropped, after the seeded draw, so that such a file cannot shift
the draw; ids are numbered after that filter. Segmentation is govgraph.loaders.segment
(paragraphs of 40-700 characters, deduplicated) through sample_heldout3.paragraphs.
Labels are added by hand, blind to the classifier.

When round 8 was drawn (2026-11-27) train7.jsonl appeared during the labelling; the
committed heldout8.jsonl is this script's output as of the commit.

    .venv/bin/python eval/sample_heldout8.py > /tmp/heldout8-candidates.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout import AI_KEYWORDS, KEYWORDS
from sample_heldout3 import OTA, _git, _near, _words, paragraphs
from sample_heldout4 import _listed, _services
from sample_heldout5 import USER_DOCS
from sample_heldout6 import PREFERRED, _index, _ordered

DEV = Path(__file__).resolve().parent / "dev"
HANDED_OUT = Path("/tmp/h4-texts.jsonl")  # round-4 texts given to the second annotator
COLLECTIONS = ("pga", "vlopses-us", "genai-eu")
CAP = 6  # paragraphs per service name (or per collection and service: Round)
AI_PER_KEYWORD = 3
PER_KEYWORD = 3
RANDOMS = 50


# The files present when round 8 was drawn (a fixed list keeps the draw reproducible).
EARLIER = [
    "dev3",
    "genai",
    "heldout2",
    "heldout2ai",
    "heldout2rare",
    "heldout3",
    "heldout3ai",
    "heldout4",
    "heldout4ai",
    "heldout5",
    "heldout6",
    "pga-heldout",
    "platforms",
    "vlops-heldout",
    "agreement/heldout4-second",
]


@dataclass(frozen=True)
class Round:
    """What differs between rounds drawn with this method (round 9 reuses it)."""

    name: str  # the set's file stem and id prefix
    seed: int
    earlier: tuple[str, ...]  # eval/dev files present when the round was drawn
    cuts: tuple[tuple[str, int], ...]  # (name, parts of the document's history)
    cap_per_collection: bool  # count CAP per (collection, service), not per service name
    parts: int = 8  # the cuts' denominator: eighths for rounds 8-9, sixteenths later


ROUND8 = Round("heldout8", 20261208, tuple(EARLIER), (("eighth", 1), ("five-eighths", 5)), False)


def _texts(path: Path) -> list[str]:
    """The "text" fields of a JSONL file (agreement files carry ids only)."""
    lines = path.read_text("utf-8").splitlines()
    return [t for t in (json.loads(line).get("text") for line in lines if line.strip()) if t]


@cache
def earlier(round_: Round) -> list[frozenset[str]]:
    """Word sets of every paragraph of the fixed earlier files and of HANDED_OUT."""
    files = [DEV / f"{stem}.jsonl" for stem in round_.earlier]
    if HANDED_OUT.is_file():
        files.append(HANDED_OUT)
    return [_words(t) for path in files for t in _texts(path)]


def later(round_: Round) -> list[frozenset[str]]:
    """Word sets of eval/dev files written after the draw (e.g. train7.jsonl).

    Applied as a final filter, not in the pool, so that a file still being written
    cannot shift the seeded draw: it can only remove paragraphs from it."""
    known = {f"{stem}.jsonl" for stem in round_.earlier} | {f"{round_.name}.jsonl"}
    files = [f for f in sorted(DEV.glob("*.jsonl")) if f.name not in known]
    files += [
        f for f in sorted((DEV / "agreement").glob("*.jsonl")) if f"agreement/{f.name}" not in known
    ]
    if files:
        print("dropping near-duplicates of: " + ", ".join(f.name for f in files), file=sys.stderr)
    return [_words(t) for path in files for t in _texts(path)]


def cuts(collection: str, path: str, round_: Round) -> dict[str, str] | None:
    """The document's commits at the round's cuts (e.g. 1/8 and 5/8), and its last."""
    touching = _git(collection, "rev-list", "--reverse", "HEAD", "--", path).split()
    if not touching:
        return None
    index, ordered = _index(collection), _ordered(collection)
    first, last = index[touching[0]], index[touching[-1]]
    span = last - first
    found = {name: ordered[first + part * span // round_.parts] for name, part in round_.cuts}
    return found | {"head": touching[-1]}


def pool(collections: tuple[str, ...], round_: Round) -> dict[str, tuple[str, str, str]]:
    """User-document paragraphs at the round's cuts that HEAD and earlier sets lack."""
    found: dict[str, tuple[str, str, str]] = {}
    avoid = earlier(round_)
    for collection in collections:
        for service in _services(collection):
            for doc in _listed(collection, service):
                if doc not in USER_DOCS:
                    continue
                at = cuts(collection, f"{service}/{doc}.md", round_)
                if at is None:
                    continue
                head = [_words(t) for t, _ in paragraphs(collection, service, doc, at=at["head"])]
                for name, _ in round_.cuts:
                    for text, source in paragraphs(collection, service, doc, at=at[name]):
                        words = _words(text)
                        if text in found or _near(words, head) or _near(words, avoid):
                            continue
                        found[text] = (service, source, doc)
    return found


def draw(round_: Round) -> list[tuple[str, tuple[str, str, str]]]:
    """AI strata over genai-eu, then category strata and random over everything.

    Like sample_heldout6.sample (shuffled candidates, Terms/Privacy first, no near-repeats
    inside the draw), but with one per-service cap shared by all three steps."""
    rng = random.Random(round_.seed)
    everything = pool(COLLECTIONS, round_)
    texts = sorted(everything)
    genai = [t for t in texts if everything[t][1].startswith("genai-eu:")]
    chosen: list[str] = []
    taken: list[frozenset[str]] = []
    counts: dict[str | tuple[str, str], int] = {}

    def take(candidates: list[str], count: int) -> None:
        shuffled = rng.sample(candidates, len(candidates))
        first = [t for t in shuffled if everything[t][2] in PREFERRED]
        for text in first + [t for t in shuffled if everything[t][2] not in PREFERRED]:
            if count == 0:
                return
            service: str | tuple[str, str] = everything[text][0]
            if round_.cap_per_collection:
                service = (everything[text][1].split(":", 1)[0], everything[text][0])
            if text in chosen or counts.get(service, 0) >= CAP or _near(_words(text), taken):
                continue
            chosen.append(text)
            taken.append(_words(text))
            counts[service] = counts.get(service, 0) + 1
            count -= 1

    for keyword in AI_KEYWORDS:
        take([t for t in genai if re.search(keyword, t, re.I)], AI_PER_KEYWORD)
    for keyword in KEYWORDS:
        take([t for t in texts if re.search(keyword, t, re.I)], PER_KEYWORD)
    take([t for t in texts if t not in chosen], RANDOMS)
    rng.shuffle(chosen)
    after = later(round_)
    return [(t, everything[t]) for t in chosen if not _near(_words(t), after)]


def main(round_: Round = ROUND8) -> None:
    if not OTA.is_dir():
        sys.exit(f"error: {OTA} holds no Open Terms Archive clones")
    for n, (text, (service, source, _)) in enumerate(draw(round_), 1):
        record = {
            "id": f"{round_.name}-{n:03d}",
            "service": service,
            "source": source,
            "text": text,
        }
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
