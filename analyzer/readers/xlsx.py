"""Excel workbooks (.xlsx, .xlsm): every sheet, one document per row.

Research datasets of published papers often ship as workbooks with several sheets (central
and provincial policies, say). Each sheet's first non-empty row is its header; fields are
detected from the header names as for CSV (:data:`~analyzer.readers.tabular.CANDIDATES`:
``text``/``正文``, ``year``/``年份``/``date``, ``title``/``标题``, ``region``/``省份`` …), per
sheet. The sheet name becomes the field ``sheet`` (so ``--by sheet`` works), rows are numbered
``SHEET:ROW`` with Excel's row numbers, Excel dates and datetimes give their year, and a text
cell holding exactly 32,767 characters, Excel's limit, is noted as possibly cut.

The workbook is read with openpyxl in read-only mode (rows stream; formulas give their cached
values). A sheet without a text column is reported and the other sheets load.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import InputError
from . import FieldMap, ReadResult, Record, Skipped
from .tabular import to_records, unique_names

#: Excel's maximum number of characters in one cell.
EXCEL_CELL_LIMIT = 32_767
#: What a damaged workbook raises while it is read (XML parse errors are SyntaxErrors).
_DAMAGE = (zipfile.BadZipFile, KeyError, ValueError, TypeError, SyntaxError, EOFError, OSError)


def read(
    path: Path, data: bytes, *, fields: FieldMap, strip_chrome: bool, encoding: str | None = None
) -> ReadResult:
    """All rows of every sheet as records (``encoding`` does not apply to workbooks)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, *_DAMAGE) as exc:
        raise InputError(
            str(path), f"not a readable Excel workbook ({type(exc).__name__}: {exc})"
        ) from None
    skipped: list[Skipped] = []
    notes: list[str] = []
    records: list[Record] = []
    try:
        for sheet in workbook.worksheets:
            try:
                rows = _sheet_rows(sheet, notes)
            except _DAMAGE as exc:  # a damaged sheet inside a readable workbook
                reason = f"sheet not readable ({type(exc).__name__}: {exc})"
                skipped.append(Skipped(f"{path}:{sheet.title}", reason))
                continue
            if not rows:
                continue
            try:
                sheet_records = to_records(path, rows, fields, skipped, notes)
            except InputError as exc:
                skipped.append(Skipped(f"{path}:{sheet.title}", f"sheet skipped: {exc.reason}"))
                continue
            for record in sheet_records:
                record.fields["sheet"] = sheet.title
                if len(record.text) >= EXCEL_CELL_LIMIT:
                    record.notes.append(
                        f"text of {len(record.text):,} characters, Excel's cell limit: "
                        "it may have been cut"
                    )
            records.extend(sheet_records)
    finally:
        workbook.close()
    if not records and not skipped:
        raise InputError(str(path), "no rows in any sheet")
    return ReadResult(records, skipped=skipped, tabular=True, encoding="xlsx", notes=notes)


def _sheet_rows(sheet, notes: list[str]) -> list[tuple[str, dict]]:
    """``(SHEET:ROW, {header: value})`` for every non-empty row below the header row."""
    from openpyxl.utils import get_column_letter

    header: list[str] | None = None
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if header is None:
            cells = [
                str(v) if v is not None and str(v).strip() else f"column {get_column_letter(i)}"
                for i, v in enumerate(values, start=1)
            ]
            header = unique_names(cells, f"{sheet.title}:{number}", notes, frozenset({"sheet"}))
            continue
        if len(values) > len(header):
            extra = [
                f"column {get_column_letter(i)}" for i in range(len(header) + 1, len(values) + 1)
            ]
            header = header + extra
        row = {
            name: value for name, value in zip(header, values, strict=False) if value is not None
        }
        rows.append((f"{sheet.title}:{number}", row))
    return rows
