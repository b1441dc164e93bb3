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
from dataclasses import dataclass

import numpy as np

from .numerals import number_edges

__all__ = ["BASE", "Phrases", "TextIndex", "hash_codes"]

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

    def hits(self, phrases: Sequence[str] | Phrases) -> tuple[np.ndarray, np.ndarray]:
        """Exact occurrences of many phrases as two flat arrays: phrase number and start offset,
        sorted by phrase then offset.

        Candidates come from the hash; each is then compared character by character with the
        phrase (vectorised). Occurrences that start or end inside a written-out number are
        dropped (the counting rule of :mod:`analyzer.numerals`: 九五 is not counted in
        一九五五年), and those of a phrase that overlaps itself (一个一个) are thinned out left
        to right, so that counts equal :func:`analyzer.numerals.count` on each document. A
        phrase given twice is found once, under its first number.

        Args:
            phrases: the phrases, or the same :class:`Phrases` prepared once for many indexes.
        """
        prepared = phrases if isinstance(phrases, Phrases) else Phrases(phrases)
        codes = self.codes
        size = len(codes)
        ids, starts = [], []
        no_start, no_end = self.number_edges
        # Where the first two characters are those of some phrase, and of which lengths.
        lengths_at = prepared.pair_lengths(codes)
        candidates = np.flatnonzero(lengths_at)
        lengths_at = lengths_at[candidates]
        for group in prepared.groups:
            n = group.n
            if n > size:
                continue
            if n == 1:
                positions = np.flatnonzero(group.single[codes])
            else:
                positions = candidates[(lengths_at & _length_bit(n)) != 0]
                positions = positions[positions + n <= size]
            hashes = self.hash_at(positions, n)
            # A bitmap on the low hash bits rules out most positions at once; only the few
            # that pass are looked up among the phrases' hashes.
            maybe = np.flatnonzero(group.bitmap[(hashes & _FILTER_MASK).astype(np.int64)])
            local = group.table.find(hashes[maybe])
            found = local >= 0
            hit, local = positions[maybe[found]], local[found]
            # Verify: the characters at each hit equal the phrase's characters.
            same = ~no_start[hit] & ~no_end[hit + n]
            for column in range(n):
                same &= codes[hit + column] == group.codes[local, column]
            ids.append(group.members[local[same]])
            starts.append(hit[same])
        if not ids:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        ids, starts = _by_phrase(np.concatenate(ids), np.concatenate(starts))
        if prepared.bordered:
            drop = np.zeros(len(ids), dtype=bool)
            bounds = np.searchsorted(ids, np.arange(len(prepared.phrases) + 1))
            for i in prepared.bordered:
                a, b = bounds[i], bounds[i + 1]
                if b - a > 1:
                    drop[a:b] = ~_non_overlapping(starts[a:b], len(prepared.phrases[i]))
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


class Phrases:
    """Phrases prepared for :meth:`TextIndex.hits`, once for many indexes (the shards of a
    corpus): grouped by length, each group with its characters, a table of its hashes and a
    bitmap of their low bits, and, for every pair of first characters, the lengths of the
    phrases that start with it.

    Args:
        phrases: the phrases.
    """

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = list(phrases)
        lengths = np.fromiter(map(len, self.phrases), dtype=np.int64, count=len(self.phrases))
        self.groups: list[_Group] = []
        self._pairs = np.zeros(_PAIR_SIZE, dtype=np.uint32)
        for n in np.unique(lengths[lengths > 0]).tolist():
            members = np.flatnonzero(lengths == n)
            codes = np.frombuffer(
                "".join(self.phrases[i] for i in members.tolist()).encode("utf-32-le"),
                dtype=np.uint32,
            ).reshape(len(members), n)
            hashes = hash_codes(codes)
            bitmap = np.zeros(_FILTER_SIZE, dtype=bool)
            bitmap[(hashes & _FILTER_MASK).astype(np.int64)] = True
            single = None
            if n == 1:
                single = np.zeros(0x110000, dtype=bool)
                single[codes[:, 0]] = True
            else:
                self._pairs[_pair_key(codes[:, 0], codes[:, 1])] |= _length_bit(n)
            self.groups.append(_Group(n, members, codes, _HashTable(hashes), bitmap, single))
        self.bordered = [i for i, p in enumerate(self.phrases) if len(p) > 1 and _has_border(p)]

    def __len__(self) -> int:
        return len(self.phrases)

    def pair_lengths(self, codes: np.ndarray) -> np.ndarray:
        """For every offset of a text (its code points), the bits of the lengths of the phrases
        whose first two characters may be the two characters there (0: none)."""
        if len(codes) < 2:
            return np.zeros(len(codes), dtype=np.uint32)
        return np.append(self._pairs[_pair_key(codes[:-1], codes[1:])], np.uint32(0))


@dataclass
class _Group:
    """The prepared phrases of one length."""

    n: int
    members: np.ndarray
    codes: np.ndarray
    table: _HashTable
    bitmap: np.ndarray
    single: np.ndarray | None


#: Buckets of the table of first-character pairs (a power of two).
_PAIR_BITS = 20
_PAIR_SIZE = 1 << _PAIR_BITS


def _pair_key(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The bucket of each pair of characters."""
    with np.errstate(over="ignore"):
        mixed = np.asarray(first, dtype=np.uint32) * np.uint32(0x9E3779B1)
        mixed ^= np.asarray(second, dtype=np.uint32)
        mixed *= np.uint32(0x85EBCA6B)
        mixed >>= np.uint32(32 - _PAIR_BITS)
    return mixed


def _length_bit(n: int) -> np.uint32:
    """The bit of a phrase length in :meth:`Phrases.pair_lengths` (31 for 31 and longer)."""
    return np.uint32(1 << min(n, 31))


class _HashTable:
    """An open-addressing table of distinct 64-bit hashes (linear probing, at most a quarter
    full): :meth:`find` gives the position of each hash in the array it was built from, the
    first of equal ones, or -1, with a few vectorised probes instead of a binary search."""

    def __init__(self, hashes: np.ndarray) -> None:
        unique, first = np.unique(hashes, return_index=True)
        bits = max(4, int(np.ceil(np.log2(max(len(unique), 1) * 4))))
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._keys = np.zeros(1 << bits, dtype=np.uint64)
        self._values = np.full(1 << bits, -1, dtype=np.int64)
        pending = np.arange(len(unique))
        slot = self._slot(unique)
        while len(pending):
            at = slot[pending]
            free = self._values[at] < 0
            taken, first_claim = np.unique(at[free], return_index=True)
            winners = pending[free][first_claim]
            self._values[taken] = first[winners]
            self._keys[taken] = unique[winners]
            placed = np.zeros(len(unique), dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            slot[pending] = (slot[pending] + 1) & self._mask

    def _slot(self, hashes: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return ((hashes * np.uint64(0x9E3779B97F4A7C15)) >> self._shift).astype(np.int64)

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """The position of each hash among those the table was built from (-1: absent)."""
        found = np.full(len(hashes), -1, dtype=np.int64)
        todo = np.arange(len(hashes))
        slot = self._slot(hashes)
        while len(todo):
            at = slot[todo]
            value = self._values[at]
            hit = (value >= 0) & (self._keys[at] == hashes[todo])
            found[todo[hit]] = value[hit]
            more = (value >= 0) & ~hit
            slot[todo[more]] = (at[more] + 1) & self._mask
            todo = todo[more]
        return found


def _by_phrase(ids: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Occurrences sorted by phrase, then offset (one sort of both packed in 64 bits)."""
    if len(ids) and int(starts.max()) < 2**32 and int(ids.max()) < 2**31:
        packed = (ids.astype(np.int64) << 32) | starts
        packed.sort()
        return packed >> 32, packed & 0xFFFFFFFF
    order = np.lexsort((starts, ids))
    return ids[order], starts[order]


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
    """Which of the ascending ``starts`` a left-to-right scan for non-overlapping occurrences
    of a phrase of length ``n`` keeps."""
    kept = np.zeros(len(starts), dtype=bool)
    last_end = -1
    for i, start in enumerate(starts.tolist()):
        if start >= last_end:
            kept[i] = True
            last_end = start + n
    return kept
