"""Well-formedness of a phrase: no clause punctuation inside, no loose function word at an edge.

The rules every detector's output must pass before it is ranked: a phrase never crosses clause
punctuation (，。；：！？ and their ASCII forms, brackets), although the enumeration comma 、
may stand inside a slogan (不忘初心、牢记使命); and a phrase neither starts nor ends with a
function-word token (的 了 和 与 在 是 对 把 等 …) unless that character is bound to the rest
(碳中和 ends in 和, but 碳中 never occurs without it).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "CLAUSE_BREAKS",
    "FUNCTION_WORDS",
    "GRAMMAR_WORDS",
    "edge_function_word",
    "has_clause_break",
    "is_quantity",
]

#: Punctuation a phrase may not contain.
CLAUSE_BREAKS = "，。；：！？,.;:!?（）()【】[]《》<>\n\t "
#: Single-character function words that may not stand at the edge of a phrase.
FUNCTION_WORDS = frozenset(
    "的了和与及或在是对把被将向从由为以之等要也都而并且就还又所其这那此该各每"
)

#: Particles, pronouns and auxiliaries that mark a stretch of running prose rather than a
#: name: a statistical candidate holding one of them as a token (社会主义的经济任务,
#: 我们应该进一步加强, 这次整风运动) is not a formulation. 和/与/及 may stand inside
#: (统筹发展和安全).
GRAMMAR_WORDS = frozenset(
    [
        "的",
        "地",
        "得",
        "了",
        "着",
        "过",
        "是",
        "在",
        "才",
        "就",
        "都",
        "也",
        "还",
        "又",
        "而",
        "则",
        "吗",
        "呢",
        "吧",
        "啊",
        "很",
        "最",
        "更",
        "会",
        "能",
        "要",
        "把",
        "被",
        "将",
        "对",
        "从",
        "向",
        "给",
        "我",
        "我们",
        "他",
        "他们",
        "你们",
        "它",
        "它们",
        "咱们",
        "这",
        "那",
        "这个",
        "那个",
        "这样",
        "那样",
        "这些",
        "那些",
        "这次",
        "那次",
        "这种",
        "那种",
        "什么",
        "自己",
        "可以",
        "应该",
        "应当",
        "必须",
        "已经",
        "正在",
        "如果",
        "因为",
        "所以",
        "但是",
        "虽然",
        "只有",
        "只要",
        "不是",
    ]
)

_BREAK_RE = re.compile("[" + re.escape(CLAUSE_BREAKS) + "]")
_QUANTITY_RE = re.compile(
    r"^[0-9比]|[0-9](?![0-9]*周年)|[〇○零一二三四五六七八九十两]*[百千万亿零点][〇○零一二三四五六七八九十两百千万亿点]"
    r"|[〇○零一二三四五六七八九十]{2,}[年月日]|[〇○零一二三四五六七八九]{3,}"
)


def is_quantity(phrase: str) -> bool:
    """True when the phrase holds a date or a quantity (一九五八年, 三百四十六, 增长4.5).

    Anniversaries (建党100周年) are not quantities.

    >>> [is_quantity(p) for p in ["一九五八年", "三百四十六", "比上一年", "增长4", "建党100周年", "十五届六中全会"]]
    [True, True, True, True, False, False]
    """
    return bool(_QUANTITY_RE.search(phrase))


def has_clause_break(phrase: str) -> bool:
    """True when the phrase contains clause punctuation, brackets or whitespace.

    >>> has_clause_break("不忘初心、牢记使命"), has_clause_break("扫黑除恶，打伞破网")
    (False, True)
    """
    return bool(_BREAK_RE.search(phrase))


def edge_function_word(phrase: str, cut: Callable[[str], list[str]]) -> str | None:
    """The function word standing as the first or last token of the phrase, if any.

    Args:
        phrase: the candidate.
        cut: a segmenter's ``cut`` (tokens of a string).

    >>> from analyzer.segment import Segmenter
    >>> cut = Segmenter(builtin_lexicon=False).cut
    >>> edge_function_word("要坚持", cut), edge_function_word("扫黑除恶", cut)
    ('要', None)
    """
    tokens = cut(phrase)
    if not tokens:
        return None
    if tokens[0] in FUNCTION_WORDS:
        return tokens[0]
    if tokens[-1] in FUNCTION_WORDS:
        return tokens[-1]
    return None
