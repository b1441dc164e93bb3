"""``analyzer keywords``, ``keyness``, ``topics`` and ``themes``: statistics on phrase-aware terms."""

from __future__ import annotations

from pathlib import Path

import click

from .options import (
    MethodDefault,
    by_notices,
    by_option,
    corpus_options,
    format_option,
    notice,
    output_option,
    segmenter_options,
    setting_default,
    term_options,
    top_option,
)
from .render import emit_frame, emit_tables, rich_table


@click.command()
@corpus_options
@term_options()
@by_option(
    "keywords",
    "Group: doc (each document), year, region, any metadata field, or several (year,region).",
)
@click.option(
    "--method",
    type=click.Choice(["tfidf", "textrank", "ctfidf"]),
    cls=MethodDefault,
    method="keywords",
    parameter="method",
    help="TF-IDF per group, TextRank over the co-occurrence graph, or class-based TF-IDF.",
)
@top_option("keywords", "Terms per group.")
@click.option(
    "--background",
    type=click.Choice(["jieba", "none"]),
    cls=MethodDefault,
    method="keywords",
    parameter="background",
    help="For tfidf: also weigh terms by their rarity in general Chinese (jieba's IDF table), "
    "or use the corpus alone.",
)
@format_option("table", "csv", "json")
@output_option
def keywords(corpus_args, settings, by, method, top_n, background, fmt, output) -> None:
    """Top terms of every document or group, on phrase-aware terms. Columns: group, term,
    rank, score, count.

    \b
    Examples:
      analyzer keywords reports/ --by year --method ctfidf --top 15
      analyzer keywords report.txt national.jsonl --by doc --format csv
    """
    analysis = corpus_args.analysis(corpus_args.load_documents(), **settings)
    by_notices(analysis, by)
    table = analysis.keywords(by, method=method, top_n=top_n, background=background)
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
@by_option("keyness")
@click.option(
    "--target",
    default=None,
    help="The group to characterise (a value, or a label such as '2021 · 甘肃'; default: "
    "every group in turn, each against its reference).",
)
@click.option(
    "--reference",
    cls=MethodDefault,
    method="keyness",
    parameter="reference",
    help="rest, previous (the previous available group), or a group value.",
)
@click.option(
    "--measure",
    type=click.Choice(["lr", "g2"]),
    cls=MethodDefault,
    method="keyness",
    parameter="measure",
    help="Rank by the log-odds z-score (Monroe et al. 2008) or by signed G² (Dunning 1993).",
)
@top_option("keyness", "Terms per comparison.")
@format_option("table", "csv", "json")
@output_option
def keyness(corpus_args, settings, by, target, reference, measure, top_n, fmt, output) -> None:
    """Terms that set a group apart from another, from the rest, or from the previous group:
    log-odds ratio with informative Dirichlet prior (z-scores) and log-likelihood G² with
    Benjamini-Hochberg adjusted p-values, beside the raw counts and rates of both sides.

    \b
    Examples:
      analyzer keyness national.jsonl --by year --target 2024 --reference 2023
      analyzer keyness reports/ --by year --reference previous --format csv
    """
    analysis = corpus_args.analysis(corpus_args.load_documents(), **settings)
    by_notices(analysis, by)
    table = analysis.keyness(by, target=target, reference=reference, measure=measure,
                             top_n=top_n)  # fmt: skip
    if target is None:
        against = (
            "the rest"
            if reference == "rest"
            else "its previous group"
            if reference == "previous"
            else reference
        )
        notice(f"each {by} group against {against}, the top {top_n} terms of each "
               "(choose one with --target)")  # fmt: skip
    if not table.empty and not (table["p_adj"] < 0.05).any():
        notice("no term reaches p_adj < 0.05 (Benjamini-Hochberg): nothing here is "
               "significant at 5%")  # fmt: skip
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
@term_options(topics=True)
@click.option(
    "--k",
    "k",
    cls=MethodDefault,
    method="topic_model",
    parameter="k",
    help="Number of topics, or 'auto' (chosen by NPMI coherence).",
)
@click.option(
    "--method",
    type=click.Choice(["lda", "nmf"]),
    default=None,
    help="Latent Dirichlet allocation or non-negative matrix factorisation "
    "[default: lda; nmf with --seeded].",
)
@click.option(
    "--seed",
    type=int,
    default=setting_default("seed"),
    show_default=True,
    help="Random seed (same seed, same model).",
)
@top_option("topic_model", "Terms per topic.")
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
    help="Save the model as models/NAME.npz (+ .json card), or to a path.",
)
@click.option(
    "--show",
    type=click.Choice(["summary", "terms", "documents", "years"]),
    cls=MethodDefault,
    method="topics",
    parameter="show",
    help="Which table to print.",
)
@by_option("topics", "Groups for --show years: year, region, any field, or several (year,region).")
@format_option("table", "csv", "json")
@output_option
def fit_topics(
    corpus_args, settings, k, method, seed, top_n, seeded, save_as, show, by, fmt, output
) -> None:
    """Fit a topic model (LDA or NMF) on the paragraphs of a corpus and print its topics, each
    labelled by its top terms (phrases first), with coherence and share; or the topic-term
    table, document shares or topic shares per year (--show).

    \b
    Examples:
      analyzer topics national.jsonl --k auto --save national
      analyzer topics reports/ --seeded default --show years --format csv
    """
    from ..errors import ParameterError

    if k != "auto":
        try:
            k = int(k)
        except ValueError:
            raise ParameterError(f"--k {k!r} must be a number or 'auto'") from None
    if seeded and method == "lda":
        raise ParameterError(
            "--seeded guides NMF, and scikit-learn's LDA takes no seeds: drop --method lda "
            "(or use --method nmf)"
        )
    if seeded and method is None:
        notice("--seeded guides NMF: fitting NMF (not the default LDA) from the seed themes")
    corpus = corpus_args.load_documents()
    analysis = corpus_args.analysis(corpus, seed=seed, **settings)
    if k == "auto":
        notice("fitting several k and keeping the most coherent: this takes a while")
    model = analysis.topic_model(k, method=method, seeded=seeded, top_n=top_n)
    if save_as:
        target = (
            Path(save_as)
            if ("/" in save_as or Path(save_as).suffix in {".npz", ".json"})
            else Path("models") / save_as
        )
        written = model.save(target, corpus_fingerprint=_fingerprint(corpus))
        notice(f"saved model {model.id_} (k={model.k_}) to {written} and its card to "
               f"{written.with_suffix('.json')}")  # fmt: skip
    _show(model, analysis.topics(k, show=show, method=method, seeded=seeded, top_n=top_n, by=by),
          show, fmt, output)  # fmt: skip


@topics.command("apply")
@click.argument("model_path", metavar="MODEL", type=click.Path())
@corpus_options
@segmenter_options
@click.option(
    "--show",
    type=click.Choice(["documents", "years", "summary"]),
    cls=MethodDefault,
    method="apply_topics",
    parameter="show",
    help="Which table to print.",
)
@by_option("apply_topics", "Groups for --show years: year, region, any field, or several.")
@format_option("table", "csv", "json")
@output_option
def apply_topics(model_path, corpus_args, segmenter_args, show, by, fmt, output) -> None:
    """Apply a saved topic model (models/NAME or a path) to new documents: their topic shares."""
    from ..topics import TopicModel

    path = Path(model_path)
    if not path.suffix and not path.exists() and "/" not in model_path:
        path = Path("models") / model_path
    model = TopicModel.load(path)
    analysis = corpus_args.analysis(corpus_args.load_documents(), **segmenter_args.settings())
    _show(model, analysis.apply_topics(model, show=show, by=by), show, fmt, output)


def _show(model, table, show: str, fmt: str, output: str | None) -> None:
    if show == "terms":
        emit_frame(table, fmt, output, key="topic_terms", widths={"label": 24, "term": 20},
              numeric={"topic", "rank", "weight"})  # fmt: skip
    elif show == "documents":
        emit_frame(table, fmt, output, key="document_topics", widths={"id": 24, "label": 24},
              numeric={"year", "topic", "share"})  # fmt: skip
    elif show == "years":
        emit_frame(table, fmt, output, key="topics_by_year", widths={"label": 24},
              numeric={"group", "topic", "share"})  # fmt: skip
    else:
        if fmt == "table" and not (table["seed_theme"] != "").any():
            table = table.drop(columns=["seed_theme", "seed_hits"])
        emit_frame(table, fmt, output, key="topics", widths={"label": 22, "terms": 44},
              numeric={"topic", "coherence", "share", "seed_hits"})  # fmt: skip


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
@by_option("themes", "Group: year, doc, region, any metadata field, or several (year,region).")
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
    analysis = corpus_args.analysis(corpus_args.load_documents())
    by_notices(analysis, by)
    table = analysis.themes(dictionary, by=by)
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
