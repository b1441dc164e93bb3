"""Files become documents: reading, decoding, cleaning and metadata, one document at a time.

:class:`DocumentStream` reads files and folders lazily (recursively for folders), cleans each
record and works out its year, title, region and id; files or rows that cannot be read are
listed in ``skipped`` with the reason, so that nothing is lost without notice, and what the
user should know about a file that did load (a declared charset ignored, a duplicate column, a
cell at Excel's size limit) is in ``notes`` and logged as a warning.
:meth:`analyzer.corpus.Corpus.load` collects a stream into a corpus.

Only regular files are read: a FIFO, a device or a socket in a folder is reported as "not a
regular file" (never opened in a way that could block), a file reached twice (given twice, or
through a link) loads once, and no file is read past the size limit, whatever its size claims.
"""

from __future__ import annotations

import logging
import math
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, content_key
from .clean import (
    CleaningOptions,
    CleaningReport,
    Removal,
    clean_text,
    normalize_width,
    replace_surrogates,
)
from .document import Document
from .errors import InputError, ParameterError
from .metadata import (
    region_from,
    title_from_text,
    year_from_filename,
    year_from_text,
    year_from_title,
)
from .readers import (
    FieldMap,
    ReadResult,
    Record,
    Skipped,
    read_path,
    shown,
    supported,
    unsupported_reason,
)
from .readers.decode import check_encoding

__all__ = ["DEFAULT_MAX_FILE_MB", "DocumentStream", "LoadOptions"]

logger = logging.getLogger(__name__)

LOADER_VERSION = "2"
DEFAULT_MAX_FILE_MB = 200.0


@dataclass(frozen=True)
class LoadOptions:
    """How files become documents.

    Attributes:
        fields: which fields of tabular rows hold the text, year, title, id and region.
        cleaning: the cleaning steps (``CleaningOptions.raw()`` for ``--raw``).
        max_file_mb: files larger than this are skipped with a reason, not read; a positive
            finite number.
        encoding: force this encoding for every text file (``--encoding``), instead of
            detecting it per file; a file that does not decode with it is skipped.
    """

    fields: FieldMap = field(default_factory=FieldMap)
    cleaning: CleaningOptions = field(default_factory=CleaningOptions)
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    encoding: str | None = None

    def __post_init__(self) -> None:
        check_max_file_mb(self.max_file_mb)
        if self.encoding is not None:
            check_encoding(self.encoding)

    def fingerprint(self) -> str:
        """Changes whenever the loaded documents could change."""
        return (
            f"load{LOADER_VERSION}|{self.fields.fingerprint()}|{self.cleaning.fingerprint()}"
            f"|{self.encoding}"
        )


def check_max_file_mb(value: object) -> float:
    """``value`` when it is a positive finite number, else a :class:`ParameterError`.

    >>> check_max_file_mb(200)
    200
    >>> check_max_file_mb(float("nan"))
    Traceback (most recent call last):
    ...
    analyzer.errors.ParameterError: max_file_mb=nan must be a positive number of megabytes, such as 200
    """
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value <= 0:
        raise ParameterError(
            f"max_file_mb={value!r} must be a positive number of megabytes, such as 200"
        )
    return value


class DocumentStream:
    """Documents read lazily from files, one at a time; ``skipped`` fills as iteration goes.

    Args:
        paths: files and folders (folders are read recursively).
        options: field mapping, cleaning, size limit and encoding.
        cache: where cleaned documents are cached; ``Cache(enabled=False)`` to bypass.

    Attributes:
        skipped: files and rows that could not be read, with the reason.
        notes: what the user should know about files that did load (also logged as
            warnings, and kept in each document's ``meta["notes"]``).

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
        self.notes: list[Skipped] = []
        self._ids: set[str] = set()
        self._seen: dict[tuple[int, int], str] = {}

    def __iter__(self) -> Iterator[Document]:
        self.skipped = []
        self.notes = []
        self._ids = set()
        self._seen = {}
        if not self.paths:
            raise ParameterError("no path given: pass at least one file or folder")
        for path in self.paths:
            if not path.exists():
                raise InputError(shown(path), "no such file or folder")
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
                self.skipped.append(Skipped(shown(path), unsupported_reason(path)))
                continue
            yield from self._read_file(path, root=folder)

    def _read_file(self, path: Path, root: Path | None) -> Iterator[Document]:
        try:
            data = self._read_bytes(path)
            if data is None:
                return
            loaded = self._load_records(path, data)
        except InputError as exc:
            self.skipped.append(Skipped(shown(exc.path), exc.reason))
            return
        except OSError as exc:
            self.skipped.append(Skipped(shown(path), f"cannot read ({exc.strerror})"))
            return
        except RecursionError:  # a parser of the format gave up on its nesting
            self.skipped.append(Skipped(shown(path), "nested too deeply to read"))
            return
        where = shown(path)
        self.skipped.extend(Skipped(f"{where}{at}", reason) for at, reason in loaded["row_skips"])
        for note in loaded["notes"]:
            self.notes.append(Skipped(where, note))
            logger.warning("%s: %s", where, note)
        rows_of: dict[str, list] = {}
        for entry in loaded["entries"]:
            for note in entry["notes"]:
                self.notes.append(Skipped(f"{where}:{entry['row']}", note))
                rows_of.setdefault(note, []).append(entry["row"])
        for note, rows in rows_of.items():
            listed = ", ".join(map(str, rows[:5])) + (" …" if len(rows) > 5 else "")
            logger.warning("%s: %s (%s row%s: %s)", where, note, len(rows),
                           "s" if len(rows) > 1 else "", listed)  # fmt: skip
        for entry in loaded["entries"]:
            yield self._document(path, root, entry, loaded)

    def _read_bytes(self, path: Path) -> bytes | None:
        """The bytes of a regular file, at most the size limit; None when it was seen before.

        Raises:
            InputError: not a regular file, or too large.
            OSError: the file cannot be opened or read.
        """
        kind = _file_kind(os.stat(path).st_mode)
        if kind is not None:
            raise InputError(shown(path), f"not a regular file ({kind}); not read")
        # O_NONBLOCK: a file swapped for a FIFO after the check above cannot block the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            kind = _file_kind(info.st_mode)
            if kind is not None:
                raise InputError(shown(path), f"not a regular file ({kind}); not read")
            identity = (info.st_dev, info.st_ino)
            if identity in self._seen:
                self.skipped.append(
                    Skipped(
                        shown(path),
                        f"the same file as {self._seen[identity]} (given twice or reached "
                        "through a link): loaded once",
                    )
                )
                return None
            self._seen[identity] = shown(path)
            limit = int(self.options.max_file_mb * 1024 * 1024)
            data = handle.read(limit + 1)
        if len(data) > limit:
            size = max(info.st_size, len(data))
            raise InputError(
                shown(path),
                f"too large ({size / 1048576:.1f} MB > {self.options.max_file_mb:g} MB; "
                "raise the limit with --max-file-mb)",
            )
        return data

    def _load_records(self, path: Path, data: bytes) -> dict:
        key = content_key(data, path.suffix.lower(), self.options.fingerprint())
        cached = self.cache.get("documents", key)
        if isinstance(cached, dict) and cached.get("version") == LOADER_VERSION:
            return {**cached, "key": key}
        result: ReadResult = read_path(
            path,
            data,
            fields=self.options.fields,
            strip_chrome=self.options.cleaning.chrome,
            encoding=self.options.encoding,
        )
        if not result.tabular and not any(r.text.strip() for r in result.records):
            raise InputError(shown(path), "no text once the markup is removed")
        prefix = str(path)
        value = {
            "version": LOADER_VERSION,
            "entries": [_clean_record(record, self.options.cleaning) for record in result.records],
            "row_skips": [(s.path[len(prefix) :], s.reason) for s in result.skipped],
            "encoding": result.encoding,
            "encoding_from": result.encoding_from,
            "tabular": result.tabular,
            "notes": [replace_surrogates(note)[0] for note in result.notes],
        }
        self.cache.put("documents", key, value)
        return {**value, "key": key}

    def _document(self, path: Path, root: Path | None, entry: dict, loaded: dict) -> Document:
        tabular = loaded["tabular"]
        text = entry["text"]
        stem = shown(path.stem)
        title = entry["title"] or (None if tabular else title_from_text(text)) or stem
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
            base = entry["id"] or f"{stem}:{entry['row']}"
        elif root is not None:
            base = shown(path.relative_to(root).with_suffix("").as_posix())
        else:
            base = stem
        doc_id = base
        n = 2
        while doc_id in self._ids:
            doc_id = f"{base}#{n}"
            n += 1
        self._ids.add(doc_id)
        meta = dict(entry["fields"])
        meta.setdefault("source", shown((root or path).name))
        meta.update(
            year_from=year_from,
            encoding=loaded["encoding"],
            encoding_from=loaded["encoding_from"],
            source_key=loaded["key"],
        )
        notes = [*loaded["notes"], *entry["notes"]]
        if notes:
            meta["notes"] = "; ".join(notes)
        where = shown(path)
        return Document(
            id=doc_id,
            text=text,
            year=year,
            title=title,
            region=entry["region"] or region_from(path=path, title=entry["title"] or title),
            path=f"{where}:{entry['row']}" if tabular else where,
            meta=meta,
            cleaning=CleaningReport.from_dict(entry["cleaning"]) if entry["cleaning"] else None,
        )


def _file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a file"


def _clean_record(record: Record, cleaning: CleaningOptions) -> dict:
    """Clean one record into the plain (JSON-ready) dictionary that is cached.

    Lone surrogates (which JSON text may hold) are replaced in every string of the record and
    counted in the cleaning report, which is kept even for raw text when there were any.
    """
    replaced = 0

    def fix(value):
        nonlocal replaced
        if isinstance(value, str):
            value, n = replace_surrogates(value)
            replaced += n
        return value

    text, report = clean_text(record.text, cleaning)
    replaced += report.surrogates
    title, doc_id, region = fix(record.title), fix(record.id), fix(record.region)
    fields = {fix(k): fix(v) for k, v in record.fields.items()}
    removed = [fix(piece) for piece in record.removed]
    report.surrogates = replaced
    if removed:
        report.removed[:0] = [Removal("chrome", piece) for piece in removed]
    keep = cleaning.enabled or report.surrogates
    return {
        "text": text,
        "raw_head": normalize_width(replace_surrogates(record.text[:2000])[0]),
        "cleaning": report.to_dict() if keep else None,
        "title": title,
        "year": record.year,
        "has_year_field": record.has_year_field,
        "id": doc_id,
        "region": region,
        "fields": fields,
        "row": fix(record.row),
        "notes": [fix(note) for note in record.notes],
    }
