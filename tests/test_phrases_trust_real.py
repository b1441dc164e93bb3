"""Phrase trust on the real national reports (skipped when ../shared/corpora is absent): written-out
numbers, people and repeated rows, --no-lexicon."""

import pytest

from analyzer import Corpus
from analyzer.numerals import NUMERALS, count, number_spans, occurrences
from analyzer.phrases import PhraseDiscoverer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus():
    from conftest import NATIONAL

    if not NATIONAL.is_file():
        pytest.skip(f"real reports not available: {NATIONAL} is missing (../shared/corpora)")
    return Corpus.load(NATIONAL)


@pytest.fixture(scope="module")
def discoverer(corpus):
    return PhraseDiscoverer(builtin_lexicon=False).fit(corpus)


@pytest.fixture(scope="module")
def table(discoverer):
    return discoverer.table(5000)


def test_rows_made_of_numerals_count_only_their_own_uses(corpus, table):
    rows = table[table["phrase"].map(lambda p: all(c in NUMERALS for c in p))]
    assert {"九五", "十四五", "六五"} <= set(rows["phrase"])
    dated = sorted((d for d in corpus if d.year is not None), key=lambda d: d.year)
    for row in rows.itertuples():
        counted = sum(count(d.text, row.phrase) for d in corpus)
        assert row.count == counted <= sum(d.text.count(row.phrase) for d in corpus), row.phrase
        first = next(d.year for d in dated if count(d.text, row.phrase))
        assert row.first_year == first, row.phrase
        # That first use stands outside every written-out number longer than the phrase.
        doc = next(d for d in dated if d.year == first and count(d.text, row.phrase))
        at, n = occurrences(doc.text, row.phrase)[0], len(row.phrase)
        assert not any(s <= at and at + n <= e and e - s > n for s, e, _ in number_spans(doc.text))
    by_phrase = rows.set_index("phrase")
    assert by_phrase.loc["九五", "first_year"] >= 1990  # the plan of 1996-2000, not 一九五四年
    assert by_phrase.loc["九五", "count"] < 50  # not the 600 uses inside years


def test_trend_agrees_with_the_table(corpus, table):
    terms = ["九五", "七五", "十五"]
    trend = corpus.trend(terms)
    counts = table.set_index("phrase")["count"]
    for term in terms:
        assert (
            trend.loc[trend["term"] == term, "count"].sum()
            + sum(count(d.text, term) for d in corpus if d.year is None)
            == counts[term]
        )


def test_people_stay_out_and_come_back_as_names(corpus, table):
    top = set(table["phrase"].head(1000))
    assert not {"毛主席", "周总理", "周总理说", "邓小平同志", "江泽民主席"} & top
    assert {"毛泽东思想", "邓小平理论"} <= set(table["phrase"])
    named = PhraseDiscoverer(builtin_lexicon=False, names=True).fit(corpus).table(5000)
    kinds = dict(zip(named["phrase"], named["kind"], strict=True))
    assert {kinds.get(p) for p in ("毛主席", "周总理", "邓小平同志", "江泽民主席")} == {"name"}
    assert kinds["毛泽东思想"] != "name"


def test_repeats_go_and_formulations_stay(table):
    phrases = set(table["phrase"])
    assert {
        "新发展格局",
        "供给侧结构性改革",
        "新时代中国特色社会主义思想",
        "以人民为中心",
    } <= phrases
    assert not {"构建新发展格局", "供给侧结构性改革为主线", "取得新进展", "表示诚挚"} & phrases
    kinds = dict(zip(table["phrase"], table["kind"], strict=True))
    assert kinds["建筑法"] == kinds["不扩散核武器条约"] == "title"


def test_verb_phrases_go_and_pieces_rank_below_their_whole(discoverer, table):
    phrases = table["phrase"].tolist()
    rank = {p: i for i, p in enumerate(phrases)}
    # any verb before a listed name used without it: a verb phrase, not a formulation
    assert not {"走中国特色", "奉行互利共赢", "应对国际金融危机", "形成绿色低碳"} & set(phrases)
    assert {"中国特色", "互利共赢", "国际金融危机", "可持续发展", "承包经营责任制"} <= set(phrases)
    # 较快发展 hardly stands without 经济平稳: 经济平稳 is the piece of 经济平稳较快发展 ...
    features = discoverer.features_.set_index("phrase")
    assert features.loc["经济平稳", "inside"] >= 0.5
    assert rank["经济平稳较快发展"] < rank.get("经济平稳", len(phrases))
    # ... but the first of a pair joined by 、 is no piece of it (定向调控、相机调控)
    assert features.loc["定向调控", "inside"] == 0
    # and a verb phrase that went still holds the pieces of its verb low
    assert rank.get("应对国际", len(phrases)) > 1000
