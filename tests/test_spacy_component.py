"""The spaCy component `policy_phrases` on spaCy's blank Chinese pipeline with jieba."""

import pytest

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp():
    pipeline = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    pipeline.add_pipe("policy_phrases", config={"phrases": ["平安甘肃", "1+17+N"]})
    return pipeline


def test_phrases_become_single_tokens(nlp):
    doc = nlp("建设平安甘肃，深入开展扫黑除恶专项斗争，制定“1+17+N”措施。")
    tokens = [t.text for t in doc]
    assert "平安甘肃" in tokens and "扫黑除恶专项斗争" in tokens and "1+17+N" in tokens
    assert [s.text for s in doc.spans["policy_phrases"]] == [
        "平安甘肃",
        "扫黑除恶专项斗争",
        "1+17+N",
    ]
    assert [t.text for t in doc if t._.policy_phrase] == ["平安甘肃", "扫黑除恶专项斗争", "1+17+N"]
    assert doc.text == "建设平安甘肃，深入开展扫黑除恶专项斗争，制定“1+17+N”措施。"


def test_tokens_are_split_where_a_phrase_starts_inside_one(nlp):
    # jieba's own split here is 建设平安 / 甘肃 in some contexts; the component splits first.
    doc = nlp("我们要建设平安甘肃和法治甘肃")
    assert "平安甘肃" in [t.text for t in doc]
    assert doc.text == "我们要建设平安甘肃和法治甘肃"


def test_factory_is_registered_by_entry_point_and_configurable():
    pipeline = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    component = pipeline.add_pipe(
        "policy_phrases", config={"builtin_lexicon": False, "phrases": ["枫桥经验"]}
    )
    assert component.phrases == {"枫桥经验"}
    doc = pipeline("扫黑除恶和枫桥经验")
    assert "枫桥经验" in [t.text for t in doc] and "扫黑除恶" not in [t.text for t in doc]
    assert "policy_phrases" in pipeline.pipe_names


def test_the_component_never_cuts_a_phrase_out_of_a_written_out_number():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policy_phrases", config={"phrases": ["九五"], "lexicon_paths": []})
    doc = nlp("一九九五年开始实施“九五”计划。")
    assert [span.text for span in doc.spans["policy_phrases"]] == ["九五"]
    assert doc.spans["policy_phrases"][0].start_char == 10
