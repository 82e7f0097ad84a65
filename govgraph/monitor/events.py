"""Structured change summaries, computed from the graph alone.

A change summary for version V of document D is read off the interval model: the
CONTAINS intervals that opened at V (clauses added) and closed at V (clauses removed),
paired by SUPERSEDES links into modifications (with a word-level diff); the categories the
*document* gained or lost at V; and the articles mapped to the categories the change
touched, in the regime of the document's jurisdiction on the day V was recorded.

Why from the graph and not from the loader: a summary computed by ``govgraph watch`` the
day a version arrives, one computed from a full load next month, and ``govgraph report
changes`` must agree. All three read the same stored intervals through the canned queries
(``govgraph/queries``), so they do on every backend (embedded Cypher, SPARQL, Neo4j).

What gets no summary: technical re-records (OTA re-extracted the text, the terms did not
change), versions whose clauses did not change (formatting-only edits normalise to the
same clause ids, so no interval opens or closes), and each document's first version
(there is nothing to compare it with; ``report changes`` makes the same choice).

Pairing: an opened and a closed clause of the same version are a modification when the
graph links them by SUPERSEDES. Links recorded at that version come first; a link recorded
at another version counts only when none of that version pairs them. Stores written since
SUPERSEDES is keyed by version hold one link per recurrence of an edit (a page flipping
between two wordings), so the first rule decides; stores written before kept one link per
clause pair, with the latest version, and the second rule keeps their earlier recurrences
reading as modifications instead of an addition plus a removal.

Severity: ``high`` when the document lost a category of the ai-training-restriction group
or gained provider-trains-on-user-content (both also raise a flag named in the headline);
``medium`` when it gained or lost any other category; ``low`` otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from govgraph.categories import scheme
from govgraph.loaders.align import render_word_diff, word_diff
from govgraph.queries.canned import Runner

BEGINNING = "0000-01-01T00:00:00Z"
FAR_FUTURE = "9999-12-31T23:59:59Z"
SEVERITIES: tuple[str, ...] = ("low", "medium", "high")
TRAINING_GROUP = "ai-training-restriction"
TRAINS_ON_USER_CONTENT = "provider-trains-on-user-content"
FLAG_RESTRICTION_REMOVED = "ai-training-restriction-removed"
FLAG_TRAINS_ON_CONTENT = "trains-on-user-content-added"
FLAG_TITLES = {
    FLAG_RESTRICTION_REMOVED: "AI-training restriction removed",
    FLAG_TRAINS_ON_CONTENT: "training on user content added",
}


@dataclass(frozen=True)
class ClauseChange:
    """A clause that entered (added) or left (removed) the document at the version."""

    id: str
    text: str
    section: str
    categories: list[str]


@dataclass(frozen=True)
class Modification:
    """An edited clause: the old wording replaced by the new one at the version."""

    old_id: str
    old_text: str
    new_id: str
    new_text: str
    similarity: float
    diff: str  # compact: ``kept [-old-]{+new+} kept``
    diff_ops: list[list[str]]  # [op, words] with op in equal | delete | insert
    old_categories: list[str]
    new_categories: list[str]

    @property
    def categories(self) -> list[str]:
        return sorted({*self.old_categories, *self.new_categories})


@dataclass(frozen=True)
class MappedArticle:
    """An article of a regulation in force in the document's regime, mapped to a category."""

    category: str
    regulation: str
    regulation_name: str
    article: str
    title: str
    kind: str
    url: str | None


@dataclass(frozen=True)
class ChangeSummary:
    """What one version of one document changed, provision by provision."""

    id: str  # the version id: stable, so every output can deduplicate on it
    platform: str
    document: str
    terms_type: str
    jurisdiction: str
    regimes: list[str]  # the document's jurisdiction and those it lies within
    recorded_at: str
    source_url: str | None
    added: list[ClauseChange] = field(default_factory=list)
    removed: list[ClauseChange] = field(default_factory=list)
    modified: list[Modification] = field(default_factory=list)
    categories_gained: list[str] = field(default_factory=list)
    categories_lost: list[str] = field(default_factory=list)
    articles: list[MappedArticle] = field(default_factory=list)
    severity: str = "low"
    flags: list[str] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        """Every category the change touched: of changed clauses, gained or lost."""
        touched: set[str] = {*self.categories_gained, *self.categories_lost}
        for clause in (*self.added, *self.removed):
            touched.update(clause.categories)
        for mod in self.modified:
            touched.update(mod.categories)
        return sorted(touched)

    @property
    def regulations(self) -> list[str]:
        """Names of the regulations with an article mapped to a touched category."""
        return sorted({a.regulation_name for a in self.articles})

    @property
    def headline(self) -> str:
        """The first line of every output; a flagged change says so first."""
        counts = []
        for label, items in (
            ("added", self.added),
            ("removed", self.removed),
            ("modified", self.modified),
        ):
            if items:
                counts.append(f"{len(items)} {label}")
        delta = []
        if self.categories_gained:
            delta.append("gained " + ", ".join(self.categories_gained))
        if self.categories_lost:
            delta.append("lost " + ", ".join(self.categories_lost))
        text = (
            f"{self.platform} {self.terms_type} ({self.jurisdiction}) changed "
            f"{self.recorded_at[:10]}: {', '.join(counts)} clause(s)"
        )
        if delta:
            text += "; " + "; ".join(delta)
        if self.flags:
            text = " + ".join(FLAG_TITLES[f].upper() for f in self.flags) + ": " + text
        return text

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: every field, plus the headline and the touched categories."""
        data = asdict(self)
        for mod, raw in zip(self.modified, data["modified"], strict=True):
            raw["categories"] = mod.categories
        return {
            "id": self.id,
            "headline": self.headline,
            **{k: v for k, v in data.items() if k != "id"},
            "categories": self.categories,
            "regulations": self.regulations,
        }


def severity_of(gained: Iterable[str], lost: Iterable[str]) -> tuple[str, list[str]]:
    """The severity and flags of a change from the categories the document gained and lost."""
    gained, lost = set(gained), set(lost)
    flags = []
    if lost & set(scheme().groups[TRAINING_GROUP].members):
        flags.append(FLAG_RESTRICTION_REMOVED)
    if TRAINS_ON_USER_CONTENT in gained:
        flags.append(FLAG_TRAINS_ON_CONTENT)
    if flags:
        return "high", flags
    if gained or lost:
        return "medium", []
    return "low", []


@cache
def _regime(jurisdiction: str, day: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(jurisdiction chain, regulations in force) of a jurisdiction on a day."""
    from govgraph.reference import regime

    rules = regime(jurisdiction, day)
    return rules.chain, rules.regulations


def _first_versions(versions: list[dict[str, Any]]) -> set[str]:
    first: dict[str, str] = {}
    for v in sorted(versions, key=lambda v: v["recorded_at"]):
        first.setdefault(v["document"], v["version"])
    return set(first.values())


def change_summaries(
    runner: Runner, version_ids: Iterable[str] | None = None
) -> list[ChangeSummary]:
    """Summaries of the given versions (all versions when None), oldest first.

    Versions that are technical, first of their document, unknown to the store or change
    no clause are skipped, so the result may be shorter than the input.
    """
    all_versions = runner.run("versions", {"start": BEGINNING, "bound": FAR_FUTURE})
    wanted = set(version_ids) if version_ids is not None else None
    firsts = _first_versions(all_versions)
    targets = {
        v["version"]: v
        for v in all_versions
        if (wanted is None or v["version"] in wanted)
        and not v["technical"]
        and v["version"] not in firsts
    }
    if not targets:
        return []
    start = min(v["recorded_at"] for v in targets.values())
    window = {"start": start, "bound": FAR_FUTURE}
    opened: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    closed: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for i in runner.run("interval_changes", window):
        if i["from_version"] in targets:
            opened[i["from_version"]][i["clause_id"]] = i
        if i["to_version"] in targets:
            closed[i["to_version"]][i["clause_id"]] = i
    changed = [vid for vid in targets if opened.get(vid) or closed.get(vid)]
    if not changed:
        return []
    clause_ids = sorted(
        {c for vid in changed for side in (opened, closed) for c in side.get(vid, {})}
    )
    categories: dict[str, set[str]] = defaultdict(set)
    for d in runner.run("clause_details", {"clauses": clause_ids}):
        if d["category"]:
            categories[d["clause_id"]].add(d["category"])
    # Links between clauses that open and close at the same version; the earliest
    # opening of a changed clause bounds every link that can matter.
    links = runner.run("supersessions", {"start": BEGINNING, "bound": FAR_FUTURE})
    wanted_clauses = set(clause_ids)
    links = [p for p in links if p["new_clause"] in wanted_clauses]
    touched = sorted({c for cid in clause_ids for c in categories[cid]})
    held = _held_intervals(runner, touched, {targets[v]["document"] for v in changed})
    summaries = [
        _summary(targets[vid], opened.get(vid, {}), closed.get(vid, {}), categories, links, held)
        for vid in changed
    ]
    _attach_articles(runner, summaries)
    return sorted(summaries, key=lambda s: (s.recorded_at, s.document))


def _held_intervals(
    runner: Runner, touched: list[str], documents: set[str]
) -> dict[tuple[str, str], list[tuple[str, str | None]]]:
    """(document, category) -> the (since, until) intervals of its clauses in it."""
    out: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)
    if not touched:
        return out
    for r in runner.run("category_intervals", {"categories": touched}):
        if r["document"] in documents:
            out[(r["document"], r["category"])].append((r["since"], r["until"]))
    return out


def _held(intervals: list[tuple[str, str | None]], at: str, *, after: bool) -> bool:
    """Whether any interval is in force just after (or just before) the moment ``at``.

    An interval [since, until) holds just after ``at`` if since <= at < until, and just
    before it if since < at <= until (a clause that closes at ``at`` was in force until then).
    """
    for since, until in intervals:
        if after and since <= at and (until is None or until > at):
            return True
        if not after and since < at and (until is None or until >= at):
            return True
    return False


def _pair(
    vid: str,
    new: dict[str, dict[str, Any]],
    old: dict[str, dict[str, Any]],
    links: list[dict[str, Any]],
) -> list[tuple[str, str, float]]:
    """(new clause, old clause, similarity) pairs: links of this version first."""
    candidates = [p for p in links if p["new_clause"] in new and p["old_clause"] in old]
    candidates.sort(
        key=lambda p: (
            p["version"] != vid,
            -float(p["similarity"]),
            p["new_clause"],
            p["old_clause"],
        )
    )
    used_new: set[str] = set()
    used_old: set[str] = set()
    pairs = []
    for p in candidates:
        if p["new_clause"] in used_new or p["old_clause"] in used_old:
            continue
        used_new.add(p["new_clause"])
        used_old.add(p["old_clause"])
        pairs.append((p["new_clause"], p["old_clause"], float(p["similarity"])))
    return pairs


def _summary(
    v: dict[str, Any],
    new: dict[str, dict[str, Any]],
    old: dict[str, dict[str, Any]],
    categories: dict[str, set[str]],
    links: list[dict[str, Any]],
    held: dict[tuple[str, str], list[tuple[str, str | None]]],
) -> ChangeSummary:
    vid, at, doc = v["version"], v["recorded_at"], v["document"]
    pairs = _pair(vid, new, old, links)
    paired_new = {n for n, _, _ in pairs}
    paired_old = {o for _, o, _ in pairs}

    def clause(row: dict[str, Any]) -> ClauseChange:
        cid = row["clause_id"]
        return ClauseChange(cid, row["text"], row.get("section") or "", sorted(categories[cid]))

    modified = [
        Modification(
            old_id=o,
            old_text=old[o]["text"],
            new_id=n,
            new_text=new[n]["text"],
            similarity=round(sim, 4),
            diff=render_word_diff(old[o]["text"], new[n]["text"]),
            diff_ops=[list(op) for op in word_diff(old[o]["text"], new[n]["text"])],
            old_categories=sorted(categories[o]),
            new_categories=sorted(categories[n]),
        )
        for n, o, sim in sorted(pairs, key=lambda p: (p[1], p[0]))
    ]
    added = [clause(new[c]) for c in sorted(new) if c not in paired_new]
    removed = [clause(old[c]) for c in sorted(old) if c not in paired_old]
    touched = {c for cid in (*new, *old) for c in categories[cid]}
    gained, lost = [], []
    for cat in sorted(touched):
        intervals = held.get((doc, cat), [])
        before = _held(intervals, at, after=False)
        after = _held(intervals, at, after=True)
        if after and not before:
            gained.append(cat)
        elif before and not after:
            lost.append(cat)
    severity, flags = severity_of(gained, lost)
    chain, _ = _regime(v["jurisdiction"], at[:10])
    return ChangeSummary(
        id=vid,
        platform=v["platform"],
        document=doc,
        terms_type=v["terms_type"],
        jurisdiction=v["jurisdiction"],
        regimes=list(chain),
        recorded_at=at,
        source_url=v["source_url"],
        added=added,
        removed=removed,
        modified=modified,
        categories_gained=gained,
        categories_lost=lost,
        severity=severity,
        flags=flags,
    )


def _attach_articles(runner: Runner, summaries: list[ChangeSummary]) -> None:
    """Fill each summary's articles: mapped to its touched categories, in force in its regime."""
    in_force = {s.id: _regime(s.jurisdiction, s.recorded_at[:10])[1] for s in summaries}
    all_categories = sorted({c for s in summaries for c in s.categories})
    all_regulations = sorted({r for regs in in_force.values() for r in regs})
    if not all_categories or not all_regulations:
        return
    rows = runner.run(
        "category_articles", {"categories": all_categories, "regulations": all_regulations}
    )
    for s in summaries:
        mine, regs = set(s.categories), set(in_force[s.id])
        s.articles.extend(
            MappedArticle(
                category=r["category"],
                regulation=r["regulation"],
                regulation_name=r["regulation_name"],
                article=r["article"],
                title=r["article_title"] or "",
                kind=r["kind"],
                url=r["article_url"],
            )
            for r in rows
            if r["category"] in mine and r["regulation"] in regs
        )
