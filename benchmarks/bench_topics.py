"""Topic coherence: the phrase-aware topic model against the same model on plain jieba tokens.

Fits scikit-learn's LDA (and NMF) with the same k, seeds and preprocessing (paragraph units,
function-word and boilerplate stopwords, the topic vocabulary bounds of analyzer.topics:
TOPIC_MIN_DF and TOPIC_MAX_DF) on the national reports twice: once on phrase-aware terms (the
corpus' discovered phrases and the built-in lexicon kept whole), once on plain jieba tokens.
Prints the mean NPMI coherence of the top 10 terms of each topic, computed on the corpus' own
paragraphs, for each seed and on average. Bar: the phrase-aware model is higher.

Each model's NPMI is computed on its own tokens, as the bar asks; the two are then measured on
different corpora (扫黑 and 除恶 always co-occur in the plain one). A second figure measures
both on one shared reference: a term is present in a paragraph when its string occurs in the
paragraph's text.

Usage: python benchmarks/bench_topics.py [--k 10] [--seeds 0 1 2 3 4] [--max-df 0.1]
"""

from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np
from _common import NATIONAL, require


def main() -> None:
    from analyzer.topics import TOPIC_MAX_DF, TOPIC_MIN_DF

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--max-df", type=float, default=TOPIC_MAX_DF)
    args = parser.parse_args()
    require(NATIONAL)

    from analyzer import Analysis, Cache, Corpus, Segmenter
    from analyzer.topics import TopicModel
    from analyzer.vectorize import document_term_matrix, split_units

    corpus = Corpus.load(NATIONAL)
    paragraphs = [text for doc in corpus for text in split_units(doc, "paragraph")]
    with tempfile.TemporaryDirectory() as tmp:
        analysis = Analysis(corpus, cache=Cache(tmp))
        stopwords = analysis.settings.stopword_set()
        segmenters = {
            "phrase-aware": analysis.term_segmenter(),
            "plain jieba": Segmenter(backend="jieba", builtin_lexicon=False),
        }
        print(f"national reports, k={args.k}, seeds {args.seeds}, paragraphs, "
              f"min_df={TOPIC_MIN_DF}, max_df={args.max_df}")  # fmt: skip
        for method in ("lda", "nmf"):
            means, per_seed_scores = {}, {}
            for name, segmenter in segmenters.items():
                dtm = document_term_matrix(corpus, tokens=analysis.tokens(segmenter),
                                           unit="paragraph", stopwords=stopwords,
                                           min_df=TOPIC_MIN_DF, max_df=args.max_df)  # fmt: skip
                start = time.perf_counter()
                models = [TopicModel(k=args.k, method=method, seed=s).fit(dtm) for s in args.seeds]
                scores = [float(model.coherence_.mean()) for model in models]
                shared = np.mean([_shared_reference_npmi(model, paragraphs) for model in models])
                means[name] = float(np.mean(scores))
                per_seed_scores[name] = np.array(scores)
                per_seed = " ".join(f"{s:.4f}" for s in scores)
                print(f"  {method} {name:<13} {dtm.matrix.shape[1]:6d} terms  NPMI per seed "
                      f"{per_seed}  mean {means[name]:.4f} (sd {np.std(scores):.4f})  "
                      f"shared-reference mean {shared:.4f}  "
                      f"({(time.perf_counter() - start) / len(args.seeds):.1f} s per fit)")  # fmt: skip
            difference = means["phrase-aware"] - means["plain jieba"]
            verdict = "higher" if difference > 0 else "NOT higher"
            wins = int((per_seed_scores["phrase-aware"] > per_seed_scores["plain jieba"]).sum())
            # the seed moves a model more than the tokens do: say how often each side wins
            print(f"  {method}: phrase-aware is {verdict} on average ({difference:+.4f}); "
                  f"higher on {wins} of {len(args.seeds)} seeds")  # fmt: skip


def _shared_reference_npmi(model, paragraphs: list[str]) -> float:
    """Mean NPMI of the model's top 10 terms, a term being present in a paragraph when its
    string occurs in the paragraph's text (one reference for every tokenization)."""
    import scipy.sparse as sp

    from analyzer.topics import _top_terms, npmi_coherence

    top = _top_terms(model.model_.components_, 10)
    columns = sorted({t for terms in top for t in terms})
    where = {t: i for i, t in enumerate(columns)}
    words = [model.vocabulary_[t] for t in columns]
    presence = sp.csr_matrix(np.array([[w in p for w in words] for p in paragraphs], dtype=bool))
    return float(npmi_coherence([[where[t] for t in terms] for terms in top], presence).mean())


if __name__ == "__main__":
    main()
