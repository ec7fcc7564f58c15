"""alt-profanity-check behind the same JSON Lines I/O as `talkback moderate`, for bench/moderate.py.

Reads {"id", "text", ...} lines on stdin, scores their texts with `predict_prob` in batches of
--batch-size, and writes one {"id", "score"} line per input line on stdout, in order.
Run: `python bench/peer_profanity_check.py [--batch-size N] < comments.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import islice

from profanity_check import predict_prob


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch-size", type=int, default=256, help="lines per predict_prob call")
    batch_size = parser.parse_args().batch_size
    stream = (json.loads(line) for line in sys.stdin.buffer if line.strip())
    while batch := list(islice(stream, batch_size)):
        scores = predict_prob([comment["text"] for comment in batch])
        for comment, score in zip(batch, scores, strict=True):
            sys.stdout.write(json.dumps({"id": comment["id"], "score": float(score)}) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
