"""Policy lexicons: lists of formulations (提法) that segmentation keeps whole.

A lexicon is a plain list of phrases with where each came from. Three kinds exist: the built-in
curated lexicon of national formulations (``analyzer/data/lexicon/national.tsv``, with the year
and document that put each forward), user lexicons (a text file, one phrase per line, in jieba's
user-dictionary format or as a table with a ``phrase`` column), and lexicons discovered from a
corpus (``analyzer phrases --save-lexicon``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ._atomic import atomic_write_text
from .clean import CleaningOptions, clean_text
from .errors import InputError

__all__ = ["MAX_PHRASE_CHARS", "Lexicon", "LexiconEntry", "normalize_phrase"]

logger = logging.getLogger(__name__)

BUILTIN_NAME = "national"
#: Longest lexicon entry kept: formulations are short, and a longer entry is a mistake (a
#: paragraph pasted as one line) that would only slow matching down.
MAX_PHRASE_CHARS = 64
#: A jieba user-dictionary line: the phrase, then optionally a frequency and a tag.
_USERDICT_RE = re.compile(r"^(\S+)(?:\s+([0-9]+))?(?:\s+([A-Za-z]+))?$")
_NORMALIZE = CleaningOptions(
    traditional=False, licence=False, chrome=False, join_lines=False, collapse_blank=False
)


def normalize_phrase(phrase: str) -> str:
    """A phrase as it would appear in cleaned text: no zero-width or full-width characters.

    >>> normalize_phrase(" １＋１７＋Ｎ\\u200b ")
    '1+17+N'
    """
    return clean_text(phrase, _NORMALIZE)[0].strip()


@dataclass(frozen=True)
class LexiconEntry:
    """One phrase of a lexicon.

    Attributes:
        phrase: the formulation, normalised like cleaned text.
        origin: ``builtin`` or the path of the file it came from.
        introduced: the year it was put forward, when known.
        source: the document or occasion that put it forward, when known.
        freq: a jieba dictionary frequency given in a user dictionary, if any.
    """

    phrase: str
    origin: str = "user"
    introduced: int | None = None
    source: str | None = None
    freq: int | None = None


class Lexicon:
    """An ordered set of :class:`LexiconEntry`, unique by phrase (the first entry wins).

    Example:
        >>> lex = Lexicon(["扫黑除恶", "枫桥经验", "扫黑除恶"])
        >>> len(lex), "枫桥经验" in lex
        (2, True)
    """

    def __init__(self, entries: Iterable[LexiconEntry | str] = ()) -> None:
        self._entries: dict[str, LexiconEntry] = {}
        for entry in entries:
            if isinstance(entry, str):
                entry = LexiconEntry(entry)
            if not isinstance(entry.phrase, str):
                logger.warning("lexicon entry %r (from %s) is not a string; skipped",
                               entry.phrase, entry.origin)  # fmt: skip
                continue
            if len(entry.phrase) > MAX_PHRASE_CHARS:
                logger.warning("lexicon entry of %s characters (from %s) is longer than %d; "
                               "skipped: %r…", f"{len(entry.phrase):,}", entry.origin,
                               MAX_PHRASE_CHARS, entry.phrase[:20])  # fmt: skip
                continue
            phrase = normalize_phrase(entry.phrase)
            if phrase and phrase not in self._entries:
                if phrase != entry.phrase:
                    entry = LexiconEntry(
                        phrase, entry.origin, entry.introduced, entry.source, entry.freq
                    )
                self._entries[phrase] = entry

    @classmethod
    def builtin(cls) -> Lexicon:
        """The curated lexicon of national policy formulations shipped with analyzer."""
        text = (
            resources.files("analyzer")
            .joinpath(f"data/lexicon/{BUILTIN_NAME}.tsv")
            .read_text("utf-8")
        )
        return cls(_table_entries(text, origin="builtin", path="builtin lexicon"))

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        """Read a user lexicon.

        Accepted formats: a ``.tsv``/``.csv`` table with a ``phrase`` column (other columns
        ``introduced`` and ``source`` are kept), or a text file with one phrase per line,
        optionally followed by a jieba frequency and part-of-speech tag (``扫黑除恶 100 n``).
        Lines starting with ``#`` are comments. A line that is none of these (``扫黑除恶 ² n``),
        or an entry longer than :data:`MAX_PHRASE_CHARS` characters, is warned about with its
        ``file:line`` and skipped; the other entries load.

        Raises:
            InputError: when the file is missing, undecodable or holds no phrase.
        """
        from .readers.decode import decode_bytes

        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot read lexicon ({exc.strerror})") from None
        text, _ = decode_bytes(data, str(path))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        origin = str(path)
        if path.suffix.lower() in {".tsv", ".csv"}:
            entries = list(_table_entries(text, origin=origin, path=str(path)))
        else:
            entries = list(_userdict_entries(text, origin=origin))
        if not entries:
            raise InputError(str(path), "lexicon holds no phrase")
        return cls(entries)

    def __iter__(self) -> Iterator[LexiconEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, phrase: object) -> bool:
        return isinstance(phrase, str) and normalize_phrase(phrase) in self._entries

    def __or__(self, other: Lexicon) -> Lexicon:
        return Lexicon([*self, *other])

    def __repr__(self) -> str:
        return f"Lexicon({len(self)} phrases)"

    @property
    def phrases(self) -> list[str]:
        """The phrases, in order."""
        return list(self._entries)

    def get(self, phrase: str) -> LexiconEntry | None:
        """The entry for a phrase, or None."""
        return self._entries.get(normalize_phrase(phrase))

    def fingerprint(self) -> str:
        """A hash of the phrases and frequencies: changes whenever segmentation could."""
        digest = hashlib.sha256()
        for entry in self._entries.values():
            digest.update(f"{entry.phrase}\t{entry.freq}\n".encode())
        return digest.hexdigest()[:16]

    def save(self, path: str | Path) -> Path:
        """Write the lexicon as a TSV table (``phrase, introduced, source``), atomically."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
        writer.writerow(["phrase", "introduced", "source"])
        for entry in self:
            writer.writerow([entry.phrase, entry.introduced or "", entry.source or ""])
        return atomic_write_text(path, buffer.getvalue())


def _table_entries(text: str, *, origin: str, path: str) -> Iterator[LexiconEntry]:
    lines = text.splitlines()
    header_at = next(
        (i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), None
    )
    if header_at is None:
        return
    delimiter = "\t" if "\t" in lines[header_at] else ","
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if n > header_at + 1]
    reader = csv.reader([lines[header_at]], delimiter=delimiter)
    columns = [c.strip() for c in next(reader)]
    if "phrase" not in columns:
        raise InputError(path, f"lexicon table has no 'phrase' column (columns: {columns})")
    for number, line in numbered:
        if not line.strip() or line.startswith("#"):
            continue
        try:
            values = next(csv.reader([line], delimiter=delimiter, strict=True))
        except csv.Error as exc:
            _skip(path, number, f"malformed row ({exc})")
            continue
        if len(values) > len(columns):
            _skip(path, number, f"{len(values)} fields where the header has {len(columns)}")
            continue
        row = dict(zip(columns, values, strict=False))
        phrase = (row.get("phrase") or "").strip()
        if not phrase:
            continue
        if len(phrase) > MAX_PHRASE_CHARS:
            _skip(
                path, number, f"an entry of {len(phrase):,} characters (at most {MAX_PHRASE_CHARS})"
            )
            continue
        introduced = (row.get("introduced") or row.get("first_year") or "").strip()
        year = re.match(r"[0-9]{4}", introduced)
        yield LexiconEntry(
            phrase,
            origin=origin,
            introduced=int(year.group()) if year else None,
            source=(row.get("source") or "").strip() or None,
        )


def _userdict_entries(text: str, *, origin: str) -> Iterator[LexiconEntry]:
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _USERDICT_RE.match(line)
        if match is None:
            shown = line if len(line) <= 40 else line[:40] + "…"
            _skip(origin, number, f"not a lexicon line (PHRASE [FREQUENCY] [TAG]): {shown!r}")
            continue
        phrase, freq = match.group(1), match.group(2)
        if len(phrase) > MAX_PHRASE_CHARS:
            _skip(
                origin,
                number,
                f"an entry of {len(phrase):,} characters (at most {MAX_PHRASE_CHARS})",
            )
            continue
        yield LexiconEntry(phrase, origin=origin, freq=int(freq) if freq else None)


def _skip(path: str, number: int, reason: str) -> None:
    logger.warning("lexicon %s:%d: %s; skipped", path, number, reason)
