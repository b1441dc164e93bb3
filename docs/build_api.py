"""Write docs/api.md, the API reference, from the package's docstrings.

The reference is generated, never edited by hand, so it cannot drift from the code: the test
suite runs ``python docs/build_api.py --check`` and fails when docs/api.md is out of date.

Usage: python docs/build_api.py [--check]
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
from pathlib import Path

OUT = Path(__file__).with_name("api.md")

#: (module, names) in reading order: the corpus first, then each analysis.
SECTIONS = [
    ("analyzer.pipeline", ["Analysis", "Corpus", "phrase_lexicon"]),
    ("analyzer.settings", ["Settings"]),
    ("analyzer.corpus", ["Corpus"]),
    ("analyzer.grouping", ["Grouping", "parse_by"]),
    ("analyzer.document", ["Document"]),
    ("analyzer.loading", ["DocumentStream", "LoadOptions"]),
    ("analyzer.clean", ["CleaningOptions", "CleaningReport", "clean_text"]),
    ("analyzer.segment", ["Segmenter", "Token"]),
    (
        "analyzer.numerals",
        [
            "count",
            "occurrences",
            "number_spans",
            "is_number",
            "number_edges",
            "edge_flags",
            "has_numbers",
        ],
    ),
    ("analyzer.lexicon", ["Lexicon", "LexiconEntry"]),
    ("analyzer.stopwords", ["load_stopwords"]),
    ("analyzer.phrases", ["PhraseDiscoverer", "discover_phrases"]),
    ("analyzer.tokens", ["tokenize", "Tokens", "token_starts"]),
    ("analyzer.occurrences", ["find", "count_matrix", "Occurrences"]),
    (
        "analyzer.vectorize",
        ["document_term_matrix", "DocumentTermMatrix", "TermAnalyzer", "unit_spans", "split_units"],
    ),
    (
        "analyzer.keywords",
        [
            "keywords",
            "keywords_within",
            "tfidf_weights",
            "textrank_scores",
            "ClassTfidfTransformer",
        ],
    ),
    ("analyzer.background", ["general_idf"]),
    (
        "analyzer.keyness",
        ["keyness", "compare_counts", "log_odds_dirichlet", "log_likelihood", "benjamini_hochberg"],
    ),
    ("analyzer.topics", ["TopicModel", "npmi_coherence"]),
    (
        "analyzer.themes",
        ["ThemeDictionary", "Theme", "theme_table", "theme_hits", "default_themes"],
    ),
    (
        "analyzer.compare",
        [
            "compare",
            "trend",
            "timeline",
            "kwic",
            "rank_changes",
            "count_ranking",
            "pairs_table",
            "trend_table",
            "timeline_table",
        ],
    ),
    ("analyzer.report", ["build_report", "write_report"]),
    ("analyzer.report.explore", ["explore_data", "json_script", "choose_trend_phrases"]),
    ("analyzer.report.fonts", ["find_cjk_font", "use_cjk_font"]),
    ("analyzer.spacy_component", None),
    ("analyzer.cache", ["Cache"]),
    ("analyzer.parallel", ["Executor", "shards"]),
    ("analyzer.progress", ["enable", "task", "track"]),
    ("analyzer.errors", None),
]


def _signature(obj) -> str:
    try:
        return str(inspect.signature(obj)).replace("'", '"')
    except (TypeError, ValueError):
        return "(...)"


def _doc(obj) -> str:
    return inspect.cleandoc(obj.__doc__ or "").strip()


def _block(text: str) -> str:
    return f"```text\n{text}\n```\n" if text else "*(no docstring)*\n"


def _methods(cls) -> list[tuple[str, object]]:
    found = []
    for name, member in cls.__dict__.items():
        if name.startswith("_") and name != "__call__":
            continue
        if isinstance(member, (classmethod, staticmethod)):
            member = member.__func__
        if isinstance(member, property) or inspect.isfunction(member):
            found.append((name, member))
    return found


def render() -> str:
    lines = [
        "# API reference",
        "",
        "Generated from the docstrings by `python docs/build_api.py`; do not edit by hand.",
        "Start with `analyzer.Corpus`: load documents, then call its analyses, each of which",
        "returns a pandas DataFrame.",
        "",
    ]
    for module_name, names in SECTIONS:
        module = importlib.import_module(module_name)
        lines += [f"## `{module_name}`", "", _doc(module).split("\n\n")[0], ""]
        names = names if names is not None else list(getattr(module, "__all__", []))
        for name in names:
            obj = getattr(module, name)
            if inspect.isclass(obj):
                lines += [f"### class `{name}{_signature(obj)}`", "", _block(_doc(obj))]
                for method_name, member in _methods(obj):
                    if isinstance(member, property):
                        lines += [f"#### property `{name}.{method_name}`", "",
                                  _block(_doc(member))]  # fmt: skip
                    else:
                        lines += [f"#### `{name}.{method_name}{_signature(member)}`", "",
                                  _block(_doc(member))]  # fmt: skip
            elif callable(obj):
                lines += [f"### `{name}{_signature(obj)}`", "", _block(_doc(obj))]
            else:
                lines += [f"### `{name}`", "", f"`{obj!r}`", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Fail if docs/api.md is stale.")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print("docs/api.md is out of date: run `python docs/build_api.py`", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
