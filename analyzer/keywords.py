"""Keywords: TF-IDF per document, class-based TF-IDF per group, TextRank per group.

Every method ranks the terms of each group (a document with ``by="doc"``, a year, a region, any
metadata field) and returns one tidy table with the count of each term beside its score.

References:
    Spärck Jones, K. (1972). A statistical interpretation of term specificity and its
    application in retrieval. Journal of Documentation 28(1).
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794.
    Mihalcea, R. & Tarau, P. (2004). TextRank: Bringing order into texts. EMNLP.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from .background import BACKGROUNDS, general_idf
from .errors import ParameterError, check_choice
from .grouping import Grouping
from .vectorize import DocumentTermMatrix

__all__ = [
    "COLUMNS", "METHODS", "ClassTfidfTransformer", "keywords", "keywords_within", "textrank_scores",
    "tfidf_weights",
]  # fmt: skip

METHODS = ("tfidf", "ctfidf", "textrank")
#: Columns of the keyword table.
COLUMNS = ["group", "term", "rank", "score", "count"]


class ClassTfidfTransformer(TfidfTransformer):
    """Class-based TF-IDF: each row of the input is a class (a group of documents).

    ``W(t, c) = tf(t, c) / |c| * log(1 + A / f(t))`` with ``A`` the average number of tokens per
    class and ``f(t)`` the frequency of ``t`` over all classes (Grootendorst 2022). Fitted state:
    ``idf_``.

    Example:
        >>> import scipy.sparse as sp
        >>> counts = sp.csr_matrix([[3, 1, 0], [0, 1, 3]])
        >>> weights = ClassTfidfTransformer().fit_transform(counts).toarray()
        >>> bool(weights[0, 0] > weights[0, 1]), bool(weights[1, 2] > weights[1, 1])
        (True, True)
    """

    def fit(self, X, y=None):
        """Learn ``idf_`` from a class × term count matrix; returns self."""
        totals = np.asarray(X.sum(axis=0)).ravel().astype(float)
        average = float(X.sum()) / max(X.shape[0], 1)
        self.idf_ = np.log(1 + average / np.maximum(totals, 1e-12))
        return self

    def transform(self, X, copy=True):
        """Class-normalised term frequencies times ``idf_``."""
        import scipy.sparse as sp

        check_is_fitted(self, "idf_")
        X = sp.csr_matrix(X, dtype=float, copy=copy)
        sizes = np.asarray(X.sum(axis=1)).ravel()
        X = sp.diags(1 / np.maximum(sizes, 1e-12)) @ X
        return (X @ sp.diags(self.idf_)).tocsr()


def keywords(
    dtm: DocumentTermMatrix,
    *,
    by: str | Sequence[str] | Grouping = "doc",
    method: str = "tfidf",
    top_n: int = 10,
    window: int = 5,
    collapse: bool = True,
    background: str = "jieba",
):
    """The top terms of every group.

    Args:
        dtm: a document-term matrix (see :func:`analyzer.vectorize.document_term_matrix`);
            TextRank draws its co-occurrence graph from the term order of each unit.
        by: ``doc`` for each document, a metadata field (``year``, ``region`` …), several
            fields, or a :class:`~analyzer.grouping.Grouping`.
        method: ``tfidf`` (sublinear term frequency in the group times IDF over the matrix's
            units plus general-language IDF, L2-normalised), ``ctfidf``
            (class-based TF-IDF, each group one class) or ``textrank`` (PageRank over the
            co-occurrence graph of the group's terms).
        top_n: terms per group.
        window: TextRank's co-occurrence window in tokens.
        collapse: leave out a term that nine times in ten occurs inside a longer term of the
            same group (法治思想 inside 习近平法治思想): it would only repeat the longer one.
        background: for ``tfidf``, ``jieba`` adds the general-language IDF of
            :func:`analyzer.background.general_idf` to the corpus IDF, so that words common in
            all Chinese prose (问题, 水平) do not rank as keywords of a small corpus; ``none``
            uses the corpus alone.

    Returns:
        A DataFrame with :data:`COLUMNS`: ``group``, ``term``, ``rank`` (1 = best), ``score``,
        ``count`` (occurrences of the term in the group).
    """
    check_choice("method", method, METHODS)
    check_choice("background", background, BACKGROUNDS)
    if top_n < 1:
        raise ParameterError(f"top_n={top_n} must be at least 1")
    grouping, counts, _ = dtm.group(by)
    groups = grouping.labels
    vocabulary = np.array(dtm.vocabulary, dtype=object)
    if method == "tfidf":
        weights = tfidf_weights(dtm.matrix, counts, dtm.vocabulary, background=background)
    elif method == "ctfidf":
        weights = ClassTfidfTransformer().fit_transform(counts)
    else:
        weights = textrank_scores(dtm, grouping, window=window)
    return _ranked(groups, weights, counts, vocabulary, top_n=top_n, collapse=collapse)


def keywords_within(
    dtm: DocumentTermMatrix,
    grouping: Grouping,
    *,
    top_n: int = 10,
    collapse: bool = True,
    background: str = "jieba",
):
    """TF-IDF keywords of each group from its own units only: the IDF of a group's terms is
    learned over that group's paragraphs, so a year's keywords do not depend on which other
    years are in the corpus (what ``analyzer compare --what keywords`` ranks).

    Returns:
        A DataFrame with :data:`COLUMNS`, like :func:`keywords`.
    """
    import scipy.sparse as sp

    check_choice("background", background, BACKGROUNDS)
    _, counts, _ = dtm.group(grouping)
    owners = dtm.unit_groups(grouping)
    rows = []
    for g in range(len(grouping)):
        units = dtm.matrix[np.flatnonzero(owners == g)]
        rows.append(tfidf_weights(units, counts[g], dtm.vocabulary, background=background))
    weights = sp.vstack(rows).tocsr() if rows else counts
    vocabulary = np.array(dtm.vocabulary, dtype=object)
    return _ranked(grouping.labels, weights, counts, vocabulary, top_n=top_n, collapse=collapse)


def _ranked(groups, weights, counts, vocabulary: np.ndarray, *, top_n: int, collapse: bool):
    """The keyword table: each group's present terms, best weight first, ties by count then
    by term (so that the order is reproducible)."""
    import pandas as pd

    weights = weights.tocsr() if hasattr(weights, "tocsr") else weights
    counts = counts.tocsr()
    rows = []
    for g, group in enumerate(groups):
        row = (
            np.asarray(weights[g].todense()).ravel() if hasattr(weights, "todense") else weights[g]
        )
        present = np.flatnonzero(np.asarray(counts[g].todense()).ravel() > 0)
        if not len(present):
            continue
        counts_g = np.asarray(counts[g, present].todense()).ravel()
        order = np.lexsort((vocabulary[present], -counts_g, -row[present]))
        if collapse:
            order = _without_nested(order, vocabulary[present], counts_g)
        order = order[:top_n]
        for rank, i in enumerate(order, start=1):
            term = present[i]
            rows.append(
                (group, vocabulary[term], rank, float(round(row[term], 6)), int(counts_g[i]))
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def _without_nested(order: np.ndarray, terms: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``order`` without the terms that (nine times in ten) occur inside a longer term."""
    container_count: dict[str, int] = {}
    for term, count in zip(terms.tolist(), counts.tolist(), strict=True):
        size = len(term)
        for length in range(1, size):
            for start in range(size - length + 1):
                piece = term[start : start + length]
                if container_count.get(piece, 0) < count:
                    container_count[piece] = count
    keep = [i for i in order.tolist() if container_count.get(terms[i], 0) < 0.9 * counts[i]]
    return np.array(keep, dtype=np.int64)


def tfidf_weights(units, counts, vocabulary: Sequence[str], *, background: str = "jieba"):
    """Sublinear term frequency in each group times IDF over ``units``; rows L2-normalised
    (scikit-learn's ``TfidfTransformer``, smooth IDF).

    The corpus IDF is computed over the units a matrix was built from (paragraphs by
    default), not over whole reports: nearly every term appears somewhere in a
    20,000-character report, but a formulation concentrates in a few of its paragraphs. With a
    background, the general-language IDF of :func:`analyzer.background.general_idf` is added:
    the two are minus the logs of a term's document rate in the corpus and in general Chinese,
    so their sum scores a term that is rare in both, taken as independent evidence. A small
    corpus cannot tell on its own that 问题 is common.

    Args:
        units: the units × terms count matrix the IDF is learned from.
        counts: the groups × terms count matrix to weigh.
        vocabulary: the terms (for the background).
        background: ``jieba`` or ``none``.
    """
    transformer = TfidfTransformer(sublinear_tf=True).fit(units)
    if background == "jieba":
        transformer.idf_ = transformer.idf_ + general_idf(vocabulary)
    return transformer.transform(counts).tocsr()


def textrank_scores(dtm: DocumentTermMatrix, grouping: Grouping, *, window: int = 5) -> np.ndarray:
    """PageRank of every term in each group's co-occurrence graph (groups × terms array).

    Terms are linked when they occur within ``window`` tokens of each other in a unit; the
    graph is undirected and weighted by co-occurrence counts (Mihalcea & Tarau 2004), and
    PageRank runs with damping 0.85 by power iteration.
    """
    import scipy.sparse as sp

    column = {t: i for i, t in enumerate(dtm.vocabulary)}
    scores = np.zeros((len(grouping), len(dtm.vocabulary)))
    edges: dict[int, list[tuple[int, int]]] = {}
    for u, g in enumerate(dtm.unit_groups(grouping).tolist()):
        if g < 0:
            continue
        terms = [column[t] for t in dtm.terms[u] if t in column]
        pairs = edges.setdefault(g, [])
        for i, a in enumerate(terms):
            for b in terms[i + 1 : i + window]:
                if a != b:
                    pairs.append((a, b))
    size = len(dtm.vocabulary)
    for g, pairs in edges.items():
        if not pairs:
            continue
        a, b = np.array(pairs).T
        graph = sp.coo_matrix((np.ones(len(a)), (a, b)), shape=(size, size)).tocsr()
        graph = graph + graph.T
        nodes = np.unique(np.concatenate([a, b]))
        sub = graph[nodes][:, nodes]
        out = np.asarray(sub.sum(axis=1)).ravel()
        transition = (sp.diags(1 / np.maximum(out, 1e-12)) @ sub).T.tocsr()
        rank = np.full(len(nodes), 1 / len(nodes))
        for _ in range(100):
            updated = 0.15 / len(nodes) + 0.85 * (transition @ rank)
            if np.abs(updated - rank).sum() < 1e-10:
                rank = updated
                break
            rank = updated
        scores[g, nodes] = rank
    return scores
