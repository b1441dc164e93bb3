"""Plain text files (.txt)."""

from __future__ import annotations

from pathlib import Path

from . import FieldMap, ReadResult, Record
from .decode import decode_bytes


def read(path: Path, data: bytes, *, fields: FieldMap, strip_chrome: bool) -> ReadResult:
    """One document: the whole decoded file."""
    text, encoding = decode_bytes(data, str(path))
    return ReadResult([Record(text=text)], encoding=encoding)
