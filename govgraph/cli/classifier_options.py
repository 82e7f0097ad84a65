"""The classifier options shared by ``classify``, ``eval`` and ``load``: --model, --convention.

Each opt-in needs a bundled model file; asking for one that this install lacks is a
one-line error before any input is read.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from govgraph.classifier_choice import ClassifierChoice
from govgraph.errors import InputError


class Model(StrEnum):
    """Which classifier: the fast default, or it plus the fine-tuned contextual model."""

    default = "default"
    contextual = "contextual"


ModelOption = Annotated[
    Model,
    typer.Option(
        "--model",
        help="default: rules, linear and embedding models (~2,300 clauses per CPU-second); "
        "contextual: adds the fine-tuned MiniLM model for the 16 non-CLAUDETTE categories "
        "(more recall on unseen wording; ~40 clauses per CPU-second, ~80 per second on two "
        "cores).",
        case_sensitive=False,
    ),
]


class Convention(StrEnum):
    """How the 8 CLAUDETTE categories are read (govgraph.classify.classify_many says why)."""

    definitions = "definitions"
    claudette = "claudette"


ConventionOption = Annotated[
    Convention,
    typer.Option(
        "--convention",
        help="definitions: the 8 CLAUDETTE categories as categories.yaml defines them, "
        "procedure and context included; claudette: as CLAUDETTE tags them (the core "
        "sentence only), decided by claudette-v2, an encoder fine-tuned on CLAUDETTE "
        "(for comparing with CLAUDETTE-labelled data; ~35 clauses per CPU-second).",
        case_sensitive=False,
    ),
]


def _require_bundled(option: str, file_name: str, trainer: str) -> None:
    """A one-line error, before any input is read, when an opt-in model is not installed."""
    from govgraph.classify.contextual import bundled

    if not bundled(file_name):
        raise InputError(f"{option}: this install has no {file_name}; build it with eval/{trainer}")


def convention_of(convention: Convention) -> str:
    if convention is Convention.claudette:
        from govgraph.classify.contextual import CLAUDETTE_MODEL_FILE

        _require_bundled(
            "--convention claudette", CLAUDETTE_MODEL_FILE, "train_contextual_claudette.py"
        )
    return convention.value


def contextual_of(model: Model) -> bool:
    if model is not Model.contextual:
        return False
    from govgraph.classify.contextual import MODEL_FILE

    _require_bundled("--model contextual", MODEL_FILE, "train_contextual.py")
    return True


LoadModelOption = Annotated[
    Model | None,
    typer.Option(
        "--model",
        help="Which classifier labels new clauses (see `govgraph classify --help`): default "
        "or contextual. Left out: the one the store was labelled with (default for a new "
        "store). A store keeps one classifier; asking for another is refused.",
        case_sensitive=False,
    ),
]

LoadConventionOption = Annotated[
    Convention | None,
    typer.Option(
        "--convention",
        help="How the 8 CLAUDETTE categories are read (see `govgraph classify --help`). "
        "Left out: the store's (definitions for a new store).",
        case_sensitive=False,
    ),
]


def choice_of(model: Model | None, convention: Convention | None) -> ClassifierChoice | None:
    """The classifier a load asked for; None when it named neither option (keep the store's).

    Naming one option asks for the default of the other: ``--model contextual`` alone means
    the definitions convention.
    """
    if model is None and convention is None:
        return None
    return ClassifierChoice(
        contextual=contextual_of(model or Model.default),
        convention=convention_of(convention or Convention.definitions),
    )
