"""Library exceptions.

Every error a user can cause (bad path, bad value, unreachable server) is a
``GovgraphError``: the CLI prints its message as one line and exits 1 without a traceback.
Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class GovgraphError(Exception):
    """An error caused by input or environment, explained in one line."""


class InputError(GovgraphError):
    """A source file, value or option is invalid; the message names it."""


class UnknownNameError(InputError):
    """A platform, category, regime or other name is not known; suggests close matches."""

    def __init__(self, kind: str, value: str, known: list[str] | tuple[str, ...]) -> None:
        import difflib

        close = difflib.get_close_matches(value, list(known), n=5, cutoff=0.5)
        hint = f" (did you mean: {', '.join(close)}?)" if close else ""
        super().__init__(f"unknown {kind} {value!r}{hint}")
        self.kind = kind
        self.value = value
        self.close_matches = close


class StoreError(GovgraphError):
    """The graph store cannot be opened, written or queried."""


class StoreLockedError(StoreError):
    """Another process holds the store's write lock."""


class ServerError(GovgraphError):
    """A server (Neo4j, SPARQL endpoint) is down, refuses credentials or is unsupported."""
