"""Phrase discovery: quality on the development list, speed against jieba.analyse, memory.

Prints, in one run:
  1. for `analyzer phrases SEED NATIONAL --no-lexicon --top 1000`, the recall of
     ../shared/eval/seed-phrases.txt in the top 1000 and the share of malformed rows in the top
     200, as computed by ../shared/eval/score_phrases.py (bars: >= 0.90 and <= 0.05);
  2. whole-process time of `analyzer phrases NATIONAL --no-cache` against a plain script running
     jieba.analyse.extract_tags(topK=20) over every report (bar: ratio <= 1.0);
  3. peak resident memory of `analyzer phrases` on the national reports repeated 1x, 4x and 16x
     (bars: under 1 GB at 1x, growing at most linearly). Skip with --no-memory (16x takes a
     minute).
With --held-out FILE (one phrase per line, `a|b` alternatives, an optional tab and first year,
the scorer's gold format), it also scores that list the way the generalization bar is judged:
`analyzer phrases NATIONAL --no-lexicon --top 1000`, recall in the top 1000 and the share of
exact first years (bars: >= 0.85 and >= 0.95). No such list ships with analyzer.

Usage: python benchmarks/bench_phrases.py [--repeat N] [--no-memory] [--held-out FILE]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import (
    EXTRACT_TAGS,
    NATIONAL,
    SEED,
    SHARED,
    analyzer_command,
    no_cache_env,
    require,
    run_timed,
)

SCORER = SHARED.parent / "eval" / "score_phrases.py"
GOLD = SHARED.parent / "eval" / "seed-phrases.txt"
PEAK_RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def quality(tmp: str) -> None:
    print(
        "1. quality, seed + national reports, --no-lexicon (bars: recall >= 0.90, malformed <= 0.05)"
    )
    _score(tmp, [SEED, NATIONAL], GOLD)


def held_out(tmp: str, gold: Path) -> None:
    print(f"1b. held-out list {gold.name}, national reports alone, --no-lexicon "
          "(bars: recall >= 0.85, first_year exact >= 0.95)")  # fmt: skip
    _score(tmp, [NATIONAL], gold, "--first-year", "--min-recall", "0.85")


def _score(tmp: str, paths: list[Path], gold: Path, *options: str) -> None:
    """Print the scorer's verdict on the top 1000 of ``analyzer phrases PATHS --no-lexicon``."""
    command = [*analyzer_command(), "phrases", *map(str, paths), "--no-lexicon",
               "--top", "1000", "--format", "csv", "--no-cache"]  # fmt: skip
    table = subprocess.run(command, check=True, capture_output=True, env=no_cache_env(tmp)).stdout
    score = subprocess.run([sys.executable, str(SCORER), str(gold), "--top", "1000", *options],
                           input=table, capture_output=True)  # fmt: skip
    for line in score.stdout.decode().splitlines():
        print(f"   {line}")


def speed(tmp: str, repeat: int) -> None:
    # The two sides alternate, best of each kept, so that a noisy spell slows both alike.
    ours = theirs = float("inf")
    for _ in range(repeat):
        ours = min(ours, run_timed([*analyzer_command(), "phrases", str(NATIONAL), "--no-cache",
                                    "--format", "csv"], repeat=1, env=no_cache_env(tmp)))  # fmt: skip
        theirs = min(
            theirs, run_timed([sys.executable, "-c", EXTRACT_TAGS, str(NATIONAL)], repeat=1)
        )
    print("2. speed, national reports, whole process (bar: ratio <= 1.0)")
    print(
        f"   analyzer phrases --no-cache {ours:.2f} s; jieba.analyse.extract_tags(topK=20) {theirs:.2f} s"
    )
    print(f"   ratio {ours / theirs:.2f}")


def memory(tmp: str) -> None:
    rows = NATIONAL.read_text(encoding="utf-8").splitlines()
    print("3. peak memory, national reports repeated (bars: < 1 GB at 1x, at most linear growth)")
    base = None
    for times in (1, 4, 16):
        path = Path(tmp) / f"national-x{times}.jsonl"
        path.write_text("\n".join(rows * times) + "\n", encoding="utf-8")
        command = [*analyzer_command(), "phrases", str(path), "--no-cache", "--top", "10"]
        out = subprocess.run([sys.executable, "-c", PEAK_RSS, *command], check=True,
                             capture_output=True, env=no_cache_env(tmp))  # fmt: skip
        peak_mb = int(out.stdout) / 1024
        base = base or peak_mb
        print(
            f"   x{times:<2} {peak_mb:7.0f} MB  ({peak_mb / base:.1f}x the 1x peak for {times}x the text)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--held-out", type=Path, metavar="FILE")
    args = parser.parse_args()
    for path in (NATIONAL, SEED, SCORER, GOLD):
        require(path)
    if args.held_out is not None and not args.held_out.is_file():
        sys.exit(f"--held-out: {args.held_out} is not a file")
    with tempfile.TemporaryDirectory() as tmp:
        quality(tmp)
        if args.held_out is not None:
            held_out(tmp, args.held_out)
        speed(tmp, args.repeat)
        if not args.no_memory:
            memory(tmp)


if __name__ == "__main__":
    main()
