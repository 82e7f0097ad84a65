"""Change summaries on a tiny hand-made history: what gives a summary and what does not.

One document, six commits: a first record, a formatting-only edit, a technical re-record
that changes the text, an added AI-output training ban, an edited age clause, and a swap
of the ban for a clause that trains on user content.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govgraph.graph.embedded import EmbeddedStore
from govgraph.ingest import load_source
from govgraph.loaders.ota import OtaRepository
from govgraph.monitor.events import (
    FLAG_RESTRICTION_REMOVED,
    FLAG_TRAINS_ON_CONTENT,
    change_summaries,
    severity_of,
)
from govgraph.queries.canned import StoreRunner
from govgraph.reference import regime
from tests.monitor.conftest import git

DOC = "Acme/Terms of Service.md"
AGE_13 = "You must be at least 13 years old to use the Services."
AGE_18 = "You must be at least 18 years old to use the Services."
LAW = "These Terms are governed by the laws of Ireland."
BAN = "You may not use Output to develop models that compete with us."
TRAINS = "We may use your Content to train and improve our models."
HISTORY = [
    ("First record of Acme Terms of Service", "2026-03-01T10:00:00Z", [AGE_13, LAW]),
    ("Record new changes of Acme Terms of Service", "2026-03-02T10:00:00Z",
     ["**You must** be at least 13 years old to use the *Services*.", LAW]),
    ("Refilter Acme Terms of Service", "2026-03-03T10:00:00Z", [AGE_13, LAW, "Cookie banner."]),
    ("Record new changes of Acme Terms of Service", "2026-03-04T10:00:00Z",
     [AGE_13, LAW, "Cookie banner.", BAN]),
    ("Record new changes of Acme Terms of Service", "2026-03-05T10:00:00Z",
     [AGE_18, LAW, "Cookie banner.", BAN]),
    ("Record new changes of Acme Terms of Service", "2026-03-06T10:00:00Z",
     [AGE_18, LAW, "Cookie banner.", TRAINS]),
]  # fmt: skip


def make_acme(folder: Path, commits: int = len(HISTORY)) -> Path:
    """The hand-made collection 'acme-eu' (EU inferred from its name), first ``commits``."""
    repo = folder / "acme-eu"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("# Versions of terms from the *acme-eu* collection\n")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "Initial commit", date="2026-02-28T10:00:00Z")
    for message, date, paragraphs in HISTORY[:commits]:
        path = repo / DOC
        path.parent.mkdir(exist_ok=True)
        path.write_text("# Terms of Service\n\n" + "\n\n".join(paragraphs) + "\n")
        git(repo, "add", DOC)
        git(repo, "commit", "-q", "-m", message, date=date)
    return repo


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("acme")
    repo = make_acme(folder)
    store = folder / "store"
    load_source(OtaRepository(repo), store)
    with EmbeddedStore.open(store) as db:
        summaries = change_summaries(StoreRunner(db))
    return {s.recorded_at[:10]: s for s in summaries}


def test_first_formatting_only_and_technical_versions_give_no_summary(acme):
    assert sorted(acme) == ["2026-03-04", "2026-03-05", "2026-03-06"]


def test_an_added_training_ban_is_a_gained_category_of_medium_severity(acme):
    s = acme["2026-03-04"]
    assert [c.text for c in s.added] == [BAN]
    assert s.added[0].categories == ["ai-output-training-ban"]
    assert not s.removed and not s.modified
    assert s.categories_gained == ["ai-output-training-ban"] and not s.categories_lost
    assert s.severity == "medium" and not s.flags
    assert s.platform == "Acme" and s.terms_type == "Terms of Service"
    assert s.jurisdiction == "EU" and s.regimes == ["EU"]
    assert s.id == "acme/terms-of-service/EU@2026-03-04T10:00:00Z"
    assert s.headline == (
        "Acme Terms of Service (EU) changed 2026-03-04: 1 added clause(s); "
        "gained ai-output-training-ban"
    )


def test_an_edited_clause_is_modified_with_a_word_diff_and_low_severity(acme):
    s = acme["2026-03-05"]
    assert not s.added and not s.removed
    (m,) = s.modified
    assert (m.old_text, m.new_text) == (AGE_13, AGE_18)
    assert "[-13-]{+18+}" in m.diff
    assert ["delete", "13"] in m.diff_ops and ["insert", "18"] in m.diff_ops
    assert m.old_categories == m.new_categories == ["minimum-age"]
    assert s.severity == "low" and not s.categories_gained and not s.categories_lost


def test_losing_a_ban_and_gaining_training_on_content_is_flagged_first(acme):
    s = acme["2026-03-06"]
    assert s.categories_lost == ["ai-output-training-ban"]
    assert s.categories_gained == ["provider-trains-on-user-content"]
    assert s.severity == "high"
    assert s.flags == [FLAG_RESTRICTION_REMOVED, FLAG_TRAINS_ON_CONTENT]
    assert s.headline.startswith(
        "AI-TRAINING RESTRICTION REMOVED + TRAINING ON USER CONTENT ADDED: Acme Terms"
    )
    data = s.to_dict()
    assert list(data)[:2] == ["id", "headline"]
    assert data["headline"] == s.headline


def test_mapped_articles_are_of_the_touched_categories_in_force_that_day(acme):
    s = acme["2026-03-06"]
    assert s.articles, "the bundled mapping maps the training categories in the EU"
    in_force = set(regime("EU", "2026-03-06").regulations)
    for article in s.articles:
        assert article.category in s.categories
        assert article.regulation in in_force
    assert s.regulations == sorted({a.regulation_name for a in s.articles})


@pytest.mark.parametrize(
    ("gained", "lost", "severity", "flags"),
    [
        ([], [], "low", []),
        (["arbitration"], [], "medium", []),
        ([], ["minimum-age"], "medium", []),
        ([], ["ai-content-training-ban"], "high", [FLAG_RESTRICTION_REMOVED]),
        (["provider-trains-on-user-content"], [], "high", [FLAG_TRAINS_ON_CONTENT]),
        (["ai-output-training-ban"], [], "medium", []),
    ],
)
def test_severity(gained, lost, severity, flags):
    assert severity_of(gained, lost) == (severity, flags)
