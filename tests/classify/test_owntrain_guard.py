"""The provider saying what it does (not) train its own models on is not a ban on users.

The flagship report lists restrictions on training; a privacy policy's "we do not use your
Input and Output to train our models" read as an output-training ban puts the provider's
own practice in that list (Le Chat's privacy policy and commercial terms did, rules v12).
"""

from __future__ import annotations

import pytest

from govgraph.classify import classify


def _categories(text: str) -> set[str]:
    return {label.category for label in classify(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Please note that we do not use your Input and Output to train our artificial "
        "intelligence models when you use the paid version of our APIs.",
        "Acme will not use Customer Data or Outputs to train its machine learning models "
        "except where you have opted in.",
        "By using preview models, you acknowledge that we may use Customer Data and Outputs "
        "generated from them to train our artificial intelligence models.",
    ],
)
def test_provider_own_training_is_not_an_output_training_ban(text: str) -> None:
    assert "ai-output-training-ban" not in _categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "You may not use Output to develop models that compete with Acme.",
        "You must not use any Outputs to train artificial intelligence models.",
    ],
)
def test_bans_on_users_still_fire(text: str) -> None:
    assert "ai-output-training-ban" in _categories(text)
