"""The analysis layer: one settings object, and the only place where stages are chained.

A corpus is data (:mod:`analyzer.corpus`). An :class:`Analysis` is a corpus with the
:class:`Settings` that turn it into numbers: which segmenter and lexicons, how few occurrences
make a phrase, which units, stopwords and document-frequency bounds, the random seed, the cache.
It keeps the intermediate results (the token lists of each segmentation, the phrase table, the
term matrices, exact counts) so that each text is segmented once per segmenter and every
analysis reads the same numbers: ``keywords``, ``keyness`` and ``topics`` share one term
matrix, ``compare``, ``trend``, ``timeline`` and ``kwic`` one counting rule
(:mod:`analyzer.occurrences`), and every by-group number one
:class:`~analyzer.grouping.Grouping`.

The command line builds the same :class:`Settings` from its options and calls the same methods,
whose defaults are the command line's defaults: a notebook and a terminal get the same numbers.

Example:
    >>> import analyzer
    >>> corpus = analyzer.Corpus.from_texts(["深入开展“扫黑除恶”专项斗争。"] * 3, years=[2019, 2020, 2021])
    >>> analysis = Analysis(corpus, builtin_lexicon=False, cache=False)
    >>> analysis.trend(["扫黑除恶"])["count"].tolist()
    [1, 1, 1]
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import corpus as _corpus
from .cache import content_key
from .compare import (
    WHAT,
    count_ranking,
    kwic,
    pairs_table,
    rank_changes,
    timeline_table,
    trend_table,
    with_fields,
)
from .errors import AnalyzerError, ParameterError, check_choice
from .grouping import Grouping, parse_by
from .keyness import MEASURES
from .keyness import keyness as keyness_table
from .lexicon import Lexicon, LexiconEntry
from .numerals import COUNTING_RULE
from .occurrences import count_shards
from .segment import Segmenter
from .settings import Settings
from .themes import ThemeDictionary, default_themes, theme_hits, theme_table
from .tokens import Tokens, tokenize
from .vectorize import DocumentTermMatrix, document_term_matrix

# Phrase discovery, keywords and topic models need scikit-learn, which takes about half a
# second to import; they are imported where they are used, so that `trend`, `kwic` and a
# compare read from the cache start fast.

__all__ = ["Analysis", "Corpus", "Settings"]

logger = logging.getLogger(__name__)

#: How many discovered phrases ``compare`` and ``timeline`` follow by default.
FOLLOWED = 500
#: Changes whenever a comparison table could change for the same input (its cache key).
COMPARE_VERSION = "1"
#: Bytes a character of a shard takes while it is segmented (the token strings of jieba).
SEGMENT_BYTES = 40
#: Bytes a character of a shard takes while it is counted (a text index and its hits).
COUNT_BYTES = 80


class Analysis:
    """A corpus with its settings: every analysis of analyzer, as methods returning pandas
    DataFrames, with the command line's defaults.

    Args:
        corpus: the documents (an :class:`analyzer.Corpus`).
        settings: a :class:`Settings` (default: the defaults).
        **changes: settings to change, by name (``min_count=2``, ``builtin_lexicon=False`` …).

    Example:
        >>> import analyzer
        >>> corpus = analyzer.Corpus.from_texts(["扫黑除恶。扫黑除恶。", "枫桥经验。"], years=[2020, 2021])
        >>> Analysis(corpus, cache=False).kwic("枫桥经验")[["id", "year", "offset"]].values.tolist()
        [['doc2', 2021, 0]]
    """

    def __init__(self, corpus: _corpus.Corpus, settings: Settings | None = None, **changes: Any):
        if not isinstance(corpus, _corpus.Corpus):
            raise ParameterError(
                f"Analysis takes a Corpus, not {type(corpus).__name__}: "
                "use analyzer.Corpus.load(PATH) or Corpus.from_texts(TEXTS)"
            )
        self.corpus = corpus
        self.settings = (settings or Settings()).replace(**changes)
        self.cache = self.settings.make_cache()
        self.executor = self.settings.executor()
        self._memo: dict[Any, Any] = {}

    def __repr__(self) -> str:
        return f"Analysis({self.corpus!r})"

    def __enter__(self) -> Analysis:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the Dask cluster this analysis started, if any (results are kept)."""
        self.executor.close()

    def _remember(self, key: Any, make):
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def _cached_frame(self, namespace: str, key: str, make):
        """A table from the cache when it holds one for ``key``, else made and stored."""
        if self.cache.enabled:
            stored = self.cache.get(namespace, key)
            frame = _frame_from(stored)
            if frame is not None:
                return frame
        frame = make()
        if self.cache.enabled:
            self.cache.put(namespace, key, _frame_to(frame))
        return frame

    def _texts_key(self, *parts: object) -> str:
        return content_key(
            *parts, *(f"{d.year}|{d.meta.get('source', '')}|{d.text}" for d in self.corpus)
        )

    # -- stages -------------------------------------------------------------------------------

    def grouping(self, by: str | Sequence[str] | Grouping = "year") -> Grouping:
        """The one grouping of the corpus by ``by`` (``"year"``, ``"year,region"``, a tuple)."""
        if isinstance(by, Grouping):
            return by
        fields = parse_by(by)
        return self._remember(("grouping", fields), lambda: self.corpus.group_by(fields))

    def tokens(self, segmenter: Segmenter | None = None) -> Tokens:
        """The corpus segmented by ``segmenter`` (default: the settings' backend and lexicons,
        as ``analyzer tokens``), once per segmenter, cached per source file."""
        segmenter = segmenter or self.settings.segmenter()
        return self._remember(_tokens_key(segmenter), lambda: self._tokenize(segmenter))

    def _tokenize(self, segmenter: Segmenter) -> Tokens:
        return tokenize(self.corpus, segmenter, cache=self.cache, executor=self.executor,
                        shard_chars=self.settings.shard_chars(SEGMENT_BYTES, self.corpus.chars))  # fmt: skip

    def _plain_segmenter(self) -> Segmenter:
        return Segmenter(backend=self.settings.backend, builtin_lexicon=False)

    def plain_tokens(self) -> Tokens:
        """Tokens without any lexicon: the word boundaries phrase discovery respects."""
        return self.tokens(self._plain_segmenter())

    def _unfitted_discoverer(self):
        from .phrases import PhraseDiscoverer

        s = self.settings
        return PhraseDiscoverer(lexicon=s.lexicon, builtin_lexicon=s.builtin_lexicon,
                                min_count=s.min_count, backend=s.backend, names=s.names)  # fmt: skip

    def discoverer(self):
        """The :class:`~analyzer.phrases.PhraseDiscoverer` with these settings, fitted on the
        corpus (its ``features_`` hold the evidence behind every score), in shards of
        documents that fit the memory budget, on the settings' executor."""
        from .phrases.discover import SHARD_BYTES, SHARD_CHARS

        def fit():
            shard_chars = self.settings.shard_chars(SHARD_BYTES, self.corpus.chars,
                                                    most=SHARD_CHARS)  # fmt: skip
            # Plain tokens are segmented for discovery without being kept (unless they were
            # already): its shards keep the boundaries as bits, an eighth of the lengths.
            segmenter = self._plain_segmenter()
            tokens = self._memo.get(_tokens_key(segmenter))
            if tokens is None:
                tokens = self._tokenize(segmenter)
            return self._unfitted_discoverer().fit(
                self.corpus, tokens, executor=self.executor, shard_chars=shard_chars
            )

        return self._remember("discoverer", fit)

    def phrase_table(self):
        """Every discovered phrase, best first (cached on disk by content and settings)."""
        return self._remember("phrase_table", self._phrase_table)

    def _phrase_table(self):
        from .phrases import fingerprint

        s = self.settings
        key = self._texts_key("phrase-table", fingerprint(
            lexicon=s.lexicon, builtin_lexicon=s.builtin_lexicon, min_count=s.min_count,
            backend=s.backend, names=s.names,
        ))  # fmt: skip
        return self._cached_frame("phrases", key, lambda: self.discoverer().table())

    def term_segmenter(self) -> Segmenter:
        """The segmenter of terms: the lexicons plus, unless ``phrases=False``, the top
        ``phrase_terms`` discovered phrases, kept whole."""

        def make() -> Segmenter:
            s = self.settings
            lexicon = s.lexicon
            if s.phrases:
                lexicon = lexicon | phrase_lexicon(self.phrase_table(), s.phrase_terms)
            return Segmenter(backend=s.backend, lexicon=lexicon, builtin_lexicon=s.builtin_lexicon)

        return self._remember("term_segmenter", make)

    def term_matrix(self, *, topics: bool = False) -> DocumentTermMatrix:
        """The phrase-aware document-term matrix of keywords and keyness (or, with
        ``topics=True``, of topic models, with the topic document-frequency bounds)."""
        s = self.settings
        bounds = (s.topic_min_df, s.topic_max_df) if topics else (s.min_df, s.max_df)
        return self._remember(("dtm", bounds), lambda: document_term_matrix(
            self.corpus, tokens=self.tokens(self.term_segmenter()), unit=s.unit,
            chunk_chars=s.chunk_chars, stopwords=s.stopword_set(), min_df=bounds[0],
            max_df=bounds[1],
        ))  # fmt: skip

    def counts(self, terms: Sequence[str]) -> np.ndarray:
        """A documents × terms matrix of exact counts, by the one counting rule
        (:mod:`analyzer.occurrences`), cached on disk."""
        terms = list(terms)
        key = ("counts", tuple(terms))
        if key in self._memo:
            return self._memo[key]
        disk = (
            self._texts_key("counts", COUNTING_RULE, "\x1f".join(terms))
            if self.cache.enabled
            else None
        )
        found = self.cache.get("counts", disk) if disk else None
        if found is not None:
            found = np.asarray(found, dtype=np.int64)
        if found is None or found.shape != (len(self.corpus), len(terms)):
            found = self._discovered_counts(terms)
        if found is None or found.shape != (len(self.corpus), len(terms)):
            found = count_shards([d.text for d in self.corpus], terms, executor=self.executor,
                                 shard_chars=self.settings.shard_chars(COUNT_BYTES, self.corpus.chars))  # fmt: skip
            if disk:
                self.cache.put("counts", disk, found)
        self._memo[key] = found
        return found

    def _discovered_counts(self, terms: list[str]) -> np.ndarray | None:
        """The counts discovery made of listed phrases, when it ran in this analysis (the
        same occurrences, found once)."""
        discoverer = self._memo.get("discoverer")
        matrix = getattr(discoverer, "doc_counts_", None)
        if matrix is None:
            return None
        column = {p: i for i, p in enumerate(discoverer.table_["phrase"])}
        if not all(t in column for t in terms):
            return None
        rows = {doc_id: i for i, doc_id in enumerate(discoverer.doc_ids_)}
        picked = matrix[:, [column[t] for t in terms]].toarray()
        found = np.zeros((len(self.corpus), len(terms)), dtype=np.int64)
        for position, doc in enumerate(self.corpus):
            if doc.id in rows:
                found[position] = picked[rows[doc.id]]
        return found

    def followed(self, top_n: int = FOLLOWED) -> list[str]:
        """The discovered phrases that ``compare`` and ``timeline`` follow: the top ``top_n``."""
        return self.phrase_table()["phrase"].head(top_n).tolist()

    # -- phrases --------------------------------------------------------------------------------

    def phrases(self, top_n: int | None = 100):
        """The policy phrases (提法) discovered in the corpus, best first.

        Columns as in ``analyzer phrases``: phrase, kind, count, docs, years, first_year,
        last_year, score, kinds, pair, quoted (see :class:`~analyzer.phrases.PhraseDiscoverer`).

        Example:
            >>> from analyzer import Corpus
            >>> corpus = Corpus.from_texts(["深入开展“扫黑除恶”专项斗争，扫黑除恶成效明显。"] * 3, years=[2019, 2020, 2021], ids=["a", "b", "c"])
            >>> table = Analysis(corpus, builtin_lexicon=False, cache=False).phrases(5)
            >>> table.loc[table["phrase"] == "扫黑除恶", ["count", "first_year", "kind"]].values.tolist()
            [[6, 2019, 'quoted']]
        """
        table = self.phrase_table()
        table = table if top_n is None else table.head(top_n)
        return table.reset_index(drop=True).copy()

    # -- terms ------------------------------------------------------------------------------------

    def keywords(self, by: str | Sequence[str] = "doc", *, method: str = "tfidf",
                 top_n: int = 10, background: str = "jieba"):  # fmt: skip
        """The top terms of every document or group: columns group, term, rank, score, count.

        ``method``: ``tfidf``, ``ctfidf`` (class-based TF-IDF) or ``textrank``; ``background``
        (``jieba`` or ``none``): whether TF-IDF also weighs rarity in general Chinese; see
        :func:`analyzer.keywords.keywords`.

        Example:
            >>> from analyzer import Corpus
            >>> corpus = Corpus.from_texts(["扫黑除恶。扫黑除恶。政法。", "新质生产力。政法。"], years=[2023, 2024])
            >>> Analysis(corpus, cache=False).keywords("year", top_n=1)[["group", "term"]].values.tolist()
            [[2023, '扫黑除恶'], [2024, '新质生产力']]
        """
        from .keywords import keywords

        grouping = self.grouping(by)
        table = keywords(self.term_matrix(), by=grouping, method=method, top_n=top_n,
                         background=background)  # fmt: skip
        return with_fields(table, grouping)

    def keyness(self, by: str | Sequence[str] = "year", *, target: Any = None,
                reference: Any = "rest", measure: str = "lr", top_n: int | None = 20):  # fmt: skip
        """Terms that set a group apart from a reference (``rest``, ``previous`` or a group):
        log-odds with Dirichlet prior (z) and G² with Benjamini-Hochberg p-values; see
        :func:`analyzer.keyness.keyness`. Without ``target``, every group against its
        reference, ``top_n`` rows each."""
        check_choice("measure", measure, MEASURES)
        return keyness_table(self.term_matrix(), by=self.grouping(by), target=target,
                             reference=reference, measure=measure, top_n=top_n)  # fmt: skip

    # -- topics and themes --------------------------------------------------------------------------

    def topic_model(self, k: int | str = 10, *, method: str | None = None, seeded: Any = None,
                    top_n: int = 10):  # fmt: skip
        """A fitted :class:`~analyzer.topics.TopicModel` on the corpus' units (paragraphs).

        ``k="auto"`` picks k by NPMI coherence. ``seeded`` (``"default"``, a TOML path, a
        mapping or a :class:`~analyzer.themes.ThemeDictionary`) guides NMF with theme phrases;
        ``method`` is then ``nmf`` (scikit-learn's LDA takes no seeds: asking for
        ``method="lda"`` with seeds is an error). Without seeds ``method`` defaults to ``lda``.
        """
        from .topics import TopicModel

        seeds = _seeds(seeded)
        method = method or ("nmf" if seeds else "lda")
        key = ("topics", k, method, top_n, tuple((n, tuple(p)) for n, p in (seeds or {}).items()))
        return self._remember(key, lambda: TopicModel(
            k=k, method=method, seed=self.settings.seed, top_n=top_n, seeds=seeds,
        ).fit(self.term_matrix(topics=True)))  # fmt: skip

    def topics(self, k: int | str = 10, *, show: str = "summary", method: str | None = None,
               seeded: Any = None, top_n: int = 10, by: str | Sequence[str] = "year"):  # fmt: skip
        """A topic model's table: ``summary`` (topic, label, coherence, share, terms,
        seed_theme, seed_hits), ``terms`` (topic-term weights), ``documents`` (each
        document's shares) or ``years`` (topic shares per group of ``by``). Use
        :meth:`topic_model` to keep the model itself."""
        check_choice("show", show, ("summary", "terms", "documents", "years"))
        model = self.topic_model(k, method=method, seeded=seeded, top_n=top_n)
        if show == "terms":
            return model.topic_terms()
        if show == "documents":
            return model.document_topics()
        if show == "years":
            grouping = self.grouping(by)
            return with_fields(model.topics_by(grouping), grouping)
        return model.summary()

    def apply_topics(self, model, *, show: str = "documents",
                     by: str | Sequence[str] = "year"):  # fmt: skip
        """A saved topic model's tables on this corpus: its documents' shares, the shares by
        group, or the summary, on terms segmented with the model's own phrases."""
        check_choice("show", show, ("documents", "years", "summary"))
        s = self.settings
        segmenter = Segmenter(backend=s.backend, lexicon=Lexicon(model.phrases_),
                              builtin_lexicon=False)  # fmt: skip
        dtm = document_term_matrix(self.corpus, tokens=self.tokens(segmenter), unit=model.unit_,
                                   stopwords=s.stopword_set())  # fmt: skip
        model.attach(dtm)
        if show == "years":
            grouping = self.grouping(by)
            return with_fields(model.topics_by(grouping, dtm), grouping)
        return model.document_topics(dtm) if show == "documents" else model.summary()

    def themes(self, dictionary: Any = None, *, by: str | Sequence[str] = "year"):
        """Theme-dictionary hits per group: columns group, theme, hits, chars, per_10k, share.

        ``dictionary``: a :class:`~analyzer.themes.ThemeDictionary`, a TOML path, a mapping
        ``{name: {"phrases": [...], "patterns": [...]}}``, or None for the shipped 政法 themes.

        Example:
            >>> from analyzer import Corpus
            >>> corpus = Corpus.from_texts(["扫黑除恶。扫黑除恶。"], years=[2020])
            >>> Analysis(corpus).themes({"扫黑除恶": {"phrases": ["扫黑除恶"]}})["hits"].tolist()
            [2]
        """
        themes = _theme_dictionary(dictionary)
        grouping = self.grouping(by)
        table = theme_table(self.corpus, themes, by=grouping, hits=self._theme_hits(themes))
        return with_fields(table, grouping)

    def _theme_hits(self, themes: ThemeDictionary) -> np.ndarray:
        key = ("theme_hits", tuple((t.name, t.phrases, t.patterns) for t in themes))
        return self._remember(key, lambda: theme_hits(self.corpus.documents, themes))

    # -- change over time and place ---------------------------------------------------------------

    def compare(self, by: str | Sequence[str] = "year", *, what: str = "phrases",
                top_n: int = 20, start: Any = None, end: Any = None,
                phrases: Sequence[str] | None = None, themes: Any = None, k: int = 10,
                method: str | None = None):  # fmt: skip
        """Ranked lists per group and how each term moved against the previous available
        group; see :func:`analyzer.compare.rank_changes` for the columns.

        Args:
            by: a field or several (``"year,region"``).
            what: ``phrases`` (exact counts of the top 500 discovered phrases, or of
                ``phrases``), ``keywords`` (TF-IDF within each group's own units),
                ``themes`` (theme-dictionary hits), ``topics`` (topic shares: no count and no
                G², ``share`` and ``delta_share`` instead) or ``pairs`` (localised phrases
                beside their counterpart).
            top_n: rows per group (plus the previous group's top terms that dropped out).
            start, end: show the groups whose first field lies between these values; every
                number of a shown group is the one it has without them.
            phrases: the terms for ``what="phrases"``.
            themes: the dictionary for ``what="themes"`` (see :meth:`themes`).
            k, method: the topic model for ``what="topics"`` (see :meth:`topic_model`).
        """
        check_choice("what", what, WHAT)
        if top_n < 1:
            raise ParameterError(f"top_n={top_n} must be at least 1")
        grouping = self.grouping(by)
        if not len(self.corpus):
            raise AnalyzerError("the corpus has no document: nothing to compare")
        if not len(grouping):
            raise AnalyzerError(
                f"no document has a {grouping.name}: nothing to group (see `analyzer info`)"
            )
        from .phrases import fingerprint

        dictionary = _theme_dictionary(themes) if what == "themes" else None
        key = self._texts_key(
            "compare", COMPARE_VERSION, self.settings.key(), fingerprint(), grouping.name, what,
            top_n, repr(start), repr(end), repr(None if phrases is None else list(phrases)),
            repr(None if dictionary is None else [(t.name, t.phrases, t.patterns) for t in dictionary]),
            k, method,
        )  # fmt: skip
        return self._cached_frame("compare", key, lambda: self._compare(
            grouping, what, top_n, start, end, phrases, dictionary, k, method,
        ))  # fmt: skip

    def _compare(self, grouping, what, top_n, start, end, phrases, dictionary, k, method):
        if what != "topics":
            _import_meanwhile("scipy.stats")  # for G² and Benjamini-Hochberg, at the end
        sizes = grouping.chars()
        if what == "pairs":
            table = self.phrase_table()
            found = table[table["pair"].notna()][["phrase", "pair"]].drop_duplicates()
            pairs = list(zip(found["phrase"], found["pair"], strict=True))
            terms = list(dict.fromkeys([*found["phrase"], *found["pair"]]))
            return pairs_table(grouping, pairs, self.counts(terms), terms, start=start, end=end)
        if what == "phrases":
            terms = list(dict.fromkeys(phrases)) if phrases is not None else self.followed()
            values = grouping.sum(self.counts(terms))
            ranking = count_ranking(values)
        elif what == "themes":
            terms = [t.name for t in dictionary]
            values = grouping.sum(self._theme_hits(dictionary))
            ranking = count_ranking(values)
        elif what == "keywords":
            from .keywords import keywords_within

            dtm = self.term_matrix()
            terms = dtm.vocabulary
            values = dtm.group(grouping)[1].toarray()
            table = keywords_within(dtm, grouping, top_n=max(200, top_n))
            column = {t: i for i, t in enumerate(terms)}
            by_group = {
                g: block["term"].tolist() for g, block in table.groupby("group", sort=False)
            }
            ranking = [np.array([column[t] for t in by_group.get(label, [])], dtype=np.int64)
                       for label in grouping.labels]  # fmt: skip
        else:
            model = self.topic_model(k, method=method)
            shares = model.topics_by(grouping)
            terms = _unique_labels(model.labels_)
            values = np.zeros((len(grouping), model.k_))
            position = {label: i for i, label in enumerate(grouping.labels)}
            for row in shares.itertuples():
                values[position[row.group], row.topic] = row.share
            ranking = [np.lexsort((np.array(terms, dtype=object), -row))[: int((row > 0).sum())]
                       for row in values]  # fmt: skip
            sizes = None
        return rank_changes(grouping, terms, ranking, values, top_n=top_n, sizes=sizes,
                            start=start, end=end)  # fmt: skip

    def trend(self, terms: str | Iterable[str], *, by: str | Sequence[str] = "year",
              start: Any = None, end: Any = None):  # fmt: skip
        """Count and per_10k of each term in every group, zeros included.

        Example:
            >>> from analyzer import Corpus
            >>> corpus = Corpus.from_texts(["放管服。", "放管服，放管服。"], years=[2016, 2019])
            >>> Analysis(corpus, cache=False).trend("放管服")["count"].tolist()
            [1, 2]
        """
        terms = [terms] if isinstance(terms, str) else list(terms)
        terms = [t for t in dict.fromkeys(terms) if t]
        if not terms:
            raise ParameterError("give at least one term")
        return trend_table(self.grouping(by), terms, self.counts(terms), start=start, end=end)

    def timeline(self, phrases: Sequence[str] | None = None, *,
                 by: str | Sequence[str] = "year", recent: int = 3, top_n: int = 200):  # fmt: skip
        """The life of each phrase (first, last and peak year, lifespan = last − first + 1,
        status) for the given phrases or the top ``top_n`` discovered; see
        :func:`analyzer.compare.timeline`."""
        terms = list(phrases) if phrases is not None else self.followed(top_n)
        return timeline_table(self.grouping(by), terms, self.counts(terms), recent=recent)

    def kwic(self, terms: str | Sequence[str], *, window: int = 20,
             by: str | Sequence[str] | None = None):  # fmt: skip
        """Every occurrence of each term, exactly those the counts count: id, year, offset,
        left, term, right (and group, with ``by``).

        Example:
            >>> from analyzer import Corpus
            >>> Analysis(Corpus.from_texts(["坚持发展新时代枫桥经验。"], years=[2023])).kwic("枫桥经验", window=3)["left"].tolist()
            ['新时代']
        """
        grouping = self.grouping(by) if by is not None else None
        return kwic(self.corpus, terms, window=window, by=grouping)

    def report(self, path: str | Path = "report.html", **options: Any) -> Path:
        """Write the self-contained HTML report (see :func:`analyzer.report.build_report` for
        the options); returns its path."""
        from .report import write_report

        return write_report(self, path, **options)


def phrase_lexicon(table, top_n: int | None = None) -> Lexicon:
    """The first ``top_n`` phrases of a phrase table as a lexicon (for segmentation)."""
    import pandas as pd

    rows = table if top_n is None else table.head(top_n)
    return Lexicon(
        LexiconEntry(row.phrase, origin="discovered", source=f"discovered ({row.kind})",
                     introduced=None if pd.isna(row.first_year) else int(row.first_year))
        for row in rows.itertuples()
    )  # fmt: skip


def _frame_to(frame) -> dict:
    """A table as JSON-ready data: columns, dtypes and rows (see :func:`_frame_from`)."""
    return {"columns": [str(c) for c in frame.columns],
            "dtypes": [str(t) for t in frame.dtypes], "rows": _plain_rows(frame)}  # fmt: skip


def _frame_from(data) -> Any:
    """The table :func:`_frame_to` stored, with its dtypes; None for anything else."""
    import pandas as pd

    if not isinstance(data, dict) or set(data) != {"columns", "dtypes", "rows"}:
        return None
    columns, dtypes, rows = data["columns"], data["dtypes"], data["rows"]
    if not (isinstance(rows, list) and len(columns) == len(dtypes)):
        return None
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    try:
        for column, dtype in zip(columns, dtypes, strict=True):
            values = frame[column].tolist()
            frame[column] = pd.Series(values, dtype=dtype if dtype != "object" else object)
    except (TypeError, ValueError):
        return None
    return frame


def _plain_rows(table) -> list[list]:
    """A table's rows as JSON-ready lists (None for missing values)."""
    import pandas as pd

    rows = []
    for values in table.itertuples(index=False):
        row = []
        for value in values:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                row.append(None)
            else:
                row.append(value.item() if hasattr(value, "item") else value)
        rows.append(row)
    return rows


def _unique_labels(labels: Sequence[str]) -> list[str]:
    """Topic labels made unique (a repeated label gets its topic number)."""
    seen = {label: labels.count(label) for label in labels}
    return [label if seen[label] == 1 else f"{label} #{t}" for t, label in enumerate(labels)]


def _theme_dictionary(value: Any) -> ThemeDictionary:
    if value is None:
        return default_themes()
    if isinstance(value, ThemeDictionary):
        return value
    if isinstance(value, dict):
        return ThemeDictionary(value)
    return ThemeDictionary.load(value)


def _seeds(seeded: Any) -> dict[str, list[str]] | None:
    if seeded is None or seeded is False:
        return None
    themes = default_themes() if seeded == "default" else _theme_dictionary(seeded)
    return themes.seeds()


# -- the corpus of the public API --------------------------------------------------------------


def _door(name: str):
    """A Corpus method that runs ``Analysis.<name>`` with the corpus' analysis; settings given
    by name (``min_count=2``) choose another analysis of the same corpus."""
    method = getattr(Analysis, name)

    @functools.wraps(method)
    def door(self, *args: Any, **kwargs: Any):
        settings = {k: kwargs.pop(k) for k in list(kwargs) if k in Settings.fields()}
        return getattr(self.analysis(**settings), name)(*args, **kwargs)

    door.__doc__ = (
        f"``Analysis(corpus).{name}(...)``: see :meth:`analyzer.pipeline.Analysis.{name}`; "
        "settings may be given by name too.\n\n    " + (method.__doc__ or "").strip()
    )
    return door


class Corpus(_corpus.Corpus):
    """The corpus of analyzer's public API (``analyzer.Corpus``): the documents of
    :class:`analyzer.corpus.Corpus`, with its analyses as methods.

    ``corpus.phrases()``, ``.keywords()``, ``.keyness()``, ``.topics()``, ``.themes()``,
    ``.compare()``, ``.trend()``, ``.timeline()``, ``.kwic()`` and ``.report()`` run the
    corresponding :class:`Analysis` method with the default :class:`Settings`, which are the
    command line's defaults; settings given by name (``corpus.phrases(100, min_count=2)``) run
    them with those settings changed. ``corpus.analysis(**settings)`` is the
    :class:`Analysis` itself, which keeps its intermediate results.

    Example:
        >>> corpus = Corpus.from_texts(["建设平安中国。", "扫黑除恶。"], years=[2020, 2021])
        >>> len(corpus), corpus.years, corpus.trend("扫黑除恶", cache=False)["count"].tolist()
        (2, [2020, 2021], [0, 1])
    """

    def analysis(self, settings: Settings | None = None, **changes: Any) -> Analysis:
        """The corpus' :class:`Analysis` with these settings (one per settings, reused)."""
        chosen = (settings or Settings()).replace(**changes)
        analyses = self.__dict__.setdefault("_analyses", {})
        key = (chosen.key(), chosen.where_key())
        if key not in analyses:
            analyses[key] = Analysis(self, chosen)
        return analyses[key]

    phrases = _door("phrases")
    keywords = _door("keywords")
    keyness = _door("keyness")
    topic_model = _door("topic_model")
    topics = _door("topics")
    themes = _door("themes")
    compare = _door("compare")
    trend = _door("trend")
    timeline = _door("timeline")
    kwic = _door("kwic")
    report = _door("report")
    term_matrix = _door("term_matrix")


def _tokens_key(segmenter: Segmenter) -> tuple:
    """Where an analysis remembers the tokens of one segmenter."""
    return ("tokens", segmenter.fingerprint())


def _import_meanwhile(module: str) -> None:
    """Start importing ``module`` in a thread, so that a slow import (scipy.stats: most of a
    second) overlaps work that needs it later; its first real use waits for it to finish
    (Python's import lock), so nothing sees a half-imported module."""
    import sys
    import threading

    if module not in sys.modules:
        import importlib

        threading.Thread(target=importlib.import_module, args=(module,), daemon=True,
                         name=f"analyzer-import-{module}").start()  # fmt: skip
