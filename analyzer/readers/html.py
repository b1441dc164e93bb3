"""HTML pages (.html, .htm): visible text with block structure kept as line breaks.

A charset declared in ``<meta>`` is used when the bytes are not UTF-8 and decode strictly and
plausibly with it; otherwise it is ignored with a note (a stale ``<meta charset=gbk>`` over a
page re-saved as UTF-8 is common).

Scripts, styles and other invisible parts are dropped. With cleaning on, ``<nav>``, ``<header>``
and ``<footer>`` elements are page chrome: their text is dropped too, and reported as removed.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import FieldMap, ReadResult, Record, shown
from .decode import decode

_INVISIBLE = "script, style, noscript, template, svg, iframe, object, head"
_CHROME = "nav, header, footer, aside"
_BLOCKS = (
    "p, div, section, article, main, h1, h2, h3, h4, h5, h6, li, ul, ol, dl, dt, dd, table, tr, "
    "blockquote, pre, hr, address, figure, figcaption, center, body"
)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def read(
    path: Path, data: bytes, *, fields: FieldMap, strip_chrome: bool, encoding: str | None = None
) -> ReadResult:
    """One document; the title is ``<title>`` or the first ``<h1>``."""
    from selectolax.lexbor import LexborHTMLParser

    declared = _CHARSET_RE.search(data[:4096])
    decoded = decode(
        data,
        shown(path),
        encoding=encoding,
        declared=declared.group(1).decode("ascii") if declared else None,
    )
    tree = LexborHTMLParser(decoded.text)
    title = _text_of(tree.css_first("title")) or _text_of(tree.css_first("h1"))
    for node in tree.css(_INVISIBLE):
        node.decompose()
    removed = []
    if strip_chrome:
        for node in tree.css(_CHROME):
            text = _text_of(node)
            if text:
                removed.append(text)
            node.decompose()
    for node in tree.css("br"):
        node.replace_with("\n")
    for node in tree.css(_BLOCKS):
        node.insert_before("\n")
        node.insert_after("\n")
    root = tree.body or tree.root
    text = root.text(deep=True, separator="") if root is not None else ""
    return ReadResult(
        [Record(text=text, title=title, removed=removed)],
        encoding=decoded.encoding,
        encoding_from=decoded.how,
        notes=list(decoded.notes),
    )


def _text_of(node) -> str | None:
    if node is None:
        return None
    text = " ".join(node.text(deep=True, separator=" ").split())
    return text or None
