"""Every report on the fixture graph: pinned answers, identical on every backend."""

from __future__ import annotations

import json

import pytest

from govgraph.cli.output import OutputFormat
from govgraph.errors import InputError, UnknownNameError
from govgraph.queries import reports
from tests.queries.graph_fixture import A_BAN_NEW, A_BAN_OLD, ALPHA, BETA, DELTA, GAMMA


def _same_on_reference(report_fn, answering, cypher, **kwargs):
    """The report on this backend, after checking it equals the embedded Cypher one."""
    got = report_fn(answering, **kwargs)
    assert got.rows == report_fn(cypher, **kwargs).rows
    return got


def test_training_restrictions_eu_now(answering, cypher):
    report = _same_on_reference(reports.training_restrictions, answering, cypher, regime="EU")
    rows = report.as_dicts()
    assert [(r["platform"], r["clause_id"]) for r in rows] == [
        ("Alpha AI", "c-a-ban-new"),
        ("Beta Chat", "c-b-scrape"),
    ]
    alpha = rows[0]
    assert alpha["category"] == ["ai-content-training-ban", "ai-output-training-ban"]
    assert alpha["since"] == "2025-03-05T09:00:00Z"
    assert alpha["text"] == A_BAN_NEW
    assert alpha["document"] == ALPHA and alpha["terms_type"] == "Terms of Service"
    assert alpha["jurisdiction"] == "EU"
    assert alpha["source_url"] == "https://archive.example/a2"
    # The AI Act applies generally from 2026-08-02; as of now its Art. 53 is in force.
    assert "AI Act Art. 53 (permits)" in alpha["articles"]
    assert rows[1]["articles"] == []  # no article is mapped to ai-content-training-ban here


def test_training_restrictions_as_of_an_earlier_day_and_other_regimes(answering, cypher):
    before = _same_on_reference(
        reports.training_restrictions, answering, cypher, regime="EU", as_of="2025-02-15"
    ).as_dicts()
    assert [(r["platform"], r["text"], r["articles"]) for r in before] == [
        ("Alpha AI", A_BAN_OLD, [])  # the AI Act did not apply yet
    ]
    us = reports.training_restrictions(answering, "US").as_dicts()
    assert [r["document"] for r in us] == [DELTA]
    de = reports.training_restrictions(answering, "DE").as_dicts()
    assert {r["platform"] for r in de} == {"Alpha AI", "Beta Chat"}  # EU documents apply in DE


def test_training_restrictions_can_list_platforms_without_such_clause(answering, cypher):
    rows = _same_on_reference(
        reports.training_restrictions, answering, cypher, regime="EU", include_absent=True
    ).as_dicts()
    gamma = [r for r in rows if r["platform"] == "Gamma"]
    assert len(gamma) == 1 and gamma[0]["text"] == reports.NOT_FOUND
    assert gamma[0]["document"] == [GAMMA]
    assert "Delta" not in {r["platform"] for r in rows}


def test_compare_shows_every_platform_even_without_a_clause(answering, cypher):
    rows = _same_on_reference(
        reports.compare, answering, cypher, category="provider-trains-on-user-content"
    ).as_dicts()
    assert [(r["platform"], r["clause_id"]) for r in rows] == [
        ("Alpha AI", "c-a-train"),
        ("Beta Chat", None),
        ("Delta", None),
        ("Gamma", "c-g-train"),
    ]
    assert rows[1]["text"] == reports.NOT_FOUND and rows[1]["document"] == [BETA]
    only = reports.compare(
        answering, "provider-trains-on-user-content", platforms=["gamma", "beta chat"]
    )
    assert [r["platform"] for r in only.as_dicts()] == ["Beta Chat", "Gamma"]
    us = reports.compare(answering, "provider-trains-on-user-content", regime="US")
    assert [r["platform"] for r in us.as_dicts()] == ["Delta"]


def test_similar_ranks_other_platforms_clauses_of_the_same_categories(answering, cypher):
    rows = _same_on_reference(reports.similar, answering, cypher, clause="c-a-ban-new").as_dicts()
    assert [r["platform"] for r in rows] == ["Delta", "Beta Chat"]
    assert rows[0]["score"] > rows[1]["score"] > 0
    assert all(r["platform"] != "Alpha AI" for r in rows)
    by_text = reports.similar(
        answering, text="Do not use the output to train a competing model.", limit=1
    ).as_dicts()
    assert [r["clause_id"] for r in by_text] == ["c-d-ban"]
    assert by_text[0]["score"] > 0.5


def test_platform_profile_has_every_category(answering, cypher):
    rows = _same_on_reference(
        reports.platform_profile, answering, cypher, name="ALPHA-ai"
    ).as_dicts()
    assert len(rows) == 24
    present = {r["category"]: r for r in rows if r["present"]}
    assert set(present) == {
        "ai-output-training-ban",
        "ai-content-training-ban",
        "provider-trains-on-user-content",
    }
    assert present["provider-trains-on-user-content"]["since"] == "2025-01-10T08:00:00Z"
    past = reports.platform_profile(answering, "Alpha AI", as_of="2025-05-31").as_dicts()
    assert next(r for r in past if r["category"] == "minimum-age")["present"] is True


def test_changes_per_version_skip_technical_and_first_versions(answering, cypher):
    rows = _same_on_reference(reports.changes, answering, cypher).as_dicts()
    assert [(r["recorded_at"], r["platform"], r["change"]) for r in rows] == [
        ("2025-03-05T09:00:00Z", "Alpha AI", "modified"),
        ("2025-05-01T13:00:00Z", "Beta Chat", "added"),
        ("2025-06-01T11:00:00Z", "Alpha AI", "removed"),
    ]
    modified = rows[0]
    assert modified["diff"] == (
        "You may not use Output {+or the Services+} to [-develop-]{+develop, train or "
        "improve+} models that compete with Alpha."
    )
    assert modified["clause_id"] == "c-a-ban-new" and modified["old_clause_id"] == "c-a-ban-old"
    assert modified["category"] == ["ai-content-training-ban", "ai-output-training-ban"]
    assert rows[2]["category"] == ["minimum-age"] and rows[2]["diff"] is None
    later = reports.changes(answering, platforms=["Alpha AI"], since="2025-04-01").as_dicts()
    assert [r["change"] for r in later] == ["removed"]
    scraping = reports.changes(answering, category="access-restriction").as_dicts()
    assert [r["clause_id"] for r in scraping] == ["c-b-scrape"]


def test_timeline_gives_gains_and_losses(answering, cypher):
    rows = _same_on_reference(
        reports.timeline, answering, cypher, category="ai-output-training-ban"
    ).as_dicts()
    # The edit of 2025-03-05 replaces one ban by another: no event.
    assert [(r["at"], r["platform"], r["event"]) for r in rows] == [
        ("2025-01-10T08:00:00Z", "Alpha AI", "in first version"),
        ("2025-01-15T00:00:00Z", "Delta", "in first version"),
    ]
    content = reports.timeline(answering, "ai-content-training-ban").as_dicts()
    assert [(r["at"], r["platform"], r["event"], r["version"]) for r in content] == [
        ("2025-03-05T09:00:00Z", "Alpha AI", "gained", f"{ALPHA}@2025-03-05T09:00:00Z"),
        ("2025-05-01T13:00:00Z", "Beta Chat", "gained", f"{BETA}@2025-05-01T13:00:00Z"),
    ]
    age = reports.timeline(answering, "minimum-age").as_dicts()
    assert [(r["at"][:10], r["event"], r["clause_ids"]) for r in age] == [
        ("2025-01-10", "in first version", ["c-a-age"]),
        ("2025-06-01", "lost", ["c-a-age"]),
    ]
    assert (
        reports.timeline(answering, "minimum-age", as_of="2025-05-31").rows[-1][3]
        == "in first version"
    )


def test_coverage_matrix(answering, cypher):
    report = _same_on_reference(reports.coverage, answering, cypher, regime="EU")
    cells = {(r["platform"], r["category"]): r["clauses"] for r in report.as_dicts()}
    assert len(cells) == 3 * 24  # Alpha, Beta, Gamma; Delta is US-only
    assert cells[("Beta Chat", "governing-law")] == 1
    assert cells[("Gamma", "provider-trains-on-user-content")] == 1
    assert cells[("Alpha AI", "minimum-age")] == 0  # removed on 2025-06-01
    table = report.render(OutputFormat.table, width=200)
    assert "Alpha AI" in table.splitlines()[1] and "minimum-age" in table


def test_regulations_lists_articles_and_platforms(answering, cypher):
    rows = _same_on_reference(
        reports.regulations,
        answering,
        cypher,
        category="provider-trains-on-user-content",
        regime="EU",
    ).as_dicts()
    assert [(r["regulation"], r["article"], r["kind"]) for r in rows] == [
        ("gdpr", "6", "restricts")
    ]
    assert rows[0]["platforms"] == ["Alpha AI", "Gamma"]
    none = reports.regulations(answering, "minimum-age", "EU").as_dicts()
    assert none[0]["kind"] == "none" and none[0]["article"] is None


def test_stats_counts_everything(answering, cypher):
    rows = _same_on_reference(reports.stats, answering, cypher).as_dicts()
    counts = {r["item"]: r["count"] for r in rows if r["kind"] in ("node", "relationship")}
    assert counts["Platform"] == 4 and counts["Clause"] == 9 and counts["CONTAINS"] == 9
    assert counts["NAMES_JURISDICTION"] == 0 and counts["BROADER"] == 24
    labels = {r["item"]: r["count"] for r in rows if r["kind"] == "labels"}
    assert labels and set(labels) <= {"rules", "linear-v4", "embed-v3"}
    assert max(labels.values()) <= counts["CLASSIFIED_AS"] <= sum(labels.values())
    source = next(r for r in rows if r["kind"] == "source")
    assert source["count"] == 8
    assert "versions 2025-01-01T00:00:00Z to 2025-06-01T11:00:00Z" in source["detail"]


@pytest.mark.parametrize(
    ("call", "kind", "hint"),
    [
        (lambda r: reports.compare(r, "provider-trains-on-user-contnet"), "category", "provider"),
        (lambda r: reports.platform_profile(r, "Alpah AI"), "platform", "Alpha AI"),
        (lambda r: reports.training_restrictions(r, "EUU"), "regime", "EU"),
        (lambda r: reports.changes(r, platforms=["Gama"]), "platform", "Gamma"),
    ],
)
def test_unknown_names_list_close_matches(cypher, call, kind, hint):
    with pytest.raises(UnknownNameError, match=f"unknown {kind}") as caught:
        call(cypher)
    assert any(hint in m for m in caught.value.close_matches), caught.value


def test_similar_needs_exactly_one_of_clause_or_text(cypher):
    with pytest.raises(InputError, match="either"):
        reports.similar(cypher)
    with pytest.raises(InputError, match="no clause"):
        reports.similar(cypher, clause="c-nope")


def test_json_keys_are_snake_case_with_platform_and_category(cypher):
    for report in (
        reports.training_restrictions(cypher, "EU"),
        reports.compare(cypher, "minimum-age"),
        reports.coverage(cypher, "EU"),
        reports.changes(cypher),
        reports.timeline(cypher, "minimum-age"),
    ):
        objects = json.loads(report.render(OutputFormat.json))
        assert objects
        for key in objects[0]:
            assert key == key.lower() and "-" not in key and " " not in key
        assert "platform" in objects[0] and "category" in objects[0]


def test_labellers_count_each_rule_set_and_model_once_per_label(tmp_path) -> None:
    """From the stored methods; a rule+model label counts for both; opt-in models named."""
    from govgraph.classifier_choice import ClassifierChoice
    from govgraph.graph.embedded import EmbeddedStore
    from govgraph.ingest import load_source
    from govgraph.queries.canned import StoreRunner
    from govgraph.queries.reports import labellers
    from tests.test_ingest import ListLoader

    text = (
        "# Terms\n\nWe use the content you provide to improve and train our machine learning "
        "models.\n\nThese Terms are governed by the laws of Ireland.\n"
    )
    path = tmp_path / "store"
    history = [("2026-01-01T10:00:00Z", text, False)]
    load_source(ListLoader(history, head="h"), path, classifier=ClassifierChoice(True))
    with EmbeddedStore.open(path) as store:
        methods = [m for (m,) in store.query("MATCH ()-[r:CLASSIFIED_AS]->() RETURN r.method").rows]
        found = {item.name: item for item in labellers(StoreRunner(store))}
    expected: dict[str, int] = {}
    for method in methods:
        for name in {
            "rules" if p.startswith("rule:") else p.split(":")[1] for p in method.split("+")
        }:
            expected[name] = expected.get(name, 0) + 1
    assert {name: item.labels for name, item in found.items()} == expected
    assert "contextual-v1" in found and found["contextual-v1"].description.endswith("(opt-in)")
    assert found["rules"].description == "named phrase rules"
