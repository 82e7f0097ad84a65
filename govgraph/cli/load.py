"""``govgraph load``: put sources into the embedded store.

Every load is atomic: it either completes or leaves the store exactly as it was.
"""

from __future__ import annotations

import importlib
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from govgraph.cli.classifier_options import LoadConventionOption, LoadModelOption, choice_of
from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import FormatOption, JurisdictionOption, StoreOption
from govgraph.cli.output import OutputFormat, render
from govgraph.errors import InputError
from govgraph.ingest import LoadSummary, load_source
from govgraph.loaders.base import RecordedVersion

load_app = typer.Typer(
    help="Load sources into the store: Open Terms Archive histories, single documents, mappings.",
    no_args_is_help=True,
)


def print_summary(summary: LoadSummary, seconds: float, fmt: OutputFormat) -> None:
    """The end-of-load summary: what was added, in one small table."""
    if summary.up_to_date:
        typer.echo(f"{summary.source}: already up to date, nothing to load ({seconds:.1f} s)")
        return
    rows = [*summary.as_rows(), ("classifier", summary.classifier), ("seconds", round(seconds, 1))]
    typer.echo(render(["item", "count"], rows, fmt))
    for warning in summary.warnings[:20]:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)


def _with_progress(label: str, run: object) -> LoadSummary:
    """Run a load with a progress line on stderr (versions processed)."""
    counter = {"n": 0, "last": 0.0}

    def tick(version: RecordedVersion) -> None:
        counter["n"] += 1
        now = time.monotonic()
        if now - counter["last"] > 0.5:
            counter["last"] = now
            typer.echo(
                f"\r{label}: {counter['n']} versions ({version.document.platform})".ljust(78)[:78],
                err=True,
                nl=False,
            )

    try:
        return run(tick)  # type: ignore[operator]
    finally:  # also on an error, so its message starts a line of its own
        if counter["n"]:
            typer.echo("\r" + " " * 78 + "\r", err=True, nl=False)


@load_app.command("ota")
@friendly_errors
def load_ota(
    path: Annotated[
        Path, typer.Argument(help="A versions repository clone, or a dataset zip or folder.")
    ],
    jurisdiction: JurisdictionOption = None,
    store: StoreOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Re-read the whole history (still idempotent).")
    ] = False,
    model: LoadModelOption = None,
    convention: LoadConventionOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Load an Open Terms Archive collection: every version of every document.

    Example: govgraph load ota ./genai-eu-versions --jurisdiction EU

    A second load of the same source processes only the commits that arrived since.
    With --model contextual, new clauses are also labelled by the fine-tuned model, and
    the store remembers the choice; a whole history then takes about 12 times as long
    (genai-eu: 3.5 minutes against 17 seconds on two cores).
    """
    from govgraph.loaders.detect import open_source

    classifier = choice_of(model, convention)
    loader = open_source(path, jurisdiction=jurisdiction)
    started = time.monotonic()
    summary = _with_progress(
        path.name,
        lambda tick: load_source(loader, store, progress=tick, full=full, classifier=classifier),
    )
    print_summary(summary, time.monotonic() - started, fmt)


def _parse_date(value: str) -> datetime:
    try:
        if "T" in value:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r} is not a date (YYYY-MM-DD or ISO 8601 time)") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@load_app.command("document")
@friendly_errors
def load_document(
    file: Annotated[Path, typer.Argument(help="A Markdown, HTML or plain-text file of terms.")],
    platform: Annotated[
        str, typer.Option("--platform", help="The platform's name, e.g. 'Acme AI'.")
    ],
    terms_type: Annotated[str, typer.Option("--type", help="Terms type, e.g. 'Terms of Service'.")],
    jurisdiction: Annotated[
        str, typer.Option("--jurisdiction", "-j", help="Where it applies (EU, US, DE...).")
    ],
    when: Annotated[str, typer.Option("--date", help="When this text was in force (YYYY-MM-DD).")],
    source_url: Annotated[
        str | None, typer.Option("--url", help="Where the text comes from.")
    ] = None,
    store: StoreOption = None,
    model: LoadModelOption = None,
    convention: LoadConventionOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Load one document that no collection tracks, as a version of that document.

    Example: govgraph load document terms.html --platform "Acme AI" --type "Terms of Service" -j EU --date 2026-01-15
    """
    from govgraph.loaders.document import SingleDocument

    classifier = choice_of(model, convention)
    loader = SingleDocument(
        file,
        platform=platform,
        terms_type=terms_type,
        jurisdiction=jurisdiction,
        date=_parse_date(when),
        source_url=source_url,
    )
    started = time.monotonic()
    summary = load_source(loader, store, classifier=classifier)
    print_summary(summary, time.monotonic() - started, fmt)


def register(app: typer.Typer) -> None:
    # Other nouns may add their own ``load`` subcommands (e.g. ``load mapping``).
    for module_name in ("govgraph.cli.reference",):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        add = getattr(module, "add_load_commands", None)
        if add is not None:
            add(load_app)
    app.add_typer(load_app, name="load")
