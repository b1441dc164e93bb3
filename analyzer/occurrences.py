"""The one counting rule: exact occurrences of terms in the cleaned texts.

Every count analyzer reports for a phrase or term in a text (``phrases``, ``trend``,
``compare``, ``timeline``) is the number of occurrences this module finds, and ``kwic`` lists
exactly these occurrences, so a count can always be traced to its places. An occurrence is a
match of the term's characters in a document's cleaned text, left to right without overlap (as
``str.count``), found through :meth:`analyzer.index.TextIndex.hits`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .index import TextIndex

__all__ = ["Occurrences", "count_matrix", "count_shards", "find"]


class Occurrences:
    """Where each term occurs: parallel arrays sorted by term, then document, then offset.

    Attributes:
        terms: the terms looked for.
        term: the term number of each occurrence.
        doc: the document number of each occurrence.
        offset: the character offset of each occurrence in its document's text.
    """

    def __init__(self, terms: Sequence[str], term: np.ndarray, doc: np.ndarray,
                 offset: np.ndarray, n_documents: int) -> None:  # fmt: skip
        self.terms = list(terms)
        self.term = term
        self.doc = doc
        self.offset = offset
        self.n_documents = n_documents

    def __len__(self) -> int:
        return len(self.term)

    def counts(self) -> np.ndarray:
        """A documents × terms matrix of occurrence counts."""
        matrix = np.zeros((self.n_documents, len(self.terms)), dtype=np.int64)
        np.add.at(matrix, (self.doc, self.term), 1)
        return matrix


def find(
    texts: Sequence[str], terms: Sequence[str], *, index: TextIndex | None = None
) -> Occurrences:
    """Every occurrence of every term in ``texts``.

    Args:
        texts: one cleaned text per document.
        terms: the terms (empty strings never occur).
        index: a :class:`~analyzer.index.TextIndex` of ``texts`` already built, to reuse.

    Example:
        >>> found = find(["扫黑除恶，扫黑\\n除恶。", "一个一个"], ["扫黑除恶", "一个一个", "一个"])
        >>> found.counts().tolist()
        [[1, 0, 0], [0, 1, 2]]
    """
    terms = list(terms)
    if not terms or not len(texts):
        empty = np.zeros(0, dtype=np.int64)
        return Occurrences(terms, empty, empty, empty, len(texts))
    index = index or TextIndex(texts)
    ids, starts = index.hits(terms)
    doc = index.document_of(starts)
    offset = starts - index.starts[doc]
    order = np.lexsort((offset, doc, ids))
    return Occurrences(terms, ids[order], doc[order], offset[order], len(texts))


def count_matrix(texts: Sequence[str], terms: Sequence[str]) -> np.ndarray:
    """A documents × terms matrix of exact occurrence counts.

    >>> count_matrix(["扫黑除恶，扫黑除恶。", "建设平安中国。"], ["扫黑除恶", "平安中国"]).tolist()
    [[2, 0], [0, 1]]
    """
    return find(texts, terms).counts()


def count_shards(texts: Sequence[str], terms: Sequence[str], *, executor=None,
                 shard_chars: int = 20_000_000) -> np.ndarray:  # fmt: skip
    """:func:`count_matrix` over shards of documents of about ``shard_chars`` characters,
    each with its own index, so memory is bounded by the shard and not by the corpus; with an
    :class:`~analyzer.parallel.Executor` the shards are counted on its workers. Occurrences never
    cross documents, so the counts are the same for any sharding.

    >>> count_shards(["扫黑除恶。", "扫黑除恶，扫黑除恶。"], ["扫黑除恶"], shard_chars=1).tolist()
    [[1], [2]]
    """
    from .parallel import Executor, shards

    runs = shards([len(t) for t in texts], shard_chars)
    if len(runs) < 2:
        return count_matrix(texts, terms)
    batches = [[texts[i] for i in run] for run in runs]
    parts = (executor or Executor(1)).map(count_matrix, batches, list(terms))
    return np.vstack(parts).astype(np.int64)
