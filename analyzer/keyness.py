"""Keyness: which terms set one group apart from another (or from the rest, or from the
previous group), with the statistics political scientists cite.

Two measures, both reported for every term with the raw counts and rates of both sides:

* the log-odds ratio with an informative Dirichlet prior and its z-score (Monroe, Colaresi &
  Quinn 2008). The prior is the pooled counts of the two sides (empirical Bayes, as in Silge's
  tidylo): ``a_w = y_tw + y_rw``, ``a0 = n_t + n_r``;
* the log-likelihood ratio G² of the 2×2 table term/other × target/reference (Dunning 1993),
  with its p-value from the chi-squared distribution with one degree of freedom and
  Benjamini-Hochberg adjusted p-values over all the terms of the comparison.

References:
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: Lexical feature
    selection and evaluation for identifying the content of political conflict. Political
    Analysis 16(4), 372-403.
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    Computational Linguistics 19(1), 61-74.
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. Journal of the
    Royal Statistical Society B 57(1), 289-300.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import AnalyzerError, ParameterError, check_choice
from .grouping import Grouping
from .vectorize import DocumentTermMatrix

__all__ = [
    "COLUMNS",
    "MEASURES",
    "benjamini_hochberg",
    "compare_counts",
    "keyness",
    "log_likelihood",
    "log_odds_dirichlet",
]

MEASURES = ("lr", "g2")
#: Columns of the keyness table.
COLUMNS = [
    "target", "reference", "term", "rank", "count_target", "count_reference", "rate_target",
    "rate_reference", "log_odds", "z", "g2", "p", "p_adj",
]  # fmt: skip


def log_odds_dirichlet(target: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio (target over reference) with the pooled counts as Dirichlet prior, and
    its z-score.

    >>> delta, z = log_odds_dirichlet(np.array([10, 5, 0]), np.array([0, 5, 10]))
    >>> bool(z[0] > 0), float(round(z[1], 6)), bool(z[2] < 0)
    (True, 0.0, True)
    """
    target = np.asarray(target, dtype=float)
    reference = np.asarray(reference, dtype=float)
    prior = target + reference
    a0 = prior.sum()
    n_t, n_r = target.sum(), reference.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        omega_t = np.log((target + prior) / (n_t + a0 - target - prior))
        omega_r = np.log((reference + prior) / (n_r + a0 - reference - prior))
        delta = omega_t - omega_r
        variance = 1 / (target + prior) + 1 / (reference + prior)
        z = delta / np.sqrt(variance)
    return np.nan_to_num(delta), np.nan_to_num(z)


def log_likelihood(target: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dunning's G² for each term's 2×2 table, and the chi-squared(1) p-values.

    >>> g2, p = log_likelihood(np.array([10, 5]), np.array([10, 5]))
    >>> g2.tolist(), p.tolist()
    ([0.0, 0.0], [1.0, 1.0])
    """
    a = np.asarray(target, dtype=float)
    b = np.asarray(reference, dtype=float)
    n_t, n_r = a.sum(), b.sum()
    c, d = n_t - a, n_r - b
    total = n_t + n_r
    expected = [
        (a, (a + b) * n_t / total),
        (b, (a + b) * n_r / total),
        (c, (c + d) * n_t / total),
        (d, (c + d) * n_r / total),
    ]
    g2 = np.zeros_like(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        for observed, expect in expected:
            g2 += np.where(observed > 0, observed * np.log(observed / expect), 0.0)
    g2 = np.maximum(2 * g2, 0.0)
    from scipy.stats import chi2  # imported when used: scipy.stats takes a while to load

    return g2, chi2.sf(g2, 1)


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (``scipy.stats.false_discovery_control``).

    >>> benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.5])).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.5]
    """
    from scipy.stats import false_discovery_control

    p = np.clip(np.asarray(p, dtype=float), 0, 1)
    return false_discovery_control(p, method="bh") if len(p) else p


def compare_counts(
    vocabulary: list[str],
    target: np.ndarray,
    reference: np.ndarray,
    *,
    target_name: Any,
    reference_name: Any,
    measure: str = "lr",
    top_n: int | None = None,
):
    """The keyness table of one comparison, terms most characteristic of the target first.

    Terms absent from both sides are left out. Rates are per 10,000 tokens of each side.
    """
    import pandas as pd

    check_choice("measure", measure, MEASURES)
    present = (target + reference) > 0
    terms = np.asarray(vocabulary, dtype=object)[present]
    t, r = target[present].astype(float), reference[present].astype(float)
    delta, z = log_odds_dirichlet(t, r)
    g2, p = log_likelihood(t, r)
    n_t, n_r = max(t.sum(), 1), max(r.sum(), 1)
    rate_t, rate_r = t / n_t * 10_000, r / n_r * 10_000
    signed = np.where(rate_t >= rate_r, g2, -g2)
    key = z if measure == "lr" else signed
    order = np.lexsort((terms, -t, -key))
    if top_n is not None:
        order = order[:top_n]
    frame = pd.DataFrame({
        "target": target_name, "reference": reference_name, "term": terms[order],
        "rank": np.arange(1, len(order) + 1), "count_target": t[order].astype(int),
        "count_reference": r[order].astype(int), "rate_target": rate_t[order].round(4),
        "rate_reference": rate_r[order].round(4), "log_odds": delta[order].round(6),
        "z": z[order].round(6), "g2": g2[order].round(6), "p": p[order],
        "p_adj": benjamini_hochberg(p)[order],
    })  # fmt: skip
    return frame[COLUMNS]


def keyness(
    dtm: DocumentTermMatrix,
    *,
    by: str | Sequence[str] | Grouping = "year",
    target: Any = None,
    reference: Any = "rest",
    measure: str = "lr",
    top_n: int | None = 20,
):
    """Keyness of one group, or of every group, against a reference.

    Args:
        dtm: a document-term matrix.
        by: the grouping: a field (``year``, ``region``, ``doc``, any metadata field), several
            fields, or a :class:`~analyzer.grouping.Grouping`.
        target: the group to characterise (its value, or its label such as ``2021 · 甘肃``);
            None for every group in turn, each against its reference.
        reference: ``rest`` (all other groups), ``previous`` (the previous available group;
            the first group has none and is skipped), or a group.
        measure: rank by the log-odds z-score (``lr``) or by signed G² (``g2``).
        top_n: rows per comparison (None for all terms).

    Returns:
        A DataFrame with :data:`COLUMNS`, one block per comparison.

    Raises:
        AnalyzerError: when the grouping has a single group: there is nothing to compare.

    Example:
        >>> from analyzer import Corpus
        >>> from analyzer.vectorize import document_term_matrix
        >>> corpus = Corpus.from_texts(["扫黑除恶 扫黑除恶 政法", "新质生产力 新质生产力 政法"], years=[2023, 2024])
        >>> table = keyness(document_term_matrix(corpus), target=2024, reference=2023)
        >>> row = table.iloc[0]
        >>> row["term"], int(row["count_target"]), int(row["count_reference"])
        ('新质生产力', 2, 0)
    """
    import pandas as pd

    check_choice("measure", measure, MEASURES)
    grouping, counts, _ = dtm.group(by)
    labels = grouping.labels
    if len(labels) < 2:
        raise AnalyzerError(
            f"keyness needs at least two groups to compare, and by {grouping.name} there is "
            f"only {labels[0]}; group by another field"
        )
    counts = counts.toarray()
    targets = range(len(labels)) if target is None else [_match(target, labels, "target")]
    fixed = None if reference in ("rest", "previous") else _match(reference, labels, "reference")
    blocks = []
    for i in targets:
        name = labels[i]
        if reference == "rest":
            other, other_name = counts.sum(axis=0) - counts[i], "rest"
        elif reference == "previous":
            before = grouping.previous[i]
            if before is None:
                if target is not None:
                    raise AnalyzerError(
                        f"{grouping.name}={name!r} is the first group: it has no previous group"
                    )
                continue
            other, other_name = counts[before], labels[before]
        else:
            if fixed == i:
                raise ParameterError(f"target and reference are the same group ({name!r})")
            other, other_name = counts[fixed], labels[fixed]
        blocks.append(compare_counts(dtm.vocabulary, counts[i], other, target_name=name,
                                     reference_name=other_name, measure=measure, top_n=top_n))  # fmt: skip
    if not blocks:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(blocks, ignore_index=True)


def _match(value: Any, labels: list, role: str) -> int:
    """The position of the group equal to ``value``, comparing as text so that "2021" finds
    2021."""
    for i, label in enumerate(labels):
        if str(label) == str(value):
            return i
    shown = ", ".join(map(str, labels[:12])) + (" …" if len(labels) > 12 else "")
    raise ParameterError(f"{role}={value!r} is not a group (groups: {shown})")
