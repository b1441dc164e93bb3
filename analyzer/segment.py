"""Word segmentation with a policy lexicon: the only module that imports jieba.

One :class:`Segmenter` interface, two backends that share jieba's dictionary: ``rjieba`` (the
Rust port jieba-rs, the fast default) and ``jieba`` (the Python reference). Lexicon phrases are
matched first, longest first, and always kept whole, so that 扫黑除恶, 枫桥经验, 1+17+N and
互联网+ are single tokens whichever backend runs; the backend segments only the text between
them. A token never spans punctuation or whitespace, and a lexicon phrase is never matched where
it would start or end inside a written-out number (九五 is not cut out of 一九九五年; the
counting rule of :mod:`analyzer.numerals`).

Each Segmenter owns its tokenizer: no module-level default instance, no shared state between
segmenters with different lexicons.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from .errors import AnalyzerWarning, check_choice
from .lexicon import Lexicon, normalize_phrase
from .numerals import edge_flags, has_numbers
from .text import CLAUSE_PUNCT

__all__ = ["BACKENDS", "LexiconProblem", "Segmenter", "Token"]

logger = logging.getLogger(__name__)

BACKENDS = ("rjieba", "jieba")
SEGMENTER_VERSION = "2"

_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_BLOCKING = set(CLAUSE_PUNCT) | set("\n\r\t ")


class Token(NamedTuple):
    """A token with its offsets in the segmented text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class LexiconProblem:
    """A lexicon entry that cannot take effect, and why."""

    phrase: str
    reason: str


class _Rjieba:
    """jieba-rs through rjieba.

    rjieba builds a default tokenizer with jieba's dictionary when it is imported; analyzer
    reads it and never modifies it (lexicon phrases are matched before segmentation, not added
    to the dictionary), so using it costs no second dictionary load and changes nothing for
    other users of rjieba.
    """

    def __init__(self) -> None:
        import rjieba

        self._cut = rjieba.cut

    def cut(self, text: str, hmm: bool) -> list[str]:
        return self._cut(text, hmm)


class _Jieba:
    def __init__(self) -> None:
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()

    def cut(self, text: str, hmm: bool) -> list[str]:
        return self._jieba.lcut(text, HMM=hmm)


_ENGINES = {"rjieba": _Rjieba, "jieba": _Jieba}


class Segmenter:
    """Chinese word segmenter that keeps policy phrases whole.

    Args:
        backend: ``"rjieba"`` (fast, default) or ``"jieba"`` (reference implementation).
        lexicon: extra phrases to keep whole (a :class:`~analyzer.lexicon.Lexicon` or strings).
        builtin_lexicon: also keep the built-in national formulations whole.
        hmm: let jieba's HMM join characters that are not in its dictionary.

    Example:
        >>> seg = Segmenter(lexicon=["平安甘肃"])
        >>> seg.cut("深入开展扫黑除恶专项斗争，建设平安甘肃。")
        ['深入开展', '扫黑除恶专项斗争', '，', '建设', '平安甘肃', '。']
        >>> seg.tokenize("建设平安甘肃")[1]
        Token(text='平安甘肃', start=2, end=6)

    Notes:
        Lexicon matching is leftmost-longest on the characters, so the count of a lexicon
        phrase as a token equals its count under the counting rule
        (:func:`analyzer.numerals.count`), except where a longer lexicon phrase covers it
        (扫黑除恶 inside 扫黑除恶专项斗争). Written-out numbers are kept whole: a phrase that
        would start or end inside one is not matched there (with 九五 in the lexicon,
        一九九五年 stays one number).
    """

    def __init__(
        self,
        *,
        backend: str = "rjieba",
        lexicon: Lexicon | Iterable[str] | None = None,
        builtin_lexicon: bool = True,
        hmm: bool = True,
    ) -> None:
        check_choice("backend", backend, BACKENDS)
        self.backend = backend
        self.hmm = hmm
        self.builtin_lexicon = builtin_lexicon
        user = lexicon if isinstance(lexicon, Lexicon) else Lexicon(lexicon or ())
        self.lexicon = (Lexicon.builtin() | user) if builtin_lexicon else user
        self.problems: list[LexiconProblem] = []
        self._phrases: set[str] = set()
        for entry in self.lexicon:
            problem = _check_entry(entry.phrase)
            if problem:
                self.problems.append(LexiconProblem(entry.phrase, problem))
            else:
                self._phrases.add(entry.phrase)
        for problem in self.problems:
            logger.warning(
                "lexicon entry %r cannot take effect: %s", problem.phrase, problem.reason
            )
        self._matcher = _build_matcher(self._phrases)
        self._engine = None

    def __repr__(self) -> str:
        return f"Segmenter(backend={self.backend!r}, lexicon={len(self._phrases)} phrases)"

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_engine"] = None
        return state

    @property
    def phrases(self) -> frozenset[str]:
        """The lexicon phrases that take effect."""
        return frozenset(self._phrases)

    def fingerprint(self) -> str:
        """A string that changes whenever the tokens could change (for caches)."""
        return (
            f"seg{SEGMENTER_VERSION}-{self.backend}-hmm{int(self.hmm)}-"
            f"{Lexicon(sorted(self._phrases)).fingerprint()}"
        )

    def warn_problems(self) -> None:
        """Issue an :class:`~analyzer.errors.AnalyzerWarning` for each entry without effect."""
        import warnings

        for problem in self.problems:
            warnings.warn(
                f"lexicon entry {problem.phrase!r} cannot take effect: {problem.reason}",
                AnalyzerWarning,
                stacklevel=2,
            )

    def _cut_all(self, text: str) -> list[str]:
        """Every piece of the text in order, whitespace included ("".join == text)."""
        if self._engine is None:
            self._engine = _ENGINES[self.backend]()
        cut = self._engine.cut
        if self._matcher is None:
            return cut(text, self.hmm)
        pieces: list[str] = []
        position = 0
        for start, end in self.matches(text):
            if start > position:
                pieces.extend(cut(text[position:start], self.hmm))
            pieces.append(text[start:end])
            position = end
        if position < len(text):
            pieces.extend(cut(text[position:], self.hmm))
        return pieces

    def matches(self, text: str) -> Iterator[tuple[int, int]]:
        """Spans ``(start, end)`` of the lexicon phrases kept whole in ``text``: leftmost,
        longest, never starting or ending inside a written-out number (the longest match that
        does not is taken instead). The spaCy component merges exactly these spans."""
        if self._matcher is None:
            return
        if not has_numbers(text):
            for match in self._matcher.finditer(text):
                yield match.span()
            return
        no_start, no_end = edge_flags(text)
        at = 0
        while (match := self._matcher.search(text, at)) is not None:
            start, end = match.span()
            if no_start[start] or no_end[end]:
                end = None if no_start[start] else self._shorter_match(text, start, end, no_end)
                if end is None:
                    at = start + 1
                    continue
            yield start, end
            at = end

    def _shorter_match(self, text: str, start: int, end: int, no_end) -> int | None:
        """The end of the longest lexicon phrase at ``start`` shorter than ``end`` that does
        not end inside a number, or None."""
        for shorter in range(end - 1, start + 1, -1):
            if not no_end[shorter] and self._matcher.fullmatch(text, start, shorter):
                return shorter
        return None

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text``, punctuation included, whitespace left out."""
        tokens: list[str] = []
        # Tokens never span whitespace, so each whitespace-free chunk is segmented on its own
        # and no whitespace token has to be filtered out afterwards.
        for chunk in text.split():
            tokens.extend(self._cut_all(chunk))
        return tokens

    def cut_many(self, texts: Iterable[str]) -> Iterator[list[str]]:
        """Stream :meth:`cut` over many texts."""
        for text in texts:
            yield self.cut(text)

    def tokenize(self, text: str) -> list[Token]:
        """Tokens with their character offsets in ``text`` (whitespace left out)."""
        tokens = []
        position = 0
        for piece in self._cut_all(text):
            end = position + len(piece)
            if not piece.isspace():
                tokens.append(Token(piece, position, end))
            position = end
        return tokens

    def add_word(self, phrase: str) -> LexiconProblem | None:
        """Keep one more phrase whole; returns the reason when it cannot take effect."""
        phrase = normalize_phrase(phrase)
        problem = _check_entry(phrase)
        if problem:
            found = LexiconProblem(phrase, problem)
            self.problems.append(found)
            return found
        if phrase not in self._phrases:
            self._phrases.add(phrase)
            self.lexicon = self.lexicon | Lexicon([phrase])
            self._matcher = _build_matcher(self._phrases)
        return None


def _check_entry(phrase: str) -> str | None:
    """Why a phrase cannot be kept whole as one token, or None when it can."""
    if len(phrase) < 2:
        return "shorter than two characters"
    blocking = sorted(set(phrase) & _BLOCKING)
    if blocking:
        shown = " ".join(repr(c) for c in blocking)
        return f"contains {shown}, and a token never spans clause punctuation or whitespace"
    if not any(c.isalnum() for c in phrase):
        return "has no letter, digit or Chinese character"
    return None


def _build_matcher(phrases: set[str]) -> re.Pattern | None:
    """One regular expression matching any phrase, leftmost and longest first (a trie).

    A phrase that starts or ends with a Latin letter or digit only matches where that edge is
    not glued to more letters or digits (1+17+N does not match inside 11+17+NA).
    """
    if not phrases:
        return None
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = True
    branches = []
    for char in sorted(k for k in trie if k):
        guard = "(?<![A-Za-z0-9])" if _ASCII_ALNUM.match(char) else ""
        branches.append(guard + re.escape(char) + _trie_pattern(trie[char], char))
    return re.compile("|".join(branches))


def _trie_pattern(node: dict, last: str) -> str:
    """A regex for the rest of a character trie; longer continuations are tried first."""
    options = [
        re.escape(char) + _trie_pattern(node[char], char) for char in sorted(k for k in node if k)
    ]
    if "" in node:
        options.append("(?![A-Za-z0-9])" if _ASCII_ALNUM.match(last) else "")
    if len(options) == 1:
        return options[0]
    return "(?:" + "|".join(options) + ")"
