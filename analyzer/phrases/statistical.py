"""The ``statistical`` detector: repeated, cohesive, freely combining character strings.

A candidate is a repeated character n-gram (see :mod:`analyzer.phrases.ngrams`) that

* is open on both sides: its neighbours vary (branching entropy above zero), or the one
  neighbour it always has is loosely attached — the joint with that neighbour is weaker than the
  phrase's own weakest internal joint (执法司法制约监督体系 is always followed by 改革 in the seed
  report, but 改革 follows anything, so the phrase is complete; 除恶专项 is always preceded by
  黑 of 扫黑, which binds tighter than 除恶专项 itself, so it is a fragment);
* starts and ends on token boundaries of the segmented text in most of its occurrences, so that
  it never cuts a word in two (实事求 inside 实事求是);
* has at least ``min_chars`` characters and at least two CJK characters.

Each candidate gets a score that grows with its frequency, its cohesion and its burstiness:
residual IDF (Church & Gale 1995), the gap between the number of documents a Poisson
distribution would spread the phrase over and the number it actually occupies. Formulations come
and go with their campaigns (大跃进 in 1958–1960, 高质量发展 from 2018); generic word pairs
(经济发展, 人民群众) spread evenly over all years.

References:
    Church, K. W. & Gale, W. A. (1995). Poisson mixtures. Natural Language Engineering 1(2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..index import TextIndex
from .ngrams import NGramTable, ngram_table

__all__ = ["StatisticalCandidates", "enumeration_candidates", "statistical_candidates"]


@dataclass
class StatisticalCandidates:
    """Statistical candidates with their evidence (parallel lists)."""

    phrases: list[str]
    count: np.ndarray
    cohesion: np.ndarray
    entropy: np.ndarray
    aligned: np.ndarray


def statistical_candidates(
    index: TextIndex,
    token_boundary: np.ndarray,
    *,
    max_len: int = 12,
    min_chars: int = 3,
    min_aligned: float = 0.5,
    min_cohesion: float = 3.0,
) -> StatisticalCandidates:
    """Find the statistical candidates of a corpus.

    Args:
        index: the corpus index.
        token_boundary: boolean array over ``index.text``: True at offsets where a token starts
            or ends (from the corpus segmented without any lexicon).
        max_len: the longest candidate in characters.
        min_chars: the shortest candidate in characters.
        min_aligned: the least share of occurrences that must sit on token boundaries.
        min_cohesion: the least cohesion (minimum PMI over split points).
    """
    table = ngram_table(index, max_len=max_len, boundary=token_boundary)
    keep = (table.n >= min_chars) & (table.aligned >= min_aligned) & ~_cut_edges(index, table)
    keep &= _cjk_chars(index, table) >= 2
    table = table.select(keep)
    table.compute_cohesion(index)
    open_left = _open_side(index, table, side="left")
    open_right = _open_side(index, table, side="right")
    # PMI is bounded by log N: in a corpus of a few hundred characters no string reaches the
    # threshold meant for a million, so the threshold shrinks with the corpus.
    floor = min(min_cohesion, 0.5 * np.log(max(table.total, 2)))
    cohesive = (table.cohesion >= floor) & np.isfinite(table.cohesion)
    table = table.select(open_left & open_right & cohesive)
    return StatisticalCandidates(
        phrases=table.strings(index),
        count=table.count,
        cohesion=table.cohesion,
        entropy=np.minimum(table.left_entropy, table.right_entropy),
        aligned=table.aligned,
    )


def _cjk_chars(index: TextIndex, table: NGramTable) -> np.ndarray:
    """Number of CJK ideographs in each n-gram (0 for n-grams starting with a digit)."""
    is_cjk = (index.codes >= 0x3400) & (index.codes <= 0x9FFF)
    cumulative = np.concatenate([[0], np.cumsum(is_cjk)])
    found = cumulative[table.first + table.n] - cumulative[table.first]
    starts_with_digit = (index.codes[table.first] >= 48) & (index.codes[table.first] <= 57)
    return np.where(starts_with_digit, 0, found)


def _open_side(
    index: TextIndex, table: NGramTable, *, side: str, max_context: int = 4
) -> np.ndarray:
    """Whether each candidate stands free on one side.

    A side is closed when every occurrence has the same context x there (the longest shared
    run of up to ``max_context`` characters) and x mostly leads into the candidate:
    ``count(candidate) / count(x) >= 0.5``. 除恶专项 is always preceded by 扫黑, and half of all
    扫黑 lead into it: closed. 执法司法制约监督体系 is always followed by 改革, but 改革 follows
    thousands of other words: open. (Edges that cut a longer unit are found by
    :func:`_cut_edges`.)
    """
    share = table.left_share if side == "left" else table.right_share
    result = np.ones(len(table), dtype=bool)
    rows = np.flatnonzero(share >= 1.0)
    if not len(rows):
        return result
    n, first, count = table.n[rows], table.first[rows], table.count[rows]
    size = len(index.codes)
    shared = np.zeros(len(rows), dtype=np.int64)
    active = np.ones(len(rows), dtype=bool)
    for k in range(1, max_context + 1):
        length = n + k
        fits = active & (length <= table.max_len)
        if side == "left":
            start = first - k
            fits &= start >= 0
        else:
            start = first
            fits &= first + length <= size
        extended = np.zeros(len(rows), dtype=np.int64)
        for m in np.unique(length[fits]).tolist():
            sel = np.flatnonzero(fits & (length == m))
            extended[sel] = table.count_of(index, np.maximum(start[sel], 0), m)
        grows = fits & (extended == count)
        shared[grows] = k
        active = grows
    has_context = shared > 0
    if not has_context.any():
        return result
    context_start = np.where(side == "left", first - shared, first + n)
    context_counts = np.zeros(len(rows), dtype=np.int64)
    for k in np.unique(shared[has_context]).tolist():
        sel = np.flatnonzero(shared == k)
        context_counts[sel] = table.count_of(index, np.maximum(context_start[sel], 0), k)
    context_counts = np.maximum(context_counts, 1)
    leads_in = count >= 0.5 * context_counts
    result[rows[has_context & leads_in]] = False
    return result


def _cut_edges(
    index: TextIndex, table: NGramTable, *, max_part: int = 4, closed: float = 0.9
) -> np.ndarray:
    """True for n-grams that cut a longer unit at one of their edges.

    The right edge of 高举中国特色 is cut: its ending 中国特色 occurs more often than the whole
    and is followed by 社 in nearly every occurrence (中国特色社会主义). The left edge of
    除恶专项 is cut: 除恶 is always preceded by 扫. An ending or beginning that occurs no more
    often than the candidate itself says nothing and is skipped (监督体系 in
    执法司法制约监督体系, which only the seed report uses).
    """
    cut = np.zeros(len(table), dtype=bool)
    size = len(index.codes)
    for side, share in (("left", table.left_share), ("right", table.right_share)):
        candidate = np.flatnonzero(share >= closed)
        for k in range(2, max_part + 1):
            rows = candidate[table.n[candidate] > k]
            if not len(rows):
                continue
            if side == "left":
                at = table.first[rows]
            else:
                at = np.minimum(table.first[rows] + table.n[rows] - k, size - k)
            part = table.rows_of(index, at, k)
            found = part >= 0
            part_share = np.where(
                found, (table.left_share if side == "left" else table.right_share)[part], 0
            )
            part_count = np.where(found, table.count[part], 0)
            cut[rows[found & (part_count > table.count[rows]) & (part_share >= closed)]] = True
    return cut


def enumeration_candidates(
    texts, known: set[str], *, sizes=(3, 4, 5, 6), min_count: int = 2
) -> dict[str, int]:
    """Parallel pairs joined by the enumeration comma: 大众创业、万众创新, 不忘初心、牢记使命.

    A slogan may hold 、 between two halves of equal length; such a pair is a candidate when
    both halves are known phrases and the pair recurs.

    >>> enumeration_candidates(["推动大众创业、万众创新。", "大众创业、万众创新蓬勃发展"], {"大众创业", "万众创新"})
    {'大众创业、万众创新': 2}
    """
    import re
    from collections import Counter

    found: Counter = Counter()
    for text in texts:
        for match in re.finditer("、", text):
            at = match.start()
            for size in sizes:
                left, right = text[max(0, at - size) : at], text[at + 1 : at + 1 + size]
                if len(left) == size and len(right) == size and left in known and right in known:
                    found[f"{left}、{right}"] += 1
    return {pair: n for pair, n in found.items() if n >= min_count}
