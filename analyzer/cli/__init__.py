"""The ``analyzer`` command: thin click commands over the public API.

User errors (:class:`~analyzer.errors.AnalyzerError`) become one line on stderr and a non-zero
exit status, never a traceback. Nothing in the library imports this package.
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import AnalyzerError

__all__ = ["cli", "main"]

EXIT_USER_ERROR = 1
EXIT_INTERNAL = 70


class UserError(click.ClickException):
    """An :class:`AnalyzerError` shown as one ``error: …`` line with exit status 1."""

    exit_code = EXIT_USER_ERROR

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


class AnalyzerGroup(click.Group):
    """A click group that turns library errors into clean one-line messages."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AnalyzerError as exc:
            raise UserError(str(exc)) from None


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
    """Console entry point: run the CLI and turn user errors into one clean line."""
    try:
        cli.main(args=argv, prog_name="analyzer", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so briefly, show the traceback only when asked
        if "-vv" in sys.argv or "--verbose" in sys.argv:
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc} (a bug in analyzer; rerun with "
            "--verbose for the traceback and report it)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
