"""Tabular files (.jsonl, .json, .csv, .tsv, .parquet): one document per row.

The text, year, title, id and region fields are taken from a :class:`FieldMap` or detected from
the usual names. A row that cannot be read (invalid JSON, no text) is reported with its line
number and the rest of the file goes on.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..metadata import parse_year
from . import FieldMap, ReadResult, Record, Skipped
from .decode import decode_bytes

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


def read(path: Path, data: bytes, *, fields: FieldMap, strip_chrome: bool) -> ReadResult:
    """All rows of a tabular file as records."""
    suffix = path.suffix.lower()
    skipped: list[Skipped] = []
    encoding = None
    if suffix == ".parquet":
        rows = _parquet_rows(path, data)
    else:
        text, encoding = decode_bytes(data, str(path))
        if suffix in {".jsonl", ".ndjson"}:
            rows = _jsonl_rows(path, text, skipped)
        elif suffix == ".json":
            rows = _json_rows(path, text)
        else:
            rows = _csv_rows(text, delimiter="\t" if suffix == ".tsv" else None)
    rows = list(rows)
    if not rows and not skipped:
        raise InputError(str(path), "no rows")
    mapping = _resolve_fields(path, [r for _, r in rows[:50]], fields)
    records = []
    for number, row in rows:
        record = _to_record(path, number, row, mapping, skipped)
        if record is not None:
            records.append(record)
    return ReadResult(records, skipped=skipped, encoding=encoding, tabular=True)


def _jsonl_rows(path: Path, text: str, skipped: list[Skipped]) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            skipped.append(Skipped(f"{path}:{number}", f"invalid JSON ({exc.msg})"))
            continue
        if not isinstance(row, dict):
            skipped.append(Skipped(f"{path}:{number}", "not a JSON object"))
            continue
        yield number, row


def _json_rows(path: Path, text: str) -> Iterator[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"invalid JSON at line {exc.lineno} ({exc.msg})") from None
    if isinstance(data, dict):
        for key in _JSON_LIST_KEYS:
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise InputError(str(path), "JSON is neither a list of objects nor an object")
    for number, row in enumerate(data, start=1):
        if isinstance(row, dict):
            yield number, row


def _csv_rows(text: str, delimiter: str | None) -> Iterator[tuple[int, dict]]:
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",\t;|").delimiter
        except csv.Error:
            delimiter = ","
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        yield reader.line_num, {k: v for k, v in row.items() if k is not None}


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


def _to_record(path: Path, number: int, row: dict, mapping: dict, skipped: list[Skipped]):
    text = row.get(mapping["text"])
    if text is None or not str(text).strip():
        skipped.append(Skipped(f"{path}:{number}", f"empty text field {mapping['text']!r}"))
        return None
    used = {v for v in mapping.values() if v is not None}

    def value(role: str) -> str | None:
        name = mapping[role]
        raw = row.get(name) if name is not None else None
        return None if raw is None or str(raw).strip() == "" else str(raw).strip()

    return Record(
        text=str(text),
        title=value("title"),
        year=parse_year(row.get(mapping["year"])) if mapping["year"] else None,
        has_year_field=mapping["year"] is not None,
        id=value("id"),
        region=value("region"),
        fields={str(k): _plain(v) for k, v in row.items() if k not in used},
        row=number,
    )


def _plain(value):
    """Metadata values as JSON-ready Python values."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
