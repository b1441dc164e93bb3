"""Paragraphs, sentences and clauses as character spans of a cleaned text.

Every span keeps its start and end offsets in the document's cleaned text (``Document.text``),
so a count made on a sentence or a token can always be pointed back to its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

__all__ = [
    "CLAUSE_PUNCT",
    "SENTENCE_END",
    "Span",
    "clauses",
    "is_cjk",
    "paragraphs",
    "sentences",
]

#: Punctuation that ends a sentence, in Chinese and ASCII form.
SENTENCE_END = "。！？!?…"
#: Punctuation that ends a clause: sentence ends plus commas, semicolons and colons. The
#: enumeration comma 、 is not among them: it may stand inside a slogan (不忘初心、牢记使命).
CLAUSE_PUNCT = SENTENCE_END + "，；：,;:"

_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_SENTENCE_RE = re.compile(rf"[^{SENTENCE_END}\n]*(?:[{SENTENCE_END}]+[”’」』）)]*|\n|$)")
_CLAUSE_RE = re.compile(rf"[^{CLAUSE_PUNCT}\n]+")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class Span(NamedTuple):
    """A piece of a text with its offsets: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


def is_cjk(char: str) -> bool:
    """True for a CJK ideograph.

    >>> is_cjk("扫"), is_cjk("A"), is_cjk("，")
    (True, False, False)
    """
    return bool(_CJK_RE.match(char))


def paragraphs(text: str) -> list[Span]:
    """Paragraphs: runs of non-empty lines separated by an empty line.

    >>> [p.text for p in paragraphs("第一段。\\n\\n第二段。")]
    ['第一段。', '第二段。']
    """
    return [Span(m.start(), m.end(), m.group()) for m in _PARAGRAPH_RE.finditer(text)]


def sentences(text: str) -> list[Span]:
    """Sentences ending in 。！？!?… (closing quotes included), or at a line break.

    >>> [s.text for s in sentences("建设平安中国。“扫黑除恶”！继续")]
    ['建设平安中国。', '“扫黑除恶”！', '继续']
    """
    spans = []
    for match in _SENTENCE_RE.finditer(text):
        start, end = match.span()
        piece = match.group().rstrip("\n")
        stripped = piece.strip()
        if stripped:
            offset = piece.index(stripped[0])
            spans.append(Span(start + offset, start + offset + len(stripped), stripped))
        if end == len(text):
            break
    return spans


def clauses(text: str) -> Iterator[Span]:
    """Clauses: stretches between clause punctuation (，。；：！？ and their ASCII forms).

    >>> [c.text for c in clauses("扫黑除恶，建设平安中国；不忘初心、牢记使命。")]
    ['扫黑除恶', '建设平安中国', '不忘初心、牢记使命']
    """
    for match in _CLAUSE_RE.finditer(text):
        yield Span(match.start(), match.end(), match.group())
