"""The ``formula`` detector: numbered formulas and digit formulas.

Chinese policy language counts its programmes: 三个代表, 四个全面, 五个过硬, 三大攻坚战, 四大工程,
两统一, 六位一体, 三去一降一补, 一带一路, 六稳, and digit formulas such as 1+17+N or 互联网+. The
patterns are a number word followed by a classifier (个 大 项 化 位 统 条 类 种 …) and a short
head, alternating number–character sequences, a number word with one character when it recurs
or is quoted, and digit/letter sums with ``+``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["formula_candidates", "is_formula"]

_NUM = "一二三四五六七八九十两双百千万"
_DIGITS = "0123456789"
_CLASSIFIERS = "个大项化位统条类种型级线风心率"
#: Characters that make a number + character pair a plain quantity, not a formula.
_UNITS = (
    set(
        "年月日天周时分秒次倍成人元角吨斤亩里米岁号届期批家所座件起名户台辆艘架套本份篇章节点些样般切定步部方面"
        "是的了在和与及也都要就中上下内外以来多余半亿"
    )
    | set(_NUM)
    | set(_DIGITS)
)

_HEAD = "[\u4e00-\u9fff]"
_PATTERNS = [
    # number + classifier + head: 三个代表, 四个全面, 两个维护, 两个一百年, 五位一体
    re.compile(f"[{_NUM}]{{1,2}}[{_CLASSIFIERS}]{_HEAD}{{1,5}}"),
    # alternating number/character: 一带一路, 三去一降一补, 一国两制, 三严三实, 两学一做
    re.compile(f"(?:[{_NUM}]{_HEAD}){{2,4}}"),
    # a number word and one character: 六稳, 六保, 三农, 四风
    re.compile(f"[{_NUM}]{_HEAD}"),
    # digit and letter formulas: 1+17+N, 互联网+, 1+X
    re.compile("[0-9A-Za-z\u4e00-\u9fff]{1,6}(?:\\+[0-9A-Za-z\u4e00-\u9fff]{0,6})+"),
]
_START_RE = re.compile(f"[{_NUM}0-9A-Za-z\u4e00-\u9fff]")


def is_formula(phrase: str) -> bool:
    """True when a phrase as a whole has the shape of a numbered or digit formula.

    >>> [is_formula(p) for p in ["三大攻坚战", "一带一路", "1+17+N", "互联网+", "六稳", "四项基本原则"]]
    [True, True, True, True, True, True]
    >>> [is_formula(p) for p in ["扫黑除恶", "三年", "一九五八", "十五", "一个中心", "三千", "三年一次"]]
    [False, False, False, False, False, False, False]
    """
    if "+" in phrase:
        return bool(_PATTERNS[3].fullmatch(phrase)) and any(c.isalnum() for c in phrase)
    if len(phrase) < 2 or phrase[0] not in _NUM or phrase[:2] in _GENERIC_STARTS:
        return False
    if _PATTERNS[0].fullmatch(phrase):
        # number + classifier + head: the head must not be a quantity or more numbers
        rest = phrase.lstrip(_NUM)[1:]
        return bool(rest) and rest[0] not in _UNITS - set(_NUM)
    if _PATTERNS[1].fullmatch(phrase) or _PATTERNS[2].fullmatch(phrase):
        # alternating number/character, or one pair: the characters must not be units
        return not any(c in _UNITS for c in phrase[1::2])
    return False


_GENERIC_STARTS = {"一个", "一种", "一项", "一大", "一条", "一类", "一些"}


def formula_candidates(texts: Iterable[str], *, max_chars: int = 12) -> Counter:
    """Formulas the statistical detector cannot see, with their number of occurrences: digit
    and ``+`` formulas (1+17+N, 互联网+) and two-character number formulas (六稳, 三农).

    Longer numbered formulas (三大攻坚战, 四个全面) are repeated character strings and reach
    the ranker through the statistical detector, which tags them ``formula`` by shape. A
    formula must start where a word can start: not right after a number or a letter. A
    two-character formula must not be an ordinary dictionary word (两岸, 两国) nor start with
    一 (一致, 一贯).
    """
    found: Counter = Counter()
    for text in texts:
        for match in _PLUS_RE.finditer(text):
            # Where a formula starts inside a run of characters is unknown (推进互联网+政务服务):
            # every start is a candidate, and the ranker keeps those that start on a word.
            run = match.group()
            for start in range(0, run.index("+")):
                piece = run[start:]
                if is_formula(piece):
                    found[piece] += 1
        for match in _PAIR_RE.finditer(text):
            piece = match.group(1)
            if is_formula(piece) and _short_formula(piece):
                found[piece] += 1
    return found


_PLUS_RE = re.compile(
    "(?<![0-9A-Za-z\u4e00-\u9fff+])[0-9A-Za-z\u4e00-\u9fff]{1,6}(?:\\+[0-9A-Za-z\u4e00-\u9fff]{0,6})+"
)
_PAIR_RE = re.compile(
    "(?<![0-9\\u4e00-\\u9fff])([" + _NUM + "][\\u4e00-\\u9fff])(?![\\u4e00-\\u9fff])"
)


def _short_formula(piece: str) -> bool:
    import rjieba

    return piece[0] != "一" and not rjieba.has_word(piece)
