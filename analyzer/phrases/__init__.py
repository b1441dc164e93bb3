"""Policy-phrase (提法) discovery: one detector per module, and the ranker that merges them."""

from .discover import COLUMNS, DETECTORS, PhraseDiscoverer, discover_phrases

__all__ = ["COLUMNS", "DETECTORS", "PhraseDiscoverer", "discover_phrases"]
