"""Written-out numbers and the counting rule: hand examples with known answers, and properties
(hypothesis) that tie the grammar, the rule, the corpus index and the segmenter together."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer import Corpus
from analyzer.index import TextIndex
from analyzer.numerals import (
    NUMERALS,
    UNITS,
    count,
    is_number,
    number_edges,
    number_spans,
    occurrences,
)
from analyzer.segment import Segmenter

DIGIT_CHARS = "〇一二三四五六七八九"


def chinese(n: int) -> str:
    """A cardinal in characters, the way reports write it (written for these tests)."""
    if n == 0:
        return "零"
    parts = []
    for big, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        section, n = divmod(n, big)
        if section:
            parts.append(_section(section, leading=not parts) + name)
        elif parts and n:
            parts.append("零")
    return re.sub("零+", "零", "".join(parts)).rstrip("零")


def _section(n: int, *, leading: bool) -> str:
    out = ""
    for value, name in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out += ("" if (name == "十" and digit == 1 and leading and not out) else
                    DIGIT_CHARS[digit]) + name  # fmt: skip
        elif out and n:
            out += "零"
    return out + (DIGIT_CHARS[n] if n else "")


# -- hand examples -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["一九五五年", "二〇二一年", "二○二一年", "三百八十六点六五", "三百八十六点六五斤", "五千万",
     "第十四", "百分之二十五", "三分之一", "十四五", "三十多年", "九五", "十五个", "一百周年"],
)  # fmt: skip
def test_numbers_are_recognised_whole(text):
    assert is_number(text)


@pytest.mark.parametrize(
    "text",
    ["一带一路", "三个代表", "两学一做", "五年规划", "三去一降一补", "九五计划", "统一", "一"],
)
def test_formulations_with_numerals_are_not_numbers(text):
    assert not is_number(text)


def test_lone_numerals_of_formulations_are_never_protected():
    for text in ["一带一路", "三个代表", "两学一做", "三去一降一补", "一国两制", "两不愁三保障"]:
        assert number_spans(text) == [], text
        assert count(f"推进{text}建设，{text}。", text) == 2


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("一九五五年和一九九五年", "九五", 0),  # inside years
        ("“九五”计划，九五期间，九五时期", "九五", 3),  # its own uses
        ("一九九五年开始实施九五计划", "九五", 1),
        ("九五年", "九五", 0),  # the year 1995: no phrase ends before a unit
        ("三百八十六点六五斤", "六五", 0),  # inside a decimal
        ("二十五个省和十五年", "十五", 0),  # inside a number, before a unit
        ("“十五”计划", "十五", 1),
        ("党的十五大和十五届三中全会", "十五", 0),  # the congress is no plan
        ("一九五八年", "八年", 0),  # cuts across a year
        ("党的十八大和党的八大", "八大", 1),
        ("第十四个五年规划", "十四", 0),  # inside an ordinal
        ("第十四个五年规划", "五年规划", 1),  # covers its number whole
        ("第一个五年计划", "第一个五年计划", 1),
        ("两个一百年奋斗目标", "两个一百年", 1),
        ("十四五规划和十四五时期", "十四五", 2),
        ("三百万个体户", "个体户", 1),  # a word may start at the unit
        ("一九五五年计划", "五年计划", 0),
    ],
)
def test_the_counting_rule(text, phrase, expected):
    assert count(text, phrase) == expected
    index = TextIndex([text])
    assert index.count_in_documents([phrase]).tolist() == [[expected]]


def test_kwic_lists_the_occurrences_that_are_counted():
    corpus = Corpus.from_texts(["一九九五年，“九五”计划开局。", "九五期间"], years=[1995, 1996])
    lines = corpus.kwic("九五", window=2)
    assert lines[["year", "offset"]].values.tolist() == [[1995, 7], [1996, 0]]
    counted = corpus.trend(["九五"])
    assert counted["count"].tolist() == [1, 1]


def test_segmenter_keeps_numbers_whole_against_the_lexicon():
    segmenter = Segmenter(lexicon=["九五", "八年", "五年计划", "两个一百年"], builtin_lexicon=False)
    assert "九五" not in segmenter.cut("一九九五年")
    assert "八年" not in segmenter.cut("一九五八年开始")
    assert segmenter.cut("“九五”计划")[1] == "九五"
    assert "两个一百年" in segmenter.cut("实现两个一百年奋斗目标")
    assert "五年计划" in segmenter.cut("第一个五年计划")


# -- properties --------------------------------------------------------------------------------

years = st.integers(1000, 2100).map(lambda y: "".join(DIGIT_CHARS[int(c)] for c in str(y)) + "年")
cardinals = st.integers(11, 10**10).map(chinese)
decimals = st.tuples(st.integers(0, 10**6), st.text(DIGIT_CHARS, min_size=1, max_size=3)).map(
    lambda p: chinese(p[0]) + "点" + p[1]
)
ordinals = st.integers(1, 999).map(lambda n: "第" + chinese(n))
percentages = st.integers(1, 100).map(lambda n: "百分之" + chinese(n))
numbers = st.one_of(years, cardinals, decimals, ordinals, percentages)
#: Context characters that are neither numerals nor units.
context = st.text("的和是在国家建设发展，。“”改革开放", max_size=6)


@given(numbers, context, context)
def test_every_written_out_number_is_one_span(number, left, right):
    text = left + number + right
    spans = [(s, e) for s, e, _ in number_spans(text)]
    assert (len(left), len(left) + len(number)) in spans


@given(numbers)
def test_no_piece_of_a_number_counts(number):
    text = f"今年{number}，"
    whole = text.index(number)
    for start in range(len(number)):
        for end in range(start + 1, len(number) + 1):
            piece = number[start:end]
            if len(piece) < len(number) and piece not in text.replace(number, "", 1):
                assert count(text, piece) == 0, piece
    assert whole in occurrences(text, number)


@given(
    st.lists(st.tuples(st.sampled_from(NUMERALS), st.sampled_from("带路代表国制学做")), min_size=1)
)
def test_formulas_whose_numerals_stand_alone_are_counted_whole(pairs):
    # 一带一路, 两学一做: every numeral stands between words, so none is a number.
    formula = "".join(n + w for n, w in pairs)
    assert number_spans(formula) == []
    assert count(f"推进{formula}。", formula) == 1


alphabet = st.text("一二九五十百年个第点期计划，“”", max_size=40)
phrases = st.text("一二九五十年个第点期计", min_size=1, max_size=4)


def brute_force(text: str, phrase: str) -> int:
    """The rule as written: every start position, each edge checked against the spans."""
    no_start, no_end = [False] * (len(text) + 1), [False] * (len(text) + 1)
    for start, end, number_end in number_spans(text):
        for x in range(start + 1, end):
            no_end[x] = True
            no_start[x] = x != number_end
    found, last_end = 0, -1
    for at in range(len(text) - len(phrase) + 1):
        allowed = not no_start[at] and not no_end[at + len(phrase)]
        if text.startswith(phrase, at) and at >= last_end and allowed:
            found += 1
            last_end = at + len(phrase)
    return found


@settings(max_examples=300)
@given(st.lists(alphabet, min_size=1, max_size=4), st.lists(phrases, min_size=1, max_size=5))
def test_index_counts_equal_the_rule(texts, terms):
    terms = list(dict.fromkeys(terms))
    matrix = TextIndex(texts).count_in_documents(terms)
    for d, text in enumerate(texts):
        for t, term in enumerate(terms):
            assert matrix[d, t] == count(text, term) == brute_force(text, term)


@given(alphabet)
def test_edges_are_inside_numbers_only(text):
    no_start, no_end = number_edges(text)
    inside = set()
    for start, end, _ in number_spans(text):
        inside.update(range(start + 1, end))
    assert set(no_start.nonzero()[0]) <= inside
    assert set(no_end.nonzero()[0]) <= inside
    assert not no_start[0] and not no_end[len(text)]


@settings(max_examples=100, deadline=None)
@given(st.lists(numbers, min_size=1, max_size=3), st.lists(phrases, min_size=1, max_size=4))
def test_lexicon_phrases_never_split_a_number(parts, lexicon):
    text = "，".join(f"在{p}建设" for p in parts)
    lexicon = [p for p in lexicon if len(p) >= 2]
    segmenter = Segmenter(lexicon=lexicon, builtin_lexicon=False)
    no_start, no_end = number_edges(text)
    # The spans the lexicon keeps whole (jieba itself may still cut a number its own way).
    for start, end in segmenter.matches(text):
        assert not no_start[start] and not no_end[end], text[start:end]


def test_units_are_measure_and_time_words_only():
    # The words that open a plan's name after its number are no units (九五期间, 十四五时期).
    assert not {"期", "时", "规", "计"} & set(UNITS)
