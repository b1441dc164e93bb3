"""The HTML report: one self-contained file to look at, explore and share.

It holds a corpus overview (documents per year, characters, files that could not be read, what
cleaning removed), the discovered phrases with their first and last years, a themes-by-years
heatmap, a bump chart of theme ranks, trend lines for chosen phrases, keyness tables for
consecutive years and a topic summary. The phrase table is an explorer: search it, sort it,
choose a phrase to see its counts per year and its contexts (:mod:`analyzer.report.explore`
defines the data the page's inline script reads). Plots are matplotlib SVG inlined in the page;
styles, script and data are inline, and a Content-Security-Policy forbids the page any request:
the file opens offline, from file://, in any browser, and can be mailed as it is.

Example:
    >>> from analyzer import Corpus
    >>> corpus = Corpus.from_texts(["扫黑除恶专项斗争。平安建设。" * 20, "扫黑除恶。枫桥经验。" * 20], years=[2019, 2020])
    >>> html = build_report(corpus, title="示例", topics=0, cache=None)
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
from ..corpus import Corpus
from ..errors import AnalyzerError
from . import plots
from .fonts import CjkFont, find_cjk_font, font_warning

__all__ = ["build_report", "write_report"]

logger = logging.getLogger(__name__)

#: The bump chart follows the most recent years only: fifty lines of ranks are unreadable.
_BUMP_GROUPS = 15
_PHRASE_COLUMNS = ["phrase", "kind", "count", "docs", "years", "first_year", "last_year", "pair"]


def write_report(corpus: Corpus, path: str | Path, **options: Any) -> Path:
    """Build the report (see :func:`build_report` for the options) and write it atomically."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        path = path.with_suffix(".html") if not path.suffix else path
    text = build_report(corpus, **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    return path


def build_report(
    corpus: Corpus,
    *,
    title: str | None = None,
    trend: Sequence[str] = (),
    top_phrases: int = 40,
    explore_phrases: int = 300,
    lines_per_group: int = 3,
    themes: Any = None,
    topics: int = 10,
    font: str | Path | None = None,
    cache: Any = None,
) -> str:
    """The report's HTML text.

    Args:
        corpus: the documents.
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
        cache: a :class:`~analyzer.cache.Cache` (or True for the default one).

    Raises:
        AnalyzerError: when the corpus has no document.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    from ..cache import Cache

    if not len(corpus):
        raise AnalyzerError("the corpus has no document: nothing to report")
    cache = Cache.coerce(cache)
    cjk = find_cjk_font(font)
    context: dict[str, Any] = {"version": __version__, "by": "year"}
    with progress.task("building the report", total=6) as step:
        context.update(_overview(corpus, cjk))
        step.advance()
        discoverer = corpus.phrase_discoverer(cache=cache)
        table = discoverer.table(max(top_phrases, explore_phrases))
        dated = corpus.filter(lambda d: d.year is not None)
        counts, contexts = _phrase_counts(dated, table["phrase"].tolist())
        context.update(_explore(table, counts, contexts, shown=top_phrases,
                                lines_per_group=lines_per_group))  # fmt: skip
        step.advance()
        context.update(_themes(corpus, themes, cjk))
        step.advance()
        context.update(_trends(corpus, list(trend), table, counts, cjk))
        step.advance()
        context["keyness"] = _keyness(corpus, dated, cache)
        step.advance()
        context.update(_topics(corpus, topics, cjk, cache))
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


def _default_title(corpus: Corpus) -> str:
    years = corpus.years
    span = f", {years[0]}–{years[-1]}" if years else ""
    return f"Policy formulations in {len(corpus)} report{'s' if len(corpus) != 1 else ''}{span}"


def _lead(corpus: Corpus) -> str:
    years = corpus.years
    return (
        f"{len(corpus)} documents, {corpus.chars:,} characters of cleaned text, "
        f"{len(years)} distinct years" + (f" ({years[0]}–{years[-1]})" if years else "") + "."
    )


def _overview(corpus: Corpus, cjk: CjkFont | None) -> dict:
    import pandas as pd

    grouping = corpus.group_by("year")
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
    }


def _cleaning(corpus: Corpus):
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


def _themes(corpus: Corpus, themes: Any, cjk: CjkFont | None) -> dict:
    from ..themes import ThemeDictionary, default_themes, theme_table

    source = "the shipped 政法 dictionary"
    if themes is not None and not isinstance(themes, ThemeDictionary):
        source = f"{Path(themes).name}"
        themes = ThemeDictionary.load(themes)
    themes = themes or default_themes()
    dated = corpus.filter(lambda d: d.year is not None)
    out: dict[str, Any] = {"themes_source": source, "themes_plot": None, "bump_plot": None,
                           "bump_years": _BUMP_GROUPS}  # fmt: skip
    if not len(dated):
        return out
    table = theme_table(dated, themes, by="year")
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


def _phrase_counts(dated: Corpus, phrases: list[str]):
    """Counts per year (``group, term, count, per_10k``) and every context (``id, year,
    offset, left, term, right, group``) of the listed phrases, in the dated documents."""
    import pandas as pd

    from ..compare import KWIC_COLUMNS, kwic, trend

    if not len(dated) or not phrases:
        return (pd.DataFrame(columns=["group", "term", "count", "per_10k"]),
                pd.DataFrame(columns=[*KWIC_COLUMNS, "group"]))  # fmt: skip
    counts = trend(dated, phrases)
    frames = [kwic(dated, phrase, by="year") for phrase in phrases]
    contexts = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
    contexts["group"] = contexts["year"]
    return counts, contexts


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


def _trends(corpus: Corpus, chosen: list[str], phrases, counts, cjk: CjkFont | None) -> dict:
    from ..compare import trend
    from .explore import choose_trend_phrases

    dated = corpus.filter(lambda d: d.year is not None)
    if not len(dated):
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
    table = trend(dated, chosen)
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


def _keyness(corpus: Corpus, dated: Corpus, cache) -> list[dict]:
    from ..keyness import keyness

    if len(dated.years) < 2:
        return []
    dtm = corpus.term_matrix(cache=cache)
    table = keyness(dtm, by="year", reference="previous", top_n=10)
    blocks = []
    for (target, reference), block in table.groupby(["target", "reference"], sort=False):
        shown = block[["term", "count_target", "count_reference", "z", "g2", "p_adj"]].copy()
        shown.columns = ["term", f"count {target}", f"count {reference}", "z", "G²", "p_adj"]
        blocks.append({
            "year": target,
            "title": f"{target} against {reference}",
            "table": _table(shown, numeric=set(shown.columns) - {"term"}),
        })  # fmt: skip
    return sorted(blocks, key=lambda b: b["year"], reverse=True)


def _topics(corpus: Corpus, k: int, cjk: CjkFont | None, cache) -> dict:
    if k <= 0:
        return {"topics_table": None, "topics_note": "Topics were not asked for (topics=0)."}
    try:
        model = corpus.topic_model(k, cache=cache)
    except AnalyzerError as exc:
        return {"topics_table": None, "topics_note": f"No topic model: {exc}."}
    summary = model.summary()
    out = {
        "topics_note": (
            f"LDA with {model.k_} topics on the paragraphs of the reports (seed 0), each "
            "labelled by its top phrases; coherence is NPMI over paragraphs, share is the "
            "topic's share of the corpus; analyzer topics fits, saves and applies models."
        ),
        "topics_table": _table(summary, numeric={"topic", "coherence", "share"}),
        "topics_plot": None,
    }
    if corpus.years:
        by_year = model.topics_by("year")
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
