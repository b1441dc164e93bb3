"""Year over year (or place by place): ranked lists per group, what rose, fell, appeared and
vanished; exact trends; phrase timelines; keyword in context.

Every count here is exact on the cleaned text: the occurrences of a phrase in each document
(``str.count`` semantics, so a phrase broken by a hard line break in the source counts, once
cleaning has joined the line, and text removed by cleaning does not). Every group is computed
from its own documents only. "Previous" is the previous *available* group, named in
``prev_group``, with ``gap`` the number of missing years in between (the national reports have
no 2020: 2021 is compared with 2019 and ``gap`` is 1).

References:
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    Computational Linguistics 19(1).
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .corpus import Corpus, Grouping
from .errors import AnalyzerError, ParameterError, check_choice
from .numerals import COUNTING_RULE, occurrences

__all__ = [
    "COMPARE_COLUMNS",
    "KWIC_COLUMNS",
    "TIMELINE_COLUMNS",
    "TREND_COLUMNS",
    "WHAT",
    "GroupCounts",
    "compare",
    "count_by_group",
    "kwic",
    "rank_changes",
    "timeline",
    "trend",
]

WHAT = ("phrases", "keywords", "themes", "topics", "pairs")
COMPARE_COLUMNS = [
    "group", "term", "rank", "count", "per_10k", "prev_group", "prev_rank", "change",
    "delta_per_10k", "g2", "p_adj", "gap",
]  # fmt: skip
TREND_COLUMNS = ["group", "term", "count", "per_10k"]
TIMELINE_COLUMNS = [
    "phrase", "first_year", "last_year", "years_present", "peak_year", "peak_per_10k",
    "lifespan", "status", "count",
]  # fmt: skip
KWIC_COLUMNS = ["id", "year", "offset", "left", "term", "right"]


@dataclass
class GroupCounts:
    """Exact counts of terms in each group.

    Attributes:
        groups: group values in order.
        terms: the terms (columns).
        counts: groups × terms array of exact occurrence counts.
        chars: characters of cleaned text per group.
        grouping: the grouping (with the documents left out for lack of a value).
    """

    groups: list
    terms: list[str]
    counts: np.ndarray
    chars: np.ndarray
    grouping: Grouping

    def per_10k(self) -> np.ndarray:
        """Occurrences per 10,000 characters of each group's cleaned text."""
        return self.counts / np.maximum(self.chars, 1)[:, None] * 10_000


def _grouping(corpus: Corpus, by: str, start: Any = None, end: Any = None) -> Grouping:
    if not len(corpus):
        raise AnalyzerError("the corpus has no document: nothing to compare")
    grouping = (
        corpus.group_by(by) if by != "doc" else Grouping("doc", {d.id: [d] for d in corpus}, [])
    )
    if start is not None or end is not None:
        kept = {}
        for value, docs in grouping.groups.items():
            if start is not None and _before(value, start):
                continue
            if end is not None and _before(end, value):
                continue
            kept[value] = docs
        if not kept:
            raise AnalyzerError(f"no {by} between {start} and {end}")
        grouping = Grouping(grouping.by, kept, grouping.excluded)
    if not grouping.groups:
        raise AnalyzerError(f"no document has a {by}: nothing to group (see `analyzer info`)")
    return grouping


def _before(a: Any, b: Any) -> bool:
    try:
        return float(a) < float(b)
    except (TypeError, ValueError):
        return str(a) < str(b)


def count_by_group(
    corpus: Corpus,
    terms: Sequence[str],
    *,
    by: str = "year",
    start=None,
    end=None,
    cache=None,
    known: dict | None = None,
) -> GroupCounts:
    """Exact counts of each term in each group's cleaned text (cached per document when a
    :class:`~analyzer.cache.Cache` is given).

    >>> corpus = Corpus.from_texts(["扫黑除恶，扫黑\\n\\n除恶。", "枫桥经验。"], years=[2019, 2020])
    >>> count_by_group(corpus, ["扫黑除恶", "枫桥经验"]).counts.tolist()
    [[1, 0], [0, 1]]
    """
    grouping = _grouping(corpus, by, start, end)
    groups = list(grouping.groups)
    docs = [d for g in groups for d in grouping.groups[g]]
    owner = np.array([i for i, g in enumerate(groups) for _ in grouping.groups[g]], dtype=np.int64)
    terms = list(terms)
    counts = np.zeros((len(groups), len(terms)), dtype=np.int64)
    if terms and docs:
        if known is not None:
            empty = np.zeros(len(terms), dtype=np.int64)
            matrix = np.array([known.get(d.id, empty) for d in docs], dtype=np.int64)
        else:
            matrix = _document_counts([d.text for d in docs], terms, cache)
        np.add.at(counts, owner, matrix)
    chars = np.array([sum(d.chars for d in grouping.groups[g]) for g in groups], dtype=float)
    return GroupCounts(groups, terms, counts, chars, grouping)


def _document_counts(texts: list[str], terms: list[str], cache) -> np.ndarray:
    """Documents × terms matrix of exact counts."""
    from .cache import content_key
    from .index import TextIndex

    key = None
    if cache is not None and cache.enabled:
        key = content_key("counts", COUNTING_RULE, "\x1f".join(terms), *texts)
        found = cache.get("counts", key)
        if found is not None and found.shape == (len(texts), len(terms)):
            return found
    index = TextIndex(texts)
    ids, starts = index.hits(terms)
    matrix = np.zeros((len(texts), len(terms)), dtype=np.int64)
    np.add.at(matrix, (index.document_of(starts), ids), 1)
    if key is not None:
        cache.put("counts", key, matrix)
    return matrix


def _g2_against(counts_a: np.ndarray, size_a: float, counts_b: np.ndarray, size_b: float):
    """G² of each term's count in group a against group b, sizes in characters."""
    from .keyness import log_likelihood

    a = np.append(counts_a.astype(float), max(size_a - counts_a.sum(), 0))
    b = np.append(counts_b.astype(float), max(size_b - counts_b.sum(), 0))
    # log_likelihood compares each row against the column totals: the two sizes.
    g2, p = log_likelihood(a, b)
    return g2[:-1], p[:-1]


def rank_changes(ranked: dict[Any, list[tuple[str, float, int]]], sizes: dict[Any, float],
                 counts_of, top_n: int) -> list[tuple]:  # fmt: skip
    """Rows of the comparison table from each group's ranked list.

    Args:
        ranked: group → [(term, per_10k, count), …] best first (the whole ranking).
        sizes: group → characters.
        counts_of: function (group, term) → count in that group.
        top_n: rows per group; terms of the previous group's top that fell out are added as
            ``dropped``.
    """
    from .keyness import _benjamini_hochberg

    groups = list(ranked)
    rows: list[tuple] = []
    previous = None
    for group in groups:
        full = ranked[group]
        rank_of = {term: i + 1 for i, (term, _, _) in enumerate(full)}
        top = full[:top_n]
        block = []
        prev_rank_of = {}
        prev_top: list[str] = []
        if previous is not None:
            prev_full = ranked[previous]
            prev_rank_of = {term: i + 1 for i, (term, _, _) in enumerate(prev_full)}
            prev_top = [t for t, _, _ in prev_full[:top_n]]
        listed = [t for t, _, _ in top]
        dropped = [t for t in prev_top if t not in listed]
        for term in listed + dropped:
            count = counts_of(group, term)
            per_10k = count / max(sizes[group], 1) * 10_000
            rank = rank_of.get(term)
            if previous is None:
                block.append(
                    [group, term, rank, count, per_10k, None, None, "new", None, None, None]
                )
                continue
            prev_count = counts_of(previous, term)
            prev_rank = prev_rank_of.get(term)
            prev_per_10k = prev_count / max(sizes[previous], 1) * 10_000
            if term in dropped:
                change = "dropped"
            elif prev_rank is None or prev_rank > top_n:
                change = "new"
            elif rank < prev_rank:
                change = "up"
            elif rank > prev_rank:
                change = "down"
            else:
                change = "same"
            block.append([group, term, rank, count, per_10k, previous,
                          prev_rank, change, per_10k - prev_per_10k, prev_count, None])  # fmt: skip
        if previous is not None and block:
            here = np.array([r[3] for r in block], dtype=float)
            there = np.array([r[9] for r in block], dtype=float)
            g2, p = _g2_against(here, sizes[group], there, sizes[previous])
            adjusted = _benjamini_hochberg(p)
            for r, value, q in zip(block, g2, adjusted, strict=True):
                r[9], r[10] = float(value), float(q)
        rows.extend(tuple(r) for r in block)
        previous = group
    return rows


def compare(
    corpus: Corpus,
    *,
    by: str = "year",
    what: str = "phrases",
    top_n: int = 20,
    start: Any = None,
    end: Any = None,
    phrases: Sequence[str] | None = None,
    cache=None,
    **options: Any,
):
    """Ranked lists for every group, with how each term moved against the previous group.

    Args:
        corpus: the documents.
        by: ``year`` or any metadata field (``region``, ``source`` …).
        what: ``phrases`` (exact counts of the corpus' discovered phrases and lexicon entries),
            ``keywords`` (TF-IDF within each group), ``themes`` (theme-dictionary hits),
            ``topics`` (topic shares) or ``pairs`` (localised phrases beside their national
            counterpart).
        top_n: rows per group (plus the previous group's top terms that dropped out).
        start, end: keep groups between these values (inclusive).
        phrases: the terms for ``what="phrases"`` (default: discovered, top 500).
        cache: a :class:`~analyzer.cache.Cache` for discovery and tokens.
        options: passed on: ``themes`` (a ThemeDictionary), ``k``/``seed`` for topics.

    Returns:
        A DataFrame with :data:`COMPARE_COLUMNS`: ``rank`` within the group (by count), ``count``
        and ``per_10k`` (per 10,000 characters of the group's cleaned text), ``prev_group`` and
        ``prev_rank``, ``change`` (new, up, down, same, dropped), ``delta_per_10k``, ``g2`` and
        ``p_adj`` (G² of the count against the previous group, Benjamini-Hochberg adjusted),
        ``gap`` (missing years between the group and the previous one).

    Example:
        >>> corpus = Corpus.from_texts(["扫黑除恶。扫黑除恶。", "扫黑除恶。枫桥经验。枫桥经验。"], years=[2019, 2021])
        >>> table = compare(corpus, phrases=["扫黑除恶", "枫桥经验"], top_n=1)
        >>> table[["group", "term", "rank", "change", "prev_group", "gap"]].values.tolist()
        [[2019, '扫黑除恶', 1, 'new', None, <NA>], [2021, '枫桥经验', 1, 'new', 2019, 1], [2021, '扫黑除恶', 2, 'dropped', 2019, 1]]
    """
    import pandas as pd

    check_choice("what", what, WHAT)
    if top_n < 1:
        raise ParameterError(f"top_n={top_n} must be at least 1")
    if what == "pairs":
        return _pairs(corpus, by=by, start=start, end=end, cache=cache)
    if what == "phrases":
        known = None
        if phrases is None:
            terms, known = _discovered(corpus, cache)
        else:
            terms = list(phrases)
        counted = count_by_group(
            corpus, terms, by=by, start=start, end=end, cache=cache, known=known
        )
        ranked, counts_of = _rank_counts(counted)
        sizes = dict(zip(counted.groups, counted.chars, strict=True))
    elif what == "themes":
        ranked, counts_of, sizes = _theme_ranks(corpus, by, start, end, options.get("themes"))
    elif what == "keywords":
        ranked, counts_of, sizes = _keyword_ranks(corpus, by, start, end, cache, options)
    else:
        ranked, counts_of, sizes = _topic_ranks(corpus, by, start, end, cache, options)
    rows = rank_changes(ranked, sizes, counts_of, top_n)
    frame = pd.DataFrame(
        [(*r, _gap(r[0], r[5])) for r in rows], columns=COMPARE_COLUMNS, dtype=object
    )
    for column in ("rank", "count", "prev_rank", "gap"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    for column in ("per_10k", "delta_per_10k", "g2", "p_adj"):
        frame[column] = (
            pd.to_numeric(frame[column], errors="coerce")
            .astype(float)
            .round(6 if column == "p_adj" else 4)
        )
    return frame


def _gap(group: Any, previous: Any) -> int | None:
    if previous is None or previous != previous:
        return None
    try:
        return max(int(group) - int(previous) - 1, 0)
    except (TypeError, ValueError):
        return None


def _default_phrases(corpus: Corpus, cache, top_n: int = 500) -> list[str]:
    return _discovered(corpus, cache, top_n)[0]


def _discovered(corpus: Corpus, cache, top_n: int = 500):
    """The top discovered phrases, and their per-document counts when discovery just made them
    (document id → count vector), so they need not be counted again."""
    from .phrases import PhraseDiscoverer

    discoverer = PhraseDiscoverer().fit(corpus, cache=cache)
    terms = discoverer.table(top_n)["phrase"].tolist()
    matrix = getattr(discoverer, "doc_counts_", None)
    if matrix is None:
        return terms, None
    dense = matrix[:, : len(terms)].toarray()
    return terms, dict(zip(discoverer.doc_ids_, dense, strict=True))


def _rank_counts(counted: GroupCounts):
    ranked = {}
    per_10k = counted.per_10k()
    terms = np.array(counted.terms, dtype=object)
    for g, group in enumerate(counted.groups):
        present = np.flatnonzero(counted.counts[g] > 0)
        order = present[np.lexsort((terms[present], -counted.counts[g, present]))]
        ranked[group] = [(terms[i], per_10k[g, i], int(counted.counts[g, i])) for i in order]
    column = {t: i for i, t in enumerate(counted.terms)}
    row = {g: i for i, g in enumerate(counted.groups)}

    def counts_of(group, term) -> int:
        return int(counted.counts[row[group], column[term]])

    return ranked, counts_of


def _theme_ranks(corpus, by, start, end, themes):
    from .themes import theme_table

    grouping = _grouping(corpus, by, start, end)
    table = theme_table(
        Corpus([d for docs in grouping.groups.values() for d in docs]), themes, by=by
    )
    ranked, counts, sizes = {}, {}, {}
    for group, block in table.groupby("group", sort=False):
        block = block[block["hits"] > 0].sort_values(["hits", "theme"], ascending=[False, True])
        ranked[group] = [
            (t, float(r), int(h))
            for t, r, h in zip(block["theme"], block["per_10k"], block["hits"], strict=True)
        ]
    for row in table.itertuples():
        counts[(row.group, row.theme)] = int(row.hits)
        sizes[row.group] = float(row.chars)
    ordered = {g: ranked.get(g, []) for g in grouping.groups}
    return ordered, lambda group, term: counts.get((group, term), 0), sizes


def _keyword_ranks(corpus, by, start, end, cache, options):
    """Each group's keywords from its own documents only: TF-IDF with IDF over its paragraphs."""
    from .keywords import keywords
    from .stopwords import load_stopwords
    from .vectorize import document_term_matrix, phrase_segmenter

    grouping = _grouping(corpus, by, start, end)
    segmenter = options.get("segmenter") or phrase_segmenter(corpus, cache=cache)
    stop = options.get("stopwords") or load_stopwords(["function", "boilerplate"])
    ranked, counts, sizes = {}, {}, {}
    for group, docs in grouping.groups.items():
        sub = Corpus(docs)
        dtm = document_term_matrix(
            sub, segmenter=segmenter, unit="paragraph", stopwords=stop, cache=cache
        )
        sizes[group] = float(sum(d.chars for d in docs))
        dtm.units["_all"] = "all"
        table = keywords(dtm, by="_all", method="tfidf", top_n=max(200, options.get("depth", 200)))
        ranked[group] = [
            (t, c / sizes[group] * 10_000, int(c))
            for t, c in zip(table["term"], table["count"], strict=True)
        ]
        totals = np.asarray(dtm.matrix.sum(axis=0)).ravel()
        counts[group] = dict(zip(dtm.vocabulary, totals.tolist(), strict=True))
    return ranked, lambda group, term: int(counts[group].get(term, 0)), sizes


def _topic_ranks(corpus, by, start, end, cache, options):
    from .stopwords import load_stopwords
    from .topics import TOPIC_MAX_DF, TOPIC_MIN_DF, TopicModel
    from .vectorize import document_term_matrix, phrase_segmenter

    grouping = _grouping(corpus, by, start, end)
    docs = Corpus([d for group in grouping.groups.values() for d in group])
    segmenter = options.get("segmenter") or phrase_segmenter(corpus, cache=cache)
    dtm = document_term_matrix(docs, segmenter=segmenter, unit="paragraph",
                               stopwords=load_stopwords(["function", "boilerplate"]), min_df=TOPIC_MIN_DF,
                               max_df=TOPIC_MAX_DF, cache=cache)  # fmt: skip
    model = TopicModel(
        k=options.get("k", 10), method=options.get("method", "lda"), seed=options.get("seed", 0)
    ).fit(dtm)
    shares = model.topics_by(by)
    ranked, values, sizes = {}, {}, {}
    for group, block in shares.groupby("group", sort=True):
        block = block.sort_values(["share", "label"], ascending=[False, True])
        ranked[group] = [
            (label, share * 10_000, round(share * 10_000))
            for label, share in zip(block["label"], block["share"], strict=True)
        ]
        for label, share in zip(block["label"], block["share"], strict=True):
            values[(group, label)] = round(share * 10_000)
        sizes[group] = 10_000.0
    return ranked, lambda group, term: values.get((group, term), 0), sizes


def _pairs(corpus: Corpus, *, by: str, start, end, cache):
    """Localised phrases beside their counterparts, per group (平安甘肃 ~ 平安中国)."""
    import pandas as pd

    from .phrases import PhraseDiscoverer

    table = PhraseDiscoverer().fit(corpus, cache=cache).table_
    pairs = table[table["pair"].notna()][["phrase", "pair"]].drop_duplicates()
    columns = ["group", "term", "pair", "count", "pair_count", "per_10k", "pair_per_10k"]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    terms = list(dict.fromkeys([*pairs["phrase"], *pairs["pair"]]))
    counted = count_by_group(corpus, terms, by=by, start=start, end=end)
    per_10k = counted.per_10k()
    column = {t: i for i, t in enumerate(terms)}
    rows = []
    for g, group in enumerate(counted.groups):
        for phrase, pair in zip(pairs["phrase"], pairs["pair"], strict=True):
            a, b = column[phrase], column[pair]
            rows.append((group, phrase, pair, int(counted.counts[g, a]), int(counted.counts[g, b]),
                         round(per_10k[g, a], 4), round(per_10k[g, b], 4)))  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def trend(corpus: Corpus, terms: Iterable[str], *, by: str = "year", start=None, end=None):
    """Count and rate of each term in every group, zeros included (a long table).

    Example:
        >>> corpus = Corpus.from_texts(["放管服。", "无关。", "放管服，放管服。"], years=[2016, 2017, 2019])
        >>> trend(corpus, ["放管服"])[["group", "count"]].values.tolist()
        [[2016, 1], [2017, 0], [2019, 2]]
    """
    import pandas as pd

    terms = [t for t in dict.fromkeys(terms) if t]
    if not terms:
        raise ParameterError("give at least one term")
    counted = count_by_group(corpus, terms, by=by, start=start, end=end)
    per_10k = counted.per_10k()
    rows = [
        (group, term, int(counted.counts[g, t]), round(float(per_10k[g, t]), 4))
        for t, term in enumerate(terms)
        for g, group in enumerate(counted.groups)
    ]
    return pd.DataFrame(rows, columns=TREND_COLUMNS)


def timeline(
    corpus: Corpus,
    phrases: Sequence[str] | None = None,
    *,
    by: str = "year",
    recent: int = 3,
    cache=None,
    top_n: int = 200,
):
    """The life of each phrase: first and last year, years present, peak, lifespan, status.

    Status: ``emerging`` (first seen in the last ``recent`` groups, even once: a formulation
    new in the latest report is news), ``one-off`` (present in a single earlier group only),
    ``fading`` (absent from the last ``recent`` groups after recurring in two or more),
    ``persistent`` (recurring, and still present recently). ``lifespan`` counts the years from
    first to last, missing years included, for year groups (the number of groups present
    otherwise).

    Example:
        >>> corpus = Corpus.from_texts(["甲乙。", "甲乙。丙丁。庚辛。", "丙丁。", "丙丁。戊己。"], years=[2018, 2019, 2020, 2021])
        >>> t = timeline(corpus, ["甲乙", "丙丁", "戊己", "庚辛"], recent=1).set_index("phrase")
        >>> t["status"].to_dict()
        {'戊己': 'emerging', '丙丁': 'persistent', '甲乙': 'fading', '庚辛': 'one-off'}
    """
    import pandas as pd

    terms = list(phrases) if phrases is not None else _default_phrases(corpus, cache, top_n)
    counted = count_by_group(corpus, terms, by=by)
    groups = counted.groups
    per_10k = counted.per_10k()
    rows = []
    for t, term in enumerate(terms):
        present = np.flatnonzero(counted.counts[:, t] > 0)
        if not len(present):
            continue
        first, last = present[0], present[-1]
        peak = int(np.argmax(per_10k[:, t]))
        if first >= len(groups) - recent:
            status = "emerging"
        elif len(present) == 1:
            status = "one-off"
        elif last < len(groups) - recent:
            status = "fading"
        else:
            status = "persistent"
        lifespan = _gap(groups[last], groups[first])
        rows.append((term, groups[first], groups[last], len(present), groups[peak],
                     round(float(per_10k[peak, t]), 4),
                     lifespan + 2 if lifespan is not None else len(present), status,
                     int(counted.counts[:, t].sum())))  # fmt: skip
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    order = {"emerging": 0, "persistent": 1, "fading": 2, "one-off": 3}
    frame = frame.sort_values(["status", "count", "phrase"], key=lambda s: s.map(order) if s.name == "status" else s,
                              ascending=[True, False, True], kind="stable")  # fmt: skip
    return frame.reset_index(drop=True)


def kwic(corpus: Corpus, term: str, *, window: int = 20, by: str | None = None):
    """Keyword in context: every exact occurrence of ``term`` with its document, year, character
    offset in the cleaned text, and ``window`` characters on each side (line breaks shown as ⏎).
    The occurrences are those every count is made of (:func:`analyzer.numerals.occurrences`).

    Example:
        >>> corpus = Corpus.from_texts(["要深入开展扫黑除恶专项斗争。"], years=[2019])
        >>> kwic(corpus, "扫黑除恶", window=4).values.tolist()
        [['doc1', 2019, 5, '深入开展', '扫黑除恶', '专项斗争']]
    """
    import pandas as pd

    if not term:
        raise ParameterError("give a term to look for")
    documents = corpus.documents
    if by is not None:
        grouping = _grouping(corpus, by)
        documents = [d for docs in grouping.groups.values() for d in docs]
    rows = []
    for doc in documents:
        # The occurrences every count is made of (九五 is not found inside 一九九五年).
        for start in occurrences(doc.text, term):
            left = doc.text[max(0, start - window) : start].replace("\n", "⏎")
            right = doc.text[start + len(term) : start + len(term) + window].replace("\n", "⏎")
            rows.append((doc.id, doc.year, start, left, term, right))
    frame = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    return frame
