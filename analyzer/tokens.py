"""Segmented corpora: token lists aligned with the documents of a corpus.

The second stage of corpus → tokens → matrix. :func:`tokenize` segments every document with a
:class:`~analyzer.segment.Segmenter`, caching the result per source file, and returns a
:class:`Tokens` object that keeps the documents (and so their years and regions) beside their
tokens.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from itertools import groupby

from .cache import Cache, content_key
from .corpus import Corpus, Document
from .segment import Segmenter, Token

__all__ = ["Tokens", "tokenize"]

logger = logging.getLogger(__name__)


class Tokens:
    """The tokens of every document of a corpus, in corpus order.

    Attributes:
        corpus: the corpus the tokens belong to.
        segmenter: the segmenter that produced them.
        lists: one list of tokens per document (punctuation included, whitespace left out).

    Example:
        >>> toks = tokenize(Corpus.from_texts(["建设平安中国。"]))
        >>> toks[0]
        ['建设', '平安中国', '。']
    """

    def __init__(self, corpus: Corpus, lists: list[list[str]], segmenter: Segmenter) -> None:
        if len(lists) != len(corpus):
            raise ValueError(f"{len(lists)} token lists for {len(corpus)} documents")
        self.corpus = corpus
        self.lists = lists
        self.segmenter = segmenter

    def __len__(self) -> int:
        return len(self.lists)

    def __getitem__(self, index: int) -> list[str]:
        return self.lists[index]

    def __iter__(self) -> Iterator[tuple[Document, list[str]]]:
        return iter(zip(self.corpus.documents, self.lists, strict=False))

    def __repr__(self) -> str:
        return f"Tokens({len(self)} documents, {self.n_tokens:,} tokens)"

    @property
    def n_tokens(self) -> int:
        """Total number of tokens."""
        return sum(len(t) for t in self.lists)

    def with_offsets(self, index: int) -> list[Token]:
        """The tokens of one document with their character offsets in ``Document.text``."""
        return self.segmenter.tokenize(self.corpus.documents[index].text)


def tokenize(
    corpus: Corpus, segmenter: Segmenter | None = None, *, cache: Cache | None = None
) -> Tokens:
    """Segment every document of a corpus, reusing cached tokens where the cache has them.

    Args:
        corpus: the documents.
        segmenter: the segmenter; a default :class:`Segmenter` (rjieba, built-in lexicon) if None.
        cache: where tokens are cached per source file; no caching if None.

    Returns:
        A :class:`Tokens` object aligned with ``corpus``.
    """
    segmenter = segmenter or Segmenter()
    cache = cache or Cache(enabled=False)
    from . import progress

    fingerprint = segmenter.fingerprint()
    lists: list[list[str]] = []
    with progress.task("segmenting", total=len(corpus)) as step:
        for _, group in groupby(corpus.documents, key=_source_file):
            docs = list(group)
            key = (
                content_key("tokens", fingerprint, *(d.text for d in docs)) if cache.enabled else ""
            )
            cached = cache.get("tokens", key) if cache.enabled else None
            if cached is not None and len(cached) == len(docs):
                lists.extend(cached)
                step.advance(len(docs))
                continue
            segmented = []
            for d in docs:
                segmented.append(segmenter.cut(d.text))
                step.advance()
            cache.put("tokens", key, segmented)
            lists.extend(segmented)
    return Tokens(corpus, lists, segmenter)


def _source_file(doc: Document) -> str:
    """Documents of one file (rows of a table) share a cache entry; loose texts share one."""
    return doc.meta.get("source_key", "")
