"""A document longer than a shard is cut into pieces at line breaks, each carrying the
document's number: discovery on the pieces gives the table and the counts by document that the
whole document gives, and segmenting a long text a stretch at a time gives its tokens."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analyzer
from analyzer.cli.render import records_csv, to_records
from analyzer.phrases import PhraseDiscoverer
from analyzer.phrases.shard import ShardedCorpus, document_pieces, make_shards
from analyzer.segment import Segmenter
from analyzer.tokens import _lengths_of, token_lengths

SEGMENTER = Segmenter(builtin_lexicon=False)
# Words, clause and sentence ends, line breaks and spaces: what long reports are made of.
_PARTS = st.sampled_from(["扫黑除恶", "专项斗争", "平安", "甘肃", "枫桥经验", "，", "。", "；",
                          "\n", "\n\n", " ", "　", "二〇二一年", "1+17+N"])  # fmt: skip
TEXTS = st.lists(_PARTS, max_size=80).map("".join)


def _csv(frame) -> str:
    return records_csv(to_records(frame), list(frame.columns))


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.integers(min_value=1, max_value=40))
def test_pieces_cover_the_text_and_carry_its_tokens(text, limit):
    lengths = _lengths_of(SEGMENTER.cut(text))
    pieces = list(document_pieces(text, lengths, limit))
    assert "".join(p for p, _ in pieces) == text
    assert np.concatenate([s for _, s in pieces]).tolist() == lengths.tolist()
    for piece, sizes in pieces:
        assert int(sizes.sum()) == len("".join(piece.split()))  # whole tokens only
        # within the limit, unless the piece is a single token longer than it
        assert len(piece.rstrip()) <= limit or len(sizes) <= 1
    if len(text) <= limit:
        assert len(pieces) == 1


def test_pieces_end_after_line_breaks_then_sentences():
    text = "扫黑除恶专项斗争。平安甘肃\n枫桥经验。"
    pieces = [p for p, _ in document_pieces(text, None, 15)]
    assert pieces == ["扫黑除恶专项斗争。平安甘肃\n", "枫桥经验。"]
    pieces = [p for p, _ in document_pieces("扫黑除恶专项斗争。平安甘肃", None, 12)]
    assert pieces == ["扫黑除恶专项斗争。", "平安甘肃"]


@settings(max_examples=100, deadline=None)
@given(TEXTS, st.integers(min_value=1, max_value=30))
def test_a_long_text_segmented_a_stretch_at_a_time_keeps_its_tokens(text, stretch):
    assert (
        token_lengths(SEGMENTER, text, chars=stretch).tolist()
        == _lengths_of(SEGMENTER.cut(text)).tolist()
    )


def test_shards_of_pieces_know_which_documents_were_cut():
    texts = ["扫黑除恶\n" * 10, "枫桥经验。", "平安甘肃\n" * 6]
    shards = make_shards(texts, None, 20)
    numbers = [s.doc_numbers.tolist() for s in shards]
    assert sum(len(s.texts) for s in shards) > len(texts)
    assert sorted({n for run in numbers for n in run}) == [0, 1, 2]
    assert "".join(t for s in shards for t in s.texts) == "".join(texts)
    assert ShardedCorpus(shards).split_docs.tolist() == [0, 2]


def _one_long_document():
    """The sample corpus as one report (its documents joined by blank lines), beside one
    short document: about 60,000 characters in one document."""
    from conftest import SAMPLE

    docs = list(analyzer.Corpus.load(SAMPLE, cache=False))
    long = "\n\n".join(d.text for d in docs * 6)
    return analyzer.Corpus.from_texts([long, docs[0].text], years=[2021, 2020], clean=False)


@pytest.mark.parametrize("shard_chars", [3_000, 12_000])
def test_a_document_cut_into_pieces_gives_the_table_of_the_whole(shard_chars):
    corpus = _one_long_document()
    tokens = corpus.analysis(cache=False).plain_tokens()
    whole = PhraseDiscoverer().fit(corpus, tokens)
    cut = PhraseDiscoverer().fit(corpus, tokens, shard_chars=shard_chars)
    assert len(corpus.documents[0].text) > 3 * shard_chars
    assert _csv(cut.table_) == _csv(whole.table_)
    assert set(cut.table_["docs"]) <= {1, 2}  # a document is counted once, whatever its pieces
    assert (cut.doc_counts_ != whole.doc_counts_).nnz == 0


def test_national_reports_cut_into_pieces_give_the_same_table(national):
    corpus = analyzer.Corpus(list(analyzer.Corpus.load(national, cache=False))[:16])
    tokens = corpus.analysis(cache=False).plain_tokens()
    whole = PhraseDiscoverer(builtin_lexicon=False).fit(corpus, tokens)
    cut = PhraseDiscoverer(builtin_lexicon=False).fit(corpus, tokens, shard_chars=2_000)
    assert max(len(d.text) for d in corpus) > 10 * 2_000
    assert _csv(cut.table(2000)) == _csv(whole.table(2000))
    assert (cut.doc_counts_ != whole.doc_counts_).nnz == 0


@settings(max_examples=60, deadline=None)
@given(TEXTS.filter(str.strip), st.integers(min_value=1, max_value=30))
def test_a_documents_tokens_a_stretch_at_a_time_are_its_tokens(text, chars):
    corpus = analyzer.Corpus.from_texts([text], clean=False)
    tokens = corpus.analysis(cache=False).tokens()
    parts = list(tokens.stretches(0, chars=chars))
    assert [t for part in parts for t in part] == tokens.strings(0)


def test_the_tokens_command_writes_a_long_document_a_stretch_at_a_time(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    import analyzer.tokens as tokens_module
    from analyzer.cli import cli

    report = tmp_path / "2021-long.txt"
    report.write_text("深入开展扫黑除恶专项斗争，建设平安甘肃。\n坚持发展枫桥经验！\n" * 40,
                      encoding="utf-8")  # fmt: skip
    corpus = analyzer.Corpus.load(report, cache=False)
    expected = corpus.analysis(cache=False).tokens().strings(0)
    monkeypatch.setattr(tokens_module, "STREAM_CHARS", 50)  # many stretches
    runner = CliRunner()
    txt = runner.invoke(cli, ["tokens", str(report), "--no-cache"])
    assert txt.exit_code == 0 and txt.stdout == " ".join(expected) + "\n"
    out = tmp_path / "tokens.jsonl"
    jsonl = runner.invoke(cli, ["tokens", str(report), "--no-cache", "--format", "jsonl",
                                "--no-punct", "-o", str(out)])  # fmt: skip
    assert jsonl.exit_code == 0 and "wrote 1 documents" in jsonl.output
    kept = [t for t in expected if any(c.isalnum() for c in t)]
    doc = corpus.documents[0]
    row = {"id": doc.id, "year": 2021, "tokens": kept}
    assert out.read_text(encoding="utf-8") == json.dumps(row, ensure_ascii=False) + "\n"
    bare = runner.invoke(cli, ["tokens", str(report), "--no-cache", "--no-punct"])
    assert bare.exit_code == 0 and bare.stdout == " ".join(kept) + "\n"


@pytest.mark.parametrize("bad", [0, -3, True, 1.5])
def test_a_stretch_or_a_piece_must_be_a_positive_whole_number(bad):
    from analyzer.errors import ParameterError

    with pytest.raises(ParameterError, match="must be a positive whole number"):
        token_lengths(SEGMENTER, "扫黑除恶 平安", chars=bad)
    with pytest.raises(ParameterError, match="must be a positive whole number"):
        list(document_pieces("扫黑除恶\n平安", None, bad))


def test_a_long_text_without_whitespace_is_cut_after_its_sentences():
    text = "扫黑除恶专项斗争取得成效。平安甘肃建设深入推进！" * 20
    lengths = token_lengths(SEGMENTER, text, chars=15)
    assert lengths.tolist() == _lengths_of(SEGMENTER.cut(text)).tolist()
