"""Word documents (.docx): paragraphs and table cells in document order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import InputError
from . import FieldMap, ReadResult, Record


def read(
    path: Path, data: bytes, *, fields: FieldMap, strip_chrome: bool, encoding: str | None = None
) -> ReadResult:
    """One document; the title is the document's core title property, if set."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(str(path), f"not a readable .docx file ({type(exc).__name__})") from None
    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(
                "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            )
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append(
                                "".join(n.text or "" for n in cell.iter() if n.tag.endswith("}t"))
                            )
                    parts.append("\t".join(cells))
    title = (document.core_properties.title or "").strip() or None
    # Word paragraphs are paragraphs: keep them apart so cleaning never joins them.
    return ReadResult([Record(text="\n\n".join(parts), title=title)], encoding="docx")
