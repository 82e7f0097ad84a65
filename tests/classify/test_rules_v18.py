"""Rules v18: data-subject-rights, content-removal, termination headings and veto rules.

Every example was written for these tests (industry-typical phrasings), not copied from an
evaluation set. Positives must give the label, by the named rule; near misses must not.
"""

from __future__ import annotations

import pytest

from govgraph.classify import classify, rules_and_linear
from govgraph.classify.linear import load_model
from govgraph.classify.rules import fire_rules, load_rules

POSITIVE = [
    ("data-subject-rights.rights-list", "Restriction of processing: you may ask us to pause it."),
    (
        "data-subject-rights.rights-list",
        "Residents of some states have specific privacy rights under local law.",
    ),
    (
        "data-subject-rights.rights-list",
        "The law gives you rights over your personal data held by us.",
    ),
    (
        "data-subject-rights.rights-list",
        "You have the right to ask us to stop sending your details to partners.",
    ),
    (
        "data-subject-rights.ad-choices",
        "You can stop receiving personalized ads by changing your ad settings.",
    ),
    (
        "data-subject-rights.ad-choices",
        "If you prefer not to see targeted advertising, you may opt out in Settings.",
    ),
    ("content-removal.provider-removes", "We also remove videos that promote violence."),
    (
        "content-removal.appeal-removal",
        "If we removed your post by mistake, you can appeal the decision in the app.",
    ),
    ("content-removal.heading", "7. Content Removal and Account Suspension"),
    ("unilateral-termination.heading", "Suspending or Terminating Your Account"),
    ("unilateral-termination.heading", "12. Termination and Suspension"),
    (
        "liability-limitation.not-liable",
        "No conditions, warranties or other terms apply to the App unless set out here.",
    ),
    ("liability-limitation.not-liable", "We do not make any warranty about the quality of maps."),
    (
        "liability-limitation.output-accuracy",
        "The assistant may sometimes be inaccurate, so check facts before relying on answers.",
    ),
]

NEGATIVE = [
    # Someone else's access to the data is not the user's right of access.
    ("data-subject-rights", "Our vendors may access your personal data to run the servers."),
    ("data-subject-rights", "When you access our website, your data may be stored in the US."),
    # A consumer's right to withdraw from a purchase is not a data right.
    ("data-subject-rights", "You have a right of withdrawal from your order within 14 days."),
    # Other parties must disclose; that is not the provider sharing data.
    (
        "third-party-data-sharing",
        "Advertisers must clearly disclose all fees as required by local laws.",
    ),
    ("content-removal", "You can remove your own posts from your profile."),
    ("unilateral-termination", "How to delete your account"),
    ("unilateral-termination", "Effects of Termination"),
]


@pytest.mark.parametrize(("rule", "text"), POSITIVE)
def test_the_rule_fires_and_labels(rule: str, text: str) -> None:
    assert rule in {hit.name for hit, _, _ in fire_rules(text)}, text
    category = rule.split(".")[0]
    labels = {label.category: label for label in classify(text)}
    assert category in labels, text


@pytest.mark.parametrize(("category", "text"), NEGATIVE)
def test_near_misses_do_not_label(category: str, text: str) -> None:
    assert category not in {label.category for label in classify(text)}, text


DISCONTINUE = "Acme may change, suspend or discontinue any aspect of the Service at any time."


def test_a_veto_rule_never_labels_and_drops_the_models_label() -> None:
    fired = {hit.name for hit, _, _ in fire_rules(DISCONTINUE)}
    assert "unilateral-termination.service-discontinued" in fired
    assert "unilateral-termination" not in {label.category for label in classify(DISCONTINUE)}
    # Without the veto the linear model would label it (the reason the rule exists).
    assert "unilateral-termination" in load_model().predict(DISCONTINUE)
    _, loaded = load_rules()
    veto = next(r for r in loaded if r.name == "unilateral-termination.service-discontinued")
    assert veto.veto and not veto.decisive
    # The change itself is still found.
    assert "unilateral-change" in {label.category for label in classify(DISCONTINUE)}


def test_the_veto_stands_aside_when_the_users_account_is_named() -> None:
    text = "Acme may suspend or discontinue the Service or your account at any time."
    assert "unilateral-termination.service-discontinued" not in {
        hit.name for hit, _, _ in fire_rules(text)
    }
    assert "unilateral-termination" in {label.category for label in classify(text)}


def test_a_decisive_rule_wins_over_a_veto() -> None:
    text = "Acme may discontinue the Service, and Acme may terminate your account at any time."
    fired = fire_rules(text)
    decisive = [hit.name for hit, _, _ in fired if hit.decisive]
    assert any(name.startswith("unilateral-termination.") for name in decisive)
    assert "unilateral-termination" in {label.category for label in rules_and_linear(text)}


def test_the_version_is_18() -> None:
    assert load_rules()[0] == 18


def test_a_rule_cannot_be_both_decisive_and_a_veto() -> None:
    from govgraph.classify.rules import parse_rules
    from govgraph.errors import InputError

    text = (
        "version: 1\ngates: {}\ncategories:\n  unilateral-termination:\n"
        "    - name: unilateral-termination.x\n      match: 'x'\n"
        "      decisive: true\n      veto: true\n"
    )
    with pytest.raises(InputError, match="both decisive and a veto"):
        parse_rules(text)
