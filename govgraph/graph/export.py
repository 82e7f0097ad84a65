"""Writing the graph out: RDF serialisations (streamed by Oxigraph) and GraphML.

RDF is dumped straight from the embedded RDF store to the output stream, so an export
never builds the graph in memory a second time. GraphML (for Gephi, yEd, Cytoscape) is
built with networkx from the property-graph records.
"""

from __future__ import annotations

from enum import StrEnum
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from govgraph.graph.embedded import DEFAULT_PREFIXES, EmbeddedStore
from govgraph.models import Node


class ExportFormat(StrEnum):
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    graphml = "graphml"


_RDF_FORMATS = {
    ExportFormat.ttl: ox.RdfFormat.TURTLE,
    ExportFormat.nt: ox.RdfFormat.N_TRIPLES,
    ExportFormat.jsonld: ox.RdfFormat.JSON_LD,
}


def export_rdf(store: EmbeddedStore, fmt: ExportFormat, output: BinaryIO) -> None:
    """Serialise the RDF graph to a binary stream."""
    prefixes = DEFAULT_PREFIXES if fmt is ExportFormat.ttl else None
    store.rdf_store.dump(output, _RDF_FORMATS[fmt], from_graph=ox.DefaultGraph(), prefixes=prefixes)


def to_networkx(store: EmbeddedStore) -> nx.MultiDiGraph:
    """The property graph as a networkx multigraph keyed by '<Label>:<id>'."""
    graph = nx.MultiDiGraph()
    for record in store.iter_records():
        if isinstance(record, Node):
            graph.add_node(
                f"{record.LABEL}:{record.id}", label=record.LABEL, **_flat(record.properties())
            )
        else:
            graph.add_edge(
                f"{record.SOURCE.LABEL}:{record.source}",
                f"{record.TARGET.LABEL}:{record.target}",
                key=record.key(),
                type=record.TYPE,
                **_flat(record.edge_properties()),
            )
    return graph


def _flat(props: dict) -> dict:
    """GraphML holds scalars only: lists become space-separated text."""
    return {k: (" ".join(map(str, v)) if isinstance(v, list) else v) for k, v in props.items()}


def export_graphml(store: EmbeddedStore, output: BinaryIO) -> None:
    nx.write_graphml(to_networkx(store), output)


def export(store: EmbeddedStore, fmt: ExportFormat, output: BinaryIO) -> None:
    if fmt is ExportFormat.graphml:
        export_graphml(store, output)
    else:
        export_rdf(store, fmt, output)
