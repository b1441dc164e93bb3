"""A real headless browser for the HTML tests: Debian's chromium, run on a file.

``render`` loads a page, takes a screenshot and returns the console messages chromium logged
(``--enable-logging=stderr`` prints every console message and uncaught error as a CONSOLE line).
``ink_share`` and ``distinct_glyphs`` read the screenshot: how much of it is not background, and
how many different glyph images a line of text holds (a line drawn as tofu is the same box over
and over, up to anti-aliasing).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

_CONSOLE = re.compile(r":CONSOLE(?:\(\d+\)|:\d+)\]\s*(.*)")


def chromium() -> str:
    """The chromium executable, or skip (``.ci/run`` installs Debian's ``chromium``)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (`.ci/run` installs Debian's chromium)")


@dataclass
class Rendered:
    screenshot: Path
    console: list[str]


def render(page: Path, screenshot: Path, *, width: int = 1280, height: int = 1600) -> Rendered:
    """Open ``page`` in headless chromium, screenshot it, and collect console messages."""
    profile = screenshot.with_suffix(".profile")
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--no-first-run", "--disable-extensions", "--mute-audio", f"--user-data-dir={profile}",
        "--enable-logging=stderr", "--v=0", f"--window-size={width},{height}",
        f"--screenshot={screenshot}", page.resolve().as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert screenshot.is_file(), f"chromium wrote no screenshot:\n{done.stderr[-2000:]}"
    console = [m.group(1) for m in _CONSOLE.finditer(done.stderr)]
    return Rendered(screenshot, console)


def _gray(path: Path):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(path).convert("L"), dtype=np.int16)


def ink_share(path: Path) -> float:
    """Share of pixels that differ visibly from the page background (its most common colour)."""
    import numpy as np

    image = _gray(path)
    values, counts = np.unique(image, return_counts=True)
    background = values[np.argmax(counts)]
    return float((np.abs(image - background) > 40).mean())


def distinct_glyphs(path: Path, *, top: int = 0, bottom: int | None = None) -> tuple[int, int]:
    """(glyph images, distinct glyph images) in the first line of text between two rows.

    The first band of rows holding ink is the line; columns without ink split it into glyphs.
    """
    import numpy as np

    image = _gray(path)[top:bottom]
    ink = image < 128
    rows = np.flatnonzero(ink.any(axis=1))
    if not len(rows):
        return 0, 0
    start = rows[0]
    end = start
    while end + 1 < len(ink) and ink[end + 1].any():
        end += 1
    line = ink[start : end + 1]
    columns = line.any(axis=0)
    glyphs, current = [], None
    for x, has_ink in enumerate(columns):
        if has_ink and current is None:
            current = x
        elif not has_ink and current is not None:
            glyphs.append(line[:, current:x])
            current = None
    if current is not None:
        glyphs.append(line[:, current:])
    kinds: list = []
    for glyph in glyphs:
        if not any(_alike(glyph, kind) for kind in kinds):
            kinds.append(glyph)
    return len(glyphs), len(kinds)


def _alike(a, b) -> bool:
    """Two glyph images alike up to anti-aliasing: the ink of each lies within a pixel of the
    other's (a Hausdorff distance of one pixel, allowing 3% stray pixels)."""
    import numpy as np
    from scipy.ndimage import binary_dilation

    if abs(a.shape[1] - b.shape[1]) > 2:
        return False
    width = max(a.shape[1], b.shape[1])
    a, b = (np.pad(g, ((0, 0), (0, width - g.shape[1]))) for g in (a, b))
    near = np.ones((3, 3), dtype=bool)
    stray_a = (a & ~binary_dilation(b, near)).sum() / max(a.sum(), 1)
    stray_b = (b & ~binary_dilation(a, near)).sum() / max(b.sum(), 1)
    return bool(max(stray_a, stray_b) <= 0.03)
