"""The ``quoted`` detector: text set off in quotation marks or book-title marks.

Official prose marks its formulations: “放管服”, “六稳”“六保”, 「一国两制」, and names documents
in book-title marks (《中国共产党政法工作条例》). A quoted span of slogan length, without clause
punctuation, is a candidate. Web texts mix quote styles (“…", "…”, even “…“), so any quotation
mark may close a span opened by “ or ", and the stretch between a closing mark and the next
opening one (outside the quotes) is never taken.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from .wellformed import has_clause_break

__all__ = ["book_titles", "quoted_candidates"]

_OPENING = '“"「『‘'
_CLOSING = '”"」』’“'
_MARK_RE = re.compile('[“”"「」『』‘’]')
_TITLE_RE = re.compile("[《<]([^《》<>\n]{2,24})[》>]")


def quoted_candidates(
    texts: Iterable[str], *, min_chars: int = 2, max_chars: int = 16, max_title_chars: int = 14
) -> Counter:
    """Quoted spans and short book titles, with the number of times each was quoted.

    >>> quoted_candidates(["紧紧围绕“三大攻坚战”和“六稳\\"“六保”工作，贯彻《中国共产党政法工作条例》。"])
    Counter({'三大攻坚战': 1, '六稳': 1, '六保': 1, '中国共产党政法工作条例': 1})
    """
    found: Counter = Counter()
    for text in texts:
        marks = list(_MARK_RE.finditer(text))
        i = 0
        while i < len(marks) - 1:
            opening, closing = marks[i], marks[i + 1]
            if opening.group() not in _OPENING or closing.group() not in _CLOSING:
                i += 1
                continue
            raw = text[opening.end() : closing.start()]
            span = raw.strip()
            # a quote never runs over a line break (nothing discovery counts does)
            if (
                min_chars <= len(span) <= max_chars
                and not has_clause_break(span)
                and "\n" not in raw
            ):
                found[span] += 1
            i += 2  # a closing mark never opens the next span
        found.update(_titles(text, min_chars, max_title_chars))
    return found


def book_titles(texts: Iterable[str], *, min_chars: int = 2, max_chars: int = 14) -> Counter:
    """Short spans set in book-title marks 《》, with the number of times each was.

    >>> book_titles(["贯彻《中国共产党政法工作条例》，落实“六稳”。"])
    Counter({'中国共产党政法工作条例': 1})
    """
    found: Counter = Counter()
    for text in texts:
        found.update(_titles(text, min_chars, max_chars))
    return found


def _titles(text: str, min_chars: int, max_chars: int) -> Iterator[str]:
    for match in _TITLE_RE.finditer(text):
        title = match.group(1).strip()
        if (
            min_chars <= len(title) <= max_chars
            and not has_clause_break(title)
            and ("\n" not in match.group(1))
        ):
            yield title
