"""Draw round-7 TRAINING paragraphs (eval/dev/train7.jsonl) for the embedding model.

Training data, not a held-out set: the draw is aimed at positives. Deterministic (seeded).
Pool: the Terms of Service, Privacy Policy, Community Guidelines, Acceptable Use Policy,
Developer Terms and Commercial Terms of every service of the three collections
(genai-eu, pga, vlopses-us), each at two points of its own recorded history: HEAD (the
last commit touching it) and the collection commit a THIRD of the way (by commit index)
between the first and the last commit touching it. Segmentation is
govgraph.loaders.segment through eval/sample_heldout3.paragraphs (40-700 characters,
deduplicated).

A paragraph is drawn only if it is not a near-duplicate (word-set Jaccard >= NEAR, as in
eval/sample_heldout3.py) of any paragraph of the eval/dev sets listed in AVOID (their
"text" fields only, read in code, so the draw stays blind to their labels; this includes
the current held-out set heldout6) or of /tmp/h4-texts.jsonl, nor of a paragraph already
drawn. eval/dev/heldout8.jsonl is deliberately NOT read (it was being written by another
annotator when this draw was made): check it against train7 before scoring on it.

Strata, in order: EXTRA (definition vocabulary of the ten categories the embedding model
learns most from) EXTRA_PER each, then every distinct pattern of
sample_heldout.KEYWORDS and AI_KEYWORDS PER_KEYWORD each, then RANDOMS random
paragraphs (realistic negatives); at most CAP paragraphs per service name (all
collections together). Inside a stratum Terms / Privacy paragraphs are NOT preferred
(training wants variety of document types). The drawn list is shuffled, so a labelled
prefix is itself a mixed sample.

    .venv/bin/python eval/sample_train7.py > /tmp/train7-candidates.jsonl
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
from sample_heldout6 import _index, _ordered

DEV = Path(__file__).resolve().parent / "dev"
# Eval sets whose texts must not reappear (fixed list: reproducible when sets are added).
AVOID = [
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
    "heldout5",
    "heldout6",
]
H4_TEXTS = Path("/tmp/h4-texts.jsonl")
COLLECTIONS = ("genai-eu", "pga", "vlopses-us")
DOCS = (
    "Terms of Service",
    "Privacy Policy",
    "Community Guidelines",
    "Acceptable Use Policy",
    "Developer Terms",
    "Commercial Terms",
)
CAP = 10
PER_KEYWORD = 5
EXTRA_PER = 6
RANDOMS = 100
SEED = 20261207
EXTRA = {
    "third-party-data-sharing": r"\b(share|shared|sharing|disclose|disclosed|sell|sold)\b.*"
    r"\b(third[- ]part|partners|affiliates|service providers|vendors|law enforcement|advertisers)",
    "data-retention": r"\b(retain|retention|retained|kept|stored|delete[ds]?)\b.*"
    r"\b(\d+ (days|months|years)|as long as|no longer (than )?necessary|until)",
    "data-subject-rights": r"right (to|of) (access|erasure|deletion|rectification|portability|object|"
    r"restrict)|request (access|deletion|a copy)|supervisory authority|withdraw (your )?consent",
    "international-data-transfer": r"standard contractual clauses|adequacy decision|"
    r"transferr?\w* .{0,80}(outside|countr|EEA|United States|abroad)",
    "scraping-ban": r"\b(scrap\w*|crawl\w*|spiders?|data mining|automated (means|access|systems|scripts|tools))",
    "reverse-engineering-ban": r"reverse[- ]engineer|decompil|disassembl|source code|model weights",
    "class-action-waiver": r"class (action|arbitration|member)|representative (action|proceeding|basis)|"
    r"collective action|class-wide",
    "ai-output-disclosure": r"AI[- ]generated|generated (by|with|using) (AI|artificial)|watermark|"
    r"provenance|content credentials|(disclose|label)\w* .{0,80}\b(AI|artificial intelligence|synthetic)\b",
    "ai-safety-circumvention-ban": r"jailbreak|prompt injection|guardrail|"
    r"(circumvent|bypass|disable|undermine)\w* .{0,80}\b(safety|safeguard|filter|moderation|mitigation)",
    "ai-training-opt-out": r"\b(opt[ -]?out|opt[ -]?in|settings?|turn off|choose|object)\b.{0,150}"
    r"\b(train\w*|improve (our|the) (models?|AI))",
}


@cache
def avoid(stems: tuple[str, ...] = tuple(AVOID)) -> list[frozenset[str]]:
    """Word sets of every listed eval paragraph and of /tmp/h4-texts.jsonl (texts only)."""
    files = [DEV / f"{stem}.jsonl" for stem in stems] + [H4_TEXTS]
    words = []
    for path in files:
        if not path.is_file():
            sys.exit(f"error: {path} is missing (needed to exclude its texts)")
        for line in path.read_text("utf-8").splitlines():
            text = json.loads(line).get("text") if line.strip() else None
            if text:
                words.append(_words(text))
    return words


def third(collection: str, path: str) -> tuple[str, str] | None:
    """The document's commit a third of the way through its history, and its HEAD."""
    touching = _git(collection, "rev-list", "--reverse", "HEAD", "--", path).split()
    if not touching:
        return None
    index, ordered = _index(collection), _ordered(collection)
    first, last = index[touching[0]], index[touching[-1]]
    return ordered[first + (last - first) // 3], touching[-1]


def pool() -> dict[str, tuple[str, str, str]]:
    """text -> (service, source, document) over every listed document at both cuts."""
    found: dict[str, tuple[str, str, str]] = {}
    for collection in COLLECTIONS:
        for service in _services(collection):
            for doc in _listed(collection, service):
                if doc not in DOCS:
                    continue
                at = third(collection, f"{service}/{doc}.md")
                if at is None:
                    continue
                for commit in (at[1], at[0]):  # HEAD wording first
                    for text, source in paragraphs(collection, service, doc, at=commit):
                        found.setdefault(text, (service, source, doc))
    return found


def draw(
    seed: int = SEED,
    stems: tuple[str, ...] = tuple(AVOID),
    cap: int = CAP,
    per_keyword: int = PER_KEYWORD,
    extra_per: int = EXTRA_PER,
    randoms: int = RANDOMS,
) -> list[tuple[str, tuple[str, str, str]]]:
    """The seeded draw; the defaults are round 7's (later training rounds pass their own)."""
    rng = random.Random(seed)
    found = pool()
    texts = sorted(found)
    chosen: list[str] = []
    taken: list[frozenset[str]] = []
    per_service: dict[str, int] = {}
    excluded = avoid(stems)

    def take(candidates: list[str], count: int) -> None:
        for text in rng.sample(candidates, len(candidates)):
            if count == 0:
                return
            service = found[text][0]
            if text in chosen or per_service.get(service, 0) >= cap:
                continue
            words = _words(text)
            if _near(words, taken) or _near(words, excluded):
                continue
            chosen.append(text)
            taken.append(words)
            per_service[service] = per_service.get(service, 0) + 1
            count -= 1

    for pattern in EXTRA.values():
        take([t for t in texts if re.search(pattern, t, re.I)], extra_per)
    for pattern in dict.fromkeys(KEYWORDS + AI_KEYWORDS):
        take([t for t in texts if re.search(pattern, t, re.I)], per_keyword)
    take([t for t in texts if t not in chosen], randoms)
    rng.shuffle(chosen)
    return [(t, found[t]) for t in chosen]


def main() -> None:
    if not OTA.is_dir():
        sys.exit(f"error: {OTA} holds no Open Terms Archive clones")
    for n, (text, (service, source, _)) in enumerate(draw(), 1):
        record = {"id": f"train7-{n:03d}", "service": service, "source": source, "text": text}
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
