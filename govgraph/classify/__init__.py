"""Classify clauses into the provision categories, with evidence for every label.

    >>> from govgraph.classify import classify
    >>> [label.category for label in classify("Using Output to develop models that compete with OpenAI.")]
    ['ai-output-training-ban']

Three methods, all auditable:

* named phrase rules (``rules.yaml``) for all 24 categories: the label's ``method`` is
  ``rule:<name>`` and its evidence is the matched span;
* a small linear model (``linear.json.gz``, ``linear-v4``: TF-IDF word n-grams and rule
  firings + logistic regression, trained by ``eval/train_claudette.py`` on the CLAUDETTE
  corpus; the format also carries character n-grams and Platt-scaled SVM weights, which
  were measured and not shipped) for the 8 CLAUDETTE categories.
  Its evidence is the sentence of the clause whose n-grams weigh most for the category;
* an embedding model (``embedding.npz``, ``embed-v3``: static token vectors distilled
  from all-MiniLM-L6-v2 and a logistic regression per category, trained by
  ``eval/train_embedding.py`` on the hand-labelled OTA paragraphs of ``eval/dev``) for 8
  of the other 16 (the training script says which and why): it adds a category only when
  confident and when neither of the above gave it, because paraphrases escape the rules
  (embedding.py says why and how);
* opt-in (``classify_many(..., contextual=True)``, ``govgraph classify --model
  contextual``), a fine-tuned MiniLM encoder run in numpy (``contextual.npz``, trained by
  ``eval/train_contextual.py``) for the 16 non-CLAUDETTE categories, added last in the
  same way: more recall on unseen wording, about 50 times the CPU time (contextual.py);
* opt-in (``convention="claudette"``, ``govgraph classify --convention claudette``), the
  same encoder fine-tuned on CLAUDETTE's own tags (``claudette.npz``, ``claudette-v2``,
  trained by ``eval/train_contextual_claudette.py``), which then decides the 8 CLAUDETTE
  categories alone, to reproduce CLAUDETTE's narrower tagging (see below).

CLAUDETTE labels only the core sentence of a provision, while the category definitions
include its procedure and context; "decisive" rules (provider-subject removal and
termination statements, arbitration, governing law, forum, change, acceptance, warranty
disclaimers) therefore label on their own, so that paragraphs follow the definitions.
bench/results/classify.md records what that costs against CLAUDETTE's labels.

Deterministic, offline, pure Python. ``CLASSIFIER_VERSION`` changes whenever rules or
weights change, so the ingest knows when stored labels are stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from govgraph.classifier_choice import CONVENTIONS
from govgraph.classify.contextual import (
    ContextualModel,
    load_claudette_model,
    load_contextual_model,
)
from govgraph.classify.embedding import (
    EmbeddingModel,
    embedding_model_name,
    load_embedding_model,
)
from govgraph.classify.linear import load_model
from govgraph.classify.rules import best_per_category, fire_rules, load_rules

__all__ = [
    "CLASSIFIER_VERSION",
    "CONVENTIONS",
    "Label",
    "classifier_version",
    "classify",
    "classify_many",
]


@dataclass(frozen=True, slots=True)
class Label:
    """One category of one clause, with what produced it and the words that show it."""

    category: str
    confidence: float
    method: str
    evidence: str
    evidence_start: int
    evidence_end: int


def _version() -> str:
    rules_version = load_rules()[0]
    model = load_model()
    embedding = embedding_model_name()
    suffix = f"+{embedding}" if embedding is not None else ""
    return f"rules-v{rules_version}+{model.name}{suffix}"


CLASSIFIER_VERSION: str = _version()


def classify(text: str) -> list[Label]:
    """Labels of one clause (a paragraph or list item), sorted by category id.

    For the 8 categories the linear model covers, the model decides (its features
    include the rule firings, so it has learned how far each rule is trusted in
    CLAUDETTE's labelling) except that a ``decisive`` rule (precise on CLAUDETTE too)
    stands on its own; a firing rule supplies the evidence span when there is one. The
    other 16 categories are decided by the rules. Then the embedding model adds the
    categories it is confident of (probability >= its threshold) that neither gave:
    it catches paraphrases the phrase rules were not written from.
    """
    return classify_many([text])[0]


def _with_model(
    text: str,
    labels: list[Label],
    scores: dict[str, float],
    model: EmbeddingModel | ContextualModel,
) -> list[Label]:
    """Add a model's categories that the labels so far do not have, with its evidence."""
    given = {label.category for label in labels}
    new = [category for category in scores if category not in given]
    if not new:
        return labels
    kind = "embedding" if isinstance(model, EmbeddingModel) else "contextual"
    method = f"{kind}:{model.name}"
    added = [
        Label(category, round(scores[category], 4), method, text[start:end], start, end)
        for category, (start, end) in model.evidence(text, new).items()
    ]
    return sorted(labels + added, key=lambda label: label.category)


def rules_and_linear(text: str) -> list[Label]:
    """The labels of the rules and the linear model alone (without the embedding model).

    Public for the embedding model's training script, which measures what the embedding
    model adds to them.
    """
    if not isinstance(text, str):
        raise TypeError(f"classify() needs a str, got {type(text).__name__}")
    model = load_model()
    covered = set(model.categories)
    fired = fire_rules(text)
    hits = best_per_category(fired)
    decisive = best_per_category([hit for hit in fired if hit[0].decisive])
    labels: dict[str, Label] = {}
    for category, (rule, start, end) in hits.items():
        if category in covered:
            if category not in decisive:
                continue
            rule, start, end = decisive[category]
        labels[category] = Label(
            category, rule.confidence, f"rule:{rule.name}", text[start:end], start, end
        )
    for category, (probability, start, end) in model.predict(text, fired).items():
        current = labels.get(category)
        if current is not None:
            # A decisive rule and the model agree: the rule's evidence, both methods.
            confidence = 1.0 - (1.0 - current.confidence) * (1.0 - probability)
            labels[category] = Label(
                category,
                round(confidence, 4),
                f"model:{model.name}+{current.method}",
                current.evidence,
                current.evidence_start,
                current.evidence_end,
            )
            continue
        method = f"model:{model.name}"
        if category in hits:
            rule, start, end = hits[category]
            method += f"+rule:{rule.name}"
        labels[category] = Label(
            category, round(probability, 4), method, text[start:end], start, end
        )
    return [labels[c] for c in sorted(labels)]


def classify_many(
    texts: Iterable[str], contextual: bool = False, convention: str = "definitions"
) -> list[list[Label]]:
    """Labels of many clauses, in order; identical texts are classified once.

    The embedding model scores the distinct texts in batches (see EmbeddingModel). With
    ``contextual``, the fine-tuned contextual model (contextual.py) then adds the
    categories it is confident of, among those it is active for, that nothing else gave:
    more accurate on unseen wording, about 50 times slower, so opt-in.

    ``convention`` says how the 8 CLAUDETTE categories are read. ``definitions`` (the
    default) follows categories.yaml as the OTA guidelines apply it: a provision's
    procedure and context count, so decisive rules label on their own. ``claudette``
    reproduces CLAUDETTE's tagging, which marks only a provision's core sentence: those 8
    categories then come from claudette-v2 alone, an encoder fine-tuned on CLAUDETTE's
    tags (contextual.load_claudette_model), at the contextual model's cost. It is for
    comparing with CLAUDETTE-labelled data; bench/results/classify.md measures both.
    """
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; expected one of {CONVENTIONS}")
    texts = list(texts)
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"classify() needs a str, got {type(text).__name__}")
    distinct = list(dict.fromkeys(texts))
    labels = {text: rules_and_linear(text) for text in distinct}
    embedding = load_embedding_model()
    if embedding is not None:
        for text, scores in zip(distinct, embedding.scores_many(distinct), strict=True):
            if scores:
                labels[text] = _with_model(text, labels[text], scores, embedding)
    if contextual:
        model = load_contextual_model()
        for text, scores in zip(distinct, model.scores_many(distinct), strict=True):
            if scores:
                labels[text] = _with_model(text, labels[text], scores, model)
    if convention == "claudette":
        model = load_claudette_model()
        replaced = set(model.active)
        for text, scores in zip(distinct, model.scores_many(distinct), strict=True):
            kept = [label for label in labels[text] if label.category not in replaced]
            labels[text] = _with_model(text, kept, scores, model) if scores else kept
    return [labels[text] for text in texts]


def classifier_version(contextual: bool = False, convention: str = "definitions") -> str:
    """The version string of the classifier with the models and convention asked for."""
    version = CLASSIFIER_VERSION
    if contextual:
        version += f"+{load_contextual_model().name}"
    if convention == "claudette":
        version += f"+{load_claudette_model().name}"
    return version
