"""Written-out Chinese numbers, and the counting rule that keeps them whole.

Official prose writes its numbers in characters: years (一九五五年, 二〇二一年), quantities and
decimals (三百八十六点六五斤, 五千万), percentages and fractions (百分之二十五, 三分之一),
ordinals (第十四). The plans and formulas it names are written with the same characters (九五,
十四五, 八七), so a plain substring count finds 九五 in 一九五五年 and 六五 in 三百八十六点六五斤.
This module finds the numbers and states one rule that every counter applies:

    An occurrence of a phrase never starts or ends inside a written-out number, and never
    ends between a number and its unit.

So 九五 counts in “九五”计划 and 九五期间, not in 一九五五年 or 九五年 (the year 1995); 十五
not in 二十五 or 十五年; 八大 not in 十八大; while 十四五, 第一个五年计划 and 两个一百年, which
cover their numbers whole, count everywhere.

The grammar, over numeral characters 〇○零一二三四五六七八九十百千万亿两几:

* a *number* is a maximal run of numeral characters, optionally with a decimal part
  (点 and digits: 三百八十六点六五), a fraction (分之 and another run: 三分之一), a prefix
  (第 for ordinals, 百分之 for percentages) and an approximation (多 or 余 before a unit:
  三十多年); a lone numeral character (一 of 统一, 三 of 三个代表) is no number;
* a *unit* is a measure or time word right after a number (年 月 日 个 项 条 次 倍 届 元 斤
  吨 亩 公里 …, and the 大 of a party congress: 十五大). A word may start at the unit
  (三百万个体户: 个体户 counts), but a phrase may not end before it (十五 in 十五个 and
  十五大). Words that open names after a plan's number are no units: 期 (九五期间), 时
  (十四五时期), 规, 计.

Formulations made of numbered words are not numbers: in 一带一路, 三个代表, 两学一做, 五年规划
and 三去一降一补 every numeral stands alone, so nothing inside them is protected and nothing
stops them from being counted.

Example:
    >>> text = "一九五五年生产三百八十六点六五斤，“九五”计划"
    >>> [text[s:e] for s, e, _ in number_spans(text)]
    ['一九五五年', '三百八十六点六五斤', '九五']
    >>> occurrences("一九九五年开始的九五计划", "九五")
    [8]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "COUNTING_RULE",
    "NUMERALS",
    "UNITS",
    "count",
    "edge_flags",
    "has_numbers",
    "is_number",
    "number_edges",
    "number_spans",
    "occurrences",
]

#: Changes whenever the counting rule changes (for cache keys of counts).
COUNTING_RULE = "numbers1"
#: Digits written as characters (both circles: 〇 U+3007 and ○ U+25CB).
DIGITS = "〇○零一二三四五六七八九"
#: Every character a written-out number is made of.
NUMERALS = DIGITS + "十百千万亿两几"
#: Measure and time words that make a number a quantity or a date; longest first.
UNITS = (
    "公里", "公斤", "公顷", "千瓦", "平方米", "立方米", "周年", "周岁",
    "年", "月", "日", "号", "天", "岁", "个", "项", "条", "件", "次", "倍", "届", "批", "元",
    "角", "斤", "吨", "亩", "里", "米", "克", "户", "辆", "艘", "架", "套", "篇", "章", "节",
    "卷", "册", "名", "大",
)  # fmt: skip

_RUN = f"[{NUMERALS}]+(?:点[{DIGITS}]+)?"
_UNIT = "|".join(map(re.escape, UNITS))
_NUMBER_RE = re.compile(
    f"(?P<number>(?:第|百分之)?{_RUN}(?:分之{_RUN})?(?:[多余](?=(?:{_UNIT}|[万亿]))[万亿]?)?)"
    f"(?P<unit>{_UNIT})?"
)
#: What every number of two characters or more holds: two numerals side by side, an ordinal,
#: a decimal point or a fraction (a quick test before the full grammar).
_MAYBE_NUMBER_RE = re.compile(
    f"[{NUMERALS}]{{2}}|第[{NUMERALS}]|[{NUMERALS}]点[{DIGITS}]|分之[{NUMERALS}]"
)


def has_numbers(text: str) -> bool:
    """True when ``text`` may hold a written-out number (a quick test: no false negatives).

    >>> has_numbers("一带一路和三个代表"), has_numbers("一九五五年"), has_numbers("百分之五")
    (False, True, True)
    """
    return _MAYBE_NUMBER_RE.search(text) is not None


def number_spans(text: str) -> list[tuple[int, int, int]]:
    """The written-out numbers of ``text``: ``(start, end, number_end)`` for each, where
    ``text[start:number_end]`` is the number and ``text[number_end:end]`` its unit ("" when
    it has none).

    >>> [(s, e, n) for s, e, n in number_spans("第十四个五年规划")]
    [(0, 4, 3)]
    >>> number_spans("一带一路和三个代表")
    []
    """
    return list(_spans(text))


def _spans(text: str) -> Iterator[tuple[int, int, int]]:
    if not has_numbers(text):
        return
    for match in _NUMBER_RE.finditer(text):
        number_end = match.end("number")
        # A lone numeral character is a word of its own (三个代表, 统一), not a number.
        if number_end - match.start() >= 2:
            yield match.start(), match.end(), number_end


def is_number(text: str) -> bool:
    """True when the whole string is one written-out number, with or without its unit.

    >>> [is_number(s) for s in ["一九五五年", "三百八十六点六五", "第十四", "五千万", "十四五"]]
    [True, True, True, True, True]
    >>> [is_number(s) for s in ["一带一路", "三个代表", "五年规划", "九五计划", "一"]]
    [False, False, False, False, False]
    """
    spans = number_spans(text)
    return len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(text)


def edge_flags(text: str) -> tuple[bytearray, bytearray]:
    """Where an occurrence may not start, and where it may not end: two byte arrays over the
    offsets ``0..len(text)`` (offset i lies before character i), 1 where it may not.

    Inside a number (and inside a unit of several characters) neither may happen; at the
    joint between a number and its unit an occurrence may start but not end. Plain Python,
    for one text; :func:`number_edges` gives the same as numpy arrays.

    >>> no_start, no_end = edge_flags("九五年")
    >>> list(no_start), list(no_end)
    ([0, 1, 0, 0], [0, 1, 1, 0])
    """
    no_start = bytearray(len(text) + 1)
    no_end = bytearray(len(text) + 1)
    for start, end, number_end in _spans(text):
        no_start[start + 1 : number_end] = b"\x01" * (number_end - start - 1)
        no_end[start + 1 : number_end] = b"\x01" * (number_end - start - 1)
        if end > number_end:
            no_end[number_end] = 1  # 十五 of 十五年
            inner = max(end - number_end - 1, 0)  # inside a unit of several characters
            no_start[number_end + 1 : end] = b"\x01" * inner
            no_end[number_end + 1 : end] = b"\x01" * inner
    return no_start, no_end


def number_edges(text: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`edge_flags` as two boolean numpy arrays (for a whole corpus at once).

    >>> no_start, no_end = number_edges("九五年")
    >>> no_start.tolist(), no_end.tolist()
    ([False, True, False, False], [False, True, True, False])
    """
    import numpy as np

    no_start, no_end = edge_flags(text)
    return np.frombuffer(no_start, dtype=bool), np.frombuffer(no_end, dtype=bool)


def occurrences(text: str, phrase: str) -> list[int]:
    """Start offsets of the occurrences of ``phrase`` in ``text`` under the counting rule:
    occurrences that start or end inside a written-out number (or end before its unit) are
    left out, and the rest are taken left to right without overlap (as ``str.count`` does).

    This is the rule :meth:`analyzer.index.TextIndex.hits` applies to a whole corpus, for
    one text: ``kwic`` lists exactly what ``phrases``, ``trend`` and ``compare`` count.

    >>> occurrences("一九五五年和“九五”计划，九五期间", "九五")
    [7, 13]
    >>> occurrences("十八大和八大", "八大")
    [4]
    """
    if not phrase:
        raise ValueError("phrase must not be empty")
    no_start, no_end = edge_flags(text)
    n = len(phrase)
    found = []
    last_end = -1
    at = text.find(phrase)
    while at >= 0:
        if at >= last_end and not no_start[at] and not no_end[at + n]:
            found.append(at)
            last_end = at + n
        at = text.find(phrase, at + 1)
    return found


def count(text: str, phrase: str) -> int:
    """The number of occurrences of ``phrase`` in ``text`` under the counting rule.

    >>> count("一九九五年，九五期间", "九五"), "一九九五年，九五期间".count("九五")
    (1, 2)
    """
    return len(occurrences(text, phrase))
