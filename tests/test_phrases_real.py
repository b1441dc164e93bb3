"""Phrase discovery on the real reports in ../shared/corpora (skipped when absent)."""

import csv
import io
import subprocess
import sys

import pytest
from conftest import SHARED

from analyzer import Corpus
from analyzer.numerals import count
from analyzer.phrases import PhraseDiscoverer

SCORER = SHARED.parent / "eval" / "score_phrases.py"
GOLD = SHARED.parent / "eval" / "seed-phrases.txt"

pytestmark = pytest.mark.slow


def _score(table_csv: str, *, min_recall: float) -> subprocess.CompletedProcess:
    if not SCORER.is_file():
        pytest.skip(f"{SCORER} not found (../shared/eval)")
    return subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), "--top", "1000", "--min-recall", str(min_recall)],
        input=table_csv, capture_output=True, text=True,
    )  # fmt: skip


def test_seed_and_national_without_lexicon(seed, national, invoke):
    result = invoke("phrases", seed, national, "--no-lexicon", "--top", "1000", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1000
    # The bars: recall >= 0.90 in the top 1000, malformed rows <= 5% of the top 200.
    scored = _score(result.stdout, min_recall=0.90)
    print(scored.stdout)
    assert scored.returncode == 0, scored.stdout


def test_first_and_last_year_are_exact_on_the_national_reports(national):
    corpus = Corpus.load(national)
    table = PhraseDiscoverer(builtin_lexicon=False).fit(corpus).table(300)
    dated = [d for d in corpus if d.year is not None]

    def counted(text: str, phrase: str) -> int:
        # The counting rule: str.count without occurrences inside written-out numbers
        # (str.count first: where it finds nothing, the rule finds nothing either).
        return count(text, phrase) if phrase in text else 0

    for row in table.itertuples():
        years = [d.year for d in dated if counted(d.text, row.phrase)]
        assert (row.first_year, row.last_year) == (min(years), max(years)), row.phrase
        assert row.count == sum(counted(d.text, row.phrase) for d in corpus), row.phrase
