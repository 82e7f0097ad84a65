"""Gather what the site shows, from the canned reports, in one pass over the store.

Every figure on the site comes from ``govgraph.queries.reports`` (coverage, compare,
timeline, regulations, changes, stats) so the site says exactly what ``govgraph report``
says. The reports ask overlapping canned queries (the same ``versions`` or
``current_clauses`` rows for many categories and platforms), so they run here over a
``CachingRunner``: the same question is asked of the store once.

Everything is restricted to one regime: the platforms, documents and clauses shown are
those whose documents apply under it, so the heatmap, the platform pages and the category
pages agree with each other. ``platform_profile`` is not regime-aware, so a platform's
profile here is built from the regime's coverage and compare rows instead.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from govgraph.categories import Category, CategoryGroup, scheme
from govgraph.errors import InputError
from govgraph.queries import reports
from govgraph.queries.canned import Runner
from govgraph.queries.timeutil import FAR_FUTURE, as_of_bound
from govgraph.reference import Regime, regime

RECENT_DAYS = 365  # "recent changes": the year before the as-of day (or the last record)
MAX_CHANGE_VERSIONS = 25  # per platform page; older versions are counted, not shown


class CachingRunner:
    """A runner that asks the store each distinct (query, parameters) once.

    Rows are copied on the way out because reports may add keys to the dicts they get.
    """

    def __init__(self, inner: Runner) -> None:
        self.inner = inner
        self.name = inner.name
        self.asked = 0
        self._cache: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        key = (query, json.dumps(params, sort_keys=True, default=_sorted_list))
        if key not in self._cache:
            self.asked += 1
            self._cache[key] = self.inner.run(query, params)
        return [dict(row) for row in self._cache[key]]


def _sorted_list(value: Any) -> list[Any]:
    if isinstance(value, set | frozenset | tuple):
        return sorted(value)
    raise TypeError(f"cannot key a parameter of type {type(value).__name__}")


@dataclass
class ClauseShown:
    """A clause as the site shows it, with everything needed to trace it."""

    clause_id: str
    text: str
    since: str
    document: str
    terms_type: str
    jurisdiction: str
    version: str
    source_urls: list[str]
    categories: list[str]


@dataclass
class DocumentInfo:
    document: str
    terms_type: str
    jurisdiction: str
    urls: list[str]
    collection: str | None
    first_recorded: str | None = None
    last_recorded: str | None = None
    versions: int = 0


@dataclass
class PlatformInfo:
    name: str
    slug: str
    documents: list[DocumentInfo]
    other_documents: list[DocumentInfo]  # outside the regime: listed, not analysed


@dataclass
class Cell:
    """One heatmap cell: how many clauses of a category a platform's terms have."""

    platform: str
    category: str
    clauses: int
    since: str | None


@dataclass
class TimelineEvent:
    at: str
    platform: str
    category: str
    event: str
    document: str
    terms_type: str
    jurisdiction: str
    version: str
    clause_ids: list[str]


@dataclass
class ArticleLink:
    regulation: str | None
    regulation_name: str | None
    article: str | None
    article_title: str | None
    kind: str
    rationale: str
    url: str | None
    platforms: list[str]


@dataclass
class Change:
    platform: str
    document: str
    terms_type: str
    jurisdiction: str
    version: str
    recorded_at: str
    categories: list[str]
    change: str  # added | removed | modified
    text: str
    old_text: str | None
    clause_id: str | None
    old_clause_id: str | None
    source_urls: list[str]


@dataclass
class SourceInfo:
    collection: str | None
    kind: str
    name: str
    licence: str | None
    attribution: str | None
    loaded_at: str | None


@dataclass
class SiteData:
    """Everything the pages need; built once, rendered many times."""

    regime: Regime
    as_of: str | None
    generated_at: str
    platforms: list[PlatformInfo]
    categories: list[Category]
    groups: list[CategoryGroup]
    cells: dict[tuple[str, str], Cell]
    clauses: dict[tuple[str, str], list[ClauseShown]]  # (platform, category) -> clauses
    events: dict[str, list[TimelineEvent]]  # category -> events
    articles: dict[str, list[ArticleLink]]
    changes: dict[str, list[Change]]  # platform -> changes, newest first
    changes_since: str
    changes_hidden: dict[str, int]  # platform -> older versions with changes not shown
    span: tuple[str, str]  # first and last recorded version under the regime
    sources: list[SourceInfo]
    counts: list[tuple[str, str, int]] = field(default_factory=list)  # kind, item, count
    labellers: list[reports.Labeller] = field(default_factory=list)  # who made the labels
    queries_asked: int = 0


def split_urls(value: str | None) -> list[str]:
    """A source URL cell lists every page a combined document was assembled from.

    Only web links are kept: a ``javascript:`` or ``file:`` URL in loaded data would still
    be clickable after HTML escaping.
    """
    return [u for u in (value or "").split() if u.startswith(("http://", "https://"))]


def web_url(value: str | None) -> str | None:
    """One web link, or None (see ``split_urls``)."""
    urls = split_urls(value)
    return urls[0] if len(urls) == 1 else None


def _day(moment: str) -> datetime:
    return datetime.fromisoformat(moment[:10]).replace(tzinfo=UTC)


def gather(
    runner: Runner,
    regime_code: str = "EU",
    platforms: Sequence[str] | None = None,
    as_of: str | None = None,
    changes_since: str | None = None,
) -> SiteData:
    """Ask the reports everything the site shows (InputError for bad names or dates)."""
    cached = CachingRunner(runner)
    bound = as_of_bound(as_of)  # first: its error names the --as-of option
    rules = regime(regime_code, as_of[:10] if as_of else None)
    known = scheme()
    documents = cached.run("platform_documents", {})
    wanted = reports.resolve_platforms(cached, platforms)
    coverage = reports.coverage(cached, rules.jurisdiction, as_of).as_dicts()
    in_regime = list(dict.fromkeys(row["platform"] for row in coverage))
    if wanted is not None:
        outside = [p for p in wanted if p not in in_regime]
        if outside:
            raise InputError(
                f"{', '.join(outside)} has no documents under the {rules.jurisdiction} regime "
                f"(platforms under it: {', '.join(in_regime) or 'none'})"
            )
        in_regime = [p for p in in_regime if p in wanted]
    if not in_regime:
        raise InputError(
            f"the store holds no documents under the {rules.jurisdiction} regime: "
            "load some first (govgraph load ota ... or govgraph demo)"
        )
    chosen = set(in_regime)
    versions = cached.run("versions", {"start": reports.BEGINNING, "bound": bound})
    platform_infos = _platforms(documents, versions, in_regime, rules)
    cells = {
        (r["platform"], r["category"]): Cell(r["platform"], r["category"], r["clauses"], r["since"])
        for r in coverage
        if r["platform"] in chosen
    }
    clauses: dict[tuple[str, str], list[ClauseShown]] = defaultdict(list)
    events: dict[str, list[TimelineEvent]] = {}
    articles: dict[str, list[ArticleLink]] = {}
    for cid in known.categories:
        for row in reports.compare(cached, cid, in_regime, rules.jurisdiction, as_of).as_dicts():
            if row["text"] == reports.NOT_FOUND:
                continue
            clauses[(row["platform"], cid)].append(_clause(row))
        timeline = reports.timeline(cached, cid, in_regime, as_of).as_dicts()
        events[cid] = [
            TimelineEvent(**row) for row in timeline if row["jurisdiction"] in rules.covered
        ]
        mapped = reports.regulations(cached, cid, rules.jurisdiction, as_of).as_dicts()
        articles[cid] = [
            ArticleLink(
                a["regulation"],
                a["regulation_name"],
                a["article"],
                a["article_title"],
                a["kind"],
                a["rationale"],
                web_url(a["article_url"]),
                [p for p in a["platforms"] if p in chosen],
            )
            for a in mapped
        ]
    regime_versions = [
        v for v in versions if v["platform"] in chosen and v["jurisdiction"] in rules.covered
    ]
    moments = sorted(v["recorded_at"] for v in regime_versions)
    span = (moments[0], moments[-1]) if moments else ("", "")
    start = changes_since or _recent_start(as_of, span[1])
    changes, hidden = _changes(cached, in_regime, start, as_of, rules)
    stats = reports.stats(cached).as_dicts()
    sources = [
        SourceInfo(
            s["collection"],
            s["kind"],
            s["location"].replace("\\", "/").rstrip("/").rsplit("/", 1)[-1],
            s["licence"],
            s["attribution"],
            s["loaded_at"],
        )
        for s in cached.run("sources", {})
    ]
    counts = [
        (r["kind"], r["item"], r["count"]) for r in stats if r["kind"] in ("node", "relationship")
    ]
    return SiteData(
        regime=rules,
        as_of=as_of,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        platforms=platform_infos,
        categories=list(known.categories.values()),
        groups=list(known.groups.values()),
        cells=cells,
        clauses=dict(clauses),
        events=events,
        articles=articles,
        changes=changes,
        changes_since=start[:10],
        changes_hidden=hidden,
        span=span,
        sources=sources,
        counts=counts,
        labellers=reports.labellers(cached),
        queries_asked=cached.asked,
    )


def _clause(row: dict[str, Any]) -> ClauseShown:
    return ClauseShown(
        clause_id=row["clause_id"],
        text=row["text"],
        since=row["since"],
        document=row["document"],
        terms_type=row["terms_type"],
        jurisdiction=row["jurisdiction"],
        version=row["version"],
        source_urls=split_urls(row["source_url"]),
        categories=list(row["category"]),
    )


def _platforms(
    documents: list[dict[str, Any]],
    versions: list[dict[str, Any]],
    names: list[str],
    rules: Regime,
) -> list[PlatformInfo]:
    seen: dict[str, list[str]] = defaultdict(list)
    for v in versions:
        seen[v["document"]].append(v["recorded_at"])
    out = []
    for name in names:
        mine = [d for d in documents if d["platform"] == name]
        infos = []
        for d in mine:
            times = sorted(seen.get(d["document"], []))
            infos.append(
                DocumentInfo(
                    d["document"],
                    d["terms_type"],
                    d["jurisdiction"],
                    split_urls(d["document_url"]),
                    d["collection"],
                    times[0] if times else None,
                    times[-1] if times else None,
                    len(times),
                )
            )
        out.append(
            PlatformInfo(
                name=name,
                slug=mine[0]["platform_id"],
                documents=[i for i in infos if i.jurisdiction in rules.covered],
                other_documents=[i for i in infos if i.jurisdiction not in rules.covered],
            )
        )
    return out


def _recent_start(as_of: str | None, last: str) -> str:
    end = as_of[:10] if as_of else (last[:10] or datetime.now(UTC).strftime("%Y-%m-%d"))
    return (_day(end) - timedelta(days=RECENT_DAYS)).strftime("%Y-%m-%d")


def _changes(
    runner: Runner,
    platforms: list[str],
    since: str,
    as_of: str | None,
    rules: Regime,
) -> tuple[dict[str, list[Change]], dict[str, int]]:
    """Recent changes per platform, newest version first, with the old wording of edits.

    The report gives the old clause's id; its text (for a full word-level diff rather than
    the report's abbreviated one) comes from the canned ``clause_details`` query.
    """
    rows = [
        r
        for r in reports.changes(runner, platforms, since=since, as_of=as_of).as_dicts()
        if r["jurisdiction"] in rules.covered
    ]
    old_ids = sorted({r["old_clause_id"] for r in rows if r["change"] == "modified"})
    old_text = {
        d["clause_id"]: d["text"] for d in runner.run("clause_details", {"clauses": old_ids})
    }
    by_platform: dict[str, list[Change]] = defaultdict(list)
    for r in rows:
        by_platform[r["platform"]].append(
            Change(
                platform=r["platform"],
                document=r["document"],
                terms_type=r["terms_type"],
                jurisdiction=r["jurisdiction"],
                version=r["version"],
                recorded_at=r["recorded_at"],
                categories=list(r["category"]),
                change=r["change"],
                text=r["text"],
                old_text=old_text.get(r["old_clause_id"]) if r["old_clause_id"] else None,
                clause_id=r["clause_id"],
                old_clause_id=r["old_clause_id"],
                source_urls=split_urls(r["source_url"]),
            )
        )
    shown: dict[str, list[Change]] = {}
    hidden: dict[str, int] = {}
    for platform, items in by_platform.items():
        items.sort(key=lambda c: c.recorded_at, reverse=True)  # stable: report order within
        moment = {c.version: c.recorded_at for c in items}
        kept = set(sorted(moment, key=lambda v: (moment[v], v))[-MAX_CHANGE_VERSIONS:])
        shown[platform] = [c for c in items if c.version in kept]
        hidden[platform] = len(moment) - len(kept)
    return shown, hidden


__all__ = ["FAR_FUTURE", "CachingRunner", "SiteData", "gather", "split_urls", "web_url"]
