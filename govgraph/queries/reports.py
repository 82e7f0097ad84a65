"""The canned reports: the questions analysts come for, answered the same on every backend.

Each report asks the canned queries (``govgraph/queries/*.cypher`` / ``*.rq``, through a
``Runner``) for flat rows, then does everything else here, once for every backend:
grouping, sorting, "no such clause found" rows, diffs and similarity scores. So the
embedded Cypher engine, the embedded SPARQL engine and Neo4j give identical reports.

Every clause row is traceable: platform, document (id and terms type), jurisdiction, the
time the clause has been in force since, the version's source URL, the text and the
clause id. Analysis, not legal advice.
"""

from __future__ import annotations

import shutil
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from govgraph.categories import scheme
from govgraph.cli.output import OutputFormat, render
from govgraph.errors import InputError, UnknownNameError
from govgraph.ids import slugify
from govgraph.queries.canned import Runner
from govgraph.queries.similarity import tfidf_scores
from govgraph.queries.timeutil import as_of_bound, day_start

BEGINNING = "0000-01-01T00:00:00Z"
TRAINING_GROUP = "ai-training-restriction"
NOT_FOUND = "no such clause found"


View = tuple[list[str], list[list[Any]]]


@dataclass
class Report:
    """Rows with named columns (json, csv); the table and md formats may show other views.

    The table view is for reading in a terminal: a few short columns, a title and notes
    (the sources of the clauses shown, the articles mapped). JSON and CSV always carry
    every column, so nothing traceable is lost.
    """

    columns: list[str]
    rows: list[list[Any]]
    title: str = ""
    notes: list[str] = field(default_factory=list)
    table: View | None = None
    md: View | None = None
    # Table format as cards: header columns, then the body (the first of these columns
    # that has a value).
    cards: tuple[list[str], tuple[str, ...]] | None = None
    card_refs: bool = False  # number the cards [n], matching the Sources note

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def render(self, fmt: OutputFormat = OutputFormat.table, width: int | None = None) -> str:
        view = {OutputFormat.table: self.table, OutputFormat.md: self.md}.get(fmt)
        columns, rows = view if view is not None else (self.columns, self.rows)
        if fmt is not OutputFormat.table:
            return render(columns, rows, fmt, width=width)
        width = width or shutil.get_terminal_size((120, 24)).columns
        if self.cards is not None:
            body = self._render_cards(width)
        else:
            body = text_table(columns, rows, width)
        return "\n".join([self.title, body, *self.notes] if self.title else [body, *self.notes])

    def card_view(self, header: list[str], *body: str, refs: bool = False) -> None:
        """Table format as one card per row: a header line, then the long text wrapped.

        Why: clause text is the point of these reports, and in a grid it shrinks to a few
        words per line beside the short columns; a card gives it the full width.
        """
        self.cards = (header, body)
        self.card_refs = refs

    def _render_cards(self, width: int) -> str:
        header, body = self.cards  # type: ignore[misc]
        index = [self.columns.index(c) for c in header]
        bodies = [self.columns.index(c) for c in body]
        found_at = self.columns.index("text") if "text" in self.columns else bodies[0]
        out: list[str] = []
        n = 0
        for row in self.rows:
            parts = [_cell(row[i]) for i in index]
            line = " · ".join(p for p in parts if p)
            if self.card_refs and row[found_at] != NOT_FOUND:
                n += 1
                line = f"[{n}] {line}"
            out.append(line)
            text = _cell(next((row[i] for i in bodies if row[i] is not None), None))
            out += textwrap.wrap(
                text, max(width - 4, 30), initial_indent="    ", subsequent_indent="    "
            ) or ["    "]
            out.append("")
        if not self.rows:
            out.append("(no rows)")
        return "\n".join(out).rstrip()

    def table_view(
        self, columns: list[str], *, refs: bool = False, dates: tuple[str, ...] = ()
    ) -> None:
        """Show only some columns in the table; with ``refs``, a [n] into the Sources note.

        Columns named in ``dates`` show only the day (the Sources note has the full time).
        """
        index = [self.columns.index(c) for c in columns]
        rows = [
            [_date(row[i]) if c in dates else row[i] for i, c in zip(index, columns, strict=True)]
            for row in self.rows
        ]
        if refs:
            text_at = self.columns.index("text")
            n = 0
            for row, full in zip(rows, self.rows, strict=True):
                found = full[text_at] != NOT_FOUND
                n += found
                row.append(f"[{n}]" if found else "")
            columns = [*columns, "ref"]
        self.table = (columns, rows)


WIDE_COLUMNS = ("text", "diff", "rationale", "detail")
NARROW_CAP = 20


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return " ".join(str(value).split())


def text_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int) -> str:
    """A plain-text table whose clause-text column takes the room the others leave.

    The shared renderer narrows the widest columns evenly, which leaves a clause a few
    words per line beside a wide category list; here short columns are capped and wrapped
    and the text (or diff, rationale) column gets the rest of the width.
    """
    cells = [[_cell(v) for v in row] for row in rows]
    natural = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    wide = next((columns.index(c) for c in WIDE_COLUMNS if c in columns), None)
    widths = list(natural)
    if sum(natural) + 3 * (len(columns) - 1) > width:
        widths = [min(n, max(NARROW_CAP, len(c))) for n, c in zip(natural, columns, strict=True)]
    if wide is not None:
        rest = width - 3 * (len(columns) - 1) - sum(w for i, w in enumerate(widths) if i != wide)
        widths[wide] = min(natural[wide], max(30, rest))
    out = ["   ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    out.append("   ".join("-" * w for w in widths))
    for row in cells:
        wrapped = [textwrap.wrap(v, w) or [""] for v, w in zip(row, widths, strict=True)]
        for line in range(max(len(x) for x in wrapped)):
            parts = [
                (x[line] if line < len(x) else "").ljust(w)
                for x, w in zip(wrapped, widths, strict=True)
            ]
            out.append("   ".join(parts).rstrip())
    if not rows:
        out.append("(no rows)")
    return "\n".join(out)


# ---------------------------------------------------------------- names


def category_ids(name: str) -> tuple[str, ...]:
    """A category id, or a group id expanded to its members (UnknownNameError otherwise)."""
    return scheme().expand(name.strip())


def regime_of(code: str, as_of: str | None = None) -> Any:
    """The regime of a jurisdiction code on the as-of day (UnknownNameError if unknown)."""
    from govgraph.reference import regime

    return regime(code, as_of[:10] if as_of else None)


def _documents(runner: Runner) -> list[dict[str, Any]]:
    return runner.run("platform_documents", {})


def resolve_platforms(
    runner: Runner,
    names: Iterable[str] | None,
    documents: list[dict[str, Any]] | None = None,
) -> list[str] | None:
    """Platform names as stored, matched case- and punctuation-insensitively.

    ``documents``: the platform_documents rows, when the caller has them already.
    """
    if not names:
        return None
    documents = _documents(runner) if documents is None else documents
    stored = sorted({d["platform"] for d in documents})
    by_slug = {slugify(p): p for p in stored}
    out = []
    for name in names:
        for part in name.split(","):
            part = part.strip()
            if not part:
                continue
            if slugify(part) not in by_slug:
                raise UnknownNameError("platform", part, stored)
            out.append(by_slug[slugify(part)])
    return out


def _store_jurisdictions(documents: list[dict[str, Any]]) -> list[str]:
    return sorted({d["jurisdiction"] for d in documents})


def _date(moment: str | None) -> str:
    return moment[:10] if moment else ""


def _article_label(row: dict[str, Any]) -> str:
    number = row["article"]
    mark = "§" if "." in number else "Art."
    return f"{row['regulation_name']} {mark} {number} ({row['kind']})"


def _sort_key(row: dict[str, Any]) -> tuple:
    return (
        row["platform"].lower(),
        row.get("terms_type") or "",
        row.get("jurisdiction") or "",
        row.get("since") or "",
        row.get("clause_id") or "",
    )


def _group_clauses(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of (clause, category) merged into one row per clause and document."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["document"], row["clause_id"])
        if key not in merged:
            merged[key] = {**row, "categories": []}
        merged[key]["categories"].append(row["category"])
    out = list(merged.values())
    for row in out:
        row["categories"] = sorted(set(row["categories"]))
    return sorted(out, key=_sort_key)


def _current(
    runner: Runner, categories: Sequence[str], jurisdictions: Iterable[str], bound: str
) -> list[dict[str, Any]]:
    return runner.run(
        "current_clauses",
        {"categories": list(categories), "jurisdictions": sorted(jurisdictions), "bound": bound},
    )


# ---------------------------------------------------------------- training-restrictions

CLAUSE_COLUMNS = [
    "platform",
    "category",
    "since",
    "text",
    "document",
    "terms_type",
    "jurisdiction",
    "source_url",
    "version",
    "clause_id",
]


def training_restrictions(
    runner: Runner, regime: str = "EU", as_of: str | None = None, *, include_absent: bool = False
) -> Report:
    """Platforms whose terms under a regime restrict using the service or outputs for AI."""
    rules = regime_of(regime, as_of)
    members = category_ids(TRAINING_GROUP)
    bound = as_of_bound(as_of)
    rows = runner.run(
        "training_restrictions",
        {"categories": list(members), "jurisdictions": sorted(rules.covered), "bound": bound},
    )
    articles = runner.run(
        "category_articles", {"categories": list(members), "regulations": list(rules.regulations)}
    )
    by_category: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        by_category[article["category"]].append(_article_label(article))
    clauses = _group_clauses(rows)
    out = []
    for c in clauses:
        mapped = sorted({a for cat in c["categories"] for a in by_category.get(cat, [])})
        out.append([*(_clause_cells(c)), mapped])
    columns = [*CLAUSE_COLUMNS, "articles"]
    if include_absent:
        restricting = {c["platform"] for c in clauses}
        for doc_platform, docs in _platform_docs(runner, rules.covered).items():
            if doc_platform not in restricting:
                out.append([*_absent_row(doc_platform, docs, list(members)), []])
        out.sort(key=lambda r: (r[0].lower(), r[3] == NOT_FOUND))
    notes = [_mapping_note(members, by_category, rules)]
    notes.append(_trace_note(clauses))
    title = (
        f"Terms applying under the {rules.jurisdiction} regime that restrict using the service "
        f"or its outputs to develop or train AI models, as of {as_of or 'now'} "
        f"({len({c['platform'] for c in clauses})} platforms, {len(clauses)} clauses)"
    )
    report = Report(columns, out, title=title, notes=notes)
    report.card_view(
        ["platform", "terms_type", "jurisdiction", "category", "since"], "text", refs=True
    )
    return report


def _clause_cells(c: dict[str, Any]) -> list[Any]:
    return [
        c["platform"],
        c["categories"],
        c["since"],
        c["text"],
        c["document"],
        c["terms_type"],
        c["jurisdiction"],
        c["source_url"],
        c["version"],
        c["clause_id"],
    ]


def _absent_row(platform: str, docs: list[dict[str, Any]], categories: list[str]) -> list[Any]:
    return [
        platform,
        categories,
        None,
        NOT_FOUND,
        [d["document"] for d in docs],
        [d["terms_type"] for d in docs],
        sorted({d["jurisdiction"] for d in docs}),
        None,
        None,
        None,
    ]


def _platform_docs(
    runner: Runner,
    jurisdictions: Iterable[str] | None,
    documents: list[dict[str, Any]] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    wanted = set(jurisdictions) if jurisdictions is not None else None
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in _documents(runner) if documents is None else documents:
        if wanted is None or d["jurisdiction"] in wanted:
            out[d["platform"]].append(d)
    return dict(sorted(out.items(), key=lambda kv: kv[0].lower()))


def _mapping_note(members: Sequence[str], by_category: dict[str, list[str]], rules: Any) -> str:
    parts = []
    for cat in members:
        arts = "; ".join(sorted(set(by_category.get(cat, [])))) or "no article mapped"
        parts.append(f"  {cat}: {arts}")
    head = f"Articles in force in the {rules.jurisdiction} regime mapped to these categories:"
    return "\n".join(["", head, *parts])


def _trace_note(clauses: list[dict[str, Any]]) -> str:
    if not clauses:
        return ""
    lines = ["", "Sources:"]
    for n, c in enumerate(clauses, start=1):
        lines.append(
            f"  [{n}] {c['clause_id']} in {c['document']} ({c['terms_type']}), "
            f"version {c['since']}: {c['source_url'] or 'no URL recorded'}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- compare


def compare(
    runner: Runner,
    category: str,
    platforms: Sequence[str] | None = None,
    regime: str | None = None,
    as_of: str | None = None,
) -> Report:
    """How each platform handles one category: its current clauses, or "no such clause"."""
    members = category_ids(category)
    wanted = resolve_platforms(runner, platforms)
    rules = regime_of(regime, as_of) if regime else None
    docs = _platform_docs(runner, rules.covered if rules else None)
    if wanted is not None:
        docs = {p: d for p, d in docs.items() if p in wanted}
        for name in wanted:
            if name not in docs:
                raise InputError(
                    f"{name} has no documents under the {rules.jurisdiction} regime"
                    if rules
                    else f"{name} has no documents"
                )
    jurisdictions = {d["jurisdiction"] for ds in docs.values() for d in ds}
    rows = _current(runner, members, jurisdictions, as_of_bound(as_of))
    clauses = [c for c in _group_clauses(rows) if c["platform"] in docs]
    out: list[list[Any]] = []
    for platform, platform_docs in docs.items():
        mine = [c for c in clauses if c["platform"] == platform]
        if not mine:
            out.append(_absent_row(platform, platform_docs, list(members)))
        out += [_clause_cells(c) for c in mine]
    title = (
        f"How each platform handles {category}"
        + (f" under the {rules.jurisdiction} regime" if rules else "")
        + f", as of {as_of or 'now'}"
    )
    report = Report(list(CLAUSE_COLUMNS), out, title=title, notes=[_trace_note(clauses)])
    report.card_view(
        ["platform", "terms_type", "jurisdiction", "category", "since"], "text", refs=True
    )
    return report


# ---------------------------------------------------------------- similar


def similar(
    runner: Runner,
    clause: str | None = None,
    text: str | None = None,
    category: str | None = None,
    as_of: str | None = None,
    limit: int = 10,
) -> Report:
    """The most similar current clauses of other platforms in the same categories."""
    if (clause is None) == (text is None):
        raise InputError("give either --clause ID or --text TEXT")
    own_platform = None
    if clause is not None:
        details = runner.run("clause_details", {"clauses": [clause]})
        if not details:
            raise InputError(f"no clause {clause!r} in the store (clause ids look like c-1a2b…)")
        query_text = details[0]["text"]
        own_platform = details[0]["platform"]
        categories = sorted({d["category"] for d in details if d["category"]})
    else:
        query_text = text or ""
        if category is None:
            from govgraph.classify import classify

            categories = sorted({label.category for label in classify(query_text)})
        else:
            categories = []
    if category is not None:
        categories = list(category_ids(category))
    if not categories:
        raise InputError(
            "the clause falls in no category, so there is nothing to compare it with: "
            "give --category"
        )
    jurisdictions = _store_jurisdictions(_documents(runner))
    rows = _current(runner, categories, jurisdictions, as_of_bound(as_of))
    candidates = [c for c in _group_clauses(rows) if c["platform"] != own_platform]
    scores = tfidf_scores(query_text, [c["text"] for c in candidates])
    ranked = sorted(
        zip(candidates, scores, strict=True),
        key=lambda cs: (-round(cs[1], 6), cs[0]["platform"].lower(), cs[0]["clause_id"]),
    )[:limit]
    columns = ["rank", "score", *CLAUSE_COLUMNS]
    out = [[n, round(s, 3), *_clause_cells(c)] for n, (c, s) in enumerate(ranked, start=1)]
    title = (
        f"Clauses of other platforms most similar to {clause or 'the text'} "
        f"(categories: {', '.join(categories)}; TF-IDF cosine over words)"
    )
    report = Report(columns, out, title=title, notes=[_trace_note([c for c, _ in ranked])])
    report.card_view(
        ["score", "platform", "terms_type", "jurisdiction", "category"], "text", refs=True
    )
    return report


# ---------------------------------------------------------------- platform


def platform_profile(runner: Runner, name: str, as_of: str | None = None) -> Report:
    """For each category: whether the platform's current terms have it, since when, where."""
    stored = _documents(runner)
    platform = resolve_platforms(runner, [name], stored)[0]  # type: ignore[index]
    docs = _platform_docs(runner, None, stored)[platform]
    known = scheme()
    # Only this platform's documents: asking every document under their jurisdictions and
    # keeping this platform's rows read the whole store's clauses in force.
    rows = runner.run(
        "document_clauses",
        {
            "documents": sorted({d["document"] for d in docs}),
            "categories": list(known.categories),
            "bound": as_of_bound(as_of),
        },
    )
    mine = [r for r in rows if r["platform"] == platform]
    out = []
    for cid, cat in known.categories.items():
        hits = sorted(
            (r for r in mine if r["category"] == cid),
            key=lambda r: (r["since"], r["document"], r["clause_id"]),
        )
        first = hits[0] if hits else None
        out.append(
            [
                platform,
                cid,
                cat.label,
                bool(hits),
                len({(h["document"], h["clause_id"]) for h in hits}),
                first["since"] if first else None,
                first["text"] if first else NOT_FOUND,
                first["document"] if first else None,
                first["terms_type"] if first else None,
                first["jurisdiction"] if first else None,
                first["source_url"] if first else None,
                first["clause_id"] if first else None,
            ]
        )
    columns = [
        "platform",
        "category",
        "label",
        "present",
        "clauses",
        "since",
        "text",
        "document",
        "terms_type",
        "jurisdiction",
        "source_url",
        "clause_id",
    ]
    notes = ["", "Documents:"]
    for d in docs:
        regimes = _regimes_covering(d["jurisdiction"])
        notes.append(  # one line per document
            f"  {d['document']} ({d['terms_type']}, applies in {d['jurisdiction']}; "
            f"regimes {', '.join(regimes)}) {d['document_url'] or ''}".rstrip()
        )
    present = sum(1 for r in out if r[3])
    title = (
        f"{platform}: {present} of {len(out)} provision categories in its terms "
        f"as of {as_of or 'now'} (first clause of each shown)"
    )
    report = Report(columns, out, title=title, notes=notes)
    report.card_view(["category", "label", "since", "terms_type"], "text")
    return report


def _regimes_covering(code: str) -> list[str]:
    """Regimes whose coverage includes a document applying in ``code``.

    A document applies downwards too (an EU-wide document applies in Germany), which the
    last entry says without listing every member state.
    """
    from govgraph.reference.jurisdictions import ancestors, descendants

    out = [code, *ancestors(code)]
    if descendants(code):
        out.append(f"each jurisdiction within {code}")
    return out


# ---------------------------------------------------------------- changes


def changes(
    runner: Runner,
    platforms: Sequence[str] | None = None,
    since: str | None = None,
    category: str | None = None,
    as_of: str | None = None,
) -> Report:
    """Clauses added, removed and modified per version (technical re-records excluded)."""
    from govgraph.loaders.align import render_word_diff

    stored = _documents(runner)
    wanted = resolve_platforms(runner, platforms, stored)
    members = set(category_ids(category)) if category else None
    start = day_start(since) or BEGINNING
    bound = as_of_bound(as_of)
    # Why every query below is narrowed (to the platforms' documents, then to the clauses
    # that changed): the whole store's intervals with their texts, and the categories of
    # every clause ever contained, were seconds of work for a few hundred rows.
    documents = sorted({d["document"] for d in stored if wanted is None or d["platform"] in wanted})
    all_versions = runner.run(
        "document_versions", {"documents": documents, "start": BEGINNING, "bound": bound}
    )
    first_of: dict[str, str] = {}
    for v in sorted(all_versions, key=lambda v: v["recorded_at"]):
        first_of.setdefault(v["document"], v["version"])
    versions = {
        v["version"]: v
        for v in all_versions
        if v["recorded_at"] >= start
        and not v["technical"]
        and first_of[v["document"]] != v["version"]
        and (wanted is None or v["platform"] in wanted)
    }
    intervals = runner.run(
        "document_interval_changes", {"documents": documents, "start": start, "bound": bound}
    )
    opened: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    closed: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for i in intervals:
        if i["from_version"] in versions:
            opened[i["from_version"]][i["clause_id"]] = i
        if i["to_version"] in versions:
            closed[i["to_version"]][i["clause_id"]] = i
    new_ids = sorted({cid for found in opened.values() for cid in found})
    pairs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in runner.run(
        "clause_supersessions", {"clauses": new_ids, "start": start, "bound": bound}
    ):
        pairs[p["version"]].append(p)
    clause_ids = sorted({cid for found in (*opened.values(), *closed.values()) for cid in found})
    categories: dict[str, set[str]] = defaultdict(set)
    for d in runner.run("clause_categories", {"clauses": clause_ids}):
        categories[d["clause_id"]].add(d["category"])
    out: list[list[Any]] = []
    for vid, v in versions.items():
        new, old = dict(opened.get(vid, {})), dict(closed.get(vid, {}))
        for p in pairs.get(vid, []):
            if p["new_clause"] in new and p["old_clause"] in old:
                n, o = new.pop(p["new_clause"]), old.pop(p["old_clause"])
                cats = sorted(categories[n["clause_id"]] | categories[o["clause_id"]])
                out.append(
                    _change_row(
                        v,
                        "modified",
                        cats,
                        n["text"],
                        render_word_diff(o["text"], n["text"]),
                        n["clause_id"],
                        o["clause_id"],
                        p["similarity"],
                    )
                )
        for n in new.values():
            cats = sorted(categories[n["clause_id"]])
            out.append(_change_row(v, "added", cats, n["text"], None, n["clause_id"], None, None))
        for o in old.values():
            cats = sorted(categories[o["clause_id"]])
            out.append(_change_row(v, "removed", cats, o["text"], None, None, o["clause_id"], None))
    if members is not None:
        out = [r for r in out if members & set(r[6])]
    order = {"modified": 0, "added": 1, "removed": 2}
    out.sort(key=lambda r: (r[5], r[0].lower(), r[2], order[r[7]], r[10] or r[11] or ""))
    columns = [
        "platform",
        "document",
        "terms_type",
        "jurisdiction",
        "version",
        "recorded_at",
        "category",
        "change",
        "text",
        "diff",
        "clause_id",
        "old_clause_id",
        "similarity",
        "source_url",
    ]
    counts = defaultdict(int)
    for r in out:
        counts[r[7]] += 1
    title = (
        f"Clause changes per version since {since or 'the first recorded version'}"
        f" up to {as_of or 'now'}: {counts['added']} added, {counts['removed']} removed, "
        f"{counts['modified']} modified in {len({r[4] for r in out})} versions "
        "(technical re-records and each document's first version excluded)"
    )
    report = Report(columns, out, title=title)
    report.card_view(
        ["recorded_at", "platform", "terms_type", "change", "category"], "diff", "text"
    )
    return report


def _change_row(
    v: dict[str, Any],
    change: str,
    categories: list[str],
    text: str,
    diff: str | None,
    clause_id: str | None,
    old_clause_id: str | None,
    similarity: float | None,
) -> list[Any]:
    return [
        v["platform"],
        v["document"],
        v["terms_type"],
        v["jurisdiction"],
        v["version"],
        v["recorded_at"],
        categories,
        change,
        text,
        diff,
        clause_id,
        old_clause_id,
        similarity,
        v["source_url"],
    ]


# ---------------------------------------------------------------- timeline


def timeline(
    runner: Runner,
    category: str,
    platforms: Sequence[str] | None = None,
    as_of: str | None = None,
) -> Report:
    """When each document gained or lost a category, as dated events.

    A category present in a document's first recorded version is reported as "in first
    version": the archive does not say when it appeared, only that it was there.
    """
    members = category_ids(category)
    wanted = resolve_platforms(runner, platforms)
    bound = as_of_bound(as_of)
    rows = runner.run("category_intervals", {"categories": list(members)})
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if wanted is None or r["platform"] in wanted:
            by_key[(r["document"], r["category"])].append(r)
    first_of = _first_versions(runner, bound, sorted({document for document, _ in by_key}))
    out = []
    for (_, cat), intervals in by_key.items():
        info = intervals[0]
        deltas: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        for i in intervals:
            if i["since"] < bound:
                deltas[i["since"]].append((1, i))
            if i["until"] is not None and i["until"] < bound:
                deltas[i["until"]].append((-1, i))
        count = 0
        for moment in sorted(deltas):
            changes_here = deltas[moment]
            after = count + sum(d for d, _ in changes_here)
            if count == 0 and after > 0:
                version = changes_here[0][1]["from_version"]
                event = (
                    "in first version" if version == first_of.get(info["document"]) else "gained"
                )
                ids = sorted(i["clause_id"] for d, i in changes_here if d > 0)
            elif count > 0 and after == 0:
                event, version = "lost", changes_here[0][1]["to_version"]
                ids = sorted(i["clause_id"] for d, i in changes_here if d < 0)
            else:
                event = ""
            if event:
                out.append(
                    [
                        moment,
                        info["platform"],
                        cat,
                        event,
                        info["document"],
                        info["terms_type"],
                        info["jurisdiction"],
                        version,
                        ids,
                    ]
                )
            count = after
    out.sort(key=lambda r: (r[0], r[1].lower(), r[4], r[2]))
    columns = [
        "at",
        "platform",
        "category",
        "event",
        "document",
        "terms_type",
        "jurisdiction",
        "version",
        "clause_ids",
    ]
    title = f"When platforms' terms gained or lost {category}, up to {as_of or 'now'}"
    report = Report(columns, out, title=title)
    report.table_view(["at", "platform", "terms_type", "jurisdiction", "category", "event"])
    return report


def _first_versions(runner: Runner, bound: str, documents: list[str]) -> dict[str, str]:
    """Each document's first recorded version: a category present there was not 'gained'.

    Only the documents asked about: every version of the store was most of the work.
    """
    first: dict[str, str] = {}
    for v in sorted(
        runner.run(
            "document_versions", {"documents": documents, "start": BEGINNING, "bound": bound}
        ),
        key=lambda v: v["recorded_at"],
    ):
        first.setdefault(v["document"], v["version"])
    return first


# ---------------------------------------------------------------- coverage


def coverage(runner: Runner, regime: str = "EU", as_of: str | None = None) -> Report:
    """A platform x category matrix of presence in current terms under a regime."""
    rules = regime_of(regime, as_of)
    known = scheme()
    docs = _platform_docs(runner, rules.covered)
    # Counted in the query: current_clauses' texts and versions were most of the work.
    rows = runner.run(
        "current_presence",
        {
            "categories": list(known.categories),
            "jurisdictions": sorted(rules.covered),
            "bound": as_of_bound(as_of),
        },
    )
    counts = {(r["platform"], r["category"]): int(r["clauses"]) for r in rows}
    since = {(r["platform"], r["category"]): r["since"] for r in rows}
    out = []
    for platform in docs:
        for cid in known.categories:
            n = counts.get((platform, cid), 0)
            out.append([platform, cid, n > 0, n, since.get((platform, cid))])
    report = Report(
        ["platform", "category", "present", "clauses", "since"],
        out,
        title=(
            f"Provision coverage of terms under the {rules.jurisdiction} regime, "
            f"as of {as_of or 'now'} (clauses in force per platform and category)"
        ),
    )
    matrix_columns = ["category", *docs]
    matrix = [[cid, *[counts.get((p, cid), 0) or "-" for p in docs]] for cid in known.categories]
    report.table = report.md = (matrix_columns, matrix)
    return report


# ---------------------------------------------------------------- regulations


def regulations(
    runner: Runner, category: str, regime: str = "EU", as_of: str | None = None
) -> Report:
    """The articles mapped to a category in a regime, and the platforms it concerns."""
    members = category_ids(category)
    rules = regime_of(regime, as_of)
    articles = runner.run(
        "category_articles", {"categories": list(members), "regulations": list(rules.regulations)}
    )
    rows = _current(runner, members, rules.covered, as_of_bound(as_of))
    platforms_of: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        platforms_of[r["category"]].add(r["platform"])
    out = []
    for a in articles:
        out.append(
            [
                a["category"],
                a["regulation"],
                a["regulation_name"],
                a["article"],
                a["article_title"],
                a["kind"],
                a["rationale"],
                a["article_url"],
                sorted(platforms_of.get(a["category"], set()), key=str.lower),
            ]
        )
    mapped = {a["category"] for a in articles}
    for cid in members:
        if cid not in mapped:
            out.append(
                [
                    cid,
                    None,
                    None,
                    None,
                    None,
                    "none",
                    _gap_rationale(cid, rules.jurisdiction)
                    or f"no article of the regulations in force in {rules.jurisdiction} "
                    "is mapped to this category",
                    None,
                    sorted(platforms_of.get(cid, set()), key=str.lower),
                ]
            )
    columns = [
        "category",
        "regulation",
        "regulation_name",
        "article",
        "article_title",
        "kind",
        "rationale",
        "article_url",
        "platforms",
    ]
    title = (
        f"Articles in force in the {rules.jurisdiction} regime mapped to {category}, "
        f"as of {as_of or 'now'}, and the platforms whose current terms have it"
    )
    report = Report(
        columns, out, title=title, notes=["", "The mapping is analysis, not legal advice."]
    )
    report.table_view(["regulation_name", "article", "kind", "rationale", "platforms"])
    return report


def _gap_rationale(category: str, jurisdiction: str) -> str | None:
    """The bundled mapping's explicit 'no counterpart in this regime' statement, if any."""
    from govgraph.reference import bundled_mapping

    for gap in bundled_mapping().gaps:
        if gap.category == category and gap.regime == jurisdiction:
            return gap.rationale
    return None


# ---------------------------------------------------------------- labellers

# What each model family is, for readers (the prefixes of the model names in methods).
_MODEL_KINDS = (
    ("linear-", "a linear model trained on the CLAUDETTE corpus"),
    ("embed-", "an embedding model over hand-labelled paragraphs"),
    ("contextual-", "a fine-tuned MiniLM encoder (opt-in)"),
    ("claudette-", "a MiniLM encoder fine-tuned on CLAUDETTE's tags (opt-in)"),
)


@dataclass(frozen=True)
class Labeller:
    """A rule set or model that made labels in the store, and how many it had a part in."""

    name: str  # "rules", or a model's versioned name such as "linear-v4"
    description: str
    labels: int


def labellers(runner: Runner) -> list[Labeller]:
    """Which rules and models labelled the store's clauses, from the labels' methods.

    Why from the labels and not from the store's recorded classifier: it holds on every
    backend (a Neo4j copy keeps no meta.json), and it is what the labels shown were made
    by. A label made by a rule and a model together (``model:linear-v4+rule:...``) counts
    for both, so the counts may add up to more than the labels.
    """
    counts: dict[str, int] = {}
    for row in runner.run("label_methods", {}):
        names = set()
        for part in str(row["method"]).split("+"):
            kind, _, name = part.partition(":")
            names.add("rules" if kind == "rule" else (name or kind))
        for name in names:
            counts[name] = counts.get(name, 0) + int(row["labels"])
    kinds = [("rules", "named phrase rules"), *_MODEL_KINDS, ("", "a model")]

    def kind_of(name: str) -> int:  # the order of the classifier's stages; unknown last
        return next(k for k, (prefix, _) in enumerate(kinds) if name.startswith(prefix))

    ordered = sorted(counts, key=lambda name: (kind_of(name), name))
    return [Labeller(name, kinds[kind_of(name)][1], counts[name]) for name in ordered]


# ---------------------------------------------------------------- stats


def stats(runner: Runner) -> Report:
    """Counts of everything in the store, the labels each rule set or model made, and the
    sources loaded with their dates."""
    from govgraph.models import EDGE_TYPES, NODE_TYPES

    counted = {r["item"]: int(r["count"]) for r in runner.run("stats_counts", {})}
    out: list[list[Any]] = []
    for m in NODE_TYPES:
        out.append(["node", m.LABEL, counted.get(m.LABEL, 0), None])
    for e in EDGE_TYPES:
        out.append(["relationship", e.TYPE, counted.get(e.TYPE, 0), None])
    for labeller in labellers(runner):  # which classifier made the CLASSIFIED_AS labels
        out.append(["labels", labeller.name, labeller.labels, labeller.description])
    # Counted and spanned in the query: every version's row was most of the work.
    spans = {v["collection"]: v for v in runner.run("collection_versions", {})}
    for s in runner.run("sources", {}):
        span = spans.get(s["collection"])
        count = int(span["versions"]) if span else 0
        detail = [f"{s['kind']}", f"loaded {s['loaded_at'] or '?'}"]
        if count:
            detail.append(f"versions {span['first']} to {span['last']}")
        if s["head"]:
            detail.append(f"head {s['head'][:12]}")
        if s["licence"]:
            detail.append(f"licence {s['licence']}")
        out.append(["source", s["location"], count, "; ".join(detail)])
    return Report(["kind", "item", "count", "detail"], out, title="What the store holds")
