"""Turning file bytes into text: encoding detection per file, and binary/empty detection.

Chinese reports arrive as UTF-8, UTF-8 with a byte-order mark, GB18030/GBK (the Windows
default in mainland China), UTF-16 with a BOM (Word's "Unicode text"), and now and then Big5 or
UTF-16 without a BOM. Each file is decoded on its own, and decoding never guesses silently:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. else strict UTF-8;
3. else strict GB18030, when the result is plausible simplified Chinese (almost every character
   in GB2312, nothing a GBK file cannot hold);
4. else charset-normalizer's candidates, the first that it finds clean *and* that decodes into
   plausible Chinese text (:func:`implausible`): Big5, UTF-16 without BOM;
5. else the file is reported with the reason and the fix (``undecodable: UTF-8 with 1 bad byte
   at offset 0; re-save it as UTF-8 or pass --encoding``).

``encoding=`` (``--encoding``) forces one encoding; an HTML page's declared charset is tried
first when its bytes are not UTF-8 (:func:`decode`). :class:`Decoded` says which encoding was
used and how it was decided (``bom``, ``utf-8``, ``gb18030``, ``detected``, ``declared``,
``forced``).
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field

from ..errors import InputError, ParameterError

__all__ = ["Decoded", "check_encoding", "decode", "decode_bytes", "implausible", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32))
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "euccn", "ms936"}
#: charset-normalizer candidates with a mess ratio above this are not "confident".
MAX_CHAOS = 0.1
_SAMPLE = 20_000


@dataclass(frozen=True)
class Decoded:
    """Text decoded from a file, with the encoding and how it was decided.

    Attributes:
        text: the decoded text (a leading byte-order mark removed).
        encoding: the Python codec name (``utf-8``, ``gb18030``, ``big5`` …).
        how: ``bom``, ``utf-8``, ``gb18030``, ``detected``, ``declared`` or ``forced``.
        notes: what the user should know (a declared charset that was ignored, and why).
    """

    text: str
    encoding: str
    how: str
    notes: tuple[str, ...] = field(default=())


def check_encoding(name: str) -> str:
    """The codec name for ``--encoding NAME``, or a :class:`ParameterError` naming the fix.

    >>> check_encoding("GBK"), check_encoding("utf8")
    ('gbk', 'utf-8')
    """
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ParameterError(
            f"encoding={name!r} is not an encoding Python knows (try utf-8, gb18030, big5, utf-16)"
        ) from None
    try:
        "".encode(info.name)
        b"".decode(info.name)
    except (LookupError, TypeError):
        raise ParameterError(f"encoding={name!r} is not a text encoding") from None
    return info.name


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any 8-bit encoding (NUL bytes, control codes)."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls > max(8, len(sample) // 100)


def decode_bytes(data: bytes, path: str, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode one file's bytes and return ``(text, encoding)``; see :func:`decode`.

    Example:
        >>> decode_bytes("扫黑除恶".encode("gb18030"), "a.txt")
        ('扫黑除恶', 'gb18030')
    """
    decoded = decode(data, path, encoding=encoding)
    return decoded.text, decoded.encoding


def decode(
    data: bytes, path: str, *, encoding: str | None = None, declared: str | None = None
) -> Decoded:
    """Decode one file's bytes, never into mojibake without notice.

    Args:
        data: the file's bytes.
        path: the file, for messages.
        encoding: force this encoding (``--encoding``); strict, no fallback.
        declared: a charset the file declares (HTML ``<meta charset>``); used when the bytes
            are not UTF-8, decode strictly with it and give plausible text, else ignored with a
            note.

    Raises:
        InputError: for an empty file, a binary file, or bytes no encoding explains.

    Example:
        >>> decode("堅持發展楓橋經驗".encode("big5"), "a.txt").how
        'detected'
        >>> decode(b"\\x80" + "坚持发展枫桥经验".encode(), "b.txt")
        Traceback (most recent call last):
        ...
        analyzer.errors.InputError: b.txt: undecodable: UTF-8 with 1 bad byte at offset 0; re-save it as UTF-8 or pass --encoding
    """
    if not data.strip():
        raise InputError(path, "empty file")
    if encoding is not None:
        return Decoded(_forced(data, path, encoding), check_encoding(encoding), "forced")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise InputError(
                    path,
                    f"cannot decode as {name} despite its BOM ({exc.reason} at offset "
                    f"{exc.start}); re-save it or pass --encoding",
                ) from None
            return Decoded(_non_empty(text.lstrip("\ufeff"), path), name, "bom")
    notes: list[str] = []
    if declared:
        found = _declared(data, path, declared, notes)
        if found is not None:
            return found
    if looks_binary(data):
        detected = _detected(data, wide_only=True)
        if detected is not None:
            return Decoded(_non_empty(detected[1], path), detected[0], "detected", tuple(notes))
        raise InputError(path, "binary file, not text (NUL or control bytes)")
    try:
        return Decoded(_non_empty(data.decode("utf-8"), path), "utf-8", "utf-8", tuple(notes))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    gb_problem = None
    try:
        gb_text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        gb_problem = f"bad byte at offset {exc.start}"
    else:
        gb_problem = _implausible_gb(gb_text)
        if gb_problem is None:
            return Decoded(_non_empty(gb_text, path), "gb18030", "gb18030", tuple(notes))
    detected = _detected(data)
    if detected is not None:
        return Decoded(_non_empty(detected[1], path), detected[0], "detected", tuple(notes))
    raise InputError(path, _undecodable(data, utf8_error, gb_problem))


def implausible(text: str) -> str | None:
    """Why ``text`` does not look like Chinese text, or None when it does.

    Plausible text has no replacement character (U+FFFD), no C0/C1 control characters other
    than whitespace, no private-use, surrogate or unassigned code points, and at least 95% of
    its non-ASCII characters are CJK ideographs, CJK or full-width punctuation, or the symbols
    Chinese documents use (①, ※, ★, →), with CJK ideographs at least 60% of them once there
    are ten or more. Text without non-ASCII characters is plausible.

    >>> implausible("坚持发展“枫桥经验”①。") is None
    True
    >>> implausible("ЂеќљжЊЃж–°ж—¶д»Ј")
    'only 0% of its non-ASCII characters are Chinese (e.g. Ђ)'
    """
    sample = text[:_SAMPLE]
    wide = cjk = expected = 0
    stranger = None
    for char in sample:
        code = ord(char)
        if code < 128:
            if code < 32 and char not in "\t\n\r\f\v":
                return f"control character U+{code:04X}"
            continue
        if char == "\ufffd":
            return "replacement characters (U+FFFD)"
        if code <= 0x9F:
            return f"C1 control character U+{code:04X}"
        if unicodedata.category(char) in {"Co", "Cs", "Cn"}:
            return f"private-use or unassigned character U+{code:04X}"
        if char.isspace():
            continue
        wide += 1
        if _is_cjk(code):
            cjk += 1
            expected += 1
        elif _is_cjk_punctuation(code):
            expected += 1
        elif stranger is None:
            stranger = char
    if not wide:
        return None
    if expected < 0.95 * wide or (wide >= 10 and cjk < 0.6 * wide):
        share = round(100 * cjk / wide)
        example = f" (e.g. {stranger})" if stranger else ""
        return f"only {share}% of its non-ASCII characters are Chinese{example}"
    return None


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3134F
    )


def _is_cjk_punctuation(code: int) -> bool:
    return (
        0x3000 <= code <= 0x303F  # CJK symbols and punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0xFE30 <= code <= 0xFE6F  # CJK compatibility and small forms
        or 0x2000 <= code <= 0x206F  # general punctuation (“ ” — …)
        or 0x2100 <= code <= 0x27BF  # letterlike, numbers, arrows, maths, ①, box, shapes, ★
        or 0x3200 <= code <= 0x33FF  # enclosed CJK, compatibility (㈠, ㎡)
        or code in {0xA0, 0xA7, 0xA9, 0xAE, 0xB0, 0xB1, 0xB7, 0xD7, 0xF7}  # · × ÷ ° § ©
    )


def _implausible_gb(text: str) -> str | None:
    """Why a strict GB18030 decoding is not plausible simplified Chinese, or None.

    GB18030 accepts almost any byte pairs, so Big5 (and UTF-8 with stray bytes) decode
    "successfully" into rare characters; real GBK text is almost all GB2312 characters.
    """
    problem = implausible(text)
    if problem is not None:
        return problem
    piece = text[:_SAMPLE]
    wide = sum(1 for c in piece if ord(c) > 127)
    if not wide:
        return None
    missing = piece.encode("gb2312", errors="replace").count(b"?") - piece.count("?")
    if missing > 0.1 * wide:
        return f"{round(100 * missing / wide)}% of its characters are rare (not GB2312)"
    return None


def _detected(data: bytes, *, wide_only: bool = False) -> tuple[str, str] | None:
    """charset-normalizer's first clean candidate that gives plausible Chinese text."""
    from charset_normalizer import from_bytes

    for match in from_bytes(data):
        name = codecs.lookup(match.encoding).name
        if match.chaos > MAX_CHAOS:
            continue
        if wide_only and not name.startswith(("utf-16", "utf-32")):
            continue
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        text = text.lstrip("\ufeff")
        check = _implausible_gb if name in _GB_FAMILY else implausible
        if text.strip() and check(text) is None and any(_is_cjk(ord(c)) for c in text[:_SAMPLE]):
            return name, text
    return None


def _declared(data: bytes, path: str, declared: str, notes: list[str]) -> Decoded | None:
    """The decoding a declared charset gives, or None (with a note) when it cannot be used."""
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        notes.append(f"declared charset {declared!r} is unknown; ignored")
        return None
    if name in _GB_FAMILY:
        name = "gb18030"  # the superset: pages declaring gb2312 or gbk use GBK characters
    if name in {"utf-8", "ascii"}:
        return None  # the usual path tries strict UTF-8 first anyway
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if any(b > 127 for b in data):
            notes.append(f"declared charset {declared!r} ignored: the file is valid UTF-8")
        return None
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        notes.append(
            f"declared charset {declared!r} ignored: bad byte for it at offset {exc.start}"
        )
        return None
    problem = (_implausible_gb if name in _GB_FAMILY else implausible)(text)
    if problem is not None:
        notes.append(
            f"declared charset {declared!r} ignored: it gives implausible text ({problem})"
        )
        return None
    return Decoded(_non_empty(text.lstrip("\ufeff"), path), name, "declared")


def _forced(data: bytes, path: str, encoding: str) -> str:
    name = check_encoding(encoding)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"cannot decode as {encoding} (--encoding): {exc.reason} at offset {exc.start}"
        ) from None
    return _non_empty(text.lstrip("\ufeff"), path)


def _undecodable(data: bytes, utf8_error: UnicodeDecodeError, gb_problem: str) -> str:
    fix = "re-save it as UTF-8 or pass --encoding"
    bad = data.decode("utf-8", errors="replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")
    wide = sum(1 for b in data if b > 127)
    plural = "s" if bad > 1 else ""
    where = "at" if bad == 1 else "first at"
    if bad <= max(3, wide // 200):  # mostly UTF-8: a few stray bytes
        return f"undecodable: UTF-8 with {bad} bad byte{plural} {where} offset {utf8_error.start}; {fix}"
    return (
        f"undecodable: not UTF-8 ({bad} bad bytes, first at offset {utf8_error.start}), "
        f"not GB18030 ({gb_problem}), and no confident detection of another encoding "
        f"giving Chinese text; {fix} NAME"
    )


def _non_empty(text: str, path: str) -> str:
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    return text
