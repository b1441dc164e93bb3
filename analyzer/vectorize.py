"""Document-term matrices on phrase-aware tokens, with scikit-learn doing the counting.

Texts become units (whole documents, paragraphs, or chunks of whole sentences of about a given
size), units become token lists through a :class:`~analyzer.segment.Segmenter` whose lexicon can
hold the discovered phrases (so 扫黑除恶 is one term), and scikit-learn's ``CountVectorizer``
turns them into a sparse matrix. Every row keeps its document's metadata, so a matrix rolls up to
documents and to any group (``year``, ``region``, a metadata field).

A 20,000-character report is not one bag: topic models and co-occurrence statistics work on
paragraphs or chunks; keyword and keyness statistics sum units back to documents or groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .cache import Cache, content_key
from .corpus import Corpus, Document
from .errors import AnalyzerError, ParameterError, check_choice
from .segment import Segmenter
from .stopwords import load_stopwords
from .text import paragraphs, sentences

__all__ = [
    "UNITS",
    "DocumentTermMatrix",
    "TermAnalyzer",
    "document_term_matrix",
    "phrase_segmenter",
    "split_units",
    "term_matrix",
]

UNITS = ("document", "paragraph", "chunk")
#: Figures are not terms: 2021, 3.5, 100%.
_NUMBER = re.compile(r"[0-9.,%+\-]+")


class TermAnalyzer:
    """The callable that scikit-learn's vectorizers use to turn a text into terms.

    Terms are the segmenter's tokens that hold at least one letter, digit or CJK character and
    at least ``min_chars`` characters, minus stopwords. A lexicon phrase that holds shorter
    lexicon phrases counts for them too (扫黑除恶专项斗争 also counts as 扫黑除恶), so a term's
    count agrees with its exact count in the text. Picklable, so fitted vectorizers and models
    can be saved with joblib.

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
            ):
                terms.append(t)
                inner = nested.get(t)
                if inner:
                    terms.extend(p for p in inner if p not in stop)
        return terms


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
        units: one row per unit: ``doc`` (index in the corpus), ``id``, ``year`` and the
            requested metadata fields (a pandas DataFrame).
        chars: characters of text in each unit (for rates per 10,000 characters).
        terms: each unit's terms in text order (for co-occurrence statistics).
        analyzer: the :class:`TermAnalyzer` that produced the terms.
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

    def group(self, by: str) -> tuple[list, Any, np.ndarray]:
        """Sum the rows by a metadata field: (group values, group × term matrix, chars).

        Units whose document lacks the field are left out (see :meth:`Corpus.group_by`).
        """
        import scipy.sparse as sp

        if by == "doc":
            keys = self.units["id"].tolist()
        elif by in self.units.columns:
            keys = self.units[by].tolist()
        else:
            documents = self.corpus.documents
            keys = [documents[int(d)].get(by) for d in self.units["doc"]]
        import pandas as pd

        present = [not (k is None or pd.isna(k) or k == "") for k in keys]
        keys = [int(k) if isinstance(k, (np.integer,)) else k for k in keys]
        values = sorted({k for k, ok in zip(keys, present, strict=True) if ok}, key=_sort_key)
        if not values:
            raise AnalyzerError(f"no document has a value for {by!r}: nothing to group")
        position = {v: i for i, v in enumerate(values)}
        rows = np.array([position[k] if ok else -1 for k, ok in zip(keys, present, strict=True)])
        keep = rows >= 0
        indicator = sp.csr_matrix(
            (np.ones(int(keep.sum())), (rows[keep], np.flatnonzero(keep))),
            shape=(len(values), len(keys)),
        )
        grouped = (indicator @ self.matrix).tocsr()
        chars = np.bincount(rows[keep], weights=self.chars[keep], minlength=len(values))
        return values, grouped, chars


def _sort_key(value: Any) -> tuple:
    return (0, value, "") if isinstance(value, (int, float)) else (1, 0, str(value))


def split_units(
    document: Document, unit: str = "document", *, chunk_chars: int = 1000
) -> list[str]:
    """The texts a document is modelled as: itself, its paragraphs, or chunks of sentences.

    >>> doc = Document(id="a", text="第一句。第二句。\\n\\n第二段。")
    >>> split_units(doc, "paragraph"), split_units(doc, "chunk", chunk_chars=5)
    (['第一句。第二句。', '第二段。'], ['第一句。第二句。', '第二段。'])
    """
    check_choice("unit", unit, UNITS)
    if unit == "document":
        return [document.text]
    if unit == "paragraph":
        return [p.text for p in paragraphs(document.text)] or [document.text]
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in sentences(document.text):
        current.append(sentence.text)
        size += len(sentence.text)
        if size >= chunk_chars:
            chunks.append("".join(current))
            current, size = [], 0
    if current:
        chunks.append("".join(current))
    return chunks or [document.text]


def phrase_segmenter(
    corpus: Corpus,
    *,
    top_n: int = 1000,
    lexicon=None,
    builtin_lexicon: bool = True,
    backend: str = "rjieba",
    cache: Cache | None = None,
    discovered=None,
) -> Segmenter:
    """A segmenter that keeps the corpus' own discovered phrases whole (and the lexicons).

    The top ``top_n`` phrases of :class:`~analyzer.phrases.PhraseDiscoverer` become lexicon
    entries, so that keywords, topics and comparisons count 扫黑除恶 as one term. Pass a
    ``discovered`` PhraseDiscoverer already fitted on the corpus to skip discovery.
    """
    from .lexicon import Lexicon
    from .phrases import PhraseDiscoverer

    user = lexicon if isinstance(lexicon, Lexicon) else Lexicon(lexicon or ())
    discoverer = discovered
    if discoverer is None:
        discoverer = PhraseDiscoverer(
            lexicon=user, builtin_lexicon=builtin_lexicon, backend=backend
        ).fit(corpus, cache=cache)
    found = discoverer.to_lexicon(top_n)
    return Segmenter(backend=backend, lexicon=user | found, builtin_lexicon=builtin_lexicon)


def document_term_matrix(
    corpus: Corpus,
    *,
    segmenter: Segmenter | None = None,
    unit: str = "document",
    chunk_chars: int = 1000,
    stopwords: Iterable[str] | None = None,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    min_chars: int = 2,
    fields: Sequence[str] = (),
    cache: Cache | None = None,
) -> DocumentTermMatrix:
    """Count the terms of every unit of a corpus.

    Args:
        corpus: the documents.
        segmenter: produces the tokens (default: :class:`Segmenter` with the built-in lexicon;
            pass :func:`phrase_segmenter` for phrase-aware terms).
        unit: ``document``, ``paragraph`` or ``chunk`` (sentences up to ``chunk_chars``).
        stopwords: terms left out (default: the shipped function words).
        min_df, max_df: scikit-learn's document-frequency bounds, over units.
        min_chars: the shortest term kept.
        fields: metadata fields copied into ``units`` (``year`` and ``id`` always are).
        cache: token lists are cached here, keyed by the units' texts and the segmenter.

    Raises:
        AnalyzerError: when no term is left (an empty corpus, or bounds that remove all).
    """
    import pandas as pd
    from sklearn.feature_extraction.text import CountVectorizer

    check_choice("unit", unit, UNITS)
    if chunk_chars < 50:
        raise ParameterError(f"chunk_chars={chunk_chars} is too small; use at least 50")
    segmenter = segmenter or Segmenter()
    stop = load_stopwords(["function"]) if stopwords is None else frozenset(stopwords)
    analyzer = TermAnalyzer(segmenter, stopwords=stop, min_chars=min_chars)
    texts, owners = [], []
    for i, doc in enumerate(corpus):
        for piece in split_units(doc, unit, chunk_chars=chunk_chars):
            texts.append(piece)
            owners.append(i)
    if not texts:
        raise AnalyzerError("the corpus has no document: nothing to count")
    terms = [analyzer.filter(tokens) for tokens in _cached_tokens(texts, segmenter, cache)]
    vectorizer = CountVectorizer(analyzer=terms.__getitem__, min_df=min_df, max_df=max_df)
    try:
        matrix = vectorizer.fit_transform(range(len(texts)))
    except ValueError as exc:
        raise AnalyzerError(
            f"no term left to count ({exc}); lower min_df or raise max_df"
        ) from None
    documents = corpus.documents
    units = pd.DataFrame({
        "doc": owners,
        "id": [documents[i].id for i in owners],
        "year": pd.array([documents[i].year for i in owners], dtype="Int64"),
        **{f: [documents[i].get(f) for i in owners] for f in fields if f not in {"id", "year"}},
    })  # fmt: skip
    return DocumentTermMatrix(
        matrix=matrix.tocsr(),
        vocabulary=vectorizer.get_feature_names_out().tolist(),
        units=units,
        chars=np.array([len(t) for t in texts], dtype=float),
        corpus=corpus,
        terms=terms,
        analyzer=analyzer,
        unit=unit,
    )


def _cached_tokens(texts: list[str], segmenter: Segmenter, cache: Cache | None) -> list[list[str]]:
    from . import progress

    def cut_all() -> list[list[str]]:
        return [segmenter.cut(t) for t in progress.track(texts, "segmenting units")]

    if cache is None or not cache.enabled:
        return cut_all()
    key = content_key("unit-tokens", segmenter.fingerprint(), *texts)
    found = cache.get("tokens", key)
    if found is not None and len(found) == len(texts):
        return found
    tokens = cut_all()
    cache.put("tokens", key, tokens)
    return tokens


def term_matrix(
    corpus: Corpus,
    *,
    phrases: bool = True,
    lexicon=None,
    builtin_lexicon: bool = True,
    backend: str = "rjieba",
    unit: str = "paragraph",
    chunk_chars: int = 1000,
    stopwords: Iterable[str] = ("function", "boilerplate"),
    stopword_files: Iterable[str] = (),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    cache: Cache | None = None,
    discovered=None,
) -> DocumentTermMatrix:
    """The phrase-aware document-term matrix that keywords, keyness and topics work on.

    The one place where the defaults of the command line and of the Python API are decided:
    jieba's words with the corpus' discovered phrases and the lexicons kept whole
    (``phrases=False`` for plain jieba tokens), paragraphs as units, and the shipped function
    words and boilerplate verbs of official prose left out.

    Args:
        corpus: the documents.
        phrases: keep the corpus' discovered phrases whole.
        lexicon: a user :class:`~analyzer.lexicon.Lexicon` (or phrases) to keep whole.
        builtin_lexicon: use the built-in policy lexicon.
        backend: ``rjieba`` or ``jieba``.
        unit, chunk_chars, min_df, max_df: see :func:`document_term_matrix` (a float ``min_df``
            of 1 or more, and a ``max_df`` above 1, are counts of units).
        stopwords: names of shipped stopword lists (``function``, ``boilerplate``).
        stopword_files: more stopwords, one per line.
        cache: token lists and discovered phrases are cached here.
        discovered: a PhraseDiscoverer already fitted on the corpus (saves discovering again).

    Example:
        >>> corpus = Corpus.from_texts(["坚持扫黑除恶。\\n\\n推进平安建设。"], years=[2020])
        >>> term_matrix(corpus, phrases=False).vocabulary  # 坚持 and 推进 are boilerplate
        ['平安', '建设', '扫黑除恶']
    """
    from .lexicon import Lexicon

    user = lexicon if isinstance(lexicon, Lexicon) else Lexicon(lexicon or ())
    if phrases:
        segmenter = phrase_segmenter(corpus, lexicon=user, builtin_lexicon=builtin_lexicon,
                                     backend=backend, cache=cache, discovered=discovered)  # fmt: skip
    else:
        segmenter = Segmenter(backend=backend, lexicon=user, builtin_lexicon=builtin_lexicon)
    stop = load_stopwords([s for s in stopwords if s != "none"], files=stopword_files)
    return document_term_matrix(
        corpus, segmenter=segmenter, unit=unit, chunk_chars=chunk_chars, stopwords=stop,
        min_df=int(min_df) if min_df >= 1 else min_df,
        max_df=int(max_df) if max_df > 1 else max_df, cache=cache,
    )  # fmt: skip
