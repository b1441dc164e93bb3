"""Where bundled files live: the sample corpus and the registry of public corpora.

Both sit in ``corpora/`` at the top of a source checkout (the Quick start installs the checkout
in editable mode). The environment variables ``ANALYZER_SAMPLE_DIR`` and ``ANALYZER_REGISTRY``
point elsewhere when needed.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import AnalyzerError

__all__ = ["registry_path", "repo_root", "sample_corpus_dir"]


def repo_root() -> Path | None:
    """The source checkout holding this package, or None for an installed wheel."""
    root = Path(__file__).resolve().parents[1]
    return root if (root / "corpora").is_dir() else None


def sample_corpus_dir() -> Path:
    """The bundled sample corpus (``corpora/sample``)."""
    given = os.environ.get("ANALYZER_SAMPLE_DIR")
    if given:
        return Path(given)
    root = repo_root()
    if root is None or not (root / "corpora" / "sample").is_dir():
        raise AnalyzerError(
            "the sample corpus is not installed with this copy of analyzer: run from a source "
            "checkout (pip install -e .), or pass --corpus DIR"
        )
    return root / "corpora" / "sample"


def registry_path() -> Path:
    """The registry of public corpora (``corpora/registry.toml``)."""
    given = os.environ.get("ANALYZER_REGISTRY")
    if given:
        return Path(given)
    root = repo_root()
    if root is None:
        raise AnalyzerError(
            "the corpus registry is not installed with this copy of analyzer: run from a source "
            "checkout, or pass --registry FILE"
        )
    return root / "corpora" / "registry.toml"
