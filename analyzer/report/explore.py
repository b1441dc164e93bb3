"""The report's explorer: the data contract between the analyses and the page's inline script.

The report's phrase table is searchable and sortable; choosing a phrase shows its counts per
group (a small chart) and its contexts (KWIC lines: document, year, offset, left, term, right;
the first lines of each group, with a count of the rest). Everything the page needs is one JSON
payload built by :func:`explore_data` from plain DataFrames, so that it does not matter how the
counts and contexts were computed, and embedded by :func:`json_script` in a
``<script type="application/json">`` element that no text can close early. The payload is
deterministic: keys sorted, rows in the order given, no timestamp.

:func:`choose_trend_phrases` picks the report's default trend phrases from the same tables:
phrases whose year profiles differ from each other, none containing another, no plan number.

Example:
    >>> import pandas as pd
    >>> phrases = pd.DataFrame({"phrase": ["枫桥经验"], "count": [2]})
    >>> counts = pd.DataFrame({"group": [2019, 2020], "term": ["枫桥经验"] * 2,
    ...                        "count": [2, 0], "per_10k": [1.5, 0.0]})
    >>> kwic = pd.DataFrame({"id": ["a", "a"], "year": [2019, 2019], "offset": [3, 40],
    ...                      "left": ["坚持", "发展"], "term": ["枫桥经验", "枫桥经验"],
    ...                      "right": ["。", "，"], "group": [2019, 2019]})
    >>> data = explore_data(phrases, counts, kwic, lines_per_group=1)
    >>> data["phrases"]["枫桥经验"]["lines"]
    [[0, 2, [[0, 3, '坚持', '。']]]]
    >>> data["groups"], data["docs"]
    ([2019, 2020], [['a', 2019]])
"""

from __future__ import annotations

import contextlib
import html as html_lib
import json
import math
import re
from collections.abc import Iterable
from typing import Any

__all__ = [
    "EXPLORE_VERSION",
    "choose_trend_phrases",
    "explore_data",
    "html_table",
    "json_script",
]

#: Version of the payload's layout (the page's script reads this layout).
EXPLORE_VERSION = 1
#: Columns of the phrase table shown in the explorer, when the phrase table has them.
PHRASE_COLUMNS = ("phrase", "kind", "count", "docs", "years", "first_year", "last_year", "pair")
_COUNT_COLUMNS = ("group", "term", "count", "per_10k")
_KWIC_COLUMNS = ("id", "year", "offset", "left", "term", "right", "group")
#: Five-year plan numbers (六五, 十一五, 十四五): dates, not formulations to follow.
_PLAN_NUMBER = re.compile(r"^[一二三四五六七八九十]{1,3}五$")


def explore_data(phrases, counts, kwic, *, lines_per_group: int = 3) -> dict:
    """The explorer's JSON-ready payload.

    Args:
        phrases: the phrase table, best first: a ``phrase`` column and any of ``kind, count,
            docs, years, first_year, last_year, pair`` (the columns the table shows).
        counts: counts per group, a long table ``group, term, count, per_10k`` (the groups in
            their order; zeros may be left out). Its groups are the chart's axis.
        kwic: contexts, ``id, year, offset, left, term, right, group``: every occurrence of
            each phrase (``term``), in reading order within each group.
        lines_per_group: contexts kept per phrase and group; the rest are counted.

    Returns:
        ``{"version", "columns", "groups", "docs", "phrases", "lines_per_group"}`` where
        ``columns`` are the phrase-table columns shown, ``groups`` the groups in order,
        ``docs`` the documents the contexts come from as ``[id, year]``, and ``phrases`` maps
        each phrase to ``{"row": [values of columns], "counts": [[group index, count,
        per_10k], ...] (non-zero groups only), "lines": [[group index, occurrences in the
        group, [[doc index, offset, left, right], ...]], ...]}``.

    Raises:
        ParameterError: when a table lacks one of its columns, or ``lines_per_group`` < 0.
    """
    from ..errors import ParameterError

    _require(phrases, ("phrase",), "phrases")
    _require(counts, _COUNT_COLUMNS, "counts")
    _require(kwic, _KWIC_COLUMNS, "kwic")
    if lines_per_group < 0:
        raise ParameterError(f"lines_per_group={lines_per_group} must be 0 or more")
    columns = [c for c in PHRASE_COLUMNS if c in phrases.columns]
    listed = list(dict.fromkeys(str(p) for p in phrases["phrase"]))
    groups = [_plain(g) for g in dict.fromkeys(counts["group"])]
    group_index = {g: i for i, g in enumerate(groups)}
    entries: dict[str, dict] = {}
    for values in phrases[columns].itertuples(index=False):
        phrase = str(values[0])
        if phrase not in entries:
            entries[phrase] = {"row": [_plain(v) for v in values], "counts": [], "lines": []}
    for group, term, count, per_10k in counts[list(_COUNT_COLUMNS)].itertuples(index=False):
        entry = entries.get(str(term))
        if entry is not None and count and _plain(group) in group_index:
            entry["counts"].append([group_index[_plain(group)], int(count), _round(per_10k)])
    docs: dict[tuple, int] = {}
    selected = kwic[kwic["term"].astype(str).isin(entries)]
    for (term, group), block in selected.groupby(["term", "group"], sort=False):
        group = _plain(group)
        if group not in group_index:
            continue
        shown = []
        for row in block.head(lines_per_group).itertuples(index=False):
            doc = docs.setdefault((str(row.id), _plain(row.year)), len(docs))
            shown.append([doc, int(row.offset), str(row.left), str(row.right)])
        entries[str(term)]["lines"].append([group_index[group], len(block), shown])
    for entry in entries.values():
        entry["counts"].sort()
        entry["lines"].sort(key=lambda line: line[0])
    return {
        "version": EXPLORE_VERSION,
        "columns": columns,
        "groups": groups,
        "docs": [[doc_id, year] for (doc_id, year) in docs],
        "phrases": {phrase: entries[phrase] for phrase in listed},
        "lines_per_group": lines_per_group,
    }


def json_script(data: Any, *, element_id: str) -> str:
    """``data`` as a ``<script type="application/json">`` element, safe to inline in HTML.

    Keys are sorted and the separators fixed (the same data, the same bytes). Every ``<``,
    ``>`` and ``&`` is written as a JSON escape, so that no string (``</script>``,
    ``<!--``) can end the element early; ``JSON.parse`` reads them back unchanged.

    >>> json_script({"b": "</script>", "a": 1}, element_id="x")
    '<script type="application/json" id="x">{"a":1,"b":"\\\\u003c/script\\\\u003e"}</script>'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)  # fmt: skip
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="{html_lib.escape(element_id)}">{text}</script>'


def choose_trend_phrases(
    phrases, counts, *, n: int = 5, min_groups: int = 3, max_similarity: float = 0.7
) -> list[str]:
    """Phrases to draw as trends by default: the best ranked that differ from each other.

    Going down the phrase table, a phrase is kept when it occurs in at least ``min_groups``
    groups, is not a five-year-plan number (六五, 十一五: dates rather than formulations), neither
    contains nor is contained in a phrase already kept (扫黑除恶 / 扫黑除恶专项斗争), and its
    profile over the groups (per_10k) correlates by less than ``max_similarity`` with that of
    every phrase kept: 六稳 and 六保, always said together, draw one line, not two.

    Args:
        phrases: the phrase table, best first (a ``phrase`` column).
        counts: ``group, term, count, per_10k`` for (at least) the candidate phrases.
        n: how many phrases at most.
        min_groups: fewest groups a phrase must occur in.
        max_similarity: highest Pearson correlation allowed between two kept profiles.

    Example:
        >>> import pandas as pd
        >>> counts = pd.DataFrame([(g, t, c, float(c)) for t, row in {
        ...     "六稳": [0, 2, 3, 1], "六保": [0, 2, 3, 1], "十一五": [5, 4, 0, 0],
        ...     "放管服": [1, 3, 0, 2], "一带一路": [0, 1, 2, 4]}.items()
        ...     for g, c in zip([2018, 2019, 2020, 2021], row)], columns=["group", "term", "count", "per_10k"])
        >>> phrases = pd.DataFrame({"phrase": ["六稳", "六保", "十一五", "放管服", "一带一路"]})
        >>> choose_trend_phrases(phrases, counts, n=3)
        ['六稳', '放管服', '一带一路']
    """
    import numpy as np

    _require(phrases, ("phrase",), "phrases")
    _require(counts, _COUNT_COLUMNS, "counts")
    if counts.empty:
        return []
    profiles = counts.pivot_table(index="term", columns="group", values="per_10k",
                                  aggfunc="sum", fill_value=0.0, sort=False)  # fmt: skip
    present = counts[counts["count"] > 0].groupby("term")["group"].nunique()
    chosen: list[str] = []
    kept: list[np.ndarray] = []
    for phrase in dict.fromkeys(str(p) for p in phrases["phrase"]):
        if len(chosen) >= n:
            break
        if phrase not in profiles.index or present.get(phrase, 0) < min_groups:
            continue
        if _PLAN_NUMBER.match(phrase) or any(phrase in c or c in phrase for c in chosen):
            continue
        profile = profiles.loc[phrase].to_numpy(dtype=float)
        if profile.std() == 0:
            continue
        if any(np.corrcoef(profile, other)[0, 1] >= max_similarity for other in kept):
            continue
        chosen.append(phrase)
        kept.append(profile)
    return chosen


def html_table(
    frame,
    *,
    numeric: Iterable[str] = (),
    caption: str | None = None,
    sortable: bool = True,
    row_key: str | None = None,
    table_id: str | None = None,
) -> str:
    """A DataFrame as an escaped HTML table: numbers right-aligned with their raw value in
    ``data-v`` (for sorting), empty cells blank, p-values in one format (``1.3e-36`` below
    0.001); ``sortable`` tables sort by a click on a header (the page's script);
    ``row_key`` puts that column's value in each row's ``data-key``."""
    numeric = set(numeric)
    classes = ' class="sortable"' if sortable else ""
    ident = f' id="{html_lib.escape(table_id)}"' if table_id else ""
    head = "".join(
        f"<th{' class=num' if c in numeric else ''} scope=col>{html_lib.escape(str(c))}</th>"
        for c in frame.columns
    )
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        key = ""
        for column, value in zip(frame.columns, values, strict=True):
            if column == row_key:
                key = f' data-key="{html_lib.escape(str(value), quote=True)}"'
            if column in numeric:
                raw = _plain(value)
                sort = f' data-v="{raw}"' if isinstance(raw, (int, float)) else ""
                cells.append(f"<td class=num{sort}>{html_lib.escape(_format(value, column))}</td>")
            else:
                cells.append(f"<td>{html_lib.escape(_format(value, column))}</td>")
        rows.append(f"<tr{key}>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html_lib.escape(caption)}</caption>" if caption else ""
    return (
        f"<table{ident}{classes}>{cap}<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _format(value: Any, column: str = "") -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        if column in ("p", "p_adj", "p_value"):
            return "0" if value == 0 else (f"{value:.1e}" if value < 0.001 else f"{value:.4f}")
        if value == int(value) and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:.3g}" if abs(value) < 0.01 else f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if "year" in str(column) or column == "offset" else f"{value:,}"
    return str(value)


def _plain(value: Any) -> Any:
    """A JSON-able Python value: numpy scalars unwrapped, NaN and <NA> as None."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        with contextlib.suppress(ValueError, AttributeError):
            value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, str) and str(value) in {"<NA>", "NaT"}:
        return None
    return value


def _round(value: Any) -> float:
    value = float(value)
    return 0.0 if math.isnan(value) else round(value, 3)


def _require(frame, columns: Iterable[str], name: str) -> None:
    from ..errors import ParameterError

    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"{name} lacks the column(s) {', '.join(missing)} (has: {', '.join(map(str, frame.columns))})"
        )
