"""Draw the round-3 blind held-out sets from text no earlier set or rule writing used.

Deterministic (seeded). Two draws:

- ``main``: terms / privacy / community-guideline / commercial / other documents of
  services no earlier set sampled in that collection (pga Telegram, TikTok, WhatsApp, X,
  YouTube: their vlopses-us ToS/PP were in vlops-heldout, so near-duplicates of any
  earlier eval paragraph are dropped) plus never-sampled documents of other services.
- ``ai``: the AI strata over generative-AI services' *older* versions (the version in
  force at the midpoint of the genai-eu history, keeping only paragraphs that are not
  near-duplicates of any HEAD paragraph of that service or of any earlier eval
  paragraph), never-sampled genai-eu documents, and the Developer Terms of pga /
  vlopses-us services that no earlier set sampled.

Segmentation is govgraph.loaders.segment (paragraphs of 40-700 characters, deduplicated),
like eval/sample_dev.py. One keyword stratum per category, taken from the category
definitions (eval/sample_heldout.py's KEYWORDS / AI_KEYWORDS), plus random paragraphs so
negatives are realistic. Labels are added by hand afterwards, blind to the classifier.

    .venv/bin/python eval/sample_heldout3.py main > /tmp/heldout3-candidates.jsonl
    .venv/bin/python eval/sample_heldout3.py ai > /tmp/heldout3ai-candidates.jsonl
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_heldout import AI_KEYWORDS, KEYWORDS

from govgraph.loaders.segment import segment

OTA = Path("/tmp/ota")  # clones of ../shared/data/ota/<collection>/versions.bundle
DEV = Path(__file__).resolve().parent / "dev"
NEAR = 0.8  # word-set Jaccard similarity at or above which two paragraphs are "the same"
# The sets that existed when round 3 was drawn (texts only are read; a fixed list keeps
# the draw reproducible when later sets are added). dev3 was committed by the rules
# writer minutes before this draw: its texts are avoided too, so nothing tuned on is here.
EARLIER = [
    "genai",
    "platforms",
    "pga-heldout",
    "vlops-heldout",
    "heldout2",
    "heldout2ai",
    "heldout2rare",
    "dev3",
]

MAIN_SOURCES = [
    ("pga", "Telegram", ["Terms of Service", "Privacy Policy", "Advertising Content Policy"]),
    (
        "pga",
        "TikTok",
        [
            "Terms of Service",
            "Privacy Policy",
            "Community Guidelines",
            "Trackers Policy",
            "Law Enforcement Guidelines",
            "Copyright Claims Policy",
        ],
    ),
    ("pga", "WhatsApp", ["Terms of Service", "Privacy Policy", "Trackers Policy"]),
    (
        "pga",
        "X",
        [
            "Terms of Service",
            "Privacy Policy",
            "Community Guidelines",
            "Data Processor Agreement",
            "Law Enforcement Guidelines",
            "Deceased Users",
        ],
    ),
    (
        "pga",
        "YouTube",
        ["Terms of Service", "Privacy Policy", "Community Guidelines", "Copyright Claims Policy"],
    ),
    ("vlopses-us", "WhatsApp", ["Acceptable Use Policy", "Commercial Terms"]),
    ("vlopses-us", "YouTube", ["Commercial Terms", "Data Processor Agreement"]),
    ("vlopses-us", "TikTok", ["Commercial Terms"]),
    ("vlopses-us", "Temu", ["Commercial Terms", "General Conditions of Sale"]),
    ("vlopses-us", "AliExpress", ["General Conditions of Sale", "Trackers Policy"]),
    ("vlopses-us", "Shein", ["General Conditions of Sale"]),
    ("vlopses-us", "Wikipedia", ["Acceptable Use Policy"]),
    ("vlopses-us", "App Store", ["Commercial Terms"]),
]

# genai-eu services whose texts were not rule sources (ChatGPT, Claude, Gemini were).
GENAI_SERVICES = [
    "DeepSeek",
    "Grok",
    "Le Chat",
    "Llama API",
    "Meta AI",
    "Microsoft Copilot",
    "Perplexity",
    "Qwen Chat",
    "Vibe",
]
GENAI_DOCS = [
    "Terms of Service",
    "Privacy Policy",
    "Acceptable Use Policy",
    "Commercial Terms",
    "Developer Terms",
    "Data Processor Agreement",
]
# Developer terms never sampled by an earlier set (AI-training clauses live there).
AI_PLATFORM_SOURCES = [
    ("pga", "X", ["Developer Terms"]),
    ("pga", "Telegram", ["Developer Terms"]),
    ("pga", "YouTube", ["Developer Terms"]),
    ("vlopses-us", "TikTok", ["Developer Terms"]),
    ("vlopses-us", "Snapchat", ["Developer Terms"]),
    ("vlopses-us", "LinkedIn", ["Developer Terms"]),
    ("vlopses-us", "Pinterest", ["Developer Terms"]),
    ("pga", "Reddit", ["Developer Terms"]),
]


def _git(collection: str, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(OTA / collection), *args], capture_output=True, text=True
    ).stdout


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.lower()))


def _near(words: frozenset[str], others: list[frozenset[str]]) -> bool:
    """Whether a paragraph's words are near-identical (Jaccard >= NEAR) to any other's."""
    n = len(words)
    for other in others:
        m = len(other)
        if not n or not m or min(n, m) / max(n, m) < NEAR:
            continue
        if len(words & other) / len(words | other) >= NEAR:
            return True
    return False


@cache
def earlier() -> list[frozenset[str]]:
    """Word sets of every paragraph of the earlier eval/dev sets (not round 3)."""
    texts = []
    for stem in EARLIER:
        lines = (DEV / f"{stem}.jsonl").read_text("utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines]
    return [_words(t) for t in texts]


def paragraphs(collection: str, service: str, doc: str, at: str = "HEAD") -> list[tuple[str, str]]:
    """Segments of 40-700 characters of one document as of commit ``at``, with source."""
    path = f"{service}/{doc}.md"
    shown = subprocess.run(
        ["git", "-C", str(OTA / collection), "show", f"{at}:{path}"],
        capture_output=True,
        text=True,
    )
    if shown.returncode:
        return []
    commit = _git(collection, "log", "-1", "--format=%H %cs", at, "--", path).split()
    source = f"{collection}:{path}@{commit[0][:12]} ({commit[1]})"
    return [(s.text, source) for s in segment(shown.stdout) if 40 <= len(s.text) <= 700]


def _sample(
    pool: dict[str, tuple[str, str]],
    keywords: list[str],
    per_keyword: int,
    randoms: int,
    seed: int,
) -> list[str]:
    rng = random.Random(seed)
    texts = sorted(pool)
    chosen: list[str] = []
    for keyword in keywords:
        hits = [t for t in texts if re.search(keyword, t, re.I) and t not in chosen]
        chosen.extend(rng.sample(hits, min(per_keyword, len(hits))))
    rest = [t for t in texts if t not in chosen]
    chosen.extend(rng.sample(rest, min(randoms, len(rest))))
    rng.shuffle(chosen)
    return chosen


def _fresh(pool: dict[str, tuple[str, str]], avoid: list[frozenset[str]]) -> None:
    """Drop, in place, the pool paragraphs near-identical to an earlier eval paragraph."""
    for text in list(pool):
        if _near(_words(text), avoid):
            del pool[text]


def main_pool() -> dict[str, tuple[str, str]]:
    pool: dict[str, tuple[str, str]] = {}
    for collection, service, docs in MAIN_SOURCES:
        for doc in docs:
            for text, source in paragraphs(collection, service, doc):
                pool.setdefault(text, (service, source))
    _fresh(pool, earlier())
    return pool


# A supplement to the main draw, added after the first 151 paragraphs were labelled showed
# some categories with fewer than three positives (counted from the hand labels only,
# never from the classifier): tighter strata from the same definitions' vocabulary,
# three paragraphs for categories that had none, two for those that had one or two.
MAIN_SUPPLEMENT = [
    (
        3,
        r"\b(may not|must not|not|prohibit\w*|without)\b.{0,150}\btrain\w*\b.{0,80}"
        r"\b(artificial intelligence|machine learning|AI|models?)\b",
    ),  # ai-*-training-ban
    (
        3,
        r"\b(circumvent|bypass|jailbreak|disable|undermine|evade)\w*\b.{0,80}"
        r"\b(safety|safeguards?|guardrails?|filters?|human oversight)|prompt injection",
    ),
    (3, r"\b(own|ownership|rights? (in|to))\b.{0,80}\b(outputs?|generated content)"),
    (3, r"\bscrap\w*|\bcrawl\w*|\bspiders?\b|automated means|data mining"),
    (
        3,
        r"standard contractual clauses|adequacy|outside (of )?(the|your) (country|EEA|European)"
        r"|transfer\w*\b.{0,80}\b(countries|abroad|European Economic Area|EEA)",
    ),
    (
        3,
        r"\b\d{2} years|years of age|years old|age of (majority|consent|\d+)|minimum age"
        r"|parent(al)? (consent|permission)|under the age",
    ),
    (
        2,
        r"opt[ -]?out.{0,100}\b(train\w*|AI|models?)\b|\b(train\w*|AI|models?)\b.{0,100}opt[ -]?out",
    ),
    (
        2,
        r"AI[- ]generated|synthetic(ally)? (media|content)|altered or synthetic"
        r"|label\w*.{0,60}\b(AI|artificial|generated|synthetic)",
    ),
    (2, r"governed by|governing law|laws of (the State|England|Ireland|California|Singapore)"),
    (2, r"exclusive(ly)? jurisdiction|courts (of|in|located)|\bvenue\b|submit to the jurisdiction"),
    (2, r"\bAS IS\b|not (be )?liable|limitation of liability|disclaim\w*|in no event"),
    (2, r"by (using|accessing|continuing to use)|continued use|continue to use"),
]


def draw_main() -> tuple[list[str], dict[str, tuple[str, str]]]:
    pool = main_pool()
    chosen = _sample(pool, KEYWORDS, 4, 74, seed=20261129)
    rng = random.Random(20261131)
    supplement: list[str] = []
    taken = [_words(t) for t in chosen]
    for count, keyword in MAIN_SUPPLEMENT:
        hits = [
            t
            for t in sorted(pool)
            if re.search(keyword, t, re.I | re.S)
            and t not in chosen
            and t not in supplement
            and not _near(_words(t), taken)
        ]
        picked = rng.sample(hits, min(count, len(hits)))
        supplement += picked
        taken += [_words(t) for t in picked]
    return chosen + supplement, pool


def _midpoint(fraction: float = 0.5) -> str:
    """The genai-eu commit that far through its history (an 'older versions' cut)."""
    commits = _git("genai-eu", "rev-list", "--reverse", "HEAD").split()
    return commits[int(len(commits) * fraction) - 1]


# The rarest AI categories, from their definitions' vocabulary: every pool paragraph
# using it is added after the stratified draw (ids continue), like heldout2rare.
RARE = (
    r"\b(outputs?|generated content|responses|results|completions)\b.{0,120}"
    r"\b(develop|train|benchmark|fine-tun|improve)\w*\b.{0,80}"
    r"\b(models?|artificial intelligence|machine learning|AI)\b"
    r"|\b(develop|train|fine-tun)\w*\b.{0,80}\bcompet"
    r"|\b(circumvent|bypass|jailbreak|disable|undermine|evade)\w*\b.{0,80}"
    r"\b(safety|safeguards?|guardrails?|filters?|moderation|human oversight)"
    r"|prompt injection|jailbreak"
    r"|\b(AI[- ]generated|generated by (AI|artificial)|human[- ](generated|written|created)"
    r"|watermark|provenance|content credentials|label\w*)\b.{0,100}"
    r"\b(AI|artificial intelligence|output|generated)"
)


def ai_pool(cuts: tuple[float, ...] = (0.5,)) -> dict[str, tuple[str, str]]:
    pool: dict[str, tuple[str, str]] = {}
    avoid = list(earlier())
    for service in GENAI_SERVICES:
        head: list[frozenset[str]] = []
        listed = _git("genai-eu", "ls-tree", "--name-only", "HEAD", f"{service}/").split("\n")
        for path in filter(None, listed):
            doc = path.split("/", 1)[1].removesuffix(".md")
            head += [_words(t) for t, _ in paragraphs("genai-eu", service, doc)]
        for cut in map(_midpoint, cuts):
            for doc in GENAI_DOCS:
                for text, source in paragraphs("genai-eu", service, doc, at=cut):
                    if not _near(_words(text), head):
                        pool.setdefault(text, (service, source))
    # genai-eu documents no earlier set sampled, at HEAD
    for service, doc in [
        ("Le Chat", "Data Processor Agreement"),
        ("Vibe", "Acceptable Use Policy"),
        ("Vibe", "Commercial Terms"),
        ("Vibe", "Data Processor Agreement"),
        ("Perplexity", "Data Processor Agreement"),
        ("Llama API", "Data Processor Agreement"),
    ]:
        for text, source in paragraphs("genai-eu", service, doc):
            pool.setdefault(text, (service, source))
    for collection, service, docs in AI_PLATFORM_SOURCES:
        for doc in docs:
            for text, source in paragraphs(collection, service, doc):
                pool.setdefault(text, (service, source))
    _fresh(pool, avoid)
    main = [_words(t) for t in draw_main()[0]]
    for text in list(pool):  # never re-draw (or near-re-draw) a main-draw paragraph
        if _near(_words(text), main):
            del pool[text]
    return pool


def draw_ai() -> tuple[list[str], dict[str, tuple[str, str]]]:
    pool = ai_pool()
    chosen = _sample(pool, AI_KEYWORDS, 6, 18, seed=20261130)
    # the rare supplement, over a wider pool (also the versions a quarter of the way in)
    wider = ai_pool(cuts=(0.25, 0.5))
    rare = [t for t in sorted(wider) if re.search(RARE, t, re.I | re.S) and t not in chosen]
    for text in rare:
        pool.setdefault(text, wider[text])
    return chosen + rare, pool


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "main"
    chosen, pool = draw_ai() if which == "ai" else draw_main()
    kept: list[frozenset[str]] = []
    n = 0
    for text in chosen:
        words = _words(text)
        if _near(words, kept):  # near-duplicates within the draw (shared boilerplate)
            continue
        kept.append(words)
        n += 1
        service, source = pool[text]
        record = {
            "id": f"heldout3{'ai' if which == 'ai' else ''}-{n:03d}",
            "service": service,
            "source": source,
            "text": text,
        }
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
