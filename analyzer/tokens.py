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
import re
from collections.abc import Iterator, Sequence
from itertools import groupby

import numpy as np

from . import progress
from .cache import Cache, content_key
from .corpus import Corpus
from .document import Document
from .parallel import Executor, shards
from .segment import Segmenter, Token

__all__ = ["Tokens", "segment_texts", "token_lengths", "token_starts", "tokenize"]

logger = logging.getLogger(__name__)

#: Code points that ``str.split()`` treats as whitespace (tokens never hold them).
_WHITESPACE = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)


class Tokens:
    """The tokens of every document of a corpus, in corpus order.

    Tokens cover each document's non-whitespace characters in order, so they are stored as
    their lengths (a NumPy array per document, four bytes a token instead of a Python string
    each) and cut from the cleaned text when asked for: a corpus of 17 million characters keeps
    its ten million tokens in 40 MB.

    Attributes:
        corpus: the corpus the tokens belong to.
        segmenter: the segmenter that produced them.

    Example:
        >>> toks = tokenize(Corpus.from_texts(["建设平安中国。"]))
        >>> toks[0], toks.lengths(0).tolist()
        (['建设', '平安中国', '。'], [2, 4, 1])
    """

    def __init__(self, corpus: Corpus, lengths: Sequence[np.ndarray], segmenter: Segmenter) -> None:
        if len(lengths) != len(corpus):
            raise ValueError(f"{len(lengths)} token arrays for {len(corpus)} documents")
        self.corpus = corpus
        self.segmenter = segmenter
        self._lengths = [np.asarray(x, dtype=np.int32) for x in lengths]

    @classmethod
    def from_lists(
        cls, corpus: Corpus, lists: Sequence[Sequence[str]], segmenter: Segmenter
    ) -> Tokens:
        """Tokens given as strings (one list per document)."""
        return cls(corpus, [_lengths_of(tokens) for tokens in lists], segmenter)

    def __len__(self) -> int:
        return len(self._lengths)

    def __getitem__(self, index: int) -> list[str]:
        return self.strings(index)

    def strings(self, index: int, starts: np.ndarray | None = None) -> list[str]:
        """One document's tokens as strings (``starts``: their offsets, when already known)."""
        text = self.corpus.documents[index].text
        at = (self.starts(index) if starts is None else starts).tolist()
        return [text[s : s + n] for s, n in zip(at, self._lengths[index].tolist(), strict=True)]

    def stretches(self, index: int, *, chars: int | None = None) -> Iterator[list[str]]:
        r"""One document's tokens as strings, a stretch of about ``chars`` characters (ending at
        whitespace) at a time: a huge report is written out without all its tokens as strings
        at once (see :func:`token_lengths`).

        >>> toks = tokenize(Corpus.from_texts(["扫黑除恶\n平安中国\n枫桥经验"], clean=False))
        >>> list(toks.stretches(0, chars=6))
        [['扫黑除恶'], ['平安中国'], ['枫桥经验']]
        """
        text = self.corpus.documents[index].text
        chars = STREAM_CHARS if chars is None else chars
        if len(text) <= _positive("chars", chars):
            yield self.strings(index)
            return
        lengths = self._lengths[index]
        token = 0
        for start, end in _stretches(text, chars):
            piece = text[start:end]
            solid = solid_count(piece)
            ends = np.cumsum(lengths[token : token + solid], dtype=np.int64)
            count = int(np.searchsorted(ends, solid, side="right"))
            sizes = lengths[token : token + count]
            at = token_starts(piece, sizes).tolist()
            yield [piece[s : s + n] for s, n in zip(at, sizes.tolist(), strict=True)]
            token += count

    def __iter__(self) -> Iterator[tuple[Document, list[str]]]:
        for i, doc in enumerate(self.corpus.documents):
            yield doc, self[i]

    def __repr__(self) -> str:
        return f"Tokens({len(self)} documents, {self.n_tokens:,} tokens)"

    @property
    def lists(self) -> list[list[str]]:
        """Every document's tokens as strings (made on each call: prefer ``tokens[i]``)."""
        return [self[i] for i in range(len(self))]

    @property
    def n_tokens(self) -> int:
        """Total number of tokens."""
        return sum(len(t) for t in self._lengths)

    def lengths(self, index: int) -> np.ndarray:
        """The length of each token of one document."""
        return self._lengths[index]

    def starts(self, index: int) -> np.ndarray:
        """The character offset of each token of one document in ``Document.text``."""
        return token_starts(self.corpus.documents[index].text, self._lengths[index])

    def with_offsets(self, index: int) -> list[Token]:
        """The tokens of one document with their character offsets in ``Document.text``.

        >>> toks = tokenize(Corpus.from_texts(["建设\\n平安中国。"], clean=False))
        >>> toks.with_offsets(0)[1]
        Token(text='平安中国', start=3, end=7)
        """
        return [
            Token(t, int(s), int(s) + len(t))
            for t, s in zip(self[index], self.starts(index).tolist(), strict=True)
        ]


def _lengths_of(tokens: Sequence[str]) -> np.ndarray:
    return np.fromiter(map(len, tokens), dtype=np.int32, count=len(tokens))


#: Texts longer than this are segmented a stretch at a time (see :func:`token_lengths`).
STREAM_CHARS = 1_000_000


def token_lengths(segmenter: Segmenter, text: str, *, chars: int = STREAM_CHARS) -> np.ndarray:
    r"""The lengths of the tokens ``segmenter.cut(text)`` gives, without ever holding them all
    as strings: a long text is cut into stretches that end at whitespace (tokens never span
    it, and the segmenter cuts each whitespace-free chunk on its own, so the tokens are the
    same), each segmented and kept as lengths before the next.

    A 100-million-character report would otherwise be some 60 million token strings at once
    (several gigabytes) before they became four-byte lengths.

    >>> from analyzer.segment import Segmenter
    >>> seg = Segmenter(builtin_lexicon=False)
    >>> text = "扫黑除恶专项斗争\n建设平安中国\n" * 3
    >>> token_lengths(seg, text, chars=10).tolist() == _lengths_of(seg.cut(text)).tolist()
    True
    """
    if len(text) <= _positive("chars", chars):
        return _lengths_of(segmenter.cut(text))
    parts = [_lengths_of(segmenter.cut(text[a:b])) for a, b in _stretches(text, chars)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)


def _stretches(text: str, stretch: int) -> Iterator[tuple[int, int]]:
    """Consecutive spans ``(start, end)`` covering ``text``, each of about ``stretch``
    characters and each but the last ending where no token crosses: before the last
    whitespace of the stretch, else after its last sentence end (。！？； are tokens of their
    own), else at the next of either after it."""
    start = 0
    while start < len(text):
        end = min(start + stretch, len(text))
        if end < len(text):
            end = _stretch_end(text, start, end)
        yield start, end
        start = end


def _stretch_end(text: str, start: int, end: int) -> int:
    space = max(text.rfind(c, start, end) for c in _BREAKS)
    if space > start:
        return space
    stop = max(text.rfind(c, start, end) for c in _SENTENCE_ENDS)
    if stop >= start:
        return stop + 1
    found = _CUT_RE.search(text, end)
    if found is None:
        return len(text)
    return found.start() if found.group() in _BREAKS else found.end()


def solid_count(text: str) -> int:
    """How many characters of ``text`` are not whitespace (what its tokens cover)."""
    return sum(map(len, text.split()))


def solid_positions(text: str) -> np.ndarray:
    """The offsets of the characters of ``text`` that are not whitespace."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return np.flatnonzero(~np.isin(codes, _WHITESPACE))


def _positive(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        from .errors import ParameterError

        raise ParameterError(f"{name}={value!r} must be a positive whole number")
    return value


#: Whitespace where a long text may be cut for segmenting (tokens never span it).
_BREAKS = ("\n", " ", "\u3000", "\t")
#: Sentence ends, which the segmenter always makes tokens of their own.
_SENTENCE_ENDS = ("。", "！", "？", "；")
_CUT_RE = re.compile("[\n \u3000\t。！？；]")


def token_starts(text: str, tokens: Sequence[str] | np.ndarray) -> np.ndarray:
    """Offsets of ``tokens`` (strings, or their lengths) in ``text``, for tokens that cover the
    text's non-whitespace characters in order (as :meth:`Segmenter.cut` gives them).

    >>> token_starts("扫黑 除恶", ["扫黑", "除恶"]).tolist()
    [0, 3]
    """
    if not len(tokens):
        return np.zeros(0, dtype=np.int64)
    solid = solid_positions(text)
    if isinstance(tokens, np.ndarray):
        lengths = tokens.astype(np.int64)
    else:
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    at = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    if int(lengths.sum()) != len(solid):
        raise ValueError("the tokens do not cover the text's characters")
    return solid[at].astype(np.int64)


def tokenize(
    corpus: Corpus,
    segmenter: Segmenter | None = None,
    *,
    cache: Cache | None = None,
    executor: Executor | None = None,
    shard_chars: int = 4_000_000,
) -> Tokens:
    """Segment every document of a corpus, reusing cached tokens where the cache has them.

    Args:
        corpus: the documents.
        segmenter: the segmenter; a default :class:`Segmenter` (rjieba, built-in lexicon) if None.
        cache: where tokens are cached per source file; no caching if None.
        executor: where the segmentation runs (see :class:`~analyzer.parallel.Executor`); on a
            cluster the documents go out in shards of about ``shard_chars`` characters. The
            tokens are the same wherever they are made.

    Returns:
        A :class:`Tokens` object aligned with ``corpus``.
    """
    segmenter = segmenter or Segmenter()
    cache = cache or Cache(enabled=False)
    fingerprint = segmenter.fingerprint()
    documents = corpus.documents
    groups = [
        [i for i, _ in members]
        for _, members in groupby(enumerate(documents), key=lambda x: _source_file(x[1]))
    ]
    lengths: list[np.ndarray | None] = [None] * len(documents)
    keys: list[str] = []
    missing: list[int] = []
    for group in groups:
        key = (
            content_key("token-lengths", fingerprint, *(documents[i].text for i in group))
            if cache.enabled
            else ""
        )
        keys.append(key)
        found = _unpack(cache.get("tokens", key), len(group)) if cache.enabled else None
        if found is None:
            missing.extend(group)
        else:
            for i, array in zip(group, found, strict=True):
                lengths[i] = array
    with progress.task("segmenting", total=len(documents)) as step:
        step.advance(len(documents) - len(missing))
        if executor is not None and executor.distributed:
            runs = shards([documents[i].chars for i in missing], shard_chars)
            batches = [[documents[missing[j]].text for j in run] for run in runs]
            for run, arrays in zip(
                runs, executor.map(segment_texts, batches, segmenter), strict=True
            ):
                for j, array in zip(run, arrays, strict=True):
                    lengths[missing[j]] = array
                step.advance(len(run))
        else:
            for i in missing:
                lengths[i] = token_lengths(segmenter, documents[i].text)
                step.advance()
    if cache.enabled:
        todo = set(missing)
        for group, key in zip(groups, keys, strict=True):
            if todo.intersection(group):
                cache.put("tokens", key, _pack([lengths[i] for i in group]))
    return Tokens(corpus, lengths, segmenter)


def segment_texts(texts: Sequence[str], segmenter: Segmenter) -> list[np.ndarray]:
    """The token lengths of each text (the task a worker runs on a shard)."""
    return [token_lengths(segmenter, text) for text in texts]


def _pack(lengths: list[np.ndarray]) -> np.ndarray:
    """Documents' token lengths as one array: the number of documents, each one's token count,
    then every length."""
    counts = [len(x) for x in lengths]
    return np.concatenate([[len(lengths)], counts, *lengths]).astype(np.int32)


def _unpack(packed, n_docs: int) -> list[np.ndarray] | None:
    """The arrays :func:`_pack` packed, or None when the entry does not fit ``n_docs``."""
    if not isinstance(packed, np.ndarray) or packed.ndim != 1 or len(packed) < 1:
        return None
    if int(packed[0]) != n_docs or len(packed) < 1 + n_docs:
        return None
    counts = packed[1 : 1 + n_docs].astype(np.int64)
    if (counts < 0).any() or int(counts.sum()) != len(packed) - 1 - n_docs:
        return None
    return np.split(packed[1 + n_docs :], np.cumsum(counts)[:-1]) if n_docs else []


def _source_file(doc: Document) -> str:
    """Documents of one file (rows of a table) share a cache entry; loose texts share one."""
    return doc.meta.get("source_key", "")
