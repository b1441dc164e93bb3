"""Tabular files (.jsonl, .json, .csv, .tsv, .parquet): one document per row.

The text, year, title, id and region fields are taken from a :class:`FieldMap` or detected from
the usual names. Reading is strict, and a row that cannot be read is reported with its line
number while the rows around it load:

* CSV/TSV: a row with an unterminated or stray quote (which would swallow the rows after it),
  or with more or fewer fields than the header, is left out and reported; a duplicate column
  name is kept under a new name (``text.1``) with a note;
* JSON/JSONL: an item or line that is not an object, invalid, or nested too deeply is reported;
* any format: a text field that is not a string (a number, a list, an object, a boolean, the
  bytes of a Parquet binary column) is reported, never turned into its Python repr.

Metadata fields keep numbers, strings and booleans as they are; dates become ISO strings, and
lists and objects compact JSON text.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..metadata import parse_year
from . import FieldMap, ReadResult, Record, Skipped
from .decode import decode

#: Field names tried, in order, when a field is not given. Matched case-insensitively.
CANDIDATES = {
    "text": (
        "content",
        "text",
        "body",
        "fulltext",
        "full_text",
        "article",
        "正文",
        "内容",
        "全文",
        "文本",
    ),
    "year": (
        "year",
        "年份",
        "年度",
        "年",
        "date",
        "日期",
        "publish_date",
        "pub_date",
        "published",
        "time",
        "时间",
        "发布时间",
        "发布日期",
    ),
    "title": ("title", "标题", "题目", "headline", "name", "名称"),
    "id": ("id", "doc_id", "docid", "document_id", "编号", "uid"),
    "region": ("region", "province", "place", "area", "地区", "省份", "地域", "区域"),
}
_JSON_LIST_KEYS = ("documents", "docs", "data", "records", "items", "rows", "reports")


def read(
    path: Path, data: bytes, *, fields: FieldMap, strip_chrome: bool, encoding: str | None = None
) -> ReadResult:
    """All rows of a tabular file as records."""
    suffix = path.suffix.lower()
    skipped: list[Skipped] = []
    notes: list[str] = []
    decoded = None
    if suffix == ".parquet":
        rows = list(_parquet_rows(path, data))
    else:
        decoded = decode(data, str(path), encoding=encoding)
        notes.extend(decoded.notes)
        if suffix in {".jsonl", ".ndjson"}:
            rows = list(_jsonl_rows(path, decoded.text, skipped))
        elif suffix == ".json":
            rows = list(_json_rows(path, decoded.text, skipped))
        else:
            delimiter = "\t" if suffix == ".tsv" else None
            rows = list(_csv_rows(path, decoded.text, delimiter, skipped, notes))
    if not rows and not skipped:
        raise InputError(str(path), "no rows")
    records = to_records(path, rows, fields, skipped, notes) if rows else []
    return ReadResult(
        records,
        skipped=skipped,
        encoding=decoded.encoding if decoded else None,
        encoding_from=decoded.how if decoded else None,
        tabular=True,
        notes=notes,
    )


def to_records(
    path: Path,
    rows: list[tuple[int | str, dict]],
    fields: FieldMap,
    skipped: list[Skipped],
    notes: list[str],
) -> list[Record]:
    """Rows (``(number, {field: value})``) as records; bad rows go to ``skipped``.

    Raises:
        InputError: when no text field is found or a field given in ``fields`` is absent.
    """
    mapping = _resolve_fields(path, [r for _, r in rows[:50]], fields)
    problems = _Problems()
    records = []
    for number, row in rows:
        record = _to_record(path, number, row, mapping, skipped, problems)
        if record is not None:
            records.append(record)
    notes.extend(problems.notes())
    return records


def _jsonl_rows(path: Path, text: str, skipped: list[Skipped]) -> Iterator[tuple[int, dict]]:
    # Lines end at \n only: U+2028 and the other characters str.splitlines() breaks at may
    # stand unescaped inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:  # JSONDecodeError, or an integer of over 4,300 digits
            skipped.append(Skipped(f"{path}:{number}", f"invalid JSON ({_json_problem(exc)})"))
            continue
        except RecursionError:
            skipped.append(Skipped(f"{path}:{number}", "JSON nested too deeply to read"))
            continue
        if not isinstance(row, dict):
            skipped.append(Skipped(f"{path}:{number}", f"{_kind(row)}, not a JSON object"))
            continue
        yield number, row


def _json_rows(path: Path, text: str, skipped: list[Skipped]) -> Iterator[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"invalid JSON at line {exc.lineno} ({exc.msg})") from None
    except ValueError as exc:
        raise InputError(str(path), f"invalid JSON ({_json_problem(exc)})") from None
    except RecursionError:
        raise InputError(str(path), "JSON nested too deeply to read") from None
    if isinstance(data, dict):
        for key in _JSON_LIST_KEYS:
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise InputError(str(path), f"JSON holds {_kind(data)}, not a list of objects")
    for number, row in enumerate(data, start=1):
        if isinstance(row, dict):
            yield number, row
        else:
            skipped.append(
                Skipped(f"{path}:{number}", f"item {number} is {_kind(row)}, not a JSON object")
            )


def _json_problem(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    return str(exc).split(";")[0]  # "Exceeds the limit (4300 digits) for integer string …"


_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _csv_rows(
    path: Path, text: str, delimiter: str | None, skipped: list[Skipped], notes: list[str]
) -> Iterator[tuple[int, dict]]:
    """Rows of a CSV/TSV text, numbered by the line they start on.

    The csv module runs in strict mode, so that a quote left open (which would swallow the
    following rows into one field) raises where the quote closes badly or at the end of the
    text; that row is reported and reading resumes on the line after the one it started on.
    """
    lines = _LINE_RE.findall(text)
    if delimiter is None:
        delimiter = _delimiter(next((line for line in lines if line.strip()), ""))
    csv.field_size_limit(1 << 30)
    names: list[str] | None = None
    position = 0  # index of the line the next parse starts on
    while position < len(lines):
        reader = csv.reader(
            itertools.islice(lines, position, None), delimiter=delimiter, strict=True
        )
        done = 0  # lines consumed by complete records of this parse
        try:
            for fields in reader:
                line = position + done + 1
                done = reader.line_num
                if not fields:
                    continue
                if names is None:
                    names = unique_names(fields, f"line {line}", notes)
                    continue
                if len(fields) != len(names):
                    skipped.append(
                        Skipped(
                            f"{path}:{line}",
                            f"{len(fields)} fields where the header has {len(names)} "
                            "(a stray delimiter or quote?); the row is left out",
                        )
                    )
                    continue
                yield line, dict(zip(names, fields, strict=True))
            return
        except csv.Error as exc:
            line = position + done + 1
            skipped.append(
                Skipped(
                    f"{path}:{line}",
                    f"malformed CSV ({exc}): an unterminated or stray quote; the row is left "
                    "out and reading goes on with the next line",
                )
            )
            position = line


def _delimiter(header: str) -> str:
    """The delimiter of a .csv file: the one of ``, ; | TAB`` its header line holds most often
    (a comma when none or a tie), so that the data rows, whatever they hold, cannot sway it.

    >>> _delimiter("text;year;title"), _delimiter("text,year"), _delimiter("text")
    (';', ',', ',')
    """
    counts = {d: header.count(d) for d in ",;\t|"}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def unique_names(
    header: list[str], where: str, notes: list[str], reserved: frozenset[str] = frozenset()
) -> list[str]:
    """Column names made unique: a repeated (or reserved) name gets ``.1``, ``.2`` … with a
    note naming ``where`` the header is."""
    names: list[str] = []
    for column, name in enumerate(header, start=1):
        name = name.strip()
        if name in reserved:
            new = f"{name}.1"
            notes.append(f"{where}: column {column} is named {name!r}, a name analyzer sets; "
                         f"it is read as {new!r}")  # fmt: skip
            name = new
        if name in names:
            first = names.index(name) + 1
            n = 1
            while f"{name}.{n}" in names or f"{name}.{n}" in header:
                n += 1
            new = f"{name}.{n}"
            notes.append(
                f"{where}: duplicate column name {name!r} (columns {first} and {column}); "
                f"the later one is read as {new!r}"
            )
            name = new
        names.append(name)
    return names


def _parquet_rows(path: Path, data: bytes) -> Iterator[tuple[int, dict]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError) as exc:
        raise InputError(str(path), f"not a readable Parquet file ({exc})") from None
    yield from enumerate(table.to_pylist(), start=1)


def _resolve_fields(path: Path, sample: Iterable[dict], given: FieldMap) -> dict[str, str | None]:
    """Map each role (text, year, title, id, region) to a field name present in the rows."""
    names: list[str] = []
    for row in sample:
        names.extend(k for k in row if k not in names)
    by_lower = {str(n).lower(): n for n in names}
    mapping: dict[str, str | None] = {}
    for role, candidates in CANDIDATES.items():
        chosen = getattr(given, role)
        if chosen is not None:
            if chosen not in names:
                listed = ", ".join(map(str, names)) or "(none)"
                raise InputError(
                    str(path), f"no field {chosen!r} for --{role}-field (fields: {listed})"
                )
            mapping[role] = chosen
            continue
        mapping[role] = next(
            (by_lower[c.lower()] for c in candidates if c.lower() in by_lower), None
        )
    if mapping["text"] is None:
        listed = ", ".join(map(str, names)) or "(none)"
        raise InputError(
            str(path), f"no text field found (fields: {listed}); name it with --text-field"
        )
    return mapping


class _Problems:
    """Field values that could not be used, counted per field and kind, for one note each."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], list] = {}

    def add(self, field: str, what: str, row: int | str) -> None:
        entry = self.seen.setdefault((field, what), [0, row])
        entry[0] += 1

    def notes(self) -> list[str]:
        return [
            f"field {field!r} {what} in {n} row{'s' if n > 1 else ''} (first: row {row})"
            for (field, what), (n, row) in self.seen.items()
        ]


def _to_record(
    path: Path,
    number: int | str,
    row: dict,
    mapping: dict,
    skipped: list[Skipped],
    problems: _Problems,
) -> Record | None:
    name = mapping["text"]
    text = row.get(name)
    if _empty(text):
        skipped.append(Skipped(f"{path}:{number}", f"empty text field {name!r}"))
        return None
    if not isinstance(text, str):
        fix = "; store it as a string column" if isinstance(text, (bytes, bytearray)) else ""
        skipped.append(
            Skipped(f"{path}:{number}", f"text field {name!r} holds {_kind(text)}, not text{fix}")
        )
        return None
    used = {v for v in mapping.values() if v is not None}

    def value(role: str) -> str | None:
        field = mapping[role]
        raw = row.get(field) if field is not None else None
        if _empty(raw):
            return None
        if isinstance(raw, str):
            return raw.strip()
        if isinstance(raw, int) and not isinstance(raw, bool):
            return str(raw)
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        problems.add(field, f"holds {_kind(raw)} (ignored as {role})", number)
        return None

    year = None
    if mapping["year"] is not None:
        raw = row.get(mapping["year"])
        year = parse_year(raw)
        if year is None and not _empty(raw):
            problems.add(mapping["year"], "is not a year between 1800 and 2100 (undated)", number)
    metadata = {}
    for key, raw in row.items():
        if key in used:
            continue
        plain = _plain(raw)
        if plain is _OMIT:
            problems.add(
                str(key), f"holds {_kind(raw)} that cannot be kept as text (left out)", number
            )
            continue
        metadata[str(key)] = plain
    return Record(
        text=text,
        title=value("title"),
        year=year,
        has_year_field=mapping["year"] is not None,
        id=value("id"),
        region=value("region"),
        fields=metadata,
        row=number,
    )


_OMIT = object()


def _empty(value) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def _kind(value) -> str:
    """What a value is, in words, for messages."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (bytes, bytearray)):
        return f"bytes (a binary column, {len(value)} bytes)"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "null"
    return f"a {type(value).__name__}"


def _plain(value):
    """Metadata values as JSON-ready Python values (``_OMIT`` for bytes that are not text)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return _OMIT
    if isinstance(value, (dict, list, tuple)):
        try:
            return json.dumps(value, ensure_ascii=False, default=str)
        except (ValueError, RecursionError):
            return _OMIT
    return str(value)
