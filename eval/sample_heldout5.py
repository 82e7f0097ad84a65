"""Draw the round-5 blind held-out set from *mid-history* wording no earlier set used.

Deterministic (seeded). Round 4 drew the OLDEST recorded versions; round 3 and the
earlier rounds drew HEAD. This round draws the version in force halfway through each
document's own recorded history: for every user-facing document (USER_DOCS) of every
pga and vlopses-us service, the collection commit halfway (by commit index) between the
first and the last commit that touch the document, and the document as of that commit.
A paragraph is kept only if it is not a near-duplicate (word-set Jaccard >= NEAR, as in
eval/sample_heldout3.py) of any paragraph of the same document's oldest or HEAD version,
nor of any paragraph of an earlier eval/dev set (EARLIER; only their "text" fields are
read, so the draw stays blind to earlier labels). The round-4 texts are in EARLIER
(heldout4, heldout4ai), which covers the unlabelled copy a second annotator used.

Segmentation is govgraph.loaders.segment (paragraphs of 40-700 characters, deduplicated)
through eval/sample_heldout3.paragraphs. Strata: PER_KEYWORD paragraphs per keyword of
eval/sample_heldout.KEYWORDS (one per category, from the category definitions) plus
RANDOMS random paragraphs, at most CAP per service, no near-repeats inside the draw.
Labels are added by hand, blind to the classifier.

    .venv/bin/python eval/sample_heldout5.py > /tmp/heldout5-candidates.jsonl
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout import KEYWORDS
from sample_heldout3 import OTA, _git, _near, _words, paragraphs
from sample_heldout4 import _listed, _sample, _services

DEV = Path(__file__).resolve().parent / "dev"
# Every set that existed when round 5 was drawn (a fixed list keeps the draw reproducible).
EARLIER = [
    "genai",
    "platforms",
    "pga-heldout",
    "vlops-heldout",
    "heldout2",
    "heldout2ai",
    "heldout2rare",
    "dev3",
    "heldout3",
    "heldout3ai",
    "heldout4",
    "heldout4ai",
]
COLLECTIONS = ("pga", "vlopses-us")
# Documents written for the service's end users (not developer, advertiser, seller,
# business or law-enforcement documents).
USER_DOCS = [
    "Terms of Service",
    "Privacy Policy",
    "Community Guidelines",
    "Acceptable Use Policy",
    "Trackers Policy",
    "Copyright Claims Policy",
    "Deceased Users",
    "User Consent Policy",
    "Live Policy",
    "Content Monetisation Policy",
    "In-App Purchases Policy",
    "Restricted Use Policy",
    "Complaints Policy",
]
CAP = 6  # paragraphs per service
PER_KEYWORD = 3
RANDOMS = 35
SEED = 20261127


@cache
def earlier() -> list[frozenset[str]]:
    """Word sets of every earlier eval paragraph (text fields only)."""
    words = []
    for stem in EARLIER:
        for line in (DEV / f"{stem}.jsonl").read_text("utf-8").splitlines():
            words.append(_words(json.loads(line)["text"]))
    return words


@cache
def _ordered(collection: str) -> tuple[str, ...]:
    """The collection's commits, oldest first."""
    return tuple(_git(collection, "rev-list", "--reverse", "HEAD").split())


@cache
def _commits(collection: str) -> dict[str, int]:
    """Position of every commit in the collection's history, oldest 0."""
    return {c: i for i, c in enumerate(_ordered(collection))}


def cuts(collection: str, path: str) -> tuple[str, str, str] | None:
    """The document's oldest commit, its mid-history commit and its last commit."""
    touching = _git(collection, "rev-list", "--reverse", "HEAD", "--", path).split()
    if not touching:
        return None
    index = _commits(collection)
    middle = _ordered(collection)[(index[touching[0]] + index[touching[-1]]) // 2]
    return touching[0], middle, touching[-1]


def pool() -> dict[str, tuple[str, str]]:
    """Mid-history paragraphs that neither the document's oldest/HEAD nor earlier sets hold."""
    found: dict[str, tuple[str, str]] = {}
    avoid = earlier()
    for collection in COLLECTIONS:
        for service in _services(collection):
            for doc in _listed(collection, service):
                if doc not in USER_DOCS:
                    continue
                at = cuts(collection, f"{service}/{doc}.md")
                if at is None:
                    continue
                oldest, mid, _ = at
                ends = [_words(t) for t, _ in paragraphs(collection, service, doc, at=oldest)]
                ends += [_words(t) for t, _ in paragraphs(collection, service, doc)]
                for text, source in paragraphs(collection, service, doc, at=mid):
                    words = _words(text)
                    if text in found or _near(words, ends) or _near(words, avoid):
                        continue
                    found[text] = (service, source)
    return found


def draw() -> tuple[list[str], dict[str, tuple[str, str]]]:
    candidates = pool()
    return _sample(candidates, KEYWORDS, PER_KEYWORD, RANDOMS, seed=SEED, cap=CAP), candidates


def main() -> None:
    if not OTA.is_dir():
        sys.exit(f"error: {OTA} holds no Open Terms Archive clones")
    chosen, candidates = draw()
    for n, text in enumerate(chosen, 1):
        service, source = candidates[text]
        record = {"id": f"heldout5-{n:03d}", "service": service, "source": source, "text": text}
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
