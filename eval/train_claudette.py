"""Train the linear model for the 8 CLAUDETTE categories and export it as plain JSON.

Reproducible from the repository plus the shared CLAUDETTE corpus (CC BY 4.0, Galassi et
al. 2024 / Lippi et al. 2019), by default at ../shared/data/claudette relative to the
repository (override with --claudette). Needs the ``train`` extra (scikit-learn):

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python eval/train_claudette.py            # CV report + export
    .venv/bin/python eval/train_claudette.py --no-export

Features: TF-IDF of lower-cased word 1-2-grams (sublinear tf, l2 norm, min_df 2) plus one
binary feature per phrase rule of govgraph/classify/rules.yaml, so the model learns how
far to trust each rule in CLAUDETTE's labelling. One balanced logistic regression per
category. Labels of any degree (1, 2 or 3) count as positive, per the corpus README.

Evaluation: 5-fold cross-validation grouped by company (GroupKFold over the 40
companies, deterministic), reported per category for the model alone and for the shipped
combination (model OR decisive rules), then the model is refit on all 40 companies and written to
govgraph/classify/linear.json.gz. LexGLUE's UNFAIR-ToS numbers are on a different split
and count only degrees 2-3; these are not directly comparable.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from govgraph.classify.rules import load_rules, normalise

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
C = 10.0
THRESHOLD = 0.7
NAME = "linear-v1"


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
    """Binary rule firings (per rule), per-category rule decisions, decisive-rule ones."""
    rules = load_rules()[1]
    fired = np.zeros((len(texts), len(rules)))
    by_category = np.zeros((len(texts), len(CATEGORIES)), dtype=int)
    decisive = np.zeros((len(texts), len(CATEGORIES)), dtype=int)
    for i, text in enumerate(texts):
        norm = normalise(text)
        lower = norm.lower()
        for j, rule in enumerate(rules):
            if rule.gate and not any(g in lower for g in rule.gate):
                continue
            if rule.find(norm) is not None:
                fired[i, j] = 1.0
                if rule.category in CATEGORIES:
                    by_category[i, CATEGORIES.index(rule.category)] = 1
                    if rule.decisive:
                        decisive[i, CATEGORIES.index(rule.category)] = 1
    return fired, by_category, decisive, [r.name for r in rules]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claudette", type=Path, default=REPO.parent / "shared/data/claudette")
    parser.add_argument("--no-export", action="store_true")
    args = parser.parse_args()

    texts, y, groups = load(args.claudette)
    fired, rule_pred, decisive_pred, rule_names = rule_matrix(texts)
    print(f"{len(texts)} sentences, {len(set(groups))} companies, positives {y.sum(0).tolist()}")

    scores = np.zeros(y.shape)
    for train, test in GroupKFold(n_splits=5).split(texts, y, groups):
        vec = vectorizer()
        x_train = hstack([vec.fit_transform([texts[i] for i in train]), fired[train]]).tocsr()
        x_test = hstack([vec.transform([texts[i] for i in test]), fired[test]]).tocsr()
        for k in range(len(CATEGORIES)):
            model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
            model.fit(x_train, y[train, k])
            scores[test, k] = model.predict_proba(x_test)[:, 1]
    model_pred = (scores >= THRESHOLD).astype(int)
    report("rules alone (5-fold by company)", y, rule_pred)
    report("model alone (5-fold by company)", y, model_pred)
    report("rules OR model (5-fold by company)", y, model_pred | rule_pred)
    report("shipped: model OR decisive rules (5-fold by company)", y, model_pred | decisive_pred)

    if args.no_export:
        return
    vec = vectorizer()
    x_all = hstack([vec.fit_transform(texts), csr_matrix(fired)]).tocsr()
    n_terms = len(vec.vocabulary_)
    coefs, intercepts = [], []
    for k in range(len(CATEGORIES)):
        model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
        model.fit(x_all, y[:, k])
        coefs.append(model.coef_[0])
        intercepts.append(round(float(model.intercept_[0]), 6))
    coef = np.array(coefs)  # categories x features
    terms = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    weights = {
        t: [round(float(w), 4) for w in coef[:, i]]
        for i, t in enumerate(terms)
        if np.abs(coef[:, i]).max() >= 1e-3
    }
    rule_weights = {
        name: [round(float(w), 4) for w in coef[:, n_terms + j]]
        for j, name in enumerate(rule_names)
        if np.abs(coef[:, n_terms + j]).max() >= 1e-3
    }
    out = {
        "name": NAME,
        "trained_on": "CLAUDETTE, 40 companies (CC BY 4.0; Galassi et al. 2024, Lippi et al. 2019)",
        "categories": CATEGORIES,
        "ngram_max": 2,
        "idf": {t: round(float(vec.idf_[i]), 5) for i, t in enumerate(terms)},
        "weights": weights,
        "rule_weights": rule_weights,
        "intercepts": intercepts,
        "thresholds": [THRESHOLD] * len(CATEGORIES),
    }
    target = REPO / "govgraph/classify/linear.json.gz"
    data = json.dumps(out, sort_keys=True, separators=(",", ":")).encode("utf-8")
    target.write_bytes(gzip.compress(data, mtime=0))
    print(f"\nwrote {target} ({target.stat().st_size} bytes, {len(weights)} weighted terms)")


if __name__ == "__main__":
    main()
