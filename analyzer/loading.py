"""Files become documents: reading, decoding, cleaning and metadata, one document at a time.

:class:`DocumentStream` reads files and folders lazily (recursively for folders), cleans each
record and works out its year, title, region and id; files or rows that cannot be read are
listed in ``skipped`` with the reason, so that nothing is lost without notice.
:meth:`analyzer.corpus.Corpus.load` collects a stream into a corpus.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, content_key
from .clean import CleaningOptions, CleaningReport, Removal, clean_text, normalize_width
from .document import Document
from .errors import InputError, ParameterError
from .metadata import (
    region_from,
    title_from_text,
    year_from_filename,
    year_from_text,
    year_from_title,
)
from .readers import FieldMap, ReadResult, Record, Skipped, read_path, supported, unsupported_reason

__all__ = ["DEFAULT_MAX_FILE_MB", "DocumentStream", "LoadOptions"]

logger = logging.getLogger(__name__)

LOADER_VERSION = "1"
DEFAULT_MAX_FILE_MB = 200.0


@dataclass(frozen=True)
class LoadOptions:
    """How files become documents.

    Attributes:
        fields: which fields of tabular rows hold the text, year, title, id and region.
        cleaning: the cleaning steps (``CleaningOptions.raw()`` for ``--raw``).
        max_file_mb: files larger than this are skipped with a reason, not read.
    """

    fields: FieldMap = field(default_factory=FieldMap)
    cleaning: CleaningOptions = field(default_factory=CleaningOptions)
    max_file_mb: float = DEFAULT_MAX_FILE_MB

    def fingerprint(self) -> str:
        """Changes whenever the loaded documents could change."""
        return f"load{LOADER_VERSION}|{self.fields.fingerprint()}|{self.cleaning.fingerprint()}"


class DocumentStream:
    """Documents read lazily from files, one at a time; ``skipped`` fills as iteration goes.

    Args:
        paths: files and folders (folders are read recursively).
        options: field mapping, cleaning and size limit.
        cache: where cleaned documents are cached; ``Cache(enabled=False)`` to bypass.

    Example:
        >>> stream = DocumentStream(["corpora/sample"])  # doctest: +SKIP
        >>> for doc in stream: ...                       # doctest: +SKIP
    """

    def __init__(
        self,
        paths: Iterable[str | os.PathLike],
        *,
        options: LoadOptions | None = None,
        cache: Cache | None = None,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.options = options or LoadOptions()
        self.cache = cache if cache is not None else Cache(enabled=False)
        self.skipped: list[Skipped] = []
        self._ids: set[str] = set()

    def __iter__(self) -> Iterator[Document]:
        self.skipped = []
        self._ids = set()
        if not self.paths:
            raise ParameterError("no path given: pass at least one file or folder")
        for path in self.paths:
            if not path.exists():
                raise InputError(str(path), "no such file or folder")
            if path.is_dir():
                yield from self._read_folder(path)
            else:
                yield from self._read_file(path, root=None)

    def _read_folder(self, folder: Path) -> Iterator[Document]:
        found = []
        for current, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found.extend(Path(current) / name for name in files if not name.startswith("."))
        for path in sorted(found, key=lambda p: p.relative_to(folder).as_posix()):
            if not supported(path):
                self.skipped.append(Skipped(str(path), unsupported_reason(path)))
                continue
            yield from self._read_file(path, root=folder)

    def _read_file(self, path: Path, root: Path | None) -> Iterator[Document]:
        try:
            size = path.stat().st_size
            limit = self.options.max_file_mb * 1024 * 1024
            if size > limit:
                raise InputError(
                    str(path),
                    f"too large ({size / 1048576:.1f} MB > {self.options.max_file_mb:g} MB; "
                    "raise the limit with --max-file-mb)",
                )
            data = path.read_bytes()
            loaded = self._load_records(path, data)
        except InputError as exc:
            self.skipped.append(Skipped(exc.path, exc.reason))
            return
        except OSError as exc:
            self.skipped.append(Skipped(str(path), f"cannot read ({exc.strerror})"))
            return
        entries, row_skips, encoding, tabular, key = loaded
        self.skipped.extend(Skipped(f"{path}{where}", reason) for where, reason in row_skips)
        for entry in entries:
            yield self._document(path, root, entry, encoding, tabular, key)

    def _load_records(self, path: Path, data: bytes) -> tuple:
        key = content_key(data, path.suffix.lower(), self.options.fingerprint())
        cached = self.cache.get("documents", key)
        if cached is not None:
            return (*cached, key)
        result: ReadResult = read_path(
            path, data, fields=self.options.fields, strip_chrome=self.options.cleaning.chrome
        )
        entries = [_clean_record(record, self.options.cleaning) for record in result.records]
        prefix = str(path)
        row_skips = [(s.path[len(prefix) :], s.reason) for s in result.skipped]
        value = (entries, row_skips, result.encoding, result.tabular)
        self.cache.put("documents", key, value)
        return (*value, key)

    def _document(
        self,
        path: Path,
        root: Path | None,
        entry: dict,
        encoding: str | None,
        tabular: bool,
        key: str,
    ) -> Document:
        text = entry["text"]
        title = entry["title"] or (None if tabular else title_from_text(text)) or path.stem
        year, year_from = entry["year"], "field" if entry["year"] is not None else None
        if year is None and not (tabular and entry["has_year_field"]):
            for source, found in (
                ("filename", lambda: year_from_filename(path)),
                ("title", lambda: year_from_title(entry["title"] or title)),
                ("text", lambda: None if tabular else year_from_text(entry["raw_head"])),
            ):
                year = found()
                if year is not None:
                    year_from = source
                    break
        if tabular:
            base = entry["id"] or f"{path.stem}:{entry['row']}"
        elif root is not None:
            base = path.relative_to(root).with_suffix("").as_posix()
        else:
            base = path.stem
        doc_id = base
        n = 2
        while doc_id in self._ids:
            doc_id = f"{base}#{n}"
            n += 1
        self._ids.add(doc_id)
        meta = dict(entry["fields"])
        meta.setdefault("source", (root or path).name)
        meta.update(year_from=year_from, encoding=encoding, source_key=key)
        return Document(
            id=doc_id,
            text=text,
            year=year,
            title=title,
            region=entry["region"] or region_from(path=path, title=entry["title"] or title),
            path=f"{path}:{entry['row']}" if tabular else str(path),
            meta=meta,
            cleaning=CleaningReport.from_dict(entry["cleaning"]) if entry["cleaning"] else None,
        )


def _clean_record(record: Record, cleaning: CleaningOptions) -> dict:
    """Clean one record into the plain dictionary that is cached."""
    text, report = clean_text(record.text, cleaning)
    if record.removed:
        report.removed[:0] = [Removal("chrome", piece) for piece in record.removed]
    return {
        "text": text,
        "raw_head": normalize_width(record.text[:2000]),
        "cleaning": report.to_dict() if cleaning.enabled else None,
        "title": record.title,
        "year": record.year,
        "has_year_field": record.has_year_field,
        "id": record.id,
        "region": record.region,
        "fields": record.fields,
        "row": record.row,
    }
