"""``analyzer report``: one self-contained HTML file with plots and tables."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import click

from .options import corpus_options, notice, writable_output

_SEPARATORS = re.compile(r"[,，、;；\s]+")


@click.command()
@corpus_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="report.html",
    show_default=True,
    callback=writable_output,
    help="The HTML file to write (a regular file, replaced atomically).",
)
@click.option("--title", default=None, help="Page title (default: made from the corpus).")
@click.option(
    "--trend",
    "trend_terms",
    multiple=True,
    metavar="PHRASE",
    help="Phrases whose trends are drawn (repeatable, or several after one --trend; "
    "default: the top discovered phrases used in three or more years).",
)
@click.option(
    "--dict",
    "dictionary",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Theme dictionary (TOML) for the heatmap and bump chart; default: the shipped one.",
)
@click.option(
    "--topics",
    "k",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Number of topics in the topic summary (0 leaves it out).",
)
@click.option(
    "--top",
    "top_phrases",
    type=click.IntRange(min=1),
    default=40,
    show_default=True,
    help="Rows of the phrase table.",
)
@click.option(
    "--font",
    type=click.Path(dir_okay=False),
    default=None,
    envvar="ANALYZER_CJK_FONT",
    help="Font file with Chinese glyphs for the plots (default: found among installed fonts).",
)
def report(corpus_args, output, title, trend_terms, dictionary, k, top_phrases, font) -> None:
    """Write one self-contained HTML report: corpus overview, phrase table, themes-by-years
    heatmap, bump chart of theme ranks, trend lines, keyness of each year against the previous
    one, and a topic summary. It opens offline and can be shared as one file.

    \b
    Examples:
      analyzer report national.jsonl -o national.html --trend 扫黑除恶 放管服 新质生产力
      analyzer report gansu-2021.txt national.jsonl --title "甘肃与全国" --topics 8
    """
    from ..report import write_report

    terms = [t for value in trend_terms for t in _SEPARATORS.split(value) if t]
    if terms:
        # `--trend A B` leaves B among the paths: a word that is no file is a phrase.
        paths, extra = [], []
        for path in corpus_args.paths:
            (paths if Path(path).exists() or not _looks_like_phrase(path) else extra).append(path)
        if extra:
            notice(f"following {', '.join(extra)} as --trend phrase(s) (no such file)")
            terms += extra
            corpus_args = dataclasses.replace(corpus_args, paths=tuple(paths))
    analysis = corpus_args.analysis(corpus_args.load_documents())
    pooled = analysis.grouping("year").pooled_notice()
    if pooled:
        notice(pooled)
    written = write_report(analysis, output, title=title, trend=terms, themes=dictionary,
                           topics=k, top_phrases=top_phrases, font=font)  # fmt: skip
    size = written.stat().st_size
    notice(f"wrote {written} ({size / 1024:,.0f} KB); open it in a browser")
    click.echo(str(written))


def _looks_like_phrase(argument: str) -> bool:
    """A CJK word with no path separator or file extension (扫黑除恶, 1+17+N)."""
    return (
        "/" not in argument
        and "\\" not in argument
        and not Path(argument).suffix
        and any("\u4e00" <= c <= "\u9fff" for c in argument)
    )


COMMANDS = [report]
