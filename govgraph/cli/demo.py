"""``govgraph demo``: load the sample shipped in the package and answer the flagship question.

A fresh clone needs nothing else: the sample (a slice of Open Terms Archive's genai-eu
collection, ODC-BY) is package data, so the first command of the README shows a real
answer within a minute. A second run finds the sample already loaded and only reports.
"""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

import typer

from govgraph.cli.errors import friendly_errors
from govgraph.cli.options import StoreOption
from govgraph.cli.output import OutputFormat

SAMPLE = "genai-eu-sample.zip"
NEXT_STEP = (
    "Next: govgraph report compare --category provider-trains-on-user-content --regime EU "
    "(or govgraph report --help for every report)"
)


def sample_path() -> Path:
    """The sample zip inside the installed package."""
    return Path(str(resources.files("govgraph.data").joinpath("sample", SAMPLE)))


@friendly_errors
def demo(store: StoreOption = None) -> None:
    """Load the bundled genai-eu sample into the embedded store and print which platforms'
    terms restrict AI training under the EU regime, then what to try next.

    Example: govgraph demo --store /tmp/govgraph-demo

    The sample is Open Terms Archive data (ODC-BY 1.0). Running the demo again is quick:
    the sample is loaded only once.
    """
    from govgraph.cli.load import print_summary
    from govgraph.cli.report import open_runner
    from govgraph.ingest import load_source
    from govgraph.loaders.dataset import OtaDataset
    from govgraph.queries import reports

    path = sample_path()
    typer.echo(f"Loading the demo sample ({SAMPLE}, Open Terms Archive genai-eu, ODC-BY 1.0)")
    started = time.monotonic()
    summary = load_source(OtaDataset(path, jurisdiction="EU"), store)
    if summary.up_to_date:
        typer.echo("The sample is already in the store (unchanged since it was loaded).")
    elif summary.versions == 0 and summary.already_loaded:
        typer.echo(
            f"The sample is already in the store ({summary.already_loaded} versions of "
            f"{len(summary.documents)} documents); nothing new to load."
        )
    else:
        print_summary(summary, time.monotonic() - started, OutputFormat.table)
    typer.echo("")
    with open_runner(store, neo4j=False, sparql=False) as runner:
        report = reports.training_restrictions(runner, "EU")
    typer.echo(report.render(OutputFormat.table))
    typer.echo("")
    typer.echo(NEXT_STEP)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
