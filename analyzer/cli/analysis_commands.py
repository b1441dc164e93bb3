"""``analyzer keywords``, ``keyness``, ``topics`` and ``themes``: statistics on phrase-aware terms."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from .options import (
    SegmenterArgs,
    corpus_options,
    format_option,
    notice,
    output_option,
    segmenter_options,
    top_option,
)
from .render import emit_frame, emit_tables, rich_table


@dataclass(frozen=True)
class TermArgs:
    """How texts become terms: phrases, lexicons, units, stopwords, frequency bounds."""

    phrases: bool
    segmenter: SegmenterArgs
    unit: str
    chunk_chars: int
    stopwords: tuple[str, ...]
    stopword_files: tuple[str, ...]
    min_df: float
    max_df: float

    def dtm(self, corpus, cache):
        """The document-term matrix these options ask for."""
        from ..vectorize import term_matrix

        return term_matrix(
            corpus, phrases=self.phrases, lexicon=self.segmenter.user_lexicon(),
            builtin_lexicon=not self.segmenter.no_lexicon, backend=self.segmenter.backend,
            unit=self.unit, chunk_chars=self.chunk_chars,
            stopwords=self.stopwords, stopword_files=self.stopword_files, min_df=self.min_df,
            max_df=self.max_df, cache=cache,
        )  # fmt: skip


def term_options(*, unit: str = "paragraph", min_df: float = 1, max_df: float = 1.0) -> Callable:
    """Options shared by the commands that count terms."""

    def decorate(func: Callable) -> Callable:
        options = [
            click.option(
                "--no-phrases",
                is_flag=True,
                help="Count jieba's tokens only, without the corpus' discovered phrases.",
            ),
            click.option(
                "--unit",
                type=click.Choice(["paragraph", "chunk", "document"]),
                default=unit,
                show_default=True,
                help="What a row of the term matrix is: long reports are modelled as paragraphs or chunks.",
            ),
            click.option(
                "--chunk-chars",
                type=click.IntRange(min=50),
                default=1000,
                show_default=True,
                help="Chunk size in characters (whole sentences) with --unit chunk.",
            ),
            click.option(
                "--stopwords",
                multiple=True,
                type=click.Choice(["function", "boilerplate", "none"]),
                default=("function", "boilerplate"),
                show_default=True,
                help="Shipped stopword lists (repeatable): Chinese function words; boilerplate verbs of official prose (坚持, 加强 …).",
            ),
            click.option(
                "--stopword-file",
                "stopword_files",
                multiple=True,
                type=click.Path(exists=True, dir_okay=False),
                help="More stopwords, one per line (repeatable).",
            ),
            click.option(
                "--min-df",
                type=float,
                default=min_df,
                show_default=True,
                help="Keep terms in at least this many units (or this share, below 1).",
            ),
            click.option(
                "--max-df",
                type=float,
                default=max_df,
                show_default=True,
                help="Keep terms in at most this share of units (or this many, above 1).",
            ),
        ]

        @functools.wraps(func)
        def wrapper(*args, segmenter_args, no_phrases, unit, chunk_chars, stopwords,
                    stopword_files, min_df, max_df, **kwargs):  # fmt: skip
            term_args = TermArgs(not no_phrases, segmenter_args, unit, chunk_chars, stopwords,
                                 stopword_files, min_df, max_df)  # fmt: skip
            return func(*args, term_args=term_args, **kwargs)

        for option in reversed(options):
            wrapper = option(wrapper)
        return segmenter_options(wrapper)

    return decorate


def _grouping_notice(corpus, by: str) -> None:
    if by not in {"doc", "id"}:
        grouping = corpus.group_by(by)
        if grouping.notice():
            notice(grouping.notice())


@click.command()
@corpus_options
@term_options()
@click.option(
    "--by",
    default="doc",
    show_default=True,
    help="Group: doc (each document), year, or any metadata field.",
)
@click.option(
    "--method",
    type=click.Choice(["tfidf", "textrank", "ctfidf"]),
    default="tfidf",
    show_default=True,
    help="TF-IDF per group, TextRank over the co-occurrence graph, or class-based TF-IDF.",
)
@top_option(10, "Terms per group.")
@click.option(
    "--background",
    type=click.Choice(["jieba", "none"]),
    default="jieba",
    show_default=True,
    help="For tfidf: also weigh terms by their rarity in general Chinese (jieba's IDF table), "
    "or use the corpus alone.",
)
@format_option("table", "csv", "json")
@output_option
def keywords(corpus_args, term_args, by, method, top_n, background, fmt, output) -> None:
    """Top terms of every document or group, on phrase-aware terms. Columns: group, term,
    rank, score, count.

    \b
    Examples:
      analyzer keywords reports/ --by year --method ctfidf --top 15
      analyzer keywords report.txt national.jsonl --by doc --format csv
    """
    from ..keywords import keywords as run

    corpus = corpus_args.load_documents()
    _grouping_notice(corpus, by)
    dtm = term_args.dtm(corpus, corpus_args.cache())
    table = run(dtm, by=by, method=method, top_n=top_n, background=background)
    emit_frame(
        table,
        fmt,
        output,
        key="keywords",
        widths={"group": 24, "term": 20},
        numeric={"rank", "score", "count"},
    )


@click.command()
@corpus_options
@term_options()
@click.option(
    "--by", default="year", show_default=True, help="Group: year, doc, or any metadata field."
)
@click.option(
    "--target", default=None, help="The group to characterise (default: every group in turn)."
)
@click.option(
    "--reference",
    default="rest",
    show_default=True,
    help="rest, previous (the previous available group), or a group value.",
)
@click.option(
    "--measure",
    type=click.Choice(["lr", "g2"]),
    default="lr",
    show_default=True,
    help="Rank by the log-odds z-score (Monroe et al. 2008) or by signed G² (Dunning 1993).",
)
@top_option(20, "Terms per comparison.")
@format_option("table", "csv", "json")
@output_option
def keyness(corpus_args, term_args, by, target, reference, measure, top_n, fmt, output) -> None:
    """Terms that set a group apart from another, from the rest, or from the previous group:
    log-odds ratio with informative Dirichlet prior (z-scores) and log-likelihood G² with
    Benjamini-Hochberg adjusted p-values, beside the raw counts and rates of both sides.

    \b
    Examples:
      analyzer keyness national.jsonl --by year --target 2024 --reference 2023
      analyzer keyness reports/ --by year --reference previous --format csv
    """
    from ..keyness import keyness as run

    corpus = corpus_args.load_documents()
    _grouping_notice(corpus, by)
    table = run(term_args.dtm(corpus, corpus_args.cache()), by=by, target=target, reference=reference,
                measure=measure, top_n=top_n)  # fmt: skip
    shown = table if fmt != "table" else table[["target", "reference", "term", "rank", "count_target",
                                                "count_reference", "z", "g2", "p_adj"]]  # fmt: skip
    emit_frame(shown, fmt, output, key="keyness", widths={"term": 20},
          numeric={"rank", "count_target", "count_reference", "z", "g2", "p_adj"})  # fmt: skip


class DefaultGroup(click.Group):
    """A group whose first argument, when it is not a subcommand, goes to a default command."""

    default_command = "fit"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup)
def topics() -> None:
    """Topic models: `analyzer topics PATH...` fits one; `analyzer topics apply MODEL PATH...`
    applies a saved model to new documents."""


@topics.command("fit")
@corpus_options
@term_options(min_df=3, max_df=0.1)  # analyzer.topics.TOPIC_MIN_DF, TOPIC_MAX_DF
@click.option(
    "--k",
    "k",
    default="10",
    show_default=True,
    help="Number of topics, or 'auto' (chosen by NPMI coherence).",
)
@click.option(
    "--method",
    type=click.Choice(["lda", "nmf"]),
    default="lda",
    show_default=True,
    help="Latent Dirichlet allocation or non-negative matrix factorisation.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same model)."
)
@top_option(10, "Terms per topic.")
@click.option(
    "--seeded",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Guide NMF with a theme dictionary (TOML); use 'default' for the shipped 政法 themes.",
)
@click.option(
    "--save",
    "save_as",
    default=None,
    metavar="NAME",
    help="Save the model as models/NAME.joblib (+ .json card), or to a path.",
)
@click.option(
    "--show",
    type=click.Choice(["summary", "terms", "documents", "years"]),
    default="summary",
    show_default=True,
    help="Which table to print.",
)
@format_option("table", "csv", "json")
@output_option
def fit_topics(
    corpus_args, term_args, k, method, seed, top_n, seeded, save_as, show, fmt, output
) -> None:
    """Fit a topic model (LDA or NMF) on the paragraphs of a corpus and print its topics, each
    labelled by its top phrases, with coherence and share; or the topic-term table, document
    shares or topic shares per year (--show).

    \b
    Examples:
      analyzer topics national.jsonl --k auto --save national
      analyzer topics reports/ --method nmf --seeded default --show years --format csv
    """
    from ..errors import ParameterError
    from ..topics import TopicModel

    if k != "auto":
        try:
            k = int(k)
        except ValueError:
            raise ParameterError(f"--k {k!r} must be a number or 'auto'") from None
    seeds = None
    if seeded:
        from ..themes import ThemeDictionary, default_themes

        seeds = (default_themes() if seeded == "default" else ThemeDictionary.load(seeded)).seeds()
        method = "nmf"
    corpus = corpus_args.load_documents()
    dtm = term_args.dtm(corpus, corpus_args.cache())
    if k == "auto":
        notice("fitting several k and keeping the most coherent: this takes a while")
    model = TopicModel(k=k, method=method, seed=seed, top_n=top_n, seeds=seeds).fit(dtm)
    if save_as:
        target = (
            Path(save_as)
            if ("/" in save_as or save_as.endswith(".joblib"))
            else Path("models") / save_as
        )
        written = model.save(target, corpus_fingerprint=_fingerprint(corpus))
        notice(f"saved the model to {written} and its card to {written.with_suffix('.json')}")
    _show(model, show, fmt, output)


@topics.command("apply")
@click.argument("model_path", metavar="MODEL", type=click.Path())
@corpus_options
@term_options(min_df=1, max_df=1.0)
@click.option(
    "--show",
    type=click.Choice(["documents", "years", "summary"]),
    default="documents",
    show_default=True,
    help="Which table to print.",
)
@format_option("table", "csv", "json")
@output_option
def apply_topics(model_path, corpus_args, term_args, show, fmt, output) -> None:
    """Apply a saved topic model (models/NAME or a path) to new documents: their topic shares."""
    from ..lexicon import Lexicon
    from ..segment import Segmenter
    from ..stopwords import load_stopwords
    from ..topics import TopicModel
    from ..vectorize import document_term_matrix

    path = Path(model_path)
    if not path.suffix and not path.exists() and "/" not in model_path:
        path = Path("models") / model_path
    model = TopicModel.load(path)
    corpus = corpus_args.load_documents()
    segmenter = Segmenter(
        backend=term_args.segmenter.backend, lexicon=Lexicon(model.phrases_), builtin_lexicon=False
    )
    stop = load_stopwords(
        [s for s in term_args.stopwords if s != "none"], files=term_args.stopword_files
    )
    dtm = document_term_matrix(corpus, segmenter=segmenter, unit=model.unit_, stopwords=stop,
                               cache=corpus_args.cache())  # fmt: skip
    model.attach(dtm)
    _show(model, show, fmt, output)


def _show(model, show: str, fmt: str, output: str | None) -> None:
    if show == "terms":
        emit_frame(model.topic_terms(), fmt, output, key="topic_terms", widths={"label": 24, "term": 20},
              numeric={"topic", "rank", "weight"})  # fmt: skip
    elif show == "documents":
        emit_frame(model.document_topics(), fmt, output, key="document_topics", widths={"id": 24, "label": 24},
              numeric={"year", "topic", "share"})  # fmt: skip
    elif show == "years":
        emit_frame(model.topics_by("year"), fmt, output, key="topics_by_year", widths={"label": 24},
              numeric={"group", "topic", "share"})  # fmt: skip
    else:
        emit_frame(model.summary(), fmt, output, key="topics", widths={"label": 22, "terms": 44},
              numeric={"topic", "coherence", "share"})  # fmt: skip


def _fingerprint(corpus) -> str:
    from ..cache import content_key

    return content_key(*(f"{d.id}|{d.year}|{d.text}" for d in corpus))[:16]


@click.command()
@corpus_options
@click.option(
    "--dict",
    "dictionary",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Theme dictionary (TOML); default: the shipped 政法 themes.",
)
@click.option(
    "--by", default="year", show_default=True, help="Group: year, doc, or any metadata field."
)
@format_option("table", "csv", "json")
@output_option
def themes(corpus_args, dictionary, by, fmt, output) -> None:
    """Theme hits per document or group: hits, per 10,000 characters, and share of all theme
    hits. Columns: group, theme, hits, chars, per_10k, share.

    \b
    Examples:
      analyzer themes reports/ --by year
      analyzer themes reports/ --dict my-themes.toml --format csv
    """
    from ..themes import ThemeDictionary, theme_table

    corpus = corpus_args.load_documents()
    _grouping_notice(corpus, by)
    table = theme_table(corpus, ThemeDictionary.load(dictionary) if dictionary else None, by=by)
    if fmt == "table":
        _print_theme_grid(table, by, output)
        return
    emit_frame(table, fmt, output, key="themes")


def _print_theme_grid(table, by: str, output: str | None) -> None:
    """Groups down, themes across, hits per 10,000 characters with one decimal; theme names
    break between their words (安全/稳定), so that nine themes fit an 80-column terminal."""
    order = list(dict.fromkeys(table["theme"]))
    pivot = table.pivot(index="group", columns="theme", values="per_10k")[order]
    records = [{by: group, **{theme: f"{value:.1f}" if value else "·" for theme, value in row.items()}}
               for group, row in pivot.iterrows()]  # fmt: skip
    emit_tables([rich_table(records, [by, *order], keys={by}, numeric=set(order),
                            title=f"theme hits per 10,000 characters, by {by}")], output)  # fmt: skip


COMMANDS = [keywords, keyness, topics, themes]
