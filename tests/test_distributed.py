"""The same analysis on a Dask cluster: a real LocalCluster of two worker processes gives the
tables of the single-process run, byte for byte, and work on shards stays within its budget."""

from __future__ import annotations

import pytest

import analyzer
from analyzer.cli.render import records_csv, to_records
from analyzer.parallel import Executor, shards

pytest.importorskip(
    "dask.distributed", reason="Dask is an optional extra: pip install 'analyzer[dask]'"
)


def _csv(frame) -> str:
    return records_csv(to_records(frame), list(frame.columns))


def test_shards_cover_every_item_in_order_within_the_budget():
    sizes = [5, 1, 1, 7, 2, 2, 2, 9]
    runs = shards(sizes, 6)
    assert [i for run in runs for i in run] == list(range(len(sizes)))
    assert all(sum(sizes[i] for i in run) <= 6 or len(run) == 1 for run in runs)


def test_a_serial_executor_needs_no_dask():
    with Executor() as run:
        assert not run.distributed
        assert run.map(len, ["扫黑除恶", "五个过硬"]) == [4, 4]


@pytest.fixture(scope="module")
def slice_of_national(request):
    from conftest import NATIONAL, SAMPLE

    corpus = analyzer.Corpus.load(SAMPLE)
    if NATIONAL.is_file():
        national = analyzer.Corpus.load(NATIONAL)
        corpus = analyzer.Corpus([*corpus, *list(national)[40:52]])
    return corpus


@pytest.mark.slow
def test_a_local_cluster_gives_the_tables_of_one_process(slice_of_national):
    corpus = slice_of_national
    serial = analyzer.Analysis(corpus, cache=False)
    with analyzer.Analysis(corpus, cache=False, workers=2) as distributed:
        assert distributed.executor.distributed
        for ask in (
            lambda a: a.phrases(200),
            lambda a: a.compare(top_n=10),
            lambda a: a.trend(["扫黑除恶", "枫桥经验", "改革开放"]),
            lambda a: a.keywords("year", top_n=5),
            lambda a: a.timeline(),
        ):
            assert _csv(ask(distributed)) == _csv(ask(serial))
        tokens = distributed.plain_tokens()
        assert distributed.executor._client is not None  # the work went to the cluster
        expected = serial.plain_tokens()
        assert all(tokens[i] == expected[i] for i in range(len(corpus)))
        # One long report, cut into pieces over the same cluster's workers (an existing
        # cluster: shards are made for four workers, two each): the table of the whole.
        report = analyzer.Corpus.from_texts(["\n".join(d.text for d in corpus)], years=[2020],
                                            clean=False)  # fmt: skip
        address = distributed.executor._client.scheduler.address
        with analyzer.Analysis(report, cache=False, scheduler=address) as cut:
            assert _csv(cut.phrases(200)) == _csv(
                analyzer.Analysis(report, cache=False).phrases(200)
            )
            assert cut.executor.tasks  # the pieces went to the cluster
