"""Canned queries: one ``.cypher`` and one ``.rq`` file per question, run on any backend.

The files are written for people first: each opens with a comment saying what it answers
and its parameters, and runs as it is in Neo4j Browser (``:param``) or a SPARQL console.

Why the SPARQL parameters are ``VALUES`` lines: a console needs the file to run as pasted,
so each parameter is a ``VALUES ?var { ... }  # $name`` line holding an example value;
govgraph replaces that line with the real values, written as escaped literals (never as
query text), so lists work the same as scalars. Cypher takes ``$name`` parameters as usual.

Queries return flat rows with the same column names in both languages; everything else
(grouping, sorting, diffs, scores) happens in Python in ``reports.py``, once for all
backends, so every backend gives identical rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

from govgraph.errors import InputError
from govgraph.graph.base import Capability, GraphStore

_VALUES_LINE = re.compile(
    r"^(?P<indent>\s*)VALUES\s+\?(?P<var>\w+)\s*\{[^}]*\}\s*#\s*\$(?P<name>\w+)\s*$",
    re.MULTILINE,
)


@cache
def query_text(name: str, language: Capability) -> str:
    """The text of a canned query file (``<name>.cypher`` or ``<name>.rq``)."""
    suffix = ".cypher" if language is Capability.CYPHER else ".rq"
    try:
        return resources.files("govgraph.queries").joinpath(name + suffix).read_text("utf-8")
    except FileNotFoundError:
        raise InputError(f"no canned query {name + suffix!r}") from None


def canned_names() -> list[str]:
    """Every canned question that has both a Cypher and a SPARQL file."""
    files = [f.name for f in resources.files("govgraph.queries").iterdir()]
    cypher = {f.removesuffix(".cypher") for f in files if f.endswith(".cypher")}
    sparql = {f.removesuffix(".rq") for f in files if f.endswith(".rq")}
    return sorted(cypher & sparql)


def sparql_parameters(text: str) -> dict[str, str]:
    """Parameter name -> SPARQL variable, from the ``VALUES ... # $name`` lines."""
    return {m["name"]: m["var"] for m in _VALUES_LINE.finditer(text)}


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def bind_sparql(text: str, params: dict[str, Any]) -> str:
    """The query with each parameter's ``VALUES`` line holding the given values."""
    declared = sparql_parameters(text)
    missing = sorted(set(declared) - set(params))
    if missing:
        raise InputError(f"SPARQL query needs parameters: {', '.join(missing)}")

    def replace(match: re.Match[str]) -> str:
        value = params[match["name"]]
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        literals = " ".join(_literal(v) for v in sorted(values, key=str))
        return f"{match['indent']}VALUES ?{match['var']} {{ {literals} }}"

    return _VALUES_LINE.sub(replace, text)


def cypher_parameters(text: str) -> set[str]:
    """``$name`` parameters used by a Cypher text (comments excluded)."""
    body = "\n".join(line.split("//", 1)[0] for line in text.splitlines())
    return set(re.findall(r"\$(\w+)", body))


MAX_ROWS = 5_000_000  # a canned query is never silently truncated (backends cap ad-hoc ones)


class Runner(Protocol):
    """Answers canned queries by name; every backend returns the same rows."""

    name: str

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


@dataclass
class StoreRunner:
    """A store and the query language to ask it in."""

    store: GraphStore
    language: Capability = Capability.CYPHER

    @property
    def name(self) -> str:
        return f"{self.store.name}-{self.language.value}"

    def run(self, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        # An empty list filters everything out; embedded Cypher cannot even type it.
        if any(isinstance(v, list | tuple | set | frozenset) and not v for v in params.values()):
            return []
        text = query_text(query, self.language)
        if self.language is Capability.SPARQL:
            result = self.store.query(  # type: ignore[call-arg]
                bind_sparql(text, params), language=Capability.SPARQL, row_limit=MAX_ROWS
            )
        else:
            wanted = cypher_parameters(text)
            missing = sorted(wanted - set(params))
            if missing:
                raise InputError(f"Cypher query {query!r} needs parameters: {', '.join(missing)}")
            values = {k: _plain(v) for k, v in params.items() if k in wanted}
            result = self.store.query(  # type: ignore[call-arg]
                text, values, language=Capability.CYPHER, row_limit=MAX_ROWS
            )
        if len(result.rows) >= MAX_ROWS:
            raise InputError(f"canned query {query!r} returned more than {MAX_ROWS} rows")
        return result.as_dicts()


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | set | frozenset):
        return sorted(value)
    return value
