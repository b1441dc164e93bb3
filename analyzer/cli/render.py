"""Terminal tables, CSV and JSON for the CLI: one place decides how results look."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any

from .._atomic import atomic_write_text

__all__ = [
    "console",
    "emit_text",
    "records_csv",
    "records_json",
    "rich_table",
    "short_path",
    "to_records",
]


def console(stderr: bool = False):
    """A rich console for stdout or stderr (no colour codes when not a terminal)."""
    import os

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None
    if not stream.isatty():
        # Piped or captured output is not cut at 80 columns: COLUMNS, else 120.
        width = int(os.environ.get("COLUMNS") or 120)
    return Console(stderr=stderr, soft_wrap=False, highlight=False, width=width)


def emit_text(text: str, output: str | None) -> None:
    """Write text to a file atomically, or to stdout."""
    if output:
        atomic_write_text(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def to_records(frame: Any) -> list[dict]:
    """DataFrame rows as JSON-ready dictionaries (NaN and <NA> become None)."""
    import math

    records = []
    for row in frame.to_dict("records"):
        clean = {}
        for key, value in row.items():
            if hasattr(value, "item"):
                value = value.item()
            if (
                value is None
                or (isinstance(value, float) and math.isnan(value))
                or str(value) in {"<NA>", "NaT"}
            ):
                value = None
            clean[str(key)] = value
        records.append(clean)
    return records


def records_csv(records: list[dict], columns: list[str]) -> str:
    """CSV with a header row; None becomes an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(["" if record.get(c) is None else record.get(c) for c in columns])
    return buffer.getvalue()


def records_json(data: Any) -> str:
    """Pretty JSON with Chinese characters unescaped, and a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def rich_table(
    records: list[dict],
    columns: list[str],
    *,
    title: str | None = None,
    widths: dict[str, int] | None = None,
    numeric: set[str] | None = None,
):
    """A rich Table of records; long cells are cut to the given widths."""
    from rich.table import Table

    widths = widths or {}
    numeric = numeric or set()
    table = Table(title=title, title_justify="left", header_style="bold", pad_edge=False)
    cells = [[_cell(record.get(c)) for c in columns] for record in records]
    for i, column in enumerate(columns):
        longest = max([_width(column)] + [_width(row[i]) for row in cells])
        limit = widths.get(column)
        table.add_column(
            column,
            justify="right" if column in numeric else "left",
            # Short columns (numbers, years, codes) never shrink; long text columns are cut.
            min_width=min(longest, limit or 12),
            max_width=limit,
            overflow="ellipsis",
            no_wrap=True,
        )
    for row in cells:
        table.add_row(*row)
    return table


def short_path(path: str, width: int = 40) -> str:
    """A path cut from the left so that the file name stays visible."""
    import os

    try:
        relative = os.path.relpath(path)
        if not relative.startswith(".."):
            path = relative
    except ValueError:
        pass
    return path if len(path) <= width else "…" + path[-(width - 1) :]


def _width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 0.01 and value != 0 else f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000:
        return f"{value:,}"
    return str(value)


def emit_frame(
    frame, fmt: str, output: str | None, *, key: str, widths=None, numeric=None, title=None
) -> None:
    """A DataFrame as CSV, as JSON (``{key: records}``) or as a rich table ("no KEY" when it
    is empty), to stdout or to ``output``."""
    import click

    records = to_records(frame)
    columns = list(frame.columns)
    if fmt == "csv":
        emit_text(records_csv(records, columns), output)
    elif fmt == "json":
        emit_text(records_json({key: records}), output)
    elif not records:
        click.echo(f"no {key}")
    else:
        console().print(
            rich_table(records, columns, widths=widths or {}, numeric=numeric or set(), title=title)
        )
