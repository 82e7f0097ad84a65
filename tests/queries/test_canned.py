"""The canned query files: readable, in the common Cypher subset, same rows on every backend."""

from __future__ import annotations

import re

import pytest

from govgraph.errors import InputError
from govgraph.graph.base import Capability
from govgraph.queries.canned import (
    StoreRunner,
    bind_sparql,
    canned_names,
    cypher_parameters,
    query_text,
    sparql_parameters,
)
from govgraph.queries.timeutil import FAR_FUTURE
from tests.queries.graph_fixture import ALPHA, BETA, DELTA, GAMMA

NOW = FAR_FUTURE
ALL_TIME = {"start": "0000-01-01T00:00:00Z", "bound": NOW}
TRAINING = ["ai-output-training-ban", "ai-content-training-ban"]

# Parameters to ask each canned question with (every query must be listed here).
ASK: dict[str, dict] = {
    "training_restrictions": {"categories": TRAINING, "jurisdictions": ["EU", "DE"], "bound": NOW},
    "current_clauses": {
        "categories": ["provider-trains-on-user-content", "minimum-age"],
        "jurisdictions": ["EU", "DE", "US"],
        "bound": "2025-05-01T00:00:00Z",
    },
    "category_articles": {
        "categories": ["provider-trains-on-user-content", "ai-output-training-ban"],
        "regulations": ["gdpr", "eu-ai-act"],
    },
    "platform_documents": {},
    "category_intervals": {"categories": TRAINING},
    "versions": ALL_TIME,
    "interval_changes": {"start": "2025-03-01T00:00:00Z", "bound": NOW},
    "supersessions": ALL_TIME,
    "clause_details": {"clauses": ["c-a-ban-new", "c-b-allow", "c-missing"]},
    "clause_categories": {"clauses": ["c-a-ban-new", "c-b-allow", "c-a-age", "c-missing"]},
    "stats_counts": {},
    "sources": {},
    "label_methods": {},
    "document_clauses": {
        "documents": [ALPHA, GAMMA, "no/such-document/EU"],
        "categories": ["provider-trains-on-user-content", "minimum-age", "ai-output-training-ban"],
        "bound": "2025-05-01T00:00:00Z",
    },
    "document_versions": {"documents": [ALPHA, BETA], **ALL_TIME},
    "document_interval_changes": {
        "documents": [ALPHA, DELTA],
        "start": "2025-03-01T00:00:00Z",
        "bound": NOW,
    },
    "clause_supersessions": {"clauses": ["c-a-ban-new", "c-a-train", "c-missing"], **ALL_TIME},
    "current_presence": {
        "categories": ["provider-trains-on-user-content", "minimum-age"],
        "jurisdictions": ["EU", "DE", "US"],
        "bound": "2025-05-01T00:00:00Z",
    },
    "collection_versions": {},
}

FORBIDDEN_CYPHER = [r"\btype\s*\(", r"\blabels?\s*\(", r"apoc\.", r"shortestPath", r"SHORTEST"]


def test_every_question_has_a_cypher_and_a_sparql_file_and_parameters_to_test_with():
    names = canned_names()
    assert set(ASK) == set(names)
    assert {"training_restrictions", "current_clauses"} <= set(names)


@pytest.mark.parametrize("name", canned_names())
def test_files_say_what_they_answer_and_declare_the_same_parameters(name):
    cypher = query_text(name, Capability.CYPHER)
    sparql = query_text(name, Capability.SPARQL)
    assert cypher.startswith("// ") and "?" in cypher.splitlines()[0] + cypher.splitlines()[1]
    assert sparql.startswith("# ")
    params = cypher_parameters(cypher)
    assert params == set(sparql_parameters(sparql)), name
    header = "\n".join(line for line in cypher.splitlines() if line.startswith("//"))
    for param in params:
        assert f"${param}" in header, f"{name}.cypher does not explain ${param}"
    assert params == set(ASK[name]), name


@pytest.mark.parametrize("name", canned_names())
def test_cypher_stays_in_the_subset_neo4j_and_the_embedded_engine_share(name):
    body = "\n".join(
        line.split("//")[0] for line in query_text(name, Capability.CYPHER).splitlines()
    )
    for pattern in FORBIDDEN_CYPHER:
        assert not re.search(pattern, body, re.IGNORECASE), (name, pattern)


def _canonical(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted(r.items())) for r in rows)


@pytest.mark.parametrize("name", sorted(ASK))
def test_every_backend_returns_the_same_rows(name, answering, cypher):
    expected = cypher.run(name, ASK[name])
    got = answering.run(name, ASK[name])
    if name == "stats_counts":  # the embedded engine drops count() rows of empty types
        expected = [r for r in expected if r["count"]]
        got = [r for r in got if r["count"]]
    assert _canonical(got) == _canonical(expected)
    assert got, f"{name} returned no rows on the fixture: the test would prove nothing"


def test_in_force_means_opened_before_the_end_of_the_day_and_not_closed_by_then(answering):
    def clauses(bound: str) -> set[str]:
        rows = answering.run(
            "current_clauses",
            {"categories": ["ai-output-training-ban"], "jurisdictions": ["EU"], "bound": bound},
        )
        return {r["clause_id"] for r in rows}

    # The edit was recorded on 2025-03-05 at 09:00: as of that day the new wording holds.
    assert clauses("2025-03-05T00:00:00Z") == {"c-a-ban-old"}
    assert clauses("2025-03-06T00:00:00Z") == {"c-a-ban-new"}
    assert clauses("2025-01-10T00:00:00Z") == set()  # before the first version


def test_current_clauses_are_traceable_to_their_version(answering):
    rows = answering.run(
        "current_clauses",
        {"categories": ["ai-content-training-ban"], "jurisdictions": ["EU"], "bound": NOW},
    )
    beta = next(r for r in rows if r["document"] == BETA)
    assert beta["since"] == "2025-05-01T13:00:00Z"
    assert beta["version"] == f"{BETA}@2025-05-01T13:00:00Z"
    assert beta["source_url"] == "https://archive.example/b2"
    assert beta["terms_type"] == "Terms of Service" and beta["platform"] == "Beta Chat"
    assert {r["document"] for r in rows} == {ALPHA, BETA}


def test_sparql_values_are_escaped_not_spliced(embedded):
    hostile = 'c-x" } ?c ?p ?o . { "'
    text = bind_sparql(query_text("clause_details", Capability.SPARQL), {"clauses": [hostile]})
    assert '\\" }' in text
    runner = StoreRunner(embedded, Capability.SPARQL)
    assert runner.run("clause_details", {"clauses": [hostile, "line\nbreak \\ back"]}) == []


def test_a_missing_parameter_is_a_clear_error(embedded):
    for language in (Capability.CYPHER, Capability.SPARQL):
        with pytest.raises(InputError, match="bound"):
            StoreRunner(embedded, language).run(
                "current_clauses", {"categories": ["minimum-age"], "jurisdictions": ["EU"]}
            )


def test_an_empty_list_parameter_means_no_rows(answering):
    rows = answering.run(
        "current_clauses", {"categories": [], "jurisdictions": ["EU"], "bound": NOW}
    )
    assert rows == []
