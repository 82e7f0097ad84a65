"""``govgraph regulations``, ``govgraph mapping`` and ``govgraph load mapping``.

The two listing commands read the bundled reference data directly, so they work before any
store exists; ``mapping`` adds analysts' own links from the store when there is one.
``load mapping`` validates a user's mapping file completely before opening the store, and
writes its links in one transaction: a bad file leaves the store unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from govgraph.categories import scheme
from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import AsOfOption, FormatOption, RegimeOption, StoreOption
from govgraph.cli.output import OutputFormat, render
from govgraph.errors import InputError, StoreError
from govgraph.reference.mapping import KINDS, NONE_KIND, bundled_mapping, load_mapping_file
from govgraph.reference.regime import parse_day, regime
from govgraph.reference.regulations import articles, regulations

_DISCLAIMER = "The mapping is analysis, not legal advice."

REGULATION_COLUMNS = [
    "regulation",
    "short_name",
    "jurisdiction",
    "instrument_type",
    "identifier",
    "adopted",
    "in_force",
    "applies_from",
    "verified",
    "in_regimes",
    "articles",
    "note",
]
MAPPING_COLUMNS = [
    "category",
    "regime",
    "regulation",
    "article",
    "title",
    "kind",
    "rationale",
    "url",
    "origin",
]


def regulation_rows(regime_code: str | None, as_of: str | None) -> list[list[Any]]:
    """Rows of the ``regulations`` listing: a regime's acts, or every bundled act."""
    if regime_code:
        selected = set(regime(regime_code, as_of).regulations)
    elif as_of:
        day = parse_day(as_of)
        selected = {rid for rid, info in regulations().items() if info.applies_on(day)}
    else:
        selected = set(regulations())
    rows = []
    for rid, info in regulations().items():
        if rid not in selected:
            continue
        r = info.record
        rows.append(
            [
                rid,
                r.short_name,
                r.jurisdiction,
                r.instrument_type,
                r.identifier,
                r.adopted,
                r.in_force,
                r.applies_from,
                r.verified,
                info.in_regimes,
                len(articles()[rid]),
                r.note,
            ]
        )
    return rows


def _analyst_links(store: Path | None) -> list[dict[str, Any]]:
    """Links loaded from analysts' files (origin != bundled), if a store exists."""
    try:
        from govgraph.graph.embedded import EmbeddedStore
    except ImportError:
        return []
    if not EmbeddedStore.exists(store):
        return []
    try:
        with EmbeddedStore.open(store) as opened:
            result = opened.query(
                "MATCH (c:Category)-[r:ADDRESSED_BY]->(a:Article) WHERE r.origin <> 'bundled' "
                "RETURN c.id AS category, a.regulation AS regulation, a.number AS article, "
                "r.kind AS kind, r.rationale AS rationale, r.origin AS origin"
            )
    except StoreError:
        return []
    return result.as_dicts()


def mapping_rows(
    category: str, regime_code: str | None, as_of: str | None, store: Path | None = None
) -> list[list[Any]]:
    """Rows of the ``mapping`` listing for a category (or a group's members).

    With a regime, only links to acts applying in it on ``as_of`` and the regime's explicit
    gaps are shown; analysts' links from the store replace bundled links of the same
    (category, article) pair.
    """
    members = scheme().expand(category.strip())
    rules = regime(regime_code, as_of) if regime_code else None
    links: dict[tuple[str, str, str], dict[str, Any]] = {}
    for link in bundled_mapping().links:
        rid, _, number = link.target.partition("/")
        links[(link.source, rid, number)] = {
            "kind": link.kind,
            "rationale": link.rationale,
            "origin": link.origin,
        }
    for row in _analyst_links(store):
        links[(row["category"], row["regulation"], row["article"])] = row
    rows: list[list[Any]] = []
    for member in members:
        for (cat, rid, number), link in links.items():
            if cat != member:
                continue
            if rules is not None and rid not in rules.regulations:
                continue
            info = regulations().get(rid)
            article = articles().get(rid, {}).get(number)
            rows.append(
                [
                    member,
                    info.record.jurisdiction if info else None,
                    rid,
                    number,
                    article.title if article else None,
                    link["kind"],
                    link["rationale"],
                    article.url if article else None,
                    link["origin"],
                ]
            )
        for gap in bundled_mapping().gaps:
            if gap.category != member or (rules is not None and gap.regime not in rules.chain):
                continue
            rows.append(
                [member, gap.regime, None, None, None, NONE_KIND, gap.rationale, None, "bundled"]
            )
    return rows


def regulations_command(
    regime_code: RegimeOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """List the bundled regulations with their dates and verification status.

    With --regime, only the acts applying in that jurisdiction (or one it lies within) on
    --as-of (default today), by their general application date; unverified acts are listed
    but never part of a regime. Table output omits the notes; json, csv and md include them.

    Example: govgraph regulations --regime EU --as-of 2025-01-01 --format json
    """
    rows = regulation_rows(regime_code, as_of)
    columns = REGULATION_COLUMNS
    if fmt is OutputFormat.table:
        columns = REGULATION_COLUMNS[:-1]
        rows = [row[:-1] for row in rows]
    typer.echo(render(columns, rows, fmt))


def mapping_command(
    category: Annotated[
        str, typer.Argument(help="Category id, or a group id for all its members.")
    ],
    regime_code: RegimeOption = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = OutputFormat.table,
    store: StoreOption = None,
) -> None:
    """Show the articles that bear on a provision category, with kinds and rationales.

    Rows of kind "none" state that a regime's bundled acts have no counterpart (regulation
    and article empty). With --regime, only acts applying there on --as-of are shown.
    Analysts' links loaded with `govgraph load mapping` are included when a store exists.
    Kinds: restricts, requires, requires-information, grants-right, permits, procedural.
    The mapping is analysis, not legal advice.

    Example: govgraph mapping provider-trains-on-user-content --regime EU --format json
    """
    rows = mapping_rows(category, regime_code, as_of, store)
    columns = MAPPING_COLUMNS
    if fmt is OutputFormat.table:
        keep = [0, 1, 2, 3, 5, 6]  # category, regime, regulation, article, kind, rationale
        columns = [MAPPING_COLUMNS[i] for i in keep]
        rows = [[row[i] for i in keep] for row in rows]
    typer.echo(render(columns, rows, fmt))
    if fmt is OutputFormat.table:
        typer.echo(f"\n{_DISCLAIMER}")


def load_mapping_command(
    file: Annotated[Path, typer.Argument(help="A mapping file in the bundled format (YAML).")],
    store: StoreOption = None,
) -> None:
    """Add or replace regulatory-mapping links from an analyst's YAML file.

    The file uses the bundled format (govgraph/reference/data/mapping.yaml): categories,
    each with a list of {regulation, article or articles, kind, rationale}. It is validated
    completely first (unknown category, regulation or article, unknown kind, missing
    rationale: an error naming the line), then written in one transaction. A link is
    identified by (category, article), so it replaces the bundled link of the same pair;
    its origin is the file's path. "none" entries are checked but not stored.

    Example: govgraph load mapping my-mapping.yaml --store ./store
    """
    from govgraph.graph.embedded import EmbeddedStore

    links = load_mapping_file(file)
    if not links:
        raise InputError(f"{file}: no links to load (only 'none' entries or no categories)")
    with EmbeddedStore.open_for_write(store) as txn:
        _ensure_reference(txn)
        txn.write(links)
    typer.echo(f"loaded {len(links)} mapping links from {file} (origin {file})")


def _ensure_reference(txn: Any) -> None:
    """A new store gets the reference data first, so the links have their endpoints."""
    try:
        from govgraph.ingest import ensure_reference_data
    except ImportError:
        return
    ensure_reference_data(txn)


def register(app: typer.Typer) -> None:
    app.command("regulations")(friendly_errors(regulations_command))
    app.command("mapping")(friendly_errors(mapping_command))


def add_load_commands(load_app: typer.Typer) -> None:
    """Called by govgraph.cli.load: adds ``govgraph load mapping FILE``."""
    load_app.command("mapping")(friendly_errors(load_mapping_command))


__all__ = ["KINDS", "add_load_commands", "mapping_rows", "register", "regulation_rows"]
