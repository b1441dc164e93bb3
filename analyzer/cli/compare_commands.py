"""``analyzer compare``, ``trend``, ``timeline`` and ``kwic``: change over years and places."""

from __future__ import annotations

import click

from .options import corpus_options, format_option, notice, output_option, top_option
from .render import emit_frame, emit_tables, emit_text, kwic_table, rich_table, to_records

_SPARKS = "▁▂▃▄▅▆▇█"


def _by_notices(corpus, by: str) -> None:
    if by == "doc":
        return
    grouping = corpus.group_by(by)
    if grouping.notice():
        notice(grouping.notice())
    missing = grouping.missing()
    if missing:
        shown = ", ".join(map(str, missing[:12])) + (" …" if len(missing) > 12 else "")
        notice(f"no document for {len(missing)} {by}(s) in the span ({shown}): "
               f"'previous' means the previous available {by}, named in prev_group")  # fmt: skip


@click.command()
@corpus_options
@click.option(
    "--by",
    default="year",
    show_default=True,
    help="Group: year, region, source, or any metadata field.",
)
@click.option(
    "--what",
    type=click.Choice(["phrases", "keywords", "themes", "topics", "pairs"]),
    default="phrases",
    show_default=True,
    help="What is ranked in each group.",
)
@top_option(20, "Rows per group (terms that dropped out of the previous top are added).")
@click.option("--from", "start", default=None, metavar="Y", help="First group to show.")
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
    from ..compare import compare as run

    corpus = corpus_args.load_documents()
    _by_notices(corpus, by)
    options = {}
    if dictionary:
        from ..themes import ThemeDictionary

        options["themes"] = ThemeDictionary.load(dictionary)
    table = run(
        corpus,
        by=by,
        what=what,
        top_n=top_n,
        start=start,
        end=end,
        cache=corpus_args.cache(),
        **options,
    )
    if fmt == "table" and what != "pairs":
        _print_compare(table, by, output)
        return
    emit_frame(table, fmt, output, key="compare", widths={"term": 18, "pair": 18},
          numeric={"rank", "count", "per_10k", "prev_rank", "delta_per_10k", "g2", "p_adj", "gap",
                   "pair_count", "pair_per_10k"})  # fmt: skip


def _print_compare(table, by: str, output: str | None) -> None:
    tables = []
    marks = {"new": "new", "up": "▲", "down": "▼", "same": "=", "dropped": "dropped"}
    for group, block in table.groupby("group", sort=False):
        first = block.iloc[0]
        previous = first["prev_group"]
        if previous is None:
            title = f"{by} {group}"
        else:
            gap = first["gap"]
            missing = (
                f", {int(gap)} missing between"
                if gap is not None and gap == gap and int(gap) > 0
                else ""
            )
            title = f"{by} {group} (previous: {previous}{missing})"
        records = []
        for row in block.itertuples():
            records.append({
                "rank": row.rank, "term": row.term, "count": row.count, "per_10k": row.per_10k,
                "prev": row.prev_rank, "change": marks.get(row.change, row.change),
                "Δ per_10k": row.delta_per_10k, "p_adj": row.p_adj,
            })  # fmt: skip
        records = to_records(__import__("pandas").DataFrame(records))
        tables.append(rich_table(records, ["rank", "term", "count", "per_10k", "prev", "change", "Δ per_10k", "p_adj"],
                                 title=title, optional=["prev"],
                                 numeric={"rank", "count", "per_10k", "prev", "Δ per_10k", "p_adj"}))  # fmt: skip
    emit_tables(tables, output)


@click.command()
@corpus_options(metavar="PATH... TERM...")
@click.option("--by", default="year", show_default=True, help="Group: year or any metadata field.")
@format_option("table", "csv", "json")
@output_option
def trend(corpus_args, by, fmt, output) -> None:
    """Count and per_10k of each TERM in every group, zeros included: columns group, term,
    count, per_10k; a sparkline per term in table format. Counts are exact on the cleaned
    text. Arguments that exist as files or folders are paths; the rest are terms.

    \b
    Examples:
      analyzer trend national.jsonl 扫黑除恶 枫桥经验 放管服 新质生产力
      analyzer trend reports/ 平安中国 --format csv
    """
    import dataclasses
    from pathlib import Path

    from ..compare import trend as run
    from ..errors import AnalyzerError

    arguments = corpus_args.paths
    paths = tuple(a for a in arguments if Path(a).exists())
    terms = [a for a in arguments if not Path(a).exists()]
    if not paths:
        raise AnalyzerError(
            "no existing file or folder among the arguments: give PATH... then TERM..."
        )
    if not terms:
        raise AnalyzerError("no term among the arguments: give PATH... then TERM...")
    corpus = dataclasses.replace(corpus_args, paths=paths).load_documents()
    _by_notices(corpus, by)
    table = run(corpus, terms, by=by)
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
    pivot = table.pivot(index="group", columns="term", values="count")[order].reset_index()
    pivot.columns = [str(c) for c in pivot.columns]
    columns = list(pivot.columns)
    lines.append(
        rich_table(to_records(pivot), columns, numeric=set(columns), title="counts", keys={"group"})
    )
    emit_tables(lines, output)


@click.command()
@corpus_options
@click.option("--by", default="year", show_default=True, help="Group: year or any metadata field.")
@click.option(
    "--recent",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Groups that count as recent for emerging and fading.",
)
@top_option(200, "Discovered phrases to follow.")
@format_option("table", "csv", "json")
@output_option
def timeline(corpus_args, by, recent, top_n, fmt, output) -> None:
    """The life of each discovered phrase: first_year, last_year, years_present, peak_year,
    lifespan and status (emerging, persistent, fading, one-off)."""
    from ..compare import timeline as run

    corpus = corpus_args.load_documents()
    _by_notices(corpus, by)
    table = run(corpus, by=by, recent=recent, cache=corpus_args.cache(), top_n=top_n)
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
@corpus_options(metavar="PATH... TERM")
@click.option(
    "--window",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Characters of context on each side.",
)
@click.option(
    "--by",
    default=None,
    help="Only documents with a value for this field (year …), in group order.",
)
@format_option("table", "csv", "json")
@output_option
def kwic(corpus_args, window, by, fmt, output) -> None:
    """Keyword in context: every occurrence of TERM with document id, year, character offset in
    the cleaned text, and aligned left and right context. The last argument is the term."""
    import dataclasses
    from pathlib import Path

    from ..compare import kwic as run
    from ..errors import AnalyzerError

    if len(corpus_args.paths) < 2:
        raise AnalyzerError("give PATH... then TERM")
    *paths, term = corpus_args.paths
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise AnalyzerError(f"{missing[0]}: no such file or folder")
    corpus = dataclasses.replace(corpus_args, paths=tuple(paths)).load_documents()
    table = run(corpus, term, window=window, by=by)
    if fmt != "table":
        emit_frame(table, fmt, output, key="kwic")
        return
    if table.empty:
        emit_text(f"no occurrence of {term}\n", output)
        return
    emit_tables([kwic_table(to_records(table))], output)
    notice(f"{len(table)} occurrence(s) in {table['id'].nunique()} document(s)")


COMMANDS = [compare, trend, timeline, kwic]
