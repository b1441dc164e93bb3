"""A shard of a corpus: some consecutive documents, and what phrase discovery keeps about them
between its rounds.

Discovery runs as rounds over shards (see :mod:`analyzer.phrases.ngrams` and
:mod:`analyzer.phrases.discover`): each round maps a function over the shards, each shard
returning a small result that the rounds merge, and keeps what the next round needs about its
own documents. Nothing a round computes depends on where one shard ends and the next begins:
n-grams, occurrences, neighbours and frames never cross documents. So any sharding, and any
machine the shards run on, gives the same table.

What a shard keeps between rounds, per character of its documents: the texts themselves (the
corpus' strings, not copies), the token boundaries (one bit), the rank of every character among
the corpus' word characters (two bytes), and while n-grams are counted, the n-gram of the last
length each position starts (four bytes where one does). Its :class:`~analyzer.index.TextIndex`
(about 16 bytes a character) is built for a round and dropped after it, unless the shard is the
whole corpus (``keep_index``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..index import TextIndex
from ..numerals import number_edges
from ..tokens import token_starts

__all__ = ["Shard", "ShardedCorpus", "make_shards"]


class Shard:
    """Consecutive documents of a corpus and their discovery state.

    Args:
        texts: the documents' cleaned texts.
        first_doc: the number of the first document in the corpus.
        token_lengths: each document's token lengths from a segmenter without lexicon (their
            edges are the word boundaries); None for no boundaries (every offset is one).
        keep_index: keep the text index from one round to the next (when the shard is the
            whole corpus: nothing to gain by dropping it).

    Attributes:
        texts, first_doc, keep_index: as given.
        starts: the offset of each document in the shard's text (documents joined by ``\\x00``).
        size: the length of the shard's text.
        state: what the rounds keep between them (by name).
    """

    def __init__(self, texts: Sequence[str], *, first_doc: int = 0,
                 token_lengths: Sequence[np.ndarray] | None = None,
                 keep_index: bool = False) -> None:  # fmt: skip
        self.texts = list(texts)
        self.first_doc = first_doc
        self.keep_index = keep_index
        lengths = np.fromiter((len(t) + 1 for t in self.texts), dtype=np.int64,
                              count=len(self.texts))  # fmt: skip
        self.starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        self.size = int(lengths.sum())
        self.state: dict = {}
        self._token_lengths = token_lengths
        self._boundary: np.ndarray | None = None
        self._edges: tuple[np.ndarray, np.ndarray] | None = None
        self._index: TextIndex | None = None

    def __repr__(self) -> str:
        return f"Shard({len(self.texts)} documents from {self.first_doc}, {self.size:,} chars)"

    def index(self) -> TextIndex:
        """The shard's text index (built on first use in a round; see :meth:`release`)."""
        if self._index is None:
            if self._edges is None:
                index = TextIndex(self.texts)
                no_start, no_end = index.number_edges
                self._edges = (np.flatnonzero(no_start), np.flatnonzero(no_end))
            else:
                index = TextIndex(self.texts, number_edges=self._number_edges())
            self._index = index
        return self._index

    def release(self) -> None:
        """Drop the text index at the end of a round (unless ``keep_index``)."""
        if not self.keep_index:
            self._index = None

    def codes(self) -> np.ndarray:
        """The code point of every character of the shard's text (0 between documents)."""
        if self._index is not None:
            return self._index.codes
        text = "\x00".join(self.texts) + "\x00"
        return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)

    def _number_edges(self) -> tuple[np.ndarray, np.ndarray]:
        if self._edges is None:
            no_start, no_end = number_edges("\x00".join(self.texts) + "\x00")
            self._edges = (np.flatnonzero(no_start), np.flatnonzero(no_end))
        no_start = np.zeros(self.size + 1, dtype=bool)
        no_end = np.zeros(self.size + 1, dtype=bool)
        no_start[self._edges[0]] = True
        no_end[self._edges[1]] = True
        return no_start, no_end

    def boundary(self) -> np.ndarray:
        """True at every offset of the shard's text where a token starts or ends (and at every
        document start); ``size + 1`` values."""
        if self._boundary is None:
            boundary = np.zeros(self.size + 1, dtype=bool)
            if self._token_lengths is None:
                boundary[:] = True
            else:
                for base, text, sizes in zip(self.starts.tolist(), self.texts,
                                             self._token_lengths, strict=True):  # fmt: skip
                    at = token_starts(text, sizes)
                    boundary[base] = True
                    boundary[base + at] = True
                    boundary[base + at + sizes] = True
            self._token_lengths = None
            self.set_boundary(boundary)
            return boundary
        return np.unpackbits(self._boundary, count=self.size + 1).view(bool)

    def set_boundary(self, boundary: np.ndarray) -> None:
        """Keep the token boundaries (as bits)."""
        self._boundary = np.packbits(boundary)

    def document_of(self, offsets: np.ndarray) -> np.ndarray:
        """The number (within the shard) of the document holding each offset."""
        return np.searchsorted(self.starts, offsets, side="right") - 1


class ShardedCorpus:
    """Shards placed by an :class:`~analyzer.parallel.Executor` (on its workers, or here), and
    the rounds run on them.

    Example:
        >>> corpus = ShardedCorpus([Shard(["扫黑除恶。"]), Shard(["枫桥经验。", "平安中国。"])])
        >>> corpus.run(_sizes)
        [6, 12]
    """

    def __init__(self, shards: Sequence[Shard], executor=None) -> None:
        from ..parallel import Executor

        self.executor = executor or Executor()
        self.n_shards = len(shards)
        self.kept = self.executor.scatter(shards)

    def run(self, func, *extra) -> list:
        """One round: ``func(shard, *extra)`` returns ``(shard, result)`` on every shard; the
        shards stay where they are and the results come back, in shard order."""
        self.kept, results = self.executor.step(func, self.kept, *extra)
        return results


def _sizes(shard: Shard):
    return shard, shard.size


def make_shards(texts: Sequence[str], token_lengths: Sequence[np.ndarray] | None,
                shard_chars: int) -> list[Shard]:  # fmt: skip
    """The documents cut into consecutive shards of at most about ``shard_chars`` characters
    (a longer document is a shard of its own); a single shard keeps its index."""
    from ..parallel import shards

    runs = shards([len(t) + 1 for t in texts], max(int(shard_chars), 1))
    single = len(runs) == 1
    return [
        Shard([texts[i] for i in run], first_doc=run.start, keep_index=single,
              token_lengths=None if token_lengths is None else [token_lengths[i] for i in run])
        for run in runs
    ]  # fmt: skip
