"""Turning file bytes into text: encoding detection per file, and binary/empty detection.

Chinese reports arrive as UTF-8, UTF-8 with a byte-order mark, GB18030/GBK (the Windows
default in mainland China), or UTF-16 with a BOM (Word's "Unicode text"). Each file is decoded
on its own; a file that is none of these is reported with the reason, never decoded into
mojibake without notice.
"""

from __future__ import annotations

import codecs

from ..errors import InputError

__all__ = ["decode_bytes", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32))


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NUL bytes, control codes)."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls > max(8, len(sample) // 100)


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode one file's bytes and return ``(text, encoding)``.

    Tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8, strict GB18030,
    then charset-normalizer's best guess (Big5 and others).

    Raises:
        InputError: for an empty file, a binary file, or bytes no encoding explains.

    Example:
        >>> decode_bytes("扫黑除恶".encode("gb18030"), "a.txt")
        ('扫黑除恶', 'gb18030')
    """
    if not data.strip():
        raise InputError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    path, f"cannot decode as {encoding} despite its BOM ({exc.reason})"
                ) from None
            return _non_empty(text.lstrip("\ufeff"), path), encoding
    if looks_binary(data):
        raise InputError(path, "binary file, not text (NUL or control bytes)")
    try:
        return _non_empty(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    if gb_text is not None and _common_gb_share(gb_text) >= 0.9:
        return _non_empty(gb_text, path), "gb18030"
    # GB18030 accepts almost any byte pairs, so Big5 decodes "successfully" into rare
    # characters; let charset-normalizer arbitrate when the result does not look like GBK text.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding and best.chaos < 0.2:
        return _non_empty(str(best), path), best.encoding
    if gb_text is not None:
        return _non_empty(gb_text, path), "gb18030"
    raise InputError(
        path, "cannot decode: not UTF-8, GB18030/GBK or UTF-16 with BOM (re-save it as UTF-8)"
    )


def _common_gb_share(text: str, sample: int = 4000) -> float:
    """Share of non-ASCII characters that are in GB2312, the common simplified set."""
    piece = text[:sample]
    wide = sum(1 for c in piece if ord(c) > 127)
    if not wide:
        return 1.0
    missing = piece.encode("gb2312", errors="replace").count(b"?") - piece.count("?")
    return 1 - missing / wide


def _non_empty(text: str, path: str) -> str:
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    return text
