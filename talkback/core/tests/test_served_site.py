"""The served site under real HTTP: the JSON API and readers posting at the same time."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

pytestmark = pytest.mark.server

GUEST = {"author_name": "Api", "author_email": "api@example.org"}


def call(url: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_the_api_answers_a_post_with_the_outcome(server):
    status, data = call(
        f"{server.url}/api/v1/sites/demo/articles/1/comments",
        {"text": "What a f*cking joke", **GUEST},
    )

    assert status == 201
    assert data["status"] == "rejected" and data["reasons"] == ["profanity"]
    assert data["spans"] == [{"start": 7, "end": 14, "code": "profanity"}]


def test_readers_posting_at_once_all_get_their_comment_stored_and_decided(server):
    url = f"{server.url}/api/v1/sites/demo/articles/1/comments"
    texts = [
        f"Reader {n}: the council should publish the casualty figures."
        if n % 3
        else f"Comment {n}: sh1t"
        for n in range(40)
    ]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda text: call(url, {"text": text, **GUEST}), texts))

    assert [status for status, _ in answers] == [201] * len(texts)
    decided = [
        call(f"{server.url}/api/v1/comments/{data['id']}?token={data['status_token']}")[1]
        for _, data in answers
    ]
    assert [d["text"] for d in decided] == texts
    assert [d["status"] for d in decided] == [
        "rejected" if n % 3 == 0 else "approved" for n in range(40)
    ]
