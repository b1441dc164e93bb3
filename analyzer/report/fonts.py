"""Finding a font with Chinese glyphs for the plots, so that labels never show as tofu boxes.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs. The report looks, in order, at
the font file named by ``ANALYZER_CJK_FONT`` (or ``--font``), then at the installed fonts
matplotlib knows for well-known CJK families (Noto Sans CJK, Source Han Sans, WenQuanYi,
Microsoft YaHei, PingFang …), then at any installed font that has the glyphs of a test phrase.
With a font found, the plots' text is drawn as glyph outlines, so the SVG shows Chinese in any
browser; without one, text is kept as text for the browser to draw with its own fonts, and the
report says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

__all__ = ["CJK_FAMILIES", "CjkFont", "find_cjk_font", "use_cjk_font"]

#: Families tried first, best first: sans-serif CJK fonts common on Linux, macOS and Windows.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Heiti SC", "STHeiti", "SimHei", "Droid Sans Fallback",
    "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "Arial Unicode MS",
)  # fmt: skip
_PROBE = "政法工作扫黑除恶"


@dataclass(frozen=True)
class CjkFont:
    """A font matplotlib can draw Chinese with."""

    name: str
    path: str


def find_cjk_font(path: str | os.PathLike | None = None) -> CjkFont | None:
    """The font to draw Chinese labels with, or None when the machine has none.

    Args:
        path: a font file to use (``.ttf``, ``.otf``, ``.ttc``); default: the environment
            variable ``ANALYZER_CJK_FONT``, else a search of the installed fonts.

    Raises:
        InputError: when the given font file cannot be read or lacks Chinese glyphs.
    """
    from matplotlib import font_manager

    given = path or os.environ.get("ANALYZER_CJK_FONT")
    if given:
        return _from_file(Path(given), font_manager)
    by_name = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, entry.fname)
    for family in CJK_FAMILIES:
        if family in by_name and _covers(by_name[family]):
            return CjkFont(family, by_name[family])
    for name, fname in sorted(by_name.items()):
        if _covers(fname):
            return CjkFont(name, fname)
    return None


def _from_file(path: Path, font_manager) -> CjkFont:
    if not path.is_file():
        raise InputError(str(path), "no such font file")
    try:
        font_manager.fontManager.addfont(str(path))
        name = font_manager.FontProperties(fname=str(path)).get_name()
    except (OSError, RuntimeError, ValueError) as exc:
        raise InputError(str(path), f"not a font matplotlib can read ({exc})") from None
    if not _covers(str(path)):
        raise InputError(str(path), "this font has no Chinese glyphs")
    return CjkFont(name, str(path))


def _covers(fname: str) -> bool:
    """Whether the font file has glyphs for every character of a test phrase."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(fname)
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(c)) for c in _PROBE)


def use_cjk_font(path: str | os.PathLike | None = None) -> str | None:
    """Make matplotlib draw Chinese (for your own plots, e.g. in a notebook).

    Sets ``font.family`` to the font :func:`find_cjk_font` finds, with DejaVu Sans behind it
    for other glyphs, and returns its name; returns None, changing nothing, when the machine
    has no such font.
    """
    import matplotlib

    font = find_cjk_font(path)
    if font is None:
        return None
    matplotlib.rcParams["font.family"] = [font.name, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return font.name
