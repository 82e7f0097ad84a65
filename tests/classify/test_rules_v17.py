"""Rules v17: the liability-limitation rules label on their own, as categories.yaml reads it.

The definition includes "as is" warranty disclaimers; CLAUDETTE's tags do not, so until v16
the linear model (trained on CLAUDETTE) vetoed the general disclaimer rules. Since the
CLAUDETTE reading has a convention of its own (``--convention claudette``), the default
follows the definition: not-liable and no-guarantee are decisive, and not-a-party is new.
Every example was written for these tests (industry-typical phrasings), not copied from an
evaluation set. Each must give the label, by the named rule; the negatives must not.
"""

from __future__ import annotations

import pytest

from govgraph.classify import classify
from govgraph.classify.rules import fire_rules, load_rules

POSITIVE = [
    (
        "liability-limitation.not-a-party",
        "Acme is not a party to any contract between buyers and sellers.",
    ),
    (
        "liability-limitation.not-a-party",
        "We act as a platform only and are not an agent of any host.",
    ),
    (
        "liability-limitation.not-a-party",
        "Any such purchase is solely between you and the merchant.",
    ),
    (
        "liability-limitation.not-a-party",
        "Your sole and exclusive remedy is to stop using the App.",
    ),
    (
        "liability-limitation.not-a-party",
        "The insights are not a substitute for professional medical advice or diagnosis.",
    ),
    ("liability-limitation.not-a-party", "Delivery times are outside our control."),
    (
        "liability-limitation.no-guarantee",
        "We do not guarantee that the forecasts will be accurate.",
    ),
    ("liability-limitation.no-guarantee", "You use the maps at your own risk."),
    ("liability-limitation.not-liable", "Acme will not be liable for delays caused by carriers."),
]

NEGATIVE = [
    "We share your data with third parties such as payment processors.",  # "party"
    "You may appoint an agent to make a privacy request on your behalf.",  # "agent"
    "Sellers must describe their items accurately.",  # "seller"
    "You can control which apps can access your photos in Settings.",  # "control"
    "These Terms do not create any third-party beneficiary rights.",
]


@pytest.mark.parametrize(("rule", "text"), POSITIVE)
def test_the_rule_fires_and_labels_on_its_own(rule: str, text: str) -> None:
    assert rule in {hit.name for hit, _, _ in fire_rules(text)}
    labels = {label.category: label for label in classify(text)}
    assert "liability-limitation" in labels, text
    assert "rule:liability-limitation." in labels["liability-limitation"].method


@pytest.mark.parametrize("text", NEGATIVE)
def test_near_misses_do_not_label(text: str) -> None:
    assert "liability-limitation" not in {label.category for label in classify(text)}


def test_the_general_rules_are_decisive_and_the_gate_covers_them() -> None:
    version, loaded = load_rules()
    assert version == 17
    rules = {rule.name: rule for rule in loaded}
    for name in ("not-liable", "no-guarantee", "not-a-party"):
        assert rules[f"liability-limitation.{name}"].decisive
    gate = rules["liability-limitation.not-a-party"].gate
    for word in rules["liability-limitation.not-a-party"].own_gate:
        assert any(g in word for g in gate), word  # the category gate is never narrower
