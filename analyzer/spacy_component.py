"""spaCy pipeline component ``policy_phrases``: lexicon phrases become single tokens.

On spaCy's blank Chinese pipeline with the jieba segmenter, 扫黑除恶 comes out as 扫黑 / 除恶
and 平安甘肃 as 平安 / 甘肃. Adding this component merges every lexicon phrase (the built-in
national formulations, user lexicon files, extra phrases) into one token, splitting a token
first where a phrase starts or ends inside it. Merged tokens carry ``token._.policy_phrase``
= True, and ``doc.spans["policy_phrases"]`` lists the phrases found.

The factory is registered through the ``spacy_factories`` entry point, so after
``pip install analyzer`` it is available by name in any spaCy pipeline.

Example:
    >>> import spacy
    >>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    >>> _ = nlp.add_pipe("policy_phrases", config={"phrases": ["平安甘肃"]})
    >>> [t.text for t in nlp("建设平安甘肃，开展扫黑除恶专项斗争。")]
    ['建设', '平安甘肃', '，', '开展', '扫黑除恶专项斗争', '。']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .segment import Segmenter

__all__ = ["PolicyPhrases", "make_policy_phrases"]

SPAN_KEY = "policy_phrases"

if not Token.has_extension("policy_phrase"):
    Token.set_extension("policy_phrase", default=False)


class PolicyPhrases:
    """Merge lexicon phrases into single tokens (see the module docstring).

    Args:
        lexicon: the phrases to merge.
        span_key: the key of ``doc.spans`` that receives the merged phrases.
    """

    def __init__(self, lexicon: Lexicon, *, span_key: str = SPAN_KEY) -> None:
        self.span_key = span_key
        # A Segmenter holds the compiled leftmost-longest matcher and drops entries that
        # cannot be single tokens; its backend is never started here.
        self._segmenter = Segmenter(lexicon=lexicon, builtin_lexicon=False)
        self.problems = self._segmenter.problems

    @property
    def phrases(self) -> frozenset[str]:
        """The phrases this component merges."""
        return self._segmenter.phrases

    def __call__(self, doc: Doc) -> Doc:
        """Merge each policy phrase of ``doc`` into one token and list it in ``doc.spans``."""
        matches = list(self._segmenter.matches(doc.text))
        if matches:
            _split_at(doc, sorted({offset for match in matches for offset in match}))
        spans = []
        with doc.retokenize() as retokenizer:
            for start, end in matches:
                span = doc.char_span(start, end)
                if span is None:  # only when the text holds characters spaCy dropped
                    continue
                spans.append((start, end))
                if len(span) > 1:
                    retokenizer.merge(span)
        found: list[Span] = []
        for start, end in spans:
            span = doc.char_span(start, end)
            if span is not None:
                for token in span:
                    token._.policy_phrase = True
                found.append(span)
        doc.spans[self.span_key] = found
        return doc


def _split_at(doc: Doc, offsets: list[int]) -> None:
    """Split tokens so that every offset falls on a token boundary."""
    cuts: dict[int, list[int]] = {}
    for offset in offsets:
        for token in doc:
            if token.idx < offset < token.idx + len(token.text):
                cuts.setdefault(token.i, []).append(offset - token.idx)
                break
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for index, points in cuts.items():
            token = doc[index]
            edges = [0, *sorted(set(points)), len(token.text)]
            orths = [token.text[a:b] for a, b in itertools.pairwise(edges)]
            # The blank pipeline has no parser: attach every piece to the first one.
            heads = [(token, 0)] * len(orths)
            retokenizer.split(token, orths, heads=heads)


@Language.factory(
    "policy_phrases",
    default_config={
        "phrases": [],
        "lexicon_paths": [],
        "builtin_lexicon": True,
        "span_key": SPAN_KEY,
    },
)
def make_policy_phrases(
    nlp: Language,
    name: str,
    phrases: Iterable[str],
    lexicon_paths: Iterable[str],
    builtin_lexicon: bool,
    span_key: str,
) -> PolicyPhrases:
    """Build the ``policy_phrases`` component.

    Config:
        phrases: extra phrases to merge.
        lexicon_paths: user lexicon files (see :meth:`analyzer.lexicon.Lexicon.load`).
        builtin_lexicon: include the built-in national formulations (default true).
        span_key: where the found phrases are stored in ``doc.spans``.
    """
    lexicon = Lexicon.builtin() if builtin_lexicon else Lexicon()
    for path in lexicon_paths:
        lexicon = lexicon | Lexicon.load(path)
    lexicon = lexicon | Lexicon(phrases)
    return PolicyPhrases(lexicon, span_key=span_key)
