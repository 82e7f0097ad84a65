"""``govgraph demo``: loads the packaged sample, prints the flagship report and a next step."""

from __future__ import annotations

from typer.testing import CliRunner

from govgraph.cli.app import get_app
from govgraph.cli.demo import NEXT_STEP, sample_path
from govgraph.cli.output import OutputFormat
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries import reports
from govgraph.queries.canned import StoreRunner
from tests.queries.sample import demo_run

runner = CliRunner()


def test_demo_help_has_an_example():
    result = runner.invoke(get_app(), ["demo", "--help"])
    assert result.exit_code == 0 and "Example: govgraph demo" in result.output


def test_the_sample_ships_inside_the_package_with_its_licence():
    assert sample_path().is_file()
    assert (sample_path().parent / "LICENSE-ODC-BY.txt").is_file()


def test_demo_loads_the_sample_and_prints_the_flagship_report():
    run = demo_run()
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    assert lines[-1] == NEXT_STEP
    summary = dict(line.rsplit(None, 1) for line in lines[3:14])
    assert int(summary["platforms"]) >= 10 and int(summary["versions"]) > 100
    with EmbeddedStore.open(run.store) as store:
        flagship = reports.training_restrictions(StoreRunner(store), "EU")
    # The printed report is the report of the store the demo filled.
    assert flagship.render(OutputFormat.table) in run.output
    assert "under the EU regime" in run.output and "ChatGPT" in run.output
    assert "DeepSeek" not in flagship.render(OutputFormat.table)


def test_running_the_demo_again_loads_nothing_new():
    run = demo_run()
    again = runner.invoke(get_app(), ["demo", "--store", str(run.store)])
    assert again.exit_code == 0, again.output
    assert "The sample is already in the store (unchanged since it was loaded)." in again.output
    assert "versions already loaded" not in again.output  # no re-read of the sample
    # Same answer as the first run: everything after the load summary is identical.
    first = run.output[run.output.index("Terms applying under") :]
    assert again.output[again.output.index("Terms applying under") :] == first
