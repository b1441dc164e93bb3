"""Work on shards in bounded memory and on several threads: the memory a round of phrase
discovery allocates stays within ``memory_budget_mb`` on a corpus larger than the budget, and
every budget and every number of threads gives the same table."""

from __future__ import annotations

import dataclasses
import tracemalloc

import pytest

import analyzer
from analyzer.cli.render import records_csv, to_records
from analyzer.errors import ParameterError
from analyzer.parallel import Executor
from analyzer.phrases import shard as shard_module

BUDGET_MB = 64


def _csv(frame) -> str:
    return records_csv(to_records(frame), list(frame.columns))


@pytest.fixture(scope="module")
def repeated_sample():
    """The sample corpus repeated 300 times with distinct ids: about two million characters,
    more than a 64 MB budget lets one shard hold."""
    from conftest import SAMPLE

    docs = list(analyzer.Corpus.load(SAMPLE, cache=False))
    return analyzer.Corpus(
        [dataclasses.replace(d, id=f"{d.id}-{k}") for k in range(300) for d in docs]
    )


def _round_growth(corpus, budget_mb: float) -> tuple[dict[str, float], str]:
    """The most memory (MB, traced) any round of each kind allocated beyond what was held when
    it began, with one thread, and the phrase table as CSV."""
    analysis = analyzer.Analysis(corpus, cache=False, memory_budget_mb=budget_mb, threads=1)
    analysis.plain_tokens()
    growth: dict[str, float] = {}
    run = shard_module.ShardedCorpus.run

    def measured(self, func, *extra):
        held, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = run(self, func, *extra)
        _, peak = tracemalloc.get_traced_memory()
        growth[func.__name__] = max(growth.get(func.__name__, 0.0), (peak - held) / 2**20)
        return result

    shard_module.ShardedCorpus.run = measured
    tracemalloc.start()
    try:
        table = analysis.phrase_table()
    finally:
        tracemalloc.stop()
        shard_module.ShardedCorpus.run = run
    return growth, _csv(table)


@pytest.mark.slow
def test_rounds_stay_within_a_budget_smaller_than_the_corpus_needs(repeated_sample):
    assert repeated_sample.chars > 2_000_000
    whole, whole_table = _round_growth(repeated_sample, 1500)  # one shard: the whole corpus
    assert max(whole.values()) > BUDGET_MB  # in one piece, the work would not fit the budget
    bounded, bounded_table = _round_growth(repeated_sample, BUDGET_MB)
    assert max(bounded.values()) <= BUDGET_MB, bounded
    assert bounded_table == whole_table


@pytest.mark.slow
def test_one_document_larger_than_the_budget_is_worked_in_pieces(repeated_sample):
    # The two million characters as a single report: it is cut at line breaks into pieces
    # that carry its number, and no round holds more of it than the budget allows.
    texts = [d.text for d in repeated_sample]
    single = analyzer.Corpus.from_texts(["\n".join(texts)], years=[2021], clean=False)
    whole, whole_table = _round_growth(single, 1500)  # one piece: the whole report
    assert max(whole.values()) > BUDGET_MB
    bounded, table = _round_growth(single, BUDGET_MB)
    assert max(bounded.values()) <= BUDGET_MB, bounded
    assert table == whole_table and table.count("\n") > 100


def test_threads_give_the_table_of_one_thread(repeated_sample):
    corpus = analyzer.Corpus(list(repeated_sample)[:700])  # several shards of 100,000
    tables = {}
    for threads in (1, 2, 3):
        analysis = analyzer.Analysis(corpus, cache=False, memory_budget_mb=BUDGET_MB,
                                     threads=threads)  # fmt: skip
        assert analysis.executor.threads == threads
        tables[threads] = (_csv(analysis.phrases(300)), _csv(analysis.compare(top_n=5)))
    assert tables[1] == tables[2] == tables[3]


def test_threads_share_the_budget_and_workers_do_not():
    one = analyzer.Settings(memory_budget_mb=600, threads=1).shard_chars(60)
    assert one == 600 * 2**20 // 60
    assert analyzer.Settings(memory_budget_mb=600, threads=3).shard_chars(60) == one // 3
    # Each worker process has the budget to itself; it only splits the corpus among them.
    assert analyzer.Settings(memory_budget_mb=600, workers=3).shard_chars(60) == one
    assert analyzer.Settings(memory_budget_mb=600, workers=3).shard_chars(60, 6000) == 1000


def test_a_thread_pool_keeps_item_order_and_raises_the_first_error():
    with Executor(threads=3) as run:
        assert not run.distributed
        assert run.map(len, ["扫黑除恶", "五个过硬", "枫桥经验", "平安", "放管服"]) == [
            4,
            4,
            4,
            2,
            3,
        ]
        with pytest.raises(ZeroDivisionError):
            run.map(lambda x: 1 // x, [1, 0, 2])
        kept, sizes = run.step(
            lambda item, extra: (item + extra, len(item)), ["扫黑", "枫桥"], "经验"
        )
        assert kept == ["扫黑经验", "枫桥经验"] and sizes == [2, 2]


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_threads_must_be_a_whole_number(bad):
    with pytest.raises(ParameterError, match="threads="):
        Executor(threads=bad)
    with pytest.raises(ParameterError, match="threads="):
        analyzer.Settings(threads=bad)


def test_threads_on_the_command_line(tmp_path):
    from click.testing import CliRunner
    from conftest import SAMPLE

    from analyzer.cli import cli

    runner = CliRunner()
    outputs = [
        runner.invoke(
            cli, ["phrases", str(SAMPLE), "--no-cache", "--format", "csv", "--threads", str(n)]
        )
        for n in (1, 2)
    ]
    assert [o.exit_code for o in outputs] == [0, 0]
    assert outputs[0].stdout == outputs[1].stdout and "phrase,kind,count" in outputs[0].stdout
    bad = runner.invoke(cli, ["phrases", str(SAMPLE), "--threads", "0"])
    assert bad.exit_code == 1 and bad.output.startswith("error: Invalid value for '--threads'")


def test_a_corpus_keeps_one_analysis_per_place_of_work():
    from conftest import SAMPLE

    corpus = analyzer.Corpus.load(SAMPLE, cache=False)
    one = corpus.analysis(cache=False, threads=1)
    assert corpus.analysis(cache=False, threads=1) is one
    two = corpus.analysis(cache=False, threads=2)
    assert two is not one and (one.executor.threads, two.executor.threads) == (1, 2)
    assert corpus.analysis(cache=False, threads=1, memory_budget_mb=64) is not one


def test_large_blocks_are_mapped_unless_the_user_chose_a_threshold():
    import os
    import subprocess
    import sys

    probe = (
        "import analyzer.parallel as p; p.Executor(); import analyzer._malloc as m; print(m._state)"
    )
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_MMAP_THRESHOLD_"}
    plain = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    chosen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env={**env, "MALLOC_MMAP_THRESHOLD_": "131072"})  # fmt: skip
    import platform

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert plain.stdout.strip() == ("{'done': True}" if glibc else "{'done': False}")
    assert chosen.stdout.strip() == "{'done': False}"
