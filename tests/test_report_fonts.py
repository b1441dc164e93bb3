"""Fonts of the report's plots: a real CJK font or a visible warning, never a placeholder font.

The checks look at the plots themselves: which font each glyph of an SVG comes from (with
``svg.fonttype = "path"`` matplotlib defines every glyph once, as ``<path id="FONT-GLYPH">``,
where FONT is the PostScript name of the font and GLYPH the glyph index in hex), and a
screenshot of a plot in chromium, read for tofu boxes.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import matplotlib
import pytest
from browser import distinct_glyphs, render

from analyzer import Corpus
from analyzer.errors import InputError
from analyzer.report import build_report, fonts, plots

LAST_RESORT = Path(matplotlib.get_data_path(), "fonts", "ttf", "LastResortHE-Regular.ttf")
#: Characters of the shipped theme names, drawn as the heatmap's row labels.
THEME_CHARS = "安全稳定扫黑除恶基层社会治理"
TITLE = "政法工作报告分析"


def _cjk_font() -> fonts.CjkFont:
    font = fonts.find_cjk_font()
    if font is None:
        pytest.skip("no CJK font on this machine (Debian: apt install fonts-noto-cjk)")
    return font


def _glyph_ids(html: str) -> set[str]:
    return set(re.findall(r'<path id="([^"]+-[0-9a-f]+)"', html))


def _glyph_fonts(html: str) -> Counter:
    """How many glyphs the SVGs define, by font."""
    return Counter(i.rsplit("-", 1)[0] for i in _glyph_ids(html))


def _drawn_from(font: fonts.CjkFont, text: str, html: str) -> list[str]:
    """The characters of ``text`` that the SVGs do NOT draw with the glyphs of ``font``."""
    from matplotlib.ft2font import FT2Font

    face = FT2Font(font.path, face_index=font.index)
    charmap = face.get_charmap()
    ids = _glyph_ids(html)
    return [c for c in text if f"{face.postscript_name}-{charmap[ord(c)]:x}" not in ids]


def _run_report(tmp_path: Path, mplconfig: Path, sample: Path) -> str:
    out = tmp_path / "report.html"
    env = {**os.environ, "MPLCONFIGDIR": str(mplconfig)}
    env.pop("ANALYZER_CJK_FONT", None)
    done = subprocess.run(
        [sys.executable, "-m", "analyzer", "report", str(sample), "-o", str(out), "--topics", "0",
         "--title", TITLE, "--no-cache"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Chinese glyphs" not in done.stderr, done.stderr
    return out.read_text(encoding="utf-8")


def _assert_plots_use(font: fonts.CjkFont, html: str) -> None:
    used = _glyph_fonts(html)
    assert not any("LastResort" in name for name in used), used
    assert html.count("<svg") >= 3
    assert "<text" not in html.split("<svg", 1)[1], "plot text left as text, not outlines"
    missing = _drawn_from(font, THEME_CHARS, html)
    assert missing == [], f"not drawn from {font.name}: {''.join(missing)} (fonts: {used})"
    assert 'id="font-warning"' not in html


def test_the_placeholder_font_never_counts_as_chinese():
    from matplotlib.font_manager import FontEntry

    assert LAST_RESORT.is_file()
    # It has a glyph for every character (all the same box), so a plain cmap lookup passes.
    assert not fonts._real_cjk(str(LAST_RESORT))
    placeholder = FontEntry(fname=str(LAST_RESORT), name="Last Resort High-Efficiency")
    dejavu = FontEntry(fname=str(LAST_RESORT.with_name("DejaVuSans.ttf")), name="DejaVu Sans")
    assert fonts._best([placeholder, dejavu]) is None
    with pytest.raises(InputError, match="no Chinese glyphs"):
        fonts.find_cjk_font(LAST_RESORT)


def test_a_real_cjk_font_is_found_and_a_given_file_is_used():
    font = _cjk_font()
    assert fonts._real_cjk(font.path, font.index)
    assert "last resort" not in font.name.lower()
    given = fonts.find_cjk_font(font.path)
    assert given.path == font.path and fonts._real_cjk(given.path, given.index)


@pytest.mark.slow
def test_fresh_font_cache_draws_chinese_glyphs(tmp_path, sample):
    font = _cjk_font()
    mplconfig = tmp_path / "mpl"
    mplconfig.mkdir()
    _assert_plots_use(font, _run_report(tmp_path, mplconfig, sample))


_STALE = """
import sys
import matplotlib.font_manager as fm
from matplotlib.ft2font import FT2Font

def cjk(entry):
    try:
        return bool(FT2Font(entry.fname, face_index=entry.index).get_charmap().get(ord("政")))
    except Exception:
        return False

# What the font list was before a CJK font was installed: the same, without them (the Last
# Resort placeholder, which "has" every character, stays: it is matplotlib's own).
fm.fontManager.ttflist = [e for e in fm.fontManager.ttflist if "Last" in e.name or not cjk(e)]
fm.json_dump(fm.fontManager, sys.argv[1])
"""


@pytest.mark.slow
def test_stale_font_cache_is_refreshed_and_draws_chinese_glyphs(tmp_path, sample):
    font = _cjk_font()
    mplconfig = tmp_path / "mpl"
    mplconfig.mkdir()
    from matplotlib.font_manager import FontManager

    cache = mplconfig / f"fontlist-v{FontManager.__version__}.json"
    env = {**os.environ, "MPLCONFIGDIR": str(mplconfig)}
    subprocess.run([sys.executable, "-c", _STALE, str(cache)], check=True, env=env, timeout=300)
    stale = cache.read_text(encoding="utf-8")
    assert "CJK" not in stale and "Last Resort" in stale
    _assert_plots_use(font, _run_report(tmp_path, mplconfig, sample))
    assert font.name in cache.read_text(encoding="utf-8"), "the stale font list was not refreshed"


def test_without_a_cjk_font_the_report_and_the_log_say_so(monkeypatch, sample):
    monkeypatch.delenv("ANALYZER_CJK_FONT", raising=False)
    monkeypatch.setattr(fonts, "_real_cjk", lambda *args, **kwargs: False)
    monkeypatch.setattr(fonts, "_save_font_list", lambda manager: None)
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("analyzer.report")
    logger.addHandler(handler)
    try:
        html = build_report(Corpus.load(sample).analysis(cache=False), topics=0)
    finally:
        logger.removeHandler(handler)
    assert 'id="font-warning"' in html and "apt install fonts-noto-cjk" in html
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert any("apt install fonts-noto-cjk" in w for w in warnings), warnings
    used = _glyph_fonts(html)
    assert not any("LastResort" in name for name in used), used
    assert "<text" in html  # labels left to the browser's fonts


def _plot_page(path: Path, font: fonts.CjkFont) -> Path:
    svg = plots.bar_chart(["扫黑除恶", "平安建设", "枫桥经验"], [3, 5, 2], title=TITLE,
                          ylabel="文件", font=font)  # fmt: skip
    svg = svg.replace("<svg ", '<svg style="width:2400px;height:auto;display:block" ', 1)
    path.write_text(f"<!DOCTYPE html><html><body style='margin:0;background:#fff'>{svg}"
                    "</body></html>", encoding="utf-8")  # fmt: skip
    return path


def test_plot_labels_are_real_glyphs_in_chromium(tmp_path):
    """A screenshot of a plot drawn with the font found shows as many different glyph images as
    its title has characters; the same plot drawn with the placeholder font shows one box."""
    font = _cjk_font()
    good = render(_plot_page(tmp_path / "good.html", font), tmp_path / "good.png", height=900)
    assert good.console == []
    glyphs, distinct = distinct_glyphs(good.screenshot, bottom=120)
    assert glyphs >= len(TITLE) and distinct >= len(TITLE) - 1, (glyphs, distinct)
    placeholder = fonts.CjkFont("Last Resort High-Efficiency", str(LAST_RESORT))
    bad = render(_plot_page(tmp_path / "bad.html", placeholder), tmp_path / "bad.png", height=900)
    glyphs, distinct = distinct_glyphs(bad.screenshot, bottom=120)
    assert glyphs >= len(TITLE) and distinct <= 2, (glyphs, distinct)
