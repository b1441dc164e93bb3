"""``analyzer phrases``: the policy-phrase (提法) table of a corpus."""

from __future__ import annotations

import click

from .options import (
    corpus_options,
    format_option,
    notice,
    output_option,
    top_option,
    user_lexicon,
)
from .render import console, emit_text, records_csv, records_json, rich_table, to_records


@click.command()
@corpus_options
@top_option(100, "Number of rows, best first.")
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Fewest occurrences a listed phrase needs.",
)
@click.option(
    "--lexicon",
    "lexicons",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="User lexicon: its phrases are found as kind 'lexicon' (repeatable).",
)
@click.option(
    "--no-lexicon",
    is_flag=True,
    help="Use neither the built-in nor user lexicons: discovery from the corpus alone.",
)
@click.option(
    "--save-lexicon",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Also write the listed phrases as a lexicon, reusable with --lexicon FILE.",
)
@click.option(
    "--names",
    is_flag=True,
    help="Also list people (毛主席, 邓小平同志), with kind 'name'; by default they are left out.",
)
@format_option("table", "csv", "json")
@output_option
def phrases(
    corpus_args, top_n, min_count, lexicons, no_lexicon, save_lexicon, names, fmt, output
) -> None:
    """Discover the policy phrases (提法) of a corpus: slogans, numbered formulas, quoted
    formulations, localised campaigns. Rows best first with columns phrase, kind, count,
    docs, years, first_year, last_year, score (and kinds, pair, quoted).

    \b
    Examples:
      analyzer phrases reports/ --top 50
      analyzer phrases report.txt gov_work_reports.jsonl --no-lexicon --top 1000 --format csv
      analyzer phrases reports/ --save-lexicon phrases.tsv && analyzer tokens reports/ --lexicon phrases.tsv
    """
    from ..phrases import PhraseDiscoverer

    corpus = corpus_args.load_documents()
    user = user_lexicon(lexicons, disabled=no_lexicon)
    discoverer = PhraseDiscoverer(
        lexicon=user, builtin_lexicon=not no_lexicon, min_count=min_count, names=names
    )
    discoverer.fit(corpus, cache=corpus_args.cache())
    table = discoverer.table(top_n)
    undated = len(corpus.undated)
    if undated:
        notice(
            f"{undated} document(s) without a year count in count/docs but not in years or first/last year"
        )
    if save_lexicon:
        discoverer.to_lexicon(top_n).save(save_lexicon)
        notice(f"wrote {len(table)} phrases to {save_lexicon} (use it with --lexicon)")
    records = to_records(table)
    columns = list(table.columns)
    if fmt == "csv":
        emit_text(records_csv(records, columns), output)
    elif fmt == "json":
        emit_text(records_json({"phrases": records}), output)
    else:
        if not records:
            click.echo("no phrase found")
            return
        shown = [
            "phrase",
            "kind",
            "count",
            "docs",
            "years",
            "first_year",
            "last_year",
            "score",
            "pair",
        ]
        console().print(
            rich_table(
                records,
                shown,
                widths={"phrase": 20, "pair": 12},
                numeric={"count", "docs", "years", "first_year", "last_year", "score"},
            )
        )


COMMANDS = [phrases]
