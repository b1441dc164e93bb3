"""Topic models on phrase-aware terms: scikit-learn's LDA and NMF, coherence, seeds, saving.

A model is fitted on the units of a corpus (paragraphs by default: a report is not one bag),
labelled by its top terms (phrases first), and summarised three ways: the topic-term table,
each document's topic shares (its units' shares weighted by length), and topic shares per group
(year). ``k="auto"`` fits several sizes and keeps the one whose topics are most coherent: the
mean normalised PMI of each topic's top ten terms, counted on the corpus' own units (Bouma 2009;
Lau, Newman & Baldwin 2014). Seeds (theme → phrases) turn NMF into guided NMF: the first topics
start from the seed phrases, so that they line up with named themes. A fixed seed gives
identical results.

References:
    Blei, D. M., Ng, A. Y. & Jordan, M. I. (2003). Latent Dirichlet allocation. JMLR 3.
    Lee, D. D. & Seung, H. S. (1999). Learning the parts of objects by non-negative matrix
    factorization. Nature 401.
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
    GSCL.
    Lau, J. H., Newman, D. & Baldwin, T. (2014). Machine reading tea leaves: Automatically
    evaluating topic coherence and topic model quality. EACL.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from ._atomic import atomic_write_text
from .errors import AnalyzerError, InputError, NotFittedError, ParameterError, check_choice
from .vectorize import DocumentTermMatrix

__all__ = ["METHODS", "TOPIC_MAX_DF", "TOPIC_MIN_DF", "TopicModel", "npmi_coherence"]

logger = logging.getLogger(__name__)

METHODS = ("lda", "nmf")
AUTO_K = (5, 8, 10, 12, 15)
MODEL_VERSION = 1


#: Default vocabulary bounds for topic models on paragraphs: a term must be in at least three
#: paragraphs, and in at most a tenth of them. The words every paragraph of official prose
#: uses (发展, 建设, 工作, 人民) otherwise fill every topic's top terms; on the national reports
#: dropping them raises the mean NPMI coherence of both phrase-aware and plain-token models
#: (see benchmarks/bench_topics.py).
TOPIC_MIN_DF = 3
TOPIC_MAX_DF = 0.1


def npmi_coherence(top_terms: Sequence[Sequence[int]], presence) -> np.ndarray:
    """Mean NPMI over the pairs of each topic's top terms, from unit co-occurrence.

    Args:
        top_terms: for each topic, column indices of its top terms.
        presence: a units × terms boolean sparse matrix (term present in unit).

    Returns:
        One coherence per topic in [-1, 1]; a pair that never co-occurs counts -1.

    >>> import scipy.sparse as sp
    >>> units = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1]], dtype=bool))
    >>> [round(float(x), 3) for x in npmi_coherence([[0, 1], [0, 2]], units)]
    [0.415, -1.0]
    """
    presence = presence.tocsc().astype(float)
    n = presence.shape[0]
    scores = []
    for terms in top_terms:
        terms = list(terms)
        if len(terms) < 2:
            scores.append(0.0)
            continue
        sub = presence[:, terms]
        joint = (sub.T @ sub).toarray() / n
        single = np.diag(joint).copy()
        values = []
        for i in range(len(terms)):
            for j in range(i + 1, len(terms)):
                p_ij = joint[i, j]
                if p_ij <= 0:
                    values.append(-1.0)
                elif p_ij >= 1:
                    values.append(1.0)
                else:
                    pmi = np.log(p_ij / (single[i] * single[j]))
                    values.append(float(pmi / -np.log(p_ij)))
        scores.append(float(np.mean(values)))
    return np.array(scores)


class TopicModel:
    """An LDA or NMF topic model over a document-term matrix.

    Args:
        k: number of topics, or ``"auto"`` to choose among :data:`AUTO_K` by coherence.
        method: ``lda`` (LatentDirichletAllocation on counts) or ``nmf`` (NMF on TF-IDF).
        seed: random seed; the same seed gives the same model.
        top_n: terms listed per topic.
        seeds: for NMF, theme name → seed phrases: the first topics are initialised on them and
            named after the themes.
        max_iter: iterations of the solver.

    Attributes (after :meth:`fit`):
        k_: the number of topics; ``model_``: the scikit-learn estimator; ``vocabulary_``;
        ``labels_``: a label per topic; ``coherence_``: NPMI per topic; ``scores_``: mean
        coherence for each k tried with ``k="auto"``.

    Example:
        >>> from analyzer import Corpus
        >>> from analyzer.vectorize import document_term_matrix
        >>> texts = ["扫黑除恶 打击 犯罪 治安"] * 3 + ["经济 增长 投资 消费"] * 3
        >>> dtm = document_term_matrix(Corpus.from_texts(texts))
        >>> model = TopicModel(k=2, method="nmf", seed=1, top_n=4).fit(dtm)
        >>> terms = model.topic_terms().groupby("topic")["term"].apply(set)
        >>> sorted(sorted(t) for t in terms)
        [['增长', '投资', '消费', '经济'], ['打击', '扫黑除恶', '治安', '犯罪']]
    """

    def __init__(
        self,
        *,
        k: int | str = 10,
        method: str = "lda",
        seed: int = 0,
        top_n: int = 10,
        seeds: Mapping[str, Sequence[str]] | None = None,
        max_iter: int = 200,
    ) -> None:
        self.k = k
        self.method = method
        self.seed = seed
        self.top_n = top_n
        self.seeds = dict(seeds or {})
        self.max_iter = max_iter

    def _validate(self) -> None:
        check_choice("method", self.method, METHODS)
        if self.k != "auto" and (not isinstance(self.k, int) or self.k < 2):
            raise ParameterError(f"k={self.k!r} must be an integer of at least 2, or 'auto'")
        if self.seeds and self.method != "nmf":
            raise ParameterError("seeds guide NMF only: use method='nmf' with seeds")
        if self.seeds and self.k != "auto" and len(self.seeds) > self.k:
            raise ParameterError(
                f"{len(self.seeds)} seed themes need k >= {len(self.seeds)} (k={self.k})"
            )

    def fit(self, dtm: DocumentTermMatrix) -> TopicModel:
        """Fit the model (and choose k when ``k="auto"``); returns self."""
        self._validate()
        if dtm.matrix.shape[0] < 2 or dtm.matrix.shape[1] < 2:
            raise AnalyzerError("a topic model needs at least two units and two terms")
        from . import progress

        presence = (dtm.matrix > 0).astype(bool)
        if self.k == "auto":
            candidates = [k for k in AUTO_K if k < min(dtm.matrix.shape)] or [2]
            if self.seeds:
                candidates = [k for k in candidates if k >= len(self.seeds)] or [len(self.seeds)]
            fits = {}
            for k in progress.track(candidates, f"fitting {self.method.upper()} for each k"):
                model = self._estimator(k, dtm)
                top = _top_terms(model.components_, 10)
                fits[k] = (model, float(npmi_coherence(top, presence).mean()))
                logger.info("k=%d: mean NPMI %.4f", k, fits[k][1])
            self.scores_ = {k: score for k, (_, score) in fits.items()}
            self.k_ = max(candidates, key=lambda k: (fits[k][1], -k))
            self.model_ = fits[self.k_][0]
        else:
            self.k_ = self.k
            with progress.task(f"fitting {self.method.upper()} (k={self.k})"):
                self.model_ = self._estimator(self.k, dtm)
            self.scores_ = {}
        self.vocabulary_ = list(dtm.vocabulary)
        self.phrases_ = sorted(dtm.analyzer.segmenter.phrases) if dtm.analyzer else []
        self.unit_ = dtm.unit
        self.coherence_ = npmi_coherence(_top_terms(self.model_.components_, 10), presence)
        self.labels_ = self._labels()
        self._dtm = dtm
        return self

    def _estimator(self, k: int, dtm: DocumentTermMatrix):
        if self.method == "lda":
            from sklearn.decomposition import LatentDirichletAllocation

            model = LatentDirichletAllocation(
                n_components=k, random_state=self.seed, learning_method="online",
                batch_size=256, max_iter=max(self.max_iter // 20, 5),
            )  # fmt: skip
            model.fit(dtm.matrix)
            return model
        from sklearn.decomposition import NMF

        weights = _tfidf(dtm.matrix)
        # scikit-learn takes the square root of a reconstruction error that rounding can make
        # a hair below zero on a near-perfect fit; the warning says nothing about the model.
        with np.errstate(invalid="ignore"):
            if self.seeds:
                w, h = _seeded_init(weights, dtm.vocabulary, self.seeds, k, self.seed)
                model = NMF(
                    n_components=k, init="custom", max_iter=self.max_iter, random_state=self.seed
                )
                model.fit_transform(weights, W=w, H=h)
            else:
                model = NMF(
                    n_components=k, init="nndsvda", max_iter=self.max_iter, random_state=self.seed
                )
                model.fit(weights)
        return model

    def __repr__(self) -> str:
        if not hasattr(self, "model_"):
            return f"TopicModel(k={self.k!r}, method={self.method!r}, not fitted)"
        return (
            f"TopicModel({self.method.upper()}, k={self.k_}, {len(self.vocabulary_):,} terms, "
            f"mean NPMI {float(np.mean(self.coherence_)):.3f})"
        )

    def _repr_html_(self) -> str:
        """In Jupyter: the topic summary table (or a note when not fitted)."""
        import html

        if not hasattr(self, "model_"):
            return f"<p>{html.escape(repr(self))}</p>"
        return f"<p><b>{html.escape(repr(self))}</b></p>" + self.summary().to_html(index=False)

    def _check(self) -> None:
        if not hasattr(self, "model_"):
            raise NotFittedError("this TopicModel is not fitted yet: call .fit(dtm) first")

    def _labels(self) -> list[str]:
        names = list(self.seeds) if self.seeds else []
        labels = []
        phrases = set(self.phrases_)
        for t, top in enumerate(_top_terms(self.model_.components_, self.top_n)):
            if t < len(names):
                labels.append(names[t])
                continue
            terms = [self.vocabulary_[i] for i in top]
            preferred = [w for w in terms if w in phrases] + [w for w in terms if w not in phrases]
            labels.append("·".join(preferred[:3]))
        return labels

    def topic_terms(self):
        """The topic-term table: topic, label, rank, term, weight (top ``top_n`` per topic)."""
        import pandas as pd

        self._check()
        rows = []
        components = self.model_.components_
        for t, top in enumerate(_top_terms(components, self.top_n)):
            total = components[t].sum() or 1.0
            for rank, i in enumerate((i for i in top if components[t, i] > 0), start=1):
                rows.append(
                    (
                        t,
                        self.labels_[t],
                        rank,
                        self.vocabulary_[i],
                        round(float(components[t, i] / total), 6),
                    )
                )
        return pd.DataFrame(rows, columns=["topic", "label", "rank", "term", "weight"])

    def summary(self):
        """One row per topic: topic, label, coherence (NPMI), share of the corpus, top terms."""
        import pandas as pd

        self._check()
        shares = self._unit_shares(self._dtm)
        weights = self._dtm.chars / max(self._dtm.chars.sum(), 1)
        corpus_share = (shares * weights[:, None]).sum(axis=0)
        terms = self.topic_terms().groupby("topic")["term"].apply(lambda s: " ".join(s.head(8)))
        return pd.DataFrame({
            "topic": range(self.k_), "label": self.labels_,
            "coherence": np.round(self.coherence_, 4), "share": np.round(corpus_share, 4),
            "terms": [terms.get(t, "") for t in range(self.k_)],
        })  # fmt: skip

    def _unit_shares(self, dtm: DocumentTermMatrix) -> np.ndarray:
        matrix = _align(dtm, self.vocabulary_)
        if self.method == "nmf":
            matrix = _tfidf(matrix)
        shares = self.model_.transform(matrix)
        sums = shares.sum(axis=1, keepdims=True)
        return np.divide(shares, sums, out=np.full_like(shares, 1 / self.k_), where=sums > 0)

    def document_topics(self, dtm: DocumentTermMatrix | None = None):
        """Each document's topic shares (its units' shares weighted by their length): one row
        per document and topic with id, year, topic, label, share."""
        import pandas as pd

        self._check()
        dtm = dtm if dtm is not None else self._dtm
        shares = self._unit_shares(dtm)
        frame = pd.DataFrame(shares * dtm.chars[:, None])
        frame["doc"] = dtm.units["doc"].to_numpy()
        per_doc = frame.groupby("doc").sum()
        per_doc = per_doc.div(per_doc.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
        documents = dtm.corpus.documents
        rows = []
        for d, values in per_doc.iterrows():
            for t in range(self.k_):
                rows.append(
                    (
                        documents[d].id,
                        documents[d].year,
                        t,
                        self.labels_[t],
                        round(float(values[t]), 6),
                    )
                )
        out = pd.DataFrame(rows, columns=["id", "year", "topic", "label", "share"])
        out["year"] = out["year"].astype("Int64")
        return out

    def topics_by(self, by: str = "year", dtm: DocumentTermMatrix | None = None):
        """Topic shares per group (year by default): group, topic, label, share; shares of a
        group sum to one (units weighted by length)."""
        import pandas as pd

        self._check()
        dtm = dtm if dtm is not None else self._dtm
        shares = self._unit_shares(dtm) * dtm.chars[:, None]
        documents = dtm.corpus.documents
        keys = [documents[int(d)].get(by) for d in dtm.units["doc"]]
        frame = pd.DataFrame(shares)
        frame["group"] = pd.Series(keys, dtype=object)
        frame = frame[[k is not None and k == k and k != "" for k in keys]]
        grouped = frame.groupby("group", sort=True).sum()
        grouped = grouped.div(grouped.sum(axis=1).where(lambda s: s > 0, 1), axis=0)
        rows = [
            (group, t, self.labels_[t], round(float(values[t]), 6))
            for group, values in grouped.iterrows()
            for t in range(self.k_)
        ]
        return pd.DataFrame(rows, columns=["group", "topic", "label", "share"])

    def save(self, path: str | Path, *, corpus_fingerprint: str | None = None) -> Path:
        """Save as ``PATH.joblib`` plus a JSON card ``PATH.json`` (parameters, vocabulary size,
        corpus fingerprint, coherence); returns the joblib path."""
        import joblib

        self._check()
        path = Path(path)
        base = path.with_suffix("") if path.suffix in {".joblib", ".json"} else path
        base.parent.mkdir(parents=True, exist_ok=True)
        bundle = {
            "version": MODEL_VERSION, "method": self.method, "k": self.k_, "seed": self.seed,
            "top_n": self.top_n, "seeds": self.seeds, "model": self.model_,
            "vocabulary": self.vocabulary_, "phrases": self.phrases_, "labels": self.labels_,
            "unit": self.unit_, "coherence": self.coherence_.tolist(),
        }  # fmt: skip
        target = base.with_suffix(".joblib")
        tmp = target.with_name(f".{target.name}.tmp")
        joblib.dump(bundle, tmp)
        tmp.replace(target)
        card = {
            "method": self.method, "k": self.k_, "k_requested": self.k, "seed": self.seed,
            "unit": self.unit_, "vocabulary_size": len(self.vocabulary_),
            "phrases_in_vocabulary": len(set(self.phrases_) & set(self.vocabulary_)),
            "corpus_fingerprint": corpus_fingerprint,
            "mean_coherence_npmi": round(float(self.coherence_.mean()), 6),
            "coherence_npmi": [round(float(c), 6) for c in self.coherence_],
            "labels": self.labels_, "auto_scores": {str(k): v for k, v in self.scores_.items()},
        }  # fmt: skip
        atomic_write_text(
            base.with_suffix(".json"), json.dumps(card, ensure_ascii=False, indent=2) + "\n"
        )
        return target

    @classmethod
    def load(cls, path: str | Path) -> TopicModel:
        """Load a model saved with :meth:`save`."""
        import joblib

        path = Path(path)
        target = path if path.suffix == ".joblib" else path.with_suffix(".joblib")
        if not target.is_file():
            raise InputError(
                str(target), "no such topic model (save one with analyzer topics --save NAME)"
            )
        try:
            bundle = joblib.load(target)
        except Exception as exc:  # a damaged or foreign file
            raise InputError(
                str(target), f"not a readable topic model ({type(exc).__name__})"
            ) from None
        if not isinstance(bundle, dict) or bundle.get("version") != MODEL_VERSION:
            raise InputError(str(target), "not a topic model saved by this version of analyzer")
        model = cls(k=bundle["k"], method=bundle["method"], seed=bundle["seed"], top_n=bundle["top_n"],
                    seeds=bundle["seeds"])  # fmt: skip
        model.k_, model.model_ = bundle["k"], bundle["model"]
        model.vocabulary_, model.phrases_ = bundle["vocabulary"], bundle["phrases"]
        model.labels_, model.unit_ = bundle["labels"], bundle["unit"]
        model.coherence_ = np.array(bundle["coherence"])
        model.scores_ = {}
        return model

    def attach(self, dtm: DocumentTermMatrix) -> TopicModel:
        """Use ``dtm`` (new documents) for :meth:`document_topics`, :meth:`topics_by` and
        :meth:`summary`; returns self."""
        self._check()
        self._dtm = dtm
        return self


def _top_terms(components: np.ndarray, n: int) -> list[list[int]]:
    # stable: ties broken by column index
    return [np.argsort(-row, kind="stable")[:n].tolist() for row in components]


def _tfidf(matrix):
    from sklearn.feature_extraction.text import TfidfTransformer

    return TfidfTransformer(sublinear_tf=True).fit_transform(matrix)


def _align(dtm: DocumentTermMatrix, vocabulary: list[str]):
    """The dtm's counts in the columns of ``vocabulary`` (unknown terms dropped)."""
    import scipy.sparse as sp

    if dtm.vocabulary == vocabulary:
        return dtm.matrix
    position = {t: i for i, t in enumerate(vocabulary)}
    source = [i for i, t in enumerate(dtm.vocabulary) if t in position]
    target = [position[dtm.vocabulary[i]] for i in source]
    mapping = sp.csr_matrix(
        (np.ones(len(source)), (source, target)), shape=(len(dtm.vocabulary), len(vocabulary))
    )
    return (dtm.matrix @ mapping).tocsr()


def _seeded_init(
    weights, vocabulary: list[str], seeds: Mapping[str, Sequence[str]], k: int, seed: int
):
    """Initial W and H for guided NMF: topic i of the first len(seeds) starts on its seed terms."""
    rng = np.random.default_rng(seed)
    scale = float(np.sqrt(weights.mean() / k)) or 1e-3
    h = rng.random((k, weights.shape[1])) * scale * 0.1
    column = {t: i for i, t in enumerate(vocabulary)}
    missing = []
    for t, (name, phrases) in enumerate(seeds.items()):
        found = [column[p] for p in phrases if p in column]
        if not found:
            missing.append(name)
        h[t, found] = scale * 10
    if missing:
        logger.warning("seed themes with no phrase in the vocabulary: %s", ", ".join(missing))
    w = np.asarray(weights @ h.T)
    w = np.maximum(w, 0) / max(float(np.abs(w).max()), 1e-12) * scale
    return np.ascontiguousarray(w) + 1e-9, h
