"""`talkback demo`, run as the README's first command runs it: a real process, a fresh database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys


def run_demo(var) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TALKBACK_VAR_DIR"] = str(var)
    for args in (["migrate", "--noinput"], ["demo"]):
        result = subprocess.run(
            [sys.executable, "-m", "talkback", *args], env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    return result.stdout


def statuses(var) -> list[tuple[str, int]]:
    with sqlite3.connect(var / "talkback.sqlite3") as db:
        return db.execute(
            "SELECT c.status, count(v.id) FROM comments_comment c "
            "JOIN comments_verdict v ON v.comment_id = c.id GROUP BY c.id ORDER BY c.id"
        ).fetchall()


def test_it_builds_the_demo_thread_through_the_real_pipeline(tmp_path):
    output = run_demo(tmp_path)

    assert "Demo article: /s/demo/a/1/" in output
    assert "Demo account: reader / " in output
    # Every comment reached its status through exactly one machine verdict.
    assert statuses(tmp_path) == [
        ("approved", 1),
        ("approved", 1),
        ("approved", 1),
        ("rejected", 1),
        ("review", 1),
        ("approved", 1),
    ]


def test_it_can_run_twice_without_duplicating_content(tmp_path):
    run_demo(tmp_path)
    second = run_demo(tmp_path)

    assert "Demo account" not in second
    assert len(statuses(tmp_path)) == 6
    with sqlite3.connect(tmp_path / "talkback.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM newsroom_article").fetchone() == (1,)
