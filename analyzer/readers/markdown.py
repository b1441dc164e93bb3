"""Markdown files (.md): the text without markup, headings and paragraphs kept as lines."""

from __future__ import annotations

from pathlib import Path

from . import FieldMap, ReadResult, Record, shown
from .decode import decode

_BLOCK_CLOSE = {"paragraph_close", "heading_close", "list_item_close", "blockquote_close"}


def read(
    path: Path, data: bytes, *, fields: FieldMap, strip_chrome: bool, encoding: str | None = None
) -> ReadResult:
    """One document; the first heading is its title."""
    from markdown_it import MarkdownIt

    decoded = decode(data, shown(path), encoding=encoding)
    source = decoded.text
    tokens = MarkdownIt("commonmark").parse(source)
    parts: list[str] = []
    title = None
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "inline":
            text = "".join(
                child.content
                if child.type in {"text", "code_inline"}
                else "\n"
                if child.type in {"softbreak", "hardbreak"}
                else ""
                for child in token.children or []
            )
            if in_heading and title is None:
                title = text.strip() or None
            parts.append(text)
        elif token.type in {"fence", "code_block"}:
            parts.append(token.content)
        elif token.type in _BLOCK_CLOSE:
            in_heading = False
            parts.append("\n\n")
    text = "".join(parts)
    return ReadResult(
        [Record(text=text, title=title)],
        encoding=decoded.encoding,
        encoding_from=decoded.how,
        notes=list(decoded.notes),
    )
