"""Does a small model trained on our OTA development paragraphs add recall to the rules?

Experiment (issue #4, session 2): the phrase rules reach macro-F1 0.86-0.95 on the
development sets they were tuned on, but a fresh blind set (dev3) scored recall 0.56
before tuning. Hypothesis: one class-balanced logistic regression per category, trained
on all labelled OTA development paragraphs and OR-combined with the current classifier
at a high-precision threshold, recovers unseen phrasings.

Data: eval/dev/{genai,platforms,pga-heldout,vlops-heldout,dev3}.jsonl (multi-label over
the 24 categories). The round-2/3 held-out files (heldout2*, heldout3*) are never read.

Evaluation: 5-fold cross-validation grouped by ``service`` (GroupKFold, deterministic).
Compared per category and as macro-F1 (over categories with gold positives) and micro
P/R/F1:
* "classifier alone": govgraph.classify.classify() as shipped (rules + CLAUDETTE model);
* "classifier OR model": plus the OTA model's labels above a per-category threshold
  chosen by nested 3-fold service-grouped CV on each outer fold's training services: the
  threshold maximising the inner folds' combined F1 subject to the model's own precision
  >= ``--min-precision`` there; a category whose inner folds gain nothing gets no model.
Only categories with >= 5 positives in the training rows get a model.

Features (the same functions as govgraph/classify/linear.py, so a shipped model computes
the same numbers at run time): TF-IDF word 1-2-grams (sublinear tf, l2, min_df 2),
optionally character 3-5-grams within words (``--char``) and one binary feature per
phrase rule (``--rule-features``).

A second reading (``--rules-at COMMIT --holdout dev3``): the classifier with the rules of
an earlier commit (v11, 8d70639, written before dev3 existed), the model trained on the
four older files and both scored on dev3, which was labelled blind against v11: the
closest simulation of "unseen phrasings" the development data allow.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python eval/train_ota.py                       # CV table
    .venv/bin/python eval/train_ota.py --char --rule-features
    .venv/bin/python eval/train_ota.py --rules-at 8d70639 --holdout dev3
    .venv/bin/python eval/train_ota.py --claudette ../shared/data/claudette  # + CLAUDETTE

Outcome (2026-11-27, bench/results/classify.md "ota-v1"): no gain (macro-F1 0.916 ->
0.915 words, 0.914 words+chars+rules; dev3 under v11 0.701 -> 0.736 from one added
label, 0.701 with chars+rules; CLAUDETTE sentences as extra training data for its 8
categories: 0.916 -> 0.916, nothing added), so no model was shipped; this script is the record.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from govgraph.categories import category_ids
from govgraph.classify import classify
from govgraph.classify import rules as rules_module
from govgraph.classify.rules import fire_rules, parse_rules

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_claudette import CODES as CLAUDETTE_CODES  # a sibling script
from train_claudette import CharBlock, char_counts
from train_claudette import load as load_sentences

REPO = Path(__file__).resolve().parents[1]
DEV_FILES = ("genai", "platforms", "pga-heldout", "vlops-heldout", "dev3")
CATEGORIES = list(category_ids())
CHAR_MIN_DF = 2  # character n-grams 3-5 within words, as train_claudette.py
MIN_POSITIVES = 5
GRID = np.round(np.arange(0.30, 0.991, 0.01), 2)  # probability thresholds tried


def use_rules_at(commit: str) -> None:
    """Run the classifier with the rules.yaml of an earlier commit (this process only)."""
    text = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{commit}:govgraph/classify/rules.yaml"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    parsed = parse_rules(text)
    rules_module.load_rules = lambda: parsed  # fire_rules reads it through _grouped()
    rules_module._grouped.cache_clear()


def load() -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Texts, gold matrix (paragraphs x 24), service groups and file of the dev files."""
    texts, labels, groups, files = [], [], [], []
    for name in DEV_FILES:
        path = REPO / "eval" / "dev" / f"{name}.jsonl"
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            texts.append(item["text"])
            labels.append([int(c in item["categories"]) for c in CATEGORIES])
            groups.append(item["service"])
            files.append(name)
    return texts, np.array(labels), np.array(groups), np.array(files)


def load_claudette(root: Path) -> tuple[list[str], np.ndarray]:
    """CLAUDETTE sentences with their labels in our 24 columns (any degree is positive).

    Only the 8 CLAUDETTE columns are meaningful; the other 16 are never trained on them.
    """
    texts, claudette_labels, _ = load_sentences(root)
    columns = [CATEGORIES.index(CLAUDETTE_CODES[code]) for code in CLAUDETTE_CODES]
    labels = np.zeros((len(texts), len(CATEGORIES)), dtype=int)
    labels[:, columns] = claudette_labels
    return texts, labels


def baseline(texts: list[str]) -> np.ndarray:
    """The shipped classifier's decisions."""
    out = np.zeros((len(texts), len(CATEGORIES)), dtype=int)
    for i, text in enumerate(texts):
        for label in classify(text):
            out[i, CATEGORIES.index(label.category)] = 1
    return out


def rule_matrix(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    names = [r.name for r in rules_module.load_rules()[1]]
    column = {n: j for j, n in enumerate(names)}
    fired = np.zeros((len(texts), len(names)))
    for i, text in enumerate(texts):
        for rule, _, _ in fire_rules(text):
            fired[i, column[rule.name]] = 1.0
    return fired, names


class Features:
    """Feature blocks fitted on training rows."""

    def __init__(self, data: Data, rows: np.ndarray, use_char: bool, use_rules: bool) -> None:
        self.data, self.use_char, self.use_rules = data, use_char, use_rules
        self.vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        self.vec.fit([data.texts[i] for i in rows])
        self.block = CharBlock(data.chars, rows, min_df=CHAR_MIN_DF) if use_char else None

    def transform(self, rows: np.ndarray) -> csr_matrix:
        blocks = [self.vec.transform([self.data.texts[i] for i in rows])]
        if self.block is not None:
            blocks.append(self.block.transform(self.data.chars, rows))
        if self.use_rules:
            blocks.append(csr_matrix(self.data.fired[rows]))
        return hstack(blocks).tocsr()


class Data:
    """OTA rows 0..n-1 (scored), then optional CLAUDETTE rows (training only)."""

    def __init__(self, claudette: Path | None) -> None:
        self.texts, self.y, self.groups, self.files = load()
        self.n = len(self.texts)
        self.base = baseline(self.texts)
        self.extra = np.arange(0)
        if claudette is not None:
            more, labels = load_claudette(claudette)
            self.extra = np.arange(self.n, self.n + len(more))
            self.texts = self.texts + more
            self.y = np.vstack([self.y, labels])
        self.fired, self.rule_names = rule_matrix(self.texts)
        self.chars, self.grams = char_counts(self.texts)


def fit_predict(
    data: Data, train: np.ndarray, test: np.ndarray, args: argparse.Namespace
) -> np.ndarray:
    """Model probabilities on ``test`` (NaN for categories without a model)."""
    full = np.concatenate([train, data.extra])
    feats = Features(data, full, args.char, args.rule_features)
    x_full, x_test = feats.transform(full), feats.transform(test)
    claudette = {CATEGORIES.index(c) for c in CLAUDETTE_CODES.values()}
    out = np.full((len(test), len(CATEGORIES)), np.nan)
    for k in range(len(CATEGORIES)):
        if data.y[train, k].sum() < MIN_POSITIVES:
            continue
        rows, x_train = (full, x_full) if k in claudette else (train, x_full[: len(train)])
        model = LogisticRegression(
            C=args.c, class_weight="balanced", max_iter=3000, solver="liblinear"
        )
        model.fit(x_train, data.y[rows, k])
        out[:, k] = model.predict_proba(x_test)[:, 1]
    return out


def f1(gold: np.ndarray, pred: np.ndarray) -> float:
    tp = int((gold & pred).sum())
    return 2 * tp / (gold.sum() + pred.sum()) if gold.sum() + pred.sum() else 0.0


def choose(
    gold: np.ndarray, base: np.ndarray, prob: np.ndarray, min_precision: float
) -> np.ndarray:
    """Per category: threshold maximising combined F1 with model precision >= min (or 2)."""
    out = np.full(len(CATEGORIES), 2.0)
    for k in range(len(CATEGORIES)):
        if np.isnan(prob[:, k]).any():
            continue
        best = f1(gold[:, k], base[:, k])
        for t in GRID:
            pred = (prob[:, k] >= t).astype(int)
            if pred.sum() == 0:
                break
            if (gold[:, k] & pred).sum() / pred.sum() < min_precision:
                continue
            score = f1(gold[:, k], base[:, k] | pred)
            if score > best + 1e-9:
                best, out[k] = score, t
    return out


def table(title: str, gold: np.ndarray, rows: list[tuple[str, np.ndarray]]) -> None:
    """Markdown table: per category F1 (P/R) of each prediction set, then macro and micro."""
    print(f"\n### {title}\n")
    print("| category | support | " + " | ".join(f"{n} P / R / F1" for n, _ in rows) + " |")
    print("|---|---|" + "---|" * len(rows))
    present = [k for k in range(len(CATEGORIES)) if gold[:, k].sum()]
    for k in present:
        cells = []
        for _, pred in rows:
            tp = int((gold[:, k] & pred[:, k]).sum())
            p = tp / pred[:, k].sum() if pred[:, k].sum() else 0.0
            r = tp / gold[:, k].sum()
            cells.append(f"{p:.2f} / {r:.2f} / {f1(gold[:, k], pred[:, k]):.3f}")
        print(f"| {CATEGORIES[k]} | {int(gold[:, k].sum())} | " + " | ".join(cells) + " |")
    macro = [np.mean([f1(gold[:, k], pred[:, k]) for k in present]) for _, pred in rows]
    print("| **macro-F1** | | " + " | ".join(f"**{m:.3f}**" for m in macro) + " |")
    cells = []
    for _, pred in rows:
        tp = int((gold & pred).sum())
        p, r = tp / pred.sum(), tp / gold.sum()
        cells.append(f"{p:.3f} / {r:.3f} / {2 * p * r / (p + r):.3f}")
    print("| **micro** | | " + " | ".join(cells) + " |")


def cross_validate(data: Data, args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold model probabilities and nested-CV thresholds (per row's fold)."""
    y, groups = data.y[: data.n], data.groups
    prob = np.full(y.shape, np.nan)
    thresholds = np.full(y.shape, 2.0)
    for train, test in GroupKFold(n_splits=5).split(y, y, groups):
        prob[test] = fit_predict(data, train, test, args)
        inner = np.full((len(train), len(CATEGORIES)), np.nan)
        for i_train, i_test in GroupKFold(n_splits=3).split(train, y[train], groups[train]):
            inner[i_test] = fit_predict(data, train[i_train], train[i_test], args)
        # A category modelled in the outer fold but not in every inner fold: no model.
        thresholds[test] = choose(y[train], data.base[train], inner, args.min_precision)
    return prob, thresholds


def holdout(data: Data, args: argparse.Namespace) -> None:
    """Train on every file but one, test on that one (e.g. dev3, blind to rules v11)."""
    test = np.flatnonzero(data.files == args.holdout)
    train = np.flatnonzero(data.files != args.holdout)
    y, groups = data.y[: data.n], data.groups
    inner = np.full((len(train), len(CATEGORIES)), np.nan)
    for i_train, i_test in GroupKFold(n_splits=5).split(train, y[train], groups[train]):
        inner[i_test] = fit_predict(data, train[i_train], train[i_test], args)
    thresholds = choose(y[train], data.base[train], inner, args.min_precision)
    prob = fit_predict(data, train, test, args)
    with np.errstate(invalid="ignore"):
        model = np.where(np.isnan(prob), 0, prob >= thresholds).astype(int)
        model_05 = np.where(np.isnan(prob), 0, prob >= 0.5).astype(int)
    base = data.base[test]
    table(
        f"train on the other files, test on {args.holdout} ({len(test)} paragraphs)",
        y[test],
        [
            ("classifier alone", base),
            ("model alone (p>=0.5)", model_05),
            ("classifier OR model (p>=0.5)", base | model_05),
            ("classifier OR model (CV thresholds)", base | model),
        ],
    )
    added, loose = model & (1 - base), model_05 & (1 - base)
    print(
        f"\nat p>=0.5 the model adds {int(loose.sum())} labels, "
        f"{int((loose & y[test]).sum())} correct; at the CV thresholds {int(added.sum())}, "
        f"{int((added & y[test]).sum())} correct; "
        f"enabled for {[CATEGORIES[k] for k in range(len(CATEGORIES)) if thresholds[k] < 2]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--char", action="store_true", help="add character 3-5-grams")
    parser.add_argument("--rule-features", action="store_true", help="add rule firings")
    parser.add_argument("--c", type=float, default=10.0, help="inverse regularisation")
    parser.add_argument("--min-precision", type=float, default=0.8)
    parser.add_argument(
        "--claudette",
        type=Path,
        help="also train the 8 CLAUDETTE categories on these sentences (../shared/data/claudette)",
    )
    parser.add_argument(
        "--rules-at", metavar="COMMIT", help="classifier with the rules.yaml of this commit"
    )
    parser.add_argument(
        "--holdout",
        choices=DEV_FILES,
        help="instead of CV: train on the other files, test on this one (thresholds by "
        "5-fold service-grouped CV on the training files)",
    )
    args = parser.parse_args()
    if args.rules_at:
        use_rules_at(args.rules_at)
        print(f"rules.yaml of {args.rules_at}: version {rules_module.load_rules()[0]}")

    data = Data(args.claudette)
    if args.holdout:
        holdout(data, args)
        return
    y = data.y[: data.n]
    print(
        f"{len(data.texts)} paragraphs, {len(set(data.groups))} services; "
        f"features: words{' + chars' if args.char else ''}"
        f"{' + rules' if args.rule_features else ''}; C={args.c}; "
        f"min precision {args.min_precision}"
    )
    prob, thresholds = cross_validate(data, args)
    with np.errstate(invalid="ignore"):
        model = np.where(np.isnan(prob), 0, prob >= thresholds).astype(int)
        model_05 = np.where(np.isnan(prob), 0, prob >= 0.5).astype(int)
    table(
        "5-fold CV grouped by service",
        y,
        [
            ("classifier alone", data.base),
            ("model alone (p>=0.5)", model_05),
            ("classifier OR model (p>=0.5)", data.base | model_05),
            ("classifier OR model (nested thresholds)", data.base | model),
        ],
    )
    added, loose = model & (1 - data.base), model_05 & (1 - data.base)
    print(
        f"\nat p>=0.5 the model adds {int(loose.sum())} labels, {int((loose & y).sum())} "
        f"correct; at the nested thresholds {int(added.sum())}, {int((added & y).sum())} "
        f"correct; categories the model was enabled for in some fold: "
        f"{sorted(CATEGORIES[k] for k in range(len(CATEGORIES)) if (thresholds[:, k] < 2).any())}"
    )


if __name__ == "__main__":
    main()
