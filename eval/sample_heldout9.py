"""Draw the round-9 blind held-out set from three-eighths and seven-eighths-history wording.

Deterministic (seeded). Like eval/sample_heldout8.py, whose method and helpers it reuses,
but this round draws the versions in force THREE EIGHTHS and SEVEN EIGHTHS of the way
through each document's own recorded history (the collection commit at that fraction of
the commit-index span between the first and the last commit touching the document;
eval/sample_heldout6.py's method), over the user-facing documents
(eval/sample_heldout5.USER_DOCS) of every service of all three collections (pga,
vlopses-us, genai-eu). The per-service cap (CAP) counts each collection separately: a
service name in pga and the same name in vlopses-us each get CAP.

1. the 11 AI strata of eval/sample_heldout.AI_KEYWORDS over the genai-eu part
   (AI_PER_KEYWORD each);
2. one stratum per category, eval/sample_heldout.KEYWORDS, over the whole pool
   (PER_KEYWORD each);
3. RANDOMS random paragraphs of the whole pool.

A paragraph is kept only if it is not a near-duplicate (word-set Jaccard >= 0.8,
sample_heldout3.NEAR) of any paragraph of the same document's HEAD version, of any
paragraph of the eval/dev files present when round 9 was drawn (EARLIER, which includes
train7.jsonl and heldout8.jsonl), or of /tmp/h4-texts.jsonl. Later eval/dev files are a
final filter after the seeded draw, as in round 8. Only "text" fields are read, so the
draw stays blind to earlier labels. Labels are added by hand, blind to the classifier.

    .venv/bin/python eval/sample_heldout9.py > /tmp/heldout9-candidates.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout import AI_KEYWORDS, KEYWORDS
from sample_heldout3 import OTA, _git, _near, _words, paragraphs
from sample_heldout4 import _listed, _services
from sample_heldout5 import USER_DOCS
from sample_heldout6 import PREFERRED, _index, _ordered

DEV = Path(__file__).resolve().parent / "dev"
OWN = "heldout9.jsonl"
HANDED_OUT = Path("/tmp/h4-texts.jsonl")  # round-4 texts given to the second annotator
COLLECTIONS = ("pga", "vlopses-us", "genai-eu")
CAP = 6  # paragraphs per service, counted per collection
AI_PER_KEYWORD = 3
PER_KEYWORD = 3
RANDOMS = 50
SEED = 20261209


# The files present when round 9 was drawn (a fixed list keeps the draw reproducible).
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
    "heldout8",
    "pga-heldout",
    "platforms",
    "train7",
    "vlops-heldout",
    "agreement/heldout4-second",
]


def _texts(path: Path) -> list[str]:
    """The "text" fields of a JSONL file (agreement files carry ids only)."""
    lines = path.read_text("utf-8").splitlines()
    return [t for t in (json.loads(line).get("text") for line in lines if line.strip()) if t]


@cache
def earlier() -> list[frozenset[str]]:
    """Word sets of every paragraph of the fixed earlier files and of HANDED_OUT."""
    files = [DEV / f"{stem}.jsonl" for stem in EARLIER]
    if HANDED_OUT.is_file():
        files.append(HANDED_OUT)
    return [_words(t) for path in files for t in _texts(path)]


def later() -> list[frozenset[str]]:
    """Word sets of eval/dev files written after the draw (e.g. train7.jsonl).

    Applied as a final filter, not in the pool, so that a file still being written
    cannot shift the seeded draw: it can only remove paragraphs from it."""
    known = {f"{stem}.jsonl" for stem in EARLIER} | {OWN}
    files = [f for f in sorted(DEV.glob("*.jsonl")) if f.name not in known]
    files += [
        f for f in sorted((DEV / "agreement").glob("*.jsonl")) if f"agreement/{f.name}" not in known
    ]
    if files:
        print("dropping near-duplicates of: " + ", ".join(f.name for f in files), file=sys.stderr)
    return [_words(t) for path in files for t in _texts(path)]


def cuts(collection: str, path: str) -> dict[str, str] | None:
    """The document's three-eighths, seven-eighths and last commits."""
    touching = _git(collection, "rev-list", "--reverse", "HEAD", "--", path).split()
    if not touching:
        return None
    index, ordered = _index(collection), _ordered(collection)
    first, last = index[touching[0]], index[touching[-1]]
    span = last - first
    return {
        "three-eighths": ordered[first + 3 * span // 8],
        "seven-eighths": ordered[first + 7 * span // 8],
        "head": touching[-1],
    }


def pool(collections: tuple[str, ...]) -> dict[str, tuple[str, str, str]]:
    """User-document paragraphs at 3/8 and 7/8 that HEAD and earlier sets lack."""
    found: dict[str, tuple[str, str, str]] = {}
    avoid = earlier()
    for collection in collections:
        for service in _services(collection):
            for doc in _listed(collection, service):
                if doc not in USER_DOCS:
                    continue
                at = cuts(collection, f"{service}/{doc}.md")
                if at is None:
                    continue
                head = [_words(t) for t, _ in paragraphs(collection, service, doc, at=at["head"])]
                for name in ("three-eighths", "seven-eighths"):
                    for text, source in paragraphs(collection, service, doc, at=at[name]):
                        words = _words(text)
                        if text in found or _near(words, head) or _near(words, avoid):
                            continue
                        found[text] = (service, source, doc)
    return found


def draw() -> list[tuple[str, tuple[str, str, str]]]:
    """AI strata over genai-eu, then category strata and random over everything.

    Like sample_heldout6.sample (shuffled candidates, Terms/Privacy first, no near-repeats
    inside the draw), with one per-(collection, service) cap shared by all three steps."""
    rng = random.Random(SEED)
    everything = pool(COLLECTIONS)
    texts = sorted(everything)
    genai = [t for t in texts if everything[t][1].startswith("genai-eu:")]
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
        take([t for t in genai if re.search(keyword, t, re.I)], AI_PER_KEYWORD)
    for keyword in KEYWORDS:
        take([t for t in texts if re.search(keyword, t, re.I)], PER_KEYWORD)
    take([t for t in texts if t not in chosen], RANDOMS)
    rng.shuffle(chosen)
    after = later()
    return [(t, everything[t]) for t in chosen if not _near(_words(t), after)]


def main() -> None:
    if not OTA.is_dir():
        sys.exit(f"error: {OTA} holds no Open Terms Archive clones")
    for n, (text, (service, source, _)) in enumerate(draw(), 1):
        record = {"id": f"heldout9-{n:03d}", "service": service, "source": source, "text": text}
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
