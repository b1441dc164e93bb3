"""Plain text files (.txt)."""

from __future__ import annotations

from pathlib import Path

from . import FieldMap, ReadResult, Record, shown
from .decode import decode


def read(
    path: Path, data: bytes, *, fields: FieldMap, strip_chrome: bool, encoding: str | None = None
) -> ReadResult:
    """One document: the whole decoded file."""
    decoded = decode(data, shown(path), encoding=encoding)
    return ReadResult(
        [Record(text=decoded.text)],
        encoding=decoded.encoding,
        encoding_from=decoded.how,
        notes=list(decoded.notes),
    )
