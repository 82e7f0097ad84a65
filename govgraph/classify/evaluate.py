"""Score the classifier against a gold JSONL file: per-category P/R/F1, micro and macro.

Macro-F1 averages over the categories present in the gold file (at least one gold
positive): a category that never occurs in gold has no recall to measure, and counting
it as 0 or 1 would say more about the file than the classifier. An explicit list (a
group such as ai-governance) adds its absent categories that the classifier predicted
anyway, at F1 0, since their false positives are errors; an absent category that is
never predicted is listed but left out of the average (counting it as 0 turned the
seven AI categories of a set holding three of them into a macro-F1 of 0.25 for three
F1s of 0.5-0.7). False positives always count in micro-F1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from govgraph.categories import category_ids
from govgraph.classify import classify_many
from govgraph.errors import InputError


@dataclass(frozen=True)
class GoldItem:
    id: str
    text: str
    categories: frozenset[str]


@dataclass(frozen=True)
class CategoryScore:
    category: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int
    true_positives: int


@dataclass(frozen=True)
class Report:
    rows: tuple[CategoryScore, ...]
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_f1: float
    items: int


def read_gold(path: Path) -> list[GoldItem]:
    """Gold lines with "id", "text" and "categories"; blank lines are skipped."""
    known = set(category_ids())
    items: list[GoldItem] = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as error:
        raise InputError(f"cannot read gold file {path}: {error.strerror}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{number}: invalid JSON ({error.msg})") from None
        if not isinstance(raw, dict) or not {"id", "text", "categories"} <= raw.keys():
            raise InputError(f'{path}:{number}: needs "id", "text" and "categories"')
        if not isinstance(raw["text"], str) or not isinstance(raw["categories"], list):
            raise InputError(f'{path}:{number}: "text" must be a string, "categories" a list')
        for category in raw["categories"]:
            if category not in known:
                raise InputError(f"{path}:{number}: unknown category {category!r}")
        items.append(GoldItem(str(raw["id"]), raw["text"], frozenset(raw["categories"])))
    return items


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(
    gold: Sequence[frozenset[str]],
    predicted: Sequence[Iterable[str]],
    categories: Sequence[str] | None = None,
) -> Report:
    """Compare predicted category sets with gold sets (same order)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predictions differ in length")
    pred_sets = [frozenset(p) for p in predicted]
    if categories is None:
        present = set().union(*gold) if gold else set()
        categories = [c for c in category_ids() if c in present]
    rows: list[CategoryScore] = []
    tp_all = fp_all = fn_all = 0
    for category in categories:
        tp = sum(1 for g, p in zip(gold, pred_sets, strict=True) if category in g and category in p)
        support = sum(1 for g in gold if category in g)
        n_pred = sum(1 for p in pred_sets if category in p)
        precision, recall = _ratio(tp, n_pred), _ratio(tp, support)
        rows.append(
            CategoryScore(category, precision, recall, _f1(precision, recall), support, n_pred, tp)
        )
        tp_all += tp
        fp_all += n_pred - tp
        fn_all += support - tp
    micro_p, micro_r = _ratio(tp_all, tp_all + fp_all), _ratio(tp_all, tp_all + fn_all)
    averaged = [r for r in rows if r.support or r.predicted]
    macro = sum(r.f1 for r in averaged) / len(averaged) if averaged else 0.0
    return Report(tuple(rows), micro_p, micro_r, _f1(micro_p, micro_r), macro, len(gold))


def evaluate(
    path: Path,
    categories: Sequence[str] | None = None,
    contextual: bool = False,
    convention: str = "definitions",
) -> Report:
    """Classify every gold text (with the models and convention asked for) and score it."""
    items = read_gold(path)
    labels = classify_many([i.text for i in items], contextual=contextual, convention=convention)
    predicted = [[label.category for label in ls] for ls in labels]
    return score([i.categories for i in items], predicted, categories)
