"""The HTML report: one self-contained file to look at, explore and share.

It holds a corpus overview (documents per year, characters, files that could not be read, what
cleaning removed), the discovered phrases with their first and last years, a themes-by-years
heatmap, a bump chart of theme ranks, trend lines for chosen phrases, keyness tables for
consecutive years and a topic summary. The phrase table is an explorer: search it, sort it,
choose a phrase to see its counts per year and its contexts (:mod:`analyzer.report.explore`
defines the data the page's inline script reads). Plots are matplotlib SVG inlined in the page;
styles, script and data are inline, and a Content-Security-Policy forbids the page any request:
the file opens offline, from file://, in any browser, and can be mailed as it is.

The report draws every number from an :class:`~analyzer.pipeline.Analysis` (the same numbers
as the commands and the Python API); it is given one, or a corpus whose ``analysis()`` it uses.

Example:
    >>> from analyzer import Corpus
    >>> corpus = Corpus.from_texts(["扫黑除恶专项斗争。平安建设。" * 20, "扫黑除恶。枫桥经验。" * 20], years=[2019, 2020])
    >>> html = build_report(corpus.analysis(cache=False), title="示例", topics=0)
    >>> html.startswith("<!DOCTYPE html>") and "<svg" in html and "示例" in html
    True
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import __version__, progress
from .._atomic import atomic_write_text
from ..errors import AnalyzerError
from . import plots
from .fonts import CjkFont, find_cjk_font, font_warning

__all__ = ["build_report", "write_report"]

logger = logging.getLogger(__name__)

#: The bump chart follows the most recent years only: fifty lines of ranks are unreadable.
_BUMP_GROUPS = 15
_PHRASE_COLUMNS = ["phrase", "kind", "count", "docs", "years", "first_year", "last_year", "pair"]


def write_report(analysis: Any, path: str | Path, **options: Any) -> Path:
    """Build the report (see :func:`build_report` for the options) and write it atomically."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        path = path.with_suffix(".html") if not path.suffix else path
    text = build_report(analysis, **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    return path


def build_report(
    analysis: Any,
    *,
    title: str | None = None,
    trend: Sequence[str] = (),
    top_phrases: int = 40,
    explore_phrases: int = 300,
    lines_per_group: int = 3,
    themes: Any = None,
    topics: int = 10,
    font: str | Path | None = None,
) -> str:
    """The report's HTML text.

    Args:
        analysis: an :class:`~analyzer.pipeline.Analysis` (or an ``analyzer.Corpus``, whose
            default analysis is used).
        title: the page title (default: one made from the corpus).
        trend: phrases whose trends are drawn (default: the top discovered phrases used in the
            most years).
        top_phrases: rows of the phrase table shown at first.
        explore_phrases: rows of the phrase table in all (searchable, each with its counts per
            year and contexts).
        lines_per_group: contexts shown per phrase and year (the rest are counted).
        themes: a :class:`~analyzer.themes.ThemeDictionary` or TOML path (default: shipped).
        topics: number of topics (0 leaves the topic section out).
        font: a font file with Chinese glyphs for the plots (default: found on the machine).

    Raises:
        AnalyzerError: when the corpus has no document.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    if not hasattr(analysis, "phrase_table") and hasattr(analysis, "analysis"):
        analysis = analysis.analysis()
    corpus = analysis.corpus
    if not len(corpus):
        raise AnalyzerError("the corpus has no document: nothing to report")
    cjk = find_cjk_font(font)
    context: dict[str, Any] = {"version": __version__, "by": "year"}
    with progress.task("building the report", total=6) as step:
        context.update(_overview(analysis, cjk))
        step.advance()
        table = analysis.phrases(max(top_phrases, explore_phrases))
        counts, contexts = _phrase_counts(analysis, table["phrase"].tolist())
        context.update(_explore(table, counts, contexts, shown=top_phrases,
                                lines_per_group=lines_per_group))  # fmt: skip
        step.advance()
        context.update(_themes(analysis, themes, cjk))
        step.advance()
        context.update(_trends(analysis, list(trend), table, counts, cjk))
        step.advance()
        context["keyness"] = _keyness(analysis)
        context["places"] = _places(analysis)
        step.advance()
        context.update(_topics(analysis, topics, cjk))
        step.advance()
    context["title"] = title or _default_title(corpus)
    context["lead"] = _lead(corpus)
    context["sources"] = ", ".join(sorted({str(d.meta.get("source") or "texts") for d in corpus}))
    context["font_note"] = None if cjk else font_warning()
    if not cjk:
        logger.warning("%s", context["font_note"])
    context["explore_js"] = _script("explore.js")
    env = Environment(loader=PackageLoader("analyzer.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True)  # fmt: skip
    return env.get_template("report.html.j2").render(**context)


# -- sections ---------------------------------------------------------------------------------


def _default_title(corpus: Any) -> str:
    years = corpus.years
    span = f", {years[0]}–{years[-1]}" if years else ""
    return f"Policy formulations in {len(corpus)} report{'s' if len(corpus) != 1 else ''}{span}"


def _lead(corpus: Any) -> str:
    years = corpus.years
    return (
        f"{len(corpus)} documents, {corpus.chars:,} characters of cleaned text, "
        f"{len(years)} distinct years" + (f" ({years[0]}–{years[-1]})" if years else "") + "."
    )


def _overview(analysis: Any, cjk: CjkFont | None) -> dict:
    import pandas as pd

    corpus = analysis.corpus
    grouping = analysis.grouping("year")
    groups = list(grouping.groups)
    missing = grouping.missing()
    facts = [
        ("documents", f"{len(corpus):,}"),
        ("characters (cleaned)", f"{corpus.chars:,}"),
        ("years", f"{len(groups)}" + (f" ({groups[0]}–{groups[-1]})" if groups else "")),
        ("without a year", f"{len(corpus.undated):,}"),
        ("files not read", f"{len(corpus.skipped):,}"),
    ]
    documents_plot = None
    if groups:
        counts = [len(grouping.groups[g]) for g in groups]
        documents_plot = plots.bar_chart(groups, counts, title="Documents per year",
                                         ylabel="documents", font=cjk)  # fmt: skip
    return {
        "facts": facts,
        "documents_plot": documents_plot,
        "missing_groups": _short_list(missing),
        "cleaning_table": _table(_cleaning(corpus), numeric={"documents", "amount"}),
        "skipped_table": (
            _table(
                pd.DataFrame(
                    [(s.path, s.reason) for s in corpus.skipped], columns=["file", "reason"]
                )
            )
            if corpus.skipped
            else None
        ),
        "undated": len(corpus.undated),
        "pooled": grouping.pooled_notice(),
    }


def _cleaning(corpus: Any):
    import pandas as pd

    totals: dict[str, list[int]] = {}

    def add(what: str, amount: int) -> None:
        if amount:
            entry = totals.setdefault(what, [0, 0])
            entry[0] += 1
            entry[1] += amount

    for doc in corpus:
        report = doc.cleaning
        if report is None:
            continue
        removed: dict[str, int] = {}
        for removal in report.removed:
            removed[removal.kind] = removed.get(removal.kind, 0) + max(len(removal.text), 1)
        for kind, chars in sorted(removed.items()):
            add(f"characters removed: {kind}", chars)
        add("hard line breaks joined", report.joined_breaks)
        add("full-width letters and digits made half-width", report.fullwidth)
        add("traditional characters converted to simplified", report.traditional)
        add("zero-width characters removed", report.zero_width)
        add("blank lines collapsed", report.blank_lines)
    rows = [(what, docs, amount) for what, (docs, amount) in totals.items()]
    if not rows:
        rows = [("nothing (raw text, or already clean)", 0, 0)]
    return pd.DataFrame(rows, columns=["what", "documents", "amount"])


def _themes(analysis: Any, themes: Any, cjk: CjkFont | None) -> dict:
    from ..themes import ThemeDictionary, default_themes

    source = "the shipped 政法 dictionary"
    if themes is not None and not isinstance(themes, ThemeDictionary):
        source = f"{Path(themes).name}"
        themes = ThemeDictionary.load(themes)
    themes = themes or default_themes()
    out: dict[str, Any] = {"themes_source": source, "themes_plot": None, "bump_plot": None,
                           "bump_years": _BUMP_GROUPS}  # fmt: skip
    if not analysis.corpus.years:
        return out
    table = analysis.themes(themes, by="year")
    rates = table.pivot(index="theme", columns="group", values="per_10k")
    rates = rates.loc[[t.name for t in themes if t.name in rates.index]]
    if not (rates.to_numpy() > 0).any():
        return out
    out["themes_plot"] = plots.heatmap(rates, title="Theme hits per 10,000 characters",
                                       colorbar="per 10,000 chars", font=cjk)  # fmt: skip
    recent = rates.iloc[:, -_BUMP_GROUPS:]
    ranks = recent.where(recent > 0).rank(axis=0, ascending=False, method="first")
    ranks = ranks.loc[ranks.notna().any(axis=1)]
    out["bump_years"] = ranks.shape[1]
    if ranks.shape[1] >= 2:
        out["bump_plot"] = plots.bump_chart(ranks, title="Theme ranks by year", font=cjk)
    return out


def _phrase_counts(analysis: Any, phrases: list[str]):
    """Counts per year (``group, term, count, per_10k``) and every context (``id, year,
    offset, left, term, right, group``) of the listed phrases, in the dated documents: the
    same numbers and occurrences as ``analyzer trend`` and ``analyzer kwic --by year``."""
    import pandas as pd

    from ..compare import KWIC_COLUMNS

    if not analysis.corpus.years or not phrases:
        return (pd.DataFrame(columns=["group", "term", "count", "per_10k"]),
                pd.DataFrame(columns=[*KWIC_COLUMNS, "group"]))  # fmt: skip
    return analysis.trend(phrases, by="year"), analysis.kwic(phrases, by="year")


def _explore(table, counts, contexts, *, shown: int, lines_per_group: int) -> dict:
    from .explore import explore_data, html_table, json_script

    columns = [c for c in _PHRASE_COLUMNS if c in table.columns]
    numeric = {"count", "docs", "years", "first_year", "last_year"}
    return {
        "phrases_table": html_table(
            table[columns], numeric=numeric, row_key="phrase", table_id="phrase-table"
        ),
        "phrases_shown": min(shown, len(table)),
        "phrases_listed": len(table),
        "explore_json": json_script(
            explore_data(table, counts, contexts, lines_per_group=lines_per_group),
            element_id="explore-data",
        ),
    }


def _trends(analysis: Any, chosen: list[str], phrases, counts, cjk: CjkFont | None) -> dict:
    from .explore import choose_trend_phrases

    if not analysis.corpus.years:
        return {"trend_note": "No dated document: no trend to draw.", "trend_plot": None}
    if chosen:
        note = "Phrases chosen with --trend; occurrences per 10,000 characters, zeros included."
    else:
        chosen = choose_trend_phrases(phrases, counts, n=5)
        note = (
            "The top discovered phrases used in three or more years whose ups and downs differ "
            "from each other's (no phrase inside another, no plan number such as 十一五; choose "
            "others with --trend); occurrences per 10,000 characters, zeros included."
        )
    if not chosen:
        return {"trend_note": "No phrase to follow.", "trend_plot": None}
    table = analysis.trend(chosen, by="year")
    counts = table.pivot(index="group", columns="term", values="count")[chosen]
    counts.index.name = "year"
    return {
        "trend_note": note,
        "trend_plot": plots.line_chart(
            table, title="Occurrences per 10,000 characters", ylabel="per 10,000 chars", font=cjk
        ),
        "trend_table": _table(
            counts.reset_index().tail(15),
            numeric=set(counts.columns) | {"year"},
            caption="exact counts, last 15 years",
        ),
    }


#: The adjusted p-value below which a keyness table is presented as a finding.
SIGNIFICANT = 0.05


def _keyness(analysis: Any) -> list[dict]:
    if len(analysis.corpus.years) < 2:
        return []
    table = analysis.keyness("year", reference="previous", top_n=10)
    blocks = []
    for (target, reference), block in table.groupby(["target", "reference"], sort=False):
        shown = block[["term", "count_target", "count_reference", "z", "g2", "p_adj"]].copy()
        shown.columns = ["term", f"count {target}", f"count {reference}", "z", "G²", "p_adj"]
        significant = bool((block["p_adj"] < SIGNIFICANT).any())
        blocks.append({
            "year": target,
            "title": f"{target} against {reference}"
            + ("" if significant else ": nothing significant at 5%"),
            "significant": significant,
            "table": _table(shown, numeric=set(shown.columns) - {"term"}),
        })  # fmt: skip
    return sorted(blocks, key=lambda b: b["year"], reverse=True)


def _places(analysis: Any) -> dict | None:
    """The place-by-place section, when the corpus holds documents of several regions: the
    localised pairs side by side per year, and each region's keyness against the others."""
    regions = analysis.grouping("region")
    if len(regions) < 2:
        return None
    out: dict[str, Any] = {"regions": [str(label) for label in regions.labels], "pairs": None}
    if analysis.corpus.years:
        pairs = analysis.compare("year", what="pairs")
        used = pairs[pairs["count"] > 0]
        if len(used):
            shown = used[["group", "term", "count", "pair", "pair_count"]].copy()
            shown.columns = ["year", "localised", "count", "counterpart", "counterpart count"]
            out["pairs"] = _table(shown.sort_values(["localised", "year"], kind="stable"),
                                  numeric={"year", "count", "counterpart count"})  # fmt: skip
    table = analysis.keyness("region", top_n=10)
    out["keyness"] = []
    for target, block in table.groupby("target", sort=False):
        shown = block[["term", "count_target", "count_reference", "z", "g2", "p_adj"]].copy()
        shown.columns = ["term", f"count {target}", "count elsewhere", "z", "G²", "p_adj"]
        significant = bool((block["p_adj"] < SIGNIFICANT).any())
        out["keyness"].append({
            "title": f"{target} against the other regions"
            + ("" if significant else ": nothing significant at 5%"),
            "significant": significant,
            "table": _table(shown, numeric=set(shown.columns) - {"term"}),
        })  # fmt: skip
    return out


def _topics(analysis: Any, k: int, cjk: CjkFont | None) -> dict:
    if k <= 0:
        return {"topics_table": None, "topics_note": "Topics were not asked for (topics=0)."}
    try:
        model = analysis.topic_model(k)
    except AnalyzerError as exc:
        return {"topics_table": None, "topics_note": f"No topic model: {exc}."}
    summary = model.summary()[["topic", "label", "coherence", "share", "terms"]]
    out = {
        "topics_note": (
            f"LDA with {model.k_} topics on the paragraphs of the reports (seed "
            f"{model.seed}), each labelled by its top phrases; coherence is NPMI over "
            "paragraphs, share is the topic's share of the corpus; analyzer topics fits, saves "
            "and applies models."
        ),
        "topics_table": _table(summary, numeric={"topic", "coherence", "share"}),
        "topics_plot": None,
    }
    if analysis.corpus.years:
        by_year = model.topics_by(analysis.grouping("year"))
        shares = by_year.pivot(index="label", columns="group", values="share")
        shares = shares.loc[[label for label in summary["label"] if label in shares.index]]
        if shares.shape[1] >= 2:
            out["topics_plot"] = plots.heatmap(shares, title="Topic shares by year",
                                               colorbar="share", font=cjk)  # fmt: skip
    return out


# -- helpers ----------------------------------------------------------------------------------


def _script(name: str) -> str:
    """An inline script shipped beside the template (it must not close its element)."""
    from importlib.resources import files

    text = files("analyzer.report").joinpath("templates", name).read_text(encoding="utf-8")
    if "</script" in text.lower():
        raise AnalyzerError(f"{name} holds '</script', which would end its element early")
    return text


def _short_list(values: list, limit: int = 12) -> str:
    shown = ", ".join(map(str, values[:limit]))
    return shown + (" …" if len(values) > limit else "")


def _table(frame, *, numeric: set = frozenset(), caption: str | None = None) -> str:
    """A DataFrame as an escaped, sortable HTML table (numbers right-aligned)."""
    from .explore import html_table

    return html_table(frame, numeric=numeric, caption=caption)
