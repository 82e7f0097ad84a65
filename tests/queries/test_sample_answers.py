"""Real answers from real texts: the packaged genai-eu sample, on every backend.

Each fact below was read in the texts themselves (git -C genai-eu show HEAD:"<Service>/<Terms
type>.md") and is asked of the graph built by ``govgraph demo``: embedded Cypher, embedded
SPARQL, and Neo4j holding the same records. Analysis, not legal advice.
"""

from __future__ import annotations

import pytest

from govgraph.graph.base import Capability
from govgraph.graph.embedded import EmbeddedStore
from govgraph.queries import reports
from govgraph.queries.canned import StoreRunner
from govgraph.queries.timeutil import FAR_FUTURE
from tests.queries.conftest import BACKENDS
from tests.queries.sample import demo_run

TRAINING = ["ai-output-training-ban", "ai-content-training-ban"]


@pytest.fixture(scope="module")
def sample_store():
    run = demo_run()
    assert run.exit_code == 0, run.output
    store = EmbeddedStore.open(run.store)
    yield store
    store.close()


@pytest.fixture(params=BACKENDS)
def real(request, sample_store) -> StoreRunner:
    if request.param == "embedded-cypher":
        return StoreRunner(sample_store, Capability.CYPHER)
    if request.param == "embedded-sparql":
        return StoreRunner(sample_store, Capability.SPARQL)
    marker = StoreRunner(sample_store).run("sources", {})[0]["source"]
    datasets = request.getfixturevalue("neo4j_datasets")
    store = datasets.use("genai-eu-sample", marker, lambda: list(sample_store.iter_records()))
    return StoreRunner(store, Capability.CYPHER)


@pytest.fixture
def reference(sample_store) -> StoreRunner:
    return StoreRunner(sample_store, Capability.CYPHER)


def _flagship(runner: StoreRunner) -> list[dict]:
    return reports.training_restrictions(runner, "EU").as_dicts()


def test_flagship_rows_are_identical_on_every_backend(real, reference):
    assert reports.training_restrictions(real, "EU").rows == (
        reports.training_restrictions(reference, "EU").rows
    )
    assert len(_flagship(real)) >= 5


def test_chatgpt_forbids_using_output_to_develop_competing_models(real):
    rows = [r for r in _flagship(real) if r["platform"] == "ChatGPT"]
    ban = [r for r in rows if "ai-output-training-ban" in r["category"]]
    assert any(
        "Using Output to develop models that compete with OpenAI" in r["text"] for r in ban
    ), rows
    assert {r["terms_type"] for r in ban} == {"Terms of Service"}


def test_claude_consumer_terms_forbid_developing_competing_models(real):
    # Claude.ai Terms of Service: "To develop any products or services that compete with our
    # Services, including to develop or train any artificial intelligence or machine learning
    # algorithms or models or resell the Services."
    rows = [
        r
        for r in _flagship(real)
        if r["platform"] == "Claude.ai" and r["terms_type"] == "Terms of Service"
    ]
    assert any("develop or train any artificial intelligence" in r["text"] for r in rows), (
        "the Claude.ai Terms of Service competing-models clause is not classified in the "
        "ai-training-restriction group"
    )


def test_deepseek_allows_training_on_outputs_so_it_is_not_a_restriction(real):
    # DeepSeek Terms of Service 4.2: you may apply Inputs and Outputs to "training other
    # models (such as model distillation)".
    assert "DeepSeek" not in {r["platform"] for r in _flagship(real)}
    found = real.run(
        "current_clauses",
        {
            "categories": ["output-ownership", *TRAINING],
            "jurisdictions": ["EU"],
            "bound": FAR_FUTURE,
        },
    )
    clause = [r for r in found if r["platform"] == "DeepSeek" and "model distillation" in r["text"]]
    assert clause, "DeepSeek's clause 4.2 should be in the graph (as output ownership)"
    assert {r["category"] for r in clause}.isdisjoint(TRAINING)


def test_grok_moved_its_competing_models_ban_from_terms_to_acceptable_use_policy(real):
    events = reports.timeline(real, "ai-output-training-ban", platforms=["Grok"]).as_dicts()
    moves = [(r["at"], r["terms_type"], r["event"]) for r in events]
    assert ("2026-07-08T10:33:22Z", "Acceptable Use Policy", "gained") in moves
    assert ("2026-07-08T16:13:27Z", "Terms of Service", "lost") in moves


def test_grok_renamed_xai_to_spacexai_in_its_competing_models_ban(real, reference):
    rows = reports.changes(
        real, platforms=["Grok"], since="2026-08-14", category="ai-training-restriction"
    ).as_dicts()
    assert (
        rows
        == reports.changes(
            reference, platforms=["Grok"], since="2026-08-14", category="ai-training-restriction"
        ).as_dicts()
    )
    edit = next(r for r in rows if r["change"] == "modified")
    assert edit["recorded_at"] == "2026-08-14T22:32:23Z"
    assert edit["terms_type"] == "Acceptable Use Policy"
    assert "[-xAI-]{+SpaceXAI, whether directly or indirectly+}" in edit["diff"]
    assert "ai-output-training-ban" in edit["category"]


def test_claude_terms_are_governed_by_irish_law_and_deepseek_by_chinese_law(real):
    rows = reports.compare(real, "governing-law", platforms=["Claude.ai", "DeepSeek"]).as_dicts()
    claude = [r["text"] for r in rows if r["platform"] == "Claude.ai"]
    deepseek = [r["text"] for r in rows if r["platform"] == "DeepSeek"]
    assert any("governed by Irish law" in t for t in claude), claude
    assert any("People's Republic of China" in t for t in deepseek), deepseek


def test_chatgpts_ban_is_most_like_grok_google_and_qwen(real, reference):
    chatgpt = next(
        r
        for r in _flagship(reference)
        if r["platform"] == "ChatGPT" and "compete with OpenAI" in r["text"]
    )
    ranked = reports.similar(real, clause=chatgpt["clause_id"], limit=3).as_dicts()
    assert {r["platform"] for r in ranked} == {"Grok", "Google Generative AI Services", "Qwen Chat"}
    assert ranked[0]["score"] >= ranked[1]["score"] >= ranked[2]["score"] > 0.1
    assert "ChatGPT" not in {r["platform"] for r in ranked}
