"""General-language background: how rare a term is outside the corpus under study.

A keyword must stand out from its own corpus and from Chinese in general. The corpus alone
cannot tell the second: in a single report, or a handful, 问题 or 水平 occur in few paragraphs
and look as specific as 扫黑除恶. jieba ships an inverse-document-frequency table estimated on a
large general corpus (the one ``jieba.analyse.extract_tags`` ranks with); terms it does not list,
such as discovered multi-word formulations, get its median, jieba's own convention for unknown
words.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import numpy as np

__all__ = ["BACKGROUNDS", "general_idf"]

#: Background choices for TF-IDF keywords: jieba's general-language IDF table, or none.
BACKGROUNDS = ("jieba", "none")


@lru_cache(maxsize=1)
def _jieba_table() -> tuple[dict[str, float], float]:
    """jieba's IDF table (term → IDF) and its median, read from the installed package."""
    text = resources.files("jieba.analyse").joinpath("idf.txt").read_text(encoding="utf-8")
    table: dict[str, float] = {}
    for line in text.splitlines():
        word, _, value = line.strip().partition(" ")
        if word and value:
            table[word] = float(value)
    median = float(np.median(np.fromiter(table.values(), dtype=float)))
    return table, median


def general_idf(terms: Iterable[str]) -> np.ndarray:
    """The general-language IDF of each term (jieba's table; its median for unlisted terms).

    Example:
        >>> rare, common = general_idf(["员额", "问题"])
        >>> bool(rare > common)
        True
    """
    table, median = _jieba_table()
    return np.array([table.get(t, median) for t in terms], dtype=float)
