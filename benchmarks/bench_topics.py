"""Topic coherence: the phrase-aware topic model against the same model on plain jieba tokens.

Fits scikit-learn's LDA (and NMF) with the same k, seed and preprocessing (paragraph units,
function-word and boilerplate stopwords, min_df=3, max_df=0.5) on the national reports twice:
once on phrase-aware terms (the corpus' discovered phrases and the built-in lexicon kept whole),
once on plain jieba tokens. Prints the mean NPMI coherence of the top 10 terms of each topic,
each computed on the corpus' own paragraphs. Bar: the phrase-aware model is higher.

Usage: python benchmarks/bench_topics.py [--k 10] [--seed 0]
"""

from __future__ import annotations

import argparse
import tempfile
import time

from _common import NATIONAL, require


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    require(NATIONAL)

    from analyzer import Cache, Corpus, Segmenter
    from analyzer.stopwords import load_stopwords
    from analyzer.topics import TopicModel
    from analyzer.vectorize import document_term_matrix, phrase_segmenter

    corpus = Corpus.load(NATIONAL)
    stopwords = load_stopwords(["function", "boilerplate"])
    with tempfile.TemporaryDirectory() as tmp:
        cache = Cache(tmp)
        segmenters = {
            "phrase-aware": phrase_segmenter(corpus, cache=cache),
            "plain jieba": Segmenter(backend="jieba", builtin_lexicon=False),
        }
        print(f"national reports, k={args.k}, seed={args.seed}, paragraphs, min_df=3, max_df=0.5")
        for method in ("lda", "nmf"):
            scores = {}
            for name, segmenter in segmenters.items():
                dtm = document_term_matrix(corpus, segmenter=segmenter, unit="paragraph",
                                           stopwords=stopwords, min_df=3, max_df=0.5, cache=cache)  # fmt: skip
                start = time.perf_counter()
                model = TopicModel(k=args.k, method=method, seed=args.seed).fit(dtm)
                scores[name] = float(model.coherence_.mean())
                print(f"  {method} {name:<13} {dtm.matrix.shape[1]:6d} terms  mean NPMI {scores[name]:.4f}"
                      f"  ({time.perf_counter() - start:.1f} s)")  # fmt: skip
            verdict = "higher" if scores["phrase-aware"] > scores["plain jieba"] else "NOT higher"
            print(
                f"  {method}: phrase-aware is {verdict} ({scores['phrase-aware'] - scores['plain jieba']:+.4f})"
            )


if __name__ == "__main__":
    main()
