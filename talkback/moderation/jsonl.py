"""The `talkback moderate` contract: JSON Lines in, one JSON line out per input line, in order.

Input, one object per line: {"id": any, "text": str, "article"?: str, "parent"?: str, "lang"?: str}.
Output: {"id", "decision", "reasons", "scores", "targets", "spans", "lang", "model_version"}, or
{"id", "error"} for a line that cannot be moderated. Lines are read and written in batches, so a
stream of any length runs in constant memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

from talkback.moderation.engine import CommentInput, Engine
from talkback.moderation.text import PROBLEM_DESCRIPTIONS, is_encodable, text_problem

OPTIONAL_FIELDS = ("article", "parent", "lang")


class BadLine(ValueError):
    """An input line that is not a comment object; its message is the reader-facing error."""

    def __init__(self, message: str, line_id: Any = None) -> None:
        super().__init__(message)
        self.line_id = line_id


def parse_line(raw: bytes) -> tuple[Any, CommentInput]:
    """Return the line's id and comment, or raise BadLine saying what is wrong with it."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadLine(f"line is not valid UTF-8 (byte {exc.start})") from None
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise BadLine(f"line is not valid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(obj, dict):
        raise BadLine("line must be a JSON object")
    line_id = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadLine('"text" must be a string', line_id)
    problem = text_problem(text)
    if problem:
        raise BadLine(f'"text" {PROBLEM_DESCRIPTIONS[problem]}', line_id)
    extras = {}
    for name in OPTIONAL_FIELDS:
        value = obj.get(name)
        if value is not None and not (isinstance(value, str) and is_encodable(value)):
            raise BadLine(f'"{name}" must be a string of valid Unicode when given', line_id)
        extras[name] = value or None
    return line_id, CommentInput(text=text, **extras)


def moderate_lines(
    lines: Iterable[bytes], engine: Engine, *, batch_size: int = 256
) -> Iterator[dict[str, Any]]:
    """Yield one output object per non-blank input line, in input order."""
    stream = (line for line in lines if line.strip())
    while batch := list(islice(stream, batch_size)):
        yield from _moderate_batch(batch, engine)


def _moderate_batch(batch: list[bytes], engine: Engine) -> Iterator[dict[str, Any]]:
    parsed: list[tuple[Any, CommentInput] | BadLine] = []
    for raw in batch:
        try:
            parsed.append(parse_line(raw))
        except BadLine as exc:
            parsed.append(exc)
    good = [item for item in parsed if not isinstance(item, BadLine)]
    results = iter(_verdicts([comment for _, comment in good], engine))
    for item in parsed:
        if isinstance(item, BadLine):
            yield {"id": item.line_id, "error": str(item)}
        else:
            yield {"id": item[0], **next(results)}


def _verdicts(comments: list[CommentInput], engine: Engine) -> list[dict[str, Any]]:
    """Moderate a batch; if the engine fails on it, retry one by one so only culprits fail."""
    try:
        return [verdict.to_dict() for verdict in engine.moderate_batch(comments)]
    except Exception:
        return [_one(comment, engine) for comment in comments]


def _one(comment: CommentInput, engine: Engine) -> dict[str, Any]:
    try:
        return engine.moderate(comment).to_dict()
    except Exception as exc:
        return {"error": f"engine error: {type(exc).__name__}: {exc}"}


def _dumps(result: dict[str, Any]) -> str:
    """Serialise readably; escape only when the caller's id holds text UTF-8 cannot carry."""
    line = json.dumps(result, ensure_ascii=False)
    return line if is_encodable(line) else json.dumps(result)


def run(source: IO[bytes], sink: IO[str], engine: Engine, *, batch_size: int = 256) -> int:
    """Moderate `source` into `sink`; return how many lines failed."""
    failed = 0
    for result in moderate_lines(source, engine, batch_size=batch_size):
        failed += "error" in result
        sink.write(_dumps(result) + "\n")
    sink.flush()
    return failed
