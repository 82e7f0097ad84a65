"""Render the gathered data into pages (Jinja2, autoescaped) and copy the assets.

Every value reaches the HTML through Jinja2's autoescaping, and the one piece of markup
built in Python (the word diff) escapes its words itself. Links between pages are
relative, so the site works from ``file://``, from any sub-path of a web server, and
offline: the CSS and JS are copied from the package and nothing is fetched from elsewhere.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from govgraph import __version__
from govgraph.site.data import Change, SiteData, web_url
from govgraph.site.diff import diff_html
from govgraph.site.timeline import layout

ASSETS = ("site.css", "site.js")


@dataclass(frozen=True)
class Bin:
    """A heatmap colour class: a viridis step, with the count range it stands for."""

    css: str
    label: str
    low: int
    high: int | None


BINS = (
    Bin("c0", "no clause", 0, 0),
    Bin("c1", "1 clause", 1, 1),
    Bin("c2", "2–3 clauses", 2, 3),
    Bin("c3", "4–7 clauses", 4, 7),
    Bin("c4", "8 or more", 8, None),
)


def bin_of(count: int) -> Bin:
    """The colour class of a clause count (the cell shows the number as well)."""
    for b in BINS:
        if count >= b.low and (b.high is None or count <= b.high):
            return b
    return BINS[0]


def host(url: str) -> str:
    """A link's visible text: the site it points to, plus a short path hint."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    tail = path.rsplit("/", 1)[-1] if path else ""
    return f"{parts.netloc}/…/{tail}" if tail and path.count("/") > 1 else parts.netloc + path


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("govgraph.site", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["host"] = host
    env.globals["bin"] = bin_of
    env.globals["diff"] = diff_html
    return env


@dataclass
class VersionChanges:
    version: str
    recorded_at: str
    terms_type: str
    jurisdiction: str
    source_urls: list[str]
    items: list[Change]
    counts: str


def _by_version(changes: list[Change]) -> list[VersionChanges]:
    grouped: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        grouped[c.version].append(c)
    out = []
    for version, items in grouped.items():
        first = items[0]
        n = Counter(c.change for c in items)
        counts = ", ".join(f"{n[k]} {k}" for k in ("modified", "added", "removed") if n[k])
        out.append(
            VersionChanges(
                version,
                first.recorded_at,
                first.terms_type,
                first.jurisdiction,
                first.source_urls,
                items,
                counts,
            )
        )
    return sorted(out, key=lambda v: (v.recorded_at, v.version), reverse=True)


def pages(site: SiteData) -> Iterator[tuple[str, str]]:
    """Every page as (relative path, HTML)."""
    from govgraph.reference.regulations import regulations

    env = environment()
    categories = {c.id: c for c in site.categories}
    slugs = {p.name: p.slug for p in site.platforms}
    present = {
        p.name: sum(1 for c in site.categories if site.cells[(p.name, c.id)].clauses)
        for p in site.platforms
    }
    with_category = {
        c.id: sum(1 for p in site.platforms if site.cells[(p.name, c.id)].clauses)
        for c in site.categories
    }
    known = regulations()
    regs = [
        {
            **known[r].record.model_dump(),
            "url": web_url(known[r].record.url),
            "licence": known[r].licence,
        }
        for r in site.regime.regulations
        if r in known
    ]
    curated = sorted(
        {_curators(s.attribution) for s in site.sources if s.kind.startswith("ota")} - {""}
    )
    common: dict[str, Any] = {
        "site": site,
        "version": __version__,
        "as_of_label": site.as_of or "the last recorded versions",
        "categories": categories,
        "slugs": slugs,
        "clauses": site.clauses,
        "curated": curated,
        "regulations": regs,
    }

    def page(template: str, path: str, **extra: Any) -> tuple[str, str]:
        root = "../" * path.count("/")
        html = env.get_template(template).render(**common, root=root, **extra)
        return path, html

    yield page(
        "index.html",
        "index.html",
        page="index",
        title=f"Platform terms under the {site.regime.jurisdiction} regime",
        bins=BINS,
        present=present,
        with_category=with_category,
        n_documents=sum(len(p.documents) for p in site.platforms),
    )
    covered = sorted(site.regime.covered)
    covered_label = (
        ", ".join(covered)
        if len(covered) <= 12
        else f"{', '.join(site.regime.chain)} and the "
        f"{len(covered) - len(site.regime.chain)} jurisdictions within"
    )
    yield page(
        "about.html",
        "about.html",
        page="about",
        title="Sources and method",
        covered_label=covered_label,
        terms_sources=[s for s in site.sources if s.kind not in ("reference", "mapping")],
    )
    for p in site.platforms:
        changes = site.changes.get(p.name, [])
        yield page(
            "platform.html",
            f"platforms/{p.slug}.html",
            page="platform",
            title=p.name,
            p=p,
            present=present[p.name],
            versions=_by_version(changes),
            hidden=site.changes_hidden.get(p.name, 0),
        )
    documents = {d.document: (p.name, d) for p in site.platforms for d in p.documents}
    end = site.span[1] if not site.as_of else _end_of(site.as_of)
    for cat in site.categories:
        events = site.events.get(cat.id, [])
        kinds = Counter(e.event for e in events)
        yield page(
            "category.html",
            f"categories/{cat.id}.html",
            page="category",
            title=cat.label,
            cat=cat,
            group=next(g for g in site.groups if g.id == cat.group),
            articles=site.articles.get(cat.id, []),
            with_category=with_category[cat.id],
            events=events,
            chart=layout(events, documents, site.span[0], end),
            gained=kinds["gained"],
            lost=kinds["lost"],
            first_version=kinds["in first version"],
        )


def _end_of(as_of: str) -> str:
    return f"{as_of[:10]}T23:59:59Z"


def _curators(attribution: str | None) -> str:
    """'the "X" collection is curated by Y' from a source's attribution, for the footer."""
    if not attribution:
        return ""
    for sentence in attribution.split(";"):
        if "curated by" in sentence:
            return " ".join(sentence.split()).rstrip(".").strip()
    return ""


def write(site: SiteData, out: Path) -> list[Path]:
    """Write every page and asset under ``out``; the files written."""
    written = []
    for rel, html in pages(site):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        written.append(path)
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        data = resources.files("govgraph.site").joinpath("assets", name).read_bytes()
        (assets / name).write_bytes(data)
        written.append(assets / name)
    return written
