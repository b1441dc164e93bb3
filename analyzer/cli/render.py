"""Terminal tables, CSV and JSON for the CLI: one place decides how results look.

Terminal tables fit the terminal without hiding what matters: key columns (term, phrase,
group, id …) are never cut, numbers are never cropped, and headers break only between words.
When a table is too wide, long text columns wrap first; then whole columns are left out, the
least important first, and a note under the table names them ("columns not shown: …; use
--format csv"). P-values have one format: scientific below 0.001 (``1.3e-36``), fixed with four
decimals otherwise. With ``-o FILE`` the same tables are written to the file as plain text
(no colour codes), at their natural width, atomically.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
import sys
from collections.abc import Iterable
from typing import Any

from .._atomic import atomic_write_text

__all__ = [
    "KEY_COLUMNS",
    "P_COLUMNS",
    "FittedTable",
    "KwicTable",
    "console",
    "emit_frame",
    "emit_tables",
    "emit_text",
    "format_cell",
    "format_p",
    "kwic_table",
    "records_csv",
    "records_json",
    "rich_table",
    "short_path",
    "to_records",
]

#: Columns that identify a row: shown whole, never left out.
KEY_COLUMNS = frozenset({"term", "phrase", "group", "id", "name", "theme", "pair", "year"})
#: Columns holding p-values.
P_COLUMNS = frozenset({"p", "p_adj", "p_value"})
#: Integers written without thousands separators (positions to look up, years).
_PLAIN_INTEGERS = frozenset({"offset", "first", "last", "peak"})
#: Below this, a p-value is written in scientific notation.
P_SCIENTIFIC = 0.001
#: Narrowest a wrapped text column gets (cells), unless its content is narrower.
_TEXT_MIN = 10
#: Cells between two columns.
_GAP = 2
#: Width of a table written to a file: its natural width, up to this.
_FILE_WIDTH = 10_000

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HEADER_PIECES = re.compile(r"[^\s_/·-]+[\s_/·-]*|[\s_/·-]+")


def console(stderr: bool = False, *, width: int | None = None, file=None):
    """A rich console for stdout or stderr (no colour codes when not a terminal), or for
    ``file`` (plain text, of ``width`` columns)."""
    import os

    from rich.console import Console

    if file is not None:
        return Console(file=file, width=width or _FILE_WIDTH, color_system=None,
                       force_terminal=False, soft_wrap=False, highlight=False,
                       emoji=False)  # fmt: skip
    stream = sys.stderr if stderr else sys.stdout
    if width is None and not stream.isatty():
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


def emit_tables(items: Iterable[Any], output: str | None = None) -> None:
    """Print rich renderables (tables, text lines) to stdout, or write them to ``output`` as
    plain text: natural width, no colour codes, no trailing spaces, written atomically."""
    items = list(items)
    if not output:
        out = console()
        for item in items:
            out.print(item)
        return
    buffer = io.StringIO()
    plain = console(file=buffer)
    for item in items:
        plain.print(item)
    text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())
    atomic_write_text(output, text + "\n")


def to_records(frame: Any) -> list[dict]:
    """DataFrame rows as JSON-ready dictionaries (NaN and <NA> become None)."""
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


def format_p(value: float) -> str:
    """A p-value: ``1.3e-36`` below 0.001, ``0.0097`` otherwise.

    >>> [format_p(v) for v in (1.31e-36, 2.2e-05, 0.00972, 0.458, 1.0, 0.0)]
    ['1.3e-36', '2.2e-05', '0.0097', '0.4580', '1.0000', '0']
    """
    if value == 0:
        return "0"
    return f"{value:.1e}" if value < P_SCIENTIFIC else f"{value:.4f}"


def format_cell(value: Any, column: str = "") -> str:
    """One table cell: — for a missing value, p-values by :func:`format_p`, floats with two
    decimals (three significant digits when tiny), large integers with thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if column in P_COLUMNS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_p(float(value))
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 0.01 and value != 0 else f"{value:,.2f}"
    if (isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000
            and column not in _PLAIN_INTEGERS and "year" not in column):  # fmt: skip
        return f"{value:,}"
    return str(value)


def rich_table(
    records: list[dict],
    columns: list[str],
    *,
    title: str | None = None,
    widths: dict[str, int] | None = None,
    numeric: set[str] | None = None,
    keys: Iterable[str] | None = None,
    optional: Iterable[str] = (),
) -> FittedTable:
    """A table of records that fits the width it is printed at (see :class:`FittedTable`).

    Args:
        records: the rows (as :func:`to_records` makes them).
        columns: the columns, in order.
        title: a line above the table.
        widths: preferred widths of text columns (they wrap beyond); keys and numbers ignore it.
        numeric: right-aligned columns, never cut.
        keys: columns never cut nor left out (default: those of :data:`KEY_COLUMNS`).
        optional: columns to leave out first when the table is too wide, in that order.
    """
    return FittedTable(records, columns, title=title, widths=widths or {},
                       numeric=set(numeric or ()), keys=keys, optional=tuple(optional))  # fmt: skip


class FittedTable:
    """A rich renderable that lays a table out for the width it is given.

    Key and numeric columns keep their full width; text columns wrap down to
    ``_TEXT_MIN`` cells; if the table is still too wide, columns are left out (``optional``
    first, then text columns, then numbers, each from the right) and named in a note.
    """

    def __init__(self, records, columns, *, title, widths, numeric, keys, optional):
        self.columns = list(columns)
        self.title = title
        self.numeric = numeric
        given = set(KEY_COLUMNS if keys is None else keys)
        self.keys = {c for c in self.columns if c in given}
        self.optional = [c for c in optional if c in self.columns and c not in self.keys]
        self.cells = [[format_cell(r.get(c), c) for c in self.columns] for r in records]
        self.widest = {c: max([0] + [_cells(row[i]) for row in self.cells])
                       for i, c in enumerate(self.columns)}  # fmt: skip
        self.constant = {c: self.cells[0][i] for i, c in enumerate(self.columns)
                         if self.cells and all(row[i] == self.cells[0][i] for row in self.cells)}  # fmt: skip
        self.natural = {}
        self.least = {}
        for i, c in enumerate(self.columns):
            head = max(_cells(w.strip()) for w in header_words(c)) if c else 0
            if c in self.keys or c in self.numeric:
                self.least[c] = max(self.widest[c], head)
                self.natural[c] = max(self.widest[c], _cells(c))
            else:
                preferred = min(self.widest[c], widths.get(c, self.widest[c]))
                self.natural[c] = max(preferred, head, min(_cells(c), 12))
                # Wide enough for most words of the column, so that wrapping seldom folds one.
                word = max([0] + [_cells(w) for row in self.cells for w in row[i].split()])
                self.least[c] = max(head, min(self.natural[c], max(_TEXT_MIN, min(word, 24))))

    def _total(self, shown, sizes) -> int:
        return sum(sizes[c] for c in shown) + _GAP * (len(shown) - 1)

    def layout(self, width: int) -> tuple[list[str], dict[str, int]]:
        """The columns shown and their widths at ``width`` cells."""
        shown = list(self.columns)
        order = self.optional + [
            c for c in reversed(self.columns)
            if c not in self.keys and c not in self.numeric and c not in self.optional
        ] + [c for c in reversed(self.columns) if c in self.numeric and c not in self.keys
             and c not in self.optional]  # fmt: skip
        while self._total(shown, self.least) > width and order:
            shown.remove(order.pop(0))
        sizes = {c: self.least[c] for c in shown}
        spare = width - self._total(shown, sizes)
        fixed = [c for c in shown if c in self.keys or c in self.numeric]
        # Headers of keys and numbers unfold first, then text columns widen, left first.
        for c in fixed:  # all or nothing: a header half unfolded still wraps
            if 0 < self.natural[c] - sizes[c] <= spare:
                spare -= self.natural[c] - sizes[c]
                sizes[c] = self.natural[c]
        for c in shown:
            if c not in fixed:
                grow = min(max(spare, 0), self.natural[c] - sizes[c])
                sizes[c] += grow
                spare -= grow
        return shown, sizes

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(
            min(self._total(self.columns, self.least), options.max_width),
            min(self._total(self.columns, self.natural), options.max_width),
        )

    def __rich_console__(self, console, options):
        from rich import box
        from rich.table import Table
        from rich.text import Text

        shown, sizes = self.layout(options.max_width)
        table = Table(title=self.title, title_justify="left", header_style="bold",
                      box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                      padding=(0, 0, 0, 1))  # fmt: skip
        index = [self.columns.index(c) for c in shown]
        for c in shown:
            fixed = c in self.keys or c in self.numeric
            table.add_column(
                Text(wrap_header(c, sizes[c])),
                justify="right" if c in self.numeric else "left",
                width=sizes[c],
                no_wrap=fixed,
                overflow="fold",
            )
        for row in self.cells:
            table.add_row(*(Text(row[i]) for i in index))
        yield table
        hidden = [c for c in self.columns if c not in shown]
        if hidden:
            named = [f"{c} ({self.constant[c]} in every row)"
                     if c in self.constant and _cells(self.constant[c]) <= 16 else c
                     for c in hidden]  # fmt: skip
            yield Text(f"columns not shown: {', '.join(named)}; use --format csv", style="dim")


def header_words(header: str) -> list[str]:
    """The pieces a header may break between: at spaces, ``_``, ``/``, ``·`` and ``-``, and
    between the words of a Chinese header (as the segmenter cuts it).

    >>> header_words("count_reference")
    ['count_', 'reference']
    """
    pieces = _HEADER_PIECES.findall(header) or [header]
    words: list[str] = []
    for piece in pieces:
        core = piece.rstrip(" _/·-")
        if len(_CJK.findall(core)) > 2:
            cut = _cut_words(core)
            words.extend([*cut[:-1], cut[-1] + piece[len(core) :]])
        else:
            words.append(piece)
    return words


@functools.lru_cache(maxsize=1)
def _segmenter():
    from ..segment import Segmenter

    return Segmenter(builtin_lexicon=False)


@functools.lru_cache(maxsize=512)
def _cut_words(text: str) -> list[str]:
    return _segmenter().cut(text) or [text]


def wrap_header(header: str, width: int) -> str:
    """The header on as few lines of at most ``width`` cells as its words allow."""
    if _cells(header) <= width:
        return header
    lines: list[str] = []
    for word in header_words(header):
        if lines and _cells(lines[-1] + word.rstrip()) <= width:
            lines[-1] += word
        else:
            lines.append(word)
    return "\n".join(line.strip() for line in lines)


def kwic_table(records: list[dict]) -> KwicTable:
    """Keyword-in-context lines (id, year, offset, left, term, right) that fit the width."""
    return KwicTable(records)


class KwicTable:
    """KWIC lines laid out for the width they are printed at: id, year, offset and the term
    whole; the contexts share what is left, the left one cut from its left, the right one
    from its right, so that the term always stands between its nearest characters."""

    columns = ("id", "year", "offset", "left", "term", "right")

    def __init__(self, records: list[dict]):
        self.rows = [[format_cell(r.get(c), c) for c in self.columns] for r in records]
        self.widest = [max([_cells(c)] + [_cells(row[i]) for row in self.rows])
                       for i, c in enumerate(self.columns)]  # fmt: skip

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        fixed = sum(self.widest[i] for i in (0, 1, 2, 4)) + _GAP * 5
        return Measurement(
            min(fixed + 8, options.max_width),
            min(fixed + self.widest[3] + self.widest[5], options.max_width),
        )

    def __rich_console__(self, console, options):
        from rich import box
        from rich.table import Table
        from rich.text import Text

        fixed = sum(self.widest[i] for i in (0, 1, 2, 4)) + _GAP * 5
        room = max(options.max_width - fixed, 8)
        left = min(self.widest[3], max(room // 2, room - self.widest[5]))
        right = min(self.widest[5], room - left)
        sizes = [self.widest[0], self.widest[1], self.widest[2], left, self.widest[4], right]
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                      padding=(0, 0, 0, 1), header_style="bold")  # fmt: skip
        for column, size in zip(self.columns, sizes, strict=True):
            table.add_column(column, width=size, no_wrap=True, overflow="crop",
                             justify="right" if column in {"year", "offset", "left"} else "left",
                             style="bold" if column == "term" else None)  # fmt: skip
        for row in self.rows:
            table.add_row(row[0], row[1], row[2], Text(_keep_right(row[3], left)), row[4],
                          Text(_keep_left(row[5], right)))  # fmt: skip
        yield table


def _keep_right(text: str, width: int) -> str:
    """The end of ``text`` in at most ``width`` cells, with … where its start was cut."""
    if _cells(text) <= width:
        return text
    kept = ""
    for char in reversed(text):
        if _cells(char + kept) > width - 1:
            break
        kept = char + kept
    return "…" + kept


def _keep_left(text: str, width: int) -> str:
    """The start of ``text`` in at most ``width`` cells, with … where its end was cut."""
    if _cells(text) <= width:
        return text
    kept = ""
    for char in text:
        if _cells(kept + char) > width - 1:
            break
        kept += char
    return kept + "…"


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


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def emit_frame(
    frame,
    fmt: str,
    output: str | None,
    *,
    key: str,
    widths=None,
    numeric=None,
    title=None,
    keys=None,
    optional=(),
) -> None:
    """A DataFrame as CSV, as JSON (``{key: records}``) or as a table ("no KEY" when it is
    empty), to stdout or to ``output``."""
    import click

    records = to_records(frame)
    columns = list(frame.columns)
    if fmt == "csv":
        emit_text(records_csv(records, columns), output)
    elif fmt == "json":
        emit_text(records_json({key: records}), output)
    elif not records:
        if output:
            emit_text(f"no {key}\n", output)
        else:
            click.echo(f"no {key}")
    else:
        if numeric is None:
            numeric = {c for c in columns if str(frame[c].dtype) not in {"object", "string", "str"}}
        table = rich_table(records, columns, widths=widths, numeric=numeric, title=title,
                           keys=keys, optional=optional)  # fmt: skip
        emit_tables([table], output)
