"""Draw the round-4 blind held-out sets from *old* wording no earlier set or rule used.

Deterministic (seeded). Two draws:

- ``main``: the OLDEST recorded version of every Terms of Service and Privacy Policy of
  the pga and vlopses-us services (the first commit of the collection's history that
  holds the file), keeping only paragraphs that are not near-duplicates (word-set
  Jaccard >= NEAR) of any paragraph of the HEAD version of any document of that service
  (in either collection) nor of any earlier eval/dev paragraph. Old wording differs from
  today's: the closest we get to "services whose text we never saw". At most CAP
  paragraphs per service.
- ``ai``: the AI strata over the OLDEST recorded version of every genai-eu document of
  the services that were not rule sources (ChatGPT, Claude, Gemini were), keeping
  paragraphs that are not near-duplicates of any HEAD paragraph of that service, of the
  version at the midpoint of the history (round 3's cut), of an earlier eval paragraph
  or of the main draw; plus the AI clauses of pga / vlopses-us documents (HEAD) that no
  earlier set sampled (no ``source`` field of eval/dev names them). Random paragraphs
  come from the genai-eu part only.

Each draw ends with supplements of tighter definition-vocabulary strata for categories
that had fewer than three positives once the earlier items were hand-labelled (see
MAIN_SUPPLEMENT, AI_SUPPLEMENT and RARE below; ids continue).

Segmentation is govgraph.loaders.segment (paragraphs of 40-700 characters, deduplicated)
as in eval/sample_heldout3.py, whose helpers are reused. One keyword stratum per category
from the category definitions (eval/sample_heldout.py's KEYWORDS / AI_KEYWORDS), plus
random paragraphs so negatives are realistic. Labels are added by hand, blind to the
classifier.

    .venv/bin/python eval/sample_heldout4.py main > /tmp/heldout4-candidates.jsonl
    .venv/bin/python eval/sample_heldout4.py ai > /tmp/heldout4ai-candidates.jsonl
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
from sample_heldout3 import OTA, _git, _midpoint, _near, _words, paragraphs

from govgraph.loaders.segment import segment

DEV = Path(__file__).resolve().parent / "dev"
# Every set that existed when round 4 was drawn (a fixed list keeps the draw reproducible).
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
]
CAP = 8  # paragraphs per service in the main draw
AI_CAP = 10  # paragraphs per service in the AI draw
MAIN_DOCS = ["Terms of Service", "Privacy Policy"]
# genai-eu services whose texts were not rule sources (as in round 3).
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


@cache
def earlier() -> tuple[list[frozenset[str]], frozenset[str]]:
    """Word sets of every earlier eval paragraph, and the documents their sources name."""
    texts, docs = [], set()
    for stem in EARLIER:
        for line in (DEV / f"{stem}.jsonl").read_text("utf-8").splitlines():
            record = json.loads(line)
            texts.append(_words(record["text"]))
            docs.add(record["source"].split("@", 1)[0])
    return texts, frozenset(docs)


def _listed(collection: str, service: str, at: str = "HEAD") -> list[str]:
    """Document names of one service at a commit."""
    out = _git(collection, "ls-tree", "--name-only", at, f"{service}/").split("\n")
    return [p.split("/", 1)[1].removesuffix(".md") for p in out if p.endswith(".md")]


def _services(collection: str) -> list[str]:
    out = _git(collection, "ls-tree", "-d", "--name-only", "HEAD").split("\n")
    return sorted(filter(None, out))


def _oldest(collection: str, path: str) -> str | None:
    """The first commit of the collection's history that touches (creates) ``path``."""
    commits = _git(collection, "rev-list", "--reverse", "HEAD", "--", path).split()
    return commits[0] if commits else None


def _texts_at(collection: str, path: str, at: str) -> list[str]:
    shown = subprocess.run(
        ["git", "-C", str(OTA / collection), "show", f"{at}:{path}"],
        capture_output=True,
        text=True,
    )
    if shown.returncode:
        return []
    return [s.text for s in segment(shown.stdout) if 40 <= len(s.text) <= 700]


@cache
def head_words(service: str) -> list[frozenset[str]]:
    """Word sets of every HEAD paragraph of any document of a service, in any collection."""
    words: list[frozenset[str]] = []
    for collection in ("pga", "vlopses-us", "genai-eu"):
        for doc in _listed(collection, service):
            words += [_words(t) for t in _texts_at(collection, f"{service}/{doc}.md", "HEAD")]
    return words


def oldest_paragraphs(collection: str, service: str, doc: str) -> list[tuple[str, str]]:
    at = _oldest(collection, f"{service}/{doc}.md")
    return paragraphs(collection, service, doc, at=at) if at else []


def main_pool() -> dict[str, tuple[str, str]]:
    pool: dict[str, tuple[str, str]] = {}
    avoid = earlier()[0]
    for collection in ("pga", "vlopses-us"):
        for service in _services(collection):
            head = head_words(service)
            for doc in MAIN_DOCS:
                for text, source in oldest_paragraphs(collection, service, doc):
                    words = _words(text)
                    if text not in pool and not _near(words, head) and not _near(words, avoid):
                        pool[text] = (service, source)
    return pool


def _sample(
    pool: dict[str, tuple[str, str]],
    keywords: list[str],
    per_keyword: int,
    randoms: int,
    seed: int,
    cap: int,
    random_from: set[str] | None = None,
) -> list[str]:
    """Stratified seeded draw, at most ``cap`` paragraphs per service, no near-repeats."""
    rng = random.Random(seed)
    texts = sorted(pool)
    chosen: list[str] = []
    taken: list[frozenset[str]] = []
    per_service: dict[str, int] = {}

    def ok(text: str) -> bool:
        return (
            text not in chosen
            and per_service.get(pool[text][0], 0) < cap
            and not _near(_words(text), taken)
        )

    def take(candidates: list[str], count: int) -> None:
        for text in rng.sample(candidates, len(candidates)):
            if count == 0:
                return
            if ok(text):
                chosen.append(text)
                taken.append(_words(text))
                per_service[pool[text][0]] = per_service.get(pool[text][0], 0) + 1
                count -= 1

    for keyword in keywords:
        take([t for t in texts if re.search(keyword, t, re.I)], per_keyword)
    rest = [t for t in texts if t not in chosen and (random_from is None or t in random_from)]
    take(rest, randoms)
    rng.shuffle(chosen)
    return chosen


# A supplement to the main draw, added after the first draw (items 001-118) was labelled
# and showed categories with fewer than three positives (counted from the hand labels
# only, never from a classifier): tighter strata from the same definitions' vocabulary,
# three paragraphs for categories that had none, two for those that had one or two.
MAIN_SUPPLEMENT = [
    (
        3,
        r"\b(may not|must not|not|prohibit\w*|without)\b.{0,150}\btrain\w*\b.{0,80}"
        r"\b(artificial intelligence|machine learning|AI|models?)\b",
    ),  # ai-output-training-ban / ai-content-training-ban
    (
        2,
        r"\b(use|process|analy[sz]e)\w*\b.{0,120}\b(train|develop|improve)\w*\b.{0,80}"
        r"\b(artificial intelligence|machine learning|AI|models?|algorithms?)\b",
    ),  # provider-trains-on-user-content
    (
        3,
        r"opt[ -]?out.{0,100}\b(train\w*|AI|models?|machine learning)\b"
        r"|\b(train\w*|AI|models?|machine learning)\b.{0,100}opt[ -]?out",
    ),
    (
        3,
        r"\b(circumvent|bypass|jailbreak|disable|undermine|evade)\w*\b.{0,80}"
        r"\b(safety|safeguards?|guardrails?|filters?|human oversight)|prompt injection",
    ),
    (
        3,
        r"AI[- ]generated|synthetic(ally)? (media|content)|altered or synthetic|watermark"
        r"|label\w*.{0,60}\b(AI|artificial|generated|synthetic)",
    ),
    (3, r"\b(own|ownership|rights? (in|to))\b.{0,80}\b(outputs?|generated content)"),
    (
        2,
        r"\b(remove|delete|take down|block|refuse|disable access)\w*\b.{0,80}"
        r"\b(content|posts?|materials?|videos?|photos?)\b",
    ),  # content-removal
    (2, r"by (using|accessing|continuing to use)|continued use|continue to use"),
]


def draw_main(supplement: bool = True) -> tuple[list[str], dict[str, tuple[str, str]]]:
    pool = main_pool()
    chosen = _sample(pool, KEYWORDS, 4, 45, seed=20261204, cap=CAP)
    if not supplement:
        return chosen, pool
    rng = random.Random(20261206)
    extra: list[str] = []
    taken = [_words(t) for t in chosen]
    for count, keyword in MAIN_SUPPLEMENT:
        hits = [
            t
            for t in sorted(pool)
            if re.search(keyword, t, re.I | re.S)
            and t not in chosen
            and t not in extra
            and not _near(_words(t), taken)
        ]
        for text in rng.sample(hits, len(hits)):
            if count and not _near(_words(text), taken):
                extra.append(text)
                taken.append(_words(text))
                count -= 1
    return chosen + extra, pool


def ai_pool() -> tuple[dict[str, tuple[str, str]], set[str]]:
    """The AI pool and the texts of its genai-eu part (where random paragraphs come from)."""
    pool: dict[str, tuple[str, str]] = {}
    avoid_eval, sampled_docs = earlier()
    mid = _midpoint()
    for service in GENAI_SERVICES:
        avoid = list(head_words(service))
        for doc in _listed("genai-eu", service, mid):
            avoid += [_words(t) for t in _texts_at("genai-eu", f"{service}/{doc}.md", mid)]
        for doc in _listed("genai-eu", service):
            for text, source in oldest_paragraphs("genai-eu", service, doc):
                words = _words(text)
                if text not in pool and not _near(words, avoid):
                    pool[text] = (service, source)
    genai = set(pool)
    for collection in ("pga", "vlopses-us"):
        for service in _services(collection):
            for doc in _listed(collection, service):
                if f"{collection}:{service}/{doc}.md" in sampled_docs:
                    continue
                for text, source in paragraphs(collection, service, doc):
                    pool.setdefault(text, (service, source))
    main = [_words(t) for t in draw_main()[0]]
    for text in list(pool):
        words = _words(text)
        if _near(words, avoid_eval) or _near(words, main):
            del pool[text]
    return pool, genai & set(pool)


# A supplement to the AI draw, added after its first 46 paragraphs were labelled and
# showed AI categories with fewer than three positives (hand labels only): tighter
# strata from the definitions' vocabulary over the same pool, three paragraphs for the
# categories that had none, two for those that had one or two (output-ownership had 4).
AI_SUPPLEMENT = [
    (
        2,
        r"\b(outputs?|generated content|responses|results|completions)\b.{0,120}"
        r"\b(develop|train|benchmark|fine-tun|improve)\w*\b.{0,80}"
        r"\b(models?|artificial intelligence|machine learning|AI)\b"
        r"|\b(develop|train|fine-tun)\w*\b.{0,80}\bcompet",
    ),  # ai-output-training-ban
    (
        3,
        r"\b(may not|must not|not|prohibit\w*|without)\b.{0,150}"
        r"\b(scrap\w*|crawl\w*|data mining|text and data mining|datasets?|content|data)\b"
        r".{0,120}\btrain\w*\b.{0,80}\b(artificial intelligence|machine learning|AI|models?)\b",
    ),  # ai-content-training-ban
    (
        2,
        r"\b(your|users?'?|members?'?)\b.{0,60}\b(content|inputs?|prompts?|conversations?|posts?"
        r"|data|information)\b.{0,120}\b(train|develop|improve)\w*\b.{0,60}"
        r"\b(artificial intelligence|machine learning|AI|models?)\b",
    ),  # provider-trains-on-user-content
    (
        3,
        r"opt[ -]?(out|in)\b.{0,100}\b(train\w*|AI|models?|machine learning)\b"
        r"|\b(train\w*|AI|models?|machine learning)\b.{0,100}\bopt[ -]?(out|in)\b"
        r"|\bobject\w*\b.{0,100}\b(train\w*|AI|models?)\b",
    ),  # ai-training-opt-out
    (
        3,
        r"\b(circumvent|bypass|jailbreak|disable|undermine|evade|override)\w*\b.{0,80}"
        r"\b(safety|safeguards?|guardrails?|filters?|moderation|human oversight)"
        r"|prompt injection|jailbreak",
    ),  # ai-safety-circumvention-ban
    (
        3,
        r"AI[- ]generated|generated by (AI|artificial)|human[- ](generated|written|created)"
        r"|watermark|provenance|content credentials"
        r"|\b(label|disclos)\w*\b.{0,80}\b(AI|artificial intelligence|synthetic)\b",
    ),  # ai-output-disclosure
]


def draw_ai() -> tuple[list[str], dict[str, tuple[str, str]]]:
    pool, genai = ai_pool()
    chosen = _sample(pool, AI_KEYWORDS, 4, 10, seed=20261205, cap=AI_CAP, random_from=genai)
    rng = random.Random(20261207)
    extra: list[str] = []
    taken = [_words(t) for t in chosen]
    for count, keyword in AI_SUPPLEMENT:
        hits = [
            t
            for t in sorted(pool)
            if re.search(keyword, t, re.I | re.S) and t not in chosen and t not in extra
        ]
        for text in rng.sample(hits, len(hits)):
            if count and not _near(_words(text), taken):
                extra.append(text)
                taken.append(_words(text))
                count -= 1
    rare = _rare_supplement(pool, chosen + extra)
    for text, origin in rare:
        pool.setdefault(text, origin)
    return chosen + extra + [t for t, _ in rare], pool


# The rare supplement (after the AI supplement was labelled and still left three AI
# categories without positives, because the oldest texts predate them and their HEAD
# wording is in earlier sets): the pga / vlopses-us documents as in force part of the way
# through each collection's history (when these platforms added their AI clauses),
# keeping paragraphs that are not near-duplicates of any HEAD paragraph of the service,
# of an earlier eval paragraph or of this round's draws; per stratum a few paragraphs
# using the definition's vocabulary, drawn from these and the AI pool's undrawn paragraphs.
RARE_CUTS = {"pga": (0.5, 0.75), "vlopses-us": (0.25, 0.5)}
RARE = [
    (
        3,
        r"(scrap|crawl|data mining|text and data mining|datasets?).{0,150}"
        r"(train|machine learning|artificial intelligence|\bAI\b)"
        r"|(train\w*|machine learning|artificial intelligence)\b.{0,150}(scrap|crawl|data mining)",
    ),  # ai-content-training-ban
    (
        3,
        r"opt[ -]?(out|in)\b.{0,150}\b(train\w*|AI|models?|machine learning)\b"
        r"|\b(train\w*|AI|models?|machine learning)\b.{0,150}\bopt[ -]?(out|in)\b"
        r"|\bobject\w*\b.{0,100}\b(train\w*|AI models?)\b",
    ),  # ai-training-opt-out
    (
        3,
        r"jailbreak|guardrail|prompt injection"
        r"|(circumvent|bypass|evade|disable|undermine)\w*.{0,100}(safety|safeguard|filter)\w*"
        r".{0,100}\b(AI|models?|generat\w*)\b"
        r"|\b(AI|models?)\b.{0,100}(circumvent|bypass|evade|disable|undermine)\w*.{0,100}"
        r"(safety|safeguard|filter)",
    ),  # ai-safety-circumvention-ban
    (
        2,
        r"\b(outputs?|generated content|responses|results)\b.{0,120}"
        r"\b(develop|train|fine-tun|improve)\w*\b.{0,80}"
        r"\b(models?|artificial intelligence|machine learning|AI)\b",
    ),  # ai-output-training-ban
    (
        2,
        r"AI[- ]generated|generated by (AI|artificial)|watermark|content credentials"
        r"|\b(label|disclos)\w*\b.{0,80}\b(AI|artificial intelligence|synthetic)\b",
    ),  # ai-output-disclosure
]


def _rare_supplement(
    pool: dict[str, tuple[str, str]], drawn: list[str]
) -> list[tuple[str, tuple[str, str]]]:
    rng = random.Random(20261208)
    avoid = earlier()[0] + [_words(t) for t in draw_main()[0]]
    taken = [_words(t) for t in drawn]
    candidates = {  # the AI pool's own undrawn paragraphs, and ...
        t: o
        for t, o in pool.items()
        if t not in drawn and any(re.search(k, t, re.I | re.S) for _, k in RARE)
    }
    for collection, fractions in RARE_CUTS.items():
        commits = _git(collection, "rev-list", "--reverse", "HEAD").split()
        for fraction in fractions:
            cut = commits[int(len(commits) * fraction) - 1]
            for service in _services(collection):
                for doc in _listed(collection, service, cut):
                    for text, source in paragraphs(collection, service, doc, at=cut):
                        if text in pool or text in candidates:  # ... the older versions
                            continue
                        if not any(re.search(k, text, re.I | re.S) for _, k in RARE):
                            continue
                        words = _words(text)
                        if _near(words, head_words(service)) or _near(words, avoid):
                            continue
                        candidates[text] = (service, source)
    picked: list[tuple[str, tuple[str, str]]] = []
    for count, keyword in RARE:
        hits = [t for t in sorted(candidates) if re.search(keyword, t, re.I | re.S)]
        for text in rng.sample(hits, len(hits)):
            if count and text not in dict(picked) and not _near(_words(text), taken):
                picked.append((text, candidates[text]))
                taken.append(_words(text))
                count -= 1
    return picked


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "main"
    chosen, pool = draw_ai() if which == "ai" else draw_main()
    for n, text in enumerate(chosen, 1):
        service, source = pool[text]
        record = {
            "id": f"heldout4{'ai' if which == 'ai' else ''}-{n:03d}",
            "service": service,
            "source": source,
            "text": text,
        }
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
