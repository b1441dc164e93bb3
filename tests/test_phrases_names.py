"""People and titles in phrase discovery: hand-made reports with known answers."""

import pytest

from analyzer import Corpus
from analyzer.index import TextIndex
from analyzer.phrases import PhraseDiscoverer
from analyzer.phrases.discover import _tagger
from analyzer.phrases.names import is_title, people

# Reports written for these tests: a leader quoted with his titles, a doctrine named after him,
# a law and a treaty, and a formulation that also stands inside a name led by the leader.
REPORTS = {
    2001: "江泽民同志指出，要高举江泽民理论伟大旗帜。贯彻《建筑法》，遵守不扩散核武器条约。"
    "坚持新世纪平安建设方略，江泽民主席说，要实施新世纪平安建设方略。",
    2002: "江泽民同志强调，高举江泽民理论伟大旗帜，坚持新世纪平安建设方略。毛主席说过，"
    "不扩散核武器条约要遵守。建筑法要落实，江泽民主席指出，新世纪平安建设方略是根本。",
    2003: "学习江泽民新世纪平安建设方略。江泽民同志强调，江泽民理论是指南。毛主席说，建筑法好。"
    "不扩散核武器条约，建筑法。学习江泽民新世纪平安建设方略，江泽民同志说。",
    2004: "学习江泽民新世纪平安建设方略，坚持江泽民理论。江泽民主席说，毛主席说，建筑法。"
    "学习江泽民新世纪平安建设方略。不扩散核武器条约。",
}


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_texts(list(REPORTS.values()), years=list(REPORTS))


def _kinds(discoverer):
    return dict(zip(discoverer.table_["phrase"], discoverer.table_["kind"], strict=True))


def test_people_stay_out_by_default_and_come_back_as_names(corpus):
    default = _kinds(PhraseDiscoverer(builtin_lexicon=False).fit(corpus))
    with_names = _kinds(PhraseDiscoverer(builtin_lexicon=False, names=True).fit(corpus))
    for person in ("江泽民同志", "江泽民", "毛主席说"):
        assert person not in default
        assert with_names.get(person) == "name", person
    assert not [p for p, k in default.items() if k == "name"]


def test_a_doctrine_named_after_a_person_is_a_formulation(corpus):
    discoverer = PhraseDiscoverer(builtin_lexicon=False).fit(corpus)
    assert _kinds(discoverer).get("江泽民理论") not in (None, "name")
    features = discoverer.features_.set_index("phrase")
    assert features.loc["江泽民理论", "doctrine"]  # evidence, as a formula's shape is
    assert not features.loc["建筑法", "doctrine"]


def test_titles_of_laws_and_treaties(corpus):
    kinds = _kinds(PhraseDiscoverer(builtin_lexicon=False).fit(corpus))
    assert kinds["建筑法"] == "title"
    assert kinds["不扩散核武器条约"] == "title"


def test_a_formulation_inside_a_name_led_by_a_person_stands_alone(corpus):
    table = PhraseDiscoverer(builtin_lexicon=False).fit(corpus).table_
    assert "新世纪平安建设方略" in set(table["phrase"])


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("毛主席", True), ("周总理说", True), ("邓小平同志", True), ("国务院总理李克强", True),
     ("习近平", True), ("江泽民主席", True), ("毛泽东思想", False), ("邓小平理论", False),
     ("文明", False), ("高水平", False), ("南斯拉夫", False), ("全体同志", False)],
)  # fmt: skip
def test_who_is_a_person(phrase, expected):
    # 文明 and 高水平 are tagged as names by jieba, 南斯拉夫 as a transliterated name: without
    # a person's company in the corpus (文明同志 …) they are not people.
    index = TextIndex(["文明建设，高水平开放，南斯拉夫人民，全体同志。"])
    assert (phrase in people(index, [phrase], _tagger())) is expected


def test_a_bare_name_needs_a_persons_company():
    tag = _tagger()
    assert "江泽民" in people(TextIndex(["江泽民同志指出。江泽民主席说。"]), ["江泽民"], tag)
    assert "江泽民" not in people(TextIndex(["江泽民。"]), ["江泽民"], tag)


@pytest.mark.parametrize(
    "phrase", ["建筑法", "民族区域自治法", "中国共产党政法工作条例", "列宁全集", "人民日报",
               "关于经济体制改革的决定", "告台湾同胞书", "两岸经济合作框架协议"],
)  # fmt: skip
def test_titles(phrase):
    import rjieba

    assert is_title(phrase, rjieba.cut(phrase, False))


@pytest.mark.parametrize("phrase", ["教学方法", "行政执法", "八项规定", "毛泽东思想", "枫桥经验"])
def test_not_titles(phrase):
    import rjieba

    assert not is_title(phrase, rjieba.cut(phrase, False))


def test_titles_in_book_title_marks():
    import rjieba

    assert is_title("水浒", rjieba.cut("水浒", False)) is False
    assert is_title("水浒传", rjieba.cut("水浒传", False), in_title_marks=True)


def test_cli_names_flag(tmp_path, invoke):
    path = tmp_path / "2003-report.txt"
    path.write_text("".join(REPORTS.values()), encoding="utf-8")
    plain = invoke("phrases", path, "--no-lexicon", "--format", "csv", "--no-cache")
    named = invoke("phrases", path, "--no-lexicon", "--names", "--format", "csv", "--no-cache")
    assert plain.exit_code == named.exit_code == 0
    assert "江泽民同志,name" not in plain.stdout
    assert "江泽民同志,name" in named.stdout
