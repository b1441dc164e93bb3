"""Errors and warnings that users see.

Every message names the thing that is wrong (a file, a parameter, a value) and, where there is
one, the fix. The CLI prints ``str(error)`` as a single line and exits non-zero; library callers
catch :class:`AnalyzerError`.
"""

from __future__ import annotations

from collections.abc import Iterable


class AnalyzerError(Exception):
    """Base class for problems the user can fix (bad input, bad option, missing file)."""


class InputError(AnalyzerError):
    """A file or record that cannot be read, with the path and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ParameterError(AnalyzerError, ValueError):
    """A parameter value outside its valid choices."""


class NotFittedError(AnalyzerError):
    """A model was used before it was fitted."""


class AnalyzerWarning(UserWarning):
    """Legal but suspicious input (for example a lexicon entry that cannot take effect)."""


def check_choice(name: str, value: object, choices: Iterable[object]) -> None:
    """Raise :class:`ParameterError` unless ``value`` is one of ``choices``.

    >>> check_choice("backend", "rjieba", ("rjieba", "jieba"))
    >>> check_choice("backend", "char", ("rjieba", "jieba"))
    Traceback (most recent call last):
    ...
    analyzer.errors.ParameterError: backend='char' is not one of: 'rjieba', 'jieba'
    """
    options = tuple(choices)
    if value not in options:
        listed = ", ".join(repr(o) for o in options)
        raise ParameterError(f"{name}={value!r} is not one of: {listed}")


class OutputError(AnalyzerError):
    """A file that cannot be written where asked (not a regular file, a folder that is a
    file), with the path and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
