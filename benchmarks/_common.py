"""Helpers shared by the benchmark scripts: where the real reports are, and timing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ANALYZER_SHARED_CORPORA", ROOT.parent / "shared" / "corpora"))
NATIONAL = SHARED / "national-gov-work-reports" / "gov_work_reports.jsonl"
SEED = SHARED / "seed" / "2021-gansu-zhengfa-work-conference.txt"

#: The competitor: a plain script running jieba.analyse.extract_tags(topK=20) over every report.
EXTRACT_TAGS = """
import json, sys, jieba, jieba.analyse
jieba.setLogLevel(60)
for line in open(sys.argv[1], encoding="utf-8"):
    jieba.analyse.extract_tags(json.loads(line)["content"], topK=20)
"""


def require(path: Path) -> Path:
    """Exit with a clear message when a real corpus is missing."""
    if not path.exists():
        sys.exit(f"skipped: {path} not found (the real reports live in ../shared/corpora)")
    return path


def analyzer_command() -> list[str]:
    """The analyzer CLI of this checkout, run with the current interpreter."""
    return [sys.executable, "-m", "analyzer"]


def run_timed(command: list[str], *, repeat: int = 3, env: dict | None = None) -> float:
    """Best wall-clock time of a whole process over ``repeat`` runs (output discarded)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        best = min(best, time.perf_counter() - start)
    return best


def no_cache_env(tmp: str) -> dict:
    """An environment whose analyzer cache is a fresh folder."""
    return {**os.environ, "ANALYZER_CACHE_DIR": tmp}
