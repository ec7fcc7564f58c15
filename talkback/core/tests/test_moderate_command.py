"""`talkback moderate`, as evaluation tools call it: a real process reading JSON Lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from talkback.moderation.taxonomy import CATEGORIES


def talkback(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "talkback", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)


def test_it_moderates_a_file_and_exits_zero(tmp_path):
    source = tmp_path / "comments.jsonl"
    source.write_text(
        '{"id": 1, "text": "Thanks for the report."}\n{"id": 2, "text": "sh1t coverage"}\n'
    )

    result = talkback("moderate", str(source))

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["decision"]) for r in lines] == [(1, "approve"), (2, "reject")]
    assert set(lines[1]["scores"]) == set(CATEGORIES)


def test_it_reads_standard_input_and_exits_one_when_a_line_failed():
    result = talkback("moderate", "-", input='{"id": 1, "text": "fine"}\nnot json\n')

    assert result.returncode == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["decision"] == "approve"
    assert second["id"] is None and "not valid JSON" in second["error"]
    assert "1 line(s) could not be moderated" in result.stderr


def test_it_streams_results_before_the_input_ends():
    process = subprocess.Popen(
        [sys.executable, "-m", "talkback", "moderate", "--batch-size", "4"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    stdin, stdout = process.stdin, process.stdout
    assert stdin is not None and stdout is not None, "both are pipes"
    try:
        for n in range(4):
            stdin.write(json.dumps({"id": n, "text": "hello"}) + "\n")
        stdin.flush()
        # The first batch is answered while stdin is still open.
        first = json.loads(stdout.readline())
        assert first["id"] == 0
    finally:
        stdin.close()
        process.wait(timeout=60)
    assert process.returncode == 0


def test_it_explains_a_missing_file():
    result = talkback("moderate", "/nonexistent/comments.jsonl")

    assert result.returncode != 0
    assert "no such file" in result.stderr


def test_the_console_script_is_installed_beside_python():
    script = Path(sys.executable).parent / "talkback"

    result = subprocess.run([str(script), "help", "moderate"], capture_output=True, text=True)

    assert result.returncode == 0 and "JSON Lines" in result.stdout
