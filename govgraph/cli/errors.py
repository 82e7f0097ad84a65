"""Library errors as one line: the decorator every command wears.

A ``GovgraphError`` becomes ``error: <message>`` in red on stderr and exit code 1, with no
traceback (``--debug`` or ``GOVGRAPH_DEBUG=1`` re-raises it). Other exceptions are bugs and
keep their traceback. Only typer's public API is used.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from govgraph.errors import GovgraphError

P = ParamSpec("P")
R = TypeVar("R")

_debug = {"on": False}


def set_debug(on: bool) -> None:
    _debug["on"] = on


def debug_enabled() -> bool:
    return _debug["on"] or os.environ.get("GOVGRAPH_DEBUG", "").lower() in ("1", "true", "yes")


def friendly_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so library errors print as one line and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except GovgraphError as error:
            if debug_enabled():
                raise
            message = " ".join(str(error).split())
            typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
            raise typer.Exit(1) from None

    return wrapper
