"""The ``govgraph`` command: composes one sub-app (or command) per noun.

Library errors (``GovgraphError``) become one red line on stderr and exit code 1; with
``--debug`` or ``GOVGRAPH_DEBUG=1`` the traceback is shown too. Anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from govgraph import __version__
from govgraph.cli.errors import set_debug

# One module per noun, each with ``register(app)``. Add new nouns here.
NOUN_MODULES: list[str] = [
    "load",
    "show",
    "query",
    "export",
    "report",
    "demo",
    "reference",
    "classify",
    "check",
    "neo4j",
    "push",
    "validate",
    "site",
    "watch",
]


app = typer.Typer(
    name="govgraph",
    help=(
        "A knowledge graph of platform terms and the regulations that bear on them.\n\n"
        "Analysis, not legal advice.\n\n"
        "Example: govgraph demo"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", envvar="GOVGRAPH_DEBUG", help="Show tracebacks of errors.")
    ] = False,
) -> None:
    set_debug(debug)


_registered = False


def get_app() -> typer.Typer:
    """The app with every noun attached (tests: ``CliRunner().invoke(get_app(), [...])``)."""
    global _registered
    if not _registered:
        for name in NOUN_MODULES:
            importlib.import_module(f"govgraph.cli.{name}").register(app)
        _registered = True
    return app


def main() -> None:
    """Console-script entry point."""
    get_app()(prog_name="govgraph")
    sys.exit(0)
