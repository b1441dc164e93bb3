"""Corpora: documents with the files that could not be read, and their grouping. No NLP here.

A :class:`Corpus` is a list of :class:`~analyzer.document.Document` objects plus the list of
files that could not be read (``skipped``), so that nothing is lost without notice. Corpora load
from directories (recursively), single files, and tabular files (one document per row), through
:class:`~analyzer.loading.DocumentStream`, or from Python objects (:meth:`Corpus.from_texts`,
:meth:`Corpus.from_dataframe`). A corpus is data: it imports no analysis.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from .cache import Cache
from .clean import CleaningOptions, clean_text
from .document import Document
from .errors import AnalyzerError, ParameterError
from .grouping import Grouping
from .loading import DEFAULT_MAX_FILE_MB, DocumentStream, LoadOptions
from .metadata import title_from_text
from .readers import FieldMap, Skipped

__all__ = ["Corpus", "Document", "DocumentStream", "Grouping", "LoadOptions", "Skipped"]


class Corpus:
    """A collection of documents with the files that could not be read.

    Build one with :meth:`load`, :meth:`from_texts` or :meth:`from_dataframe`. A corpus is a
    sequence: ``len(corpus)``, ``corpus[0]``, ``corpus["2021-report"]``, ``for doc in corpus``.
    It is data: ``analyzer.Corpus`` (:class:`analyzer.pipeline.Corpus`) adds the analyses as
    methods, and :class:`analyzer.pipeline.Analysis` runs them on any corpus.

    Example:
        >>> corpus = Corpus.from_texts(["建设平安中国。", "扫黑除恶。"], years=[2020, 2021])
        >>> len(corpus), corpus.years
        (2, [2020, 2021])
    """

    def __init__(
        self, documents: Iterable[Document] = (), *, skipped: Iterable[Skipped] = ()
    ) -> None:
        self.documents: list[Document] = list(documents)
        self.skipped: list[Skipped] = list(skipped)
        ids = [d.id for d in self.documents]
        if len(set(ids)) != len(ids):
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            raise ParameterError(f"document ids must be unique; repeated: {duplicates[:5]}")
        self._by_id = {d.id: d for d in self.documents}

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        *paths: str | os.PathLike,
        text_field: str | None = None,
        year_field: str | None = None,
        title_field: str | None = None,
        id_field: str | None = None,
        region_field: str | None = None,
        clean: bool = True,
        max_file_mb: float = DEFAULT_MAX_FILE_MB,
        cache: Cache | bool | None = None,
        encoding: str | None = None,
    ) -> Corpus:
        """Load documents from files and folders.

        Args:
            *paths: files and folders; folders are read recursively (.txt, .md, .html, .htm,
                .docx, .pdf, .jsonl, .json, .csv, .tsv, .parquet).
            text_field, year_field, title_field, id_field, region_field: the fields of tabular
                rows holding each value; detected from usual names when None.
            clean: clean the text (see :mod:`analyzer.clean`); False keeps it raw.
            max_file_mb: skip (and report) files larger than this.
            cache: a :class:`~analyzer.cache.Cache`, True for the default cache, or
                None/False for none.
            encoding: force this encoding for every text file (``"gb18030"``, ``"big5"``)
                instead of detecting it per file; None detects (see
                :mod:`analyzer.readers.decode`).

        Returns:
            The corpus; files that could not be read are in ``corpus.skipped``.

        Year rule: a year field of the row; else one 4-digit year (1800-2100) in the file name;
        else a year in the title; else (for files, not rows) a date in the first lines. In a
        tabular file with a year column, an empty value means "unknown": the row's body text
        is not searched for a year.
        """
        options = LoadOptions(
            fields=FieldMap(text_field, year_field, title_field, id_field, region_field),
            cleaning=CleaningOptions() if clean else CleaningOptions.raw(),
            max_file_mb=max_file_mb,
            encoding=encoding,
        )
        from . import progress

        stream = DocumentStream(paths, options=options, cache=Cache.coerce(cache))
        documents = list(progress.track(stream, "loading documents"))
        return cls(documents, skipped=stream.skipped)

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str],
        *,
        years: Sequence[int | None] | None = None,
        titles: Sequence[str | None] | None = None,
        ids: Sequence[str] | None = None,
        regions: Sequence[str | None] | None = None,
        meta: Sequence[dict] | None = None,
        clean: bool = True,
    ) -> Corpus:
        """A corpus from strings, with optional parallel lists of metadata.

        Example:
            >>> c = Corpus.from_texts(["２０２１年，扫黑除恶。"], years=[2021])
            >>> c[0].text, c[0].cleaning.fullwidth
            ('2021年，扫黑除恶。', 4)
        """
        texts = list(texts)
        n = len(texts)
        for name, values in (
            ("years", years),
            ("titles", titles),
            ("ids", ids),
            ("regions", regions),
            ("meta", meta),
        ):
            if values is not None and len(values) != n:
                raise ParameterError(f"{name} has {len(values)} values for {n} texts")
        options = CleaningOptions() if clean else CleaningOptions.raw()
        documents = []
        for i, raw in enumerate(texts):
            if not isinstance(raw, str):
                raise ParameterError(f"texts[{i}] is {type(raw).__name__}, not str")
            text, report = clean_text(raw, options)
            documents.append(
                Document(
                    id=str(ids[i]) if ids is not None else f"doc{i + 1}",
                    text=text,
                    year=years[i] if years is not None else None,
                    title=(titles[i] if titles is not None else None) or title_from_text(text),
                    region=regions[i] if regions is not None else None,
                    meta=dict(meta[i]) if meta is not None else {},
                    cleaning=report if clean else None,
                )
            )
        return cls(documents)

    @classmethod
    def from_dataframe(
        cls,
        frame: Any,
        *,
        text_field: str | None = None,
        year_field: str | None = None,
        title_field: str | None = None,
        id_field: str | None = None,
        region_field: str | None = None,
        clean: bool = True,
    ) -> Corpus:
        """A corpus from a pandas DataFrame, one document per row; other columns become meta.

        Fields are detected from the usual column names (``content``, ``text``, ``正文``;
        ``year``, ``年份``, ``date`` …) unless given. A row whose text is not a string (a
        number, a list, bytes) is left out and listed in ``skipped``, never turned into its
        repr; an empty text is an empty document.

        Example:
            >>> import pandas as pd
            >>> c = Corpus.from_dataframe(pd.DataFrame({"text": ["扫黑除恶。", 42], "year": [2020, 2021]}))
            >>> [d.id for d in c], [s.reason for s in c.skipped]
            (['doc1'], ['text is int, not a string'])
        """
        from .metadata import parse_year
        from .readers.tabular import CANDIDATES

        columns = [str(c) for c in frame.columns]
        lower = {c.lower(): c for c in columns}

        def pick(role: str, given: str | None) -> str | None:
            if given is not None:
                if given not in columns:
                    raise ParameterError(
                        f"{role}_field={given!r} is not a column (columns: {columns})"
                    )
                return given
            return next((lower[c.lower()] for c in CANDIDATES[role] if c.lower() in lower), None)

        names = {
            role: pick(role, given)
            for role, given in (
                ("text", text_field),
                ("year", year_field),
                ("title", title_field),
                ("id", id_field),
                ("region", region_field),
            )
        }
        if names["text"] is None:
            raise ParameterError(f"no text column found (columns: {columns}); pass text_field=")
        every = frame.to_dict("records")
        text = names["text"]
        rows, skipped = [], []
        for position, row in enumerate(every):
            value = row[text]
            if _missing(value) or isinstance(value, str):
                rows.append((position, row))
            else:
                reason = f"text is {type(value).__name__}, not a string"
                skipped.append(Skipped(f"dataframe:row {position + 1}", reason))
        positions = [p for p, _ in rows]
        rows = [r for _, r in rows]
        used = {v for v in names.values() if v}

        def column(role: str, convert: Callable = lambda v: v) -> list | None:
            if names[role] is None:
                return None
            return [None if _missing(r[names[role]]) else convert(r[names[role]]) for r in rows]

        corpus = cls.from_texts(
            ["" if _missing(r[text]) else r[text] for r in rows],
            years=column("year", parse_year),
            titles=column("title", str),
            ids=column("id", str) or [f"doc{p + 1}" for p in positions],
            regions=column("region", str),
            meta=[{k: v for k, v in r.items() if k not in used} for r in rows],
            clean=clean,
        )
        corpus.skipped.extend(skipped)
        return corpus

    # -- sequence protocol --------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __getitem__(self, key: int | str) -> Document:
        if isinstance(key, str):
            try:
                return self._by_id[key]
            except KeyError:
                raise KeyError(f"no document with id {key!r}") from None
        return self.documents[key]

    def __repr__(self) -> str:
        years = self.years
        span = f", years {years[0]}–{years[-1]}" if years else ""
        noun = "document" if len(self) == 1 else "documents"
        return f"Corpus({len(self)} {noun}{span}, {len(self.skipped)} skipped)"

    # -- metadata -----------------------------------------------------------------------------

    @property
    def years(self) -> list[int]:
        """The distinct years of dated documents, ascending."""
        return sorted({d.year for d in self.documents if d.year is not None})

    @property
    def undated(self) -> list[Document]:
        """Documents without a year."""
        return [d for d in self.documents if d.year is None]

    @property
    def chars(self) -> int:
        """Total characters of all documents."""
        return sum(d.chars for d in self.documents)

    def filter(self, predicate: Callable[[Document], bool]) -> Corpus:
        """A new corpus with the documents for which ``predicate`` is true (skipped kept)."""
        return type(self)([d for d in self.documents if predicate(d)], skipped=self.skipped)

    def group_by(self, by: str | Sequence[str] = "year") -> Grouping:
        """Group documents by one or more metadata fields (see :class:`~analyzer.grouping.Grouping`);
        documents without a value are listed as excluded.

        Example:
            >>> c = Corpus.from_texts(["甲。", "乙。", "丙。"], years=[2021, None, 2020])
            >>> g = c.group_by("year")
            >>> list(g.groups), [d.id for d in g.excluded]
            ([2020, 2021], ['doc2'])
        """
        return Grouping(self.documents, by)

    def to_dataframe(self) -> Any:
        """One row per document: id, year, title, region, path, chars, text."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "id": d.id,
                    "year": d.year,
                    "title": d.title,
                    "region": d.region,
                    "path": d.path,
                    "chars": d.chars,
                    "text": d.text,
                }
                for d in self.documents
            ],
            columns=["id", "year", "title", "region", "path", "chars", "text"],
        ).astype({"year": "Int64"})

    def cleaning_table(self) -> Any:
        """What cleaning did to each document, one row each: id, year, year_from, chars_before,
        chars, zero_width, fullwidth, traditional, joined_breaks, blank_lines, removed_lines,
        removed (a summary). Documents loaded raw have empty counts.

        Example:
            >>> c = Corpus.from_texts(["２０２１年，扫黑\\n除恶。"], years=[2021])
            >>> c.cleaning_table()[["chars_before", "chars", "fullwidth", "joined_breaks"]].values.tolist()
            [[12, 11, 4, 1]]
        """
        import pandas as pd

        counts = ["zero_width", "fullwidth", "traditional", "joined_breaks", "blank_lines"]
        rows = []
        for d in self.documents:
            report = d.cleaning
            rows.append({
                "id": d.id, "year": d.year, "year_from": d.meta.get("year_from"),
                "chars_before": report.chars_before if report else None, "chars": d.chars,
                **{c: getattr(report, c) if report else None for c in counts},
                "removed_lines": len(report.removed) if report else None,
                "removed": report.summary() if report else "not cleaned",
            })  # fmt: skip
        columns = ["id", "year", "year_from", "chars_before", "chars", *counts, "removed_lines",
                   "removed"]  # fmt: skip
        integer = {c: "Int64" for c in ["year", "chars_before", *counts, "removed_lines"]}
        return pd.DataFrame(rows, columns=columns).astype(integer)

    def info(self) -> dict:
        """The corpus overview that ``analyzer info --format json`` prints."""
        return {
            "documents": [_document_info(d) for d in self.documents],
            "skipped": [s.to_dict() for s in self.skipped],
            "summary": {
                "documents": len(self.documents),
                "with_year": sum(1 for d in self.documents if d.year is not None),
                "without_year": len(self.undated),
                "years": self.years,
                "chars": self.chars,
                "skipped": len(self.skipped),
            },
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(d.id)}</td><td>{d.year if d.year is not None else '—'}</td>"
            f"<td>{html.escape(d.title or '')}</td><td>{d.chars:,}</td></tr>"
            for d in self.documents[:20]
        )
        more = f"<p>… and {len(self) - 20} more</p>" if len(self) > 20 else ""
        skipped = f"<p>{len(self.skipped)} file(s) skipped</p>" if self.skipped else ""
        return (
            f"<p><b>Corpus</b>: {len(self)} documents, {self.chars:,} characters, "
            f"{len(self.undated)} without a year</p>"
            "<table><tr><th>id</th><th>year</th><th>title</th><th>chars</th></tr>"
            f"{rows}</table>{more}{skipped}"
        )


def _document_info(doc: Document) -> dict:
    report = doc.cleaning
    return {
        "id": doc.id,
        "year": doc.year,
        "year_from": doc.meta.get("year_from"),
        "title": doc.title,
        "region": doc.region,
        "source": doc.meta.get("source"),
        "path": doc.path,
        "chars": doc.chars,
        "encoding": doc.meta.get("encoding"),
        "encoding_from": doc.meta.get("encoding_from"),
        "notes": doc.meta.get("notes"),
        "cleaning": report.to_dict() if report else None,
        "removed": report.summary() if report else "not cleaned",
    }


def _missing(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and value != value)
        or str(value) in {"", "nan", "NaT", "<NA>"}
    )


def require_documents(corpus: Corpus) -> None:
    """Raise a clear error for a corpus with no document at all."""
    if not len(corpus):
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in corpus.skipped[:3])
        detail = f" (skipped: {reasons})" if reasons else ""
        raise AnalyzerError(f"no readable document in the corpus{detail}")
