"""analyzer: a Chinese policy-text analyzer.

Load a corpus of reports with their years, clean it, segment it with a policy lexicon, and
track the policy formulations (提法) it uses year over year.

Example:
    >>> import analyzer
    >>> corpus = analyzer.Corpus.from_texts(["深入开展扫黑除恶专项斗争。"], years=[2019])
    >>> analyzer.tokenize(corpus)[0]
    ['深入开展', '扫黑除恶专项斗争', '。']
"""

from __future__ import annotations

__version__ = "0.1.0"

from .cache import Cache
from .clean import CleaningOptions, CleaningReport, clean_text
from .document import Document
from .errors import AnalyzerError, AnalyzerWarning, InputError, NotFittedError, ParameterError
from .grouping import Grouping
from .lexicon import Lexicon, LexiconEntry
from .loading import DocumentStream, LoadOptions
from .readers import FieldMap, Skipped
from .segment import Segmenter, Token
from .stopwords import load_stopwords
from .text import clauses, paragraphs, sentences
from .tokens import Tokens, tokenize

# The analyses need pandas and scikit-learn, plotting needs matplotlib; they are imported on
# first use so that `analyzer tokens` starts fast.
_LAZY = {
    "Analysis": "pipeline",
    "Corpus": "pipeline",
    "Settings": "pipeline",
    "PhraseDiscoverer": "phrases",
    "discover_phrases": "phrases",
    "use_cjk_font": "report.fonts",
}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'analyzer' has no attribute {name!r}")


__all__ = [
    "Analysis",
    "AnalyzerError",
    "AnalyzerWarning",
    "Cache",
    "CleaningOptions",
    "CleaningReport",
    "Corpus",
    "Document",
    "DocumentStream",
    "FieldMap",
    "Grouping",
    "InputError",
    "Lexicon",
    "LexiconEntry",
    "LoadOptions",
    "NotFittedError",
    "ParameterError",
    "PhraseDiscoverer",
    "Segmenter",
    "Settings",
    "Skipped",
    "Token",
    "Tokens",
    "__version__",
    "clauses",
    "clean_text",
    "discover_phrases",
    "load_stopwords",
    "paragraphs",
    "sentences",
    "tokenize",
    "use_cjk_font",
]
