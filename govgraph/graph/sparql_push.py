"""Pushing the RDF graph to a SPARQL 1.1 Update endpoint (Oxigraph, Fuseki, GraphDB, ...).

The graph is sent as ``INSERT DATA`` batches of N-Triples into a staging graph, then
``MOVE``d over the target graph in one update: a push that fails half-way leaves the
target graph as it was, and pushing twice gives the same graph. Credentials in the URL
or options are never printed.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from govgraph.errors import InputError, ServerError
from govgraph.graph.embedded import EmbeddedStore

DEFAULT_GRAPH = "https://w3id.org/govgraph/id/graph"
BATCH_TRIPLES = 20_000


@dataclass
class PushResult:
    triples: int
    batches: int
    seconds: float


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password or parts.username:
        host = parts.hostname or ""
        netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class SparqlEndpoint:
    """A SPARQL 1.1 Update endpoint reached over HTTP(S)."""

    def __init__(
        self, url: str, user: str | None = None, password: str | None = None, timeout: float = 120
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"--endpoint {_redact(url)!r} is not an http(s) URL")
        if parts.username and user is None:
            user, password = parts.username, parts.password or ""
            url = urlunsplit(
                parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))
            )
        self.url = url
        self._auth = (
            "Basic " + base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            if user
            else None
        )
        self._timeout = timeout

    def update(self, text: str) -> None:
        request = urllib.request.Request(
            self.url,
            data=text.encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        if self._auth:
            request.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            detail = error.read(300).decode("utf-8", "replace").strip().splitlines()
            first = detail[0] if detail else error.reason
            raise ServerError(
                f"the SPARQL endpoint {_redact(self.url)} refused the update: HTTP {error.code} {first}"
            ) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ServerError(
                f"cannot reach the SPARQL endpoint {_redact(self.url)}: {reason}"
            ) from None


def _batches(store: EmbeddedStore, size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for quad in store.rdf_store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        batch.append(f"{quad.subject} {quad.predicate} {quad.object} .")
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def push_sparql(
    store: EmbeddedStore,
    endpoint: SparqlEndpoint,
    graph: str = DEFAULT_GRAPH,
    batch: int = BATCH_TRIPLES,
) -> PushResult:
    """Replace ``graph`` on the endpoint with the store's RDF, atomically at the end."""
    started = time.monotonic()
    staging = f"{graph}-staging"
    endpoint.update(f"DROP SILENT GRAPH <{staging}>")
    triples = batches = 0
    for lines in _batches(store, batch):
        endpoint.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n" + "\n".join(lines) + "\n} }")
        triples += len(lines)
        batches += 1
    endpoint.update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")
    return PushResult(triples, batches, time.monotonic() - started)
