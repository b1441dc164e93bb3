"""A character index of a corpus: every substring's count, and exact occurrences of any phrase.

Phrase discovery needs the frequency of every character n-gram, and year-over-year counting needs
the exact occurrences of every phrase in every document. Both come from one structure: the
documents' cleaned texts concatenated (a separator between documents) with a polynomial prefix
hash, so that the hash of any substring is two array lookups. All arithmetic is vectorised
numpy over uint64 (wrapping modulo 2**64), so counting every n-gram of a million characters
takes a fraction of a second, and memory grows linearly with the corpus.

Occurrences found through hashes are verified against the text, so counts are exact: those of
:func:`analyzer.numerals.count` on each document, which is ``str.count`` (non-overlapping, left to
right) without the occurrences that start or end inside a written-out number (九五 of
一九五五年; see :mod:`analyzer.numerals`). Every count analyzer reports comes from here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .numerals import number_edges

__all__ = ["BASE", "TextIndex", "hash_codes"]

#: The base of the polynomial hash.
BASE = _BASE = np.uint64(0x9E3779B97F4A7C15 | 1)
_FILTER_BITS = 22
_FILTER_SIZE = 1 << _FILTER_BITS
_FILTER_MASK = np.uint64(_FILTER_SIZE - 1)
_SEPARATOR = 0


def _inverse_mod_2_64(value: int) -> int:
    """Multiplicative inverse of an odd number modulo 2**64 (Newton iteration)."""
    inverse = value
    for _ in range(6):
        inverse = (inverse * (2 - value * inverse)) % (1 << 64)
    return inverse


class TextIndex:
    """The concatenated texts of a corpus with a substring hash.

    Args:
        texts: one string per document.
        number_edges: the offsets where no occurrence may start and where none may end (see
            :attr:`number_edges`), when already known.

    Attributes:
        text: the concatenated text (documents joined by ``\\x00``).
        starts: the offset of each document in ``text``.
        codes: the code point of every character (0 at document separators).

    Example:
        >>> index = TextIndex(["扫黑除恶，扫黑除恶。", "建设平安中国。"])
        >>> index.count_in_documents(["扫黑除恶", "平安中国"]).tolist()
        [[2, 0], [0, 1]]
        >>> TextIndex(["一九九五年，“九五”计划"]).count_in_documents(["九五"]).tolist()
        [[1]]
    """

    def __init__(self, texts: Sequence[str], *,
                 number_edges: tuple[np.ndarray, np.ndarray] | None = None) -> None:  # fmt: skip
        self.n_documents = len(texts)
        self.text = "\x00".join(texts) + "\x00"
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
        self.starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        self.codes = np.frombuffer(self.text.encode("utf-32-le"), dtype=np.uint32)
        self._prefix = _prefix_hashes(self.codes)
        self._base_powers = _powers(64)
        self._number_edges = number_edges

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def number_edges(self) -> tuple[np.ndarray, np.ndarray]:
        """Offsets of ``text`` where no occurrence may start, and where none may end, because
        they lie inside a written-out number (see :func:`analyzer.numerals.number_edges`)."""
        if self._number_edges is None:
            self._number_edges = number_edges(self.text)
        return self._number_edges

    def hash_at(self, positions: np.ndarray, n: int) -> np.ndarray:
        """Hashes of the substrings of length ``n`` starting at ``positions``:
        ``P[i + n] - P[i] * BASE**n`` with ``P`` the prefix hashes (two lookups)."""
        with np.errstate(over="ignore"):
            return self._prefix[positions + n] - self._prefix[positions] * self._power(n)

    def hash_all(self, n: int) -> np.ndarray:
        """Hashes of the substrings of length ``n`` at every offset ``0 .. len - n`` (no
        lookups: two slices of the prefix hashes)."""
        size = len(self.codes)
        if n > size:
            return np.zeros(0, dtype=np.uint64)
        with np.errstate(over="ignore"):
            return self._prefix[n : size + 1] - self._prefix[: size + 1 - n] * self._power(n)

    def _power(self, n: int) -> np.uint64:
        if n < len(self._base_powers):
            return self._base_powers[n]
        return _powers(n + 1)[n]

    def hash_of(self, phrase: str) -> np.uint64:
        """The hash a phrase has wherever it occurs (the polynomial value of its codes)."""
        return self.hashes_of([phrase])[0]

    def hashes_of(self, phrases: Sequence[str]) -> np.ndarray:
        """Hashes of many phrases at once (vectorised over phrases of equal length)."""
        result = np.zeros(len(phrases), dtype=np.uint64)
        by_length: dict[int, list[int]] = {}
        for i, phrase in enumerate(phrases):
            by_length.setdefault(len(phrase), []).append(i)
        for n, members in by_length.items():
            if n == 0:
                continue
            joined = "".join(phrases[i] for i in members)
            codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).reshape(
                len(members), n
            )
            result[members] = hash_codes(codes)
        return result

    def occurrences(self, phrase: str) -> np.ndarray:
        """Start offsets (in ``text``) of the non-overlapping occurrences of ``phrase``."""
        return self.occurrences_many([phrase])[0]

    def hits(self, phrases: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Exact occurrences of many phrases as two flat arrays: phrase number and start offset,
        sorted by phrase then offset.

        Candidates come from the hash; each is then compared character by character with the
        phrase (vectorised). Occurrences that start or end inside a written-out number are
        dropped (the counting rule of :mod:`analyzer.numerals`: 九五 is not counted in
        一九五五年), and those of a phrase that overlaps itself (一个一个) are thinned out left
        to right, so that counts equal :func:`analyzer.numerals.count` on each document.
        """
        ids, starts = [], []
        lengths = np.fromiter((len(p) for p in phrases), dtype=np.int64, count=len(phrases))
        all_hashes = self.hashes_of(list(phrases))
        size = len(self.codes)
        for n in np.unique(lengths).tolist():
            if n == 0 or n > size:
                continue
            members = np.flatnonzero(lengths == n)
            targets = all_hashes[members]
            order = np.argsort(targets)
            sorted_targets = targets[order]
            # Only positions holding the first character of some target can start one.
            first = np.zeros(0x110000, dtype=bool)
            first[[ord(phrases[i][0]) for i in members.tolist()]] = True
            positions = np.flatnonzero(first[self.codes[: size - n + 1]])
            hashes = self.hash_at(positions, n)
            # A bitmap on the low hash bits rules out almost every position at once; only the
            # few that pass are looked up among the targets.
            bitmap = np.zeros(_FILTER_SIZE, dtype=bool)
            bitmap[(sorted_targets & _FILTER_MASK).astype(np.int64)] = True
            maybe = np.flatnonzero(bitmap[(hashes & _FILTER_MASK).astype(np.int64)])
            where = np.minimum(
                np.searchsorted(sorted_targets, hashes[maybe]), len(sorted_targets) - 1
            )
            found = sorted_targets[where] == hashes[maybe]
            hit = positions[maybe[found]]
            owner = members[order[where[found]]]
            # Verify: the characters at each hit equal the phrase's characters.
            joined = "".join(phrases[i] for i in members)
            wanted = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).reshape(
                len(members), n
            )
            row = np.searchsorted(members, owner)
            found = self.codes[hit[:, None] + np.arange(n)]
            same = (found == wanted[row]).all(axis=1)
            no_start, no_end = self.number_edges
            same &= ~no_start[hit] & ~no_end[hit + n]
            ids.append(owner[same])
            starts.append(hit[same])
        if not ids:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        ids, starts = np.concatenate(ids), np.concatenate(starts)
        # Within one length the hits are already in text order, so a stable sort by phrase
        # number leaves each phrase's offsets ascending.
        order = np.argsort(ids, kind="stable")
        ids, starts = ids[order], starts[order]
        bordered = [i for i, p in enumerate(phrases) if len(p) > 1 and _has_border(p)]
        if bordered:
            drop = np.zeros(len(ids), dtype=bool)
            bounds = np.searchsorted(ids, np.arange(len(phrases) + 1))
            for i in bordered:
                a, b = bounds[i], bounds[i + 1]
                kept = _non_overlapping(starts[a:b], len(phrases[i]))
                drop[a:b] = ~np.isin(starts[a:b], kept)
            ids, starts = ids[~drop], starts[~drop]
        return ids, starts

    def occurrences_many(self, phrases: Sequence[str]) -> list[np.ndarray]:
        """Exact occurrences of each phrase: start offsets in ``text``, ascending."""
        ids, starts = self.hits(phrases)
        bounds = np.searchsorted(ids, np.arange(len(phrases) + 1))
        return [starts[bounds[i] : bounds[i + 1]] for i in range(len(phrases))]

    def document_of(self, offsets: np.ndarray) -> np.ndarray:
        """The document index of each offset in ``text``."""
        return np.searchsorted(self.starts, offsets, side="right") - 1

    def count_in_documents(self, phrases: Sequence[str]) -> np.ndarray:
        """A documents × phrases matrix of exact occurrence counts."""
        matrix = np.zeros((self.n_documents, len(phrases)), dtype=np.int64)
        for j, starts in enumerate(self.occurrences_many(phrases)):
            if len(starts):
                np.add.at(matrix[:, j], self.document_of(starts), 1)
        return matrix


def hash_codes(codes: np.ndarray) -> np.ndarray:
    """The polynomial hash of each row of a two-dimensional array of code points: the value
    :meth:`TextIndex.hashes_of` gives the same strings, ``sum((c + 1) * BASE**(n - 1 - j))``
    modulo 2**64.

    >>> index = TextIndex(["扫黑除恶"])
    >>> codes = np.array([[ord(c) for c in "扫黑"]], dtype=np.uint32)
    >>> bool(hash_codes(codes)[0] == index.hash_of("扫黑") == index.hash_at(np.array([0]), 2)[0])
    True
    """
    value = np.zeros(len(codes), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in range(codes.shape[1]):
            value = value * _BASE + codes[:, column].astype(np.uint64) + np.uint64(1)
    return value


def _powers(count: int) -> np.ndarray:
    """``BASE**k`` for k in 0 .. count - 1 (modulo 2**64)."""
    powers = np.full(count, _BASE, dtype=np.uint64)
    powers[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(powers, dtype=np.uint64)


#: Characters hashed at a time while the prefix hashes are built (bounds the temporary arrays).
_CHUNK = 1 << 20


def _prefix_hashes(codes: np.ndarray) -> np.ndarray:
    """``P[k] = sum((codes[j] + 1) * BASE**(k - 1 - j) for j < k)`` modulo 2**64, for k in
    0 .. len(codes): the polynomial hash of every prefix, so that the hash of ``codes[i:i+n]``
    is ``P[i + n] - P[i] * BASE**n``, the value :meth:`TextIndex.hashes_of` gives the same
    string.

    Built chunk by chunk: within a chunk the prefix is a cumulative sum of the codes times
    inverse powers of the base, multiplied back by the powers; the chunk then continues the
    running prefix. Temporary arrays never exceed the chunk, so memory is eight bytes a
    character.
    """
    size = len(codes)
    prefix = np.zeros(size + 1, dtype=np.uint64)
    chunk = min(_CHUNK, max(size, 1))
    powers = _powers(chunk + 1)
    inverse = np.full(chunk + 1, np.uint64(_inverse_mod_2_64(int(_BASE))), dtype=np.uint64)
    inverse[0] = 1
    with np.errstate(over="ignore"):
        inverse = np.cumprod(inverse, dtype=np.uint64)
        carry = np.uint64(0)
        for start in range(0, size, chunk):
            piece = codes[start : start + chunk].astype(np.uint64) + np.uint64(1)
            m = len(piece)
            # local[t] = sum(piece[j] * BASE**(t - 1 - j) for j < t), t = 1 .. m
            local = np.cumsum(piece * inverse[1 : m + 1], dtype=np.uint64) * powers[1 : m + 1]
            prefix[start + 1 : start + m + 1] = carry * powers[1 : m + 1] + local
            carry = prefix[start + m]
    return prefix


def _has_border(phrase: str) -> bool:
    """True when a proper prefix equals a suffix (occurrences can overlap)."""
    if phrase[:1] not in phrase[1:]:
        return False
    return any(phrase[:k] == phrase[-k:] for k in range(1, len(phrase)))


def _non_overlapping(starts: np.ndarray, n: int) -> np.ndarray:
    kept = []
    last_end = -1
    for start in starts.tolist():
        if start >= last_end:
            kept.append(start)
            last_end = start + n
    return np.array(kept, dtype=np.int64)
