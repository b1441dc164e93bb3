"""Segmented corpora: token lists aligned with the documents of a corpus.

The second stage of corpus → tokens → matrix, and the one place where text is segmented:
:func:`tokenize` runs a :class:`~analyzer.segment.Segmenter` over every document (reusing
cached token lists per source file) and returns a :class:`Tokens` object that keeps the
documents (and so their years and regions) beside their tokens. Phrase discovery reads the
token boundaries of a plain segmentation from it, and the term matrices of keywords, keyness and
topics split each document's tokens into paragraphs or chunks by their offsets, so a text is
segmented once per segmenter, never once per use.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from itertools import groupby

import numpy as np

from . import progress
from .cache import Cache, content_key
from .corpus import Corpus
from .document import Document
from .segment import Segmenter, Token

__all__ = ["Tokens", "token_starts", "tokenize"]

logger = logging.getLogger(__name__)

#: Code points that ``str.split()`` treats as whitespace (tokens never hold them).
_WHITESPACE = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)


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
        return iter(zip(self.corpus.documents, self.lists, strict=True))

    def __repr__(self) -> str:
        return f"Tokens({len(self)} documents, {self.n_tokens:,} tokens)"

    @property
    def n_tokens(self) -> int:
        """Total number of tokens."""
        return sum(len(t) for t in self.lists)

    def starts(self, index: int) -> np.ndarray:
        """The character offset of each token of one document in ``Document.text``."""
        return token_starts(self.corpus.documents[index].text, self.lists[index])

    def with_offsets(self, index: int) -> list[Token]:
        """The tokens of one document with their character offsets in ``Document.text``.

        >>> toks = tokenize(Corpus.from_texts(["建设\\n平安中国。"], clean=False))
        >>> toks.with_offsets(0)[1]
        Token(text='平安中国', start=3, end=7)
        """
        tokens = self.lists[index]
        return [
            Token(t, int(s), int(s) + len(t))
            for t, s in zip(tokens, self.starts(index).tolist(), strict=True)
        ]


def token_starts(text: str, tokens: Sequence[str]) -> np.ndarray:
    """Offsets of ``tokens`` in ``text``, for tokens that cover the text's non-whitespace
    characters in order (as :meth:`Segmenter.cut` gives them).

    >>> token_starts("扫黑 除恶", ["扫黑", "除恶"]).tolist()
    [0, 3]
    """
    if not tokens:
        return np.zeros(0, dtype=np.int64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    solid = np.flatnonzero(~np.isin(codes, _WHITESPACE))
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    at = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    if int(lengths.sum()) != len(solid):
        raise ValueError("the tokens do not cover the text's characters")
    return solid[at].astype(np.int64)


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
                lists.extend(list(t) for t in cached)
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
