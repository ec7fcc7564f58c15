"""The shapes shared by every part of the API."""

from __future__ import annotations

from typing import Annotated, Any

from annotated_types import Interval
from ninja import Schema
from pydantic import BeforeValidator, StringConstraints, field_validator

from talkback.moderation.text import is_encodable


def _integral(value: Any) -> Any:
    # JSON Schema counts 5.0 as an integer, so the document promises it is accepted.
    return int(value) if isinstance(value, float) and value.is_integer() else value


#: A database id: PostgreSQL's bigint refuses anything larger, so it is a 400 here, not a 500.
DbId = Annotated[int, Interval(ge=1, le=2**63 - 1), BeforeValidator(_integral)]
#: A site's slug as Site.slug allows it (a NUL byte would reach PostgreSQL otherwise).
SiteSlug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=64)]


class StrictSchema(Schema):
    """A request body read strictly: "5" is not an int, 1 is not a bool; unknown keys are
    ignored, so clients may send more than a route reads."""

    model_config = {"strict": True, "extra": "ignore"}


class StorableSchema(StrictSchema):
    """A strict body whose every string can be stored as written: no NUL character (PostgreSQL
    refuses them) and no lone surrogate (UTF-8 cannot hold one)."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if not _storable(value):
            raise ValueError("text must hold no NUL characters or lone surrogates")
        return value


def _storable(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" not in value and is_encodable(value)
    if isinstance(value, dict):
        return all(_storable(key) and _storable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    return True


class ErrorDetail(Schema):
    #: Stable, for programs: e.g. "bad_json", "rate_limited", "comments_closed".
    code: str
    #: For people; may change between versions.
    message: str


class ErrorOut(Schema):
    error: ErrorDetail


#: The error answers every route may give; routes add their own.
COMMON_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 413: ErrorOut}
