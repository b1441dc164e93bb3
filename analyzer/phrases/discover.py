"""Phrase discovery: run the detectors, keep well-formed phrases, count them exactly, rank them.

The pipeline, for a corpus of cleaned documents:

1. cut the corpus into shards of documents (see :mod:`analyzer.phrases.shard`), segmented
   once without any lexicon, to know where tokens start and end;
2. collect candidates from each detector: ``statistical`` (repeated, cohesive, free-standing
   character strings), ``quoted`` (set off in quotation or book-title marks), ``formula``
   (numbered and digit formulas), ``localized`` (a place-name swap of a national campaign) and
   ``lexicon`` (built-in and user lexicons);
3. drop malformed candidates (clause punctuation inside, a loose function word at an edge), and
   candidates from the statistical and formula detectors that cut through words (their edges
   are not token boundaries in most occurrences) or only ever occur inside one longer phrase;
4. count every candidate in every document, and score it (see :func:`score_phrases`);
5. list the phrases best first, with exact counts, documents, years, and first and last year.

Every step that reads the text runs as a round over the shards, each returning counts that
add up (n-gram counts, neighbour counts, occurrences of candidates by document, frames, the
share of a candidate's occurrences inside a longer one), so memory follows the shard size
rather than the corpus, the rounds may run on a Dask cluster (see
:class:`~analyzer.parallel.Executor`), and the table is the same for any sharding.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass

import numpy as np

from .. import progress
from ..corpus import Corpus
from ..errors import NotFittedError, ParameterError, check_choice
from ..index import Phrases, TextIndex, _HashTable
from ..lexicon import Lexicon
from ..parallel import Executor
from ..segment import Segmenter
from ..tokens import Tokens, tokenize
from .duplicates import REPORT_VERBS, VERB_WRAPPED, is_predicate, wrapped_rows
from .formula import formula_candidates, is_formula
from .frames import NAME_HEADS, PROGRAMME_VERBS, frame_counts
from .lexicon_detector import lexicon_candidates
from .localized import localized_pairs, places_for, stem_counts
from .names import HONORIFICS, is_title, people, person_parts, titled_counts, unsure_names
from .ngrams import group_sum, ngram_table, run_starts, word_char_mask
from .quoted import book_titles, quoted_candidates
from .shard import Shard, ShardedCorpus, make_shards
from .spec import COLUMNS, DETECTORS, fingerprint
from .statistical import enumeration_candidates, statistical_candidates
from .wellformed import FUNCTION_WORDS, GRAMMAR_WORDS, has_clause_break, is_quantity

__all__ = ["COLUMNS", "DETECTORS", "SHARD_BYTES", "SHARD_CHARS", "PhraseDiscoverer",
           "discover_phrases"]  # fmt: skip

logger = logging.getLogger(__name__)

#: The characters a shard of documents holds by default (see :meth:`PhraseDiscoverer.fit`).
SHARD_CHARS = 4_000_000
#: About how many bytes a character of a shard takes while discovery works on it (its text
#: index, the n-gram keys of one length, the occurrences of candidates); the rest of the
#: corpus costs about :data:`KEPT_BYTES` a character.
SHARD_BYTES = 60
#: About how many bytes a character of the corpus takes in the state kept between rounds
#: (token boundaries, character ranks, n-gram rows, candidate occurrences).
KEPT_BYTES = 8


class _Estimator:
    """scikit-learn's estimator conventions (``get_params``, ``set_params``, so that
    ``sklearn.base.clone`` works) over the keyword parameters of ``__init__``, without
    importing scikit-learn: that import (and the scipy.stats it pulls in) takes most of a
    second, which a phrase table does not need."""

    @classmethod
    def _get_param_names(cls) -> list[str]:
        import inspect

        signature = inspect.signature(cls.__init__)
        return sorted(
            p.name for p in signature.parameters.values()
            if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        )  # fmt: skip

    def get_params(self, deep: bool = True) -> dict:
        """The parameters, by name (and those of parameters that are estimators, with
        ``deep``, as ``name__param``)."""
        params = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                params.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            params[name] = value
        return params

    def set_params(self, **params):
        """Set parameters by name (``name__param`` for a parameter's own); returns self."""
        valid = self.get_params(deep=True)
        nested: dict[str, dict] = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {type(self).__name__}. "
                    f"Valid parameters are: {self._get_param_names()!r}."
                )
            if sub:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            getattr(self, name).set_params(**sub_params)
        return self


@dataclass
class _Candidates:
    phrases: list[str]
    words: list[list[str]]
    kinds: list[frozenset[str]]
    quoted: np.ndarray
    cohesion: np.ndarray
    pairs: dict[str, str]
    roles: np.ndarray
    people: set[str]
    tag: Callable[[str], list[tuple[str, str]]]
    doctrine: np.ndarray


class PhraseDiscoverer(_Estimator):
    """Discover policy phrases (提法) in a corpus, from the corpus alone.

    Args:
        detectors: which detectors run (default: all of :data:`DETECTORS`).
        lexicon: user lexicon phrases, found as kind ``lexicon`` wherever they occur.
        builtin_lexicon: also look for the built-in national formulations.
        min_count: the fewest exact occurrences a listed phrase needs.
        max_len: the longest statistical candidate, in characters.
        backend: the segmenter backend used to find token boundaries.
        names: also list people (毛主席, 邓小平同志, 周总理说), with kind ``name``; by default
            they are left out, since a person is not a formulation (see
            :mod:`analyzer.phrases.names`). Titles of laws, treaties, books and documents
            (建筑法, 列宁全集) are always listed, with kind ``title``.

    Attributes:
        table_: after :meth:`fit`, every kept phrase best first (see :data:`COLUMNS`).
        features_: after :meth:`fit`, every candidate with the evidence behind its score
            (counts and years, ``ridf``, ``novelty``, ``retirement``, ``concentration``,
            ``after_verb``/``before_head`` frame counts, ``runs_on``, ``quoted``, ``cohesion``,
            ``single_share``) and ``dropped``, the reason it is not listed ("" when it is); None
            when the table came from the cache.

    Example:
        >>> texts = ["深入开展扫黑除恶专项斗争。建设“平安东岚”。", "扫黑除恶专项斗争取得成效，平安东岚建设推进。"]
        >>> corpus = Corpus.from_texts(texts, years=[2019, 2020])
        >>> table = PhraseDiscoverer(builtin_lexicon=False).fit(corpus).table_
        >>> table.set_index("phrase").loc["扫黑除恶专项斗争", ["count", "first_year"]].tolist()
        [2, 2019]
    """

    def __init__(
        self,
        *,
        detectors: Sequence[str] = DETECTORS,
        lexicon: Lexicon | Iterable[str] | None = None,
        builtin_lexicon: bool = True,
        min_count: int = 1,
        max_len: int = 16,
        backend: str = "rjieba",
        names: bool = False,
    ) -> None:
        self.detectors = detectors
        self.lexicon = lexicon
        self.builtin_lexicon = builtin_lexicon
        self.min_count = min_count
        self.max_len = max_len
        self.backend = backend
        self.names = names

    def _validate(self) -> None:
        for name in self.detectors:
            check_choice("detectors", name, DETECTORS)
        if not isinstance(self.min_count, int) or self.min_count < 1:
            raise ParameterError(f"min_count={self.min_count!r} must be an integer of at least 1")
        if not 3 <= self.max_len <= 30:
            raise ParameterError(f"max_len={self.max_len!r} must be between 3 and 30")

    def fit(self, corpus: Corpus, tokens: Tokens | None = None, *,
            executor: Executor | None = None, shard_chars: int | None = None) -> PhraseDiscoverer:  # fmt: skip
        """Find, count and rank the phrases of ``corpus``; returns self.

        Args:
            corpus: the documents.
            tokens: the documents' tokens from a segmenter without lexicon (their edges are
                the word boundaries candidates must respect); segmented here when None. The
                analysis layer passes the tokens it already has, so that a corpus is
                segmented once.
            executor: where the rounds over shards of documents run (see
                :class:`~analyzer.parallel.Executor`): here by default, or on a Dask cluster.
            shard_chars: about how many characters a shard holds (default
                :data:`SHARD_CHARS`; a longer document is cut into pieces at line breaks,
                see :func:`~analyzer.phrases.shard.document_pieces`). A shard takes about
                :data:`SHARD_BYTES` bytes a character while it is worked on, the corpus about
                :data:`KEPT_BYTES` a character between rounds.

        Where the work runs and how the corpus is cut never change the table, unless a
        paragraph is longer than a shard (it is then cut after a sentence end, or between
        two tokens, and what would cross that cut is not counted).
        """
        import pandas as pd

        self._validate()
        if tokens is not None and (tokens.segmenter.phrases or len(tokens) != len(corpus)):
            raise ParameterError(
                "tokens must come from a segmenter without lexicon, one list per document"
            )
        if shard_chars is not None and (isinstance(shard_chars, bool) or shard_chars < 1):
            raise ParameterError(f"shard_chars={shard_chars!r} must be a positive whole number")
        if tokens is None:
            tokens = tokenize(corpus, Segmenter(backend=self.backend, builtin_lexicon=False))
        kept = [i for i, d in enumerate(corpus) if d.text.strip()]
        docs = [corpus.documents[i] for i in kept]
        self.n_documents_ = len(docs)
        self.doc_ids_ = [d.id for d in docs]
        if not docs:
            self.table_ = pd.DataFrame(columns=COLUMNS)
            self.features_ = self.table_
            self.doc_counts_ = None
            return self
        texts = [d.text for d in docs]
        years = np.array([d.year if d.year is not None else -1 for d in docs], dtype=np.int32)
        doc_chars = np.array([len(t) for t in texts], dtype=np.int64)
        with progress.task("discovering phrases", total=4) as step:
            shards = make_shards(texts, [tokens.lengths(i) for i in kept],
                                 shard_chars or SHARD_CHARS)  # fmt: skip
            # The shards keep the token boundaries as bits: the caller's tokens may go.
            del tokens
            sharded = ShardedCorpus(shards, executor)
            del shards
            places = places_for(d.region for d in docs)
            scan = _merge_scans(sharded.run(_scan_round, tuple(self.detectors), places))
            bound = _bound_joiners(sharded, scan["trigrams"])
            step.advance()
            lexicon = self._lexicon()
            candidates = self._collect(sharded, lexicon, bound, scan)
            step.advance()
            sources = [str(d.meta.get("source", "")) for d in docs]
            found = sharded.run(_hits_round, Phrases(candidates.phrases), years)
            step.advance()
            ranked, doc_pairs = _rank(sharded, doc_chars, years, sources, candidates,
                                      self.min_count, found, names=self.names)  # fmt: skip
            # The shards (their texts' state, every candidate's occurrences) are done with.
            del sharded, found, candidates
            step.advance()
        self.features_ = ranked
        listed = ranked["dropped"] == ""
        self.doc_counts_ = _document_counts(
            doc_pairs, ranked.loc[listed, "candidate"].to_numpy(), len(texts)
        )
        table = ranked[listed][COLUMNS].copy()
        for column in ("first_year", "last_year"):
            table[column] = table[column].astype("Int64").where(table[column] >= 0)
        table["score"] = table["score"].round(4)
        self.table_ = table.reset_index(drop=True)
        return self

    def fingerprint(self) -> str:
        """A string that changes whenever the table could change for the same documents (the
        analysis layer's cache key; see :func:`analyzer.phrases.spec.fingerprint`)."""
        return fingerprint(**self.get_params())

    def __repr__(self) -> str:
        state = f"{len(self.table_):,} phrases" if hasattr(self, "table_") else "not fitted"
        return f"PhraseDiscoverer(detectors={list(self.detectors)}, {state})"

    def _repr_html_(self) -> str:
        """In Jupyter: the top of the phrase table (or a note when not fitted)."""
        import html

        if not hasattr(self, "table_"):
            return f"<p>{html.escape(repr(self))}</p>"
        return f"<p><b>{html.escape(repr(self))}</b></p>" + self.table(20).to_html(index=False)

    def table(self, top_n: int | None = None):
        """The phrase table, best first (the first ``top_n`` rows when given)."""
        if not hasattr(self, "table_"):
            raise NotFittedError("this PhraseDiscoverer is not fitted yet: call .fit(corpus) first")
        return self.table_ if top_n is None else self.table_.head(top_n).reset_index(drop=True)

    def to_lexicon(self, top_n: int | None = None) -> Lexicon:
        """The discovered phrases as a :class:`~analyzer.lexicon.Lexicon` (for segmentation)."""
        from ..lexicon import LexiconEntry

        table = self.table(top_n)
        return Lexicon(
            LexiconEntry(row.phrase, origin="discovered", introduced=_int_or_none(row.first_year),
                         source=f"discovered ({row.kind})")
            for row in table.itertuples()
        )  # fmt: skip

    def _lexicon(self) -> Lexicon:
        user = self.lexicon if isinstance(self.lexicon, Lexicon) else Lexicon(self.lexicon or ())
        return (Lexicon.builtin() | user) if self.builtin_lexicon else user

    def _collect(self, sharded: ShardedCorpus, lexicon, bound, scan) -> _Candidates:
        # Each candidate's detectors, as one of a few shared sets (most are only statistical).
        kinds: dict[str, frozenset[str]] = {}
        cohesion: dict[str, float] = {}

        def add(phrase: str, kind: str) -> None:
            kinds[phrase] = _with_kind(kinds.get(phrase, _NO_KINDS), kind)

        if "statistical" in self.detectors:
            table = ngram_table(sharded, max_len=self.max_len)
            found = statistical_candidates(table, min_aligned=MIN_ALIGNED,
                                           min_cohesion=MIN_COHESION)  # fmt: skip
            del table
            kinds = dict.fromkeys(found.phrases, _with_kind(_NO_KINDS, "statistical"))
            cohesion = dict(zip(found.phrases, found.cohesion.tolist(), strict=True))
            enumerations = Counter()
            for part in sharded.run(_enumeration_round, set(cohesion)):
                enumerations.update(part)
            for phrase, n in enumerations.items():
                if n >= 2:
                    add(phrase, "statistical")
        quoted = scan["quoted"] if "quoted" in self.detectors else {}
        for phrase in quoted:
            add(phrase, "quoted")
        if "formula" in self.detectors:
            for phrase, n in scan["formulas"].items():
                if n >= 2 or phrase in quoted:
                    add(phrase, "formula")
            for phrase in list(kinds):
                if is_formula(phrase):
                    add(phrase, "formula")
        pairs: dict[str, str] = {}
        if "localized" in self.detectors:
            pairs = localized_pairs(scan["stems"])
            for phrase in pairs:
                add(phrase, "localized")
        if "lexicon" in self.detectors:
            for phrase in lexicon_candidates(lexicon):
                add(phrase, "lexicon")
        tag = _tagger()
        words_of = {}
        formulas_with_yi = {}
        for batch in tag.batches(list(kinds.items()), key=lambda item: item[0]):
            for phrase, phrase_kinds in batch:
                words = _well_formed(phrase, phrase_kinds, tag, bound=phrase[-3:] in bound)
                if words is not None:
                    words_of[phrase] = words
                    continue
                if phrase.startswith("以") and "statistical" in phrase_kinds:
                    words = _formula_with_yi(phrase, tag)
                    if words is not None:
                        formulas_with_yi[phrase] = words
                        continue
                tag.forget(phrase)  # most candidates are malformed: keep no tags for them
        # One round counts the rests of the formulas opening with 以, and the company of every
        # name that may be a person (the phrases, their heads, the founders of doctrines).
        maybe = list(dict.fromkeys(_person_strings([*words_of, *formulas_with_yi],
                                                   {**words_of, **formulas_with_yi})))  # fmt: skip
        parts = dict(zip(maybe, person_parts(maybe, tag), strict=True))
        names = {p[0] for p in parts.values() if p is not None and not p[2]}
        yi_strings = [*formulas_with_yi, *(p[1:] for p in formulas_with_yi)]
        counts, company = _company(sharded, names, yi_strings)
        words_of.update(_bound_yi(counts, formulas_with_yi))
        # A formulation inside a name led by a person also stands on its own
        # (新时代中国特色社会主义思想 of 习近平新时代中国特色社会主义思想).
        heads = {phrase: _head(words) for phrase, words in words_of.items()}
        # A doctrine named after a person (毛泽东思想, 邓小平理论, 习近平强军思想) is a formulation.
        founders = {p: p[: -len(d)] for p in words_of for d in DOCTRINES if p.endswith(d)}
        persons = people(
            company, [*(h for h in heads.values() if h), *words_of, *founders.values()], tag,
            parts=parts,
        )  # fmt: skip
        rests = []
        for phrase, head in heads.items():
            rest = phrase[len(head) :] if head in persons else ""
            if len(rest) >= 3 and rest not in words_of:
                rest_words = _well_formed(rest, {"statistical"}, tag)
                if rest_words is not None:
                    add(rest, "statistical")
                    words_of[rest] = rest_words
                    rests.append(rest)
        more = unsure_names(rests, tag) - set(company)
        if more:
            company = {**company, **_company(sharded, more, [])[1]}
        phrases = list(words_of)
        words = [words_of[p] for p in phrases]
        names = {p for p in phrases if p in persons} | people(company, rests, tag)
        titles = scan["titles"]
        roles = np.array(
            ["name" if p in names else "title" if is_title(p, w, in_title_marks=p in titles)
             else "" for p, w in zip(phrases, words, strict=True)], dtype=object,
        )  # fmt: skip
        doctrine = np.array(
            [founders.get(p) in persons or (heads.get(p) in persons and w[-1] in DOCTRINES)
             for p, w in zip(phrases, words, strict=True)]
        )  # fmt: skip
        return _Candidates(
            phrases=phrases,
            doctrine=doctrine,
            words=words,
            kinds=[kinds[p] for p in phrases],
            quoted=np.array([quoted.get(p, 0) for p in phrases], dtype=np.int64),
            cohesion=np.array([cohesion.get(p, np.nan) for p in phrases]),
            pairs=pairs,
            roles=roles,
            people=persons,
            tag=tag,
        )


def discover_phrases(
    corpus: Corpus,
    *,
    top_n: int | None = 100,
    min_count: int = 1,
    lexicon: Lexicon | Iterable[str] | None = None,
    builtin_lexicon: bool = True,
    detectors: Sequence[str] = DETECTORS,
    names: bool = False,
):
    """The phrase table of a corpus, best first: a pandas DataFrame with :data:`COLUMNS`.

    Columns: ``phrase``; ``kind`` (``title`` for a law, treaty, book or document, ``name`` for a
    person when ``names`` is true, else the detector that speaks for it: lexicon, localized,
    formula, quoted, statistical); ``count`` (exact occurrences in the cleaned text, by the
    counting rule of :mod:`analyzer.numerals`); ``docs``;
    ``years`` (distinct years); ``first_year``/``last_year`` (earliest and latest year in which
    the exact phrase occurs); ``score``; ``kinds`` (every detector that found it); ``pair``
    (the counterpart of a localized phrase); ``quoted`` (times it was set off in quotes).

    See :class:`PhraseDiscoverer` for the parameters.
    """
    discoverer = PhraseDiscoverer(
        detectors=detectors, lexicon=lexicon, builtin_lexicon=builtin_lexicon, min_count=min_count,
        names=names,
    )  # fmt: skip
    return discoverer.fit(corpus).table(top_n)


def _single_share(words: list[list[str]]) -> np.ndarray:
    """Share of one-character words in each phrase (jieba's dictionary segmentation)."""
    shares = np.zeros(len(words))
    for i, ws in enumerate(words):
        if ws:
            shares[i] = sum(1 for w in ws if len(w) == 1 and not w.isdigit()) / len(ws)
    return shares


class _Tagger:
    """jieba's part-of-speech tagger (dictionary tags, no HMM) through rjieba, remembering what
    it tagged (one discovery tags a phrase in several rules).

    :meth:`prefetch` tags many strings in one call, joined by line breaks: jieba cuts the text
    at every line break and tags each word by its dictionary entry alone, so each string gets
    the tags it gets alone (a string whose words do not spell it exactly is tagged alone).
    """

    def __init__(self) -> None:
        import rjieba

        self._tag = rjieba.tag
        self._tagged: dict[str, list[tuple[str, str]]] = {}

    def __call__(self, text: str) -> list[tuple[str, str]]:
        found = self._tagged.get(text)
        if found is None:
            found = self._tagged[text] = self._tag(text, False)
        return found

    def forget(self, text: str) -> None:
        """Drop what was remembered of ``text``."""
        self._tagged.pop(text, None)

    def prefetch(self, texts: Iterable[str]) -> None:
        """Tag many strings at once (what :meth:`__call__` then returns for each)."""
        self._tagged.update(self._tag_many([t for t in texts if t not in self._tagged]))

    def batches(self, items: Sequence, key: Callable = lambda item: item):
        """The items in batches of :data:`_TAG_BATCH`, each yielded once the strings
        ``key(item)`` are tagged (one call a batch)."""
        for start in range(0, len(items), _TAG_BATCH):
            batch = items[start : start + _TAG_BATCH]
            self.prefetch(key(item) for item in batch)
            yield batch

    def _tag_many(self, texts: list[str]) -> dict[str, list[tuple[str, str]]]:
        """The tags of many strings, from one call (strings holding a space are left out)."""
        todo = [t for t in dict.fromkeys(texts) if t and not _SPACE.search(t)]
        if not todo:
            return {}
        tagged = self._tag("\n".join(todo), False)
        # No string holds a space, so a line break is a word of its own exactly where it
        # joins two strings: as many of them as joints means the words split as the strings.
        cuts = [i for i, (word, _) in enumerate(tagged) if word == "\n"]
        if len(cuts) != len(todo) - 1:
            return {}
        starts, ends = [0, *(c + 1 for c in cuts)], [*cuts, len(tagged)]
        return dict(zip(todo, map(tagged.__getitem__, map(slice, starts, ends)), strict=True))


_SPACE = re.compile(r"\s")
#: A character for which ``str.isalnum`` holds.
_ALNUM = re.compile(r"[^\W_]")
#: Candidates tagged at once (bounds the memory of one call).
_TAG_BATCH = 20_000


def _tagger() -> _Tagger:
    """jieba's part-of-speech tagger (see :class:`_Tagger`)."""
    return _Tagger()


def _person_strings(phrases: Iterable[str], words_of: dict[str, list[str]]) -> list[str]:
    """Where a person may be named among these phrases: the phrases, their heads and the
    founders of the doctrines they name."""
    heads = [_head(words_of[p]) for p in phrases]
    founders = [p[: -len(d)] for p in phrases for d in DOCTRINES if p.endswith(d)]
    return [*(h for h in heads if h), *phrases, *founders]


def _head(words: list[str]) -> str:
    """The first word of a phrase, with the honorific after it (毛泽东, 邓小平同志, 毛主席):
    where a name would stand."""
    if len(words) < 2:
        return ""
    return words[0] + words[1] if words[1] in HONORIFICS and len(words) > 2 else words[0]


def _int_or_none(value) -> int | None:
    import pandas as pd

    return None if value is None or pd.isna(value) else int(value)


_NO_KINDS: frozenset[str] = frozenset()


@functools.cache
def _with_kind(kinds: frozenset[str], kind: str) -> frozenset[str]:
    """The detectors ``kinds`` and ``kind`` (one shared set for each combination)."""
    return kinds | {kind}


#: The heads of a doctrine named after its founder: 毛泽东思想, 邓小平理论, 马克思主义.
DOCTRINES = ("思想", "理论", "主义")
#: Detectors whose evidence is explicit: the text or a lexicon marks the phrase as a unit.
EXPLICIT = frozenset({"quoted", "lexicon", "localized"})
#: The least cohesion (minimum PMI over split points) of a purely statistical candidate.
MIN_COHESION = 3.0


#: Characters that are conjunctions on their own but may end a word jieba splits (碳中和 is
#: cut 碳/中/和, so its 和 looks like a trailing conjunction).
_JOINERS = frozenset("和与及或同并而")
#: A joiner belongs to a word when the two characters before it are followed by it in at
#: least this share of their occurrences (碳中 → 碳中和 always; 集中 → 集中和 rarely).
BOUND_SHARE = 0.9


def _bound_joiners(sharded: ShardedCorpus, trigrams: set[str]) -> set[str]:
    """Three-character words jieba cuts into single characters ending in a joiner (碳/中/和):
    the first two are (nearly) always followed by the joiner, so it is no conjunction there.

    Found where the segmentation puts a token boundary before each of the last two characters
    of such a trigram (``trigrams``, from :func:`_joiner_trigrams`); the token boundaries inside
    its occurrences are then removed, so that no candidate may end inside it (碳达峰碳 cuts
    碳中和).
    """
    if not trigrams:
        return set()
    strings = list(dict.fromkeys([*sorted(trigrams), *(t[:2] for t in sorted(trigrams))]))
    found = sharded.run(_joiner_round, Phrases(strings))
    counts = dict(zip(strings, np.sum(found, axis=0).tolist(), strict=True))
    bound = {
        t for t in trigrams
        if counts.get(t, 0) >= 3 and counts[t] >= BOUND_SHARE * counts.get(t[:2], 0)
    }  # fmt: skip
    sharded.run(_unbind_round, np.array([strings.index(t) for t in sorted(bound)], dtype=np.int64))
    return bound


def _joiner_trigrams(shard: Shard) -> set[str]:
    """The trigrams of a shard that may be words jieba cut before a joiner (see
    :func:`_bound_joiners`)."""
    codes = shard.codes()
    boundary = shard.boundary()
    cjk = (codes >= 0x4E00) & (codes <= 0x9FFF)
    at = np.flatnonzero(np.isin(codes, [ord(c) for c in _JOINERS]))
    at = at[at >= 2]
    at = at[boundary[at] & boundary[at - 1] & cjk[at - 1] & cjk[at - 2]]
    joined = np.stack([codes[at - 2], codes[at - 1], codes[at]], axis=1).tobytes()
    text = joined.decode("utf-32-le")
    return {text[k : k + 3] for k in range(0, len(text), 3)}


def _well_formed(phrase: str, kinds: Set[str], tag, *, bound: bool = False) -> list[str] | None:
    """The phrase's words when it is well formed, else None.

    Well formed: no clause break inside, no particle at the end (a quoted “破产了” is a
    sentence); and, unless quoted or listed, a name rather than a
    stretch of prose (a ``bound`` trailing joiner, as in 碳中和, counts as part of its word): no function word at an edge, no particle, pronoun, conjunction or
    preposition inside, no date or quantity (一九五八年, 比上一年, 3.5%), no time or measure
    word at an edge (上一年增加, 前三年), no locative at the end (国内商业批发中), not only
    the boilerplate verbs of official prose (深入推进), not verbs joined by a coordinator
    (坚持和完善, a predicate), not two plain words joined by one (干部和群众, a generic pair),
    and not a predicate that names nothing (取得新进展, 表示诚挚, 把握好, 干扰破坏; see
    :func:`analyzer.phrases.duplicates.is_predicate`).
    """
    if len(phrase) < 2 or has_clause_break(phrase) or not _ALNUM.search(phrase):
        return None
    tagged = tag(phrase)
    if bound and len(tagged) >= 2 and tagged[-1][0] in _JOINERS and len(tagged[-2][0]) == 1:
        # jieba cut a word into single characters (碳/中/和): glue the joiner back on
        tagged = [*tagged[:-2], (tagged[-2][0] + tagged[-1][0], "n")]
    words = [w for w, _ in tagged]
    if "lexicon" in kinds:
        return words
    if tagged[-1][1][:1] in _SENTENCE_FINAL_POS:
        # a quote that ends in a particle is a sentence (“破产了”), not a name
        return None
    if kinds & EXPLICIT or "formula" in kinds:
        return words
    if is_quantity(phrase):
        return None
    first_word, last_word = words[0], words[-1]
    if first_word in FUNCTION_WORDS or last_word in FUNCTION_WORDS or first_word in _DATE_UNITS:
        return None
    if not GRAMMAR_WORDS.isdisjoint(words) or _BOILERPLATE.issuperset(words):
        return None
    if not _COORDINATORS.isdisjoint(words) and all(
        pos == "v" or word in _COORDINATORS for word, pos in tagged
    ):
        # coordinated verbs are a predicate, not a name: 坚持和完善, 鼓励和引导
        return None
    if len(words) == 3 and words[1] in _COORDINATORS and max(len(words[0]), len(words[2])) <= 2:
        # two plain words joined are a generic pair, not a name: 干部和群众, 经济和社会
        return None
    if (tagged[0][1] == "v" or first_word in REPORT_VERBS) and is_predicate(tagged):
        return None
    last = len(tagged) - 1
    for position, (word, pos) in enumerate(tagged):
        kind = pos[:1]
        if kind in _NEVER_POS and not (0 < position < last and word in _COORDINATORS):
            return None
        if (
            (position == 0 or position == last)
            and kind in _EDGE_POS
            and not _allowed_edge(word, pos, position)
        ):
            return None
        if position == last and kind == "f":
            return None
    return words


def _formula_with_yi(phrase: str, tag) -> list[str] | None:
    """The words of a fixed formula that opens with the preposition 以 (以德治国, 以人民为中心,
    以经济建设为中心, 以粮为纲), else None: 以, then words that hold no function word, no
    date or quantity and no preposition but one 为 (以 X 为 Y)."""
    if len(phrase) < 4 or is_quantity(phrase):
        return None
    tagged = tag(phrase)
    if tagged[0][0] != "以" or len(tagged) < 2:
        return None
    rest = tagged[1:]
    if rest[0][1] in ("nr", "nrfg", "nrt"):
        return None  # 以 + a person: 以习近平同志为核心的党中央
    words = [w for w, _ in rest]
    if words[0] == "为" or words[-1] == "为" or words.count("为") > 1:
        return None
    if not GRAMMAR_WORDS.isdisjoint(words) or words[-1] in FUNCTION_WORDS:
        return None
    if any(pos[:1] in _NEVER_POS and word != "为" for word, pos in rest):
        return None
    return [w for w, _ in tagged]


#: The least share of the uses of what follows 以 that 以 opens: the formula recurs as one unit
#: (德治国 is always 以德治国), not 以 + any object (以 改革 促 发展).
YI_BOUND = 0.8


def _bound_yi(counts: dict[str, int], formulas: dict[str, list[str]]) -> dict[str, list[str]]:
    """The formulas opening with 以 whose rest nearly always follows 以 (:data:`YI_BOUND`),
    given the counts of the formulas and of their rests."""
    if not formulas:
        return {}
    return {
        phrase: words
        for phrase, words in formulas.items()
        if counts.get(phrase, 0) >= 2 and counts[phrase] >= YI_BOUND * counts.get(phrase[1:], 0)
    }


def _company(sharded: ShardedCorpus, names: set[str], strings: list[str]):
    """The counts of ``strings`` (by the counting rule) and how often each of ``names`` stands
    in a person's company (see :func:`analyzer.phrases.names.titled_counts`), in one round."""
    names = sorted(names)
    strings = list(dict.fromkeys(s for s in strings if s))
    if not names and not strings:
        return {}, {}
    found = sharded.run(_company_round, names, Phrases(strings))
    counts = np.sum([f[0] for f in found], axis=0) if strings else []
    company = np.sum([f[1] for f in found], axis=0) if names else []
    return (dict(zip(strings, np.asarray(counts).tolist(), strict=True)),
            dict(zip(names, np.asarray(company).tolist(), strict=True)))  # fmt: skip


#: Parts of speech (jieba's tag set) never found in a name: pronouns, conjunctions,
#: prepositions, particles, modal and onomatopoeic words, interjections.
_NEVER_POS = frozenset("rcpuyoe")
#: Parts of speech that end a sentence, never a name, even a quoted one: particles (了, 的,
#: 着) and modal words (吗, 呢).
_SENTENCE_FINAL_POS = frozenset("uy")
#: Parts of speech that do not start or end a name: numerals, time words, measure words
#: (上一年增加, 前三年); a locative does not end one (国内商业批发中).
_EDGE_POS = frozenset("mtq")
_COORDINATORS = frozenset({"和", "与", "及", "同"})
_COORDINATION = re.compile("[和与及同]")


def _boilerplate() -> frozenset[str]:
    from ..stopwords import shipped_list

    return shipped_list("boilerplate")


_BOILERPLATE = _boilerplate()
#: A date's unit cannot open a name: 年全省政法工作 is the tail of 2021年全省政法工作.
_DATE_UNITS = frozenset("年月日")


def _allowed_edge(word: str, pos: str, position: int) -> bool:
    """Ordinals may open a name (第一个五年计划); anniversaries may close one (建党100周年);
    and a word jieba's dictionary mislabels (整顿 as a numeral) is judged by its characters."""
    if (position == 0 and word.startswith("第") and len(word) > 1) or word == "周年":
        return True
    if pos.startswith("m"):
        return not any(c in _NUMERALS for c in word)
    if pos.startswith("t"):
        return not any(c in _TIME_CHARS for c in word)
    return False


_NUMERALS = frozenset("0123456789〇○零一二三四五六七八九十百千万亿两双半几")
_TIME_CHARS = frozenset("年月日天时期季度今明昨去前后周春夏秋冬")


def _document_counts(doc_pairs, listed: np.ndarray, n_docs: int):
    """Documents × listed phrases sparse matrix of exact counts (from the ranking's counts of
    each phrase in each document)."""
    import scipy.sparse as sp

    phrase, doc, counts = doc_pairs
    listed = np.asarray(listed, dtype=np.int64)
    top = max(int(phrase.max()) if len(phrase) else 0, int(listed.max()) if len(listed) else 0)
    column = np.full(top + 1, -1, dtype=np.int32)
    column[listed] = np.arange(len(listed), dtype=np.int32)
    # Four bytes a value, the listed pairs only: these are the largest arrays of discovery.
    columns = column[phrase]
    where = columns >= 0
    columns = columns[where]
    matrix = sp.csr_matrix((counts[where], (doc[where], columns)), shape=(n_docs, len(listed)))
    del columns, where
    matrix.sort_indices()
    matrix.data = matrix.data.astype(np.int64)
    return matrix


def _rank(sharded, doc_chars, years, sources, candidates: _Candidates, min_count: int, found,
          *, names: bool = False):  # fmt: skip
    import pandas as pd

    phrases = candidates.phrases
    if not phrases:
        empty = np.zeros(0, dtype=np.int64)
        return pd.DataFrame(
            columns=list(dict.fromkeys([*COLUMNS, *_FEATURES, "role", "dropped", "candidate"]))
        ), (empty, empty, empty)
    doc_pairs, features = _features(doc_chars, years, found, phrases,
                                    split_docs=sharded.split_docs)  # fmt: skip
    kinds = candidates.kinds
    explicit = np.array([bool(k & EXPLICIT) for k in kinds])
    count = features["count"]
    reason = np.full(len(phrases), "", dtype=object)
    reason[count < max(1, min_count)] = "below min_count"
    # Statistical and formula candidates must not cut words in most of their occurrences.
    reason[(reason == "") & ~explicit & (features["aligned"] < MIN_ALIGNED)] = "cuts words"
    lonely = np.array([k == {"localized"} for k in kinds]) & (count < 2)
    reason[(reason == "") & lonely] = "localized once"
    quoted_only = np.array([k <= {"quoted", "formula", "statistical"} for k in kinds])
    whole, inside = _not_fragment(
        phrases, count, reason == "", explicit, candidates.cohesion, sharded,
        led_by_person=candidates.people.__contains__, tag=candidates.tag,
        quoted_only=quoted_only,
    )  # fmt: skip
    reason[(reason == "") & ~whole] = "fragment of a longer phrase"
    roles = candidates.roles
    if not names:
        reason[(reason == "") & (roles == "name")] = "a person's name"
    wrapped = wrapped_rows(phrases, count, reason == "", candidates.tag, judged=~explicit)
    wraps = (reason == "") & (wrapped != "")
    reason[wraps] = wrapped[wraps]
    # A verb + a formulation that goes still holds the verb's pieces (应对国际 of
    # 应对国际金融危机); a formulation + a predicate holds the formulation, no piece.
    inside = inside(reason == "", holders=(reason == "") | (wraps & (wrapped == VERB_WRAPPED)))
    frame = pd.DataFrame({"phrase": phrases, **features, "quoted": candidates.quoted,
                          "cohesion": candidates.cohesion, "kinds_set": kinds,
                          "single_share": _single_share(candidates.words), "inside": inside,
                          "doctrine": candidates.doctrine,
                          "dropped": reason,
                          "candidate": np.arange(len(phrases))})  # fmt: skip
    frame["score"] = score_phrases(frame)
    frame["role"] = roles
    frame["kind"] = [role or next(k for k in DETECTORS if k in ks)
                     for role, ks in zip(roles, frame["kinds_set"], strict=True)]  # fmt: skip
    frame["kinds"] = [";".join(k for k in DETECTORS if k in ks) for ks in frame["kinds_set"]]
    frame["pair"] = [candidates.pairs.get(p) for p in frame["phrase"]]
    frame = frame.sort_values(
        ["score", "count", "phrase"], ascending=[False, False, True], kind="stable"
    )
    frame = frame.iloc[_balanced_order(frame, doc_pairs[:2], sources)]
    return frame.drop(columns=["kinds_set"]).reset_index(drop=True), doc_pairs


def _balanced_order(frame, doc_pairs, sources) -> np.ndarray:
    """Positions of ``frame`` (sorted by score) re-ordered so that every source keeps a share.

    A source is a path given to the loader (or a row's ``source`` field). Ranked by score
    alone, a single provincial report beside seventy national ones would have its own
    formulations buried under the national vocabulary. Someone who gives two paths asks about
    both, so the list is dealt out among the sources in turn, in equal shares, each source
    taking its best phrases not yet listed; a source that runs out of phrases leaves the rest
    of the list to the others. With one source the order is the score order.
    """
    labels = sorted(set(sources))
    if len(labels) < 2 or frame.empty:
        return np.arange(len(frame))
    phrase_ids, doc_ids = doc_pairs
    source_of_doc = np.array([labels.index(s) for s in sources])
    weight = np.ones(len(labels))
    # frame.index holds candidate ids; map each candidate to its position in the frame.
    position_of = np.full(
        int(max(frame.index.max(), phrase_ids.max() if len(phrase_ids) else 0)) + 1, -1
    )
    position_of[frame.index.to_numpy()] = np.arange(len(frame))
    # Each source deals its own phrases: ranked by score times the share of the documents
    # holding the phrase that belong to the source, so a national phrase that a provincial
    # report also uses is dealt by the national list, not the provincial one.
    scores = frame["score"].to_numpy(dtype=float)
    lists = []
    for label in range(len(labels)):
        in_source = source_of_doc[doc_ids] == label
        members, own = np.unique(phrase_ids[in_source], return_counts=True)
        positions = position_of[members]
        ok = positions >= 0
        positions, own = positions[ok], own[ok]
        total = frame["docs"].to_numpy()[positions]
        key = scores[positions] * own / np.maximum(total, 1)
        lists.append(positions[np.lexsort((positions, -key))])
    placed = np.zeros(len(frame), dtype=bool)
    pointers = [0] * len(labels)
    taken = np.zeros(len(labels))
    order = []
    while len(order) < len(frame):
        active = [i for i in range(len(labels)) if pointers[i] < len(lists[i])]
        if not active:
            order.extend(np.flatnonzero(~placed).tolist())
            break
        source = min(active, key=lambda i: (taken[i] + 1) / weight[i])
        while pointers[source] < len(lists[source]) and placed[lists[source][pointers[source]]]:
            pointers[source] += 1
        if pointers[source] < len(lists[source]):
            position = lists[source][pointers[source]]
            placed[position] = True
            order.append(position)
            taken[source] += 1
    return np.array(order, dtype=np.int64)


#: The least share of occurrences whose edges are token boundaries (statistical, formula).
MIN_ALIGNED = 1 / 3


_FEATURES = [
    "count",
    "docs",
    "years",
    "first_year",
    "last_year",
    "aligned",
    "ridf",
    "novelty",
    "retirement",
    "concentration",
    "after_verb",
    "before_head",
    "runs_on",
    "inside",
    "doctrine",
]


def _features(doc_chars, years, found, phrases, split_docs=None):
    """Counts, spread over documents and years, token alignment and burstiness, from every
    shard's counts (see :func:`_hits_round`); the counts by document of the documents in
    ``split_docs`` (cut over several shards) are added up first."""
    n = len(phrases)
    count = np.sum([f["count"] for f in found], axis=0)
    aligned = np.sum([f["aligned"] for f in found], axis=0) / np.maximum(count, 1)
    # One (phrase, document, count) triple per phrase present in a document: the largest
    # arrays of discovery, kept at four bytes a value and in shard order (nothing below
    # depends on their order).
    pair_phrase = _gather(found, "pair_phrase")
    pair_doc = _gather(found, "pair_doc")
    pair_counts = _gather(found, "pair_count")
    if split_docs is not None and len(split_docs):
        pair_phrase, pair_doc, pair_counts = _merge_split(
            pair_phrase, pair_doc, pair_counts, split_docs, len(doc_chars)
        )
    docs = np.bincount(pair_phrase, minlength=n)
    # Residual IDF (Church & Gale 1995): documents a Poisson spread would reach, against the
    # documents actually reached. Documents differ in length, so each has its own rate.
    share = doc_chars.astype(float)
    share /= share.sum()
    expected = np.zeros(n)
    for value in np.unique(count[count > 0]).tolist():
        expected[count == value] = (1 - np.exp(-value * share)).sum()
    ridf = np.log2(np.maximum(expected, 1e-9) / np.maximum(docs, 1))
    n_years, first, last = _year_spans(_gather(found, "year_keys", narrow=False), n)
    novelty, retirement, concentration = _temporal(doc_chars, years, n_years, first, last)
    after_verb = np.sum([f["after_verb"] for f in found], axis=0)
    before_head = np.sum([f["before_head"] for f in found], axis=0)
    following = group_sum([f["next_keys"] for f in found], [f["next_counts"] for f in found])
    runs_on = _runs_on(following, count, before_head)
    for part in found:  # every shard's arrays are summed up: let them go
        part.clear()
    return (pair_phrase, pair_doc, pair_counts), {
        "count": count, "docs": docs, "years": n_years, "first_year": first, "last_year": last,
        "aligned": aligned, "ridf": ridf, "novelty": novelty, "retirement": retirement,
        "concentration": concentration,
        "after_verb": after_verb, "before_head": before_head, "runs_on": runs_on,
    }  # fmt: skip


def _merge_split(pair_phrase, pair_doc, pair_counts, split_docs, n_docs: int):
    """The (phrase, document, count) triples with one triple per phrase and document: those of
    the documents cut over several shards, which come once per shard, are added up (the
    others are already one a phrase and document, and keep their place)."""
    shared = np.isin(pair_doc, split_docs)
    if not shared.any():
        return pair_phrase, pair_doc, pair_counts
    key = pair_phrase[shared].astype(np.int64) * n_docs + pair_doc[shared]
    unique, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=pair_counts[shared], minlength=len(unique))
    alone = ~shared
    return (
        _concatenate([pair_phrase[alone], (unique // n_docs)]),
        _concatenate([pair_doc[alone], (unique % n_docs)]),
        _concatenate([pair_counts[alone], summed.astype(np.int64)]),
    )


def _gather(found: list[dict], key: str, *, narrow: bool = True) -> np.ndarray:
    """Every shard's array ``key`` end to end, each part let go once copied (so that the parts
    and the whole are never held at once), in four bytes a value where they fit (``narrow``)."""
    sizes = [len(f[key]) for f in found]
    if not found:
        return np.zeros(0, dtype=np.int32 if narrow else np.int64)
    whole = np.empty(sum(sizes), dtype=np.result_type(*(f[key].dtype for f in found)))
    at = 0
    for part, size in zip(found, sizes, strict=True):
        whole[at : at + size] = part.pop(key)
        at += size
    return _narrow(whole) if narrow else whole


def _concatenate(parts: list[np.ndarray]) -> np.ndarray:
    """The parts end to end, in the smallest of their dtypes that holds every value (four
    bytes for counts and numbers of phrases and documents below 2**31)."""
    return _narrow(np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32))


def _narrow(values: np.ndarray) -> np.ndarray:
    """``values`` in four bytes each where they fit."""
    if values.dtype != np.int32 and (not len(values) or int(values.max()) < 2**31):
        values = values.astype(np.int32)
    return values


def _year_keys(pair_phrase: np.ndarray, pair_year: np.ndarray) -> np.ndarray:
    """One key ``phrase * 10000 + year`` for each distinct dated (phrase, year) of some
    (phrase, document) pairs (``pair_year`` -1 when undated): what :func:`_year_spans` needs of
    a shard, a fraction of its pairs where many documents share a year."""
    keys = pair_phrase.astype(np.int64)
    keys *= 10000
    keys += pair_year
    return np.unique(keys[pair_year >= 0])


def _year_spans(keys: np.ndarray, n: int):
    """For ``n`` phrases, from the keys :func:`_year_keys` gives for every shard: the number of
    distinct years, the first and the last (-1 without a dated one)."""
    keys = np.unique(keys)  # a year may be in several shards
    owner, year = keys // 10000, keys % 10000
    del keys
    n_years = np.bincount(owner, minlength=n)
    # Sorted by phrase then year: each phrase's first key holds its first year, its last key
    # its last year.
    first = np.full(n, -1, dtype=np.int64)
    last = np.full(n, -1, dtype=np.int64)
    if len(owner):
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        ends = np.r_[starts[1:], len(owner)] - 1
        first[owner[starts]] = year[starts]
        last[owner[ends]] = year[ends]
    return n_years, first, last


def _runs_on(following, count, before_head) -> np.ndarray:
    """The share of a phrase's occurrences followed by its most frequent next character, where
    that share is at least :data:`RUN_ON_SHARE`; 0 otherwise.

    A phrase that nearly always runs on into the same character is most often a truncation
    (区域协调 of 区域协调发展, 线上线 of 线上线下, 全面贯彻党 of 全面贯彻党的); a name stands
    before varied words and punctuation. Phrases that mostly modify a programme head are
    exempt: 社会治安防控体系建设 is the building of a complete name. ``following`` holds the
    keys ``phrase * 0x110000 + next character`` of the occurrences followed by a word
    character, with their counts.
    """
    pairs, same = following
    owner = pairs // 0x110000
    share = np.zeros(len(count))
    np.maximum.at(share, owner, same / np.maximum(count[owner], 1))
    headed = before_head >= 0.5 * np.maximum(count, 1)
    return np.where((share >= RUN_ON_SHARE) & ~headed, share, 0.0)


#: The share of occurrences followed by one same character that marks a likely truncation.
RUN_ON_SHARE = 0.9


def _temporal(doc_chars, years, n_years, first, last) -> tuple[np.ndarray, ...]:
    """How late a phrase appears (novelty), how early it vanishes (retirement), and how narrow
    its span of years is (concentration).

    Each compares the phrase's first and last year with what its ``y`` distinct years would
    give if they were spread evenly over the dated text: before the first of ``y`` uniform
    points lies 1/(y+1) of the text on average, after the last as much, and their range covers
    (y-1)/(y+1) of it. A phrase first seen late (改革开放 from 1988, 高质量发展 from 2018) has
    novelty log2(observed/expected) > 0; one that vanished early (大跃进 after 1960, 学大寨
    after 1978) has retirement > 0, so that a corpus that starts in the 1950s does not rank its
    first decade's formulations below later ones for want of novelty; a campaign that comes and
    goes has concentration > 0. Years, not occurrences, are the unit: repeating a phrase within
    one report says nothing about time. Undated documents are left out; phrases without a dated
    occurrence get 0.
    """
    dated = sorted({int(y) for y in years if y >= 0})
    novelty = np.zeros(len(n_years))
    retirement = np.zeros(len(n_years))
    concentration = np.zeros(len(n_years))
    if len(dated) < 2:
        return novelty, retirement, concentration
    weight = np.zeros(len(dated))
    position = {y: i for i, y in enumerate(dated)}
    for chars, year in zip(doc_chars.tolist(), years.tolist(), strict=True):
        if year >= 0:
            weight[position[year]] += chars
    cumulative = np.concatenate([[0.0], np.cumsum(weight)]) / weight.sum()
    ok = last >= 0
    first_at = np.array([position.get(int(y), 0) for y in first])
    last_at = np.array([position.get(int(y), 0) for y in last])
    before = cumulative[first_at]
    after = 1 - cumulative[last_at + 1]
    span = cumulative[last_at + 1] - before
    y = n_years.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        novelty = np.where(ok, np.log2(np.maximum(before * (y + 1), 1e-12)), 0.0)
        retirement = np.where(ok, np.log2(np.maximum(after * (y + 1), 1e-12)), 0.0)
        expected = (y - 1) / (y + 1)
        ratio = np.maximum(expected, 1e-12) / np.maximum(span, 1e-12)
        concentration = np.where(ok & (y > 1), np.log2(ratio), 0.0)
    return tuple(np.clip(values, 0, None) for values in (novelty, retirement, concentration))


def score_phrases(frame) -> np.ndarray:
    """The ranking score: how salient a phrase is, times how sure we are it is a formulation.

    Salience is ``log2(1 + count)`` scaled up by burstiness: residual IDF over documents
    (Church & Gale 1995) and the novelty, retirement and concentration of its years (see
    :func:`_temporal`). Evidence starts at 1 and grows with each detector's support: the share
    of occurrences set off in quotes, a formula's shape, a localised pair, a lexicon entry, a
    doctrine named after a person (毛泽东思想, 习近平强军思想; see :data:`DOCTRINES`), and
    for statistical candidates their cohesion; compressed wording (single-character words, as
    in 放管服, 去产能, 新质生产力) adds to it, since coinages abbreviate; and so do programme
    frames (see :mod:`analyzer.phrases.frames`): the share of occurrences that are the object of
    a programme verb (实施科教兴国) and the share that modify a programme head (科教兴国战略),
    each counted once it is seen at least :data:`MIN_FRAMED` times. A phrase that nearly always
    runs on into the same character (区域协调 in 区域协调发展, see :func:`_runs_on`) is more
    often a truncation than a name and loses :data:`RUN_ON_WEIGHT` of its score; one that lies
    inside one longer listed phrase in most of its uses (``inside``: 三网 in 三网融合) keeps only
    the share of its score that its uses standing alone earn, and so ranks below it.
    """
    count = frame["count"].to_numpy(dtype=float)
    ridf = np.clip(frame["ridf"].to_numpy(dtype=float), 0, None)
    novelty = frame["novelty"].to_numpy(dtype=float)
    retirement = frame["retirement"].to_numpy(dtype=float)
    concentration = frame["concentration"].to_numpy(dtype=float)
    salience = np.log2(1 + count) * (1 + ridf + 0.5 * (novelty + retirement) + 1.5 * concentration)
    kinds = frame["kinds_set"].tolist()
    quoted = frame["quoted"].to_numpy(dtype=float)
    share = np.minimum(1.0, quoted / np.maximum(count, 1))
    cohesion = np.nan_to_num(frame["cohesion"].to_numpy(dtype=float), nan=MIN_COHESION)
    evidence = 1 + 6 * np.log2(1 + quoted) * share
    evidence += np.array(
        [("formula" in k) + ("localized" in k) + ("lexicon" in k) for k in kinds], dtype=float
    )
    evidence += frame["doctrine"].to_numpy(dtype=float)
    evidence += np.clip((cohesion - MIN_COHESION) / 4, 0, 1) * np.array(
        ["statistical" in k for k in kinds]
    )
    compressed = 1 + frame["single_share"].to_numpy(dtype=float)
    framed = 1 + FRAME_WEIGHT * (
        _framed_share(frame["after_verb"], count) + _framed_share(frame["before_head"], count)
    )
    complete = 1 - RUN_ON_WEIGHT * frame["runs_on"].to_numpy(dtype=float)
    alone = 1 - frame["inside"].to_numpy(dtype=float)
    return salience * evidence * compressed * framed * complete * alone


#: How much of its score a phrase that nearly always runs on into the same character loses.
RUN_ON_WEIGHT = 0.5


#: The fewest framed occurrences that count as evidence (one is chance).
MIN_FRAMED = 2
#: How much a phrase always seen in a programme frame gains, per frame.
FRAME_WEIGHT = 1.0


def _framed_share(framed, count: np.ndarray) -> np.ndarray:
    framed = np.asarray(framed, dtype=float)
    return np.where(framed >= MIN_FRAMED, framed / np.maximum(count, 1), 0.0)


def _containers(phrases: list[str], pieces: np.ndarray, prefixes: np.ndarray):
    """Where the phrases at ``pieces`` and ``prefixes`` (positions in ``phrases``) occur inside
    longer phrases: three arrays, the piece, the phrase holding it and the offset there, in
    the order of the holders and offsets, for every occurrence (found through substring
    hashes and checked character by character, vectorised)."""
    wanted = np.array([i for i in (*pieces.tolist(), *prefixes.tolist()) if len(phrases[i]) >= 2],
                      dtype=np.int64)  # fmt: skip
    none = np.zeros(0, dtype=np.int64)
    if not phrases or not len(wanted):
        return none, none, none
    index = TextIndex(phrases)
    lengths = np.array([len(p) for p in phrases], dtype=np.int64)
    found_piece, found_holder, found_offset = [], [], []
    for size in np.unique(lengths[wanted]).tolist():
        members = wanted[lengths[wanted] == size]
        targets = _HashTable(index.hash_at(index.starts[members], size))
        rows = np.flatnonzero(lengths > size)
        spans = lengths[rows] - size + 1
        row = np.repeat(rows, spans)
        offset = np.arange(len(row)) - np.repeat(np.cumsum(spans) - spans, spans)
        at = index.starts[row] + offset
        local = targets.find(index.hash_at(at, size))
        hit = local >= 0
        piece, row, offset, at = members[local[hit]], row[hit], offset[hit], at[hit]
        same = np.ones(len(piece), dtype=bool)
        for column in range(size):
            same &= index.codes[at + column] == index.codes[index.starts[piece] + column]
        found_piece.append(piece[same])
        found_holder.append(row[same])
        found_offset.append(offset[same])
    piece, holder, offset = (np.concatenate(found_piece), np.concatenate(found_holder),
                             np.concatenate(found_offset))  # fmt: skip
    order = np.lexsort((offset, holder))
    return piece[order], holder[order], offset[order]


def _not_fragment(phrases, count, keep, explicit, cohesion, sharded, *, led_by_person=None,
                  tag=None, quoted_only=None):  # fmt: skip
    """False for statistical and formula candidates that are pieces of other phrases, and a
    function of the phrases finally kept that gives the share of each one's uses inside one
    longer kept phrase, where that is most of them (see :func:`_inside_shares`).

    A piece is either *contained*: nine in ten of its occurrences lie inside one longer kept
    phrase at least as cohesive (除恶专项 inside 扫黑除恶专项斗争); or *cut across*: nine in ten
    of its occurrences have an edge inside another kept phrase that overlaps it (甘肃建设 is
    always the tail of 平安甘肃 or 法治甘肃 plus 建设; 高举中国特色 always cuts
    中国特色社会主义).

    Four kinds of longer phrase do not contain a shorter one: one whose added part is a weaker
    joint (执法司法制约监督体系 always precedes 改革 in the seed report, but 改革 attaches to
    anything); one that puts a verb before it (构建新发展格局 is a verb and its object
    新发展格局); one that puts a person's name before it (习近平新时代中国特色社会主义思想 is
    a name and the formulation 新时代中国特色社会主义思想, which ``led_by_person`` recognises);
    and a pair of phrases that each stand alone (碳达峰碳中和, 简政放权、放管结合).
    A single added character is never a weaker joint: it completes a truncated word
    (粤港澳大湾 + 区, 立德树 + 人).

    The occurrences are those the shards of ``sharded`` found (see :func:`_hits_round`); the
    shares are counted there, one round for the contained pieces and one for the crossed ones.
    """
    verbs = _BOILERPLATE | frozenset(PROGRAMME_VERBS)
    tag = tag or _tagger()

    def opens_with_verb(phrase: str) -> bool:
        return tag(phrase)[0][1] == "v"

    if quoted_only is None:
        quoted_only = np.zeros(len(phrases), dtype=bool)
    result = np.ones(len(phrases), dtype=bool)
    kept = {p: i for i, (p, k) in enumerate(zip(phrases, keep.tolist(), strict=True)) if k}
    strength = np.nan_to_num(cohesion, nan=np.inf)
    # Statistical and formula candidates can be pieces; map each to its containers. Quoted
    # ones are never contained, but may begin a longer phrase and rank below it.
    listed = np.flatnonzero(keep)
    pieces = listed[~explicit[listed]]
    quoted_pieces = listed[explicit[listed] & quoted_only[listed]]
    piece, holder, offset = _containers([phrases[i] for i in listed.tolist()],
                                        np.searchsorted(listed, pieces),
                                        np.searchsorted(listed, quoted_pieces))  # fmt: skip
    piece, holder = listed[piece], listed[holder]
    is_piece = ~explicit[piece]
    begun = (piece[(offset == 0)], holder[(offset == 0)])
    tests = _may_contain(phrases, piece[is_piece], holder[is_piece], offset[is_piece], count,
                         strength, verbs, kept, led_by_person, opens_with_verb)  # fmt: skip
    for (i, _), share in zip(tests, _held_shares(sharded, phrases, tests, count), strict=True):
        if share >= 0.9:
            result[i] = False
    # Pieces that cut across other phrases are judged against the phrases left after the
    # contained pieces are gone (a truncation such as 构建新发展 must not cut 新发展格局).
    strong = keep & result & (count >= 3) & (strength >= STRONG_COHESION)
    if led_by_person is not None:
        # A name led by a person does not stop its formulation from standing alone
        # (习近平新时代 must not cut 新时代中国特色社会主义思想).
        for i in np.flatnonzero(strong).tolist():
            phrase = phrases[i]
            if any(led_by_person(phrase[:k]) for k in range(1, min(len(phrase), 7))):
                strong[i] = False
    lengths = np.array([len(p) for p in phrases], dtype=np.int64)
    crossed = np.sum(sharded.run(_crossed_round, strong, lengths), axis=0) / np.maximum(count, 1)
    result &= ~((crossed >= 0.9) & ~explicit & keep)

    def inside(kept_mask: np.ndarray, holders: np.ndarray | None = None) -> np.ndarray:
        shares = _inside_shares(phrases, kept_mask, count, sharded, begun, tag, holders=holders)
        # A coordination cut short (廉政建设和反腐败 of 党风廉政建设和反腐败斗争) cuts across
        # the phrase its last member begins.
        for i in np.flatnonzero(kept_mask & (crossed >= INSIDE_SHARE)).tolist():
            if _COORDINATION.search(phrases[i]):
                shares[i] = max(shares[i], crossed[i])
        return shares

    return result, inside


#: The cohesion a phrase needs to count as a unit that other candidates may not cut across.
STRONG_COHESION = 5.0


def _crossed_counts(ids, starts, strong, lengths, size: int) -> np.ndarray:
    """For each phrase, how many of its occurrences have an edge strictly inside an
    occurrence of a strong phrase which does not contain it (occurrences ``ids``, ``starts``
    of a text of ``size`` characters)."""
    unit = strong[ids]
    u_start = starts[unit].astype(np.int64)
    u_end = u_start + lengths[ids[unit]]
    order = np.argsort(u_start, kind="stable")
    u_start, u_end = u_start[order], u_end[order]
    # For every offset x: the nearest end of a unit covering x (start < x < end), and the
    # latest start of such a unit. The units in order of their start, the offsets
    # ``start + extra`` are in order too, so each offset's minimum and maximum come from one
    # reduction over its run.
    min_end = np.full(size + 1, np.iinfo(np.int64).max)
    max_start = np.full(size + 1, -1)
    spans = u_end - u_start
    for extra in range(1, int(spans.max()) if len(spans) else 0):
        inside = spans > extra
        x = u_start[inside] + extra
        runs = run_starts(x)
        at = x[runs]
        min_end[at] = np.minimum(min_end[at], np.minimum.reduceat(u_end[inside], runs))
        max_start[at] = np.maximum(max_start[at], np.maximum.reduceat(u_start[inside], runs))
    ends = starts + lengths[ids]
    crossed = (min_end[starts] < ends) | (max_start[np.minimum(ends, size)] > starts)
    return np.bincount(ids[crossed], minlength=len(lengths))


def _may_contain(phrases, piece, holder, offset, count, strength, verbs, kept,
                 led_by_person=None, opens_with_verb=None) -> list[tuple[int, int]]:  # fmt: skip
    """The pairs (piece, longer kept phrase holding it) where the longer one would contain the
    piece if it held nine in ten of its occurrences (tested by :func:`_held_shares`): every
    occurrence of a piece in a holder (``piece``, ``holder``, ``offset``), judged once per
    pair at its first offset."""
    _, first = np.unique(piece * len(phrases) + holder, return_index=True)
    pieces, holders, offsets = piece[first], holder[first], offset[first]
    lengths = np.array([len(p) for p in phrases], dtype=np.int64)
    # A weaker joint frees the piece only where the container adds a word: one added
    # character completes a truncated word (粤港澳大湾 + 区, 立德树 + 人).
    ok = (count[pieces] > 0) & ~(count[holders] < 0.9 * count[pieces])
    ok &= ~((strength[holders] < strength[pieces] - 0.5) & (lengths[holders] > lengths[pieces] + 1))
    tests = []
    for i, j, at in zip(pieces[ok].tolist(), holders[ok].tolist(), offsets[ok].tolist(),
                        strict=True):  # fmt: skip
        phrase, container = phrases[i], phrases[j]
        before = container[:at].rstrip("、")
        # A verb before a name is its verb (构建 新发展格局); before a verb phrase it is a
        # part of it (巩固 拓展脱贫攻坚成果), and so is a complement after it (落实好 …).
        verb_before = before and (before in verbs or before[-2:] in verbs)
        verb_phrase = (opens_with_verb and opens_with_verb(phrase)) or phrase[0] in "好到"
        if verb_before and not verb_phrase:
            continue
        if before and led_by_person and led_by_person(before):
            continue
        if any(r in kept and count[kept[r]] >= count[j] for r in _rests(phrase, container)):
            continue
        tests.append((i, j))
    return tests


def _held_shares(sharded, phrases, pairs, count) -> np.ndarray:
    """For each pair ``(i, j)``, the share of the occurrences of phrase ``i`` that lie inside
    an occurrence of phrase ``j`` (wherever ``i`` occurs in ``j``)."""
    if not pairs:
        return np.zeros(0)
    piece = np.array([i for i, _ in pairs], dtype=np.int64)
    holder = np.array([j for _, j in pairs], dtype=np.int64)
    entry, offset = [], []
    for k, (i, j) in enumerate(pairs):
        at = phrases[j].find(phrases[i])
        while at >= 0:
            entry.append(k)
            offset.append(at)
            at = phrases[j].find(phrases[i], at + 1)
    held = np.sum(sharded.run(_held_round, piece, holder, np.array(entry, dtype=np.int64),
                              np.array(offset, dtype=np.int64)), axis=0)  # fmt: skip
    return held / np.maximum(count[piece], 1)


def _inside_shares(phrases, kept_mask, count, sharded, containers_of, tag,
                   holders=None) -> np.ndarray:  # fmt: skip
    """For each kept phrase, the share of its uses that begin one longer kept phrase which
    carries it on without a head word (三网 in 三网融合, 供给侧结构性 in 供给侧结构性改革),
    where that is most of them (at least :data:`INSIDE_SHARE`), else 0. The longer phrase may
    also be one of ``holders`` (default: the kept ones), such as a verb phrase that goes for
    its formulation but still holds its pieces (应对国际 of 应对国际金融危机).

    A name is carried on by the head of its programme (生态文明 in 生态文明建设, 社会主义市场经济
    in 社会主义市场经济体制, see :data:`~analyzer.phrases.frames.NAME_HEADS`), and a phrase that
    ends in such a head is complete: neither is a piece. Nor is the first of a pair joined by
    、 or 和, 与, 及 (定向调控 in 定向调控、相机调控), nor a name that modifies another listed
    name used without it in at least a third of its uses (新时代 in 新时代中国特色社会主义; 较快发展
    hardly ever stands without 经济平稳, which is the piece of 经济平稳较快发展; a verb does not
    modify: 应对国际 in 应对国际金融危机).
    """
    kept = {p: i for i, p in enumerate(phrases) if kept_mask[i]}
    holders = kept_mask if holders is None else holders
    piece, holder = containers_of
    ok = kept_mask[piece] & holders[holder] & ~(count[holder] < INSIDE_SHARE * count[piece])
    tests = []
    modifiers: dict[int, bool] = {}
    for i, j in zip(piece[ok].tolist(), holder[ok].tolist(), strict=True):
        phrase, container = phrases[i], phrases[j]
        if phrase.endswith(NAME_HEADS):
            continue
        if i not in modifiers:
            # A modifier awaiting its head (区域重大 of 区域重大战略) is carried on by any word.
            modifiers[i] = tag(phrase)[-1][1] in ("a", "b")
        rest = container[len(phrase) :]
        named, joined = kept.get(rest), False
        if named is None and rest[:1] in _JOINTS:  # 和谐社会 is a name, 和 + 谐社会 is not
            named, joined = kept.get(rest[1:]), True
        words = tag(phrase)
        if (named is not None and count[named] >= count[j] and words[0][1] != "v"
                and (joined or (not _ends_in_a_verb(words)  # 坚定不移走 modifies no name
                                and count[named] - count[j] >= count[named] / 3))):  # fmt: skip
            # a pair (大众创业、万众创新), or a name before a name (新时代 …) where the second
            # stands without the first in a third of its uses: 较快发展 hardly ever stands
            # without 经济平稳, which is then the piece of 经济平稳较快发展
            continue
        if rest.startswith(NAME_HEADS) and not modifiers[i]:
            continue
        tests.append((i, j))
    shares = np.zeros(len(phrases))
    for (i, _), held in zip(tests, _held_shares(sharded, phrases, tests, count), strict=True):
        shares[i] = max(shares[i], held)
    return np.where(shares >= INSIDE_SHARE, shares, 0.0)


def _ends_in_a_verb(tagged) -> bool:
    """Whether tagged words end in a verb of one character (坚定不移走): a verb awaiting its
    object, not a name (社会治理 ends in a verb of two, a nominalised one)."""
    return tagged[-1][1] == "v" and len(tagged[-1][0]) == 1


#: What joins the two names of a pair (定向调控、相机调控, 整风运动和反右派斗争).
_JOINTS = ("、", "和", "与", "及")
#: The share of its uses inside one longer listed row from which a row ranks below it: it
#: keeps only the share of its score that its uses standing alone earn (三网 stands alone in
#: two of its seven uses, and is 三网融合 in five).
INSIDE_SHARE = 0.5


def _rests(phrase: str, container: str) -> list[str]:
    """What the container adds before and after the phrase (its first occurrence in it),
    without the enumeration comma that joins the halves of 简政放权、放管结合."""
    at = container.find(phrase)
    pieces = (container[:at].rstrip("、"), container[at + len(phrase) :].lstrip("、"))
    return [piece for piece in pieces if piece]


# -- the rounds a shard runs (see :class:`analyzer.phrases.shard.ShardedCorpus`) ----------------


def _scan_round(shard: Shard, detectors: tuple[str, ...], places: set[str]):
    """What the detectors that read running text find in one shard: quoted spans, formulas,
    book titles, localised stems, and the trigrams that may be words cut before a joiner."""
    texts = shard.texts
    result = {
        "trigrams": _joiner_trigrams(shard),
        "quoted": quoted_candidates(texts) if "quoted" in detectors else Counter(),
        "formulas": formula_candidates(texts) if "formula" in detectors else Counter(),
        "stems": stem_counts(texts, places) if "localized" in detectors else {},
        "titles": book_titles(texts),
    }
    shard.release()
    return shard, result


def _merge_scans(parts: list[dict]) -> dict:
    """The scans of every shard added up, in shard order (so in the order of the text)."""
    merged = {"trigrams": set(), "quoted": Counter(), "formulas": Counter(), "titles": Counter()}
    stems: dict[str, Counter] = {}
    for part in parts:
        merged["trigrams"] |= part["trigrams"]
        for name in ("quoted", "formulas", "titles"):
            merged[name].update(part[name])
        for stem, counts in part["stems"].items():
            stems.setdefault(stem, Counter()).update(counts)
    merged["stems"] = stems
    return merged


def _joiner_round(shard: Shard, strings: Phrases):
    """Counts of the joiner trigrams and their beginnings in one shard (their occurrences are
    kept for :func:`_unbind_round`)."""
    ids, starts = shard.index().hits(strings)
    shard.state["joiners"] = (ids, starts)
    shard.release()
    return shard, np.bincount(ids, minlength=len(strings))


def _unbind_round(shard: Shard, bound: np.ndarray):
    """No token boundary inside the bound joiner words of one shard (碳中和)."""
    ids, starts = shard.state.pop("joiners")
    starts = starts[np.isin(ids, bound)]
    if len(starts):
        boundary = shard.boundary()
        boundary[starts + 1] = False
        boundary[starts + 2] = False
        shard.set_boundary(boundary)
    return shard, None


def _enumeration_round(shard: Shard, known: set[str]):
    """The parallel pairs of known phrases joined by 、 in one shard, with their counts."""
    return shard, Counter(enumeration_candidates(shard.texts, known, min_count=1))


def _company_round(shard: Shard, names: list[str], strings: Phrases):
    """Counts of ``strings`` and of ``names`` in a person's company, in one shard."""
    index = shard.index()
    counts = np.zeros(0, dtype=np.int64)
    if len(strings):
        ids, _ = index.hits(strings)
        counts = np.bincount(ids, minlength=len(strings))
    company = titled_counts(index, names) if names else {}
    shard.release()
    return shard, (counts, np.array([company.get(n, 0) for n in names], dtype=np.int64))


def _hits_round(shard: Shard, phrases: Phrases, years: np.ndarray):
    """Every occurrence of every candidate in one shard (kept for the rounds after it), and
    what the ranking needs of them: counts, token alignment, counts by document, the years of
    each phrase (``years``: of every document of the corpus, -1 when undated), programme
    frames and the characters that follow."""
    index = shard.index()
    n = len(phrases)
    ids, starts = index.hits(phrases)
    lengths = np.fromiter(map(len, phrases.phrases), dtype=np.int64, count=n)
    ends = starts + lengths[ids]
    boundary = shard.boundary()
    on_boundary = boundary[starts] & boundary[ends]
    # Pieces of one document share its number: count by document, not by piece.
    first_doc = int(shard.doc_numbers[0]) if len(shard.doc_numbers) else 0
    doc = shard.doc_numbers[index.document_of(starts)] - first_doc
    n_docs = int(shard.doc_numbers[-1]) - first_doc + 1 if len(shard.doc_numbers) else 1
    pairs, pair_counts = np.unique(ids * n_docs + doc, return_counts=True)
    pair_phrase, pair_doc = pairs // n_docs, pairs % n_docs + first_doc
    del pairs
    after_verb, before_head = frame_counts(index, (ids, starts), lengths)
    following = index.codes[np.minimum(ends, len(index.codes) - 1)]
    word = word_char_mask(following) & (ends < len(index.codes))
    next_keys, next_counts = np.unique(ids[word] * 0x110000 + following[word].astype(np.int64),
                                       return_counts=True)  # fmt: skip
    small = np.int32 if max(shard.size, n) < 2**31 else np.int64  # four bytes an occurrence
    small_doc = np.int32 if first_doc + n_docs < 2**31 else np.int64
    shard.state["hits"] = (ids.astype(small), starts.astype(small))
    shard.release()
    return shard, {
        "count": np.bincount(ids, minlength=n),
        "aligned": np.bincount(ids[on_boundary], minlength=n),
        "pair_phrase": pair_phrase.astype(small),
        "pair_doc": pair_doc.astype(small_doc),
        "year_keys": _year_keys(pair_phrase, years[pair_doc]),
        "pair_count": pair_counts.astype(small),
        "after_verb": after_verb,
        "before_head": before_head,
        "next_keys": next_keys,
        "next_counts": next_counts.astype(np.int64),
    }


def _held_round(shard: Shard, piece: np.ndarray, holder: np.ndarray, entry: np.ndarray,
                offset: np.ndarray):  # fmt: skip
    """For each pair (``piece``, ``holder``), how many occurrences of the piece in one shard lie
    inside an occurrence of the holder: the piece at ``offset`` of the holder, for each of the
    pair's ``entry`` rows (a piece may occur several times in its holder)."""
    ids, starts = shard.state["hits"]
    if not len(ids) or not len(entry):
        return shard, np.zeros(len(piece), dtype=np.int64)
    top = int(max(ids.max(), piece.max(), holder.max())) + 1
    bounds = np.searchsorted(ids, np.arange(top + 1))
    own = bounds[piece[entry] + 1] - bounds[piece[entry]]
    rows = np.repeat(np.arange(len(entry)), own)
    occurrence = np.repeat(bounds[piece[entry]], own) + (
        np.arange(len(rows)) - np.repeat(np.cumsum(own) - own, own)
    )
    start = starts[occurrence] - offset[rows]
    keys = (ids.astype(np.int64) << 32) | starts
    wanted = (holder[entry[rows]] << 32) | np.maximum(start, 0)
    where = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    inside = (keys[where] == wanted) & (start >= 0)
    # An occurrence counts once, however many of the holder's places it fills.
    found = np.unique(entry[rows[inside]] * len(starts) + occurrence[inside])
    return shard, np.bincount(found // len(starts), minlength=len(piece))


def _crossed_round(shard: Shard, strong: np.ndarray, lengths: np.ndarray):
    """How many occurrences of each candidate in one shard cut across a strong one."""
    ids, starts = shard.state["hits"]
    return shard, _crossed_counts(ids, starts, strong, lengths, shard.size + 1)
