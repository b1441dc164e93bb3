"""Stopword lists: Chinese function words, the boilerplate verbs of official prose, user words.

Two lists ship with analyzer, both written for it: ``function`` (的 了 和 与 在 是 …, on by
default wherever stopwords are removed) and ``boilerplate`` (坚持 加强 推进 进一步 …, the verbs
and adverbs that fill every sentence of a work report; optional). Users add their own words or
files.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from .errors import InputError, check_choice

__all__ = ["STOPWORD_LISTS", "load_stopwords", "shipped_list"]

#: The shipped lists and their files.
STOPWORD_LISTS = {"function": "function_words.txt", "boilerplate": "boilerplate_verbs.txt"}


def shipped_list(name: str) -> frozenset[str]:
    """One shipped list by name (``function`` or ``boilerplate``).

    >>> "的" in shipped_list("function"), "坚持" in shipped_list("boilerplate")
    (True, True)
    """
    check_choice("stopwords", name, STOPWORD_LISTS)
    text = resources.files("analyzer").joinpath(f"data/stopwords/{STOPWORD_LISTS[name]}")
    return _words(text.read_text("utf-8"))


def load_stopwords(
    lists: Iterable[str] = ("function",),
    *,
    extra: Iterable[str] = (),
    files: Iterable[str | Path] = (),
) -> frozenset[str]:
    """The union of shipped lists, extra words and words read from files (one per line).

    >>> words = load_stopwords(["function", "boilerplate"], extra=["东岚"])
    >>> {"的", "推进", "东岚"} <= words
    True
    """
    words: set[str] = set()
    for name in lists:
        words |= shipped_list(name)
    words |= {w.strip() for w in extra if w.strip()}
    for path in files:
        try:
            words |= _words(Path(path).read_text("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(str(path), f"cannot read stopword file ({exc})") from None
    return frozenset(words)


def _words(text: str) -> frozenset[str]:
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
