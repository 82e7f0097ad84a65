"""ODRL typing of restriction clauses: an RDF projection hook.

A clause classified into a restriction category states a prohibition, so in RDF it is also
an ``odrl:Prohibition`` with the prohibited ``odrl:action``:

- the ``ai-training-restriction`` group (no training on outputs, no training on the
  service or its content) -> ``https://w3id.org/dpv/ai#ModelTraining``, the DPV-AI
  concept "Processing of data to train an AI model" (DPV 2.2, development module);
- ``scraping-ban`` -> ``gg:scrape``; ``reverse-engineering-ban`` -> ``gg:reverseEngineer``
  (ODRL's common vocabulary has no action for these; both are declared in govgraph.ttl
  as ``odrl:Action`` included in ``odrl:use``).

Importing this module registers the hook in ``rdf_projection.EXTRA_TRIPLES`` (once), so
whoever builds RDF must import it: ``import govgraph.ontology.odrl`` in the RDF store
module, or at the end of ``govgraph.graph.rdf_projection``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from pyoxigraph import NamedNode, Triple

from govgraph.categories import scheme
from govgraph.graph import rdf_projection
from govgraph.models import ClassifiedAs, Edge, Node
from govgraph.ontology.namespaces import DPV_AI, GG, ODRL

AI_TRAINING_GROUP = "ai-training-restriction"
MODEL_TRAINING = NamedNode(str(DPV_AI) + "ModelTraining")
PROHIBITION = NamedNode(str(ODRL) + "Prohibition")
ACTION = NamedNode(str(ODRL) + "action")


@cache
def prohibited_actions() -> dict[str, NamedNode]:
    """Category id -> the ODRL action a clause of that category prohibits.

    Read from the category scheme, so a category added to the AI-training group later is
    covered without editing this module.
    """
    actions = {cid: MODEL_TRAINING for cid in scheme().groups[AI_TRAINING_GROUP].members}
    actions["scraping-ban"] = NamedNode(str(GG) + "scrape")
    actions["reverse-engineering-ban"] = NamedNode(str(GG) + "reverseEngineer")
    return actions


def prohibition_triples(record: Node | Edge) -> Iterator[Triple]:
    """For a ClassifiedAs edge into a restriction category: the clause's ODRL typing."""
    if not isinstance(record, ClassifiedAs):
        return
    action = prohibited_actions().get(record.target)
    if action is None:
        return
    clause = rdf_projection.node_iri("Clause", record.source)
    yield Triple(clause, rdf_projection.RDF_TYPE, PROHIBITION)
    yield Triple(clause, ACTION, action)


def register() -> None:
    """Add the hook to the projection (idempotent)."""
    if prohibition_triples not in rdf_projection.EXTRA_TRIPLES:
        rdf_projection.EXTRA_TRIPLES.append(prohibition_triples)


register()
