"""``analyzer demo``: the main job on the bundled sample corpus, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .._atomic import atomic_write_text
from .options import verbosity_options
from .render import console, records_json


@click.command()
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Run on this folder instead of the bundled sample.",
)
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False),
    default="analyzer-demo",
    show_default=True,
    help="Folder for the outputs.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@verbosity_options
def demo(corpus_dir: str | None, output_dir: str, no_cache: bool) -> None:
    """Run the main job on the bundled sample corpus and say what was done and where.

    Loads corpora/sample (fictional 政法 work reports, 2019–2024), cleans and segments them,
    discovers their policy phrases, compares them year over year, counts themes, and writes
    an HTML report, all into OUTPUT.
    """
    from ..cache import Cache
    from ..pipeline import Analysis
    from ..resources import sample_corpus_dir
    from ..settings import Settings

    source = Path(corpus_dir) if corpus_dir else sample_corpus_dir()
    out_dir = Path(output_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = Cache(enabled=not no_cache)
    out = console()
    steps: list[tuple[str, str]] = []

    from ..corpus import Corpus

    corpus = Corpus.load(source, cache=cache)
    analysis = Analysis(corpus, Settings(cache=cache))
    info = corpus.info()
    atomic_write_text(out_dir / "info.json", records_json(info))
    s = info["summary"]
    removed = sum(1 for d in corpus if d.cleaning and d.cleaning.removed)
    steps.append(
        (
            f"loaded {s['documents']} documents from {source} ({s['with_year']} with a year, "
            f"{s['without_year']} without; {s['skipped']} skipped); cleaning removed chrome, "
            f"footers or licences from {removed}",
            str(out_dir / "info.json"),
        )
    )

    toks = analysis.tokens()
    segmenter = toks.segmenter
    lines = [
        json.dumps({"id": d.id, "year": d.year, "tokens": t}, ensure_ascii=False) for d, t in toks
    ]
    atomic_write_text(out_dir / "tokens.jsonl", "\n".join(lines) + "\n")
    steps.append(
        (
            f"segmented {toks.n_tokens:,} tokens with rjieba and {len(segmenter.phrases)} lexicon phrases",
            str(out_dir / "tokens.jsonl"),
        )
    )

    phrases = analysis.phrases(None)
    atomic_write_text(out_dir / "phrases.csv", phrases.to_csv(index=False))
    top = "、".join(phrases["phrase"].head(5))
    steps.append(
        (f"discovered {len(phrases)} policy phrases; the top five: {top}",
         str(out_dir / "phrases.csv"))
    )  # fmt: skip

    changes = analysis.compare(top_n=10)
    atomic_write_text(out_dir / "compare.csv", changes.to_csv(index=False))
    latest = changes[changes["group"] == changes["group"].max()]
    rising = latest[latest["delta_per_10k"] > 0].sort_values(
        ["g2", "term"], ascending=[False, True]
    )
    risen = rising["term"].head(3).tolist()
    steps.append(
        (f"compared each year's top 10 with the previous year's; most risen in {latest['group'].max()}: "
         f"{'、'.join(risen) or 'none'}", str(out_dir / "compare.csv"))
    )  # fmt: skip

    themes = analysis.themes()
    atomic_write_text(out_dir / "themes.csv", themes.to_csv(index=False))
    steps.append((f"counted {themes['theme'].nunique()} themes of the shipped 政法 dictionary "
                  "per year", str(out_dir / "themes.csv")))  # fmt: skip

    report = analysis.report(out_dir / "report.html", title="东岚政法工作报告（虚构示例）")
    steps.append(("wrote the HTML report (overview, phrases, themes, trends, keyness, topics)",
                  str(report)))  # fmt: skip

    out.print("[bold]analyzer demo[/bold] on the bundled sample corpus")
    for number, (what, where) in enumerate(steps, start=1):
        out.print(f" {number}. {what}\n    → {where}")
    out.print(
        f"Outputs are in {out_dir.resolve()}. Open {report} in a browser; "
        f"next, `analyzer phrases {source}` or `analyzer compare {source}`."
    )


COMMANDS = [demo]
