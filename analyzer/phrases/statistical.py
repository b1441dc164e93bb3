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

from ..index import hash_codes
from .ngrams import NGramTable

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
    table: NGramTable,
    *,
    min_chars: int = 3,
    min_aligned: float = 0.5,
    min_cohesion: float = 3.0,
) -> StatisticalCandidates:
    """Find the statistical candidates of a corpus.

    Args:
        table: the corpus' n-gram statistics (see :func:`analyzer.phrases.ngrams.ngram_table`),
            with ``aligned`` from the token boundaries of the corpus segmented without any
            lexicon; its longest length is the longest candidate.
        min_chars: the shortest candidate in characters.
        min_aligned: the least share of occurrences that must sit on token boundaries.
        min_cohesion: the least cohesion (minimum PMI over split points).
    """
    # The first choice, length by length (the whole table is never gathered).
    lengths, rows = [], []
    for n in sorted(m for m in table.levels if m >= max(min_chars, 2)):
        level = table.levels[n]
        keep = (level.aligned >= min_aligned) & ~_cut_edges(table, n)
        keep &= _cjk_chars(table, n) >= 2
        rows.append(np.flatnonzero(keep))
        lengths.append(np.full(len(rows[-1]), n, dtype=np.int64))
    if rows:
        table = NGramTable(table.levels, table.total, np.concatenate(lengths), np.concatenate(rows))
    else:
        table = table.select(np.zeros(len(table), dtype=bool))
    table.compute_cohesion()
    open_left = _open_side(table, side="left")
    open_right = _open_side(table, side="right")
    # PMI is bounded by log N: in a corpus of a few hundred characters no string reaches the
    # threshold meant for a million, so the threshold shrinks with the corpus.
    floor = min(min_cohesion, 0.5 * np.log(max(table.total, 2)))
    cohesive = (table.cohesion >= floor) & np.isfinite(table.cohesion)
    table = table.select(open_left & open_right & cohesive)
    return StatisticalCandidates(
        phrases=table.strings(),
        count=table.count,
        cohesion=table.cohesion,
        entropy=np.minimum(table.left_entropy, table.right_entropy),
        aligned=table.aligned,
    )


def _cjk_chars(table: NGramTable, n: int) -> np.ndarray:
    """Number of CJK ideographs in each n-gram of length ``n`` (0 for n-grams starting with a
    digit)."""
    codes = table.codes(n, np.arange(len(table.levels[n])))
    cjk = ((codes >= 0x3400) & (codes <= 0x9FFF)).sum(axis=1)
    digit = (codes[:, 0] >= 48) & (codes[:, 0] <= 57)
    return np.where(digit, 0, cjk)


def _open_side(table: NGramTable, *, side: str, max_context: int = 4) -> np.ndarray:
    """Whether each candidate stands free on one side.

    A side is closed when every occurrence has the same context x there (the longest shared
    run of up to ``max_context`` characters) and x mostly leads into the candidate:
    ``count(candidate) / count(x) >= 0.5``. 除恶专项 is always preceded by 扫黑, and half of all
    扫黑 lead into it: closed. 执法司法制约监督体系 is always followed by 改革, but 改革 follows
    thousands of other words: open. (Edges that cut a longer unit are found by
    :func:`_cut_edges`.)

    The shared context grows one character at a time: when every occurrence of the candidate
    extended by k characters has the same word character on that side, the extension by k + 1
    characters is shared by every occurrence of the candidate if its count is the candidate's.
    """
    share = table.left_share if side == "left" else table.right_share
    result = np.ones(len(table), dtype=bool)
    rows = np.flatnonzero(share >= 1.0)
    if not len(rows):
        return result
    n, count = table.n[rows], table.count[rows]
    # The current extension of each row: its length, its row in that length, and its codes.
    length = n.copy()
    at = table.row[rows].copy()
    context = np.zeros((len(rows), max_context), dtype=np.uint32)
    shared = np.zeros(len(rows), dtype=np.int64)
    active = np.ones(len(rows), dtype=bool)
    hashes = np.zeros(len(rows), dtype=np.uint64)
    for m in np.unique(n).tolist():
        sel = np.flatnonzero(n == m)
        hashes[sel] = hash_codes(table.codes(m, at[sel]))
    for k in range(1, max_context + 1):
        fits = active & (length + 1 <= table.max_len)
        grows = np.zeros(len(rows), dtype=bool)
        before = length.copy()
        for m in np.unique(before[fits]).tolist():
            sel = np.flatnonzero(fits & (before == m))
            level = table.levels[m]
            top = (level.left_only if side == "left" else level.right_only)[at[sel]]
            sel, top = sel[top > 0], top[top > 0]
            with np.errstate(over="ignore"):
                if side == "left":
                    extended = (top.astype(np.uint64) + np.uint64(1)) * _power(m) + hashes[sel]
                else:
                    extended = hashes[sel] * _base() + top.astype(np.uint64) + np.uint64(1)
            found = table.levels[m + 1].find(extended) if m + 1 in table.levels else None
            if found is None:
                continue
            counts = np.where(found >= 0, table.levels[m + 1].counts[np.maximum(found, 0)], 0)
            ok = counts == count[sel]
            sel = sel[ok]
            grows[sel] = True
            context[sel, k - 1] = top[ok]
            hashes[sel] = extended[ok]
            at[sel] = found[ok]
            length[sel] = m + 1
        shared[grows] = k
        active = grows
    has_context = shared > 0
    if not has_context.any():
        return result
    context_counts = np.zeros(len(rows), dtype=np.int64)
    for k in np.unique(shared[has_context]).tolist():
        sel = np.flatnonzero(shared == k)
        # The context in reading order: collected outward, so reversed on the left.
        codes = context[sel, :k][:, ::-1] if side == "left" else context[sel, :k]
        context_counts[sel] = table.count_of(k, hash_codes(np.ascontiguousarray(codes)))
    context_counts = np.maximum(context_counts, 1)
    leads_in = count >= 0.5 * context_counts
    result[rows[has_context & leads_in]] = False
    return result


def _base() -> np.uint64:
    from ..index import BASE

    return BASE


def _power(n: int) -> np.uint64:
    """``BASE**n`` modulo 2**64."""
    value = np.uint64(1)
    with np.errstate(over="ignore"):
        for _ in range(n):
            value = value * _base()
    return value


def _cut_edges(table: NGramTable, n: int, *, max_part: int = 4, closed: float = 0.9) -> np.ndarray:
    """True for the n-grams of length ``n`` that cut a longer unit at one of their edges.

    The right edge of 高举中国特色 is cut: its ending 中国特色 occurs more often than the whole
    and is followed by 社 in nearly every occurrence (中国特色社会主义). The left edge of
    除恶专项 is cut: 除恶 is always preceded by 扫. An ending or beginning that occurs no more
    often than the candidate itself says nothing and is skipped (监督体系 in
    执法司法制约监督体系, which only the seed report uses).
    """
    level = table.levels[n]
    cut = np.zeros(len(level), dtype=bool)
    if n <= 2:
        return cut
    for side in ("left", "right"):
        rows = np.flatnonzero(getattr(level, f"{side}_share") >= closed)
        codes = table.codes(n, rows) if side == "right" else None
        for k in range(2, min(max_part, n - 1) + 1):
            if side == "left":
                # The beginning is the n-gram's prefix of that length (a repeat).
                part = table.ancestor(n, rows, k)
            else:
                part = table.levels[k].find(hash_codes(np.ascontiguousarray(codes[:, n - k :])))
            found = part >= 0
            shares = getattr(table.levels[k], f"{side}_share")
            part_share = np.where(found, shares[np.maximum(part, 0)], 0)
            part_count = np.where(found, table.levels[k].counts[np.maximum(part, 0)], 0)
            cut[rows[found & (part_count > level.counts[rows]) & (part_share >= closed)]] = True
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
