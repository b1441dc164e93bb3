"""A shard of a corpus: some consecutive documents (or pieces of a document longer than a
shard, cut at line breaks, each carrying the document's number), and what phrase discovery keeps
about them between its rounds.

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

from collections.abc import Iterator, Sequence
from itertools import pairwise

import numpy as np

from ..errors import ParameterError
from ..index import TextIndex
from ..numerals import number_edges
from ..tokens import solid_count, solid_positions, token_starts

__all__ = ["Shard", "ShardedCorpus", "document_pieces", "make_shards"]


class Shard:
    """Consecutive documents of a corpus and their discovery state.

    Args:
        texts: the documents' cleaned texts, or pieces of them (see :func:`make_shards`).
        first_doc: the number of the first document in the corpus.
        doc_numbers: the number in the corpus of the document each text is (or is a piece
            of); by default ``first_doc``, ``first_doc + 1``, … Pieces of one document are
            consecutive and share its number.
        token_lengths: each document's token lengths from a segmenter without lexicon (their
            edges are the word boundaries); None for no boundaries (every offset is one).
        keep_index: keep the text index from one round to the next (when the shard is the
            whole corpus: nothing to gain by dropping it).

    Attributes:
        texts, keep_index: as given.
        doc_numbers: as given (an array), or its default.
        starts: the offset of each document in the shard's text (documents joined by ``\\x00``).
        size: the length of the shard's text.
        state: what the rounds keep between them (by name).
    """

    def __init__(self, texts: Sequence[str], *, first_doc: int = 0,
                 doc_numbers: Sequence[int] | None = None,
                 token_lengths: Sequence[np.ndarray] | None = None,
                 keep_index: bool = False) -> None:  # fmt: skip
        self.texts = list(texts)
        if doc_numbers is None:
            doc_numbers = np.arange(first_doc, first_doc + len(self.texts))
        self.doc_numbers = np.asarray(doc_numbers, dtype=np.int64)
        if len(self.doc_numbers) != len(self.texts):
            raise ValueError("one document number is needed for each text")
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
        first = int(self.doc_numbers[0]) if len(self.doc_numbers) else 0
        return f"Shard({len(self.texts)} texts from document {first}, {self.size:,} chars)"

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
        """The number (within the shard) of the text holding each offset."""
        return np.searchsorted(self.starts, offsets, side="right") - 1


class ShardedCorpus:
    """Shards placed by an :class:`~analyzer.parallel.Executor` (on its workers, or here), and
    the rounds run on them.

    Example:
        >>> corpus = ShardedCorpus([Shard(["扫黑除恶。"]),
        ...                         Shard(["枫桥经验。", "平安中国。"], first_doc=1)])
        >>> corpus.run(_sizes)
        [6, 12]

    Attributes:
        split_docs: the numbers of the documents whose pieces lie in more than one shard
            (their counts by document come in parts, to be added up).
    """

    def __init__(self, shards: Sequence[Shard], executor=None) -> None:
        from ..parallel import Executor

        self.executor = executor or Executor()
        self.n_shards = len(shards)
        ends = [(int(s.doc_numbers[0]), int(s.doc_numbers[-1])) for s in shards if s.texts]
        self.split_docs = np.array(
            sorted({last for (_, last), (first, _) in pairwise(ends) if last == first}),
            dtype=np.int64,
        )
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
    """The documents cut into consecutive shards of at most about ``shard_chars`` characters;
    a single shard keeps its index.

    A document longer than a shard is cut into pieces (see :func:`document_pieces`) that
    carry its number, so one huge report is as many shards as its size asks for, never one
    shard the size of the report: what discovery counts by document is added up over its
    pieces (:attr:`ShardedCorpus.split_docs`).
    """
    from ..parallel import shards

    budget = max(int(shard_chars), 1)
    pieces: list[str] = []
    numbers: list[int] = []
    lengths: list[np.ndarray] | None = None if token_lengths is None else []
    for number, text in enumerate(texts):
        sizes = None if token_lengths is None else token_lengths[number]
        for piece, piece_sizes in document_pieces(text, sizes, budget):
            pieces.append(piece)
            numbers.append(number)
            if lengths is not None:
                lengths.append(piece_sizes)
    runs = shards([len(t) + 1 for t in pieces], budget)
    single = len(runs) == 1
    return [
        Shard([pieces[i] for i in run], doc_numbers=numbers[run.start : run.stop],
              keep_index=single,
              token_lengths=None if lengths is None else [lengths[i] for i in run])
        for run in runs
    ]  # fmt: skip


def document_pieces(text: str, token_lengths: np.ndarray | None,
                    limit: int) -> Iterator[tuple[str, np.ndarray | None]]:  # fmt: skip
    r"""``text`` as consecutive pieces of at most ``limit`` characters, each with the lengths of
    its tokens (None stays None); a text within the limit is one piece.

    A piece ends after a line break where the stretch holds one, else after the end of a
    sentence (。！？；), else at the last token boundary of the stretch; and always at a
    token boundary, so that the pieces' tokens are the text's. Nothing discovery counts
    crosses a line break (n-grams, quotes, frames and neighbours stop at it as at the end of a
    document), so pieces cut there give the counts the whole text gives; a cut inside a
    paragraph (only in a paragraph longer than ``limit``) may lose the n-grams across it.

    >>> [(p, s.tolist()) for p, s in document_pieces("扫黑除恶\n平安中国。", np.array([4, 4, 1]), 6)]
    [('扫黑除恶\n', [4]), ('平安中国。', [4, 1])]
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ParameterError(f"limit={limit!r} must be a positive whole number")
    if len(text) <= limit:
        yield text, token_lengths
        return
    # the end of every token, counted in non-whitespace characters
    ends = None if token_lengths is None else np.cumsum(token_lengths, dtype=np.int64)
    start, solid_before, token = 0, 0, 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            end = _piece_end(text, start, end)
        if ends is None:
            yield text[start:end], None
            start = end
            continue
        piece = text[start:end]
        solid = solid_before + solid_count(piece)
        last = int(np.searchsorted(ends, solid, side="right"))
        if solid != (int(ends[last - 1]) if last else 0) and end < len(text):
            # the cut falls inside a token: back to the end of the last whole one (or on to
            # the end of the token, when the stretch holds no whole one)
            last = max(last, token + 1)
            solid = int(ends[last - 1])
            end = _offset_of_solid(text, start, solid - solid_before)
            piece = text[start:end]
        yield piece, token_lengths[token:last]
        start, solid_before, token = end, solid, last


def _piece_end(text: str, start: int, end: int) -> int:
    """Where a piece of ``text[start:end]`` ends: after its last line break, else after its
    last sentence end, else at ``end``."""
    cut = text.rfind("\n", start, end)
    if cut > start:
        return cut + 1
    cut = max(text.rfind(c, start, end) for c in "。！？；")
    return cut + 1 if cut > start else end


def _offset_of_solid(text: str, start: int, solid: int) -> int:
    """The offset after the ``solid``-th non-whitespace character from ``start``."""
    if solid <= 0:
        return start
    window = 2 * solid
    while True:
        at = solid_positions(text[start : start + window])
        if len(at) >= solid or start + window >= len(text):
            return start + int(at[solid - 1]) + 1
        window *= 2
