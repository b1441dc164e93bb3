"""The settings of an analysis: everything that changes the numbers, in one frozen object.

An :class:`~analyzer.pipeline.Analysis` is a corpus with its :class:`Settings`; the command line
builds the same object from its options (``--backend``, ``--lexicon``, ``--no-lexicon``,
``--min-count``, ``--no-phrases``, ``--unit``, ``--stopwords``, ``--min-df`` …), so that a
notebook and a terminal get the same defaults. Importing this module is cheap: the command line
reads its defaults before any analysis is loaded.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from .cache import Cache
from .errors import ParameterError, check_choice
from .lexicon import Lexicon
from .parallel import Executor, check_count, default_threads
from .segment import BACKENDS, Segmenter
from .stopwords import load_stopwords
from .vectorize import UNITS

__all__ = ["MEMORY_BUDGET_MB", "PHRASE_TERMS", "TOPIC_MAX_DF", "TOPIC_MIN_DF", "Settings"]

#: How many discovered phrases are kept whole as terms (keywords, keyness, topics).
PHRASE_TERMS = 1000
#: Default vocabulary bounds for topic models on paragraphs: a term must be in at least three
#: paragraphs, and in at most a tenth of them. The words every paragraph of official prose
#: uses (发展, 建设, 工作, 人民) otherwise fill every topic's top terms; on the national reports
#: dropping them raises the mean NPMI coherence of both phrase-aware and plain-token models
#: (see benchmarks/bench_topics.py).
TOPIC_MIN_DF = 3
TOPIC_MAX_DF = 0.1
#: The default memory budget of the work on shards, in megabytes.
MEMORY_BUDGET_MB = 1500
#: Settings that say where the work runs and is kept, not what the numbers are.
_WHERE = frozenset({"cache", "cache_dir", "memory_budget_mb", "workers", "scheduler", "threads"})


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything that changes the numbers, in one frozen object (with the CLI's defaults).

    Attributes:
        backend: segmentation backend, ``rjieba`` or ``jieba``.
        lexicon: user lexicon phrases kept whole and found as kind ``lexicon`` (a
            :class:`~analyzer.lexicon.Lexicon` or strings).
        builtin_lexicon: also use the built-in national lexicon (``--no-lexicon`` switches
            both off).
        min_count: the fewest exact occurrences a listed phrase needs.
        names: also list people (毛主席, 邓小平同志) in the phrase table, as kind ``name``
            (``--names``); they are left out by default.
        phrases: keep the corpus' discovered phrases whole as terms (``--no-phrases``: off).
        phrase_terms: how many of the top discovered phrases become terms.
        unit: what a row of a term matrix is: ``paragraph``, ``chunk`` or ``document``.
        chunk_chars: chunk size in characters (whole sentences) for ``unit="chunk"``.
        stopwords: shipped stopword lists (``function``, ``boilerplate``; ``none`` for none).
        stopword_files: more stopwords, one per line.
        min_df, max_df: document-frequency bounds of the term matrix of keywords and keyness,
            over units (below 1: a share; from 1, and above 1 for ``max_df``: a count).
        topic_min_df, topic_max_df: the same bounds for topic models.
        seed: the random seed of topic models.
        cache: use the on-disk cache (True, False, or a :class:`~analyzer.cache.Cache`).
        cache_dir: the cache folder (default: ``$ANALYZER_CACHE_DIR`` or the user cache).
        memory_budget_mb: about how much memory the work on shards of documents may take
            (segmentation, phrase discovery, counting): the corpus is cut into shards that
            fit, so memory is bounded by this setting, not by the corpus.
        workers: worker processes of a local Dask cluster (1: this process only).
        scheduler: the address of an existing Dask scheduler (default:
            ``$ANALYZER_DASK_SCHEDULER`` when ``workers`` is not set).
        threads: without a cluster, how many shards this process works on at once (default:
            the cores it may use, at most four); the memory budget is shared among them.

    ``cache``, ``cache_dir``, ``workers``, ``scheduler`` and ``threads`` say where the work is
    done and kept, never what the numbers are; ``memory_budget_mb`` neither: every shard size
    gives the same numbers.
    """

    backend: str = "rjieba"
    lexicon: Any = None
    builtin_lexicon: bool = True
    min_count: int = 1
    names: bool = False
    phrases: bool = True
    phrase_terms: int = PHRASE_TERMS
    unit: str = "paragraph"
    chunk_chars: int = 1000
    stopwords: tuple[str, ...] = ("function", "boilerplate")
    stopword_files: tuple[str, ...] = ()
    min_df: float = 1
    max_df: float = 1.0
    topic_min_df: float = TOPIC_MIN_DF
    topic_max_df: float = TOPIC_MAX_DF
    seed: int = 0
    cache: Any = True
    cache_dir: str | None = None
    memory_budget_mb: float = MEMORY_BUDGET_MB
    workers: int | None = None
    scheduler: str | None = None
    threads: int | None = None

    def __post_init__(self) -> None:
        lexicon = self.lexicon
        if not isinstance(lexicon, Lexicon):
            if isinstance(lexicon, str):
                raise ParameterError(
                    "lexicon takes phrases or a Lexicon, not one string: use "
                    "lexicon=[...] or analyzer.Lexicon.load(PATH)"
                )
            object.__setattr__(self, "lexicon", Lexicon(lexicon or ()))
        for name in ("stopwords", "stopword_files"):
            value = getattr(self, name)
            object.__setattr__(self, name, (value,) if isinstance(value, str) else tuple(value))
        check_choice("backend", self.backend, BACKENDS)
        check_choice("unit", self.unit, UNITS)
        for name in ("min_count", "phrase_terms", "chunk_chars", "seed"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise ParameterError(f"{name}={value!r} must be a whole number")
        if self.min_count < 1 or self.phrase_terms < 1:
            raise ParameterError("min_count and phrase_terms must be at least 1")
        if self.chunk_chars < 50:
            raise ParameterError(f"chunk_chars={self.chunk_chars} is too small; use at least 50")
        for name in ("min_df", "max_df", "topic_min_df", "topic_max_df"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not value > 0 or value != value:
                raise ParameterError(f"{name}={value!r} must be a positive number")
        for name in self.stopwords:
            check_choice("stopwords", name, ("function", "boilerplate", "none"))
        budget = self.memory_budget_mb
        if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not budget >= 64:
            raise ParameterError(
                f"memory_budget_mb={budget!r} must be a number of megabytes, at least 64"
            )
        check_count("workers", self.workers)
        check_count("threads", self.threads)

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        """The names of the settings."""
        return tuple(f.name for f in dataclasses.fields(cls))

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed (unknown names are an error)."""
        unknown = sorted(set(changes) - set(self.fields()))
        if unknown:
            raise ParameterError(
                f"unknown setting {unknown[0]!r} (settings: {', '.join(self.fields())})"
            )
        return dataclasses.replace(self, **changes) if changes else self

    def key(self) -> str:
        """A string that changes whenever the numbers could (the cache does not count)."""
        values = [
            f"{f}={getattr(self, f)!r}" for f in self.fields()
            if f not in _WHERE and f != "lexicon"
        ]  # fmt: skip
        return "|".join([*values, f"lexicon={self.lexicon.fingerprint()}"])

    def where_key(self) -> tuple:
        """The settings that say where the work runs and is kept (a given cache object by its
        identity): with :meth:`key`, what tells two analyses apart."""
        return tuple(
            id(value) if isinstance(value, Cache) else value
            for value in (getattr(self, f) for f in sorted(_WHERE))
        )

    def executor(self) -> Executor:
        """Where the work on shards runs (see :class:`~analyzer.parallel.Executor`)."""
        return Executor(self.workers, self.scheduler, self.threads)

    def shard_chars(self, bytes_per_char: float, total_chars: int = 0,
                    most: int | None = None) -> int:  # fmt: skip
        """How many characters a shard may hold when its work takes ``bytes_per_char`` bytes
        a character: within the memory budget (shared, in one process, by its threads) and at
        most ``most``, never below 100,000. Given the corpus' ``total_chars``, the shards are
        also made even, in a number that keeps every thread busy (two per worker on a
        cluster), so that no thread waits on one long last shard.

        >>> Settings(memory_budget_mb=600, threads=1).shard_chars(60)
        10485760
        >>> Settings(memory_budget_mb=600, threads=2).shard_chars(60, 9_000_000, most=4_000_000)
        2250000
        """
        workers = self.workers or (4 if self.scheduler else 1)
        threads = (self.threads or default_threads()) if workers == 1 else 1
        size = int(self.memory_budget_mb * 1024 * 1024 / bytes_per_char / threads)
        if most is not None:
            size = min(size, most)
        size = max(size, 100_000)
        lanes = threads if workers == 1 else 2 * workers
        if total_chars and lanes > 1:
            count = -(-total_chars // size)
            count = -(-count // lanes) * lanes
            size = max(-(-total_chars // count), 1 if workers > 1 else 100_000)
        return size

    def make_cache(self) -> Cache:
        """The cache these settings ask for."""
        if isinstance(self.cache, Cache):
            return self.cache
        return Cache(self.cache_dir, enabled=bool(self.cache))

    def segmenter(self) -> Segmenter:
        """The segmenter of ``analyzer tokens``: the backend with the lexicons."""
        return Segmenter(backend=self.backend, lexicon=self.lexicon,
                         builtin_lexicon=self.builtin_lexicon)  # fmt: skip

    def stopword_set(self) -> frozenset[str]:
        """The stopwords of term matrices."""
        lists = [s for s in self.stopwords if s != "none"]
        return load_stopwords(lists, files=self.stopword_files)
