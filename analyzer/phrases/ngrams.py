"""Character n-gram statistics: frequency, cohesion and branching entropy of every repeat.

Candidates are built from characters, not from jieba's tokens, so that a wrong split (扫黑/除恶,
碳中/和) cannot hide a phrase. For every n-gram of 2..``max_len`` word characters (CJK, Latin
letters, digits) that occurs at least twice, this module computes:

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

The n-grams are counted one length at a time, over shards of documents (see
:mod:`analyzer.phrases.shard`), as rounds of a map and a merge (the a-priori scheme of Agrawal
& Srikant 1994): an n-gram can only repeat where its first n − 1 characters repeat, so each round
looks only at the positions where the n-gram of the round before was kept, and names each
n-gram by that shorter n-gram's row and its last character. Each shard sorts its keys and
returns the distinct ones with their counts; the merge adds them up, keeps those seen at least
twice, and numbers them in the order of their polynomial hash (the order lookups use). The next
round also returns, for each kept n-gram, its neighbour counts and token alignment, added up
the same way. A shard keeps four bytes a position between rounds; the merged tables are bounded
by ``max_distinct`` n-grams per length. Counts, entropies and shares are the same, to the last
bit, for any sharding.

References:
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
    lexicography. Computational Linguistics 16(1).
    Sproat, R. & Shih, C. (1990). A statistical method for finding word boundaries in Chinese
    text. Computer Processing of Chinese and Oriental Languages 4(4).
    Harris, Z. S. (1955). From phoneme to morpheme. Language 31(2).
    Feng, H., Chen, K., Deng, X. & Zheng, W. (2004). Accessor variety criteria for Chinese word
    extraction. Computational Linguistics 30(1).
    Agrawal, R. & Srikant, R. (1994). Fast algorithms for mining association rules. VLDB.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..index import BASE, hash_codes
from .shard import Shard, ShardedCorpus

__all__ = [
    "MAX_DISTINCT",
    "NGramCounts",
    "NGramTable",
    "boundary_chars",
    "group_sum",
    "ngram_table",
    "run_starts",
    "sort_groups",
    "word_char_mask",
]

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
class NGramCounts:
    """The kept n-grams of one length, in the order of their hash, with their statistics.

    Attributes:
        n: the length.
        hashes: the polynomial hash of each n-gram (ascending; see
            :func:`analyzer.index.hash_codes`).
        counts: occurrences of each.
        prefix: for each, the row of its first n − 1 characters among the n-grams of length
            n − 1 (-1 for single characters).
        last: the code point of its last character.
        left_share, right_share: the share of occurrences preceded (followed) by the most
            common neighbouring word character that is no function character.
        left_only, right_only: the code point of the one word character that precedes
            (follows) every occurrence, 0 when there is none.
        left_entropy, right_entropy: the branching entropy of the neighbours on each side.
        aligned: the share of occurrences whose two edges are token boundaries.
    """

    n: int
    hashes: np.ndarray
    counts: np.ndarray
    prefix: np.ndarray
    last: np.ndarray
    left_share: np.ndarray | None = None
    right_share: np.ndarray | None = None
    left_only: np.ndarray | None = None
    right_only: np.ndarray | None = None
    left_entropy: np.ndarray | None = None
    right_entropy: np.ndarray | None = None
    aligned: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.hashes)

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """The row of each hash (-1 where absent)."""
        rows = np.full(len(hashes), -1, dtype=np.int64)
        if not len(self.hashes) or not len(hashes):
            return rows
        # Sorted queries make the binary searches cache-friendly (several times faster).
        order = np.argsort(hashes)
        ordered = hashes[order]
        where = np.minimum(np.searchsorted(self.hashes, ordered), len(self.hashes) - 1)
        hit = self.hashes[where] == ordered
        rows[order[hit]] = where[hit]
        return rows

    def lookup(self, hashes: np.ndarray) -> np.ndarray:
        """Counts of the given hashes (0 for hashes not present)."""
        rows = self.find(hashes)
        found = np.zeros(len(hashes), dtype=np.int64)
        found[rows >= 0] = self.counts[rows[rows >= 0]]
        return found


#: The columns of an :class:`NGramTable`, and the attributes of the levels they come from.
_COLUMNS = {"count": "counts", "left_entropy": "left_entropy", "right_entropy": "right_entropy",
            "left_share": "left_share", "right_share": "right_share", "aligned": "aligned"}  # fmt: skip


class NGramTable:
    """Statistics of repeated n-grams, one row per distinct n-gram: the lengths in order, each
    length's n-grams in the order of their hash.

    The statistics live in the :attr:`levels`, one :class:`NGramCounts` per length; a table is
    a choice of rows among them (``n``, ``row``: the length and the row within that length),
    whose columns (``count``, ``left_entropy``, ``right_entropy``, ``left_share``,
    ``right_share``, ``aligned``) are read from the levels when asked for. ``cohesion`` is
    filled by :meth:`compute_cohesion`.

    Args:
        levels: the n-grams of each length (length 1: the characters).
        total: the number of word characters of the corpus.
        n, row: the rows (default: every n-gram of two characters or more).
    """

    def __init__(self, levels: dict[int, NGramCounts], total: int,
                 n: np.ndarray | None = None, row: np.ndarray | None = None) -> None:  # fmt: skip
        self.levels = levels
        self.total = total
        if n is None:
            lengths = [m for m in sorted(levels) if m >= 2]
            n = np.concatenate([np.full(len(levels[m]), m, dtype=np.int64) for m in lengths]
                               or [np.zeros(0, dtype=np.int64)])  # fmt: skip
            row = np.concatenate([np.arange(len(levels[m])) for m in lengths]
                                 or [np.zeros(0, dtype=np.int64)])  # fmt: skip
        self.n = n
        self.row = row
        self.cohesion = np.full(len(n), np.nan)
        self._columns: dict[str, np.ndarray] = {}

    def __getattr__(self, name: str) -> np.ndarray:
        column = _COLUMNS.get(name)
        if column is None or "_columns" not in self.__dict__:
            raise AttributeError(name)
        if name not in self._columns:
            values = np.zeros(len(self.n))
            if name == "count":
                values = np.zeros(len(self.n), dtype=np.int64)
            for m, at in self._segments():
                values[at] = getattr(self.levels[m], column)[self.row[at]]
            self._columns[name] = values
        return self._columns[name]

    def _segments(self):
        """Each length among the rows, with the positions of its rows."""
        for m in np.unique(self.n).tolist():
            yield m, np.flatnonzero(self.n == m)

    @property
    def max_len(self) -> int:
        """The longest n-gram length counted."""
        return max(self.levels) if self.levels else 0

    def __len__(self) -> int:
        return len(self.n)

    def select(self, mask: np.ndarray) -> NGramTable:
        """The rows where ``mask`` is true."""
        table = NGramTable(self.levels, self.total, self.n[mask], self.row[mask])
        table.cohesion = self.cohesion[mask]
        for name, values in self._columns.items():
            table._columns[name] = values[mask]
        return table

    def ancestor(self, n: int, rows: np.ndarray, k: int) -> np.ndarray:
        """The rows, among the n-grams of length ``k``, of the first ``k`` characters of the
        n-grams of length ``n`` at ``rows``."""
        rows = np.asarray(rows, dtype=np.int64)
        for m in range(n, k, -1):
            rows = self.levels[m].prefix[rows]
        return rows

    def codes(self, n: int, rows: np.ndarray) -> np.ndarray:
        """The code points of the n-grams of length ``n`` at ``rows`` of that length, as a
        ``len(rows) × n`` array (read back through the prefixes)."""
        out = np.zeros((len(rows), n), dtype=np.uint32)
        rows = np.asarray(rows, dtype=np.int64)
        for m in range(n, 0, -1):
            level = self.levels[m]
            out[:, m - 1] = level.last[rows]
            rows = level.prefix[rows]
        return out

    def strings(self) -> list[str]:
        """The n-grams as strings."""
        found = [""] * len(self)
        for n in np.unique(self.n).tolist():
            at = np.flatnonzero(self.n == n)
            joined = self.codes(n, self.row[at]).tobytes().decode("utf-32-le")
            for i, k in zip(at.tolist(), range(0, len(joined), n), strict=True):
                found[i] = joined[k : k + n]
        return found

    def count_of(self, n: int, hashes: np.ndarray) -> np.ndarray:
        """Counts of the n-grams of length ``n`` with these hashes (0 when not repeated)."""
        level = self.levels.get(n)
        if level is None:
            return np.zeros(len(hashes), dtype=np.int64)
        return level.lookup(hashes)

    def compute_cohesion(self) -> NGramTable:
        """Fill ``cohesion`` (the minimum PMI over split points); run it on a selection only,
        since it costs a lookup per split point and row."""
        cohesion = np.full(len(self), np.inf)
        frequency = self.count.astype(float)
        for n in np.unique(self.n).tolist():
            rows = np.flatnonzero(self.n == n)
            codes = self.codes(n, self.row[rows])
            prefix = self.row[rows]
            for k in range(n - 1, 0, -1):
                # The first k characters are the n-gram's prefix of that length (a repeat).
                prefix = self.levels[k + 1].prefix[prefix]
                a = self.levels[k].counts[prefix].astype(float)
                b = self.levels[n - k].lookup(hash_codes(codes[:, k:])).astype(float)
                with np.errstate(divide="ignore"):
                    pmi = np.log(frequency[rows] * self.total / (a * b))
                cohesion[rows] = np.minimum(cohesion[rows], pmi)
        self.cohesion = cohesion
        return self


def ngram_table(
    corpus: ShardedCorpus,
    *,
    max_len: int = 12,
    min_count: int = 2,
    boundary: bool = True,
    max_distinct: int = MAX_DISTINCT,
) -> NGramTable:
    """Statistics of all n-grams of word characters with 2..max_len characters.

    Args:
        corpus: the corpus in shards, where the rounds run.
        max_len: the longest n-gram considered.
        min_count: the fewest occurrences (at least 2: a phrase must repeat).
        boundary: whether ``aligned`` holds each n-gram's share of occurrences whose two edges
            are token boundaries of the segmented text (else NaN).
        max_distinct: the most n-grams kept per length. When more repeat, the count threshold
            of that length rises until no more than this many are left (the most frequent),
            so that memory and time stay bounded on very large or highly repetitive corpora.

    Example:
        >>> table = ngram_table(ShardedCorpus([Shard(["扫黑除恶，扫黑除恶。", "扫黑除恶"])]), max_len=4)
        >>> dict(zip(table.strings(), table.count.tolist()))["扫黑除恶"]
        3
    """
    found = corpus.run(_chars_round)
    words, counts = group_sum([f[0] for f in found], [f[1] for f in found])
    total = int(sum(f[2] for f in found))
    floor = max(2, min_count)
    keep = counts >= floor
    if keep.sum() > max_distinct:
        keep &= counts >= _cap_threshold(counts[keep], max_distinct)
    chars = words[keep]
    levels = {1: NGramCounts(1, chars.astype(np.uint64) + np.uint64(1), counts[keep],
                             np.full(len(chars), -1, dtype=np.int64), chars)}  # fmt: skip
    free = np.isin(words, np.array([ord(c) for c in FUNCTION_CHARS], dtype=words.dtype))
    plan = {"words": words, "free": free, "m": 1, "chars": np.flatnonzero(keep),
            "boundary": boundary, "size": len(chars)}  # fmt: skip
    if not len(chars):
        return NGramTable({}, total)
    for n in range(2, max_len + 2):
        plan["count"] = n <= max_len
        found = corpus.run(_ngram_round, plan)
        m = plan["m"]
        # The n-grams of this round extend those of the last one by their next character, so
        # their counts are also the right-neighbour counts of the last one.
        if plan["count"]:
            keys, counts = group_sum([f["keys"] for f in found], [f["counts"] for f in found])
            right = keys, counts
        else:
            right = group_sum([f["stats"]["right_keys"] for f in found],
                              [f["stats"]["right_sizes"] for f in found])  # fmt: skip
        if m >= 2:
            _merge_stats(levels[m], [f["stats"] for f in found], right, words, free, boundary)
        if not plan["count"]:
            break
        level, keys, rows = _keep_level(levels[m], n, keys, counts, words, floor, max_distinct)
        if not len(level):
            corpus.run(_end_rounds)
            break
        levels[n] = level
        plan = {**plan, "m": n, "keys": keys, "rows": rows, "size": len(level)}
    return NGramTable(levels, total)


def _cap_threshold(counts: np.ndarray, limit: int) -> int:
    """The smallest count threshold that leaves at most ``limit`` n-grams."""
    ordered = np.sort(counts)[::-1]
    return int(ordered[limit]) + 1 if len(ordered) > limit else int(ordered[-1])


# -- the rounds a shard runs ---------------------------------------------------------------------


def _chars_round(shard: Shard):
    """The first round: every word character of the shard with its count, and how many word
    characters the shard holds."""
    codes = shard.codes()
    word = word_char_mask(codes)
    values, counts = np.unique(codes[word], return_counts=True)
    shard.release()
    return shard, (values, counts.astype(np.int64), int(word.sum()))


def _ngram_round(shard: Shard, plan: dict):
    """One round: the statistics of the n-grams of length ``m`` kept by the last merge, and
    the keys and counts of the n-grams of length ``m + 1`` that extend them."""
    ranks = shard.state.get("ranks")
    if ranks is None:
        codes = shard.codes()
        words = plan["words"]
        # The rank of each character among the corpus' word characters (len(words) for the
        # others): ranks follow code points, so keys sort as the characters do.
        table = np.full(max(int(codes.max()), int(words.max()) if len(words) else 0) + 1,
                        len(words), dtype=np.int64)  # fmt: skip
        table[words] = np.arange(len(words))
        ranks = table[codes].astype(np.uint16 if len(words) < 0xFFFF else np.uint32)
        shard.state["ranks"] = ranks
        shard.release()
    m = plan["m"]
    n_words = len(plan["words"])
    if m == 1:
        row_of = np.full(n_words + 1, -1, dtype=np.int64)
        row_of[plan["chars"]] = np.arange(len(plan["chars"]))
        rows = row_of[ranks]
        positions = np.flatnonzero(rows >= 0)
        rows = rows[positions]
    else:
        positions, rows = _kept_rows(shard, plan)
    result = {}
    if m >= 2:
        sides = ("left",) if plan["count"] else ("left", "right")
        result["stats"] = _shard_stats(shard, ranks, positions, rows, m, plan, sides)
    if plan["count"]:
        following = ranks[positions + m]
        ok = following < n_words
        positions, rows, following = positions[ok], rows[ok], following[ok]
        keys = rows * n_words + following
        del following, ok, rows
        order, sorted_keys = sort_groups(keys)
        del keys
        starts = run_starts(sorted_keys)
        counts = np.diff(np.append(starts, len(sorted_keys)))
        groups = np.empty(len(order), dtype=np.int32)
        groups[order] = np.repeat(np.arange(len(starts), dtype=np.int32), counts)
        del order
        alive = np.zeros(shard.size + 1, dtype=bool)
        alive[positions] = True
        shard.state["alive"] = np.packbits(alive)
        shard.state["groups"] = groups
        shard.state["keys"] = sorted_keys[starts]
        result["keys"] = shard.state["keys"]
        result["counts"] = counts.astype(np.int64)
    else:
        _end_rounds(shard)
    return shard, result


def _end_rounds(shard: Shard):
    """Forget what the rounds kept."""
    for name in ("ranks", "alive", "groups", "keys"):
        shard.state.pop(name, None)
    return shard, None


def _kept_rows(shard: Shard, plan: dict) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the shard where an n-gram of the last merge was kept, and its row."""
    positions = np.flatnonzero(np.unpackbits(shard.state["alive"], count=shard.size + 1))
    mine = shard.state["keys"]
    keys = plan["keys"]
    where = np.minimum(np.searchsorted(keys, mine), max(len(keys) - 1, 0))
    found = keys[where] == mine if len(keys) else np.zeros(len(mine), dtype=bool)
    row_of = np.where(found, plan["rows"][where] if len(keys) else -1, -1)
    rows = row_of[shard.state["groups"]]
    live = rows >= 0
    return positions[live], rows[live]


def _shard_stats(shard, ranks, positions, rows, m, plan, sides) -> dict:
    """Neighbour counts and token alignment of the n-grams of length ``m`` in one shard: for
    each of ``sides``, how many occurrences have each word character there (the right side
    comes from the next round's keys, except in the last round)."""
    n_words = len(plan["words"])
    size = len(ranks)
    result = {}
    for side in sides:
        at = positions - 1 if side == "left" else positions + m
        neighbour = ranks[np.clip(at, 0, size - 1)]
        word = (at >= 0) & (at < size) & (neighbour < n_words)
        keys, sizes = np.unique(rows[word] * n_words + neighbour[word], return_counts=True)
        result[f"{side}_keys"], result[f"{side}_sizes"] = keys, sizes.astype(np.int64)
    if plan["boundary"]:
        boundary = shard.boundary()
        on_edges = boundary[positions] & boundary[positions + m]
        result["aligned"] = np.bincount(rows[on_edges], minlength=plan["size"])
    return result


# -- the merges ---------------------------------------------------------------------------------


def _keep_level(previous: NGramCounts, n: int, keys: np.ndarray, counts: np.ndarray,
                words: np.ndarray, floor: int, max_distinct: int):  # fmt: skip
    """The kept n-grams of length ``n`` from the keys and counts of every shard added up:
    the level, and for the next round the kept keys (ascending) with their rows."""
    keep = counts >= floor
    if keep.sum() > max_distinct:
        keep &= counts >= _cap_threshold(counts[keep], max_distinct)
    keys, counts = keys[keep], counts[keep]
    n_words = len(words)
    prefix, last = keys // n_words, words[keys % n_words]
    with np.errstate(over="ignore"):
        hashes = previous.hashes[prefix] * BASE + last.astype(np.uint64) + np.uint64(1)
    order = np.argsort(hashes, kind="stable")
    rows = np.empty(len(keys), dtype=np.int64)
    rows[order] = np.arange(len(keys))
    level = NGramCounts(n, hashes[order], counts[order], prefix[order], last[order])
    return level, keys, rows


def _merge_stats(level: NGramCounts, parts: list[dict], right, words: np.ndarray,
                 free: np.ndarray, boundary: bool) -> None:  # fmt: skip
    """Entropies, shares and alignment of one length from every shard's neighbour counts
    (``right``: the right ones, added up already), kept in the level.

    A neighbour that is no word character, or a function character, is free: each such
    occurrence counts as a distinct neighbour. The others are counted by character."""
    distinct = len(level)
    n_words = len(words)
    totals = level.counts.astype(float)
    safe = np.maximum(totals, 1)
    for side in ("left", "right"):
        if side == "left":
            keys, sizes = group_sum([p["left_keys"] for p in parts],
                                    [p["left_sizes"] for p in parts])  # fmt: skip
        else:
            keys, sizes = right
        owner, rank = keys // n_words, keys % n_words
        # The one word character every occurrence has on this side (0: none such).
        only = np.zeros(distinct, dtype=np.uint32)
        alone = sizes == level.counts[owner]
        only[owner[alone]] = words[rank[alone]]
        # Occurrences with no word character there, and those with a function character.
        function = free[rank]
        singles = level.counts - np.bincount(owner, weights=sizes, minlength=distinct)
        singles = singles + np.bincount(owner[function], weights=sizes[function],
                                        minlength=distinct)  # fmt: skip
        owner, sizes = owner[~function], sizes[~function]
        # Each free neighbour is a distinct singleton: it adds -(1/T) log(1/T) to the entropy.
        entropy = singles * (np.log(safe) / safe)
        p = sizes / totals[owner]
        entropy += np.bincount(owner, weights=-p * np.log(p), minlength=distinct)
        top = np.zeros(distinct)
        np.maximum.at(top, owner, sizes.astype(float))
        setattr(level, f"{side}_entropy", entropy)
        setattr(level, f"{side}_share", top / safe)
        setattr(level, f"{side}_only", only)
    if boundary:
        aligned = np.sum([p["aligned"] for p in parts], axis=0).astype(float)
        level.aligned = aligned / np.maximum(level.counts, 1)
    else:
        level.aligned = np.full(distinct, np.nan)


def sort_groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A stable argsort of non-negative integer keys, and the sorted keys: through one sort of
    the keys packed with their positions where they fit in 64 bits (a plain sort is several
    times faster than an argsort), else an argsort.

    >>> order, ordered = sort_groups(np.array([5, 3, 5, 1]))
    >>> order.tolist(), ordered.tolist()
    ([3, 1, 0, 2], [1, 3, 5, 5])
    """
    keys = np.asarray(keys)
    if not len(keys):
        return np.zeros(0, dtype=np.int64), keys.astype(np.int64)
    key_bits = int(keys.max()).bit_length()
    index_bits = max(len(keys) - 1, 1).bit_length()
    if key_bits + index_bits > 64:
        order = np.argsort(keys, kind="stable")
        return order, keys[order]
    packed = (keys.astype(np.uint64) << np.uint64(index_bits)) | np.arange(
        len(keys), dtype=np.uint64
    )
    packed.sort()
    order = (packed & np.uint64((1 << index_bits) - 1)).astype(np.int64)
    packed >>= np.uint64(index_bits)
    return order, packed.astype(np.int64)


def group_sum(keys: list, counts: list) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys of several arrays of (key, count), ascending, with their counts
    added up. Each array's keys are distinct and ascending.

    >>> group_sum([np.array([1, 4]), np.array([2, 4])], [np.array([1, 1]), np.array([5, 2])])
    (array([1, 2, 4]), array([1, 5, 3]))
    """
    keys = [np.asarray(k, dtype=np.int64) for k in keys]
    counts = [np.asarray(c, dtype=np.int64) for c in counts]
    if len(keys) == 1:
        return keys[0], counts[0]
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    every, weights = np.concatenate(keys), np.concatenate(counts)
    order, ordered = sort_groups(every)
    if not len(ordered):
        return ordered, weights
    starts = run_starts(ordered)
    return ordered[starts], np.add.reduceat(weights[order], starts)


def run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array starts."""
    if not len(ordered):
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
