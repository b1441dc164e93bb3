"""Theme dictionaries: how much room each named theme takes, per document and per group.

A dictionary maps each theme to phrases (counted exactly, longest match first, so that
扫黑除恶专项斗争 counts once, not also as 扫黑除恶) and optional regular expressions. Hits are
reported per 10,000 characters of cleaned text and as a share of all theme hits in the group. A
dictionary is a TOML file::

    [themes."扫黑除恶"]
    phrases = ["扫黑除恶", "黑恶势力", "保护伞"]
    patterns = ["涉[黑恶]"]

A default dictionary for political-legal (政法) work ships with analyzer (:func:`default_themes`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from .corpus import Corpus
from .document import Document
from .errors import AnalyzerError, InputError, ParameterError
from .grouping import Grouping

__all__ = ["COLUMNS", "Theme", "ThemeDictionary", "default_themes", "theme_hits", "theme_table"]

#: Columns of the theme table.
COLUMNS = ["group", "theme", "hits", "chars", "per_10k", "share"]
#: The keys a theme table may hold.
THEME_KEYS = ("phrases", "patterns")
#: Longest phrase a theme may list (formulations are short; a longer one is a mistake).
MAX_PHRASE_CHARS = 64


@dataclass(frozen=True)
class Theme:
    """A named theme: its phrases and regular expressions."""

    name: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    matcher: re.Pattern = field(repr=False, compare=False, default=None)

    def count(self, text: str) -> int:
        """Non-overlapping hits in ``text`` (longest phrase first, then the patterns)."""
        return sum(1 for _ in self.matcher.finditer(text)) if self.matcher is not None else 0


class ThemeDictionary:
    """Themes in order, validated: every theme is a table of ``phrases`` (a list of non-empty
    strings, at most :data:`MAX_PHRASE_CHARS` characters each) and ``patterns`` (a list of
    Python regular expressions that cannot match the empty string and set no global inline
    flag; write ``(?i:abc)``, not ``(?i)abc``). Anything else is a :class:`ParameterError`
    naming the theme, the value and the fix (an :class:`InputError` naming the file from
    :meth:`load`), never a silent reinterpretation: a string where a list belongs would
    otherwise count each of its characters.

    Example:
        >>> themes = ThemeDictionary({"扫黑除恶": {"phrases": ["扫黑除恶", "扫黑除恶专项斗争"]}})
        >>> themes["扫黑除恶"].count("扫黑除恶专项斗争和扫黑除恶")
        2
        >>> ThemeDictionary({"扫黑除恶": {"phrases": "扫黑除恶"}})
        Traceback (most recent call last):
        ...
        analyzer.errors.ParameterError: theme '扫黑除恶': phrases must be a list of strings, not a string (write phrases = ["扫黑除恶"])
    """

    def __init__(self, themes: Mapping[str, Mapping[str, Sequence[str]]]) -> None:
        from .segment import _build_matcher

        if not isinstance(themes, Mapping):
            raise ParameterError(
                f"themes must map theme names to tables, not {type(themes).__name__}"
            )
        self.themes: dict[str, Theme] = {}
        for name, spec in themes.items():
            where = f"theme {name!r}"
            if not isinstance(spec, Mapping):
                raise ParameterError(
                    f"{where} must be a table with phrases and patterns, not {_kind(spec)}"
                )
            unknown = sorted(set(spec) - set(THEME_KEYS))
            if unknown:
                raise ParameterError(
                    f"{where}: unknown key {unknown[0]!r} (a theme has: {', '.join(THEME_KEYS)})"
                )
            phrases = tuple(dict.fromkeys(_strings(spec, "phrases", where)))
            patterns = tuple(_strings(spec, "patterns", where))
            for phrase in phrases:
                if len(phrase) > MAX_PHRASE_CHARS:
                    raise ParameterError(
                        f"{where}: a phrase of {len(phrase):,} characters (at most "
                        f"{MAX_PHRASE_CHARS}): {phrase[:20]!r}…"
                    )
            parts = []
            trie = _build_matcher(set(phrases))
            if trie is not None:
                parts.append(trie.pattern)
            parts.extend(f"(?:{_check_pattern(pattern, where)})" for pattern in patterns)
            if not parts:
                raise ParameterError(f"{where} has neither phrases nor patterns")
            try:
                matcher = re.compile("|".join(parts))
            except re.error as exc:  # e.g. a group name used by two patterns
                raise ParameterError(f"{where}: its patterns do not combine ({exc})") from None
            self.themes[str(name)] = Theme(str(name), phrases, patterns, matcher)

    @classmethod
    def load(cls, path: str | Path) -> ThemeDictionary:
        """Read a TOML dictionary (``[themes."NAME"]`` tables with phrases and patterns).

        Raises:
            InputError: naming the file: unreadable, invalid TOML, or a theme that fails
                validation (see the class docstring).
        """
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise InputError(str(path), f"cannot read theme dictionary ({exc.strerror})") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(str(path), f"invalid TOML ({exc})") from None
        themes = data.get("themes")
        if not isinstance(themes, dict) or not themes:
            raise InputError(str(path), 'no [themes."NAME"] table')
        try:
            return cls(themes)
        except ParameterError as exc:
            raise InputError(str(path), str(exc)) from None

    def __iter__(self):
        return iter(self.themes.values())

    def __len__(self) -> int:
        return len(self.themes)

    def __getitem__(self, name: str) -> Theme:
        return self.themes[name]

    def seeds(self) -> dict[str, list[str]]:
        """Theme name → phrases, for seeded topic models."""
        return {t.name: list(t.phrases) for t in self}


def _kind(value) -> str:
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, Mapping):
        return "a table"
    return f"a {type(value).__name__}"


def _strings(spec: Mapping, key: str, where: str) -> list[str]:
    """The list of non-empty strings under ``key`` (none when absent)."""
    values = spec.get(key, [])
    if isinstance(values, str):
        example = json.dumps([values], ensure_ascii=False)
        raise ParameterError(
            f"{where}: {key} must be a list of strings, not a string (write {key} = {example})"
        )
    if not isinstance(values, (list, tuple)):
        raise ParameterError(f"{where}: {key} must be a list of strings, not {_kind(values)}")
    for value in values:
        if not isinstance(value, str):
            raise ParameterError(
                f"{where}: {key} holds {_kind(value)} ({value!r}); list strings only"
            )
        if not value.strip():
            raise ParameterError(f"{where}: {key} holds an empty string")
    return [v.strip() if key == "phrases" else v for v in values]


def _check_pattern(pattern: str, where: str) -> str:
    """``pattern`` when it is a valid expression that cannot match the empty string and sets
    no global flag, else a :class:`ParameterError` naming the theme and the fix."""
    try:
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise ParameterError(f"{where}: bad pattern {pattern!r} ({exc})") from None
    if compiled.flags & ~re.UNICODE:
        raise ParameterError(
            f"{where}: pattern {pattern!r} sets a global inline flag, which would apply to every "
            "pattern of the theme; scope it instead, as in (?i:abc)"
        )
    if _min_width(pattern) == 0:
        raise ParameterError(
            f"{where}: pattern {pattern!r} can match the empty string, which would count a hit "
            "between every two characters; make it match at least one character (x+, not x*)"
        )
    return pattern


def _min_width(pattern: str) -> int:
    """The fewest characters a match of ``pattern`` can span (from the regex parser)."""
    try:
        from re import _parser as parser  # Python >= 3.11
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_parse as parser
    return parser.parse(pattern).getwidth()[0]


def default_themes() -> ThemeDictionary:
    """The shipped dictionary for political-legal (政法) work."""
    text = resources.files("analyzer").joinpath("data/themes/zhengfa.toml").read_text("utf-8")
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return ThemeDictionary(tomllib.loads(text)["themes"])


def theme_hits(documents: Sequence[Document], themes: ThemeDictionary) -> np.ndarray:
    """A documents × themes matrix of hits (see :meth:`Theme.count`)."""
    return np.array(
        [[theme.count(d.text) for theme in themes] for d in documents], dtype=np.int64
    ).reshape(len(documents), len(themes))


def theme_table(
    corpus: Corpus,
    themes: ThemeDictionary | None = None,
    *,
    by: str | Sequence[str] | Grouping = "year",
    hits: np.ndarray | None = None,
):
    """Theme hits per group: one row per group and theme.

    Args:
        corpus: the documents.
        themes: the dictionary (default: :func:`default_themes`).
        by: ``doc`` for each document, a metadata field (``year``, ``region`` …), several
            fields, or a :class:`~analyzer.grouping.Grouping` of the corpus.
        hits: the documents × themes hits when already counted (see :func:`theme_hits`).

    Returns:
        A DataFrame with :data:`COLUMNS`: ``hits``; ``chars`` of cleaned text in the group;
        ``per_10k`` hits per 10,000 characters; ``share`` of all theme hits in the group.

    Example:
        >>> corpus = Corpus.from_texts(["扫黑除恶。疫情防控。", "扫黑除恶。"], years=[2020, 2021])
        >>> themes = ThemeDictionary({"扫黑除恶": {"phrases": ["扫黑除恶"]}, "疫情防控": {"phrases": ["疫情防控"]}})
        >>> theme_table(corpus, themes)[["group", "theme", "hits", "share"]].values.tolist()
        [[2020, '扫黑除恶', 1, 0.5], [2020, '疫情防控', 1, 0.5], [2021, '扫黑除恶', 1, 1.0], [2021, '疫情防控', 0, 0.0]]
    """
    import pandas as pd

    themes = themes or default_themes()
    if not len(corpus):
        raise AnalyzerError("the corpus has no document: no theme to count")
    grouping = by if isinstance(by, Grouping) else corpus.group_by(by)
    if hits is None:
        hits = theme_hits(corpus.documents, themes)
    grouped = grouping.sum(hits)
    chars = grouping.chars()
    rows = []
    for g, group in enumerate(grouping.labels):
        total = int(grouped[g].sum())
        for theme, n in zip(themes, grouped[g].tolist(), strict=True):
            n = int(n)
            rows.append((group, theme.name, n, int(chars[g]),
                         round(n / chars[g] * 10_000, 4) if chars[g] else 0.0,
                         round(n / total, 4) if total else 0.0))  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)
