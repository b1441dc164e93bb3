"""The analyses offered on a :class:`~analyzer.corpus.Corpus`, returning pandas DataFrames.

``corpus.phrases()``, ``.keywords()``, ``.keyness()``, ``.topics()``, ``.themes()``,
``.compare()``, ``.trend()``, ``.timeline()``, ``.kwic()`` and ``.report()`` are thin,
documented doors to the modules that do the work (:mod:`analyzer.phrases`,
:mod:`analyzer.keywords`, :mod:`analyzer.keyness`, :mod:`analyzer.topics`,
:mod:`analyzer.themes`, :mod:`analyzer.compare`, :mod:`analyzer.report`), with the command
line's defaults. A corpus keeps the term matrices it has built, so ``corpus.keywords()`` then
``corpus.keyness()`` segment the text once.

Caching: ``cache=True`` (the default) uses the on-disk cache of the command line
(``ANALYZER_CACHE_DIR`` or the user cache folder); pass a :class:`~analyzer.cache.Cache`, or
``False`` for none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .cache import Cache

__all__ = ["CorpusAnalysis"]


class CorpusAnalysis:
    """Analysis methods mixed into :class:`~analyzer.corpus.Corpus`."""

    def _memo(self) -> dict:
        return self.__dict__.setdefault("_analysis_memo", {})

    # -- phrases --------------------------------------------------------------------------------

    def phrase_discoverer(self, *, min_count: int = 2, lexicon=None, builtin_lexicon: bool = True,
                          cache: Any = True):  # fmt: skip
        """The fitted :class:`~analyzer.phrases.PhraseDiscoverer` (kept for reuse)."""
        from .lexicon import Lexicon
        from .phrases import PhraseDiscoverer

        user = lexicon if isinstance(lexicon, Lexicon) else Lexicon(lexicon or ())
        key = ("phrases", min_count, user.fingerprint(), builtin_lexicon)
        memo = self._memo()
        if key not in memo:
            memo[key] = PhraseDiscoverer(
                min_count=min_count, lexicon=user, builtin_lexicon=builtin_lexicon
            ).fit(self, cache=Cache.coerce(cache))
        return memo[key]

    def phrases(self, top_n: int | None = 100, *, min_count: int = 2, lexicon=None,
                builtin_lexicon: bool = True, cache: Any = True):  # fmt: skip
        """The policy phrases (提法) discovered in the corpus, best first.

        Columns as in ``analyzer phrases``: phrase, kind, count, docs, years, first_year,
        last_year, score, kinds, pair, quoted (see :class:`~analyzer.phrases.PhraseDiscoverer`).
        ``builtin_lexicon=False`` and no ``lexicon`` discover from the corpus alone.

        Example:
            >>> from analyzer import Corpus
            >>> corpus = Corpus.from_texts(["深入开展“扫黑除恶”专项斗争，扫黑除恶成效明显。"] * 3, years=[2019, 2020, 2021], ids=["a", "b", "c"])
            >>> table = corpus.phrases(5, builtin_lexicon=False, cache=False)
            >>> table.loc[table["phrase"] == "扫黑除恶", ["count", "first_year", "kind"]].values.tolist()
            [[6, 2019, 'quoted']]
        """
        discoverer = self.phrase_discoverer(min_count=min_count, lexicon=lexicon,
                                            builtin_lexicon=builtin_lexicon, cache=cache)  # fmt: skip
        return discoverer.table(top_n).copy()

    # -- terms ------------------------------------------------------------------------------------

    def term_matrix(self, *, unit: str = "paragraph", phrases: bool = True,
                    stopwords: Sequence[str] = ("function", "boilerplate"),
                    min_df: float = 1, max_df: float = 1.0, cache: Any = True):  # fmt: skip
        """The phrase-aware :class:`~analyzer.vectorize.DocumentTermMatrix` (kept for reuse);
        see :func:`analyzer.vectorize.term_matrix`."""
        from .vectorize import term_matrix

        key = ("dtm", unit, phrases, tuple(stopwords), min_df, max_df)
        memo = self._memo()
        if key not in memo:
            discovered = self.phrase_discoverer(cache=cache) if phrases else None
            memo[key] = term_matrix(self, phrases=phrases, unit=unit, stopwords=stopwords,
                                    min_df=min_df, max_df=max_df, cache=Cache.coerce(cache),
                                    discovered=discovered)  # fmt: skip
        return memo[key]

    def keywords(self, by: str = "doc", *, method: str = "tfidf", top_n: int = 10,
                 unit: str = "paragraph", phrases: bool = True, background: str = "jieba",
                 cache: Any = True):  # fmt: skip
        """The top terms of every document or group: columns group, term, rank, score, count.

        ``method``: ``tfidf``, ``ctfidf`` (class-based TF-IDF) or ``textrank``; ``background``
        (``jieba`` or ``none``): whether TF-IDF also weighs rarity in general Chinese; see
        :func:`analyzer.keywords.keywords`.

        Example:
            >>> from analyzer import Corpus
            >>> corpus = Corpus.from_texts(["扫黑除恶。扫黑除恶。政法。", "新质生产力。政法。"], years=[2023, 2024])
            >>> corpus.keywords("year", top_n=1, cache=False)[["group", "term"]].values.tolist()
            [[2023, '扫黑除恶'], [2024, '新质生产力']]
        """
        from .keywords import keywords

        dtm = self.term_matrix(unit=unit, phrases=phrases, cache=cache)
        return keywords(dtm, by=by, method=method, top_n=top_n, background=background)

    def keyness(self, by: str = "year", *, target: Any = None, reference: Any = "rest",
                measure: str = "lr", top_n: int | None = 20, unit: str = "paragraph",
                phrases: bool = True, cache: Any = True):  # fmt: skip
        """Terms that set a group apart from a reference (``rest``, ``previous`` or a group):
        log-odds with Dirichlet prior (z) and G² with Benjamini-Hochberg p-values; see
        :func:`analyzer.keyness.keyness`."""
        from .keyness import keyness

        dtm = self.term_matrix(unit=unit, phrases=phrases, cache=cache)
        return keyness(dtm, by=by, target=target, reference=reference, measure=measure,
                       top_n=top_n)  # fmt: skip

    # -- topics and themes --------------------------------------------------------------------------

    def topic_model(self, k: int | str = 10, *, method: str = "lda", seed: int = 0,
                    seeded: Any = None, top_n: int = 10, min_df: float = 3, max_df: float = 0.1,
                    cache: Any = True):  # fmt: skip
        """A fitted :class:`~analyzer.topics.TopicModel` on the corpus' paragraphs.

        ``k="auto"`` picks k by NPMI coherence; ``seeded`` (``"default"``, a TOML path or a
        :class:`~analyzer.themes.ThemeDictionary`) guides NMF with theme phrases. ``min_df`` and
        ``max_df`` default to :data:`analyzer.topics.TOPIC_MIN_DF` and ``TOPIC_MAX_DF``.
        """
        from .themes import ThemeDictionary, default_themes
        from .topics import TopicModel

        seeds = None
        if seeded is not None:
            if isinstance(seeded, ThemeDictionary):
                themes = seeded
            elif seeded == "default":
                themes = default_themes()
            else:
                themes = ThemeDictionary.load(seeded)
            seeds, method = themes.seeds(), "nmf"
        dtm = self.term_matrix(min_df=min_df, max_df=max_df, cache=cache)
        return TopicModel(k=k, method=method, seed=seed, top_n=top_n, seeds=seeds).fit(dtm)

    def topics(self, k: int | str = 10, *, show: str = "summary", method: str = "lda",
               seed: int = 0, seeded: Any = None, cache: Any = True):  # fmt: skip
        """A topic model's table: ``summary`` (topic, label, coherence, share, terms),
        ``terms`` (topic-term weights), ``documents`` (each document's shares) or ``years``
        (topic shares per year). Use :meth:`topic_model` to keep the model itself."""
        from .errors import check_choice

        check_choice("show", show, ("summary", "terms", "documents", "years"))
        model = self.topic_model(k, method=method, seed=seed, seeded=seeded, cache=cache)
        if show == "terms":
            return model.topic_terms()
        if show == "documents":
            return model.document_topics()
        if show == "years":
            return model.topics_by("year")
        return model.summary()

    def themes(self, dictionary: Any = None, *, by: str = "year"):
        """Theme-dictionary hits per group: columns group, theme, hits, chars, per_10k, share.

        ``dictionary``: a :class:`~analyzer.themes.ThemeDictionary`, a TOML path, a mapping
        ``{name: {"phrases": [...], "patterns": [...]}}``, or None for the shipped 政法 themes.

        Example:
            >>> from analyzer import Corpus
            >>> corpus = Corpus.from_texts(["扫黑除恶。扫黑除恶。"], years=[2020])
            >>> corpus.themes({"扫黑除恶": {"phrases": ["扫黑除恶"]}})["hits"].tolist()
            [2]
        """
        from .themes import ThemeDictionary, theme_table

        if dictionary is not None and not isinstance(dictionary, ThemeDictionary):
            dictionary = (
                ThemeDictionary(dictionary)
                if isinstance(dictionary, dict)
                else ThemeDictionary.load(dictionary)
            )
        return theme_table(self, dictionary, by=by)

    # -- change over time and place ---------------------------------------------------------------

    def compare(self, by: str = "year", *, what: str = "phrases", top_n: int = 20,
                start: Any = None, end: Any = None, phrases: Sequence[str] | None = None,
                cache: Any = True, **options: Any):  # fmt: skip
        """Ranked lists per group and how each term moved against the previous available
        group; see :func:`analyzer.compare.compare` for the columns."""
        from .compare import compare

        return compare(self, by=by, what=what, top_n=top_n, start=start, end=end,
                       phrases=phrases, cache=Cache.coerce(cache), **options)  # fmt: skip

    def trend(self, terms: str | Iterable[str], *, by: str = "year"):
        """Count and per_10k of each term in every group, zeros included.

        Example:
            >>> from analyzer import Corpus
            >>> corpus = Corpus.from_texts(["放管服。", "放管服，放管服。"], years=[2016, 2019])
            >>> corpus.trend("放管服")["count"].tolist()
            [1, 2]
        """
        from .compare import trend

        return trend(self, [terms] if isinstance(terms, str) else terms, by=by)

    def timeline(self, phrases: Sequence[str] | None = None, *, by: str = "year",
                 recent: int = 3, top_n: int = 200, cache: Any = True):  # fmt: skip
        """The life of each phrase (first, last and peak year, lifespan, status); see
        :func:`analyzer.compare.timeline`."""
        from .compare import timeline

        return timeline(self, phrases, by=by, recent=recent, top_n=top_n, cache=Cache.coerce(cache))

    def kwic(self, term: str, *, window: int = 20, by: str | None = None):
        """Every occurrence of ``term``: id, year, offset, left, term, right.

        Example:
            >>> from analyzer import Corpus
            >>> Corpus.from_texts(["坚持发展新时代枫桥经验。"], years=[2023]).kwic("枫桥经验", window=3)["left"].tolist()
            ['新时代']
        """
        from .compare import kwic

        return kwic(self, term, window=window, by=by)

    def report(self, path: str | Path = "report.html", *, title: str | None = None,
               trend: Sequence[str] = (), cache: Any = True) -> Path:  # fmt: skip
        """Write the self-contained HTML report (see :mod:`analyzer.report`); returns its path."""
        from .report import write_report

        return write_report(self, path, title=title, trend=trend, cache=Cache.coerce(cache))
