"""Train the linear model for the 8 CLAUDETTE categories and export it as plain JSON.

Reproducible from the repository plus the shared CLAUDETTE corpus (CC BY 4.0, Galassi et
al. 2024 / Lippi et al. 2019), by default at ../shared/data/claudette relative to the
repository (override with --claudette). Needs the ``train`` extra (scikit-learn):

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python eval/train_claudette.py            # CV report + export (linear-v4)
    .venv/bin/python eval/train_claudette.py --no-export
    .venv/bin/python eval/train_claudette.py --classifier svm --char --no-rule-features \
        --target /tmp/svm.json.gz                      # the best CLAUDETTE variant measured

Features (linear-v4: the linear-v2w setup refitted on rules v14; v3 was on rules v12), blocks side by side:
* TF-IDF of lower-cased word 1-2-grams (sublinear tf, l2 norm, min_df 2);
* one binary feature per phrase rule of govgraph/classify/rules.yaml, so the model learns
  how far to trust each rule in CLAUDETTE's labelling (``--no-rule-features`` drops it);
* ``--char``: character 3-5-grams within words (``char_wb``; min_df 3), value count*idf
  divided by sqrt(sum count*idf^2), built with govgraph.classify.linear.char_ngrams so that
  the pure-Python run time computes exactly the same numbers (see linear.py for why that
  normaliser).
One class-balanced logistic regression per category, label when probability >= 0.7.
``--classifier svm``: one class-balanced linear SVM per category instead; an SVM's
decision value is not a probability, so each category's values are Platt-scaled (a
one-feature logistic regression fitted on the out-of-fold values of the cross-validation,
i.e. on companies the scoring model never saw) and the scale is folded into the exported
weights: the run time's sigmoid of the score is then a calibrated probability and the
threshold is the probability at the SVM's margin 0. The SVM with characters scores about
0.03 higher on CLAUDETTE but lower on the OTA development sets and slower, so it is not
shipped (bench/results/classify.md, section linear-v3). Labels of any degree (1, 2 or 3)
count as positive, per the corpus README.

Evaluation: 5-fold cross-validation grouped by company (GroupKFold over the 40 companies,
deterministic), reported per category for the model alone and for the shipped combination
(model OR decisive rules). ``--nested`` also reports per-category decision thresholds
chosen by a nested 3-fold company-grouped CV on each outer fold's training companies;
they were no better than the fixed threshold (bench/results/classify.md). After export
the script re-reads the JSON with the run-time code and counts the CLAUDETTE sentences
whose run-time decision differs from scikit-learn's (weight pruning and rounding).
LexGLUE's UNFAIR-ToS numbers are on a different split and count only degrees 2-3; these
are not directly comparable.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC

from govgraph.classify.embedding import load_embedding_model
from govgraph.classify.linear import char_ngrams, parse_model
from govgraph.classify.rules import fire_rules, load_rules

REPO = Path(__file__).resolve().parents[1]
CODES = {
    "a": "arbitration",
    "ch": "unilateral-change",
    "cr": "content-removal",
    "j": "forum-selection",
    "law": "governing-law",
    "ltd": "liability-limitation",
    "ter": "unilateral-termination",
    "use": "acceptance-by-use",
}
CATEGORIES = list(CODES.values())
CHAR_LOW, CHAR_HIGH, CHAR_MIN_DF = 3, 5, 3
GRID = np.linspace(-3.0, 5.0, 81)  # decision-function thresholds tried per category (--nested)
NAME = "linear-v4"
WORD_PRUNE = 1e-3  # exported word/rule weights below this (after calibration) are dropped
CHAR_PRUNE = 2e-2  # exported character n-gram weights (x idf) below this are dropped


@dataclass(frozen=True)
class Setup:
    """Which model: classifier, its C, its decision threshold, and the feature blocks."""

    classifier: str = "logreg"  # or "svm" (a calibrated linear SVM; measured, not shipped)
    chars: bool = False
    rules: bool = True

    @property
    def c(self) -> float:
        return 0.3 if self.classifier == "svm" else 10.0

    @property
    def margin(self) -> float:
        """Decision-value threshold: the SVM's margin, or logit(0.7) for the regression."""
        return 0.0 if self.classifier == "svm" else math.log(0.7 / 0.3)

    def model(self) -> LinearSVC | LogisticRegression:
        if self.classifier == "svm":
            return LinearSVC(C=self.c, class_weight="balanced", max_iter=10000)
        return LogisticRegression(
            C=self.c, class_weight="balanced", max_iter=3000, solver="liblinear"
        )


def load(root: Path) -> tuple[list[str], np.ndarray, list[str]]:
    texts, labels, groups = [], [], []
    for sentences in sorted((root / "sentences").glob("*.txt")):
        tags = (root / "tags" / sentences.name).read_text("utf-8").split("\n")
        for text, tag in zip(sentences.read_text("utf-8").split("\n"), tags, strict=False):
            if not text.strip():
                continue
            codes = {re.sub(r"\d+$", "", t) for t in tag.split()}
            texts.append(text)
            labels.append([int(c in codes) for c in CODES])
            groups.append(sentences.stem)
    return texts, np.array(labels), groups


def rule_matrix(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Binary rule firings (per rule), per-category rule decisions, decisive-rule ones.

    Uses the run-time ``fire_rules``, so training and run time see the same firings.
    """
    names = [r.name for r in load_rules()[1]]
    column = {name: j for j, name in enumerate(names)}
    fired = np.zeros((len(texts), len(names)))
    by_category = np.zeros((len(texts), len(CATEGORIES)), dtype=int)
    decisive = np.zeros((len(texts), len(CATEGORIES)), dtype=int)
    for i, text in enumerate(texts):
        for rule, _, _ in fire_rules(text):
            fired[i, column[rule.name]] = 1.0
            if rule.category in CATEGORIES:
                by_category[i, CATEGORIES.index(rule.category)] = 1
                if rule.decisive:
                    decisive[i, CATEGORIES.index(rule.category)] = 1
    return fired, by_category, decisive, names


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True)


def prf(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int((gold & pred).sum())
    p = tp / pred.sum() if pred.sum() else 0.0
    r = tp / gold.sum() if gold.sum() else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(title: str, gold: np.ndarray, pred: np.ndarray) -> float:
    print(f"\n{title}\n| category | P | R | F1 | support |\n|---|---|---|---|---|")
    f1s = []
    for k, category in enumerate(CATEGORIES):
        p, r, f = prf(gold[:, k], pred[:, k])
        f1s.append(f)
        print(f"| {category} | {p:.3f} | {r:.3f} | {f:.3f} | {int(gold[:, k].sum())} |")
    print(f"| macro-F1 | | | {np.mean(f1s):.3f} | |")
    return float(np.mean(f1s))


def char_counts(texts: list[str]) -> tuple[csr_matrix, list[str]]:
    """Counts of every character n-gram (all of them; folds pick their vocabulary)."""
    index: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, text in enumerate(texts):
        counts: dict[int, int] = {}
        for token in text.lower().split():
            for gram in char_ngrams(token, CHAR_LOW, CHAR_HIGH):
                j = index.setdefault(gram, len(index))
                counts[j] = counts.get(j, 0) + 1
        rows.extend([i] * len(counts))
        cols.extend(counts)
        vals.extend(counts.values())
    matrix = csr_matrix((vals, (rows, cols)), shape=(len(texts), len(index)), dtype=float)
    return matrix, sorted(index, key=index.get)


class CharBlock:
    """The character block fitted on some rows: vocabulary (min_df) and smooth idf.

    Value count*idf / sqrt(sum count*idf^2), as govgraph.classify.linear.CharBlock.
    (eval/train_ota.py reuses it with a lower min_df for its smaller corpus.)
    """

    def __init__(self, counts: csr_matrix, rows: np.ndarray, min_df: int = CHAR_MIN_DF) -> None:
        df = np.asarray((counts[rows] > 0).sum(axis=0)).ravel()
        self.vocab = np.flatnonzero(df >= min_df)
        self.idf = np.log((1.0 + len(rows)) / (1.0 + df[self.vocab])) + 1.0

    def transform(self, counts: csr_matrix, rows: np.ndarray) -> csr_matrix:
        sub = counts[rows][:, self.vocab]
        norm = np.sqrt(sub @ (self.idf**2))
        norm[norm == 0] = 1.0
        return csr_matrix(sub.multiply(self.idf).multiply(1.0 / norm[:, None]))


@dataclass
class Fitted:
    """The feature blocks fitted on some rows (the vocabularies and idf)."""

    vec: TfidfVectorizer
    block: CharBlock | None
    setup: Setup

    @classmethod
    def fit(cls, texts: list[str], chars: csr_matrix, rows: np.ndarray, setup: Setup) -> Fitted:
        vec = vectorizer().fit([texts[i] for i in rows])
        block = CharBlock(chars, rows) if setup.chars else None
        return cls(vec, block, setup)

    def transform(
        self, texts: list[str], chars: csr_matrix, fired: np.ndarray, rows: np.ndarray
    ) -> csr_matrix:
        parts = [self.vec.transform([texts[i] for i in rows])]
        if self.block is not None:
            parts.append(self.block.transform(chars, rows))
        if self.setup.rules:
            parts.append(csr_matrix(fired[rows]))
        return hstack(parts).tocsr()


def fold_scores(
    texts: list[str],
    y: np.ndarray,
    chars: csr_matrix,
    fired: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    setup: Setup,
) -> np.ndarray:
    """Decision values on ``test`` of per-category models fitted on ``train``."""
    fitted = Fitted.fit(texts, chars, train, setup)
    x_train = fitted.transform(texts, chars, fired, train)
    x_test = fitted.transform(texts, chars, fired, test)
    out = np.zeros((len(test), len(CATEGORIES)))
    for k in range(len(CATEGORIES)):
        model = setup.model()
        model.fit(x_train, y[train, k])
        out[:, k] = model.decision_function(x_test)
    return out


def best_thresholds(y: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Per category, the decision threshold of GRID with the best F1 on these scores."""
    out = np.zeros(len(CATEGORIES))
    for k in range(len(CATEGORIES)):
        f1s = [prf(y[:, k], (scores[:, k] >= g).astype(int))[2] for g in GRID]
        out[k] = GRID[int(np.argmax(f1s))]
    return out


def platt(scores: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """Scale and shift making sigmoid(a * value + b) a probability (fitted on held-out values).

    The regression of linear-v1/v2 is already a probability: (1, 0).
    """
    fit = LogisticRegression(C=1e4, max_iter=1000).fit(scores.reshape(-1, 1), gold)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def export(
    fitted: Fitted,
    grams: list[str],
    rule_names: list[str],
    coef: np.ndarray,
    intercepts: np.ndarray,
    calibration: list[tuple[float, float]],
    name: str,
) -> dict:
    """The JSON object read by govgraph.classify.linear.parse_model.

    ``coef`` is categories x features (word block, char block, rule block, as fitted);
    each category's row and intercept are multiplied by its Platt scale ``a`` and shifted
    by ``b``, and its threshold is the probability at the decision margin.
    """
    scale = np.array([a for a, _ in calibration])
    shift = np.array([b for _, b in calibration])
    coef = coef * scale[:, None]
    bias = intercepts * scale + shift
    vec, block, setup = fitted.vec, fitted.block, fitted.setup
    n_terms = len(vec.vocabulary_)
    n_chars = 0 if block is None else len(block.vocab)
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    out = {
        "name": name,
        "trained_on": "CLAUDETTE, 40 companies (CC BY 4.0; Galassi et al. 2024, Lippi et al. 2019)",
        "categories": CATEGORIES,
        "ngram_max": 2,
        "idf": {t: round(float(vec.idf_[i]), 5) for i, t in enumerate(terms)},
        "weights": {
            t: [round(float(w), 4) for w in coef[:, i]]
            for i, t in enumerate(terms)
            if np.abs(coef[:, i]).max() >= WORD_PRUNE
        },
        "rule_weights": {},
        "intercepts": [round(float(b), 6) for b in bias],
        "thresholds": [
            round(1.0 / (1.0 + math.exp(-(a * setup.margin + b))), 4) for a, b in calibration
        ],
    }
    if block is not None:
        char_coef = coef[:, n_terms : n_terms + n_chars] * block.idf  # weights x idf
        names = [grams[j] for j in block.vocab]
        out["char"] = {
            "low": CHAR_LOW,
            "high": CHAR_HIGH,
            "idf2": {g: round(float(q), 4) for g, q in zip(names, block.idf**2, strict=True)},
            "weights": {
                g: [round(float(w), 4) for w in char_coef[:, i]]
                for i, g in enumerate(names)
                if np.abs(char_coef[:, i]).max() >= CHAR_PRUNE
            },
        }
    if setup.rules:
        base = n_terms + n_chars
        out["rule_weights"] = {
            rule: [round(float(w), 4) for w in coef[:, base + j]]
            for j, rule in enumerate(rule_names)
            if np.abs(coef[:, base + j]).max() >= WORD_PRUNE
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claudette", type=Path, default=REPO.parent / "shared/data/claudette")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--classifier", choices=("logreg", "svm"), default="logreg")
    parser.add_argument("--char", action="store_true", help="add the character n-gram block")
    parser.add_argument(
        "--no-rule-features", action="store_true", help="no binary feature per phrase rule"
    )
    parser.add_argument("--nested", action="store_true", help="also nested per-category thresholds")
    parser.add_argument("--target", type=Path, default=REPO / "govgraph/classify/linear.json.gz")
    args = parser.parse_args()
    setup = Setup(classifier=args.classifier, chars=args.char, rules=not args.no_rule_features)

    texts, y, group_list = load(args.claudette)
    groups = np.array(group_list)
    fired, rule_pred, decisive_pred, rule_names = rule_matrix(texts)
    chars, grams = char_counts(texts)
    print(
        f"{len(texts)} sentences, {len(set(group_list))} companies, positives {y.sum(0).tolist()}"
        f"; {setup}"
    )

    scores = np.zeros(y.shape)
    nested = np.zeros(y.shape)  # per-row thresholds, chosen without the row's company
    for train, test in GroupKFold(n_splits=5).split(texts, y, groups):
        scores[test] = fold_scores(texts, y, chars, fired, train, test, setup)
        if args.nested:
            inner = np.zeros((len(train), len(CATEGORIES)))
            for i_train, i_test in GroupKFold(n_splits=3).split(train, y[train], groups[train]):
                inner[i_test] = fold_scores(
                    texts, y, chars, fired, train[i_train], train[i_test], setup
                )
            nested[test] = best_thresholds(y[train], inner)
    fixed_pred = (scores >= setup.margin).astype(int)
    report("rules alone (5-fold by company)", y, rule_pred)
    report(f"model alone, decision value >= {setup.margin:.3f} (5-fold by company)", y, fixed_pred)
    if args.nested:
        model_pred = (scores >= nested).astype(int)
        report("model alone, nested per-category thresholds (5-fold by company)", y, model_pred)
    report("rules OR model (5-fold by company)", y, fixed_pred | rule_pred)
    report("shipped: model OR decisive rules (5-fold by company)", y, fixed_pred | decisive_pred)
    embedding = load_embedding_model()
    if embedding is not None:
        # Trained on OTA paragraphs only, so every CLAUDETTE company is unseen by it.
        embedded = np.array(
            [[int(c in embedding.predict(text)) for c in CATEGORIES] for text in texts]
        )
        report(
            f"shipped with the embedding model ({embedding.name}): model OR decisive rules "
            "OR embedding (5-fold by company)",
            y,
            fixed_pred | decisive_pred | embedded,
        )
    no_arbitration_rule = decisive_pred.copy()
    no_arbitration_rule[:, CATEGORIES.index("arbitration")] = 0
    report(
        "alternative: model OR decisive rules except arbitration (5-fold by company)",
        y,
        fixed_pred | no_arbitration_rule,
    )

    if args.no_export:
        return
    calibration = [
        platt(scores[:, k], y[:, k]) if setup.classifier == "svm" else (1.0, 0.0)
        for k in range(len(CATEGORIES))
    ]
    everything = np.arange(len(texts))
    fitted = Fitted.fit(texts, chars, everything, setup)
    x_all = fitted.transform(texts, chars, fired, everything)
    coefs, intercepts, decisions = [], [], []
    for k in range(len(CATEGORIES)):
        model = setup.model()
        model.fit(x_all, y[:, k])
        coefs.append(model.coef_[0])
        intercepts.append(float(model.intercept_[0]))
        decisions.append(model.decision_function(x_all) >= setup.margin)
    # The shipped setup is plain NAME; a variant's name says how it differs.
    name = NAME + ("-char" if setup.chars else "") + ("" if setup.rules else "-norules")
    if setup.classifier != Setup().classifier:
        name += f"-{setup.classifier}"
    out = export(
        fitted, grams, rule_names, np.array(coefs), np.array(intercepts), calibration, name
    )
    target = args.target
    data = json.dumps(out, sort_keys=True, separators=(",", ":")).encode("utf-8")
    target.write_bytes(gzip.compress(data, mtime=0))
    print(
        f"\nwrote {target} ({target.stat().st_size} bytes, {len(out['weights'])} weighted "
        f"terms, {len(out.get('char', {}).get('weights', {}))} weighted character n-grams); "
        f"calibration {[(round(a, 3), round(b, 3)) for a, b in calibration]}; thresholds "
        f"{out['thresholds']}"
    )
    # The run time (pure Python, pruned and rounded weights) against scikit-learn.
    runtime = parse_model(out)
    sklearn_pred = np.array(decisions).T
    flips = 0
    for i, text in enumerate(texts):
        total, _ = runtime.scores(text)
        for k, value in enumerate(total):
            probability = 1.0 / (1.0 + math.exp(-value))
            flips += int((probability >= runtime.thresholds[k]) != sklearn_pred[i, k])
    print(
        f"run time vs scikit-learn on the {len(texts)} training sentences: {flips} of "
        f"{len(texts) * len(CATEGORIES)} decisions differ (pruning, rounding)"
    )


if __name__ == "__main__":
    main()
