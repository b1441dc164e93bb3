"""Progress bars for the steps that take more than about a second.

Loading, segmenting, phrase discovery, topic fitting and report building report their progress
here. Nothing is shown unless progress is switched on (the command line does so when stderr is a
terminal and ``--quiet`` is not given; in Python, :func:`enable`), and even then a bar appears
only once its step has run for ``delay`` seconds, so fast steps stay silent. Bars are drawn by
rich on stderr and vanish when their step ends, so stdout stays clean for tables and CSV. Each
step's duration is logged at INFO level (``--verbose`` on the command line).

Example:
    >>> from analyzer import progress
    >>> with progress.task("counting", total=3) as step:
    ...     for _ in range(3):
    ...         step.advance()
    >>> step.completed
    3
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["Step", "enable", "enabled", "task", "track"]

T = TypeVar("T")
logger = logging.getLogger(__name__)

_state = {"enabled": False, "delay": 1.0}
_lock = threading.Lock()
_live: dict = {"progress": None, "users": 0}


def enable(flag: bool = True, *, delay: float = 1.0) -> None:
    """Show progress bars (on stderr) for steps longer than ``delay`` seconds, or stop."""
    _state["enabled"] = bool(flag)
    _state["delay"] = float(delay)


def enabled() -> bool:
    """Whether progress bars are switched on."""
    return bool(_state["enabled"])


class Step:
    """One step's progress: :meth:`advance` it as work gets done."""

    def __init__(self, description: str, total: float | None) -> None:
        self.description = description
        self.total = total
        self.completed = 0
        self._task_id = None
        self._timer: threading.Timer | None = None
        self._started = time.perf_counter()

    def advance(self, amount: float = 1) -> None:
        """Record ``amount`` more units of work done."""
        self.completed += amount
        if self._task_id is not None:
            _live["progress"].update(self._task_id, completed=self.completed)

    def _show(self) -> None:
        with _lock:
            progress = _live["progress"]
            if progress is None:
                progress = _new_progress()
                progress.start()
                _live["progress"] = progress
            _live["users"] += 1
            self._task_id = progress.add_task(
                self.description, total=self.total, completed=self.completed
            )

    def _start(self) -> None:
        if not _state["enabled"]:
            return
        self._timer = threading.Timer(_state["delay"], self._show)
        self._timer.daemon = True
        self._timer.start()

    def _stop(self) -> None:
        logger.info("%s: %.2f s", self.description, time.perf_counter() - self._started)
        if self._timer is not None:
            self._timer.cancel()
        with _lock:
            if self._task_id is None:
                return
            progress = _live["progress"]
            progress.remove_task(self._task_id)
            self._task_id = None
            _live["users"] -= 1
            if _live["users"] == 0:
                progress.stop()
                _live["progress"] = None


def _new_progress():
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


@contextmanager
def task(description: str, total: float | None = None) -> Iterator[Step]:
    """A step of work; its bar shows (when enabled) once it has run for the delay."""
    step = Step(description, total)
    step._start()
    try:
        yield step
    finally:
        step._stop()


def track(items: Iterable[T], description: str, total: float | None = None) -> Iterator[T]:
    """Iterate over ``items``, advancing a bar by one per item."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with task(description, total) as step:
        for item in items:
            yield item
            step.advance()
