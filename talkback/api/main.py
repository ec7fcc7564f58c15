"""The JSON API, version 1: one NinjaAPI, a router per audience, the OpenAPI document at
/api/v1/openapi.json (generated from the typed schemas)."""

from __future__ import annotations

from ninja import NinjaAPI

from talkback.api import moderators, publishers, readers
from talkback.api.errors import StrictJsonParser, install_handlers

api = NinjaAPI(
    title="Talkback API",
    version="1",
    description=(
        "Readers post and follow comments; publishers manage articles and policy with a site "
        "API key; moderators work the review queue with a personal token. Errors are "
        '`{"error": {"code", "message"}}` with a 4xx status.'
    ),
    urls_namespace="api",
    parser=StrictJsonParser(),
    docs_url=None,
)
install_handlers(api)
api.add_router("", readers.router)
api.add_router("", publishers.router)
api.add_router("", moderators.router)
