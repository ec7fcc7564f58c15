"""Compare `talkback moderate` with alt-profanity-check: throughput, latency, cold start, memory.

Run: `python bench/moderate.py [--count N] [--input FILE.jsonl] [--json]` (N defaults to 5,000).
The comments are N drawn with a fixed seed from real news-site comments (Civil Comments, in
/work/shared/data/toxic_spans/typed/comments.csv) or from --input, lines of `talkback moderate`
input. Whatever models the engine loads at run time are what gets measured.

- throughput, CLI: N comments through a fresh subprocess, launch to last line out, start-up
  included: the `talkback moderate` CLI against bench/peer_profanity_check.py (the same JSON
  Lines I/O around `predict_prob`), both in batches of 256;
- throughput, in process: the same N in batches of 256, `Engine().moderate_batch` against
  `predict_prob`, after the latency calls below have warmed both up;
- latency p50/p99: 500 one-comment calls in this process after 20 to warm up,
  `Engine().moderate` against `predict_prob([text])`;
- cold start: launch of a fresh subprocess to its verdict on one comment, median of 3;
- peak RSS: the VmHWM of each throughput subprocess (Linux).

`python bench/moderate.py --stream N` instead streams N comments through `talkback moderate`
alone, to check that its memory stays flat however long the stream.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from profanity_check import predict_prob

from talkback.moderation.engine import CommentInput, Engine
from talkback.moderation.jsonl import BadLine, parse_line

ROOT = Path(__file__).resolve().parent.parent
CIVIL_COMMENTS = Path("/work/shared/data/toxic_spans/typed/comments.csv")
SEED = 7
BATCH_SIZE = 256
WARM_UP_CALLS, TIMED_CALLS, COLD_STARTS = 20, 500, 3
PEAK_POLL_S = 0.01
PEER = "alt-profanity-check"
TALKBACK_COMMAND = (sys.executable, "-m", "talkback", "moderate", f"--batch-size={BATCH_SIZE}")
PEER_COMMAND = (
    sys.executable,
    str(ROOT / "bench" / "peer_profanity_check.py"),
    f"--batch-size={BATCH_SIZE}",
)

#: The --stream mix, unchanged since the first figures, so they stay comparable.
STREAM_COMMENTS = (
    "The coalition should publish its civilian casualty figures before the vote.",
    "This coverage is one-sided and ignores what the ministry said on Tuesday.",
    "Great reporting, thank you for going to the camps yourselves.",
    "The article says 44 militants were killed but the local council disputes that.",
    "What a f*cking joke, they are all full of sh1t.",
    "قصفت القوات الجوية العراقية هدفين في سوريا",
    "Hava kuvvetleri Suriye'de iki hedefi vurdu.",
)


@dataclasses.dataclass(frozen=True)
class Run:
    """One subprocess fed a stream of lines: what came back, and what it cost."""

    seconds: float  # launch to the last line out
    answered: int
    in_order: bool
    exit_status: int
    peak_mib: float
    first_error: str | None  # the first {"error"} line's message


def stream(command: Sequence[str], lines: Iterable[bytes]) -> Run:
    """Feed `lines` to a fresh `command` from a writer thread while reading its answers."""
    start = last = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT)
    stdin, stdout = process.stdin, process.stdout
    assert stdin is not None and stdout is not None, "both are pipes"

    def feed() -> None:
        with contextlib.suppress(BrokenPipeError), stdin:  # a dying child is reported below
            stdin.writelines(lines)

    with ThreadPoolExecutor(max_workers=2) as threads:
        writer, peak_kib = threads.submit(feed), threads.submit(peak_rss_kib, process.pid)
        answered, in_order, first_error = 0, True, None
        for raw in stdout:
            last = time.perf_counter()
            answer = json.loads(raw)
            in_order &= answer["id"] == answered
            first_error = first_error or answer.get("error")
            answered += 1
        writer.result()
        peak_mib = peak_kib.result() / 1024
    return Run(last - start, answered, in_order, process.wait(), peak_mib, first_error)


def peak_rss_kib(pid: int) -> int:
    """Poll the child's VmHWM until it exits (a zombie has none) and return the last value seen.

    Not the rusage of wait4: Linux carries the parent's peak RSS over fork and exec into the
    child's ru_maxrss, so a child of this (large) process would report at least its size.
    """
    peak = 0
    while match := re.search(r"^VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M):
        peak = int(match[1])
        time.sleep(PEAK_POLL_S)
    return peak


def jsonl(comments: Iterable[CommentInput]) -> Iterator[bytes]:
    for number, comment in enumerate(comments):
        yield (json.dumps({"id": number, **dataclasses.asdict(comment)}) + "\n").encode()


def checked(name: str, run: Run, count: int) -> Run:
    if (run.answered, run.in_order, run.exit_status, run.first_error) != (count, True, 0, None):
        sys.exit(
            f"{name}: {run.answered:,} of {count:,} lines back, in order: {run.in_order}, "
            f"exit status {run.exit_status}, first error: {run.first_error}"
        )
    return run


def latencies_ms(
    call: Callable[[CommentInput], object], comments: Sequence[CommentInput]
) -> list[float]:
    probes = list(islice(cycle(comments), WARM_UP_CALLS + TIMED_CALLS))
    for comment in probes[:WARM_UP_CALLS]:
        call(comment)
    timings = []
    for comment in probes[WARM_UP_CALLS:]:
        start = time.perf_counter_ns()
        call(comment)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    return timings


def measure(
    name: str,
    command: Sequence[str],
    one: Callable[[CommentInput], object],
    batch: Callable[[Sequence[CommentInput]], object],
    comments: Sequence[CommentInput],
) -> dict[str, float]:
    count = len(comments)
    run = checked(name, stream(command, jsonl(comments)), count)
    colds = [
        checked(name, stream(command, jsonl(comments[:1])), 1).seconds for _ in range(COLD_STARTS)
    ]
    percentiles = statistics.quantiles(latencies_ms(one, comments), n=100, method="inclusive")
    start = time.perf_counter()
    for first in range(0, count, BATCH_SIZE):
        batch(comments[first : first + BATCH_SIZE])
    in_process_seconds = time.perf_counter() - start
    return {
        "cli_throughput_per_s": count / run.seconds,
        "in_process_throughput_per_s": count / in_process_seconds,
        "p50_ms": percentiles[49],
        "p99_ms": percentiles[98],
        "cold_start_s": statistics.median(colds),
        "peak_rss_mib": run.peak_mib,
    }


def sample(pool: Sequence[CommentInput], count: int) -> list[CommentInput]:
    """Draw `count` comments with the fixed seed: without replacement while the pool lasts."""
    rng = random.Random(SEED)
    return rng.sample(pool, count) if count <= len(pool) else rng.choices(pool, k=count)


def civil_comments() -> list[CommentInput]:
    with CIVIL_COMMENTS.open(newline="", encoding="utf-8") as file:
        return [CommentInput(text=row["comment_text"]) for row in csv.DictReader(file)]


def read_jsonl(path: Path) -> list[CommentInput]:
    comments = []
    with path.open("rb") as file:
        for number, raw in enumerate(file, 1):
            if raw.strip():
                try:
                    comments.append(parse_line(raw)[1])
                except BadLine as exc:
                    sys.exit(f"{path}:{number}: {exc}")
    return comments


ROWS = (
    ("throughput, CLI (/s)", "cli_throughput_per_s", "{:,.0f}"),
    ("throughput, in process (/s)", "in_process_throughput_per_s", "{:,.0f}"),
    ("latency p50 (ms)", "p50_ms", "{:.3f}"),
    ("latency p99 (ms)", "p99_ms", "{:.3f}"),
    ("cold start (s)", "cold_start_s", "{:.2f}"),
    ("peak RSS (MiB)", "peak_rss_mib", "{:.0f}"),
)


def print_table(report: dict[str, Any]) -> None:
    talkback, peer = report["talkback"], report[PEER]
    print(f"machine: {report['machine']}")
    print(f"comments: {report['count']:,} from {report['source']}, batches of {BATCH_SIZE}")
    print(f"talkback: {talkback['model_version']}")
    print(f"{PEER}: {peer['version']}")
    print()
    print(f"{'':<28} {'talkback':>12} {PEER:>20} {'ratio':>7}")
    for label, key, form in ROWS:
        ratio = talkback[key] / peer[key]
        print(
            f"{label:<28} {form.format(talkback[key]):>12} {form.format(peer[key]):>20} "
            f"{ratio:>7.2f}"
        )
    print("ratio: talkback / peer; the CLI's throughput includes its start-up")


def compare(comments: list[CommentInput], source: str) -> dict[str, Any]:
    engine = Engine()
    talkback = measure(
        "talkback moderate", TALKBACK_COMMAND, engine.moderate, engine.moderate_batch, comments
    )
    peer = measure(
        PEER,
        PEER_COMMAND,
        lambda comment: predict_prob([comment.text]),
        lambda batch: predict_prob([comment.text for comment in batch]),
        comments,
    )
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
        "count": len(comments),
        "source": source,
        "talkback": {"model_version": engine.model_version, **talkback},
        PEER: {"version": version(PEER), **peer},
    }


def stream_check(count: int) -> None:
    rng = random.Random(SEED)
    comments = (CommentInput(text=rng.choice(STREAM_COMMENTS)) for _ in range(count))
    run = stream(TALKBACK_COMMAND, jsonl(comments))
    print(f"comments:            {count:,}")
    print(f"answered in order:   {run.answered:,} ({'yes' if run.in_order else 'NO'})")
    print(f"exit status:         {run.exit_status}")
    print(f"wall time:           {run.seconds:.1f} s")
    print(f"throughput:          {count / run.seconds:,.0f} comments/s")
    print(f"peak RSS of the CLI: {run.peak_mib:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=5_000, help="comments to draw (default 5,000)")
    parser.add_argument(
        "--input", type=Path, help="JSON Lines to draw from instead of Civil Comments"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--stream", type=int, metavar="N", help="only the constant-memory check")
    args = parser.parse_args()
    if args.stream is not None:
        stream_check(args.stream)
        return
    if args.count < 1:
        parser.error("--count must be at least 1")
    if args.input is not None:
        pool, source = read_jsonl(args.input), f"{args.input}, seed {SEED}"
    elif CIVIL_COMMENTS.is_file():
        pool, source = civil_comments(), f"Civil Comments ({CIVIL_COMMENTS}), seed {SEED}"
    else:
        parser.error(f"{CIVIL_COMMENTS} is missing: pass --input FILE.jsonl")
    if not pool:
        parser.error(f"{source} holds no comments")
    report = compare(sample(pool, args.count), source)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
