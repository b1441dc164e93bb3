"""Year over year (or place by place): ranked lists per group, what rose, fell, appeared and
vanished; exact trends; phrase timelines; keyword in context.

Every count here follows the one counting rule of :mod:`analyzer.occurrences`: exact occurrences
in the cleaned text (a phrase broken by a hard line break in the source counts once cleaning has
joined the line; text removed by cleaning does not). Every group is computed from its own
documents only, over the whole :class:`~analyzer.grouping.Grouping`; ``start``/``end`` then
choose which groups are shown, so a filter never changes a number. "Previous" is the previous
*available* group (:attr:`Grouping.previous`), named in ``prev_group``, with ``gap`` the number
of missing years in between (the national reports have no 2020: 2021 is compared with 2019 and
``gap`` is 1).

These functions take data already computed (documents × terms counts, rankings); the analysis
layer (:mod:`analyzer.pipeline`) chains discovery, segmentation and counting in front of them.

References:
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    Computational Linguistics 19(1).
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B 57(1).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .corpus import Corpus
from .errors import AnalyzerError, ParameterError
from .grouping import Grouping
from .keyness import benjamini_hochberg, log_likelihood
from .occurrences import find

__all__ = [
    "COMPARE_COLUMNS",
    "KWIC_COLUMNS",
    "PAIRS_COLUMNS",
    "TIMELINE_COLUMNS",
    "TREND_COLUMNS",
    "WHAT",
    "compare",
    "count_ranking",
    "kwic",
    "pairs_table",
    "rank_changes",
    "timeline",
    "timeline_table",
    "trend",
    "trend_table",
]

WHAT = ("phrases", "keywords", "themes", "topics", "pairs")
COMPARE_COLUMNS = [
    "group", "term", "rank", "count", "per_10k", "prev_group", "prev_rank", "change",
    "delta_per_10k", "g2", "p_adj", "gap",
]  # fmt: skip
#: Columns added after :data:`COMPARE_COLUMNS`: for topic rows, which carry shares, not counts.
SHARE_COLUMNS = ["share", "delta_share"]
TREND_COLUMNS = ["group", "term", "count", "per_10k"]
TIMELINE_COLUMNS = [
    "phrase", "first_year", "last_year", "years_present", "peak_year", "peak_per_10k",
    "lifespan", "status", "count",
]  # fmt: skip
KWIC_COLUMNS = ["id", "year", "offset", "left", "term", "right"]
PAIRS_COLUMNS = ["group", "term", "pair", "count", "pair_count", "per_10k", "pair_per_10k"]


def _require(grouping: Grouping) -> None:
    if not grouping.documents:
        raise AnalyzerError("the corpus has no document: nothing to compare")
    if not len(grouping):
        raise AnalyzerError(
            f"no document has a {grouping.name}: nothing to group (see `analyzer info`)"
        )


def _shown(grouping: Grouping, start: Any, end: Any) -> np.ndarray:
    shown = grouping.selected(start, end)
    if len(grouping) and not shown.any():
        raise AnalyzerError(f"no {grouping.by[0]} between {start} and {end}")
    return shown


def with_fields(frame, grouping: Grouping):
    """Add one column per field of a several-field grouping (the ``group`` column holds the
    joined label); a one-field grouping needs none."""
    if len(grouping.by) < 2 or "group" not in frame:
        return frame
    position = {label: i for i, label in enumerate(grouping.labels)}
    for f, name in enumerate(grouping.by):
        values = [grouping.keys[position[g]][f] if g in position else None for g in frame["group"]]
        frame[name] = values
    return frame


def count_ranking(counts: np.ndarray) -> list[np.ndarray]:
    """Each group's terms with a count above zero, most frequent first, ties by column.

    Args:
        counts: groups × terms counts.
    """
    ranking = []
    for row in np.asarray(counts):
        present = np.flatnonzero(row > 0)
        ranking.append(present[np.lexsort((present, -row[present]))])
    return ranking


def rank_changes(
    grouping: Grouping,
    terms: Sequence[str],
    ranking: Sequence[np.ndarray],
    values: np.ndarray,
    *,
    top_n: int,
    sizes: np.ndarray | None = None,
    start: Any = None,
    end: Any = None,
):
    """The comparison table: each group's top terms, and how each moved against the previous
    available group.

    Args:
        grouping: the groups (their order and previous groups).
        terms: the terms (columns of ``values``).
        ranking: for each group, its term numbers best first (the whole ranking).
        values: groups × terms: counts (with ``sizes``) or shares (``sizes`` None).
        top_n: rows per group; terms of the previous group's top that fell out are added as
            ``dropped``.
        sizes: characters per group, when ``values`` are counts: rates per 10,000 characters
            and Dunning's G² against the previous group are given. Shares get neither count
            nor test: ``share`` and ``delta_share`` instead.
        start, end: which groups to show (first-field values, inclusive); the numbers of a
            shown group do not depend on them.
    """
    import pandas as pd

    if top_n < 1:
        raise ParameterError(f"top_n={top_n} must be at least 1")
    terms = np.asarray(list(terms), dtype=object)
    values = np.asarray(values, dtype=float)
    counts = sizes is not None
    rates = values / np.maximum(sizes, 1)[:, None] * 10_000 if counts else values
    shown = _shown(grouping, start, end)
    rows = []
    for g in np.flatnonzero(shown).tolist():
        full = np.asarray(ranking[g], dtype=np.int64)
        rank_of = {int(t): r + 1 for r, t in enumerate(full.tolist())}
        listed = full[:top_n].tolist()
        previous = grouping.previous[g]
        prev_rank_of: dict[int, int] = {}
        dropped: list[int] = []
        if previous is not None:
            prev_full = np.asarray(ranking[previous], dtype=np.int64).tolist()
            prev_rank_of = {int(t): r + 1 for r, t in enumerate(prev_full)}
            dropped = [t for t in prev_full[:top_n] if t not in set(listed)]
        block = []
        members = listed + dropped
        for t in members:
            rank = rank_of.get(t)
            row = {"group": grouping.labels[g], "term": terms[t], "rank": rank}
            if previous is None:
                change, prev_rank, delta = "new", None, None
            else:
                prev_rank = prev_rank_of.get(t)
                delta = rates[g, t] - rates[previous, t]
                if t in dropped:
                    change = "dropped"
                elif prev_rank is None or prev_rank > top_n:
                    change = "new"
                else:
                    change = "up" if rank < prev_rank else "down" if rank > prev_rank else "same"
            row.update(
                prev_group=grouping.labels[previous] if previous is not None else None,
                prev_rank=prev_rank, change=change, gap=grouping.gap(g),
            )  # fmt: skip
            if counts:
                row.update(count=int(values[g, t]), per_10k=rates[g, t], delta_per_10k=delta)
            else:
                row.update(share=values[g, t], delta_share=delta)
            block.append(row)
        if counts and previous is not None and block:
            here, there = values[g, members], values[previous, members]
            g2, p = _g2_against(here, sizes[g], there, sizes[previous])
            for r, value, q in zip(block, g2, benjamini_hochberg(p), strict=True):
                r["g2"], r["p_adj"] = float(value), float(q)
        rows.extend(block)
    frame = pd.DataFrame(rows, columns=[*COMPARE_COLUMNS, *SHARE_COLUMNS], dtype=object)
    for column in ("rank", "count", "prev_rank", "gap"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    for column in ("per_10k", "delta_per_10k", "g2", "p_adj", "share", "delta_share"):
        frame[column] = (
            pd.to_numeric(frame[column], errors="coerce")
            .astype(float)
            .round(6 if column in ("p_adj", "share", "delta_share") else 4)
        )
    if counts:
        frame = frame.drop(columns=SHARE_COLUMNS)
    return with_fields(frame, grouping)


def _g2_against(counts_a: np.ndarray, size_a: float, counts_b: np.ndarray, size_b: float):
    """G² of each term's count in group a against group b, sizes in characters."""
    a = np.append(counts_a.astype(float), max(size_a - counts_a.sum(), 0))
    b = np.append(counts_b.astype(float), max(size_b - counts_b.sum(), 0))
    # log_likelihood compares each row against the column totals: the two sizes.
    g2, p = log_likelihood(a, b)
    return g2[:-1], p[:-1]


def compare(
    corpus: Corpus,
    phrases: Sequence[str],
    *,
    by: str | Sequence[str] | Grouping = "year",
    top_n: int = 20,
    start: Any = None,
    end: Any = None,
    counts: np.ndarray | None = None,
):
    """Ranked lists of the given phrases in every group, by exact count, with how each moved
    against the previous group.

    Args:
        corpus: the documents.
        phrases: the terms to rank (the analysis layer passes the discovered phrases).
        by: a field, several fields, or a Grouping of ``corpus``.
        top_n: rows per group (plus the previous group's top terms that dropped out).
        start, end: show the groups between these values (inclusive); numbers unchanged.
        counts: documents × phrases counts when already made (see
            :func:`analyzer.occurrences.count_matrix`).

    Returns:
        A DataFrame with :data:`COMPARE_COLUMNS`: ``rank`` within the group (by count), ``count``
        and ``per_10k`` (per 10,000 characters of the group's cleaned text), ``prev_group`` and
        ``prev_rank``, ``change`` (new, up, down, same, dropped), ``delta_per_10k``, ``g2`` and
        ``p_adj`` (G² of the count against the previous group, Benjamini-Hochberg adjusted
        over the group's rows), ``gap`` (missing years between the group and the previous
        one); with several fields, one more column per field.

    Example:
        >>> corpus = Corpus.from_texts(["扫黑除恶。扫黑除恶。", "扫黑除恶。枫桥经验。枫桥经验。"], years=[2019, 2021])
        >>> table = compare(corpus, ["扫黑除恶", "枫桥经验"], top_n=1)
        >>> table[["group", "term", "rank", "change", "prev_group", "gap"]].values.tolist()
        [[2019, '扫黑除恶', 1, 'new', None, <NA>], [2021, '枫桥经验', 1, 'new', 2019, 1], [2021, '扫黑除恶', 2, 'dropped', 2019, 1]]
    """
    grouping = by if isinstance(by, Grouping) else corpus.group_by(by)
    _require(grouping)
    phrases = list(phrases)
    if counts is None:
        counts = find([d.text for d in corpus], phrases).counts()
    grouped = grouping.sum(counts)
    return rank_changes(grouping, phrases, count_ranking(grouped), grouped, top_n=top_n,
                        sizes=grouping.chars(), start=start, end=end)  # fmt: skip


def pairs_table(grouping: Grouping, pairs: Sequence[tuple[str, str]], counts: np.ndarray,
                terms: Sequence[str], *, start: Any = None, end: Any = None):  # fmt: skip
    """Localised phrases beside their counterparts, per group (平安甘肃 ~ 平安中国).

    Args:
        grouping: the groups.
        pairs: (phrase, counterpart) pairs.
        counts: documents × ``terms`` counts, holding both sides of every pair.
        terms: the columns of ``counts``.
        start, end: which groups to show.
    """
    import pandas as pd

    _require(grouping)
    shown = _shown(grouping, start, end)
    grouped = grouping.sum(counts)
    rates = grouped / np.maximum(grouping.chars(), 1)[:, None] * 10_000
    column = {t: i for i, t in enumerate(terms)}
    rows = []
    for g in np.flatnonzero(shown).tolist():
        for phrase, pair in pairs:
            a, b = column[phrase], column[pair]
            rows.append((grouping.labels[g], phrase, pair, int(grouped[g, a]), int(grouped[g, b]),
                         round(float(rates[g, a]), 4), round(float(rates[g, b]), 4)))  # fmt: skip
    return with_fields(pd.DataFrame(rows, columns=PAIRS_COLUMNS), grouping)


def trend_table(grouping: Grouping, terms: Sequence[str], counts: np.ndarray, *,
                start: Any = None, end: Any = None):  # fmt: skip
    """Count and per_10k of each term in every group, zeros included (a long table, term by
    term)."""
    import pandas as pd

    _require(grouping)
    shown = np.flatnonzero(_shown(grouping, start, end)).tolist()
    grouped = grouping.sum(counts)
    rates = grouped / np.maximum(grouping.chars(), 1)[:, None] * 10_000
    rows = [
        (grouping.labels[g], term, int(grouped[g, t]), round(float(rates[g, t]), 4))
        for t, term in enumerate(terms)
        for g in shown
    ]
    return with_fields(pd.DataFrame(rows, columns=TREND_COLUMNS), grouping)


def trend(corpus: Corpus, terms: Sequence[str], *, by: str | Sequence[str] | Grouping = "year",
          start: Any = None, end: Any = None):  # fmt: skip
    """Count and rate of each term in every group, zeros included (a long table).

    Example:
        >>> corpus = Corpus.from_texts(["放管服。", "无关。", "放管服，放管服。"], years=[2016, 2017, 2019])
        >>> trend(corpus, ["放管服"])[["group", "count"]].values.tolist()
        [[2016, 1], [2017, 0], [2019, 2]]
    """
    terms = [t for t in dict.fromkeys(terms) if t]
    if not terms:
        raise ParameterError("give at least one term")
    grouping = by if isinstance(by, Grouping) else corpus.group_by(by)
    counts = find([d.text for d in corpus], terms).counts()
    return trend_table(grouping, terms, counts, start=start, end=end)


def timeline_table(grouping: Grouping, terms: Sequence[str], counts: np.ndarray, *,
                   recent: int = 3):  # fmt: skip
    """The life of each term over the groups (see :func:`timeline`)."""
    import pandas as pd

    _require(grouping)
    if recent < 1:
        raise ParameterError(f"recent={recent} must be at least 1")
    labels = grouping.labels
    values = grouping.first_values()
    numeric = all(isinstance(v, (int, np.integer)) for v in values)
    grouped = grouping.sum(counts)
    rates = grouped / np.maximum(grouping.chars(), 1)[:, None] * 10_000
    rows = []
    n = len(labels)
    for t, term in enumerate(terms):
        present = np.flatnonzero(grouped[:, t] > 0)
        if not len(present):
            continue
        first, last = int(present[0]), int(present[-1])
        peak = int(np.argmax(rates[:, t]))
        if first >= n - recent:
            status = "emerging"
        elif len(present) == 1:
            status = "one-off"
        elif last < n - recent:
            status = "fading"
        else:
            status = "persistent"
        lifespan = int(values[last]) - int(values[first]) + 1 if numeric else last - first + 1
        rows.append((term, labels[first], labels[last], len(present), labels[peak],
                     round(float(rates[peak, t]), 4), lifespan, status,
                     int(grouped[:, t].sum())))  # fmt: skip
    frame = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    order = {"emerging": 0, "persistent": 1, "fading": 2, "one-off": 3}
    frame = frame.sort_values(["status", "count", "phrase"], key=lambda s: s.map(order) if s.name == "status" else s,
                              ascending=[True, False, True], kind="stable")  # fmt: skip
    return frame.reset_index(drop=True)


def timeline(corpus: Corpus, phrases: Sequence[str], *, by: str | Sequence[str] | Grouping = "year",
             recent: int = 3):  # fmt: skip
    """The life of each phrase: first and last year, years present, peak, lifespan, status.

    Status: ``emerging`` (first seen in the last ``recent`` groups, even once: a formulation
    new in the latest report is news), ``one-off`` (present in a single earlier group only),
    ``fading`` (absent from the last ``recent`` groups after recurring in two or more),
    ``persistent`` (recurring, and still present recently). ``lifespan`` is last − first + 1
    for year groups (missing years included: 2015 to 2020 is 6), the number of groups from the
    first to the last otherwise.

    Example:
        >>> corpus = Corpus.from_texts(["甲乙。", "甲乙。丙丁。庚辛。", "丙丁。", "丙丁。戊己。"], years=[2018, 2019, 2020, 2021])
        >>> t = timeline(corpus, ["甲乙", "丙丁", "戊己", "庚辛"], recent=1).set_index("phrase")
        >>> t["status"].to_dict(), t["lifespan"].to_dict()["庚辛"]
        ({'戊己': 'emerging', '丙丁': 'persistent', '甲乙': 'fading', '庚辛': 'one-off'}, 1)
    """
    grouping = by if isinstance(by, Grouping) else corpus.group_by(by)
    phrases = list(phrases)
    counts = find([d.text for d in corpus], phrases).counts()
    return timeline_table(grouping, phrases, counts, recent=recent)


def kwic(corpus: Corpus, terms: str | Sequence[str], *, window: int = 20,
         by: str | Sequence[str] | Grouping | None = None):  # fmt: skip
    """Keyword in context: every occurrence of each term that the counts count (see
    :mod:`analyzer.occurrences`), with its document, year, character offset in the cleaned
    text, and ``window`` characters on each side (line breaks shown as ⏎).

    With ``by``, only documents with a value for it, in group order, and a ``group`` column.

    Example:
        >>> corpus = Corpus.from_texts(["要深入开展扫黑除恶专项斗争。"], years=[2019])
        >>> kwic(corpus, "扫黑除恶", window=4).values.tolist()
        [['doc1', 2019, 5, '深入开展', '扫黑除恶', '专项斗争']]
    """
    import pandas as pd

    terms = [terms] if isinstance(terms, str) else list(dict.fromkeys(terms))
    if not terms or not all(terms):
        raise ParameterError("give a term to look for")
    if window < 1:
        raise ParameterError(f"window={window} must be at least 1")
    documents = corpus.documents
    found = find([d.text for d in documents], terms)
    order = np.arange(len(found))
    grouping = None
    if by is not None:
        grouping = by if isinstance(by, Grouping) else corpus.group_by(by)
        _require(grouping)
        group_of = grouping.index[found.doc]
        kept = np.flatnonzero(group_of >= 0)
        order = kept[
            np.lexsort((found.offset[kept], found.doc[kept], group_of[kept], found.term[kept]))
        ]
    rows = []
    for i in order.tolist():
        doc = documents[int(found.doc[i])]
        term = terms[int(found.term[i])]
        start = int(found.offset[i])
        left = doc.text[max(0, start - window) : start].replace("\n", "⏎")
        right = doc.text[start + len(term) : start + len(term) + window].replace("\n", "⏎")
        row = [doc.id, doc.year, start, left, term, right]
        if grouping is not None:
            row.append(grouping.labels[int(grouping.index[found.doc[i]])])
        rows.append(row)
    columns = KWIC_COLUMNS + (["group"] if grouping is not None else [])
    frame = pd.DataFrame(rows, columns=columns)
    frame["year"] = frame["year"].astype("Int64")
    return frame
