"""One document: its cleaned text and metadata. No NLP here, and no loading."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .clean import CleaningReport

__all__ = ["Document"]


@dataclass
class Document:
    """One report.

    Attributes:
        id: unique within a corpus (the file path below the folder given, or ``file:row``).
        text: the cleaned text (or the raw text with ``--raw``); every offset refers to it.
        year: the year the report belongs to, or None when none could be found.
        title: the title given by the source, or the first short line of the text.
        region: a province, ``全国`` for national documents, or None.
        path: the file (and ``:row`` for tabular files) it came from.
        meta: other fields of the source row, plus ``source`` (the row's own ``source`` field,
            else the name of the file or folder given on the command line, so that
            ``by="source"`` separates a provincial folder from a national table),
            ``year_from`` (field, filename, title, text), ``encoding`` and ``encoding_from``
            (how the encoding was decided: bom, utf-8, gb18030, detected, declared, forced),
            ``sheet`` for rows of a workbook, and ``notes`` when there is something to know
            about the source (a declared charset ignored, a cell at Excel's size limit).
        cleaning: what cleaning changed, or None for documents that were not cleaned.
    """

    id: str
    text: str
    year: int | None = None
    title: str | None = None
    region: str | None = None
    path: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    cleaning: CleaningReport | None = None

    @property
    def chars(self) -> int:
        """Length of the text in characters."""
        return len(self.text)

    def get(self, name: str, default: Any = None) -> Any:
        """A metadata value by name: an attribute (year, region, title, id, path) or meta key."""
        if name in {"id", "year", "title", "region", "path"}:
            value = getattr(self, name)
            return default if value is None else value
        return self.meta.get(name, default)

    def __repr__(self) -> str:
        preview = self.text[:20].replace("\n", " ")
        return f"Document(id={self.id!r}, year={self.year}, chars={self.chars}, text={preview!r}…)"
