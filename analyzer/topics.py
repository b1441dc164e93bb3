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

import contextlib
import hashlib
import io
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator

from ._atomic import atomic_write_bytes, atomic_write_text
from .errors import AnalyzerError, InputError, NotFittedError, ParameterError, check_choice
from .grouping import Grouping
from .settings import TOPIC_MAX_DF, TOPIC_MIN_DF
from .vectorize import DocumentTermMatrix

__all__ = ["METHODS", "TOPIC_MAX_DF", "TOPIC_MIN_DF", "TopicModel", "npmi_coherence"]

logger = logging.getLogger(__name__)

METHODS = ("lda", "nmf")
AUTO_K = (5, 8, 10, 12, 15)
MODEL_VERSION = 2


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


class TopicModel(BaseEstimator):
    """An LDA or NMF topic model over a document-term matrix (a scikit-learn estimator:
    ``get_params``, ``set_params`` and ``sklearn.base.clone`` work).

    Args:
        k: number of topics, or ``"auto"`` to choose among :data:`AUTO_K` by coherence.
        method: ``lda`` (LatentDirichletAllocation on counts) or ``nmf`` (NMF on TF-IDF).
        seed: random seed; the same seed gives the same model.
        top_n: terms listed per topic.
        seeds: for NMF, theme name → seed phrases: the first topics start from the paragraphs
            that use each theme's phrases. Labels still come from the fitted top terms; the
            summary says which seed theme each topic matches (``seed_theme``) and how many of
            its phrases are among the topic's top terms (``seed_hits``).
        max_iter: iterations of the solver.

    Attributes (after :meth:`fit`):
        k_: the number of topics; ``model_``: the scikit-learn estimator; ``vocabulary_``;
        ``labels_``: a label per topic (its top terms, phrases first); ``coherence_``: NPMI
        per topic; ``scores_``: mean coherence for each k tried with ``k="auto"``;
        ``seed_themes_``: for each topic, the seed theme it matches and how many of the
        theme's phrases are among its top terms (``("", 0)`` for none).

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
        self.seeds = seeds
        self.max_iter = max_iter

    def _validate(self) -> dict[str, list[str]]:
        """Check the parameters; returns the seeds as a dict of lists."""
        check_choice("method", self.method, METHODS)
        if self.k != "auto" and (
            isinstance(self.k, bool) or not isinstance(self.k, (int, np.integer)) or self.k < 2
        ):
            raise ParameterError(f"k={self.k!r} must be an integer of at least 2, or 'auto'")
        seeds = {str(name): list(phrases) for name, phrases in dict(self.seeds or {}).items()}
        if seeds and self.method != "nmf":
            raise ParameterError(
                "seeds guide NMF only (scikit-learn's LDA takes no per-topic seeds): "
                "use method='nmf' with seeds"
            )
        if seeds and self.k != "auto" and len(seeds) > self.k:
            raise ParameterError(f"{len(seeds)} seed themes need k >= {len(seeds)} (k={self.k})")
        return seeds

    def fit(self, dtm: DocumentTermMatrix) -> TopicModel:
        """Fit the model (and choose k when ``k="auto"``); returns self."""
        seeds = self._validate()
        if dtm.matrix.shape[0] < 2 or dtm.matrix.shape[1] < 2:
            raise AnalyzerError("a topic model needs at least two units and two terms")
        from . import progress

        presence = (dtm.matrix > 0).astype(bool)
        if self.k == "auto":
            candidates = [k for k in AUTO_K if k < min(dtm.matrix.shape)] or [2]
            if seeds:
                candidates = [k for k in candidates if k >= len(seeds)] or [len(seeds)]
            fits = {}
            for k in progress.track(candidates, f"fitting {self.method.upper()} for each k"):
                model = self._estimator(k, dtm, seeds)
                top = _top_terms(model.components_, 10)
                fits[k] = (model, float(npmi_coherence(top, presence).mean()))
                logger.info("k=%d: mean NPMI %.4f", k, fits[k][1])
            self.scores_ = {k: score for k, (_, score) in fits.items()}
            self.k_ = max(candidates, key=lambda k: (fits[k][1], -k))
            self.model_ = fits[self.k_][0]
        else:
            self.k_ = self.k
            with progress.task(f"fitting {self.method.upper()} (k={self.k})"):
                self.model_ = self._estimator(int(self.k), dtm, seeds)
            self.scores_ = {}
        self.vocabulary_ = list(dtm.vocabulary)
        self.phrases_ = sorted(dtm.analyzer.segmenter.phrases) if dtm.analyzer else []
        self.unit_ = dtm.unit
        self.coherence_ = npmi_coherence(_top_terms(self.model_.components_, 10), presence)
        self.labels_ = self._labels()
        self.seed_themes_ = self._seed_themes(seeds)
        self._dtm = dtm
        return self

    def _estimator(self, k: int, dtm: DocumentTermMatrix, seeds: dict[str, list[str]]):
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
            if seeds:
                w, h = _seeded_init(weights, dtm.vocabulary, seeds, k, self.seed)
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
        """Each topic's label: its three top terms, discovered phrases first."""
        labels = []
        phrases = set(self.phrases_)
        for top in _top_terms(self.model_.components_, self.top_n):
            terms = [self.vocabulary_[i] for i in top]
            preferred = [w for w in terms if w in phrases] + [w for w in terms if w not in phrases]
            labels.append("·".join(preferred[:3]))
        return labels

    def _seed_themes(self, seeds: dict[str, list[str]]) -> list[tuple[str, int]]:
        """For each topic, the seed theme with most of its phrases among the topic's top terms
        (ties: the theme the topic was seeded with, then the first), and how many."""
        names = list(seeds)
        matches = []
        for t, top in enumerate(_top_terms(self.model_.components_, self.top_n)):
            terms = {self.vocabulary_[i] for i in top}
            hits = [len(terms & set(seeds[name])) for name in names]
            if not hits or max(hits) == 0:
                matches.append(("", 0))
                continue
            best = max(range(len(names)), key=lambda i: (hits[i], i == t, -i))
            matches.append((names[best], hits[best]))
        return matches

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
        """One row per topic: topic, label, coherence (NPMI), share of the corpus, top terms,
        and for seeded models the seed theme it matches and how many of its phrases are among
        the top terms (seed_theme, seed_hits)."""
        import pandas as pd

        self._check()
        shares = self._unit_shares(self._dtm)
        weights = self._dtm.chars / max(self._dtm.chars.sum(), 1)
        corpus_share = (shares * weights[:, None]).sum(axis=0)
        terms = self.topic_terms().groupby("topic")["term"].apply(lambda s: " ".join(s.head(8)))
        matches = getattr(self, "seed_themes_", None) or [("", 0)] * self.k_
        return pd.DataFrame({
            "topic": range(self.k_), "label": self.labels_,
            "coherence": np.round(self.coherence_, 4), "share": np.round(corpus_share, 4),
            "terms": [terms.get(t, "") for t in range(self.k_)],
            "seed_theme": [theme for theme, _ in matches],
            "seed_hits": [hits for _, hits in matches],
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

    def topics_by(
        self, by: str | Sequence[str] | Grouping = "year", dtm: DocumentTermMatrix | None = None
    ):
        """Topic shares per group (year by default): group, topic, label, share; shares of a
        group sum to one (units weighted by length)."""
        import pandas as pd

        self._check()
        dtm = dtm if dtm is not None else self._dtm
        grouping = dtm.grouping(by)
        shares = self._unit_shares(dtm) * dtm.chars[:, None]
        owners = dtm.unit_groups(grouping)
        grouped = np.zeros((len(grouping), self.k_))
        keep = owners >= 0
        np.add.at(grouped, owners[keep], shares[keep])
        totals = grouped.sum(axis=1, keepdims=True)
        grouped = np.divide(grouped, totals, out=np.zeros_like(grouped), where=totals > 0)
        rows = [
            (label, t, self.labels_[t], round(float(grouped[g, t]), 6))
            for g, label in enumerate(grouping.labels)
            if totals[g, 0] > 0
            for t in range(self.k_)
        ]
        return pd.DataFrame(rows, columns=["group", "topic", "label", "share"])

    def save(self, path: str | Path, *, corpus_fingerprint: str | None = None) -> Path:
        """Save as ``PATH.npz`` (the fitted arrays, with the parameters as JSON inside: NumPy's
        format, read back without pickle, so a model file can never run code) plus a JSON card
        ``PATH.json`` (parameters, vocabulary size, corpus fingerprint, coherence, and the
        model's ``id``, a digest of the model file); returns the ``.npz`` path.

        Both files are written atomically while holding a lock on ``PATH``, so two runs saving
        one name leave one whole model and its own card: the run that finished last.
        """
        self._check()
        base = _model_base(path)
        base.parent.mkdir(parents=True, exist_ok=True)
        estimator = self.model_
        arrays = {"components": np.asarray(estimator.components_, dtype=np.float64)}
        if self.method == "lda":
            arrays["exp_dirichlet_component"] = np.asarray(estimator.exp_dirichlet_component_)
        params = {
            "version": MODEL_VERSION, "params": self.get_params(), "k_": int(self.k_),
            "vocabulary": self.vocabulary_, "phrases": self.phrases_, "labels": self.labels_,
            "unit": self.unit_, "coherence": self.coherence_.tolist(),
            "seed_themes": [list(m) for m in self.seed_themes_],
            "estimator": _estimator_params(estimator),
        }  # fmt: skip
        buffer = io.BytesIO()
        np.savez_compressed(buffer, meta=np.array(json.dumps(params, ensure_ascii=False)), **arrays)
        blob = buffer.getvalue()
        model_id = hashlib.sha256(blob).hexdigest()[:12]
        card = {
            "id": model_id, "method": self.method, "k": int(self.k_), "k_requested": self.k,
            "seed": self.seed, "unit": self.unit_, "vocabulary_size": len(self.vocabulary_),
            "phrases_in_vocabulary": len(set(self.phrases_) & set(self.vocabulary_)),
            "corpus_fingerprint": corpus_fingerprint,
            "mean_coherence_npmi": round(float(self.coherence_.mean()), 6),
            "coherence_npmi": [round(float(c), 6) for c in self.coherence_],
            "labels": self.labels_, "auto_scores": {str(k): v for k, v in self.scores_.items()},
        }  # fmt: skip
        target = base.with_suffix(".npz")
        with _locked(base):
            atomic_write_bytes(target, blob)
            atomic_write_text(
                base.with_suffix(".json"), json.dumps(card, ensure_ascii=False, indent=2) + "\n"
            )
        self.id_ = model_id
        return target

    @classmethod
    def load(cls, path: str | Path) -> TopicModel:
        """Load a model saved with :meth:`save` (``NAME``, ``NAME.npz`` or ``NAME.json``).

        The file is read with ``allow_pickle=False``: a planted or damaged file is refused,
        never executed.
        """
        base = _model_base(path)
        target = base.with_suffix(".npz")
        if not target.is_file():
            raise InputError(
                str(target), "no such topic model (save one with analyzer topics --save NAME)"
            )
        try:
            blob = target.read_bytes()
            with np.load(io.BytesIO(blob), allow_pickle=False) as stored:
                params = json.loads(str(stored["meta"]))
                arrays = {name: stored[name] for name in stored.files if name != "meta"}
        except OSError as exc:
            raise InputError(str(target), f"cannot read ({exc.strerror})") from None
        except Exception as exc:  # a damaged, foreign or pickled file
            raise InputError(
                str(target), f"not a readable topic model ({type(exc).__name__})"
            ) from None
        if not isinstance(params, dict) or params.get("version") != MODEL_VERSION:
            raise InputError(str(target), "not a topic model saved by this version of analyzer")
        try:
            model = cls(**params["params"])
            model.k_ = int(params["k_"])
            model.model_ = _restore_estimator(model.method, model.k_, params["estimator"], arrays)
            model.vocabulary_, model.phrases_ = list(params["vocabulary"]), list(params["phrases"])
            model.labels_, model.unit_ = list(params["labels"]), params["unit"]
            model.coherence_ = np.array(params["coherence"], dtype=float)
            model.seed_themes_ = [(str(t), int(n)) for t, n in params["seed_themes"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(str(target), f"not a readable topic model ({exc})") from None
        if model.model_.components_.shape != (model.k_, len(model.vocabulary_)):
            raise InputError(str(target), "not a readable topic model (shapes disagree)")
        model.scores_ = {}
        model.id_ = hashlib.sha256(blob).hexdigest()[:12]
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
    """Initial W and H for guided NMF: seeded topic t starts as the centroid of the units
    (paragraphs) that use its theme's phrases, with those phrases weighted up, and loads on
    those units; the other topics start at random, as scikit-learn's ``init="random"``.

    Starting from the seed terms alone is too weak: the first update moves a topic to
    whatever the units happen to share. Starting from the paragraphs that use the phrases
    keeps the topic on the theme's own vocabulary.
    """
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    weights = sp.csr_matrix(weights)
    n_units, n_terms = weights.shape
    scale = float(np.sqrt(weights.mean() / k)) or 1e-3
    h = np.abs(rng.standard_normal((k, n_terms))) * scale
    w = np.abs(rng.standard_normal((n_units, k))) * scale
    column = {t: i for i, t in enumerate(vocabulary)}
    missing = []
    for t, (name, phrases) in enumerate(seeds.items()):
        found = sorted({column[p] for p in phrases if p in column})
        units = np.flatnonzero(np.asarray(weights[:, found].sum(axis=1)).ravel() > 0)
        if not found or not len(units):
            missing.append(name)
            continue
        centroid = np.asarray(weights[units].mean(axis=0)).ravel()
        centroid[found] += centroid.max()
        h[t] = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
        w[:, t] = np.maximum(np.asarray(weights @ h[t]).ravel(), 0) * 0.1
        w[units, t] = np.maximum(np.asarray(weights[units] @ h[t]).ravel(), scale)
    if missing:
        logger.warning("seed themes with no phrase in the vocabulary: %s", ", ".join(missing))
    return np.ascontiguousarray(w) + 1e-9, np.ascontiguousarray(h) + 1e-9


def _model_base(path: str | Path) -> Path:
    path = Path(path)
    return path.with_suffix("") if path.suffix in {".npz", ".json", ".joblib"} else path


@contextlib.contextmanager
def _locked(base: Path):
    """An exclusive lock on a model name (a hidden lock file beside it) while it is written."""
    lock = base.with_name(f".{base.name}.lock")
    with open(lock, "a") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; writes stay atomic
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


#: The scikit-learn parameters a saved model records, by method.
_ESTIMATOR_PARAMS = {
    "lda": ("learning_method", "batch_size", "max_iter", "random_state", "doc_topic_prior",
            "topic_word_prior", "max_doc_update_iter", "mean_change_tol"),
    "nmf": ("init", "solver", "beta_loss", "max_iter", "tol", "random_state", "alpha_W",
            "alpha_H", "l1_ratio"),
}  # fmt: skip


def _estimator_params(estimator) -> dict:
    method = "lda" if hasattr(estimator, "exp_dirichlet_component_") else "nmf"
    params = estimator.get_params()
    out = {name: params[name] for name in _ESTIMATOR_PARAMS[method]}
    if method == "lda":
        out["doc_topic_prior_"] = float(estimator.doc_topic_prior_)
        out["topic_word_prior_"] = float(estimator.topic_word_prior_)
    return out


def _restore_estimator(method: str, k: int, params: dict, arrays: dict):
    """A scikit-learn estimator that transforms like the saved one, from its arrays."""
    components = np.asarray(arrays["components"], dtype=np.float64)
    if method == "lda":
        from sklearn.decomposition import LatentDirichletAllocation

        estimator = LatentDirichletAllocation(
            n_components=k, **{n: params[n] for n in _ESTIMATOR_PARAMS["lda"]}
        )
        estimator.exp_dirichlet_component_ = np.asarray(arrays["exp_dirichlet_component"])
        estimator.doc_topic_prior_ = params["doc_topic_prior_"]
        estimator.topic_word_prior_ = params["topic_word_prior_"]
    else:
        from sklearn.decomposition import NMF

        estimator = NMF(n_components=k, **{n: params[n] for n in _ESTIMATOR_PARAMS["nmf"]})
    estimator.components_ = components
    estimator.n_features_in_ = components.shape[1]
    estimator.n_components_ = k
    return estimator
