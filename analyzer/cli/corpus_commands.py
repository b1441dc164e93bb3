"""``analyzer info`` and ``analyzer tokens``: what was loaded, and how it segments."""

from __future__ import annotations

import io
import json
import sys

import click

from .._atomic import atomic_output
from .options import corpus_options, format_option, notice, output_option, segmenter_options
from .render import emit_tables, emit_text, records_json, rich_table, short_path


@click.command()
@corpus_options
@format_option("table", "json")
@output_option
def info(corpus_args, fmt: str, output: str | None) -> None:
    """Show the documents of a corpus: id, year, title, characters, what cleaning removed,
    and the files that could not be read.

    \b
    Examples:
      analyzer info reports/
      analyzer info gov_work_reports.jsonl --format json
    """
    corpus = corpus_args.load(notify=False, enforce_strict=False)
    data = corpus.info()
    if fmt == "json":
        emit_text(records_json(data), output)
    else:
        _print_info(data, output)
    if corpus_args.strict and corpus.skipped:
        raise click.ClickException(
            f"{len(corpus.skipped)} file(s) or row(s) could not be read (--strict)"
        )


def _encoding(doc: dict) -> str | None:
    """``big5 (detected)``: the encoding and, when it adds something, how it was decided."""
    encoding, how = doc.get("encoding"), doc.get("encoding_from")
    return f"{encoding} ({how})" if how and how != encoding else encoding


def _print_info(data: dict, output: str | None) -> None:
    items: list = []
    docs = data["documents"]
    rows = [
        {
            "id": d["id"],
            "year": d["year"],
            "from": d["year_from"],
            "title": d["title"],
            "chars": d["chars"],
            "encoding": _encoding(d),
            "removed by cleaning": d["removed"],
        }
        for d in docs
    ]
    if rows:
        items.append(
            rich_table(
                rows,
                ["id", "year", "from", "title", "chars", "encoding", "removed by cleaning"],
                widths={"title": 20, "encoding": 20, "removed by cleaning": 32},
                numeric={"year", "chars"},
                optional=["from", "removed by cleaning", "title", "encoding"],
            )
        )
    if data["skipped"]:
        skipped = [{"path": short_path(s["path"]), "reason": s["reason"]} for s in data["skipped"]]
        items.append(
            rich_table(
                skipped, ["path", "reason"], title="skipped", widths={"reason": 56}, keys={"path"}
            )
        )
    s = data["summary"]
    span = f" ({s['years'][0]}–{s['years'][-1]}, {len(s['years'])} distinct)" if s["years"] else ""
    items.append(
        f"{s['documents']} documents: {s['with_year']} with a year{span}, "
        f"{s['without_year']} without; {s['chars']:,} characters after cleaning; "
        f"{s['skipped']} skipped"
    )
    if s["without_year"]:
        undated = [d["id"] for d in docs if d["year"] is None]
        listed = ", ".join(undated[:5]) + (" …" if len(undated) > 5 else "")
        items.append(f"without a year (left out of by-year analysis): {listed}")
    emit_tables(items, output)


@click.command()
@corpus_options
@segmenter_options
@format_option("txt", "jsonl")
@click.option("--no-punct", is_flag=True, help="Leave punctuation tokens out.")
@output_option
def tokens(corpus_args, segmenter_args, fmt: str, no_punct: bool, output: str | None) -> None:
    """Segment every document: one document per line, tokens separated by single spaces
    (txt), or one JSON object per document with id, year and tokens (jsonl).

    \b
    Examples:
      analyzer tokens report.txt
      analyzer tokens reports/ --format jsonl -o tokens.jsonl
    """
    corpus = corpus_args.load_documents()
    result = corpus_args.analysis(corpus, **segmenter_args.settings()).tokens()
    if output:
        with atomic_output(output) as handle:
            text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
            written = _write_tokens(result, fmt, no_punct, text)
            text.flush()
            text.detach()
        notice(f"wrote {written} documents to {output}")
    else:
        _write_tokens(result, fmt, no_punct, sys.stdout)
        sys.stdout.flush()


def _write_tokens(result, fmt: str, no_punct: bool, out) -> int:
    """Write every document's tokens to ``out``, one line a document, a stretch of tokens at
    a time (a huge report never becomes one string); returns the number of documents."""
    for i, doc in enumerate(result.corpus.documents):
        if fmt == "txt":
            head, sep, tail = "", " ", "\n"
        else:
            empty = json.dumps({"id": doc.id, "year": doc.year, "tokens": []}, ensure_ascii=False)
            head, sep, tail = empty[:-2], ", ", "]}\n"
        out.write(head)
        first = True
        for part in result.stretches(i):
            if no_punct:
                part = [t for t in part if any(c.isalnum() for c in t)]
            if not part:
                continue
            if fmt != "txt":
                part = [json.dumps(t, ensure_ascii=False) for t in part]
            if not first:
                out.write(sep)
            out.write(sep.join(part))
            first = False
        out.write(tail)
    if not result.corpus.documents:
        out.write("\n")
    return len(result.corpus.documents)


COMMANDS = [info, tokens]
