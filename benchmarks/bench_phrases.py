"""Phrase discovery: quality on the development list and on lists of our own, noise, speed
against jieba.analyse, memory.

Prints, in one run:
  1. for `analyzer phrases SEED NATIONAL --no-lexicon --top 1000`, the recall of
     ../shared/eval/seed-phrases.txt in the top 1000 and the share of malformed rows in the top
     200, as computed by ../shared/eval/score_phrases.py (bars: >= 0.95 and <= 0.03);
  1b. for every list of benchmarks/lists/*.tsv (and --held-out FILE): recall in the top 1000 of
     `analyzer phrases NATIONAL --no-lexicon` and the share of exact first years (bars: >= 0.88
     and >= 0.95), overall and by the decades the list marks (`# 1950s` lines);
  1c. for every list of benchmarks/lists/noise-*.txt: the share of its rows (noise in the top 1000
     of the national table at the commit it names) still in the top 1000, by kind (bar: at most a
     fifth in all);
  1d. on the national reports and on the seed report (--no-lexicon), the share of the top 200
     that is a person, a number fragment (counted inside a written-out number) or part of a
     longer listed row (most of its uses inside one), by analyzer's own rules;
  2. whole-process time of `analyzer phrases NATIONAL --no-cache` against a plain script running
     jieba.analyse.extract_tags(topK=20) over every report (bar: ratio <= 1.0);
  3. peak resident memory of `analyzer phrases` on the national reports repeated 1x, 4x and 16x
     (bars: under 1 GB at 1x, growing at most linearly). Skip with --no-memory (16x takes a
     minute).
The lists of benchmarks/lists/ are measurement data: analyzer never reads them.

Usage: python benchmarks/bench_phrases.py [--repeat N] [--no-memory] [--held-out FILE]
"""

from __future__ import annotations

import argparse
import csv
import io
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
LISTS = Path(__file__).resolve().parent / "lists"
PEAK_RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def quality(tmp: str) -> None:
    print(
        "1. quality, seed + national reports, --no-lexicon (bars: recall >= 0.95, malformed <= 0.03)"
    )
    table = _table(tmp, [SEED, NATIONAL])
    _score(table, GOLD, "--min-recall", "0.95", "--max-malformed", "0.03")


def held_out(tmp: str, golds: list[Path]) -> None:
    table = _table(tmp, [NATIONAL])
    for gold in golds:
        print(f"1b. list {gold.name}, national reports alone, --no-lexicon "
              "(bars: recall >= 0.88, first_year exact >= 0.95)")  # fmt: skip
        _score(table, gold, "--first-year", "--min-recall", "0.88")
        _by_decade(table, gold)
    for noise in sorted(LISTS.glob("noise-*.txt")):
        _noise(table, noise)


def _table(tmp: str, paths: list[Path]) -> bytes:
    """The top 1000 of ``analyzer phrases PATHS --no-lexicon`` as CSV."""
    command = [*analyzer_command(), "phrases", *map(str, paths), "--no-lexicon",
               "--top", "1000", "--format", "csv", "--no-cache"]  # fmt: skip
    return subprocess.run(command, check=True, capture_output=True, env=no_cache_env(tmp)).stdout


def _score(table: bytes, gold: Path, *options: str) -> None:
    """Print the scorer's verdict on a table."""
    score = subprocess.run([sys.executable, str(SCORER), str(gold), "--top", "1000", *options],
                           input=table, capture_output=True)  # fmt: skip
    for line in score.stdout.decode().splitlines():
        print(f"   {line}")


def _rows(table: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(table.decode("utf-8"))))


def _sections(path: Path):
    """``(section, line)`` for each entry of a list; sections are its short ``# name`` lines."""
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and len(line) < 40:
            section = line[2:].strip()
        elif line.strip() and not line.startswith("#"):
            yield section, line


def _by_decade(table: bytes, gold: Path) -> None:
    """Recall in the top 1000 for each section of a list (the decades of a slogan list)."""
    listed = {row["phrase"] for row in _rows(table)}
    found: dict[str, list[int]] = {}
    for section, line in _sections(gold):
        alternatives = line.split("\t")[0].split("|")
        tally = found.setdefault(section, [0, 0])
        tally[0] += any(a in listed for a in alternatives)
        tally[1] += 1
    shown = ", ".join(f"{s or '-'} {a}/{n}" for s, (a, n) in found.items())
    print(f"   by decade: {shown}")


def _noise(table: bytes, noise: Path) -> None:
    listed = {row["phrase"] for row in _rows(table)}
    left: dict[str, list[int]] = {}
    for kind, phrase in _sections(noise):
        tally = left.setdefault(kind, [0, 0])
        tally[0] += phrase.strip() in listed
        tally[1] += 1
    total, size = (sum(v[i] for v in left.values()) for i in (0, 1))
    print(f"1c. noise list {noise.name}: {total}/{size} = {total / size:.2f} still in the top 1000 "
          "of the national reports (bar: <= 0.20)")  # fmt: skip
    print("   " + ", ".join(f"{kind} {a}/{n}" for kind, (a, n) in left.items()))


def top_shares() -> None:
    """The share of the top 200 that analyzer's own rules call a person, a number fragment or
    part of a longer listed row, on the national reports and on the seed report."""
    from analyzer import Corpus
    from analyzer.index import TextIndex
    from analyzer.numerals import count
    from analyzer.phrases import PhraseDiscoverer
    from analyzer.phrases.discover import _tagger
    from analyzer.phrases.names import people

    print("1d. top 200, --no-lexicon: people, number fragments, parts of a longer listed row")
    for name, path in (("national", NATIONAL), ("seed", SEED)):
        corpus = Corpus.load(path)
        discoverer = PhraseDiscoverer(builtin_lexicon=False).fit(corpus)
        top = discoverer.table(200)["phrase"].tolist()
        texts = [d.text for d in corpus]
        persons = people(TextIndex(texts), top, _tagger())
        # A number fragment: a row whose count includes uses inside written-out numbers.
        table = discoverer.table(200).set_index("phrase")
        inside_numbers = [
            p for p in top if table.loc[p, "count"] != sum(count(t, p) for t in texts)
        ]
        features = discoverer.features_.set_index("phrase")
        parts = [p for p in top if features.loc[p, "inside"] >= 0.5]
        shares = ", ".join(f"{label} {len(rows) / max(len(top), 1):.3f} ({len(rows)})"
                           for label, rows in (("people", persons),
                                               ("number fragments", inside_numbers),
                                               ("parts of a longer row", parts)))  # fmt: skip
        print(f"   {name}: {shares}")
        numerals = [p for p in discoverer.table(5000)["phrase"] if _only_numerals(p)]
        print(f"   {name}: {len(numerals)} rows of the top 5000 made only of numerals, counted "
              "outside written-out numbers: " + " ".join(numerals[:20]))  # fmt: skip


def _only_numerals(phrase: str) -> bool:
    from analyzer.numerals import NUMERALS

    return all(c in NUMERALS for c in phrase)


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
    golds = sorted(LISTS.glob("*.tsv")) + ([args.held_out] if args.held_out else [])
    with tempfile.TemporaryDirectory() as tmp:
        quality(tmp)
        held_out(tmp, golds)
        top_shares()
        speed(tmp, args.repeat)
        if not args.no_memory:
            memory(tmp)


if __name__ == "__main__":
    main()
