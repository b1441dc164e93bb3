"""Policy-phrase (提法) discovery: one detector per module, and the ranker that merges them.

The discoverer is loaded on first use, so that reading a cached phrase table
(:mod:`analyzer.phrases.spec`) stays fast.
"""

from .spec import COLUMNS, DETECTORS, PHRASES_VERSION, fingerprint

__all__ = ["COLUMNS", "DETECTORS", "PHRASES_VERSION", "PhraseDiscoverer", "discover_phrases",
           "fingerprint"]  # fmt: skip


def __getattr__(name: str):
    if name in {"PhraseDiscoverer", "discover_phrases"}:
        from . import discover

        return getattr(discover, name)
    raise AttributeError(f"module 'analyzer.phrases' has no attribute {name!r}")
