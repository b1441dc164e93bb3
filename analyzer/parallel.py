"""Where the work runs: in this process, or on a Dask cluster (``dask.distributed``).

The analyses that grow with the corpus (segmentation, phrase discovery's n-gram counts, exact
counts per document) are written as a map over shards of documents followed by a reduction
that does not depend on the order of the shards, so the same code runs in one process or on many,
and gives the same result byte for byte. :class:`Executor` is the map: in this process by
default (on ``threads`` threads: the NumPy sorts and the Rust segmenter the shards spend most of
their time in release Python's interpreter lock, so two cores take two shards at once), a
local cluster of worker processes with ``workers=N``, or an existing cluster with ``scheduler=``
(an address such as ``tcp://10.0.0.5:8786``, or ``$ANALYZER_DASK_SCHEDULER``): a university
cluster started with dask-jobqueue, for instance.

Work in several rounds over the same shards (phrase discovery counts n-grams one length at a
time, each round needing the merged counts of the one before) keeps each shard where it is:
:meth:`Executor.scatter` places the shards (on the workers, or here), and :meth:`Executor.step`
runs one round on them, gathering only the small results and leaving the updated shards in
place, so a shard's text and state travel once.

Dask is an optional extra (``pip install "analyzer[dask]"``), imported only when asked for.

Example:
    >>> with Executor() as run:
    ...     run.map(len, ["扫黑除恶", "枫桥经验"])
    [4, 4]
    >>> def grow(item, extra):
    ...     return item + extra, len(item)
    >>> with Executor() as run:
    ...     kept = run.scatter(["扫黑", "枫桥"])
    ...     kept, sizes = run.step(grow, kept, "经验")
    ...     run.gather(kept), sizes
    (['扫黑经验', '枫桥经验'], [2, 2])
"""

from __future__ import annotations

import functools
import logging
import operator
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ._malloc import release_large_blocks
from .errors import AnalyzerError, ParameterError

__all__ = ["SCHEDULER_ENV", "Executor", "check_count", "default_threads", "shards"]

logger = logging.getLogger(__name__)

SCHEDULER_ENV = "ANALYZER_DASK_SCHEDULER"
INSTALL = 'pip install "analyzer[dask]"'
#: The most threads a process uses by default (beyond a few, shards wait on the interpreter
#: lock and each thread's shard costs memory).
MAX_DEFAULT_THREADS = 4


def check_count(name: str, value: object) -> None:
    """Refuse a number of workers or threads that is not a whole number of at least 1 (None,
    the default, is fine).

    >>> check_count("threads", 0)
    Traceback (most recent call last):
    analyzer.errors.ParameterError: threads=0 must be a whole number of at least 1
    """
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ParameterError(f"{name}={value!r} must be a whole number of at least 1")


def default_threads() -> int:
    """The threads of this process' work on shards by default: the cores it may run on, at
    most :data:`MAX_DEFAULT_THREADS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_THREADS))


class Executor:
    """Runs a function over many items, here or on a Dask cluster, results in item order.

    Args:
        workers: worker processes of a local cluster; 1 (the default) runs in this process.
        scheduler: the address of an existing Dask scheduler (default: ``$ANALYZER_DASK_SCHEDULER``
            when ``workers`` is not given); the cluster is not started or stopped here.
        threads: without a cluster, how many items run at once in this process (default:
            :func:`default_threads`); results are the same for every number.

    Attributes:
        tasks: how many tasks of each function went to the cluster (none when serial).

    The cluster starts on the first :meth:`map` and stops with :meth:`close` (or the end of a
    ``with`` block).
    """

    def __init__(self, workers: int | None = None, scheduler: str | None = None,
                 threads: int | None = None) -> None:  # fmt: skip
        check_count("workers", workers)
        check_count("threads", threads)
        release_large_blocks()  # the work's large arrays go back to the system when freed
        self.threads = threads or default_threads()
        if scheduler is None and workers is None:
            scheduler = os.environ.get(SCHEDULER_ENV) or None
        self.workers = workers or 1
        self.scheduler = scheduler
        self._client = None
        self._cluster = None
        self.tasks: Counter = Counter()

    @property
    def distributed(self) -> bool:
        """Whether the work goes to a Dask cluster."""
        return self.scheduler is not None or self.workers > 1

    def __repr__(self) -> str:
        where = self.scheduler or (
            f"{self.workers} local workers"
            if self.workers > 1
            else "serial"
            if self.threads == 1
            else f"{self.threads} threads"
        )
        return f"Executor({where})"

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def client(self):
        """The ``dask.distributed.Client`` (started on first use)."""
        if self._client is None:
            try:
                from dask.distributed import Client, LocalCluster
            except ImportError:
                raise AnalyzerError(
                    f"--workers and --scheduler need Dask, which is not installed: {INSTALL}"
                ) from None
            if self.scheduler is not None:
                try:
                    self._client = Client(self.scheduler, timeout="20s")
                except (OSError, TimeoutError) as exc:
                    raise AnalyzerError(
                        f"cannot reach the Dask scheduler at {self.scheduler} ({exc}); check the "
                        f"address (--scheduler or ${SCHEDULER_ENV})"
                    ) from None
            else:
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )  # fmt: skip
                self._client = Client(self._cluster)
            logger.info("running on %s", self._client)
        return self._client

    def map(self, func: Callable[..., Any], items: Iterable[Any], *extra: Any) -> list:
        """``[func(item, *extra) for item in items]``, on the cluster when there is one."""
        items = list(items)
        if not self.distributed or len(items) < 2:
            return self._here(func, items, extra)
        client = self.client()
        shared = self._share(extra)
        futures = client.map(func, items, *[[s] * len(items) for s in shared], pure=False)
        self.tasks[func.__name__] += len(items)
        return client.gather(futures)

    def scatter(self, items: Iterable[Any]) -> list:
        """Place items where :meth:`step` runs on them: on the cluster's workers (as futures),
        or, in this process, the items themselves."""
        items = list(items)
        if not self.distributed or len(items) < 2:
            return items
        return self.client().scatter(items, hash=False)

    def step(self, func: Callable[..., tuple[Any, Any]], kept: Sequence[Any],
             *extra: Any) -> tuple[list, list]:  # fmt: skip
        """One round over kept items: ``func(item, *extra)`` returns ``(new_item, result)``;
        the new items stay where they are (on the cluster, or here) and the results, in item
        order, are gathered."""
        kept = list(kept)
        if not kept or not self._is_kept(kept):
            pairs = self._here(func, kept, extra)
            return [p[0] for p in pairs], [p[1] for p in pairs]
        client = self.client()
        shared = self._share(extra)
        pairs = client.map(func, kept, *[[s] * len(kept) for s in shared], pure=False)
        items = client.map(operator.itemgetter(0), pairs, pure=False)
        results = client.gather(client.map(operator.itemgetter(1), pairs, pure=False))
        self.tasks[func.__name__] += len(kept)
        return items, results

    def _here(self, func: Callable[..., Any], items: list, extra: Sequence[Any]) -> list:
        """``[func(item, *extra) for item in items]`` in this process, on up to ``threads``
        threads (results in item order; the first error is raised, the items not yet started
        are cancelled)."""
        if self.threads < 2 or len(items) < 2:
            return [func(item, *extra) for item in items]
        from concurrent.futures import ThreadPoolExecutor

        call = functools.partial(_apply, func, extra)
        pool = ThreadPoolExecutor(min(self.threads, len(items)), thread_name_prefix="analyzer")
        try:
            return list(pool.map(call, items))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _share(self, values: Sequence[Any]) -> list:
        """The values every task of a round needs, sent once to every worker (each value as one
        piece of data: a dict is not cut into its items)."""
        client = self.client()
        return [client.scatter([value], broadcast=True, hash=False)[0] for value in values]

    def gather(self, kept: Sequence[Any]) -> list:
        """The kept items themselves, brought here."""
        kept = list(kept)
        return self.client().gather(kept) if kept and self._is_kept(kept) else kept

    def _is_kept(self, kept: list) -> bool:
        """Whether these items are futures on the cluster (what :meth:`scatter` made)."""
        if self._client is None:
            return False
        from dask.distributed import Future

        return isinstance(kept[0], Future)

    def close(self) -> None:
        """Stop the local cluster (an existing cluster is only disconnected from)."""
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _apply(func: Callable[..., Any], extra: Sequence[Any], item: Any) -> Any:
    return func(item, *extra)


def shards(sizes: Sequence[int], budget: int) -> list[range]:
    """Consecutive runs of items whose sizes add up to at most ``budget`` (an item larger than
    the budget is a shard of its own), covering every item in order.

    >>> [list(r) for r in shards([3, 3, 5, 1, 9], budget=6)]
    [[0, 1], [2, 3], [4]]
    """
    out: list[range] = []
    start, total = 0, 0
    for i, size in enumerate(sizes):
        if i > start and total + size > budget:
            out.append(range(start, i))
            start, total = i, 0
        total += size
    if start < len(sizes):
        out.append(range(start, len(sizes)))
    return out
