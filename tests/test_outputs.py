"""Outputs write only regular files, atomically; errors are one line, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from analyzer._atomic import TEMP_SUFFIX, atomic_output, atomic_write_text, sweep_stale
from analyzer.errors import OutputError


def _error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output and "bug in analyzer" not in result.stderr
    return lines[0]


def test_output_onto_a_symlink_leaves_its_target_intact(invoke, sample, tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(target)
    result = invoke("info", sample, "--format", "json", "-o", link, "--no-cache")
    assert result.exit_code == 1
    assert "not a regular file (a symbolic link)" in _error_line(result)
    assert target.read_text(encoding="utf-8") == "keep me" and link.is_symlink()


@pytest.mark.parametrize("kind", ["fifo", "device", "proc-fd"])
def test_output_onto_special_files_is_refused(invoke, sample, tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    else:
        path = "/dev/null" if kind == "device" else "/proc/self/fd/1"
        if not os.path.exists(path):
            pytest.skip(f"{path} does not exist here")
    result = invoke("info", sample, "--format", "json", "-o", path, "--no-cache")
    assert result.exit_code == 1
    assert "not a regular file" in _error_line(result)
    if kind == "fifo":
        assert os.path.exists(path) and not os.path.isfile(path)


def test_output_under_a_regular_file_is_one_error(invoke, sample, tmp_path):
    afile = tmp_path / "a.txt"
    afile.write_text("x", encoding="utf-8")
    result = invoke("info", sample, "--format", "json", "-o", afile / "out.json", "--no-cache")
    assert result.exit_code == 1
    assert f"{afile} is not a folder" in _error_line(result)


def test_output_in_proc_is_one_error(invoke, sample):
    if not os.path.isdir("/proc/self"):
        pytest.skip("no /proc")
    result = invoke("info", sample, "--format", "json", "-o", "/proc/self/out.json", "--no-cache")
    assert result.exit_code == 1
    assert _error_line(result).startswith("error: /proc/self/out.json: ")


def test_writers_refuse_non_regular_targets(tmp_path):
    from analyzer import Lexicon

    link = tmp_path / "lex.tsv"
    link.symlink_to(tmp_path / "elsewhere.tsv")
    with pytest.raises(OutputError, match="symbolic link"):
        Lexicon(["扫黑除恶"]).save(link)
    assert not (tmp_path / "elsewhere.tsv").exists()


def test_failed_write_leaves_no_temp_file_and_the_old_file(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_output(path) as handle:
        handle.write(b"half")
        raise RuntimeError("interrupted")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_new_file_keeps_the_usual_permissions(tmp_path):
    path = atomic_write_text(tmp_path / "r.txt", "扫黑除恶")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_stale_temp_files_are_removed_on_the_next_run(tmp_path):
    old = tmp_path / f".report.html.abcd1234{TEMP_SUFFIX}"
    fresh = tmp_path / f".report.html.efgh5678{TEMP_SUFFIX}"
    foreign = tmp_path / ".someone-elses.tmp"
    for path in (old, fresh, foreign):
        path.write_text("x", encoding="utf-8")
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (day_ago, day_ago))
    os.utime(foreign, (day_ago, day_ago))
    assert sweep_stale(tmp_path) == [old.name]
    atomic_write_text(tmp_path / "report.html", "<html></html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [fresh.name, foreign.name, "report.html"]
    )


_WRITER = """
import sys, time
from analyzer.cli import _run_reporting, _signal_handlers
from analyzer._atomic import atomic_output

def run():
    with _signal_handlers(), atomic_output(sys.argv[1]) as handle:
        handle.write(b"partial")
        handle.flush()
        print("ready", flush=True)
        time.sleep(60)

sys.exit(_run_reporting(run, verbose=False))
"""


@pytest.mark.parametrize("signum, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_temp_files_are_removed_on_sigterm_and_ctrl_c(tmp_path, signum, status):
    target = tmp_path / "out.csv"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert any(p.name.endswith(TEMP_SUFFIX) for p in tmp_path.iterdir())
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == status, stderr
    assert list(tmp_path.iterdir()) == []
    assert stderr.strip() in {"terminated", "interrupted"}


# -- every user and environment error is one line, exit status 1 -------------------------


@pytest.mark.parametrize(
    "args, expected",
    [
        (["info", "--bogus"], "No such option '--bogus'"),
        (["info"], "Missing argument"),
        (["nosuch"], "No such command 'nosuch'"),
        (["info", "{sample}", "--max-file-mb", "nan"], "not a positive number of megabytes"),
        (["info", "{sample}", "--max-file-mb", "-5"], "not a positive number of megabytes"),
        (["info", "{sample}", "--encoding", "klingon"], "not an encoding Python knows"),
        (["info", "{sample}", "--format", "xml"], "'xml' is not one of"),
        (["info", "{missing}"], "no such file or folder"),
    ],
)
def test_usage_and_user_errors_are_one_line_in_cli_runner(invoke, sample, tmp_path, args, expected):
    args = [a.format(sample=sample, missing=tmp_path / "nope") for a in args]
    result = invoke(*args)
    assert result.exit_code == 1
    assert expected in _error_line(result)


def _console(*args, stdout=subprocess.PIPE):
    return subprocess.run([sys.executable, "-m", "analyzer", *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=120)  # fmt: skip


def test_usage_errors_are_one_line_from_the_console(sample):
    for args in (["info", "--bogus"], ["trend"], ["kwic", sample, "--window", "x", "扫黑"]):
        done = _console(*args)
        assert done.returncode == 1, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("error: ")


def test_full_disk_and_closed_stdout_are_one_line(sample):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        done = _console("info", sample, "--no-cache", "--format", "json", stdout=full)
    assert done.returncode == 1
    assert done.stderr.strip() == "error: <stdout>: No space left on device"
    closed = subprocess.run(
        [sys.executable, "-m", "analyzer", "info", str(sample), "--no-cache"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert closed.returncode == 1
    assert closed.stderr.strip() == "error: <stdout>: standard output is closed"


def test_permission_denied_names_the_path(invoke, sample, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):  # root writes anywhere: simulate the refusal instead
        import tempfile

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = invoke("info", sample, "--format", "json", "-o", locked / "o.json", "--no-cache")
    assert result.exit_code == 1
    assert _error_line(result) == f"error: {locked / 'o.json'}: Permission denied"
