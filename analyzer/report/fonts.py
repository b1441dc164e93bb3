"""Finding a font with Chinese glyphs for the plots, so that labels never show as tofu boxes.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs, and its bundled "Last Resort"
font has a glyph for every character, but each is a placeholder box: it must never count as a
Chinese font. A font counts when its character map gives distinct glyphs to every character of
a test phrase (a placeholder font maps a whole block to one glyph). The search looks, in order,
at the font file named by ``ANALYZER_CJK_FONT`` (or ``--font``); at the fonts matplotlib knows,
well-known CJK families first (Noto Sans CJK, Source Han Sans, WenQuanYi, Microsoft YaHei,
PingFang …); then, since matplotlib's font list is a cache that may predate the installation of
a CJK font, at the fonts fontconfig knows for Chinese (``fc-list :lang=zh``); and last at a font
list rebuilt from the installed fonts. A font found in the last two steps is added to
matplotlib's font list, and the refreshed list is written back to matplotlib's cache, so the
next run finds it at once.

With a font found, the plots' text is drawn as glyph outlines, so the SVG shows Chinese in any
browser; without one, text is kept as text for the browser to draw with its own fonts, and the
report and the command line say so, with the install command (:data:`INSTALL_HINT`).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

__all__ = [
    "CJK_FAMILIES",
    "INSTALL_HINT",
    "CjkFont",
    "find_cjk_font",
    "font_warning",
    "use_cjk_font",
]

logger = logging.getLogger(__name__)

#: Families tried first, best first: sans-serif CJK fonts common on Linux, macOS and Windows.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Heiti SC", "STHeiti", "SimHei", "Droid Sans Fallback",
    "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "Arial Unicode MS",
)  # fmt: skip

#: What to do when no font is found (shown in the report and on stderr).
INSTALL_HINT = (
    "install one (Debian/Ubuntu: apt install fonts-noto-cjk; Fedora: dnf install "
    "google-noto-sans-cjk-fonts; macOS and Windows ship one) or name a font file with "
    "--font FILE or ANALYZER_CJK_FONT"
)

#: Characters a Chinese font must draw, each with its own glyph.
PROBE = "政法工作扫黑除恶平安建设"

#: Placeholder fonts: a glyph for everything, a real character for nothing.
_PLACEHOLDERS = ("last resort",)


@dataclass(frozen=True)
class CjkFont:
    """A font matplotlib can draw Chinese with: its family name, file and face in the file."""

    name: str
    path: str
    index: int = 0


def find_cjk_font(path: str | os.PathLike | None = None) -> CjkFont | None:
    """The font to draw Chinese labels with, or None when the machine has none.

    Args:
        path: a font file to use (``.ttf``, ``.otf``, ``.ttc``); default: the environment
            variable ``ANALYZER_CJK_FONT``, else a search of the installed fonts (matplotlib's
            font list, then fontconfig, then a rebuilt font list).

    Raises:
        InputError: when the given font file cannot be read or lacks Chinese glyphs.
    """
    from matplotlib import font_manager

    given = path or os.environ.get("ANALYZER_CJK_FONT")
    if given:
        return _from_file(Path(given), font_manager.fontManager)
    manager = font_manager.fontManager
    found = _best(manager.ttflist)
    if found:
        return found
    # Matplotlib's font list is a cache: it may predate the installation of a CJK font.
    for fname in _fontconfig_files():
        if _has_cjk_face(fname):
            _add(manager, fname)
    found = _best(manager.ttflist)
    if found is None:
        logger.info("no CJK font in matplotlib's font list or fontconfig: rebuilding the list")
        known = {entry.fname for entry in manager.ttflist}
        for entry in font_manager.FontManager().ttflist:
            if entry.fname not in known and _real_cjk(entry.fname, entry.index):
                known.add(entry.fname)
                _add(manager, entry.fname)
        found = _best(manager.ttflist)
    if found:
        _save_font_list(manager)
    return found


def _best(entries) -> CjkFont | None:
    """The first well-known family with real Chinese glyphs, else any such font (by name)."""
    by_name: dict[str, tuple[str, int]] = {}
    # Regular faces first: the file named is the one plain labels are drawn with.
    for entry in sorted(entries, key=lambda e: (abs(_weight(e.weight) - 400), e.style != "normal")):
        by_name.setdefault(entry.name, (entry.fname, getattr(entry, "index", 0)))
    for family in CJK_FAMILIES:
        if family in by_name and _real_cjk(*by_name[family]):
            return CjkFont(family, *by_name[family])
    for name, (fname, index) in sorted(by_name.items()):
        if _real_cjk(fname, index, name):
            return CjkFont(name, fname, index)
    return None


def _weight(weight) -> int:
    from matplotlib.font_manager import weight_dict

    return weight if isinstance(weight, int) else weight_dict.get(weight, 400)


def _from_file(path: Path, manager) -> CjkFont:
    from matplotlib.ft2font import FT2Font

    if not path.is_file():
        raise InputError(str(path), "no such font file")
    try:
        faces = FT2Font(str(path)).num_faces
    except (OSError, RuntimeError, ValueError) as exc:
        raise InputError(str(path), f"not a font matplotlib can read ({exc})") from None
    names = {i: FT2Font(str(path), face_index=i).family_name for i in range(faces)}
    covering = [i for i in range(faces) if _real_cjk(str(path), i)]
    if not covering:
        raise InputError(str(path), f"this font has no Chinese glyphs (for {PROBE})")
    # In a collection (.ttc), the simplified-Chinese face if there is one.
    known = [i for i in covering if names[i] in CJK_FAMILIES]
    index = (known or covering)[0]
    _add(manager, str(path))
    return CjkFont(names[index], str(path), index)


def _real_cjk(fname: str, index: int = 0, name: str | None = None) -> bool:
    """Whether the face draws every character of :data:`PROBE` with glyphs of its own.

    The character map must hold every probe character, and map them to distinct glyphs: a
    placeholder font such as matplotlib's Last Resort maps a whole Unicode block to one box.
    """
    from matplotlib.ft2font import FT2Font

    if name and name.lower().startswith(_PLACEHOLDERS):
        return False
    try:
        font = FT2Font(fname, face_index=index)
        charmap = font.get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    if font.family_name.lower().startswith(_PLACEHOLDERS):
        return False
    glyphs = [charmap.get(ord(c), 0) for c in dict.fromkeys(PROBE)]
    return all(glyphs) and len(set(glyphs)) == len(glyphs)


def _has_cjk_face(fname: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        faces = FT2Font(fname).num_faces
    except (OSError, RuntimeError, ValueError):
        return False
    return any(_real_cjk(fname, i) for i in range(faces))


def _fontconfig_files() -> list[str]:
    """Font files fontconfig lists for Chinese (none without fontconfig)."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        done = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True,
                              timeout=30, check=False)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return []
    files = {line.split(":")[0].strip() for line in done.stdout.splitlines()}
    return sorted(f for f in files if f and Path(f).suffix.lower() in {".ttf", ".otf", ".ttc"})


def _add(manager, fname: str) -> None:
    try:
        manager.addfont(fname)
    except (OSError, RuntimeError, ValueError) as exc:
        logger.info("matplotlib cannot read the font %s (%s)", fname, exc)


def _save_font_list(manager) -> None:
    """Write the refreshed font list where matplotlib reads it at start-up (best effort)."""
    import matplotlib
    from matplotlib import font_manager

    cache = Path(
        matplotlib.get_cachedir(), f"fontlist-v{font_manager.FontManager.__version__}.json"
    )
    try:
        font_manager.json_dump(manager, cache)
    except OSError as exc:
        logger.info("cannot refresh matplotlib's font list %s (%s)", cache, exc)
    else:
        logger.info("refreshed matplotlib's font list %s with the CJK fonts found", cache)


def font_warning() -> str:
    """What the report and the command line say when no font with Chinese glyphs exists."""
    return (
        "No font with Chinese glyphs was found, so the plots' labels are left to the browser's "
        f"fonts and may show as boxes: {INSTALL_HINT}."
    )


def use_cjk_font(path: str | os.PathLike | None = None) -> str | None:
    """Make matplotlib draw Chinese (for your own plots, e.g. in a notebook).

    Sets ``font.family`` to the font :func:`find_cjk_font` finds, with DejaVu Sans behind it
    for other glyphs, and returns its name; returns None, changing nothing and logging a
    warning with the install command, when the machine has no such font.
    """
    import matplotlib

    font = find_cjk_font(path)
    if font is None:
        logger.warning("%s", font_warning())
        return None
    matplotlib.rcParams["font.family"] = [font.name, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return font.name
