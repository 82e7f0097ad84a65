"""Draw the round-12ai blind held-out set: AI wording from all three collections.

Deterministic (seeded 20261215). The issue's second bar is macro-F1 on the
AI-governance categories, and round 11ai (genai-eu only, older versions only) found no
AI-category positive. AI clauses often sit outside the Terms / Privacy documents
(generative-AI additional terms, AI terms, developer or commercial terms, acceptable-use
policies, community guidelines), and most pga / vlopses-us services' AI clauses were
never drawn. So this round reads EVERY document (every ``.md`` path the collection's
history ever held, not only eval/sample_heldout5.USER_DOCS) of every service of all
three collections (pga, vlopses-us, genai-eu), as it stood at FIVE points of the
document's own recorded history: 1/16, 5/16, 9/16 and 13/16 (sample_heldout8.cuts with
``parts=16``: the collection commit at that fraction of the commit-index span between
the first and last commit touching the document) and HEAD (the last commit touching it;
for a document deleted before HEAD, the commit before its deletion).

HEAD is allowed here. Excluded entirely: the genai-eu services whose AI wording was read
while the AI rules were written (eval/dev/README.md, "How they were used"): ChatGPT,
Claude (``Claude.ai``) and Gemini (``Google Generative AI Services``) - EXCLUDED below.

Candidates are paragraphs (govgraph.loaders.segment via sample_heldout3.paragraphs,
40-700 characters, deduplicated by text) matching at least one stratum of
eval/sample_heldout.AI_KEYWORDS (case-insensitive regexes; no random part), and not a
near-duplicate (word-set Jaccard >= 0.8, sample_heldout3._near) of any paragraph of any
eval/dev/*.jsonl or eval/dev/agreement/*.jsonl file present when this round was drawn
(EARLIER, texts only) or of /tmp/h4-texts.jsonl. With one seeded generator, up to
PER_KEYWORD paragraphs are taken per AI stratum (in AI_KEYWORDS order, each stratum's
hits shuffled), at most CAP per (collection, service) across the draw, never a near-repeat
of a paragraph already taken; the draw is then shuffled. Paragraphs near any eval/dev
file written after the draw (sample_heldout8.later) are dropped last, so such a file
cannot shift the seeded draw; ids are numbered after that filter. Only "text" fields of
other files are read, so the draw stays blind to earlier labels. Labels are added by
hand, blind to the classifier.

    .venv/bin/python eval/sample_heldout12ai.py > /tmp/heldout12ai-candidates.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout import AI_KEYWORDS
from sample_heldout3 import OTA, _git, _near, _words, paragraphs
from sample_heldout4 import _services
from sample_heldout8 import Round, cuts, earlier, later
from sample_heldout11 import EARLIER as EARLIER11

COLLECTIONS = ("pga", "vlopses-us", "genai-eu")
# The services whose AI texts were rule sources (ChatGPT, Claude, Gemini of genai-eu).
EXCLUDED = {
    ("genai-eu", "ChatGPT"),
    ("genai-eu", "Claude.ai"),
    ("genai-eu", "Google Generative AI Services"),
}
PER_KEYWORD = 10
CAP = 8  # paragraphs per (collection, service) across the whole draw

# Every eval/dev file present when round 12ai was drawn (a fixed list keeps the draw
# reproducible; later files are a final filter, see sample_heldout8.later).
EARLIER = (*EARLIER11, "heldout11", "heldout11ai", "heldout11c")
ROUND12AI = Round(
    "heldout12ai",
    20261215,
    EARLIER,
    (
        ("one-sixteenth", 1),
        ("five-sixteenths", 5),
        ("nine-sixteenths", 9),
        ("thirteen-sixteenths", 13),
    ),
    True,
    parts=16,
)


@cache
def _documents(collection: str) -> dict[str, list[str]]:
    """Every document (``.md`` path) the collection's history ever held, by service."""
    out = _git(collection, "log", "--format=", "--name-only", "HEAD")
    docs: dict[str, list[str]] = {}
    for path in sorted(set(out.split("\n"))):
        if path.endswith(".md") and "/" in path:
            service, doc = path.split("/", 1)
            docs.setdefault(service, []).append(doc.removesuffix(".md"))
    return docs


def _matches(text: str) -> bool:
    return any(re.search(keyword, text, re.I) for keyword in AI_KEYWORDS)


def pool(round_: Round = ROUND12AI) -> dict[str, tuple[str, str, str]]:
    """AI-stratum paragraphs of every document at the round's cuts and HEAD."""
    found: dict[str, tuple[str, str, str]] = {}
    for collection in COLLECTIONS:
        services = sorted(set(_services(collection)) | set(_documents(collection)))
        for service in services:
            if (collection, service) in EXCLUDED:
                continue
            for doc in _documents(collection).get(service, []):
                at = cuts(collection, f"{service}/{doc}.md", round_)
                if at is None:
                    continue
                commits = [at[name] for name, _ in round_.cuts] + [at["head"]]
                seen: set[str] = set()
                for commit in commits:
                    if commit in seen:
                        continue
                    seen.add(commit)
                    paras = paragraphs(collection, service, doc, at=commit)
                    if not paras and commit == at["head"]:  # deleted: its last text
                        paras = paragraphs(collection, service, doc, at=f"{commit}^")
                    for text, source in paras:
                        if text not in found and _matches(text):
                            found[text] = (service, source, doc)
    avoid = earlier(round_)
    return {t: v for t, v in found.items() if not _near(_words(t), avoid)}


def draw(round_: Round = ROUND12AI) -> list[tuple[str, tuple[str, str, str]]]:
    """Up to PER_KEYWORD per AI stratum, CAP per collection-service; later files last."""
    rng = random.Random(round_.seed)
    everything = pool(round_)
    texts = sorted(everything)
    chosen: list[str] = []
    taken: list[frozenset[str]] = []
    counts: dict[tuple[str, str], int] = {}
    for keyword in AI_KEYWORDS:
        hits = [t for t in texts if re.search(keyword, t, re.I)]
        count = PER_KEYWORD
        for text in rng.sample(hits, len(hits)):
            if count == 0:
                break
            service = (everything[text][1].split(":", 1)[0], everything[text][0])
            if text in chosen or counts.get(service, 0) >= CAP or _near(_words(text), taken):
                continue
            chosen.append(text)
            taken.append(_words(text))
            counts[service] = counts.get(service, 0) + 1
            count -= 1
    rng.shuffle(chosen)
    after = later(round_)
    return [(t, everything[t]) for t in chosen if not _near(_words(t), after)]


def main(round_: Round = ROUND12AI) -> None:
    if not OTA.is_dir():
        sys.exit(f"error: {OTA} holds no Open Terms Archive clones")
    for n, (text, (service, source, _)) in enumerate(draw(round_), 1):
        record = {"id": f"{round_.name}-{n:03d}", "service": service, "source": source}
        print(json.dumps(record | {"text": text}, ensure_ascii=False))


if __name__ == "__main__":
    main()
