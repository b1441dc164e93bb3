"""The report's plots, drawn by matplotlib as SVG text to inline in the HTML.

Each public function takes a pandas object and returns one ``<svg>`` element. Axes stay
readable whatever the span: tick labels are thinned until no two overlap (measured on the
rendered labels, not guessed), years are placed on a linear axis (a year without a document is
a gap, not a neighbour), and lines are labelled at the right edge, the labels spread vertically
so that none overlaps another. Output is reproducible: no date in the metadata and a fixed hash
salt for element ids, so the same corpus gives the same file.
"""

from __future__ import annotations

import io
import itertools
import warnings
from contextlib import contextmanager

import numpy as np

from .fonts import CjkFont

__all__ = ["bar_chart", "bump_chart", "heatmap", "line_chart", "spread"]

_INK = "#333333"
_GRID = "#dddddd"
_MISSING = "#eeeeee"
#: Steps between labelled ticks, tried in order until the labels do not overlap.
_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500)
#: Points of clear space between two tick labels, and between two line labels.
_TICK_GAP = 4.0
_LABEL_GAP = 1.5


@contextmanager
def _style(font: CjkFont | None):
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    family = [font.name, "DejaVu Sans"] if font else ["DejaVu Sans"]
    params = {
        "font.family": family,
        "font.size": 9,
        "axes.edgecolor": _INK,
        "axes.labelcolor": _INK,
        "xtick.color": _INK,
        "ytick.color": _INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        # With a CJK font, text becomes outlines: the SVG renders anywhere. Without one, it
        # stays text and the browser draws it with its own fonts.
        "svg.fonttype": "path" if font else "none",
        "svg.hashsalt": "analyzer",
        "axes.unicode_minus": False,
    }
    with matplotlib.rc_context(params), warnings.catch_warnings():
        # Without a CJK font matplotlib warns once per missing glyph; the report says it once.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        yield plt


def _svg(fig, plt) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _is_years(values) -> bool:
    values = list(values)
    return bool(values) and all(
        isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values
    )


def _overlap(extents, gap: float) -> bool:
    """Whether any two horizontal extents (x0, x1), in display order, come closer than gap."""
    extents = sorted(extents)
    return any(b[0] - a[1] < gap for a, b in itertools.pairwise(extents))


def _thin_ticks(ax, positions, labels, *, years: bool, rotation: float = 0) -> None:
    """Label as many ticks of the x axis as fit without two labels overlapping.

    Year axes (``positions`` linear in the years ``labels``) label round years across the
    whole span, present or not (multiples of the step: 1960, 1970 …); other axes every
    step-th position. Upright labels are measured on the figure's renderer; labels turned by
    ``rotation`` need their line height between two ticks.
    """
    positions, labels = list(positions), list(labels)
    if not positions:
        return
    if years:
        first, origin = int(labels[0]), float(positions[0])
        labels = list(range(first, int(labels[-1]) + 1))
        positions = [origin + (year - first) for year in labels]
    labels = [str(v) for v in labels]
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    gap = _TICK_GAP * fig.dpi / 72
    for step in _STEPS:
        if years:
            chosen = [i for i, v in enumerate(labels) if int(v) % step == 0] or [0]
        else:
            chosen = list(range(0, len(positions), step))
        kwargs = (
            {"rotation": rotation, "ha": "right", "rotation_mode": "anchor"} if rotation else {}
        )
        ax.set_xticks([positions[i] for i in chosen], [labels[i] for i in chosen], **kwargs)
        texts = ax.get_xticklabels()
        if rotation:
            xs = sorted(ax.transData.transform((positions[i], 0))[0] for i in chosen)
            line = texts[0].get_fontsize() * 1.3 * fig.dpi / 72 if texts else 0
            fits = all(b - a >= line + gap for a, b in itertools.pairwise(xs))
        else:
            extents = []
            for text in texts:
                box = text.get_window_extent(renderer)
                extents.append((box.x0, box.x1))
            fits = not _overlap(extents, gap)
        if fits:
            break


def spread(wanted, *, gap: float, low: float, high: float) -> list[float]:
    """Positions near ``wanted`` (in any order), in the same order, at least ``gap`` apart and,
    where there is room, within [low, high]: each run of labels that would overlap is stacked
    around the mean of its wishes.

    >>> spread([10, 10.5, 30], gap=2, low=0, high=100)
    [9.25, 11.25, 30.0]
    >>> spread([99, 99, 99], gap=2, low=0, high=100)
    [96.0, 98.0, 100.0]
    """
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    clusters: list[tuple[float, list[int]]] = []  # (position of the lowest, members)
    for i in order:
        start, members = float(wanted[i]), [i]
        while clusters and clusters[-1][0] + gap * len(clusters[-1][1]) > start:
            members = clusters.pop()[1] + members
            centre = float(np.mean([wanted[m] for m in members]))
            start = centre - gap * (len(members) - 1) / 2
        clusters.append((start, members))
    stacked = [(m, start + gap * k) for start, members in clusters for k, m in enumerate(members)]
    ys = [y for _, y in stacked]
    for k in range(len(ys) - 1, -1, -1):  # down from the top edge …
        ys[k] = min(ys[k], high if k == len(ys) - 1 else ys[k + 1] - gap)
    for k in range(len(ys)):  # … and up from the bottom edge, which wins
        ys[k] = max(ys[k], low if k == 0 else ys[k - 1] + gap)
    out = [0.0] * len(wanted)
    for (m, _), y in zip(stacked, ys, strict=True):
        out[m] = round(float(y), 6)
    return out


def _label_right(ax, x_end: float, series: list[tuple[str, float, float, str]]) -> None:
    """Label lines at the right edge ``x_end``: each label level with its line's last point
    (x, y), spread vertically so that no two overlap, with a short leader in the margin where
    one moved."""
    if not series:
        return
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    size = 8
    height = size * 1.2 * fig.dpi / 72 + _LABEL_GAP * fig.dpi / 72
    to_display = ax.transData
    wanted = [to_display.transform((x, y))[1] for _, x, y, _ in series]
    box = ax.get_window_extent(renderer)
    placed = spread(wanted, gap=height, low=box.y0, high=box.y1)
    inverse = to_display.inverted()
    x_display = to_display.transform((x_end, 0))[0]
    points = 72 / fig.dpi
    for (name, _, _, colour), y_wanted, y_at in zip(series, wanted, placed, strict=True):
        moved = abs(y_at - y_wanted) > 0.5
        ax.annotate(str(name), xy=(x_end, inverse.transform((x_display, y_wanted))[1]),
                    xytext=(12 if moved else 4, (y_at - y_wanted) * points),
                    textcoords="offset points", fontsize=size, color=colour, va="center",
                    ha="left", annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.6,
                                "shrinkA": 1, "shrinkB": 0, "relpos": (0, 0.5)}
                    if moved else None)  # fmt: skip


def bar_chart(labels, values, *, title: str, ylabel: str, font: CjkFont | None) -> str:
    """Bars over groups (years on a numeric axis, so that missing years show as gaps)."""
    with _style(font) as plt:
        return _svg(_bar_chart(plt, labels, values, title=title, ylabel=ylabel), plt)


def _bar_chart(plt, labels, values, *, title: str, ylabel: str):
    from matplotlib.ticker import MaxNLocator

    fig, ax = plt.subplots(figsize=(9, 2.6))
    labels = list(labels)
    years = _is_years(labels)
    x = labels if years else list(range(len(labels)))
    ax.bar(x, list(values), color="#4c72b0", width=0.8)
    if years:
        ax.set_xlim(min(labels) - 0.7, max(labels) + 0.7)
    _thin_ticks(ax, x, labels, years=years, rotation=0 if years else 45)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", color=_GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    return fig


def heatmap(frame, *, title: str, colorbar: str, font: CjkFont | None) -> str:
    """Rows × columns of a DataFrame as colours (e.g. themes × years, per 10,000 chars).

    Year columns are laid on a linear axis: a year without a document is a grey column."""
    with _style(font) as plt:
        return _svg(_heatmap(plt, frame, title=title, colorbar=colorbar), plt)


def _heatmap(plt, frame, *, title: str, colorbar: str):
    columns = list(frame.columns)
    years = _is_years(columns)
    missing = False
    if years and len(columns) > 1:
        full = list(range(min(columns), max(columns) + 1))
        missing = len(full) > len(columns)
        frame = frame.reindex(columns=full)
        columns = full
    rows = frame.shape[0]
    fig, ax = plt.subplots(figsize=(9, 0.9 + 0.32 * rows))
    cmap = plt.get_cmap("YlOrRd").with_extremes(bad=_MISSING)
    values = np.ma.masked_invalid(frame.to_numpy(dtype=float))
    image = ax.imshow(values, aspect="auto", cmap=cmap, interpolation="nearest")
    ax.set_yticks(range(rows), [str(v) for v in frame.index])
    ax.spines[:].set_visible(False)
    ax.set_title(title + (" (grey: no document)" if missing else ""), loc="left", fontsize=10)
    bar = fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
    bar.set_label(colorbar)
    # Last: the colour bar narrows the axes, and the labels that fit depend on its width.
    _thin_ticks(ax, range(len(columns)), columns, years=years, rotation=0 if years else 45)
    return fig


def bump_chart(ranks, *, title: str, font: CjkFont | None) -> str:
    """Ranks over groups, one line per series (rank 1 at the top), labelled at the right edge
    at each series' last rank, the labels spread so that none overlaps another."""
    with _style(font) as plt:
        return _svg(_bump_chart(plt, ranks, title=title), plt)


def _bump_chart(plt, ranks, *, title: str):
    series, cols = ranks.shape
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.3 * series))
    columns = list(ranks.columns)
    years = _is_years(columns)
    x = np.array(columns if years else range(cols), dtype=float)
    colours = plt.get_cmap("tab10" if series <= 10 else "tab20")
    labels = []
    for i, (name, row) in enumerate(ranks.iterrows()):
        y = row.to_numpy(dtype=float)
        colour = colours(i % 20)
        ax.plot(x, y, marker="o", markersize=3, linewidth=1.6, color=colour)
        last = np.flatnonzero(~np.isnan(y))
        if len(last):
            # A series absent from the last group says when it was last seen.
            label = str(name) if last[-1] == cols - 1 else f"{name} ({columns[last[-1]]})"
            labels.append((label, float(x[last[-1]]), float(y[last[-1]]), colour))
    ax.invert_yaxis()
    ax.set_ylim(series + 0.5, 0.5)
    ax.set_xlim(x[0] - 0.3, x[-1] + 0.3)
    ax.set_yticks(range(1, series + 1))
    ax.set_ylabel("rank")
    _thin_ticks(ax, x, columns, years=years, rotation=0 if years else 45)
    ax.set_title(title, loc="left", fontsize=10)
    ax.grid(axis="x", color=_GRID, linewidth=0.6)
    _label_right(ax, float(x[-1]) + 0.3, labels)
    return fig


def line_chart(trend, *, title: str, ylabel: str, font: CjkFont | None) -> str:
    """One line per term over the groups (a long table with group, term and per_10k), each
    labelled at the right edge at its last value, the labels spread so that none overlaps."""
    with _style(font) as plt:
        return _svg(_line_chart(plt, trend, title=title, ylabel=ylabel), plt)


def _line_chart(plt, trend, *, title: str, ylabel: str):
    fig, ax = plt.subplots(figsize=(9, 3.2))
    groups = list(dict.fromkeys(trend["group"]))
    years = _is_years(groups)
    position = {g: (g if years else i) for i, g in enumerate(groups)}
    colours = plt.get_cmap("tab10")
    labels = []
    for i, (term, block) in enumerate(trend.groupby("term", sort=False)):
        x = [position[g] for g in block["group"]]
        y = block["per_10k"].to_numpy(dtype=float)
        ax.plot(x, y, marker="o", markersize=3, linewidth=1.5, color=colours(i % 10))
        labels.append((term, float(x[-1]), float(y[-1]), colours(i % 10)))
    xs = list(position.values())
    ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
    ax.set_ylim(bottom=0)
    _thin_ticks(ax, xs, groups, years=years, rotation=0 if years else 45)
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left", fontsize=10)
    ax.grid(color=_GRID, linewidth=0.6)
    _label_right(ax, max(xs) + 0.5, labels)
    return fig
