"""Readers: one module per file format, each turning bytes into :class:`Record` objects.

A reader knows nothing about cleaning, years or segmentation: it decodes, extracts the text
(and a title, and the other fields of a tabular row) and reports per-row problems. Which reader
runs is decided by the file suffix (:data:`READERS`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

__all__ = [
    "READERS",
    "FieldMap",
    "ReadResult",
    "Record",
    "Skipped",
    "read_path",
    "shown",
    "supported",
    "unsupported_reason",
]


@dataclass(frozen=True)
class Skipped:
    """A file (or one row of a file) that could not be read, and why."""

    path: str
    reason: str

    def to_dict(self) -> dict:
        """``{"path", "reason"}`` for JSON output."""
        return {"path": self.path, "reason": self.reason}


@dataclass(frozen=True)
class FieldMap:
    """Which fields of a tabular record hold the text, year, title, id and region.

    A field left as None is detected from the usual names (``content``, ``text``, ``正文`` …).
    """

    text: str | None = None
    year: str | None = None
    title: str | None = None
    id: str | None = None
    region: str | None = None

    def fingerprint(self) -> str:
        """A string that changes whenever the mapping does."""
        return "|".join(str(v) for v in (self.text, self.year, self.title, self.id, self.region))


@dataclass
class Record:
    """One document as a reader sees it, before cleaning.

    Attributes:
        text: the extracted text.
        title: a title given by the format (HTML ``<title>``, a ``title`` field), if any.
        year: a year given by a field, if any; ``has_year_field`` says whether the source had
            such a field at all (an empty value in a year column means "unknown").
        fields: the other fields of a tabular row, kept as document metadata.
        row: the 1-based row or line number in a tabular file (``SHEET:ROW`` in a workbook).
        removed: text the reader dropped as page chrome (HTML ``<nav>``, ``<footer>``).
        notes: what the user should know about this record (a cell at Excel's size limit).
    """

    text: str
    title: str | None = None
    year: int | None = None
    has_year_field: bool = False
    id: str | None = None
    region: str | None = None
    fields: dict = field(default_factory=dict)
    row: int | str | None = None
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ReadResult:
    """The records read from one file, the rows that could not be read, and the encoding.

    ``encoding_from`` says how the encoding was decided (see :class:`~.decode.Decoded`);
    ``notes`` are what the user should know about the whole file (a declared charset that was
    ignored, a duplicate column name).
    """

    records: list[Record]
    skipped: list[Skipped] = field(default_factory=list)
    encoding: str | None = None
    tabular: bool = False
    encoding_from: str | None = None
    notes: list[str] = field(default_factory=list)


def _reader(name: str):
    def load(
        path: Path, data: bytes, fields: FieldMap, strip_chrome: bool, encoding: str | None
    ) -> ReadResult:
        from importlib import import_module

        module = import_module(f"{__name__}.{name}")
        return module.read(path, data, fields=fields, strip_chrome=strip_chrome, encoding=encoding)

    return load


READERS = {
    ".txt": _reader("plain"),
    ".text": _reader("plain"),
    ".md": _reader("markdown"),
    ".markdown": _reader("markdown"),
    ".html": _reader("html"),
    ".htm": _reader("html"),
    ".xhtml": _reader("html"),
    ".docx": _reader("docx"),
    ".pdf": _reader("pdf"),
    ".jsonl": _reader("tabular"),
    ".ndjson": _reader("tabular"),
    ".json": _reader("tabular"),
    ".csv": _reader("tabular"),
    ".tsv": _reader("tabular"),
    ".parquet": _reader("tabular"),
    ".xlsx": _reader("xlsx"),
    ".xlsm": _reader("xlsx"),
}

#: Suffixes that are reported as unsupported with a hint instead of a bare "unsupported".
_HINTS = {
    ".doc": "old Word format: save it as .docx",
    ".wps": "WPS format: save it as .docx",
    ".xls": "old Excel format: save it as .xlsx",
    ".et": "WPS spreadsheet: save it as .xlsx",
    ".rtf": "RTF: save it as .docx or .txt",
}


def supported(path: Path) -> bool:
    """True when a reader exists for the file's suffix."""
    return path.suffix.lower() in READERS


def unsupported_reason(path: Path) -> str:
    """Why a file is not read, with a hint where one helps."""
    suffix = path.suffix.lower()
    hint = _HINTS.get(suffix)
    detail = f" ({hint})" if hint else f"; readable: {', '.join(sorted(READERS))}"
    return f"unsupported format {suffix or '(no suffix)'}{detail}"


def read_path(
    path: Path,
    data: bytes,
    *,
    fields: FieldMap,
    strip_chrome: bool,
    encoding: str | None = None,
) -> ReadResult:
    """Read one file with the reader for its suffix.

    ``encoding`` forces the encoding of text formats (``--encoding``); binary formats (.docx,
    .pdf, .parquet, .xlsx) ignore it.

    Raises:
        InputError: for an unsupported format or a file the reader cannot read at all.
    """
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise InputError(shown(path), unsupported_reason(path))
    return READERS[suffix](path, data, fields, strip_chrome, encoding)


def shown(path: str | os.PathLike) -> str:
    """A path as printable text: bytes of the name that are not UTF-8 shown as ``\\xNN``.

    File names are bytes on Linux; Python keeps the undecodable ones as lone surrogates,
    which no output can encode. Shown escaped, the name stays readable and every output
    (terminal, JSON, CSV, HTML) stays valid UTF-8.

    >>> shown("reports/2021-\\udcff.txt")
    'reports/2021-\\\\xff.txt'
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", errors="backslashreplace")
    return text
