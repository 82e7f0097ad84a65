"""Experiment (not part of the classifier): MiniLM fine-tuned on CLAUDETTE, 5-fold by company.

Why: issue 4's CLAUDETTE bar (macro-F1 0.80 over the 8 categories on held-out companies)
is where LexGLUE's fine-tuned transformers sit (0.79-0.83 on a related split), while the
shipped linear model scores 0.693 alone and 0.638 with the decisive rules
(eval/train_claudette.py). This measures session 5's fine-tuning recipe
(eval/train_contextual.fine_tune: mean-pooled all-MiniLM-L6-v2, BCE with sqrt(neg/pos)
weights, AdamW 8e-5 one-cycle, batch 16) on the same company-grouped folds
(GroupKFold(5) over the 40 companies, as train_claudette.py), pooled over the folds,
with CLAUDETTE's own labels (any degree positive), at thresholds 0.5, 0.7 and 0.8 (the
shipped claudette-v2's), pooled and, once all five are scored, for folds 0-2 and 3-4
apart (session 6 chose variants on folds 0-2 and confirmed them on 3-4).

    /tmp/tv/bin/python eval/experiments/finetune_claudette.py --epochs 2 --save /tmp/oof.npy

``--save`` keeps the out-of-fold probabilities (NaN for sentences not yet scored), so that
combinations with the linear model can be measured on the same folds; ``--resume`` with a
complete file only prints the report.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "eval"))
sys.path.insert(0, str(REPO))

import train_claudette  # noqa: E402
import train_contextual  # noqa: E402

THRESHOLDS = (0.5, 0.7, 0.8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claudette", type=Path, default=REPO.parent / "shared/data/claudette")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--folds", type=int, default=5, help="run only the first N folds")
    parser.add_argument("--seed", type=int, default=0, help="training seed (shipped: 0)")
    parser.add_argument(
        "--save", type=Path, help="write the out-of-fold probabilities here (.npy), per fold"
    )
    parser.add_argument(
        "--resume", action="store_true", help="keep the folds already scored in --save"
    )
    args = parser.parse_args()
    texts, y, group_list = train_claudette.load(args.claudette)
    groups = np.array(group_list)
    probabilities = np.full(y.shape, np.nan)
    if args.resume and args.save and args.save.is_file():
        probabilities = np.load(args.save)
    started = time.time()
    splits = list(GroupKFold(n_splits=5).split(texts, y, groups))[: args.folds]
    for fold, (train, test) in enumerate(splits):
        if not np.isnan(probabilities[test]).any():
            continue  # scored by an earlier run (--resume)
        _, _, _ = train_contextual.fine_tune(
            [texts[i] for i in train],
            y[train],
            args.epochs,
            seed=args.seed,
            on_epoch=lambda epoch, probabilities_of, test=test: (
                probabilities.__setitem__(test, probabilities_of([texts[i] for i in test]))
                if epoch == args.epochs - 1
                else None
            ),
        )
        done = ~np.isnan(probabilities[:, 0])
        if args.save:
            np.save(args.save, probabilities)
        print(f"fold {fold} done ({time.time() - started:.0f} s), {done.sum()} sentences scored")
        report(f"folds 0-{fold}", y[done], probabilities[done])
    if len(splits) == 5 and not np.isnan(probabilities).any():
        for name, folds in (("folds 0-2", (0, 1, 2)), ("folds 3-4", (3, 4)), ("all 5", range(5))):
            rows = np.concatenate([splits[k][1] for k in folds])
            report(name, y[rows], probabilities[rows])


def report(name: str, gold: np.ndarray, probabilities: np.ndarray) -> None:
    """Per-category and macro scores at each threshold worth comparing."""
    for threshold in THRESHOLDS:
        train_claudette.report(
            f"fine-tuned MiniLM, threshold {threshold}, {name}",
            gold,
            (probabilities >= threshold).astype(int),
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
