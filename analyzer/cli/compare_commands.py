"""``analyzer compare``, ``trend``, ``timeline`` and ``kwic``: change over years and places."""

from __future__ import annotations

import click

from .options import (
    MethodDefault,
    by_notices,
    by_option,
    corpus_options,
    format_option,
    notice,
    output_option,
    top_option,
)
from .render import emit_frame, emit_tables, emit_text, kwic_table, rich_table, to_records

_SPARKS = "▁▂▃▄▅▆▇█"


def split_arguments(arguments: tuple[str, ...], *, what: str) -> tuple[tuple[str, ...], list[str]]:
    """PATH... then TERM...: arguments that exist as files or folders are paths; one that looks
    like a path (holds a slash or ends in a readable suffix) but does not exist is an error, not
    a term; the others are terms."""
    from pathlib import Path

    from ..errors import AnalyzerError
    from ..readers import supported

    paths, terms = [], []
    for argument in arguments:
        if Path(argument).exists():
            paths.append(argument)
        elif (
            "/" in argument
            or "\\" in argument
            or (Path(argument).suffix and supported(Path(argument)))
        ):
            raise AnalyzerError(f"{argument}: no such file or folder")
        else:
            terms.append(argument)
    if not paths:
        raise AnalyzerError(
            f"no existing file or folder among the arguments: give PATH... then {what}"
        )
    if not terms:
        raise AnalyzerError(f"no term among the arguments: give PATH... then {what}")
    return tuple(paths), terms


@click.command()
@corpus_options
@by_option("compare")
@click.option(
    "--what",
    type=click.Choice(["phrases", "keywords", "themes", "topics", "pairs"]),
    cls=MethodDefault,
    method="compare",
    parameter="what",
    help="What is ranked in each group.",
)
@top_option("compare", "Rows per group (terms that dropped out of the previous top are added).")
@click.option(
    "--from", "start", default=None, metavar="Y",
    help="First group to show (of the first --by field); the numbers shown do not change.",
)  # fmt: skip
@click.option("--to", "end", default=None, metavar="Y", help="Last group to show.")
@click.option(
    "--dict",
    "dictionary",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Theme dictionary for --what themes.",
)
@format_option("table", "csv", "json")
@output_option
def compare(corpus_args, by, what, top_n, start, end, dictionary, fmt, output) -> None:
    """Rank phrases (or keywords, themes, topics) in every group and compare each group with
    the previous available one: columns group, term, rank, count, per_10k, prev_group,
    prev_rank, change (new, up, down, same, dropped), delta_per_10k, g2, p_adj, gap.

    \b
    Examples:
      analyzer compare national.jsonl --by year --top 10 --from 2015
      analyzer compare gansu/ national.jsonl --by region --what pairs
      analyzer compare reports/ --what themes --format csv
    """
    analysis = corpus_args.analysis(corpus_args.load_documents())
    by_notices(analysis, by)
    table = analysis.compare(by, what=what, top_n=top_n, start=start, end=end, themes=dictionary)
    if fmt == "table" and what != "pairs":
        _print_compare(table, by, output, shares=what == "topics")
        return
    emit_frame(table, fmt, output, key="compare", widths={"term": 18, "pair": 18},
          numeric={"rank", "count", "per_10k", "prev_rank", "delta_per_10k", "g2", "p_adj", "gap",
                   "pair_count", "pair_per_10k"})  # fmt: skip


def _print_compare(table, by: str, output: str | None, *, shares: bool = False) -> None:
    import pandas as pd

    tables = []
    marks = {"new": "new", "up": "▲", "down": "▼", "same": "=", "dropped": "dropped"}
    if table.empty:
        emit_text("no compare rows\n", output)
        return
    for group, block in table.groupby("group", sort=False):
        first = block.iloc[0]
        previous = first["prev_group"]
        if previous is None or pd.isna(previous):
            title = f"{by} {group}"
        else:
            gap = first["gap"]
            missing = f", {int(gap)} missing between" if not pd.isna(gap) and int(gap) > 0 else ""
            title = f"{by} {group} (previous: {previous}{missing})"
        records = []
        for row in block.itertuples():
            record = {"rank": row.rank, "term": row.term}
            if shares:
                record.update(share=row.share, prev=row.prev_rank,
                              change=marks.get(row.change, row.change), **{"Δ share": row.delta_share})  # fmt: skip
            else:
                record.update(count=row.count, per_10k=row.per_10k, prev=row.prev_rank,
                              change=marks.get(row.change, row.change),
                              **{"Δ per_10k": row.delta_per_10k, "p_adj": row.p_adj})  # fmt: skip
            records.append(record)
        frame = pd.DataFrame(records)
        columns = list(frame.columns)
        tables.append(rich_table(to_records(frame), columns, title=title, optional=["prev"],
                                 numeric=set(columns) - {"term", "change"}))  # fmt: skip
    emit_tables(tables, output)


@click.command()
@corpus_options(metavar="PATH... TERM...")
@by_option("trend")
@click.option("--from", "start", default=None, metavar="Y", help="First group to show.")
@click.option("--to", "end", default=None, metavar="Y", help="Last group to show.")
@format_option("table", "csv", "json")
@output_option
def trend(corpus_args, by, start, end, fmt, output) -> None:
    """Count and per_10k of each TERM in every group, zeros included: columns group, term,
    count, per_10k; a sparkline per term in table format. Counts are exact on the cleaned
    text. Arguments that exist as files or folders are paths; the rest are terms.

    \b
    Examples:
      analyzer trend national.jsonl 扫黑除恶 枫桥经验 放管服 新质生产力
      analyzer trend reports/ 平安中国 --format csv
    """
    import dataclasses

    paths, terms = split_arguments(corpus_args.paths, what="TERM...")
    corpus_args = dataclasses.replace(corpus_args, paths=paths)
    analysis = corpus_args.analysis(corpus_args.load_documents())
    by_notices(analysis, by)
    table = analysis.trend(terms, by=by, start=start, end=end)
    if fmt != "table":
        emit_frame(table, fmt, output, key="trend")
        return
    from rich.text import Text

    lines = []
    for term, block in table.groupby("term", sort=False):
        values = block["per_10k"].to_numpy()
        top = values.max() or 1
        spark = "".join(
            _SPARKS[min(int(v / top * (len(_SPARKS) - 1) + 0.5), len(_SPARKS) - 1)]
            if v > 0
            else " "
            for v in values
        )
        lines.append(
            f"[bold]{term}[/bold]  {block['count'].sum()} in {int((block['count'] > 0).sum())} of {len(block)} {by}s"
        )
        lines.append(Text(f"  {spark}", no_wrap=True, overflow="ignore"))  # one cell per group
    order = list(dict.fromkeys(table["term"]))
    pivot = table.pivot(index="group", columns="term", values="count")[order]
    pivot = pivot.reindex(list(dict.fromkeys(table["group"]))).reset_index()
    pivot.columns = [str(c) for c in pivot.columns]
    columns = list(pivot.columns)
    lines.append(
        rich_table(to_records(pivot), columns, numeric=set(columns), title="counts", keys={"group"})
    )
    emit_tables(lines, output)


@click.command()
@corpus_options
@by_option("timeline", "Group: year (the default) or any metadata field.")
@click.option(
    "--recent",
    type=click.IntRange(min=1),
    cls=MethodDefault,
    method="timeline",
    parameter="recent",
    help="Groups that count as recent for emerging and fading.",
)
@top_option("timeline", "Discovered phrases to follow.")
@format_option("table", "csv", "json")
@output_option
def timeline(corpus_args, by, recent, top_n, fmt, output) -> None:
    """The life of each discovered phrase: first_year, last_year, years_present, peak_year,
    lifespan and status (emerging, persistent, fading, one-off)."""
    analysis = corpus_args.analysis(corpus_args.load_documents())
    by_notices(analysis, by)
    table = analysis.timeline(by=by, recent=recent, top_n=top_n)
    if fmt == "table":
        # Short headers, so that the table fits a 100-column terminal; CSV and JSON keep the
        # documented column names.
        table = table.drop(columns=["peak_per_10k"]).rename(columns={
            "first_year": "first", "last_year": "last", "years_present": "years",
            "peak_year": "peak", "lifespan": "span",
        })  # fmt: skip
    emit_frame(table, fmt, output, key="timeline", widths={"phrase": 20},
          numeric={"first_year", "last_year", "years_present", "peak_year", "peak_per_10k",
                   "lifespan", "count", "first", "last", "years", "peak", "span"})  # fmt: skip


@click.command()
@corpus_options(metavar="PATH... TERM...")
@click.option(
    "--window",
    type=click.IntRange(min=1),
    cls=MethodDefault,
    method="kwic",
    parameter="window",
    help="Characters of context on each side.",
)
@click.option(
    "--by",
    default=None,
    help="Only documents with a value for this field (year …, or several), in group order, "
    "with a group column.",
)
@format_option("table", "csv", "json")
@output_option
def kwic(corpus_args, window, by, fmt, output) -> None:
    """Keyword in context: every occurrence of each TERM (exactly those the counts of phrases,
    trend and compare count) with document id, year, character offset in the cleaned text,
    and aligned left and right context. Arguments that exist as files or folders are paths;
    the rest are terms.

    \b
    Examples:
      analyzer kwic national.jsonl 枫桥经验
      analyzer kwic gansu.txt national.jsonl 扫黑除恶 枫桥经验 --format csv
    """
    import dataclasses

    paths, terms = split_arguments(corpus_args.paths, what="TERM...")
    corpus_args = dataclasses.replace(corpus_args, paths=paths)
    analysis = corpus_args.analysis(corpus_args.load_documents())
    table = analysis.kwic(terms, window=window, by=by)
    if fmt != "table":
        emit_frame(table, fmt, output, key="kwic")
        return
    if table.empty:
        emit_text(f"no occurrence of {', '.join(terms)}\n", output)
        return
    emit_tables([kwic_table(to_records(table))], output)
    notice(f"{len(table)} occurrence(s) in {table['id'].nunique()} document(s)")


COMMANDS = [compare, trend, timeline, kwic]
