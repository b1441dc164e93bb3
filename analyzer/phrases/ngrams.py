"""Character n-gram statistics: frequency, cohesion and branching entropy of every repeat.

Candidates are built from characters, not from jieba's tokens, so that a wrong split (扫黑/除恶,
碳中/和) cannot hide a phrase. For every n-gram of 2..``max_len`` word characters (CJK, Latin
letters, digits) that occurs at least twice, this module computes, vectorised over the whole
corpus:

* ``count``: occurrences (overlapping);
* ``cohesion``: the smallest pointwise mutual information over its split points,
  ``min_k log(f(w) N / (f(w[:k]) f(w[k:])))`` — a phrase is only as strong as its weakest joint
  (Church & Hanks 1990; the minimum over split points follows Sproat & Shih 1990);
* ``left_entropy``/``right_entropy``: branching entropy of the characters just before and after
  its occurrences (Harris 1955; Feng et al. 2004's accessor variety is the count analogue). A
  clause boundary or a function character (的, 等, 和 …) next to an occurrence counts as a new,
  distinct neighbour each time, so a phrase is not penalised for standing at a boundary;
* ``left_share``/``right_share``: the share of occurrences preceded (followed) by the single most
  common neighbouring word character — 1.0 means the candidate never stands alone on that side.

References:
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
    lexicography. Computational Linguistics 16(1).
    Sproat, R. & Shih, C. (1990). A statistical method for finding word boundaries in Chinese
    text. Computer Processing of Chinese and Oriental Languages 4(4).
    Harris, Z. S. (1955). From phoneme to morpheme. Language 31(2).
    Feng, H., Chen, K., Deng, X. & Zheng, W. (2004). Accessor variety criteria for Chinese word
    extraction. Computational Linguistics 30(1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..index import NGramCounts, TextIndex

__all__ = ["NGramTable", "boundary_chars", "ngram_table", "word_char_mask"]

#: Default bound on the distinct repeated n-grams kept per length.
MAX_DISTINCT = 250_000
#: Single characters that mark a word boundary when they stand next to a candidate.
FUNCTION_CHARS = "的了和与及或在是对把被将向从由为以之等要也都而并且就还又所其这那此该各每"


def word_char_mask(codes: np.ndarray) -> np.ndarray:
    """True for CJK ideographs, ASCII letters and digits."""
    return (
        ((codes >= 0x4E00) & (codes <= 0x9FFF))
        | ((codes >= 0x3400) & (codes <= 0x4DBF))
        | ((codes >= 0xF900) & (codes <= 0xFAFF))
        | ((codes >= 48) & (codes <= 57))
        | ((codes >= 65) & (codes <= 90))
        | ((codes >= 97) & (codes <= 122))
    )


def boundary_chars(codes: np.ndarray) -> np.ndarray:
    """True where a character ends a word: not a word character, or a function character."""
    function = np.isin(codes, np.array([ord(c) for c in FUNCTION_CHARS], dtype=codes.dtype))
    return ~word_char_mask(codes) | function


@dataclass
class NGramTable:
    """Statistics of every repeated n-gram, one row per distinct n-gram (parallel arrays)."""

    n: np.ndarray
    first: np.ndarray
    count: np.ndarray
    cohesion: np.ndarray
    left_entropy: np.ndarray
    right_entropy: np.ndarray
    left_share: np.ndarray
    right_share: np.ndarray
    aligned: np.ndarray
    levels: dict[int, NGramCounts]
    total: int

    @property
    def max_len(self) -> int:
        """The longest n-gram length counted."""
        return max(self.levels) if self.levels else 0

    def __len__(self) -> int:
        return len(self.count)

    def select(self, mask: np.ndarray) -> NGramTable:
        """The rows where ``mask`` is true."""
        return NGramTable(
            self.n[mask], self.first[mask], self.count[mask], self.cohesion[mask],
            self.left_entropy[mask], self.right_entropy[mask], self.left_share[mask],
            self.right_share[mask], self.aligned[mask], self.levels, self.total,
        )  # fmt: skip

    def strings(self, index: TextIndex) -> list[str]:
        """The n-grams as strings."""
        text = index.text
        return [text[p : p + n] for p, n in zip(self.first.tolist(), self.n.tolist(), strict=True)]

    def compute_cohesion(self, index: TextIndex) -> NGramTable:
        """Fill ``cohesion`` (the minimum PMI over split points); run it on a selection only,
        since it costs a lookup per split point and row."""
        cohesion = np.full(len(self), np.inf)
        frequency = self.count.astype(float)
        for n in np.unique(self.n).tolist():
            rows = np.flatnonzero(self.n == n)
            first = self.first[rows]
            for k in range(1, n):
                a = self.levels[k].lookup(index.hash_at(first, k)).astype(float)
                b = self.levels[n - k].lookup(index.hash_at(first + k, n - k)).astype(float)
                with np.errstate(divide="ignore"):
                    pmi = np.log(frequency[rows] * self.total / (a * b))
                cohesion[rows] = np.minimum(cohesion[rows], pmi)
        self.cohesion = cohesion
        return self

    def rows_of(self, index: TextIndex, positions: np.ndarray, n: int) -> np.ndarray:
        """Rows of this (unselected) table holding the n-grams at ``positions`` (-1: absent)."""
        rows = np.full(len(positions), -1, dtype=np.int64)
        level = self.levels.get(n)
        if level is None or not len(level.hashes) or not len(positions) or n < 2:
            return rows
        offset = sum(len(self.levels[m].hashes) for m in self.levels if 2 <= m < n)
        hashes = index.hash_at(positions, n)
        where = np.minimum(np.searchsorted(level.hashes, hashes), len(level.hashes) - 1)
        hit = level.hashes[where] == hashes
        rows[hit] = offset + where[hit]
        return rows

    def count_of(self, index: TextIndex, positions: np.ndarray, n: int) -> np.ndarray:
        """Counts of the n-grams at ``positions`` (0 when not repeated)."""
        level = self.levels.get(n)
        if level is None:
            return np.zeros(len(positions), dtype=np.int64)
        return level.lookup(index.hash_at(positions, n))


def ngram_table(
    index: TextIndex,
    *,
    max_len: int = 12,
    min_count: int = 2,
    boundary: np.ndarray | None = None,
    max_distinct: int = MAX_DISTINCT,
) -> NGramTable:
    """Statistics of all n-grams of word characters with 2..max_len characters.

    Args:
        index: the corpus index.
        max_len: the longest n-gram considered.
        min_count: the fewest occurrences (at least 2: a phrase must repeat).
        boundary: token boundaries of the segmented text (True at offsets where a token starts
            or ends); when given, ``aligned`` holds each n-gram's share of occurrences whose
            two edges are token boundaries.
        max_distinct: the most n-grams kept per length. When more repeat, the count threshold
            of that length rises until no more than this many are left (the most frequent),
            so that memory and time stay bounded on very large or highly repetitive corpora.
    """
    codes = index.codes
    word = word_char_mask(codes)
    free = boundary_chars(codes)
    not_word = np.concatenate([[0], np.cumsum(~word)])
    total = int(word.sum())
    size = len(codes)
    levels: dict[int, NGramCounts] = {}
    parts = []
    positions = None
    valid = np.zeros(size, dtype=bool)
    for n in range(1, max_len + 1):
        m = size - n + 1
        if m <= 0:
            break
        valid[:] = False
        valid[:m] = (not_word[n : n + m] - not_word[:m]) == 0
        counts, positions, rows = index.ngram_counts(
            n, valid=valid, min_count=max(2, min_count), positions=positions
        )
        if len(counts.hashes) > max_distinct:
            counts, positions, rows = _keep_most_frequent(counts, positions, rows, max_distinct)
        if len(counts.hashes) == 0:
            break
        levels[n] = counts
        if n >= 2:
            # Statistics level by level, so that only one level's occurrences are in memory.
            parts.append(_level_stats(index, n, counts, positions, rows, free, boundary))
    if not parts:
        empty = np.empty(0)
        return NGramTable(empty.astype(int), empty.astype(int), empty.astype(int), empty, empty,
                          empty, empty, empty, empty, levels, total)  # fmt: skip
    stacked = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    return NGramTable(levels=levels, total=total, **stacked)


def _keep_most_frequent(counts: NGramCounts, positions, rows, limit: int):
    """Keep the n-grams above the smallest count threshold that leaves at most ``limit``."""
    ordered = np.sort(counts.counts)[::-1]
    threshold = ordered[limit] + 1 if len(ordered) > limit else ordered[-1]
    keep = counts.counts >= threshold
    renumber = np.cumsum(keep) - 1
    kept_rows = keep[rows]
    trimmed = NGramCounts(counts.n, counts.hashes[keep], counts.counts[keep], counts.first[keep])
    return trimmed, positions[kept_rows], renumber[rows[kept_rows]]


def _level_stats(index, n, counts, positions, group, free, boundary) -> dict[str, np.ndarray]:
    codes = index.codes
    size = len(codes)
    distinct = len(counts.hashes)
    left_pos = positions - 1
    right_pos = positions + n
    left_free = (left_pos < 0) | free[np.maximum(left_pos, 0)]
    right_free = (right_pos >= size) | free[np.minimum(right_pos, size - 1)]
    left_code = codes[np.maximum(left_pos, 0)].astype(np.int64)
    right_code = codes[np.minimum(right_pos, size - 1)].astype(np.int64)
    left_h, left_s = _branching(group, left_code, left_free, distinct)
    right_h, right_s = _branching(group, right_code, right_free, distinct)
    if boundary is not None:
        on_edges = boundary[positions] & boundary[positions + n]
        aligned = np.bincount(group, weights=on_edges.astype(float), minlength=distinct)
        aligned /= np.maximum(counts.counts, 1)
    else:
        aligned = np.full(distinct, np.nan)
    return {
        "n": np.full(distinct, n, dtype=np.int64),
        "first": counts.first,
        "count": counts.counts,
        "cohesion": np.full(distinct, np.nan),
        "left_entropy": left_h,
        "right_entropy": right_h,
        "left_share": left_s,
        "right_share": right_s,
        "aligned": aligned,
    }


def _branching(group: np.ndarray, neighbour: np.ndarray, is_free: np.ndarray, distinct: int):
    """Entropy of neighbours per group (free neighbours all distinct) and the top share."""
    totals = np.bincount(group, minlength=distinct).astype(float)
    # Each free neighbour is a distinct singleton: it adds -(1/T) log(1/T) to the entropy.
    singles = np.bincount(group[is_free], minlength=distinct).astype(float)
    safe = np.maximum(totals, 1)
    entropy = singles * (np.log(safe) / safe)
    bound = ~is_free
    key = (group[bound].astype(np.int64) << 21) | neighbour[bound]
    pairs, sizes = np.unique(key, return_counts=True)
    owner = (pairs >> 21).astype(np.int64)
    p = sizes / totals[owner]
    entropy += np.bincount(owner, weights=-p * np.log(p), minlength=distinct)
    top = np.zeros(distinct)
    np.maximum.at(top, owner, sizes.astype(float))
    return entropy, top / safe
