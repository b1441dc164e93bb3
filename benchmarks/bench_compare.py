"""Year-over-year comparison: speed against jieba.analyse, cold and warm.

Prints, in one run, whole process against whole process:
  1. `analyzer compare NATIONAL --by year --no-cache` against a plain script running
     jieba.analyse.extract_tags(topK=20) over every report (bar: ratio <= 1.0);
  2. the same compare with a warm cache (bar: ratio <= 0.25);
  3. `analyzer trend NATIONAL 扫黑除恶 枫桥经验 放管服 新质生产力 --no-cache`, for reference.

The two sides alternate within each repetition, and the best of each is kept, so a noisy
machine slows both alike.

Usage: python benchmarks/bench_compare.py [--repeat N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile

from _common import EXTRACT_TAGS, NATIONAL, analyzer_command, no_cache_env, require, run_timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    require(NATIONAL)
    compare = [*analyzer_command(), "compare", str(NATIONAL), "--by", "year", "--format", "csv"]
    trend = [*analyzer_command(), "trend", str(NATIONAL), "扫黑除恶", "枫桥经验", "放管服",
             "新质生产力", "--no-cache", "--format", "csv"]  # fmt: skip
    theirs_command = [sys.executable, "-c", EXTRACT_TAGS, str(NATIONAL)]
    with tempfile.TemporaryDirectory() as cold_dir, tempfile.TemporaryDirectory() as warm_dir:
        warm_env = no_cache_env(warm_dir)
        subprocess.run(compare, check=True, capture_output=True, env=warm_env)  # fill the cache
        cold = warm = theirs = trend_time = float("inf")
        for _ in range(args.repeat):
            theirs = min(theirs, run_timed(theirs_command, repeat=1))
            cold = min(cold, run_timed([*compare, "--no-cache"], repeat=1,
                                       env=no_cache_env(cold_dir)))  # fmt: skip
            warm = min(warm, run_timed(compare, repeat=1, env=warm_env))
            trend_time = min(trend_time, run_timed(trend, repeat=1, env=no_cache_env(cold_dir)))
    print(f"jieba.analyse.extract_tags(topK=20) over every report: {theirs:.2f} s")
    print(f"1. analyzer compare --by year --no-cache: {cold:.2f} s  ratio {cold / theirs:.2f}"
          "  (bar <= 1.0)")  # fmt: skip
    print(f"2. analyzer compare --by year, warm cache: {warm:.2f} s  ratio {warm / theirs:.2f}"
          "  (bar <= 0.25)")  # fmt: skip
    print(f"3. analyzer trend (4 terms) --no-cache: {trend_time:.2f} s  ratio "
          f"{trend_time / theirs:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
