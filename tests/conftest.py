"""Shared fixtures: the real reports in ../shared/corpora (skipped when absent), an isolated
cache directory, and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ANALYZER_SHARED_CORPORA", ROOT.parent / "shared" / "corpora"))
NATIONAL = SHARED / "national-gov-work-reports" / "gov_work_reports.jsonl"
SEED = SHARED / "seed" / "2021-gansu-zhengfa-work-conference.txt"
SAMPLE = ROOT / "corpora" / "sample"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """Tests never touch the user's cache directory."""
    os.environ["ANALYZER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield


@pytest.fixture
def national() -> Path:
    if not NATIONAL.is_file():
        pytest.skip(f"real reports not available: {NATIONAL} is missing (../shared/corpora)")
    return NATIONAL


@pytest.fixture
def seed() -> Path:
    if not SEED.is_file():
        pytest.skip(f"real reports not available: {SEED} is missing (../shared/corpora)")
    return SEED


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture
def runner() -> CliRunner:
    """A CLI runner with a wide, fixed terminal so that tables never wrap differently
    from one machine (or pytest-xdist worker) to the next."""
    return CliRunner(env={"COLUMNS": "240"})


@pytest.fixture
def invoke(runner):
    """Run the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    from analyzer.cli import cli

    def run(*args: str, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return run
