"""Progress bars: shown on a terminal for steps longer than the delay, hidden otherwise."""

from __future__ import annotations

import time
import types

import click
import pytest

from analyzer import progress


@pytest.fixture(autouse=True)
def _switched_off_after():
    yield
    progress.enable(False)


def test_a_step_longer_than_the_delay_shows_a_bar_and_removes_it():
    progress.enable(True, delay=0.0)
    with progress.task("working", total=2) as step:
        time.sleep(0.3)
        step.advance(2)
        assert step._task_id is not None  # the bar is on screen
        assert progress._live["progress"] is not None
    assert progress._live["progress"] is None and step.completed == 2


def test_a_fast_step_never_shows_and_nothing_shows_when_disabled():
    progress.enable(True, delay=5.0)
    with progress.task("quick") as step:
        pass
    assert step._task_id is None
    progress.enable(False)
    assert list(progress.track([1, 2, 3], "counting")) == [1, 2, 3]
    assert progress._live["progress"] is None


@pytest.mark.parametrize(
    ("tty", "quiet", "expected"), [(True, False, True), (True, True, False), (False, False, False)]
)
def test_the_command_line_shows_bars_only_on_a_terminal_without_quiet(
    monkeypatch, tty, quiet, expected
):
    from analyzer.cli import options

    fake_sys = types.SimpleNamespace(stderr=types.SimpleNamespace(isatty=lambda: tty))
    monkeypatch.setattr(options, "sys", fake_sys)
    with click.Context(click.Command("x")):
        options.configure_output(quiet=quiet, verbose=0)
    assert progress.enabled() is expected


def test_captured_output_holds_no_progress_bar(invoke, sample):
    result = invoke("phrases", sample, "--no-cache", "--top", "5")
    assert result.exit_code == 0
    assert not any(c in result.stderr for c in "━⠋⠙⠹")
