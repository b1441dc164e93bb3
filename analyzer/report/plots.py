"""The report's plots, drawn by matplotlib as SVG text to inline in the HTML.

Each function takes a pandas object and returns one ``<svg>`` element. Output is reproducible:
no date in the metadata and a fixed hash salt for element ids, so the same corpus gives the
same file.
"""

from __future__ import annotations

import io
import warnings
from contextlib import contextmanager

import numpy as np

from .fonts import CjkFont

__all__ = ["bar_chart", "bump_chart", "heatmap", "line_chart"]

_INK = "#333333"
_GRID = "#dddddd"


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


def _year_ticks(ax, values) -> None:
    values = list(values)
    numeric = all(isinstance(v, (int, np.integer)) for v in values)
    if not numeric or len(values) <= 16:
        return
    step = 5 if len(values) <= 60 else 10
    ticks = [v for v in values if int(v) % step == 0]
    ax.set_xticks(ticks)


def bar_chart(labels, values, *, title: str, ylabel: str, font: CjkFont | None) -> str:
    """Bars over groups (years on a numeric axis, so that missing years show as gaps)."""
    with _style(font) as plt:
        fig, ax = plt.subplots(figsize=(9, 2.6))
        labels = list(labels)
        numeric = all(isinstance(v, (int, np.integer)) for v in labels)
        x = labels if numeric else range(len(labels))
        ax.bar(x, list(values), color="#4c72b0", width=0.8)
        if not numeric:
            ax.set_xticks(range(len(labels)), [str(v) for v in labels], rotation=45, ha="right")
        else:
            _year_ticks(ax, labels)
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(title, loc="left", fontsize=10)
        ax.set_ylabel(ylabel)
        ax.grid(axis="y", color=_GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        return _svg(fig, plt)


def heatmap(frame, *, title: str, colorbar: str, font: CjkFont | None) -> str:
    """Rows × columns of a DataFrame as colours (e.g. themes × years, per 10,000 chars)."""
    with _style(font) as plt:
        rows, cols = frame.shape
        fig, ax = plt.subplots(figsize=(9, 0.9 + 0.32 * rows))
        image = ax.imshow(frame.to_numpy(dtype=float), aspect="auto", cmap="YlOrRd",
                          interpolation="nearest")  # fmt: skip
        ax.set_yticks(range(rows), [str(v) for v in frame.index])
        columns = list(frame.columns)
        if cols > 16:
            shown = [i for i, c in enumerate(columns) if str(c)[-1:] in ("0", "5")] or list(
                range(0, cols, 5)
            )
        else:
            shown = list(range(cols))
        ax.set_xticks(shown, [str(columns[i]) for i in shown])
        ax.spines[:].set_visible(False)
        ax.set_title(title, loc="left", fontsize=10)
        bar = fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
        bar.set_label(colorbar)
        return _svg(fig, plt)


def bump_chart(ranks, *, title: str, font: CjkFont | None) -> str:
    """Ranks over groups, one line per series (rank 1 at the top), labelled at the right."""
    with _style(font) as plt:
        series, cols = ranks.shape
        fig, ax = plt.subplots(figsize=(9, 1.2 + 0.3 * series))
        columns = list(ranks.columns)
        numeric = all(isinstance(v, (int, np.integer)) for v in columns)
        x = np.array(columns if numeric else range(cols), dtype=float)
        colours = plt.get_cmap("tab10" if series <= 10 else "tab20")
        for i, (name, row) in enumerate(ranks.iterrows()):
            y = row.to_numpy(dtype=float)
            ax.plot(x, y, marker="o", markersize=3, linewidth=1.6, color=colours(i % 20))
            last = np.flatnonzero(~np.isnan(y))
            if len(last):
                ax.annotate(str(name), (x[last[-1]], y[last[-1]]), xytext=(6, 0),
                            textcoords="offset points", va="center", fontsize=8,
                            color=colours(i % 20))  # fmt: skip
        ax.invert_yaxis()
        ax.set_yticks(range(1, series + 1))
        ax.set_ylabel("rank")
        if not numeric:
            ax.set_xticks(x, [str(c) for c in columns], rotation=45, ha="right")
        else:
            _year_ticks(ax, columns)
        ax.set_title(title, loc="left", fontsize=10)
        ax.grid(axis="x", color=_GRID, linewidth=0.6)
        return _svg(fig, plt)


def line_chart(trend, *, title: str, ylabel: str, font: CjkFont | None) -> str:
    """One line per term over the groups (a long table with group, term and a value)."""
    with _style(font) as plt:
        fig, ax = plt.subplots(figsize=(9, 3.2))
        groups = list(dict.fromkeys(trend["group"]))
        numeric = all(isinstance(v, (int, np.integer)) for v in groups)
        position = {g: (g if numeric else i) for i, g in enumerate(groups)}
        for term, block in trend.groupby("term", sort=False):
            ax.plot([position[g] for g in block["group"]], block["per_10k"], marker="o",
                    markersize=3, linewidth=1.5, label=str(term))  # fmt: skip
        if not numeric:
            ax.set_xticks(range(len(groups)), [str(g) for g in groups], rotation=45, ha="right")
        else:
            _year_ticks(ax, groups)
        ax.set_ylabel(ylabel)
        ax.set_title(title, loc="left", fontsize=10)
        ax.grid(color=_GRID, linewidth=0.6)
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        return _svg(fig, plt)
