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
    """Themes in order.

    Example:
        >>> themes = ThemeDictionary({"扫黑除恶": {"phrases": ["扫黑除恶", "扫黑除恶专项斗争"]}})
        >>> themes["扫黑除恶"].count("扫黑除恶专项斗争和扫黑除恶")
        2
    """

    def __init__(self, themes: Mapping[str, Mapping[str, Sequence[str]]]) -> None:
        from .segment import _build_matcher

        self.themes: dict[str, Theme] = {}
        for name, spec in themes.items():
            if not isinstance(spec, Mapping):
                raise ParameterError(f"theme {name!r} must map to phrases and patterns")
            phrases = tuple(
                dict.fromkeys(str(p) for p in spec.get("phrases", ()) if str(p).strip())
            )
            patterns = tuple(str(p) for p in spec.get("patterns", ()))
            parts = []
            trie = _build_matcher(set(phrases))
            if trie is not None:
                parts.append(trie.pattern)
            for pattern in patterns:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ParameterError(
                        f"theme {name!r}: bad pattern {pattern!r} ({exc})"
                    ) from None
                parts.append(f"(?:{pattern})")
            if not parts:
                raise ParameterError(f"theme {name!r} has neither phrases nor patterns")
            matcher = re.compile("|".join(parts))
            self.themes[name] = Theme(name, phrases, patterns, matcher)

    @classmethod
    def load(cls, path: str | Path) -> ThemeDictionary:
        """Read a TOML dictionary (``[themes."NAME"]`` tables with phrases and patterns)."""
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
            raise InputError(str(path), "no [themes.NAME] table")
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
