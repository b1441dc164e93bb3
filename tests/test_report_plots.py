"""The report's plots stay readable: no two tick labels overlap, whatever the span, and the
labels at the right edge of line and bump charts never overlap each other. Checked on the
rendered figures (the extents matplotlib's renderer gives each label)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from analyzer.report import plots
from analyzer.report.fonts import find_cjk_font

#: The years of the national reports: 1954–1960, 1964, 1975, 1978–2019, 2021–2025.
YEARS = [*range(1954, 1961), 1964, 1975, *range(1978, 2020), *range(2021, 2026)]


@pytest.fixture(scope="module")
def font():
    return find_cjk_font()


def _extents(fig, texts):
    """The extents of the texts themselves (an annotation's own extent includes its leader)."""
    from matplotlib.text import Text

    fig.canvas.draw()  # places the annotations' texts
    renderer = fig.canvas.get_renderer()
    return [Text.get_window_extent(t, renderer) for t in texts if t.get_visible() and t.get_text()]


def _overlapping(boxes, axis: str):
    """Pairs of boxes that overlap along ``axis`` (x or y)."""
    bad = []
    for a, b in itertools.combinations(boxes, 2):
        if axis == "x" and a.x0 < b.x1 and b.x0 < a.x1:
            bad.append((a, b))
        if axis == "y" and a.y0 < b.y1 and b.y0 < a.y1 and a.x0 < b.x1 and b.x0 < a.x1:
            bad.append((a, b))
    return bad


def _tick_labels(ax):
    return [t for t in ax.get_xticklabels() if t.get_text()]


def _label_texts(ax):
    return [t for t in ax.texts if t.get_text()]


def test_heatmap_year_ticks_never_collide(font):
    themes = ["安全稳定", "扫黑除恶", "基层社会治理"]
    frame = pd.DataFrame(np.linspace(0, 9, len(themes) * len(YEARS)).reshape(len(themes), -1),
                         index=themes, columns=YEARS)  # fmt: skip
    with plots._style(font) as plt:
        fig = plots._heatmap(plt, frame, title="Theme hits", colorbar="per 10,000")
        labels = _tick_labels(fig.axes[0])
        shown = [int(t.get_text()) for t in labels]
        assert _overlapping(_extents(fig, labels), "x") == []
        assert len(shown) >= 5 and all(y % 5 == 0 for y in shown)
        # Years on a linear axis: 1965 and 1970 have no report but keep their place.
        positions = dict(zip(shown, fig.axes[0].get_xticks(), strict=True))
        assert positions[1970] - positions[1960] == pytest.approx(10)
        assert "grey: no document" in fig.axes[0].get_title(loc="left")
        plt.close(fig)


@pytest.mark.parametrize("span", [3, 15, 72])
def test_bar_and_line_chart_ticks_never_collide(font, span):
    years = list(range(2025 - span + 1, 2026))
    with plots._style(font) as plt:
        fig = plots._bar_chart(plt, years, [1] * span, title="Documents", ylabel="documents")
        labels = _tick_labels(fig.axes[0])
        assert labels and _overlapping(_extents(fig, labels), "x") == []
        plt.close(fig)
        trend = pd.DataFrame([(y, t, 0, float(i % 3)) for y in years for i, t in enumerate("甲乙")],
                             columns=["group", "term", "count", "per_10k"])  # fmt: skip
        fig = plots._line_chart(plt, trend, title="Trend", ylabel="per 10,000")
        labels = _tick_labels(fig.axes[0])
        assert labels and _overlapping(_extents(fig, labels), "x") == []
        plt.close(fig)


def test_line_labels_sit_at_the_right_edge_without_overlap(font):
    """Six phrases ending at (nearly) the same value: their labels are spread, not stacked."""
    terms = ["六稳", "六保", "放管服", "一带一路", "三个代表", "枫桥经验"]
    rows = [(y, t, 0, 0.0 if y == 2025 else float(i)) for y in range(2015, 2026)
            for i, t in enumerate(terms)]  # fmt: skip
    trend = pd.DataFrame(rows, columns=["group", "term", "count", "per_10k"])
    with plots._style(font) as plt:
        fig = plots._line_chart(plt, trend, title="Trend", ylabel="per 10,000")
        ax = fig.axes[0]
        texts = _label_texts(ax)
        assert sorted(t.get_text() for t in texts) == sorted(terms)
        boxes = _extents(fig, texts)
        assert _overlapping(boxes, "y") == []
        right = ax.get_window_extent(fig.canvas.get_renderer()).x1
        assert all(box.x0 >= right - 1 for box in boxes)  # at the right edge, outside the lines
        plt.close(fig)


def test_bump_chart_labels_do_not_overlap_and_say_when_a_series_ended(font):
    years = list(range(2011, 2026))
    ranks = pd.DataFrame(
        [[(i + y) % 5 + 1 for y in range(len(years))] for i in range(5)],
        index=["安全稳定", "扫黑除恶", "基层社会治理", "法治建设", "疫情防控"],
        columns=years,
        dtype=float,
    )
    ranks.loc["疫情防控", 2025] = np.nan  # absent in the last year, ranked like another then
    with plots._style(font) as plt:
        fig = plots._bump_chart(plt, ranks, title="Theme ranks")
        texts = _label_texts(fig.axes[0])
        assert _overlapping(_extents(fig, texts), "y") == []
        assert "疫情防控 (2024)" in [t.get_text() for t in texts]
        assert _overlapping(_extents(fig, _tick_labels(fig.axes[0])), "x") == []
        plt.close(fig)


def test_spread_keeps_order_and_gap():
    placed = plots.spread([5, 5, 5, 40, 41], gap=3, low=0, high=100)
    assert placed[:3] == sorted(placed[:3])
    ordered = sorted(placed)
    assert all(b - a >= 3 - 1e-9 for a, b in itertools.pairwise(ordered))
    assert placed == plots.spread([5, 5, 5, 40, 41], gap=3, low=0, high=100)  # deterministic
    assert plots.spread([99, 99, 99], gap=2, low=0, high=100)[-1] <= 100


def test_plots_are_reproducible(font):
    frame = pd.DataFrame([[1.0, 2.0], [3.0, 0.0]], index=["甲", "乙"], columns=[2020, 2022])
    first = plots.heatmap(frame, title="t", colorbar="c", font=font)
    assert first == plots.heatmap(frame, title="t", colorbar="c", font=font)
