"""Stream N comments through `talkback moderate` and print throughput and peak memory.

Checks the CLI contract at scale: N lines in, N lines out, in order, in constant memory.
Run: `python bench/moderate.py [N]` (default 100,000).
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

COMMENTS = (
    "The coalition should publish its civilian casualty figures before the vote.",
    "This coverage is one-sided and ignores what the ministry said on Tuesday.",
    "Great reporting, thank you for going to the camps yourselves.",
    "The article says 44 militants were killed but the local council disputes that.",
    "What a f*cking joke, they are all full of sh1t.",
    "قصفت القوات الجوية العراقية هدفين في سوريا",
    "Hava kuvvetleri Suriye'de iki hedefi vurdu.",
)


def lines(count: int) -> Iterator[bytes]:
    rng = random.Random(7)
    for n in range(count):
        yield (json.dumps({"id": n, "text": rng.choice(COMMENTS)}) + "\n").encode()


def main(count: int) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "talkback", "moderate"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    stdin, stdout = process.stdin, process.stdout
    assert stdin is not None and stdout is not None, "both are pipes"

    def feed() -> None:
        for line in lines(count):
            stdin.write(line)
        stdin.close()

    start = time.perf_counter()
    writer = threading.Thread(target=feed)
    writer.start()
    answered, in_order = 0, True
    for raw in stdout:
        in_order &= json.loads(raw)["id"] == answered
        answered += 1
    writer.join()
    process.wait()
    elapsed = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"comments:            {count:,}")
    print(f"answered in order:   {answered:,} ({'yes' if in_order else 'NO'})")
    print(f"exit status:         {process.returncode}")
    print(f"wall time:           {elapsed:.1f} s")
    print(f"throughput:          {count / elapsed:,.0f} comments/s")
    print(f"peak RSS of the CLI: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
