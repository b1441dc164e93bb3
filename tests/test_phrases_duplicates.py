"""Fragments, duplicates, overshoots and verb phrases in phrase discovery, and fixed formulas that
open with 以: small hand-made corpora with known answers."""

import pytest

from analyzer import Corpus
from analyzer.phrases import PhraseDiscoverer
from analyzer.phrases.discover import _tagger
from analyzer.phrases.duplicates import is_predicate, wrapped_rows

#: Varied prose around the phrases, so that their neighbours vary as in real reports.
FILLER = [
    "各项工作稳步向前，群众生活继续改善。",
    "春耕生产有序开展，市场供应总体平稳。",
    "城乡面貌发生变化，社会大局保持稳定。",
    "科技教育不断进步，文化事业更加繁荣。",
    "对外交往日益扩大，国际地位明显提高。",
    "生态环境持续好转，人民健康水平提高。",
]


def _table(texts, years=None):
    years = years or list(range(2001, 2001 + len(texts)))
    corpus = Corpus.from_texts([t + FILLER[i % len(FILLER)] for i, t in enumerate(texts)],
                               years=years)  # fmt: skip
    return PhraseDiscoverer(builtin_lexicon=False).fit(corpus)


def _rank(discoverer, phrase):
    phrases = discoverer.table_["phrase"].tolist()
    return phrases.index(phrase) if phrase in phrases else None


def test_a_piece_inside_one_longer_row_in_most_of_its_uses_ranks_below_it():
    # 青网 stands alone once in five uses and is 青网融合 in four.
    texts = [
        "推进青网融合，加快青网融合。",
        "青网融合取得成效。",
        "深化青网融合。",
        "青网建设。",
    ] * 2
    discoverer = _table(texts)
    whole, piece = _rank(discoverer, "青网融合"), _rank(discoverer, "青网")
    assert whole is not None
    assert piece is None or piece > whole
    if piece is not None:
        features = discoverer.features_.set_index("phrase")
        assert features.loc["青网", "inside"] >= 0.5


def test_wrapped_rows_names_the_verb_and_the_predicate():
    rows = ["新发展格局", "构建新发展格局", "供给侧结构性改革", "供给侧结构性改革为主线",
            "东北振兴", "东北振兴取得新突破", "全面从严治党", "从严治党"]  # fmt: skip
    import numpy as np

    reason = wrapped_rows(rows, np.array([17, 17, 41, 14, 9, 2, 15, 20]), np.ones(8, bool),
                          _tagger())  # fmt: skip
    assert reason.tolist() == [
        "", "a verb + a listed phrase", "", "a listed phrase + a predicate", "",
        "a listed phrase + a predicate", "", "",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("row", "name", "counts", "reason"),
    [
        ("走中国特色", "中国特色", [11, 223], "a verb + a listed phrase"),  # a light verb
        ("奉行互利共赢", "互利共赢", [9, 22], "a verb + a listed phrase"),
        ("应对国际金融危机", "国际金融危机", [24, 36], "a verb + a listed phrase"),
        # the name hardly stands without the verb: the verb phrase is the formulation
        ("转变经济发展方式", "经济发展方式", [23, 29], ""),
        ("应当依法行政", "依法行政", [5, 40], ""),  # a modal
        ("可持续发展", "持续发展", [38, 58], ""),
        ("保市场主体", "市场主体", [5, 63], ""),  # one character: a compressed slogan
        ("承包经营责任制", "经营责任制", [11, 16], ""),  # a verb modifying a noun
        ("审批制度改革", "制度改革", [15, 147], ""),
        ("执法司法权", "司法权", [3, 9], ""),  # too short to be the verb's object
    ],
)
def test_any_verb_before_a_listed_name_used_without_it_is_a_verb_phrase(row, name, counts,
                                                                        reason):  # fmt: skip
    import numpy as np

    found = wrapped_rows([row, name], np.array(counts), np.ones(2, bool), _tagger())
    assert found.tolist() == [reason, ""]


def test_a_verb_before_a_fragment_of_a_verb_phrase_keeps_the_whole():
    # 拓展脱贫成果 never occurs alone: it is part of 巩固拓展脱贫成果, not its object.
    import numpy as np

    rows = ["拓展脱贫成果", "巩固拓展脱贫成果"]
    reason = wrapped_rows(rows, np.array([9, 9]), np.ones(2, bool), _tagger())
    assert reason.tolist() == ["", ""]


@pytest.mark.parametrize(
    "phrase", ["取得新进展", "表示诚挚", "把握好", "取得新", "拟安排", "受到表彰"]
)
def test_predicates_that_name_nothing(phrase):
    assert is_predicate(_tagger()(phrase))


@pytest.mark.parametrize(
    "phrase",
    ["扫黑除恶", "减税降费", "走出去", "补短板", "新发展格局", "获得感", "保交楼", "去产能"],
)
def test_formulations_are_no_predicates(phrase):
    assert not is_predicate(_tagger()(phrase))


@pytest.mark.parametrize(
    ("texts", "kept", "left_out"),
    [
        # a verb before a listed formulation is no row of its own
        (["加快构建新发展格局，新发展格局加快形成。", "构建新发展格局，推动新发展格局。",
          "着力构建新发展格局。新发展格局是方向。", "服务新发展格局，构建新发展格局。"],
         {"新发展格局"}, {"构建新发展格局"}),
        # predicates that name nothing
        (["改革取得新进展，表示诚挚感谢。", "建设取得新进展。表示诚挚感谢。",
          "工作取得新进展，向大家表示诚挚感谢。", "开放取得新进展。"],
         set(), {"取得新进展", "表示诚挚感谢", "表示诚挚", "取得新"}),
        # 以德治县 recurs as one unit: 德治县 never stands without 以; 以改革 is 以 + an
        # object that stands without it as often (深化改革, 改革开放)
        (["坚持以德治县，依法治县和以德治县相结合。以改革促发展，深化改革。",
          "推进以德治县。以改革促稳定，改革开放。",
          "以德治县取得成效，继续以德治县。以改革带动全局，全面改革。",
          "实行以德治县。以改革推动创新，改革创新。"],
         {"以德治县"}, {"以改革"}),
        (["坚持以人民为中心，以人民为中心的发展思想。"] * 2 + ["践行以人民为中心。"] * 2,
         {"以人民为中心"}, set()),
    ],
)  # fmt: skip
def test_kept_and_left_out(texts, kept, left_out):
    phrases = set(_table(texts).table_["phrase"])
    assert kept <= phrases
    assert not left_out & phrases
