"""Soak: bench/load.py's workload for 10 minutes, with the memory of every process over time.

Run: `python bench/soak.py --database-url postgres://postgres@127.0.0.1:5432/scale
[--duration 600] [--rate 40] [--every 30] [--warmup 60]` (and load.py's other options). It samples
the resident memory (VmRSS) of the server, each of its gunicorn processes and each worker every
--every seconds, and prints one row per sample, then each process's growth from the first sample
after --warmup seconds to the last, and whether any grew by 10% or more.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from load import (
    Results,
    arguments,
    cluster,
    drive,
    report,
    setup_django,
    verdict_times,
    wait_for_verdicts,
    workload,
)

#: Growth after warm-up that counts as a leak.
LIMIT = 0.10


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def family(pids: list[int]) -> list[int]:
    """`pids` and their children (gunicorn's processes), by /proc's children lists."""
    found: list[int] = []
    for pid in pids:
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            children = [int(child) for child in task.read_text().split()]
            found += family(children)
    return found


def main() -> None:
    parser = arguments(__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--every", type=float, default=30, help="seconds between samples")
    parser.add_argument("--warmup", type=float, default=60, help="seconds before the baseline")
    parser.set_defaults(duration=600, rate=40, log=Path("var/bench-soak.log"))
    options = parser.parse_args()
    setup_django(options.database_url)
    work = workload(options.seed)
    options.log.parent.mkdir(parents=True, exist_ok=True)
    samples: list[tuple[float, dict[int, int]]] = []
    roles: dict[int, str] = {}
    outcome: list[Results] = []
    with cluster(options.database_url, options.processes, options.workers, options.log) as running:
        load = threading.Thread(
            target=lambda: outcome.append(
                drive(
                    running.url,
                    work,
                    duration=options.duration,
                    requests=options.requests,
                    concurrency=options.concurrency,
                    rate=options.rate,
                )
            )
        )
        started = time.monotonic()
        load.start()
        while load.is_alive():
            pids = family(running.pids())
            sizes = {pid: size for pid in pids if (size := rss_kib(pid)) is not None}
            samples.append((time.monotonic() - started, sizes))
            roles |= {pid: _role(pid) for pid in sizes if pid not in roles}
            roles[running.pids()[0]] = "master"
            load.join(timeout=options.every)
        wait_for_verdicts(outcome[0].posted)
    print(memory_table(samples, options.warmup, roles))
    verdicts, lost = verdict_times(outcome[0].posted)
    print(report(outcome[0], verdicts, lost))


def _role(pid: int) -> str:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    return "worker" if b"worker" in command else "gunicorn"


def memory_table(
    samples: list[tuple[float, dict[int, int]]], warmup: float, roles: dict[int, str]
) -> str:
    pids = sorted({pid for _, sizes in samples for pid in sizes})
    lines = [
        "   time s" + "".join(f"{roles.get(pid, '?'):>10}" for pid in pids),
        "   pid   " + "".join(f"{pid:>10}" for pid in pids) + "   (RSS MiB)",
    ]
    for at, sizes in samples:
        cells = "".join(f"{sizes[p] / 1024:>10.1f}" if p in sizes else f"{'-':>10}" for p in pids)
        lines.append(f"{at:>9.0f}{cells}")
    after = [sizes for at, sizes in samples if at >= warmup] or [samples[-1][1]]
    growths = {
        pid: after[-1][pid] / after[0][pid] - 1
        for pid in pids
        if pid in after[0] and pid in after[-1]
    }
    growth = "".join(f"{growths[p]:>+10.1%}" if p in growths else f"{'-':>10}" for p in pids)
    lines.append(f"{'growth':>9}{growth}   (from the first sample after {warmup:g} s)")
    worst = max(growths.values(), default=0.0)
    verdict = "FLAT" if worst < LIMIT else "GREW"
    lines.append(f"{verdict}: largest growth after warm-up {worst:+.1%} (limit {LIMIT:.0%})")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
