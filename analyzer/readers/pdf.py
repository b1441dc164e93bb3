"""PDF files: the text layer of every page (scanned pages without one are reported)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from ..errors import InputError
from . import FieldMap, ReadResult, Record


def read(
    path: Path, data: bytes, *, fields: FieldMap, strip_chrome: bool, encoding: str | None = None
) -> ReadResult:
    """One document; pages are joined with a line break so cleaning can rejoin split sentences."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(str(path), "encrypted PDF (remove the password first)")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(
            str(path), f"not a readable PDF ({exc.__class__.__name__}: {exc})"
        ) from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(str(path), "PDF without a text layer (a scan? run OCR on it first)")
    return ReadResult([Record(text=text, title=title)], encoding="pdf")
