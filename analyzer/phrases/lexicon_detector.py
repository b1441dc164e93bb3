"""The ``lexicon`` detector: phrases of the built-in and user lexicons that occur in the corpus."""

from __future__ import annotations

from ..lexicon import Lexicon
from .wellformed import has_clause_break

__all__ = ["lexicon_candidates"]


def lexicon_candidates(lexicon: Lexicon) -> list[str]:
    """The lexicon's phrases that could occur in cleaned text (counts are checked later).

    >>> lexicon_candidates(Lexicon(["扫黑除恶", "打伞，破网"]))
    ['扫黑除恶']
    """
    return [
        entry.phrase
        for entry in lexicon
        if len(entry.phrase) >= 2 and not has_clause_break(entry.phrase)
    ]
