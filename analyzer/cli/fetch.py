"""``analyzer corpus list`` and ``analyzer corpus fetch``: public corpora from the registry."""

from __future__ import annotations

import click

from ..errors import AnalyzerError
from .options import notice, verbosity_options
from .render import console, rich_table

_registry_option = click.option(
    "--registry",
    type=click.Path(dir_okay=False),
    envvar="ANALYZER_REGISTRY",
    help="Registry TOML file (default: corpora/registry.toml of the checkout).",
)


def _entries(registry: str | None):
    from ..fetch import load_registry
    from ..resources import registry_path

    return load_registry(registry or registry_path())


@click.group()
def corpus() -> None:
    """Public corpora listed in the registry (titles, years, source addresses)."""


@corpus.command("list")
@_registry_option
def list_corpora(registry: str | None) -> None:
    """List the corpora that `analyzer corpus fetch` can download."""
    rows = [
        {"name": e.name, "documents": len(e.documents), "title": e.title, "source": e.source}
        for e in _entries(registry).values()
    ]
    console().print(
        rich_table(
            rows,
            ["name", "documents", "title", "source"],
            widths={"title": 48, "source": 24},
            numeric={"documents"},
            optional=["source"],
        )
    )


@corpus.command()
@click.argument("name")
@click.option(
    "--dest",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder to download into (default: ./corpora-download/NAME).",
)
@click.option(
    "--timeout",
    type=float,
    default=30.0,
    show_default=True,
    help="Seconds to wait for each response.",
)
@click.option("--force", is_flag=True, help="Download again files that are already there.")
@_registry_option
@verbosity_options
def fetch(name: str, dest: str | None, timeout: float, force: bool, registry: str | None) -> None:
    """Download the public corpus NAME (needs internet access).

    Files are named YEAR-title.html so that `analyzer info DEST` attaches the years. Failed
    documents are listed and the rest are kept; run again to fetch only what is missing.
    """
    from ..fetch import fetch_corpus

    entries = _entries(registry)
    if name not in entries:
        raise AnalyzerError(
            f"no corpus named {name!r} in the registry (known: {', '.join(entries) or 'none'})"
        )
    entry = entries[name]
    target = dest or f"corpora-download/{name}"
    quiet = click.get_current_context().meta.get("quiet")
    from rich.progress import Progress

    with Progress(console=console(stderr=True), disable=bool(quiet), transient=True) as bar:
        task = bar.add_task(f"fetching {name}", total=len(entry.documents))
        result = fetch_corpus(
            entry,
            target,
            timeout=timeout,
            force=force,
            progress=lambda done, total, title: bar.update(task, completed=done),
        )
    notice(
        f"{len(result.saved)} downloaded, {len(result.present)} already present, "
        f"{len(result.failed)} failed → {result.dest}"
    )
    for item in result.failed:
        notice(f"  failed: {item.path}: {item.reason}")
    if result.failed:
        raise click.ClickException(
            f"{len(result.failed)} of {len(entry.documents)} documents could not be fetched"
        )


COMMANDS = [corpus]
