"""Decode a file's bytes as text: UTF-8, BOM-marked UTF-16 or a declared charset; never binary."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path
from typing import Final

from talkback.newsroom.extract.article import ExtractionError

# Share of control characters above which decodable bytes are still judged binary.
CONTROL_CHAR_MAX_SHARE: Final = 0.01
_DECLARED_CHARSET_RE: Final = re.compile(rb"""(?:encoding|charset)\s*=\s*["']?([A-Za-z0-9._:-]+)""")


def decode(raw: bytes, path: Path) -> str:
    """Decode file bytes as text, refusing binary data.

    UTF-8 (with or without BOM) and BOM-marked UTF-16 are accepted; other bytes are decoded
    only with the charset the document itself declares (XML declaration or <meta charset>),
    as older news feeds are often ISO-8859-1 or windows-1252.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_with(raw, "utf-16", path)
    elif b"\x00" in raw:
        raise ExtractionError(f"{path}: binary file (contains NUL bytes), not an article")
    else:
        text = _decode_utf8_or_declared(raw, path)
    if _looks_binary(text):
        raise ExtractionError(f"{path}: binary file (control characters), not an article")
    return text


def _decode_utf8_or_declared(raw: bytes, path: Path) -> str:
    """UTF-8, else the charset the document declares near its start; we never guess one."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = _DECLARED_CHARSET_RE.search(raw[:2048])
    if declared is None:
        raise ExtractionError(f"{path}: not UTF-8 text and no other encoding is declared")
    return _decode_with(raw, declared.group(1).decode("ascii"), path)


def _decode_with(raw: bytes, encoding: str, path: Path) -> str:
    """Decode strictly with `encoding`, turning any failure into an ExtractionError."""
    try:
        return raw.decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        raise ExtractionError(f"{path}: cannot be decoded as {encoding} text ({error})") from error


def _looks_binary(text: str) -> bool:
    """True when control characters (other than whitespace) are more than a stray few."""
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and not c.isspace())
    return controls > CONTROL_CHAR_MAX_SHARE * len(text)
