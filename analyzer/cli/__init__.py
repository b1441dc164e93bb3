"""The ``analyzer`` command: thin click commands over the public API.

Every user error is one line on stderr, ``error: …``, and exit status 1, never a traceback:
library errors (:class:`~analyzer.errors.AnalyzerError`), click's usage errors (an unknown
option, a missing argument, a bad value), and errors of the environment (a full disk, a
closed standard output, a permission denied), which name the path. Only a bug in analyzer is
reported as an internal error (exit status 70; ``--verbose`` shows the traceback). This holds
for the console entry point and for click's ``CliRunner`` alike, because
:meth:`AnalyzerGroup.main` does the reporting. SIGTERM (and SIGHUP) end a run like Ctrl-C does:
temporary files are removed, and the status is 143 (129). Nothing in the library imports this
package.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator

import click

from .. import __version__
from ..errors import AnalyzerError

__all__ = ["cli", "main"]

EXIT_USER_ERROR = 1
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130
#: errno values of a standard output that cannot take the result.
_STDOUT_ERRORS = {errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG}


class UserError(click.ClickException):
    """An :class:`AnalyzerError` shown as one ``error: …`` line with exit status 1."""

    exit_code = EXIT_USER_ERROR

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


class _Terminated(BaseException):
    """Raised by the SIGTERM/SIGHUP handler so that cleanup runs as it does for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _ClosedStdout(io.TextIOBase):
    """Standard output when the process was started with it closed (``>&-``): every write
    fails with EBADF, so that the run reports it instead of dropping the result."""

    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed", "<stdout>")


class AnalyzerGroup(click.Group):
    """A click group that turns every user and environment error into one ``error:`` line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AnalyzerError as exc:
            raise UserError(str(exc)) from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """Run the command; in standalone mode (the default, and under ``CliRunner``) report
        errors in one line and exit with their status."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        given = list(sys.argv[1:] if args is None else args)

        def run():
            return super(AnalyzerGroup, self).main(
                given, prog_name, complete_var, standalone_mode=False, **extra
            )

        if sys.stdout is None:
            sys.stdout = _ClosedStdout()
        with _signal_handlers():
            code = _run_reporting(run, verbose="--verbose" in given or "-vv" in given)
        sys.exit(code)


@click.group(
    cls=AnalyzerGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="analyzer")
def cli() -> None:
    """Chinese policy-text analyzer: load reports, clean them, segment them, and track their
    policy formulations (提法) year over year.

    Start with `analyzer demo`, then `analyzer info PATH...` on your own reports.
    """


def _register() -> None:
    from . import (
        analysis_commands,
        compare_commands,
        corpus_commands,
        demo,
        fetch,
        phrases_command,
        report_command,
    )

    for module in (
        corpus_commands,
        phrases_command,
        analysis_commands,
        compare_commands,
        report_command,
        demo,
        fetch,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Console entry point (``analyzer``): run the CLI; see :meth:`AnalyzerGroup.main`."""
    cli.main(args=argv, prog_name="analyzer")


def _run_reporting(run: Callable[[], object], *, verbose: bool) -> int:
    """Run the command and turn every outcome into an exit status, with one line on stderr
    for every error."""
    from ..readers import shown

    try:
        result = run()
        _flush_stdout()
    except click.UsageError as exc:
        no_args = getattr(click.exceptions, "NoArgsIsHelpError", ())
        if no_args and isinstance(exc, no_args):
            click.echo(exc.ctx.get_help())
            return 0
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        return _error(f"{_one_line(exc.format_message())}{hint}")
    except click.ClickException as exc:
        return _error(_one_line(exc.format_message()))
    except AnalyzerError as exc:
        return _error(_one_line(str(exc)))
    except (click.exceptions.Abort, KeyboardInterrupt):
        from .._atomic import remove_temp_files

        remove_temp_files()
        click.echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    except _Terminated as exc:
        from .._atomic import remove_temp_files

        remove_temp_files()
        click.echo("terminated", err=True)
        return 128 + exc.signum
    except BrokenPipeError:  # the reader of our output went away (`| head`): stop quietly
        _silence_stdout()
        return 0
    except OSError as exc:
        where = exc.filename
        if where is None and exc.errno in _STDOUT_ERRORS:
            where = "<stdout>"
        if where == "<stdout>":
            _silence_stdout()
        prefix = f"{shown(str(where))}: " if where is not None else ""
        reason = exc.strerror or str(exc)
        return _error(f"{prefix}{reason}")
    except Exception as exc:  # a bug: say so briefly, show the traceback only when asked
        if verbose:
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc} (a bug in analyzer; rerun with "
            "--verbose for the traceback and report it)",
            err=True,
        )
        return EXIT_INTERNAL
    return result if isinstance(result, int) and not isinstance(result, bool) else 0


def _error(message: str) -> int:
    click.echo(f"error: {message}", err=True)
    return EXIT_USER_ERROR


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _flush_stdout() -> None:
    if sys.stdout is not None:
        sys.stdout.flush()


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's final flush of what is
    still buffered cannot fail a second time."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    with contextlib.suppress(Exception):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


@contextlib.contextmanager
def _signal_handlers() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`_Terminated` while a command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise _Terminated(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
