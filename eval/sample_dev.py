"""Draw the candidate paragraphs of the development sets from the shared OTA collections.

Deterministic (seeded). Paragraphs come from the HEAD version of each listed document,
segmented by govgraph.loaders.segment; each is kept with its provenance. Sampling is
stratified by broad keywords taken from the category definitions (not from the rules),
plus a random share, so rare categories have positives and most paragraphs are ordinary.
The labels are then added by hand (see eval/dev/README.md); this script only proposes.

    .venv/bin/python eval/sample_dev.py genai > /tmp/genai-candidates.jsonl
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

from govgraph.loaders.segment import segment

OTA = Path("/tmp/ota")  # clones of ../shared/data/ota/<collection>/versions.bundle
SETS = {
    "genai": (
        "genai-eu",
        [
            "Le Chat",
            "Perplexity",
            "Grok",
            "Qwen Chat",
            "Meta AI",
            "Microsoft Copilot",
            "Llama API",
            "DeepSeek",
            "Vibe",
        ],
        ["Terms of Service", "Privacy Policy", "Acceptable Use Policy", "Commercial Terms"],
    ),
    "pga-heldout": (
        "pga",
        [
            "LINE",
            "Moltbook",
            "Parler",
            "Spotify",
            "TruthSocial",
            "Tumblr",
            "Twitch",
            "Upscrolled",
            "WeChat",
        ],
        ["Terms of Service", "Privacy Policy"],
    ),
    "vlops-heldout": (
        "vlopses-us",
        [
            "AliExpress",
            "App Store",
            "Google Play",
            "Shein",
            "Temu",
            "Telegram",
            "TikTok",
            "WhatsApp",
            "Wikipedia",
            "X",
            "YouTube",
        ],
        ["Terms of Service", "Privacy Policy"],
    ),
    "platforms": (
        "pga",
        ["Reddit", "Pinterest", "Quora", "LinkedIn", "Bluesky", "BeReal", "Snapchat"],
        ["Terms of Service", "Privacy Policy"],
    ),
}
KEYWORDS = [
    r"train",
    r"output",
    r"opt[ -]?out",
    r"jailbreak|circumvent|safeguard|bypass",
    r"AI-generated|human-generated|watermark|disclos",
    r"own|assign",
    r"licen[cs]e",
    r"remove|take down",
    r"scrap|crawl|automated",
    r"reverse engineer|decompil",
    r"arbitrat",
    r"class action|representative",
    r"governed by|laws of",
    r"courts?",
    r"modify|change|update",
    r"terminat|suspend",
    r"liab|as is|warrant",
    r"by using|by accessing",
    r"share|disclose|third part",
    r"retain|retention|delete",
    r"transfer|countr",
    r"age|children|minor",
    r"right to|access|rectif|portab",
]


def paragraphs(collection: str, service: str, doc: str) -> list[tuple[str, str]]:
    repo = OTA / collection
    path = f"{service}/{doc}.md"
    shown = subprocess.run(
        ["git", "-C", str(repo), "show", f"HEAD:{path}"], capture_output=True, text=True
    )
    if shown.returncode:
        return []
    commit = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%H %cs", "--", path],
        capture_output=True,
        text=True,
    ).stdout.split()
    source = f"{collection}:{path}@{commit[0][:12]} ({commit[1]})"
    return [(s.text, source) for s in segment(shown.stdout) if 40 <= len(s.text) <= 700]


def main() -> None:
    name = sys.argv[1]
    collection, services, docs = SETS[name]
    rng = random.Random(4)
    pool: dict[str, tuple[str, str]] = {}
    for service in services:
        for doc in docs:
            for text, source in paragraphs(collection, service, doc):
                pool.setdefault(text, (service, source))
    texts = sorted(pool)
    chosen: list[str] = []
    for keyword in KEYWORDS:
        hits = [t for t in texts if re.search(keyword, t, re.I) and t not in chosen]
        chosen.extend(rng.sample(hits, min(5, len(hits))))
    rest = [t for t in texts if t not in chosen]
    chosen.extend(rng.sample(rest, min(40, len(rest))))
    if len(sys.argv) > 2:  # optional cap, keeping the keyword/random mix
        chosen = rng.sample(chosen, min(int(sys.argv[2]), len(chosen)))
    for i, text in enumerate(chosen, 1):
        service, source = pool[text]
        print(
            json.dumps(
                {"id": f"{name}-{i:03d}", "service": service, "source": source, "text": text},
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
