"""What a phrase table is, without the machinery that makes one: its columns, the detectors,
and the fingerprint that changes whenever the table could change for the same documents.

Importing this module is cheap (no scikit-learn), so that the analysis layer can read a cached
phrase table, and check its key, without loading the discoverer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..lexicon import Lexicon

__all__ = ["COLUMNS", "DETECTORS", "PHRASES_VERSION", "fingerprint"]

#: Changes whenever the discovered table could change for the same input (cache key).
PHRASES_VERSION = "15"
#: The detectors, in the order their name is preferred as a phrase's ``kind``.
DETECTORS = ("lexicon", "localized", "formula", "quoted", "statistical")
#: The columns of the phrase table.
COLUMNS = [
    "phrase", "kind", "count", "docs", "years", "first_year", "last_year", "score",
    "kinds", "pair", "quoted",
]  # fmt: skip


def fingerprint(
    *,
    detectors: Sequence[str] = DETECTORS,
    lexicon: Lexicon | Iterable[str] | None = None,
    builtin_lexicon: bool = True,
    min_count: int = 1,
    max_len: int = 16,
    backend: str = "rjieba",
    names: bool = False,
    **more: object,
) -> str:
    """A string that changes whenever the discovered table could change for the same
    documents: the version of the algorithm and every parameter of
    :class:`~analyzer.phrases.PhraseDiscoverer` (pass its ``get_params()``).

    >>> fingerprint(min_count=2) == fingerprint(min_count=2), fingerprint() == fingerprint(min_count=2)
    (True, False)
    """
    user = lexicon if isinstance(lexicon, Lexicon) else Lexicon(lexicon or ())
    used = (Lexicon.builtin() | user) if builtin_lexicon else user
    extra = "|".join(f"{k}={more[k]!r}" for k in sorted(more))
    return (
        f"phrases{PHRASES_VERSION}|{tuple(detectors)}|{used.fingerprint()}|{min_count}|"
        f"{max_len}|{backend}|names={names}|{extra}"
    )
