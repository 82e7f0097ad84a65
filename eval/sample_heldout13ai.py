"""Draw the round-13ai blind held-out set: AI wording of older versions, all collections.

Deterministic (seeded 20261218). Round 12ai (eval/sample_heldout12ai.py) read every
document of every service of the three collections (pga, vlopses-us, genai-eu) at 1/16,
5/16, 9/16, 13/16 of each document's history and at HEAD. This round reuses its method,
helpers and constants (COLLECTIONS, EXCLUDED, PER_KEYWORD, CAP, _documents, _matches),
but reads each document as it stood at FOUR OTHER cuts of its own recorded history,
3/16, 7/16, 11/16 and 15/16 (sample_heldout8.cuts with ``parts=16``: the collection
commit at that fraction of the commit-index span between the first and last commit
touching the document), and NOT at HEAD (round 12ai drew from HEAD). A cut at which the
document does not exist (deleted earlier in a renamed history) contributes nothing.

Every ``.md`` document the collection's history ever held is read (AI terms often sit in
separate documents: generative-AI additional terms, AI terms, developer or commercial
terms, acceptable-use policies, community guidelines). Excluded entirely, as in round
12ai: ChatGPT, Claude (``Claude.ai``) and Gemini (``Google Generative AI Services``) of
genai-eu, whose AI wording was read while the AI rules were written.

Candidates are paragraphs (govgraph.loaders.segment via sample_heldout3.paragraphs,
40-700 characters, deduplicated by text) matching at least one stratum of
eval/sample_heldout.AI_KEYWORDS (case-insensitive regexes; no random part), and not a
near-duplicate (word-set Jaccard >= 0.8, sample_heldout3._near) of any paragraph of any
eval/dev/*.jsonl or eval/dev/agreement/*.jsonl file present when this round was drawn
(EARLIER: round 12ai's list plus heldout12, heldout12ai and heldout12c; texts only) or
of /tmp/h4-texts.jsonl. With one seeded generator, up to PER_KEYWORD paragraphs are taken
per AI stratum (in AI_KEYWORDS order, each stratum's hits shuffled), at most CAP per
(collection, service) across the draw, never a near-repeat of a paragraph already taken.
At these cuts four of the eleven strata have no hit and two fewer than ten (AI clauses
rarely change, and their other versions are in earlier sets), so this first pass yields
only 65 paragraphs; a second pass over the strata in the same order then takes up to
PER_KEYWORD more per stratum from the hits not yet taken (same caps), stopping when the
draw holds TARGET paragraphs (pass two can only draw on the five strata with spare hits:
AI-and-output, safety, AI-generated / synthetic, generative, label / disclose; the
"safety" and "label / disclose" ones mostly match non-AI wording). The draw is then
shuffled. Paragraphs near any eval/dev file written after the draw (sample_heldout8.later)
are dropped last, so such a file cannot shift the seeded draw; ids are numbered after that
filter. Only "text" fields of other files are read, so the
draw stays blind to earlier labels. Labels are added by hand, blind to the classifier.

    .venv/bin/python eval/sample_heldout13ai.py > /tmp/heldout13ai-candidates.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout import AI_KEYWORDS
from sample_heldout3 import OTA, _near, _words, paragraphs
from sample_heldout4 import _services
from sample_heldout8 import Round, cuts, earlier, later
from sample_heldout12ai import (
    CAP,
    COLLECTIONS,
    EXCLUDED,
    PER_KEYWORD,
    _documents,
    _matches,
)
from sample_heldout12ai import EARLIER as EARLIER12AI

TARGET = 110  # the brief's aim (~100-120); the second pass stops here
PASSES = 2

# Every eval/dev file present when round 13ai was drawn (a fixed list keeps the draw
# reproducible; later files are a final filter, see sample_heldout8.later).
EARLIER = (*EARLIER12AI, "heldout12", "heldout12ai", "heldout12c")
ROUND13AI = Round(
    "heldout13ai",
    20261218,
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


def pool(round_: Round = ROUND13AI) -> dict[str, tuple[str, str, str]]:
    """AI-stratum paragraphs of every document at the round's cuts (never HEAD)."""
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
                for commit in dict.fromkeys(at[name] for name, _ in round_.cuts):
                    for text, source in paragraphs(collection, service, doc, at=commit):
                        if text not in found and _matches(text):
                            found[text] = (service, source, doc)
    avoid = earlier(round_)
    return {t: v for t, v in found.items() if not _near(_words(t), avoid)}


def draw(round_: Round = ROUND13AI, target: int = TARGET) -> list[tuple[str, tuple[str, str, str]]]:
    """Up to PER_KEYWORD per AI stratum per pass, CAP per collection-service, TARGET in
    all after the first pass; later files are filtered last."""
    rng = random.Random(round_.seed)
    everything = pool(round_)
    texts = sorted(everything)
    chosen: list[str] = []
    taken: list[frozenset[str]] = []
    counts: dict[tuple[str, str], int] = {}
    for pass_ in range(PASSES):
        for keyword in AI_KEYWORDS:
            hits = [t for t in texts if re.search(keyword, t, re.I) and t not in chosen]
            count = PER_KEYWORD
            for text in rng.sample(hits, len(hits)):
                if count == 0 or (pass_ and len(chosen) >= target):
                    break
                service = (everything[text][1].split(":", 1)[0], everything[text][0])
                if counts.get(service, 0) >= CAP or _near(_words(text), taken):
                    continue
                chosen.append(text)
                taken.append(_words(text))
                counts[service] = counts.get(service, 0) + 1
                count -= 1
    rng.shuffle(chosen)
    after = later(round_)
    return [(t, everything[t]) for t in chosen if not _near(_words(t), after)]


def main(round_: Round = ROUND13AI, target: int = TARGET) -> None:
    if not OTA.is_dir():
        sys.exit(f"error: {OTA} holds no Open Terms Archive clones")
    for n, (text, (service, source, _)) in enumerate(draw(round_, target), 1):
        record = {"id": f"{round_.name}-{n:03d}", "service": service, "source": source}
        print(json.dumps(record | {"text": text}, ensure_ascii=False))


if __name__ == "__main__":
    main()
