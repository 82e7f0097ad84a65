"""Which classifier labels a load: the default, or with the opt-in models and convention.

Why a value of its own: a store's clauses are classified once, when first loaded, so every
later load into the same store must label its new clauses the same way, or one question
would be answered by two classifiers at once. The store records the choice by its version
string (``govgraph.classify.classifier_version``); this turns that string back into the
choice, so a later load or ``watch`` can carry it on and a conflicting one can be refused.

It imports the classifier only when asked to classify or to name the version: a load
that finds nothing new, or is refused, should not pay for loading the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from govgraph.errors import InputError

if TYPE_CHECKING:
    from govgraph.classify import Label

# How the 8 CLAUDETTE categories are read (govgraph.classify.classify_many says why).
CONVENTIONS = ("definitions", "claudette")
# The version-string parts that name each opt-in (classifier_version appends them).
_CONTEXTUAL_PART = "+contextual-"
_CLAUDETTE_PART = "+claudette-"


@dataclass(frozen=True)
class ClassifierChoice:
    """The models and the convention ``classify_many`` is called with."""

    contextual: bool = False
    convention: str = "definitions"

    def __post_init__(self) -> None:
        if self.convention not in CONVENTIONS:
            raise ValueError(
                f"unknown convention {self.convention!r}; expected one of {CONVENTIONS}"
            )

    @property
    def version(self) -> str:
        """The classifier's version string, as stored and as ``govgraph classify`` names it."""
        from govgraph.classify import classifier_version

        return classifier_version(self.contextual, self.convention)

    @property
    def options(self) -> str:
        """How to ask for this choice on the command line (for error messages)."""
        parts = []
        if self.contextual:
            parts.append("--model contextual")
        if self.convention != "definitions":
            parts.append(f"--convention {self.convention}")
        return " ".join(parts) or "the default (no --model or --convention)"

    def classify_many(self, texts: list[str]) -> list[list[Label]]:
        from govgraph.classify import classify_many

        return classify_many(texts, contextual=self.contextual, convention=self.convention)

    @classmethod
    def of_version(cls, version: str) -> ClassifierChoice:
        """The choice a stored version string was made with (model versions aside)."""
        return cls(
            contextual=_CONTEXTUAL_PART in version,
            convention="claudette" if _CLAUDETTE_PART in version else "definitions",
        )


DEFAULT = ClassifierChoice()


# What a store written before stores recorded their classifier is taken to hold: only the
# default could label a load then.
UNRECORDED = "the default classifier (recorded before stores named theirs)"


def choice_for_store(
    requested: ClassifierChoice | None, recorded: str | None, store: object
) -> ClassifierChoice:
    """The choice a load into a store must use: the store's, unless this is its first.

    ``requested`` is what the command line asked for (None: nothing), ``recorded`` the
    version string the store's clauses were labelled with (None: no clauses yet). A
    request that differs from the store's is refused rather than mixed in.
    """
    if recorded is None:
        return requested or DEFAULT
    kept = ClassifierChoice.of_version(recorded)
    if requested is None or requested == kept:
        return kept
    raise InputError(
        f"the store {store} was labelled by {recorded} ({kept.options}); this load asks "
        f"for {requested.options}, and one store must not mix two classifiers' labels: "
        "load into a new store (--store DIR), or leave the option out to keep the store's"
    )
