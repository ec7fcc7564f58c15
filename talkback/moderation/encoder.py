"""Sentence embeddings from all-MiniLM-L6-v2, served by ONNX Runtime so serving needs no torch.

The encoder folder holds what `talkback train --export-encoder` writes
(`training/export_encoder.py`): an int8 ONNX graph whose output is already mean-pooled and
L2-normalised, the model's `tokenizer.json`, and `encoder.json`, the card saying where the model
came from and how closely the int8 graph follows the original.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import onnxruntime as ort
from numpy.typing import NDArray
from tokenizers import Tokenizer

ENCODER_DIR: Final = Path(__file__).parent / "models" / "encoder"
ONNX_FILE: Final = "minilm-l6.int8.onnx"
TOKENIZER_FILE: Final = "tokenizer.json"
CARD_FILE: Final = "encoder.json"
#: Word pieces read per text, [CLS] and [SEP] included: the length the model was trained on.
MAX_LENGTH: Final = 128
DIM: Final = 384
INPUTS: Final = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT: Final = "sentence_embedding"
#: How many texts are encoded at once, each by one single-threaded run (default: one per CPU);
#: set it to 1 per worker process when several share a machine.
THREADS_ENV: Final = "TALKBACK_ENCODER_THREADS"


class SentenceEncoder:
    """Maps texts to unit-length 384-float vectors; thread-safe once loaded."""

    def __init__(self, session: Any, tokenizer: Tokenizer, threads: int = 1) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self.threads = threads
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="talkback-encoder")

    @classmethod
    def load(cls, directory: Path = ENCODER_DIR) -> SentenceEncoder:
        """The encoder in `directory`; FileNotFoundError or ValueError names a bad file."""
        return cls.from_files(directory / ONNX_FILE, directory / TOKENIZER_FILE)

    @classmethod
    def from_files(cls, onnx_path: Path, tokenizer_path: Path) -> SentenceEncoder:
        """An encoder on any graph with the exported inputs and output (the exporter compares
        the fp32 graph with the int8 one this way)."""
        for path in (onnx_path, tokenizer_path):
            if not path.is_file():
                raise FileNotFoundError(f"encoder file missing: {path}")
        try:
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
        except Exception as error:  # tokenizers raises bare Exception
            raise ValueError(f"encoder file unreadable: {tokenizer_path}: {error}") from error
        tokenizer.enable_truncation(max_length=MAX_LENGTH)
        tokenizer.enable_padding()
        threads = _threads()
        options = _session_options()
        try:
            session = ort.InferenceSession(
                str(onnx_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # onnxruntime's errors share no base class below Exception
            raise ValueError(f"encoder file unreadable: {onnx_path}: {error}") from error
        inputs = tuple(sorted(i.name for i in session.get_inputs()))
        outputs = [(o.name, o.shape[-1]) for o in session.get_outputs()]
        if inputs != tuple(sorted(INPUTS)) or outputs != [(OUTPUT, DIM)]:
            raise ValueError(
                f"encoder file {onnx_path} has inputs {inputs} and outputs {outputs}, "
                f"expected {INPUTS} and [({OUTPUT!r}, {DIM})]"
            )
        return cls(session, tokenizer, threads)

    def encode(self, texts: Sequence[str], batch_size: int = 1) -> NDArray[np.float32]:
        """One row per text, in the order given; a text past MAX_LENGTH word pieces is cut.

        One text per run by default: dynamic int8 quantisation scales activations over the
        whole batch, so a batched text's embedding depends on its neighbours, and a comment's
        verdict must not. On CPU, batching short texts gains about 10%. Texts batched anyway
        are grouped by length so that a batch pads little; the output order is restored. Runs
        go side by side on `threads` threads (ONNX Runtime releases the GIL)."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        batches = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]
        embeddings = np.zeros((len(texts), DIM), dtype=np.float32)
        runs = self._pool.map(lambda rows: self._run([texts[i] for i in rows]), batches)
        for rows, embedded in zip(batches, runs, strict=True):
            embeddings[rows] = embedded
        return embeddings

    def _run(self, texts: Sequence[str]) -> NDArray[np.float32]:
        encodings = self._tokenizer.encode_batch(list(texts))
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        embedded: NDArray[np.float32] = self._session.run([OUTPUT], feed)[0]
        return embedded


def _threads() -> int:
    configured = os.environ.get(THREADS_ENV)
    if configured is None:
        return os.cpu_count() or 1
    if not configured.isdigit() or int(configured) < 1:
        raise ValueError(f"{THREADS_ENV} must be a positive integer, got {configured!r}")
    return int(configured)


def _session_options() -> Any:
    """One thread per run: single short texts keep two cores busier as two runs side by side
    than as one run split in two (about 550 against 430 texts/s measured here)."""
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return options


@lru_cache(maxsize=1)
def default_encoder() -> SentenceEncoder:
    """The shipped encoder, loaded once per process."""
    return SentenceEncoder.load()
