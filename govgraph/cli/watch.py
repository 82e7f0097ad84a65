"""``govgraph watch``: follow OTA repositories and alert on provision-level changes.

A thin layer over ``govgraph.monitor.watch``: parse the options, run once (for cron or a
CI schedule) or every ``--interval`` seconds, print a one-line log per run on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import JurisdictionOption, StoreOption
from govgraph.errors import GovgraphError

HELP = (
    "Load what arrived in Open Terms Archive repositories and report the provision-level "
    "changes it brought: clauses added, removed and modified (with word diffs), categories "
    "the documents gained or lost, and the articles mapped to them.\n\n"
    "Runs once (for cron or a CI schedule) unless --interval is given. Change summaries "
    "already emitted are never emitted again (state in the store directory). Without "
    "--atom, --json, --markdown or --webhook, Markdown goes to stdout.\n\n"
    "Example: govgraph watch ./genai-eu-versions --pull --atom feed.xml --json changes.jsonl"
    "\n\n"
    "Example: govgraph watch ./genai-eu-versions --subscriptions subs.toml --interval 3600"
    "\n\n"
    "Analysis, not legal advice."
)


@friendly_errors
def watch(
    repositories: Annotated[
        list[Path], typer.Argument(help="Open Terms Archive versions repositories (git clones).")
    ],
    jurisdiction: JurisdictionOption = None,
    pull: Annotated[
        bool,
        typer.Option(
            "--pull",
            help="git pull --ff-only each repository first; when that fails (offline), the "
            "commits already there are still processed and the run exits 1.",
        ),
    ] = False,
    interval: Annotated[
        float | None,
        typer.Option(
            "--interval",
            min=1.0,
            help="Keep running: one run every SECONDS. Ctrl-C or SIGTERM stops after the "
            "current run; a second one aborts it (the store stays whole).",
        ),
    ] = None,
    subscriptions: Annotated[
        Path | None,
        typer.Option(
            "--subscriptions",
            help="TOML file of platforms, categories, regimes and min_severity to report "
            "(default: everything).",
        ),
    ] = None,
    atom_file: Annotated[
        Path | None, typer.Option("--atom", help="Atom 1.0 feed file to merge entries into.")
    ] = None,
    json_file: Annotated[
        Path | None, typer.Option("--json", help="JSON-lines file to append summaries to.")
    ] = None,
    markdown_file: Annotated[
        Path | None, typer.Option("--markdown", help="Markdown file to append summaries to.")
    ] = None,
    webhook_url: Annotated[
        str | None,
        typer.Option("--webhook", help="URL to POST each summary to as JSON (with retries)."),
    ] = None,
    webhook_attempts: Annotated[
        int,
        typer.Option("--webhook-attempts", min=1, help="Attempts per summary before failing."),
    ] = 4,
    webhook_backoff: Annotated[
        float,
        typer.Option(
            "--webhook-backoff",
            min=0.0,
            help="Seconds before the first retry; doubled for each further one.",
        ),
    ] = 1.0,
    skip_backlog: Annotated[
        bool,
        typer.Option(
            "--skip-backlog",
            help="On a repository's first watch, mark its recorded history as seen instead "
            "of reporting every past change.",
        ),
    ] = False,
    max_entries: Annotated[
        int, typer.Option("--max-entries", min=1, help="Entries kept in the Atom feed.")
    ] = 500,
    store: StoreOption = None,
) -> None:
    from govgraph.monitor.subscriptions import everything, load_subscriptions
    from govgraph.monitor.watch import Outputs, StopSignals, WatchConfig, run_once, watch_loop

    if jurisdiction is not None:
        from govgraph.reference.jurisdictions import check_code

        jurisdiction = check_code(jurisdiction)
    subs = load_subscriptions(subscriptions) if subscriptions else everything()
    outputs = Outputs(
        atom=atom_file,
        json=json_file,
        markdown=markdown_file,
        webhook=webhook_url,
        max_entries=max_entries,
        webhook_attempts=webhook_attempts,
        webhook_backoff=webhook_backoff,
    )
    if webhook_url:
        from govgraph.monitor.webhook import check_url

        check_url(webhook_url)
    config = WatchConfig(
        repositories=list(repositories),
        store=store,
        jurisdiction=jurisdiction,
        pull=pull,
        subscriptions=subs,
        outputs=outputs,
        skip_backlog=skip_backlog,
    )

    def log(line: str) -> None:
        typer.echo(line, err=True)

    with StopSignals(notify=log) as signals:
        if interval is None:
            result = run_once(config, echo=typer.echo)
            log(result.describe())
            if result.problems:
                raise GovgraphError("; ".join(result.problems))
            return
        try:
            watch_loop(config, interval, signals.stop, echo=typer.echo, log=log)
        except KeyboardInterrupt:
            log("watch: aborted; the store and the outputs are as the last complete step left them")
            raise typer.Exit(130) from None


def register(app: typer.Typer) -> None:
    app.command("watch", help=HELP)(watch)
