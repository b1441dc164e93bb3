"""``analyzer phrases``: the policy-phrase (提法) table of a corpus."""

from __future__ import annotations

import click

from .options import (
    corpus_options,
    format_option,
    notice,
    output_option,
    segmenter_options,
    setting_default,
    top_option,
)
from .render import emit_frame


@click.command()
@corpus_options
@top_option("phrases", "Number of rows, best first.")
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=setting_default("min_count"),
    show_default=True,
    help="Fewest occurrences a listed phrase needs.",
)
@segmenter_options
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
    corpus_args, top_n, min_count, segmenter_args, save_lexicon, names, fmt, output
) -> None:
    """Discover the policy phrases (提法) of a corpus: slogans, numbered formulas, quoted
    formulations, localised campaigns. Rows best first with columns phrase, kind, count,
    docs, years, first_year, last_year, score (and kinds, pair, quoted). --no-lexicon
    discovers from the corpus alone.

    \b
    Examples:
      analyzer phrases reports/ --top 50
      analyzer phrases report.txt gov_work_reports.jsonl --no-lexicon --top 1000 --format csv
      analyzer phrases reports/ --save-lexicon phrases.tsv && analyzer tokens reports/ --lexicon phrases.tsv
    """
    from ..pipeline import phrase_lexicon

    corpus = corpus_args.load_documents()
    analysis = corpus_args.analysis(corpus, min_count=min_count, names=names,
                                    **segmenter_args.settings())  # fmt: skip
    table = analysis.phrases(top_n)
    undated = len(corpus.undated)
    if undated:
        notice(
            f"{undated} document(s) without a year count in count/docs but not in years or first/last year"
        )
    if save_lexicon:
        phrase_lexicon(table).save(save_lexicon)
        notice(f"wrote {len(table)} phrases to {save_lexicon} (use it with --lexicon)")
    if fmt == "table":
        table = table[["phrase", "kind", "count", "docs", "years", "first_year", "last_year",
                       "score", "pair"]]  # fmt: skip
    emit_frame(table, fmt, output, key="phrases", optional=["kind", "score"],
               numeric={"count", "docs", "years", "first_year", "last_year", "score"})  # fmt: skip


COMMANDS = [phrases]
