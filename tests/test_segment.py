"""Segmentation: lexicon phrases kept whole on both backends, offsets, punctuation, problems."""

import json

import pytest

from analyzer import Lexicon, Segmenter
from analyzer.text import CLAUSE_PUNCT

BACKENDS = ["rjieba", "jieba"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_lexicon_phrases_kept_whole(backend):
    seg = Segmenter(
        backend=backend,
        lexicon=["平安甘肃", "1+17+N", "互联网+", "中国制造2025", "不忘初心、牢记使命"],
        builtin_lexicon=False,
    )
    text = "建设平安甘肃，制定“1+17+N”措施，推进互联网+政务和中国制造2025，不忘初心、牢记使命。"
    tokens = seg.cut(text)
    for phrase in ["平安甘肃", "1+17+N", "互联网+", "中国制造2025", "不忘初心、牢记使命"]:
        assert phrase in tokens


@pytest.mark.parametrize("backend", BACKENDS)
def test_without_lexicon_jieba_splits_slogans(backend):
    tokens = Segmenter(backend=backend, builtin_lexicon=False).cut("扫黑除恶和枫桥经验")
    assert "扫黑除恶" not in tokens and "枫桥经验" not in tokens


def test_builtin_lexicon_is_used_by_default():
    assert Segmenter().cut("深入开展扫黑除恶专项斗争") == ["深入开展", "扫黑除恶专项斗争"]


def test_latin_edges_do_not_match_inside_longer_runs():
    seg = Segmenter(lexicon=["1+17+N", "中国制造2025"], builtin_lexicon=False)
    tokens = seg.cut("11+17+NA和中国制造20251")
    assert "1+17+N" not in tokens and "中国制造2025" not in tokens


def test_longest_phrase_wins():
    seg = Segmenter(lexicon=["扫黑除恶", "扫黑除恶专项斗争"], builtin_lexicon=False)
    assert seg.cut("扫黑除恶专项斗争和扫黑除恶") == ["扫黑除恶专项斗争", "和", "扫黑除恶"]


def test_entries_that_cannot_take_effect_are_reported(caplog):
    seg = Segmenter(
        lexicon=["扫黑 除恶", "平安，法治", "中", "——", "雪亮工程"], builtin_lexicon=False
    )
    problems = {p.phrase: p.reason for p in seg.problems}
    assert set(problems) == {"扫黑 除恶", "平安，法治", "中", "——"}
    assert "whitespace" in problems["扫黑 除恶"] and "，" in problems["平安，法治"]
    assert seg.phrases == {"雪亮工程"}
    assert "cannot take effect" in caplog.text
    with pytest.warns(UserWarning, match="cannot take effect"):
        seg.warn_problems()


def test_add_word_takes_effect_and_changes_fingerprint():
    seg = Segmenter(builtin_lexicon=False)
    before = seg.fingerprint()
    assert seg.add_word("枫桥经验") is None
    assert seg.cut("坚持发展枫桥经验") == ["坚持", "发展", "枫桥经验"]
    assert seg.fingerprint() != before
    assert seg.add_word("枫 桥").reason.startswith("contains")


def test_tokens_never_span_punctuation_or_whitespace():
    seg = Segmenter()
    text = "要坚持，推进。建设 平安\n中国；扫黑：除恶！好？"
    for token in seg.cut(text):
        assert not (set(token) & set(CLAUSE_PUNCT) and len(token) > 1)
        assert not any(c.isspace() for c in token)


def test_tokenize_offsets_point_into_the_text():
    seg = Segmenter()
    text = "第一段：扫黑除恶。\n\n第二段 枫桥经验"
    tokens = seg.tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.text for t in tokens] == seg.cut(text)


def test_unknown_backend_is_rejected():
    with pytest.raises(ValueError, match="backend='char' is not one of"):
        Segmenter(backend="char")


def test_segmenter_pickles_without_its_engine():
    import pickle

    seg = Segmenter(lexicon=["平安甘肃"])
    seg.cut("平安甘肃")
    clone = pickle.loads(pickle.dumps(seg))
    assert clone.cut("建设平安甘肃") == ["建设", "平安甘肃"]


def test_backends_share_jiebas_dictionary():
    import os

    import jieba
    import rjieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as handle:
        words = [line.split(" ", 1)[0] for line in handle]
    engine = rjieba.Jieba()
    assert len(words) > 300_000
    assert all(engine.has_word(w) for w in words)


@pytest.mark.slow
def test_backends_agree_on_token_boundaries_over_the_national_reports(national):
    from analyzer import Corpus

    corpus = Corpus.load(national)
    fast, reference = Segmenter(backend="rjieba"), Segmenter(backend="jieba")
    agree = total = 0
    for doc in corpus:
        a = {t.end for t in fast.tokenize(doc.text)}
        b = {t.end for t in reference.tokenize(doc.text)}
        agree += len(a & b)
        total += len(a | b)
    assert total > 500_000
    assert agree / total >= 0.999


def test_lexicon_file_formats(tmp_path):
    userdict = tmp_path / "user.txt"
    userdict.write_text("# comment\n平安甘肃 100 n\n枫桥经验\n１＋１７＋Ｎ\n", encoding="utf-8")
    table = tmp_path / "phrases.tsv"
    table.write_text("phrase\tcount\tintroduced\n法治甘肃\t3\t2015\n", encoding="utf-8")
    lexicon = Lexicon.load(userdict) | Lexicon.load(table)
    assert lexicon.phrases == ["平安甘肃", "枫桥经验", "1+17+N", "法治甘肃"]
    assert lexicon.get("平安甘肃").freq == 100 and lexicon.get("法治甘肃").introduced == 2015
    saved = lexicon.save(tmp_path / "out.tsv")
    assert Lexicon.load(saved).phrases == lexicon.phrases


def test_builtin_lexicon_has_sources():
    lexicon = Lexicon.builtin()
    assert len(lexicon) > 50
    assert all(e.introduced and e.source for e in lexicon)
    assert json.dumps([e.phrase for e in lexicon], ensure_ascii=False)
