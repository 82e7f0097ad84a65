"""The ODRL hook: restriction clauses become odrl:Prohibitions with the right action."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from govgraph.categories import scheme
from govgraph.graph import rdf_projection
from govgraph.graph.rdf_projection import node_iri, record_triples
from govgraph.models import ClassifiedAs, Clause, Supersedes
from govgraph.ontology import odrl

PROHIBITION = "http://www.w3.org/ns/odrl/2/Prohibition"
ACTION = "http://www.w3.org/ns/odrl/2/action"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def odrl_facts(target: str) -> set[tuple[str, str]]:
    edge = ClassifiedAs(source="c-1", target=target, confidence=0.8, method="rule:x")
    clause = node_iri("Clause", "c-1")
    return {
        (t.predicate.value, t.object.value)
        for t in record_triples(edge)
        if t.subject == clause and (t.predicate.value == ACTION or t.object.value == PROHIBITION)
    }


@pytest.mark.parametrize("category", sorted(scheme().groups["ai-training-restriction"].members))
def test_ai_training_restrictions_prohibit_model_training(category: str) -> None:
    assert odrl_facts(category) == {
        (TYPE, PROHIBITION),
        (ACTION, "https://w3id.org/dpv/ai#ModelTraining"),
    }


@pytest.mark.parametrize(
    ("category", "action"),
    [("scraping-ban", "scrape"), ("reverse-engineering-ban", "reverseEngineer")],
)
def test_access_restrictions_prohibit_their_action(category: str, action: str) -> None:
    assert odrl_facts(category) == {
        (TYPE, PROHIBITION),
        (ACTION, "https://w3id.org/govgraph/ontology#" + action),
    }


@pytest.mark.parametrize(
    "category", ["arbitration", "provider-trains-on-user-content", "ai-training-opt-out"]
)
def test_other_categories_are_not_prohibitions(category: str) -> None:
    assert odrl_facts(category) == set()


def test_only_classifications_trigger_the_hook() -> None:
    records = [
        Clause(id="c-1", document="d", text="No scraping."),
        Supersedes(
            source="c-1", target="c-0", version="v", at="2025-01-01T00:00:00Z", similarity=0.5
        ),
    ]
    assert [t for r in records for t in odrl.prohibition_triples(r)] == []


def test_registration_is_idempotent() -> None:
    odrl.register()
    odrl.register()
    assert rdf_projection.EXTRA_TRIPLES.count(odrl.prohibition_triples) == 1


def test_actions_are_named_nodes() -> None:
    assert all(isinstance(a, NamedNode) for a in odrl.prohibited_actions().values())
