"""Scale: phrase discovery and comparison on the national reports repeated 1x to 64x.

Prints, in one run and whole process against whole process, for the national reports repeated
1x, 4x, 16x and 64x (each copy with its own titles, so 64x is 4,608 distinct documents and about
70 million characters):

  * `analyzer phrases CORPUS --no-cache --no-lexicon`, in one process and with `--workers 2`;
  * `analyzer compare CORPUS --no-cache --format csv`, in one process and with `--workers 2`;
  * a plain script running `jieba.lcut` over the same texts (the competitor);

each with its wall time, its peak resident memory (of the whole process tree, workers
included), and the ratio of its time to jieba.lcut's. With `--single`, also `analyzer phrases`
on the same texts written out end to end as one `.txt` file: one huge document, which discovery
cuts at line breaks into pieces of a shard each. Bars (issue 17): at 16x `phrases` peaks
under 1 GB and takes at most half jieba.lcut's time; at 64x it peaks under 2 GB.

Usage: python benchmarks/bench_scale.py [--sizes 1 4 16 64] [--no-workers] [--no-compare]
       [--single]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import NATIONAL, analyzer_command, no_cache_env, require

LCUT = """
import json, sys, jieba
jieba.setLogLevel(60)
for line in open(sys.argv[1], encoding="utf-8"):
    jieba.lcut(json.loads(line)["content"] or "")
"""
#: Runs a command and prints the peak memory (KB) of its whole process tree: the largest
#: resident set among the process and its children summed, sampled every 50 ms.
PEAK_TREE = """
import subprocess, sys, time
from pathlib import Path
def rss(pid):
    try:
        return int(Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()[0])
    except (OSError, IndexError, ValueError):
        return 0
def tree(pid):
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak = 0
while child.poll() is None:
    peak = max(peak, sum(rss(p) for p in tree(child.pid)))
    time.sleep(0.05)
if child.returncode:
    sys.exit(child.returncode)
print(peak)
"""


def repeated(tmp: Path, times: int) -> Path:
    """The national reports repeated ``times`` times, each copy with distinct titles."""
    path = tmp / f"national-x{times}.jsonl"
    rows = [json.loads(line) for line in NATIONAL.read_text(encoding="utf-8").splitlines()]
    with path.open("w", encoding="utf-8") as out:
        for copy in range(times):
            for row in rows:
                out.write(json.dumps({**row, "title": f"{row.get('title') or ''}（{copy + 1}）"},
                                     ensure_ascii=False) + "\n")  # fmt: skip
    return path


def single(path: Path) -> Path:
    """The texts of a JSONL corpus written end to end (a blank line between them) as one file."""
    out = path.with_suffix(".txt")
    with out.open("w", encoding="utf-8") as text:
        for line in path.read_text(encoding="utf-8").splitlines():
            text.write((json.loads(line)["content"] or "") + "\n\n")
    return out


def measure(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall time (s) and peak memory of the process tree (MB) of one run."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK_TREE, *command], capture_output=True,
                          env=env, check=True)  # fmt: skip
    return time.perf_counter() - start, int(done.stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--no-workers", action="store_true", help="skip the --workers 2 runs")
    parser.add_argument("--no-compare", action="store_true", help="skip analyzer compare")
    parser.add_argument(
        "--single",
        action="store_true",
        help="also run phrases on the corpus as one document (one .txt file)",
    )
    args = parser.parse_args()
    require(NATIONAL)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(
            f"{'corpus':>7} {'chars':>11}  {'run':<28} {'wall s':>8} {'peak MB':>8} {'/ lcut':>7}"
        )
        for times in args.sizes:
            path = repeated(tmp, times)
            chars = sum(len(json.loads(line)["content"] or "")
                        for line in path.read_text(encoding="utf-8").splitlines())  # fmt: skip
            lcut, lcut_mb = measure([sys.executable, "-c", LCUT, str(path)])
            rows = [("jieba.lcut", lcut, lcut_mb)]
            runs = [("phrases", ["phrases", str(path), "--no-lexicon", "--top", "100"])]
            if not args.no_compare:
                runs.append(("compare", ["compare", str(path), "--format", "csv"]))
            for name, options in runs:
                variants = (
                    [("", [])]
                    if args.no_workers
                    else [("", []), (" --workers 2", ["--workers", "2"])]
                )
                for label, extra in variants:
                    with tempfile.TemporaryDirectory() as cache:
                        command = [
                            *analyzer_command(),
                            *options,
                            "--no-cache",
                            "-q",
                            "--max-file-mb",
                            "4096",
                            *extra,
                        ]  # 64x is one 204 MB file
                        wall, peak = measure(command, env=no_cache_env(cache))
                    rows.append((f"analyzer {name}{label}", wall, peak))
            if args.single:
                with tempfile.TemporaryDirectory() as cache:
                    command = [
                        *analyzer_command(),
                        "phrases",
                        str(single(path)),
                        "--no-lexicon",
                        "--top",
                        "100",
                        "--no-cache",
                        "-q",
                        "--max-file-mb",
                        "4096",
                    ]
                    wall, peak = measure(command, env=no_cache_env(cache))
                rows.append(("analyzer phrases, one file", wall, peak))
            for name, wall, peak in rows:
                print(f"{times:>6}x {chars:>11,}  {name:<28} {wall:8.1f} {peak:8.0f} "
                      f"{wall / lcut:7.2f}")  # fmt: skip
            sys.stdout.flush()


if __name__ == "__main__":
    main()
