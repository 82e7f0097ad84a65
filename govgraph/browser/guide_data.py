"""What the Browser guide pre-fills: a regime, a platform, a category, a clause, a window.

Why from the data: a guide whose first query returns nothing teaches nothing. The values
are read from the graph the guide will run on (through the canned queries, so the same code
works on the embedded store and on Neo4j), so every example names a platform, category and
clause that exist there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from govgraph.categories import scheme
from govgraph.errors import InputError
from govgraph.ids import format_time
from govgraph.queries.canned import Runner
from govgraph.queries.timeutil import FAR_FUTURE

TRAINING_GROUP = "ai-training-restriction"
CHANGES_WINDOW_DAYS = 365


@dataclass(frozen=True)
class GuideData:
    """The loaded graph, summarised for the guide's examples."""

    regime: str
    jurisdictions: list[str]  # codes of the store's documents that the regime covers
    regulations: list[str]  # ids of the regulations in force in the regime
    training_categories: list[str]
    platform: str
    category: str
    clause_id: str
    clause_text: str
    changes_start: str
    counts: dict[str, int] = field(default_factory=dict)
    platforms: list[str] = field(default_factory=list)
    restricting: list[str] = field(default_factory=list)  # platforms of the flagship answer
    bound: str = FAR_FUTURE


def _covered(documents: list[dict], regime_code: str | None) -> tuple[str, list[str]]:
    from govgraph.reference import regime

    in_store = sorted({d["jurisdiction"] for d in documents})
    candidates = [regime_code] if regime_code else ["EU", *in_store]
    for code in candidates:
        covered = sorted(set(regime(code).covered) & set(in_store))
        if covered:
            return regime(code).jurisdiction, covered
    raise InputError(
        f"the graph has no documents under the {regime_code} regime "
        f"(its documents apply in {', '.join(in_store)}): choose --regime among those"
    )


def guide_data(runner: Runner, regime_code: str | None = None) -> GuideData:
    """Pick the guide's examples from the graph ``runner`` answers for."""
    from govgraph.reference import regime

    documents = runner.run("platform_documents", {})
    if not documents:
        raise InputError(
            "the graph holds no documents: load one (govgraph demo) and push it "
            "(govgraph push neo4j) first"
        )
    code, jurisdictions = _covered(documents, regime_code)
    members = list(scheme().expand(TRAINING_GROUP))
    flagship = runner.run(
        "training_restrictions",
        {"categories": members, "jurisdictions": jurisdictions, "bound": FAR_FUTURE},
    )
    current = runner.run(
        "current_clauses",
        {
            "categories": list(scheme().categories),
            "jurisdictions": jurisdictions,
            "bound": FAR_FUTURE,
        },
    )
    if not current:
        raise InputError(f"no classified clause is in force under the {code} regime")
    platforms = sorted({d["platform"] for d in documents}, key=str.lower)
    restricting = sorted({r["platform"] for r in flagship}, key=str.lower)
    platform = restricting[0] if restricting else current[0]["platform"]
    spread: Counter[str] = Counter()
    for cat, _ in {(r["category"], r["platform"]) for r in current}:
        spread[cat] += 1
    category = min(spread, key=lambda c: (-spread[c], c))
    example = next((r for r in flagship if r["platform"] == platform), None) or next(
        r for r in current if r["platform"] == platform
    )
    versions = runner.run("versions", {"start": "0000-01-01T00:00:00Z", "bound": FAR_FUTURE})
    latest = max(v["recorded_at"] for v in versions)
    start = datetime.fromisoformat(latest.replace("Z", "+00:00")) - timedelta(
        days=CHANGES_WINDOW_DAYS
    )
    counts = {r["item"]: int(r["count"]) for r in runner.run("stats_counts", {})}
    return GuideData(
        regime=code,
        jurisdictions=jurisdictions,
        regulations=list(regime(code).regulations),
        training_categories=members,
        platform=platform,
        category=category,
        clause_id=example["clause_id"],
        clause_text=example["text"],
        changes_start=format_time(datetime(start.year, start.month, start.day, tzinfo=UTC)),
        counts=counts,
        platforms=platforms,
        restricting=restricting,
    )
