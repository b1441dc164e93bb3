"""Document-term matrices on phrase-aware tokens, with scikit-learn doing the counting.

A document's tokens (one segmentation of the whole document, see :mod:`analyzer.tokens`) are
split into units by their offsets: the whole document, its paragraphs, or chunks of whole
sentences of about a given size. Each unit's tokens are filtered into terms (no stopwords, no
figures, nothing shorter than two characters) and scikit-learn's ``CountVectorizer`` turns them
into a sparse matrix. Every row keeps its document's position in the corpus, so a matrix rolls
up to documents and to any :class:`~analyzer.grouping.Grouping`.

A 20,000-character report is not one bag: topic models and co-occurrence statistics work on
paragraphs or chunks; keyword and keyness statistics sum units back to documents or groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .corpus import Corpus
from .document import Document
from .errors import AnalyzerError, ParameterError, check_choice
from .grouping import Grouping
from .numerals import has_numbers, number_spans
from .segment import Segmenter
from .stopwords import load_stopwords
from .text import Span, paragraphs, sentences
from .tokens import Tokens, tokenize

__all__ = [
    "UNITS",
    "DocumentTermMatrix",
    "TermAnalyzer",
    "document_term_matrix",
    "split_units",
    "unit_spans",
]

UNITS = ("document", "paragraph", "chunk")
#: Figures are not terms: 2021, 3.5, 100%.
_NUMBER = re.compile(r"[0-9.,%+\-]+")


class TermAnalyzer:
    """Turns tokens into terms, for scikit-learn's vectorizers.

    Terms are the tokens that hold at least one letter, digit or CJK character and at least
    ``min_chars`` characters, minus stopwords and figures: Arabic ones (2021, 3.5%) and
    written-out dates and quantities (一九五八年, 三百八十六点六五: a number with a unit, or of four
    characters or more; see :mod:`analyzer.numerals`), which segmentation keeps whole. Short
    numbered names stay (十四五, 五年). A lexicon phrase that holds shorter lexicon
    phrases counts for them too (扫黑除恶专项斗争 also counts as 扫黑除恶), so a term's count
    agrees with its exact count in the text.

    Example:
        >>> analyzer = TermAnalyzer(Segmenter(lexicon=["平安甘肃"]), stopwords={"建设"})
        >>> analyzer("建设平安甘肃，开展扫黑除恶专项斗争。")
        ['平安甘肃', '开展', '扫黑除恶专项斗争', '扫黑除恶']
    """

    def __init__(
        self, segmenter: Segmenter, *, stopwords: Iterable[str] = (), min_chars: int = 2
    ) -> None:
        self.segmenter = segmenter
        self.stopwords = frozenset(stopwords)
        self.min_chars = min_chars
        self.nested = _nested_phrases(segmenter.phrases)

    def __call__(self, text: str) -> list[str]:
        """The terms of ``text``: its tokens, filtered."""
        return self.filter(self.segmenter.cut(text))

    def filter(self, tokens: Sequence[str]) -> list[str]:
        """The tokens that count as terms, each followed by the lexicon phrases it holds."""
        stop = self.stopwords
        low = self.min_chars
        nested = self.nested
        terms = []
        for t in tokens:
            if (
                len(t) >= low
                and t not in stop
                and any(c.isalnum() for c in t)
                and not _NUMBER.fullmatch(t)
                and not _figure(t)
            ):
                terms.append(t)
                inner = nested.get(t)
                if inner:
                    terms.extend(p for p in inner if p not in stop)
        return terms


def _figure(token: str) -> bool:
    """A written-out date or quantity: a number with a unit, or of four characters or more.

    >>> [_figure(t) for t in ["一九五八年", "三百八十六点六五", "十四五", "五年", "一带一路"]]
    [True, True, False, False, False]
    """
    if not has_numbers(token):
        return False
    spans = number_spans(token)
    if len(spans) != 1 or spans[0][0] != 0 or spans[0][1] != len(token):
        return False
    start, end, number_end = spans[0]
    return (number_end < end and number_end - start >= 2) or number_end - start >= 4


def _nested_phrases(phrases: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each phrase, the shorter phrases of the same set that occur inside it."""
    phrases = set(phrases)
    by_first: dict[str, list[str]] = {}
    for phrase in phrases:
        by_first.setdefault(phrase[0], []).append(phrase)
    nested = {}
    for phrase in phrases:
        inner = []
        for start in range(len(phrase)):
            for candidate in by_first.get(phrase[start], ()):
                if len(candidate) < len(phrase) and phrase.startswith(candidate, start):
                    inner.append(candidate)
        if inner:
            nested[phrase] = tuple(inner)
    return nested


@dataclass
class DocumentTermMatrix:
    """A sparse unit × term count matrix with the metadata of every unit.

    Attributes:
        matrix: ``scipy.sparse.csr_matrix`` of counts, one row per unit.
        vocabulary: the terms, in column order.
        units: one row per unit: ``doc`` (position in the corpus), ``id`` and ``year`` (a
            pandas DataFrame).
        chars: characters of text in each unit (for rates per 10,000 characters).
        corpus: the documents.
        terms: each unit's terms in text order (for co-occurrence statistics).
        analyzer: the :class:`TermAnalyzer` that produced the terms.
        unit: ``document``, ``paragraph`` or ``chunk``.
    """

    matrix: Any
    vocabulary: list[str]
    units: Any
    chars: np.ndarray
    corpus: Corpus = field(repr=False)
    terms: list[list[str]] = field(repr=False, default_factory=list)
    analyzer: TermAnalyzer | None = field(repr=False, default=None)
    unit: str = "document"

    def __repr__(self) -> str:
        rows, cols = self.matrix.shape
        return f"DocumentTermMatrix({rows} units × {cols} terms, {int(self.matrix.sum()):,} tokens)"

    def grouping(self, by: str | Sequence[str] | Grouping) -> Grouping:
        """The grouping of the matrix' corpus that ``by`` names (a Grouping as it is)."""
        return by if isinstance(by, Grouping) else Grouping(self.corpus.documents, by)

    def unit_groups(self, grouping: Grouping) -> np.ndarray:
        """For each unit, its group number in ``grouping`` (-1 when its document is left out)."""
        return grouping.index[self.units["doc"].to_numpy(dtype=np.int64)]

    def group(self, by: str | Sequence[str] | Grouping) -> tuple[Grouping, Any, np.ndarray]:
        """Sum the rows by group: (grouping, group × term matrix, characters per group).

        Units whose document lacks a value for ``by`` are left out (see
        :class:`~analyzer.grouping.Grouping`).
        """
        import scipy.sparse as sp

        grouping = self.grouping(by)
        if not len(grouping):
            raise AnalyzerError(f"no document has a value for {grouping.name!r}: nothing to group")
        rows = self.unit_groups(grouping)
        keep = rows >= 0
        indicator = sp.csr_matrix(
            (np.ones(int(keep.sum())), (rows[keep], np.flatnonzero(keep))),
            shape=(len(grouping), len(rows)),
        )
        grouped = (indicator @ self.matrix).tocsr()
        chars = np.bincount(rows[keep], weights=self.chars[keep], minlength=len(grouping))
        return grouping, grouped, chars


def unit_spans(text: str, unit: str = "document", *, chunk_chars: int = 1000) -> list[Span]:
    """The spans of a text that are modelled as units: itself, its paragraphs, or chunks of
    whole sentences of at least ``chunk_chars`` characters (the last may be shorter).

    >>> [s.text for s in unit_spans("第一句。第二句。\\n\\n第二段。", "chunk", chunk_chars=5)]
    ['第一句。第二句。', '第二段。']
    """
    check_choice("unit", unit, UNITS)
    whole = [Span(0, len(text), text)]
    if unit == "document":
        return whole
    if unit == "paragraph":
        return paragraphs(text) or whole
    chunks: list[Span] = []
    start, size = None, 0
    for sentence in sentences(text):
        if start is None:
            start = sentence.start
        size += len(sentence.text)
        if size >= chunk_chars:
            chunks.append(Span(start, sentence.end, text[start : sentence.end]))
            start, size = None, 0
    if start is not None:
        chunks.append(Span(start, len(text.rstrip()), text[start : len(text.rstrip())]))
    return chunks or whole


def split_units(
    document: Document, unit: str = "document", *, chunk_chars: int = 1000
) -> list[str]:
    """The texts a document is modelled as: itself, its paragraphs, or chunks of sentences.

    >>> doc = Document(id="a", text="第一句。第二句。\\n\\n第二段。")
    >>> split_units(doc, "paragraph"), split_units(doc, "chunk", chunk_chars=5)
    (['第一句。第二句。', '第二段。'], ['第一句。第二句。', '第二段。'])
    """
    return [s.text for s in unit_spans(document.text, unit, chunk_chars=chunk_chars)]


def document_term_matrix(
    corpus: Corpus,
    *,
    tokens: Tokens | None = None,
    segmenter: Segmenter | None = None,
    unit: str = "document",
    chunk_chars: int = 1000,
    stopwords: Iterable[str] | None = None,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    min_chars: int = 2,
) -> DocumentTermMatrix:
    """Count the terms of every unit of a corpus.

    Args:
        corpus: the documents.
        tokens: the documents' tokens (see :func:`analyzer.tokens.tokenize`); when None the
            corpus is segmented with ``segmenter``.
        segmenter: used when no tokens are given (default: :class:`Segmenter` with the
            built-in lexicon).
        unit: ``document``, ``paragraph`` or ``chunk`` (sentences up to ``chunk_chars``).
        stopwords: terms left out (default: the shipped function words).
        min_df, max_df: scikit-learn's document-frequency bounds, over units (a float
            ``min_df`` of 1 or more, and a ``max_df`` above 1, are counts of units).
        min_chars: the shortest term kept.

    Raises:
        AnalyzerError: when no term is left (an empty corpus, or bounds that remove all).
    """
    import pandas as pd
    from sklearn.feature_extraction.text import CountVectorizer

    check_choice("unit", unit, UNITS)
    if chunk_chars < 50:
        raise ParameterError(f"chunk_chars={chunk_chars} is too small; use at least 50")
    if not len(corpus):
        raise AnalyzerError("the corpus has no document: nothing to count")
    if tokens is None:
        tokens = tokenize(corpus, segmenter)
    elif tokens.corpus is not corpus and len(tokens) != len(corpus):
        raise ParameterError("tokens belong to another corpus")
    stop = load_stopwords(["function"]) if stopwords is None else frozenset(stopwords)
    analyzer = TermAnalyzer(tokens.segmenter, stopwords=stop, min_chars=min_chars)
    terms: list[list[str]] = []
    owners: list[int] = []
    chars: list[int] = []
    for i, doc in enumerate(corpus):
        spans = unit_spans(doc.text, unit, chunk_chars=chunk_chars)
        starts = tokens.starts(i)
        doc_tokens = tokens.strings(i, starts)
        if len(spans) == 1:
            pieces = [doc_tokens]
        else:
            where = np.searchsorted([s.start for s in spans], starts, side="right") - 1
            bounds = np.searchsorted(where, np.arange(len(spans) + 1))
            pieces = [doc_tokens[bounds[u] : bounds[u + 1]] for u in range(len(spans))]
        for span, piece in zip(spans, pieces, strict=True):
            terms.append(analyzer.filter(piece))
            owners.append(i)
            chars.append(span.end - span.start)
    vectorizer = CountVectorizer(
        analyzer=terms.__getitem__,
        min_df=int(min_df) if min_df >= 1 else min_df,
        max_df=int(max_df) if max_df > 1 else max_df,
    )
    try:
        matrix = vectorizer.fit_transform(range(len(terms)))
    except ValueError as exc:
        raise AnalyzerError(
            f"no term left to count ({exc}); lower min_df or raise max_df"
        ) from None
    documents = corpus.documents
    units = pd.DataFrame({
        "doc": owners,
        "id": [documents[i].id for i in owners],
        "year": pd.array([documents[i].year for i in owners], dtype="Int64"),
    })  # fmt: skip
    return DocumentTermMatrix(
        matrix=matrix.tocsr(),
        vocabulary=vectorizer.get_feature_names_out().tolist(),
        units=units,
        chars=np.array(chars, dtype=float),
        corpus=corpus,
        terms=terms,
        analyzer=analyzer,
        unit=unit,
    )
