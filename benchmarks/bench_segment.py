"""Segmentation speed: analyzer (rjieba + lexicon) against plain jieba on the national reports.

Prints, in one run:
  * in-process throughput (characters per second) of analyzer's Segmenter on both backends
    and of jieba.lcut, on the same cleaned texts;
  * whole-process time of `analyzer tokens --no-cache` against a plain script that loads the
    same JSON lines and runs jieba.lcut over every report, and the ratio (the bar: <= 0.20).

Usage: python benchmarks/bench_segment.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time

from _common import NATIONAL, analyzer_command, no_cache_env, require, run_timed

JIEBA_SCRIPT = """
import json, sys, jieba
jieba.setLogLevel(60)
texts = [json.loads(line)["content"] for line in open(sys.argv[1], encoding="utf-8")]
sys.stdout.write("\\n".join(" ".join(jieba.lcut(t)) for t in texts))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus_path = require(NATIONAL)

    import jieba

    from analyzer import Corpus, Segmenter

    jieba.setLogLevel(60)
    texts = [d.text for d in Corpus.load(corpus_path)]
    chars = sum(map(len, texts))
    print(f"national reports: {len(texts)} documents, {chars:,} characters after cleaning")
    rows = []
    for name, cut in (
        ("analyzer rjieba", Segmenter(backend="rjieba").cut),
        ("analyzer jieba", Segmenter(backend="jieba").cut),
        ("jieba.lcut", jieba.lcut),
    ):
        cut(texts[0])  # warm up: load dictionaries
        start = time.perf_counter()
        for text in texts:
            cut(text)
        rows.append((name, time.perf_counter() - start))
    base = rows[-1][1]
    for name, seconds in rows:
        print(
            f"  in-process {name:<16} {seconds:6.2f} s  {chars / seconds / 1e6:5.2f} M chars/s  ratio {seconds / base:.3f}"
        )

    with tempfile.TemporaryDirectory() as tmp:
        ours = run_timed(
            [*analyzer_command(), "tokens", str(corpus_path), "--no-cache"],
            repeat=args.repeat,
            env=no_cache_env(tmp),
        )
    theirs = run_timed([sys.executable, "-c", JIEBA_SCRIPT, str(corpus_path)], repeat=args.repeat)
    print(
        f"  whole process: analyzer tokens --no-cache {ours:.2f} s, plain jieba.lcut {theirs:.2f} s"
    )
    print(f"  ratio {ours / theirs:.3f} (bar: <= 0.20)")


if __name__ == "__main__":
    main()
