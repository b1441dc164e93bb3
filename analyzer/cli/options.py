"""Options shared by the commands, and the builders that turn them into API objects."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass

import click

from ..cache import Cache
from ..corpus import DEFAULT_MAX_FILE_MB, Corpus
from ..errors import AnalyzerError
from ..settings import Settings

__all__ = [
    "CorpusArgs",
    "MethodDefault",
    "by_notices",
    "by_option",
    "corpus_options",
    "format_option",
    "output_option",
    "segmenter_options",
    "setting_default",
    "term_options",
]


def setting_default(name: str):
    """The default of a setting (:class:`~analyzer.settings.Settings`), for an option."""
    return Settings.__dataclass_fields__[name].default


def analysis_default(method: str, parameter: str):
    """The default of a parameter of an :class:`~analyzer.pipeline.Analysis` method."""
    import inspect

    from ..pipeline import Analysis

    return inspect.signature(getattr(Analysis, method)).parameters[parameter].default


class MethodDefault(click.Option):
    """An option whose default is the default of the Analysis method it feeds, read when the
    command runs (or its help is shown), so the command line and the Python API cannot drift
    apart and ``analyzer tokens`` need not load the analyses to start."""

    def __init__(self, *decls, method: str, parameter: str, **attrs) -> None:
        attrs.setdefault("show_default", True)
        super().__init__(*decls, **attrs)
        self.method = method
        self.parameter = parameter

    def get_default(self, ctx: click.Context, call: bool = True):
        return analysis_default(self.method, self.parameter)


def by_option(
    method: str,
    help: str = "Group: year, region, source, any metadata field, or several joined by commas (year,region).",
) -> Callable:
    """``--by``, with the default of the Analysis method it feeds."""
    return click.option("--by", cls=MethodDefault, method=method, parameter="by", help=help)


class _StderrHandler(logging.StreamHandler):
    """A handler writing to ``sys.stderr`` as it is when a record is logged (click's
    CliRunner swaps it per run), not as it was when the handler was made."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def _set_logging(verbose: int, quiet: bool) -> None:
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    root = logging.getLogger("analyzer")
    root.setLevel(level)
    if not any(getattr(h, "_analyzer", False) for h in root.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler._analyzer = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.propagate = False


def verbosity_options(func: Callable) -> Callable:
    """``--quiet`` and ``--verbose``, applied before the command runs."""

    @click.option("-q", "--quiet", is_flag=True, help="Only print results and errors.")
    @click.option("-v", "--verbose", count=True, help="Log progress (-vv for debug detail).")
    @functools.wraps(func)
    def wrapper(*args, quiet: bool, verbose: int, **kwargs):
        configure_output(quiet=quiet, verbose=verbose)
        return func(*args, **kwargs)

    return wrapper


def configure_output(*, quiet: bool, verbose: int = 0) -> None:
    """Logging level, notes, and progress bars (on a terminal, unless --quiet)."""
    from .. import progress

    _set_logging(verbose, quiet)
    click.get_current_context().meta["quiet"] = quiet
    progress.enable(not quiet and sys.stderr.isatty())


@dataclass(frozen=True)
class CorpusArgs:
    """The corpus-loading options of one command invocation."""

    paths: tuple[str, ...]
    text_field: str | None
    year_field: str | None
    title_field: str | None
    id_field: str | None
    region_field: str | None
    raw: bool
    max_file_mb: float
    cache_dir: str | None
    no_cache: bool
    strict: bool
    encoding: str | None = None
    workers: int | None = None
    scheduler: str | None = None
    memory_budget: float = setting_default("memory_budget_mb")
    threads: int | None = None

    def cache(self) -> Cache:
        """The cache these options ask for."""
        return Cache(self.cache_dir, enabled=not self.no_cache)

    def analysis(self, corpus: Corpus, **settings):
        """The :class:`~analyzer.pipeline.Analysis` of ``corpus`` with these cache options and
        the given settings (the other settings keep their defaults)."""
        from ..pipeline import Analysis

        analysis = Analysis(corpus, Settings(
            cache=not self.no_cache, cache_dir=self.cache_dir, workers=self.workers,
            scheduler=self.scheduler, memory_budget_mb=self.memory_budget, threads=self.threads,
            **settings,
        ))  # fmt: skip
        ctx = click.get_current_context(silent=True)
        if ctx is not None:
            ctx.call_on_close(analysis.close)
        return analysis

    def load_documents(self) -> Corpus:
        """Load the corpus, and fail with one clear error when no document could be read."""
        from ..corpus import require_documents

        corpus = self.load()
        require_documents(corpus)
        return corpus

    def load(self, *, notify: bool = True, enforce_strict: bool = True) -> Corpus:
        """Load the corpus; report skipped files on stderr; fail under ``--strict``."""
        corpus = Corpus.load(
            *self.paths,
            text_field=self.text_field,
            year_field=self.year_field,
            title_field=self.title_field,
            id_field=self.id_field,
            region_field=self.region_field,
            clean=not self.raw,
            max_file_mb=self.max_file_mb,
            cache=self.cache(),
            encoding=self.encoding,
        )
        if notify:
            notify_skipped(corpus)
        if enforce_strict and self.strict and corpus.skipped:
            raise AnalyzerError(
                f"{len(corpus.skipped)} file(s) or row(s) could not be read and --strict is set "
                f"(first: {corpus.skipped[0].path}: {corpus.skipped[0].reason})"
            )
        return corpus


def notice(message: str) -> None:
    """A note for the user on stderr, unless --quiet."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get("quiet"):
        return
    click.echo(f"note: {message}", err=True)


def by_notices(analysis, by: str) -> None:
    """Notes on stderr about a grouping: documents left out, years missing between groups, and
    groups that pool several regions or sources."""
    if by in {"doc", "id"}:
        return
    grouping = analysis.grouping(by)
    for message in (grouping.notice(), grouping.pooled_notice()):
        if message:
            notice(message)
    missing = grouping.missing()
    if missing:
        shown = ", ".join(map(str, missing[:12])) + (" …" if len(missing) > 12 else "")
        first = grouping.by[0]
        notice(f"no document for {len(missing)} {first}(s) in the span ({shown}): "
               f"'previous' means the previous available {first}, named in prev_group")  # fmt: skip


def notify_skipped(corpus: Corpus) -> None:
    """One line per skipped file on stderr (up to ten), so nothing is dropped unseen."""
    if not corpus.skipped:
        return
    shown = corpus.skipped[:10]
    notice(f"skipped {len(corpus.skipped)} file(s) or row(s) that could not be read:")
    for item in shown:
        notice(f"  {item.path}: {item.reason}")
    if len(corpus.skipped) > len(shown):
        notice(f"  … and {len(corpus.skipped) - len(shown)} more (see `analyzer info`)")


def corpus_options(func: Callable | None = None, *, metavar: str | None = None) -> Callable:
    """PATH... and the options that say how files become documents.

    ``metavar`` names arguments that hold more than paths (``PATH... TERM...``): the command
    then splits ``corpus_args.paths`` itself.
    """
    if func is None:
        return functools.partial(corpus_options, metavar=metavar)

    options = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar=metavar),
        click.option(
            "--text-field",
            metavar="NAME",
            help="Field holding the text in tabular files (default: detected: content, text, body, 正文 …).",
        ),
        click.option(
            "--year-field",
            metavar="NAME",
            help="Field holding the year or date (default: detected: year, 年份, date …).",
        ),
        click.option(
            "--title-field", metavar="NAME", help="Field holding the title (default: detected)."
        ),
        click.option(
            "--id-field",
            metavar="NAME",
            help="Field holding a document id (default: detected, else FILE:ROW).",
        ),
        click.option(
            "--region-field",
            metavar="NAME",
            help="Field holding the region or province (default: detected).",
        ),
        click.option(
            "--raw",
            is_flag=True,
            help="Do not clean the text (no chrome, licence or line-break repair).",
        ),
        click.option(
            "--max-file-mb",
            type=float,
            default=DEFAULT_MAX_FILE_MB,
            show_default=True,
            callback=_positive_mb,
            help="Skip files larger than this (a positive number).",
        ),
        click.option(
            "--encoding",
            metavar="NAME",
            callback=_known_encoding,
            help="Decode every text file with this encoding (gb18030, big5, utf-16 …) instead of detecting it.",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False),
            envvar="ANALYZER_CACHE_DIR",
            help="Cache folder (default: the user cache dir; env ANALYZER_CACHE_DIR).",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option(
            "--strict",
            is_flag=True,
            help="Exit with an error if any file or row could not be read.",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=None,
            help='Run on a local Dask cluster of N worker processes (pip install "analyzer[dask]").',
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            envvar="ANALYZER_DASK_SCHEDULER",
            default=None,
            help="Run on an existing Dask cluster (env ANALYZER_DASK_SCHEDULER).",
        ),
        click.option(
            "--threads",
            type=click.IntRange(min=1),
            default=None,
            help="Shards worked on at once in this process (default: the cores, at most 4).",
        ),
        click.option(
            "--memory-budget",
            type=click.FloatRange(min=64),
            default=setting_default("memory_budget_mb"),
            show_default=True,
            metavar="MB",
            help="About how much memory the work on shards of documents may take.",
        ),
    ]

    @functools.wraps(func)
    def wrapper(
        *args,
        paths,
        text_field,
        year_field,
        title_field,
        id_field,
        region_field,
        raw,
        max_file_mb,
        cache_dir,
        no_cache,
        strict,
        encoding,
        workers,
        scheduler,
        memory_budget,
        threads,
        **kwargs,
    ):
        corpus_args = CorpusArgs(
            paths,
            text_field,
            year_field,
            title_field,
            id_field,
            region_field,
            raw,
            max_file_mb,
            cache_dir,
            no_cache,
            strict,
            encoding,
            workers,
            scheduler,
            memory_budget,
            threads,
        )
        return func(*args, corpus_args=corpus_args, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return verbosity_options(wrapper)


@dataclass(frozen=True)
class SegmenterArgs:
    """The segmentation options of one command invocation."""

    backend: str
    lexicons: tuple[str, ...]
    no_lexicon: bool

    def user_lexicon(self):
        """The user lexicons given with ``--lexicon`` (none under ``--no-lexicon``)."""
        return user_lexicon(self.lexicons, disabled=self.no_lexicon)

    def settings(self) -> dict:
        """These options as settings."""
        return {"backend": self.backend, "lexicon": self.user_lexicon(),
                "builtin_lexicon": not self.no_lexicon}  # fmt: skip


def user_lexicon(paths, *, disabled: bool = False):
    """The union of the lexicon files given on the command line (empty when ``disabled``)."""
    from ..lexicon import Lexicon

    user = Lexicon()
    if not disabled:
        for path in paths:
            user = user | Lexicon.load(path)
    return user


def segmenter_options(func: Callable) -> Callable:
    """``--backend``, ``--lexicon FILE`` (repeatable) and ``--no-lexicon``."""

    @click.option(
        "--backend",
        type=click.Choice(["rjieba", "jieba"]),
        default=setting_default("backend"),
        show_default=True,
        help="Segmentation backend.",
    )
    @click.option(
        "--lexicon",
        "lexicons",
        multiple=True,
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help="User lexicon of phrases to keep whole and to find as kind 'lexicon' (repeatable).",
    )
    @click.option("--no-lexicon", is_flag=True, help="Use neither the built-in nor user lexicons.")
    @functools.wraps(func)
    def wrapper(*args, backend, lexicons, no_lexicon, **kwargs):
        return func(*args, segmenter_args=SegmenterArgs(backend, lexicons, no_lexicon), **kwargs)

    return wrapper


def term_options(*, topics: bool = False) -> Callable:
    """The options that say how texts become terms (and ``--backend``, ``--lexicon``,
    ``--no-lexicon``): they become ``settings``, a dict of :class:`Settings` fields. With
    ``topics``, ``--min-df``/``--max-df`` are the topic models' bounds."""
    min_key, max_key = ("topic_min_df", "topic_max_df") if topics else ("min_df", "max_df")

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
                default=setting_default("unit"),
                show_default=True,
                help="What a row of the term matrix is: long reports are modelled as paragraphs or chunks.",
            ),
            click.option(
                "--chunk-chars",
                type=click.IntRange(min=50),
                default=setting_default("chunk_chars"),
                show_default=True,
                help="Chunk size in characters (whole sentences) with --unit chunk.",
            ),
            click.option(
                "--stopwords",
                multiple=True,
                type=click.Choice(["function", "boilerplate", "none"]),
                default=setting_default("stopwords"),
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
                type=click.FloatRange(min=0, min_open=True),
                default=setting_default(min_key),
                show_default=True,
                help="Keep terms in at least this many units (or this share, below 1).",
            ),
            click.option(
                "--max-df",
                type=click.FloatRange(min=0, min_open=True),
                default=setting_default(max_key),
                show_default=True,
                help="Keep terms in at most this share of units (or this many, above 1).",
            ),
        ]

        @functools.wraps(func)
        def wrapper(*args, segmenter_args, no_phrases, unit, chunk_chars, stopwords,
                    stopword_files, min_df: float, max_df: float, **kwargs):  # fmt: skip
            settings = {
                **segmenter_args.settings(), "phrases": not no_phrases, "unit": unit,
                "chunk_chars": chunk_chars, "stopwords": tuple(stopwords),
                "stopword_files": tuple(stopword_files), min_key: min_df, max_key: max_df,
            }  # fmt: skip
            return func(*args, settings=settings, **kwargs)

        for option in reversed(options):
            wrapper = option(wrapper)
        return segmenter_options(wrapper)

    return decorate


def format_option(*choices: str, default: str | None = None) -> Callable:
    """``--format`` with the given choices (the first is the default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def top_option(method: str, help: str) -> Callable:
    """``--top N`` (into ``top_n``): how many rows, terms or phrases, at least one; the default
    is the one of the Analysis method it feeds."""
    return click.option(
        "--top", "top_n", cls=MethodDefault, method=method, parameter="top_n",
        type=click.IntRange(min=1), help=help,
    )  # fmt: skip


def output_option(func: Callable) -> Callable:
    """``-o/--output FILE``: write the result to a file (atomically) instead of stdout."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        callback=writable_output,
        help="Write to FILE instead of stdout (a regular file, replaced atomically).",
    )(func)


def _positive_mb(ctx, param, value):
    from ..loading import check_max_file_mb

    try:
        return check_max_file_mb(value)
    except AnalyzerError:
        raise click.BadParameter(f"{value!r} is not a positive number of megabytes") from None


def _known_encoding(ctx, param, value):
    if value is None:
        return None
    from ..readers.decode import check_encoding

    try:
        check_encoding(value)
    except AnalyzerError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


def writable_output(ctx, param, value):
    """Refuse, before any work, an output that is not a regular file (a link, FIFO, device)."""
    if value is None:
        return None
    from .._atomic import check_output_path

    try:
        check_output_path(value)
    except AnalyzerError as exc:
        raise click.BadParameter(str(exc)) from None
    return value
