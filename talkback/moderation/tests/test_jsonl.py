from __future__ import annotations

import io
import json
from typing import Any

from talkback.moderation import Engine
from talkback.moderation.jsonl import moderate_lines, run
from talkback.moderation.taxonomy import CATEGORIES


def run_lines(*lines: bytes) -> tuple[list[dict[str, Any]], int]:
    sink = io.StringIO()
    failed = run(io.BytesIO(b"\n".join(lines) + b"\n"), sink, Engine(), batch_size=2)
    return [json.loads(line) for line in sink.getvalue().splitlines()], failed


def test_it_writes_one_verdict_per_line_in_order_with_the_contract_fields():
    results, failed = run_lines(
        b'{"id": 1, "text": "Good reporting."}',
        b'{"id": "b", "text": "shit", "article": "A war report", "lang": "en"}',
        b'{"id": [3], "text": "Thanks", "parent": "Who knew?"}',
    )

    assert failed == 0
    assert [r["id"] for r in results] == [1, "b", [3]]
    assert [r["decision"] for r in results] == ["approve", "reject", "approve"]
    for result in results:
        assert set(result) == {
            "id",
            "decision",
            "reasons",
            "scores",
            "targets",
            "spans",
            "lang",
            "model_version",
        }
        assert set(result["scores"]) == set(CATEGORIES)


def test_it_reports_each_malformed_line_and_goes_on():
    results, failed = run_lines(
        b'{"id": 1, "text": "fine"}',
        b"{broken",
        b'{"id": 3}',
        b'{"id": 4, "text": "   "}',
        b'{"id": 5, "text": "x", "lang": 7}',
        b"\xff\xfe",
        b'"just a string"',
        b'{"id": 8, "text": "still going"}',
    )

    assert failed == 6
    assert [r["id"] for r in results] == [1, None, 3, 4, 5, None, None, 8]
    assert "not valid JSON" in results[1]["error"]
    assert results[2]["error"] == '"text" must be a string'
    assert results[3]["error"] == '"text" is empty'
    assert "not valid UTF-8" in results[5]["error"]
    assert results[7]["decision"] == "approve"


def test_it_fails_only_the_comment_the_engine_chokes_on():
    class Picky(Engine):
        def moderate_batch(self, comments, policy=None):
            if any("boom" in comment.text for comment in comments):
                raise RuntimeError("model fault")
            return super().moderate_batch(comments, policy)

    sink = io.StringIO()
    lines = io.BytesIO(b'{"id": 1, "text": "Thanks"}\n{"id": 2, "text": "boom"}\n')

    assert run(lines, sink, Picky()) == 1
    first, second = (json.loads(line) for line in sink.getvalue().splitlines())
    assert first["decision"] == "approve"
    assert second == {"id": 2, "error": "engine error: RuntimeError: model fault"}


def test_it_streams_without_reading_ahead_more_than_a_batch():
    consumed = 0

    def source():
        nonlocal consumed
        for n in range(10_000):
            consumed += 1
            yield json.dumps({"id": n, "text": "hello"}).encode()

    results = moderate_lines(source(), Engine(), batch_size=100)
    first = next(results)

    assert first["id"] == 0
    assert consumed == 100


def test_it_refuses_lone_surrogates_and_still_answers_every_line():
    results, failed = run_lines(
        b'{"id": 1, "text": "sh\\ud800it"}',
        b'{"id": 2, "text": "fine", "lang": "\\udc00"}',
        b'{"id": "\\ud800", "text": "hello"}',
        b'{"id": 4, "text": "\\u200b\\u200b"}',
        b'{"id": 5, "text": "still going"}',
    )

    assert failed == 3
    assert "lone surrogate" in results[0]["error"]
    assert "valid Unicode" in results[1]["error"]
    assert results[2]["id"] == "\ud800" and results[2]["decision"] == "approve"
    assert results[3]["error"] == '"text" is empty'
    assert results[4]["decision"] == "approve"
