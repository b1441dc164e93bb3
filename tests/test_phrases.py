"""Phrase discovery on small hand-made corpora with known answers, and the CLI contract."""

import csv
import io
import json

import pandas as pd
import pytest

from analyzer import Corpus
from analyzer.errors import NotFittedError, ParameterError
from analyzer.phrases import COLUMNS, PhraseDiscoverer, discover_phrases
from analyzer.phrases.formula import formula_candidates, is_formula
from analyzer.phrases.localized import localized_candidates
from analyzer.phrases.quoted import quoted_candidates

# Five short "reports" written for these tests. 扫黑除恶 stands alone and inside
# 扫黑除恶专项斗争; 除恶专项 only ever occurs inside the longer phrase.
REPORTS = {
    2018: "今年要深入开展扫黑除恶专项斗争，坚持打早打小。各地要把扫黑除恶专项斗争摆上重要位置。建设平安东岚，推进“放管服”改革。",
    2019: "扫黑除恶专项斗争取得重大成果。常态化开展扫黑除恶，坚持和发展新时代“枫桥经验”。平安东岚建设扎实推进，落实“三个规定”。",
    2020: "统筹推进疫情防控和经济社会发展。扫黑除恶专项斗争圆满收官，扫黑除恶转入常态化。全面推进平安东岚、法治东岚建设。",
    2021: "巩固扫黑除恶成果，完善扫黑除恶长效机制。学习贯彻习近平法治思想，推进市域社会治理现代化试点。建设平安中国。",
    2022: "深入学习贯彻习近平法治思想。持续推进市域社会治理现代化，常态化开展扫黑除恶斗争，不忘初心、牢记使命。建设法治中国。",
}


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_texts(
        list(REPORTS.values()), years=list(REPORTS), regions=["东岚"] * len(REPORTS)
    )


@pytest.fixture(scope="module")
def table(corpus):
    return PhraseDiscoverer(builtin_lexicon=False).fit(corpus).table_


def _discover(texts, years, lexicon=None, filler=""):
    """A discoverer fitted without the built-in lexicon on hand-made yearly texts."""
    corpus = Corpus.from_texts([t + filler for t in texts], years=years)
    return PhraseDiscoverer(lexicon=lexicon, builtin_lexicon=False).fit(corpus)


def _row(table, phrase):
    rows = table[table["phrase"] == phrase]
    assert len(rows) == 1, f"{phrase} not in the table: {table['phrase'].tolist()}"
    return rows.iloc[0]


def test_columns_are_the_documented_contract(table):
    assert list(table.columns) == COLUMNS
    assert COLUMNS[:8] == [
        "phrase",
        "kind",
        "count",
        "docs",
        "years",
        "first_year",
        "last_year",
        "score",
    ]
    assert table["score"].is_monotonic_decreasing or len(table) < 2


def test_slogans_found_with_exact_counts_and_years(table):
    row = _row(table, "扫黑除恶专项斗争")
    assert (row["count"], row["docs"], row["years"], row["first_year"], row["last_year"]) == (
        4,
        3,
        3,
        2018,
        2020,
    )
    slogan = _row(table, "扫黑除恶")
    # str.count semantics: inside the longer phrase too
    assert slogan["count"] == sum(t.count("扫黑除恶") for t in REPORTS.values()) == 9
    assert (slogan["first_year"], slogan["last_year"]) == (2018, 2022)


def test_fragments_that_only_occur_inside_a_longer_phrase_are_not_listed(table):
    phrases = set(table["phrase"])
    assert "扫黑除恶专项斗争" in phrases and "扫黑除恶" in phrases
    assert "除恶专项" not in phrases and "黑除恶专项斗争" not in phrases


def test_each_detector_names_itself(table):
    assert "quoted" in _row(table, "放管服")["kinds"]
    assert _row(table, "三个规定")["kind"] == "formula"
    localized = _row(table, "平安东岚")
    assert localized["kind"] == "localized" and localized["pair"] == "平安中国"
    assert "statistical" in _row(table, "市域社会治理现代化")["kinds"]


def test_no_phrase_crosses_clause_punctuation_or_starts_with_a_function_word(table):
    for phrase in table["phrase"]:
        assert not set(phrase) & set("，。；：！？,.;:!?"), phrase
        assert phrase[0] not in "的了和与在是对把等" and phrase[-1] not in "的了和与在是对把等", (
            phrase
        )


def test_enumeration_comma_may_stand_inside_a_slogan(corpus):
    table = PhraseDiscoverer(builtin_lexicon=False).fit(corpus).table_
    assert "不忘初心、牢记使命" in set(
        table["phrase"]
    ) or "不忘初心、牢记使命" in quoted_candidates(["要“不忘初心、牢记使命”。"])


def test_lexicon_detector_and_no_lexicon():
    corpus = Corpus.from_texts(["推进放管服改革。", "深化放管服改革。"], years=[2016, 2017])
    with_lexicon = discover_phrases(corpus, top_n=None)
    assert _row(with_lexicon, "放管服")["kind"] == "lexicon"
    without = discover_phrases(corpus, top_n=None, builtin_lexicon=False)
    assert "lexicon" not in set(without["kind"])


def test_quoted_detector_handles_mixed_quote_marks():
    text = '紧紧围绕“三大攻坚战”和“六稳"“六保”工作，深入实施“一十百千万“工程和“六清“行动，贯彻《中国共产党政法工作条例》。'
    found = quoted_candidates([text])
    assert set(found) == {
        "三大攻坚战",
        "六稳",
        "六保",
        "一十百千万",
        "六清",
        "中国共产党政法工作条例",
    }


def test_a_quoted_sentence_is_not_a_phrase():
    # both spans are set off in quotes alike; one is a name, the other a sentence ending in 了
    texts = ["他们说“企业破产了”，我们提出“科技兴农”。", "又说“企业破产了”，坚持“科技兴农”。"]
    table = discover_phrases(Corpus.from_texts(texts, years=[1990, 1991]), top_n=None,
                             builtin_lexicon=False)  # fmt: skip
    assert "科技兴农" in set(table["phrase"])
    assert not any(p.endswith("了") for p in table["phrase"])


def test_coordinated_verbs_are_not_a_phrase():
    texts = [
        "坚持和完善制度，推进扫黑除恶。",
        "坚持和完善体系，深化扫黑除恶。",
        "坚持和完善机制，扫黑除恶。",
    ]
    table = discover_phrases(Corpus.from_texts(texts, years=[2019, 2020, 2021]), top_n=None,
                             builtin_lexicon=False)  # fmt: skip
    assert "扫黑除恶" in set(table["phrase"])
    assert "坚持和完善" not in set(table["phrase"])


def test_formula_shapes():
    assert all(
        is_formula(p)
        for p in ["三个代表", "四个全面", "五大监督", "两统一", "六位一体", "一带一路", "1+17+N"]
    )
    assert not any(is_formula(p) for p in ["三年", "一个方面", "一九五八", "两千"])
    found = formula_candidates(["制定“1+17+N”配套措施，推进互联网+政务服务。"])
    assert found["1+17+N"] == 1 and found["互联网+政务服务"] == 1


def test_localized_pairs_need_a_counterpart():
    pairs = localized_candidates(["建设平安甘肃。建设平安中国。法治甘肃。"], {"甘肃", "中国"})
    assert pairs == {"平安甘肃": "平安中国"}


def test_phrase_fed_back_into_segmentation(corpus, tmp_path):
    from analyzer import Segmenter, tokenize

    discoverer = PhraseDiscoverer(builtin_lexicon=False).fit(corpus)
    lexicon_path = discoverer.to_lexicon(20).save(tmp_path / "found.tsv")
    from analyzer import Lexicon

    segmenter = Segmenter(lexicon=Lexicon.load(lexicon_path), builtin_lexicon=False)
    tokens = tokenize(corpus, segmenter)[0]
    assert "扫黑除恶专项斗争" in tokens


@pytest.mark.parametrize(
    "texts, years",
    [
        (["这是一个没有重复内容的短句。"], [2020]),
        (["Only English text here, nothing Chinese at all."], [2020]),
        (["扫黑除恶，扫黑除恶。"], [None]),
        ([], []),
    ],
)
def test_degenerate_corpora_give_a_table_not_a_crash(texts, years):
    corpus = Corpus.from_texts(texts, years=years)
    table = discover_phrases(corpus, builtin_lexicon=False)
    assert list(table.columns) == COLUMNS
    if texts and "扫黑除恶" in texts[0]:
        row = _row(table, "扫黑除恶")
        assert row["count"] == 2 and pd.isna(row["first_year"])
    else:
        assert table.empty


def test_parameters_are_validated():
    with pytest.raises(ParameterError, match="detectors='ngram'"):
        PhraseDiscoverer(detectors=["ngram"]).fit(Corpus.from_texts(["甲。"]))
    with pytest.raises(ParameterError, match="min_count=0"):
        PhraseDiscoverer(min_count=0).fit(Corpus.from_texts(["甲。"]))
    with pytest.raises(NotFittedError):
        PhraseDiscoverer().table()


def test_cache_returns_the_same_table(corpus, tmp_path):
    from analyzer import Analysis, Cache

    fresh = Analysis(corpus, builtin_lexicon=False, cache=Cache(tmp_path)).phrase_table()
    assert list((tmp_path / "phrases").rglob("*.entry"))
    cached = Analysis(corpus, builtin_lexicon=False, cache=Cache(tmp_path))
    pd.testing.assert_frame_equal(fresh, cached.phrase_table())
    assert "discoverer" not in cached._memo  # the table came from the cache, not from a fit
    # the evidence behind the scores is computed by the estimator, never cached
    assert set(fresh["phrase"]) <= set(cached.discoverer().features_["phrase"])


def _write_reports(folder):
    folder.mkdir()
    for year, text in REPORTS.items():
        (folder / f"{year}-report.txt").write_text(text, encoding="utf-8")
    return folder


def test_cli_csv_json_and_save_lexicon(tmp_path, invoke):
    folder = _write_reports(tmp_path / "reports")
    result = invoke("phrases", folder, "--no-lexicon", "--format", "csv", "--top", "15")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == COLUMNS and len(rows) <= 15
    by_phrase = {r["phrase"]: r for r in rows}
    assert by_phrase["扫黑除恶专项斗争"]["first_year"] == "2018"
    data = json.loads(invoke("phrases", folder, "--no-lexicon", "--format", "json").stdout)
    assert data["phrases"][0]["phrase"] == rows[0]["phrase"]
    lexicon = tmp_path / "phrases.tsv"
    assert invoke("phrases", folder, "--no-lexicon", "--save-lexicon", lexicon).exit_code == 0
    plain = invoke("tokens", folder, "--no-lexicon").stdout.split()
    assert "扫黑除恶专项斗争" not in plain
    tokens = invoke("tokens", folder, "--lexicon", lexicon).stdout.split()
    assert "扫黑除恶专项斗争" in tokens


def test_cli_on_an_empty_folder_is_one_clean_error(tmp_path, invoke):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("   ", encoding="utf-8")
    result = invoke("phrases", empty)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: no readable document")
    assert "Traceback" not in result.output


def test_a_word_jieba_cuts_before_a_joiner_is_found_whole():
    """jieba cuts 碳中和 into 碳/中/和, so its 和 looks like a conjunction; the corpus shows
    碳中 is always followed by 和, so 碳中和 is a word and no phrase may end inside it."""
    filler = [
        "加快建设现代化产业体系，推动城乡区域协调发展。",
        "持续改善生态环境质量，增进民生福祉。",
        "扩大高水平对外开放，稳住外贸外资基本盘。",
        "提高科技创新能力，培育壮大新兴产业。",
    ]
    texts = [
        "积极稳妥推进碳达峰碳中和。坚持改革和发展，加强团结和协作。" + filler[0],
        "有序推进碳达峰碳中和工作。统筹改革和发展。" + filler[1],
        "实现碳中和目标。深化改革和开放。" + filler[2],
        "推进碳达峰碳中和。改革和发展相统一。" + filler[3],
    ]
    corpus = Corpus.from_texts(texts, years=[2021, 2022, 2023, 2024])
    table = discover_phrases(corpus, top_n=None, builtin_lexicon=False)
    phrases = set(table["phrase"])
    assert "碳中和" in phrases
    assert table.set_index("phrase").loc["碳中和", "count"] == 4
    assert not any(p.endswith("碳达峰碳") for p in phrases)  # would cut 碳中和
    assert not any(p.endswith("改革和") for p in phrases)  # a real conjunction stays out


def test_a_phrase_named_in_programme_frames_outranks_one_in_plain_prose():
    # 青山计划 is always the object of a programme verb (实施, 推进, 加快, 坚持) and the modifier
    # of a programme head (战略, 建设); 青山小路 sits in plain prose.
    # Otherwise the two are alike: four characters, two occurrences a year, the same years.
    texts = [
        "实施青山计划战略，推进青山计划建设。青山小路两旁种了树，青山小路很安静。",
        "深入实施青山计划战略，加快青山计划建设。青山小路修好了，我们走过青山小路。",
        "继续实施青山计划战略，坚持青山计划建设。青山小路边有溪水，青山小路通向村子。",
    ]
    discoverer = _discover(texts, [2019, 2020, 2021], lexicon=["青山计划", "青山小路"])
    table = discoverer.table_
    framed, plain = _row(table, "青山计划"), _row(table, "青山小路")
    assert (framed["count"], framed["years"]) == (plain["count"], plain["years"]) == (6, 3)
    assert framed["score"] > plain["score"]
    features = discoverer.features_.set_index("phrase")
    assert features.loc["青山计划", ["after_verb", "before_head"]].tolist() == [6, 6]
    assert features.loc["青山小路", ["after_verb", "before_head"]].tolist() == [0, 0]


def test_a_phrase_that_vanished_early_weighs_like_one_that_appeared_late():
    # Ten yearly reports of equal length; 青山计划 is used in the first two years only, 绿水计划
    # in the last two only. Novelty rewards the late one; retirement, its mirror, the early one,
    # so a corpus that starts in 2001 does not rank 2001's formulations below 2010's.
    filler = "各项工作稳步向前，群众生活继续改善。"
    texts = []
    for year in range(2001, 2011):
        phrase = "青山计划" if year <= 2002 else "绿水计划" if year >= 2009 else "今年"
        texts.append(f"{phrase}很好。{filler}{phrase}很好。")
    discoverer = _discover(texts, list(range(2001, 2011)), lexicon=["青山计划", "绿水计划"])
    features = discoverer.features_.set_index("phrase")
    early, late = features.loc["青山计划"], features.loc["绿水计划"]
    assert early["novelty"] == 0 and early["retirement"] > 0
    assert late["retirement"] == 0 and late["novelty"] > 0
    assert early["retirement"] == pytest.approx(late["novelty"])
    assert early["score"] == pytest.approx(late["score"])


@pytest.mark.parametrize("word", ["发展", "建设"])
def test_a_phrase_that_always_runs_on_into_the_same_word_ranks_lower(word):
    # 青山协同 and 绿水协同 are alike (same verbs, counts and years), but 青山协同 is always
    # followed by the same word. 发展 makes it a likely truncation (of 青山协同发展), so it
    # loses rank; 建设 is a programme head, and 青山协同建设 is the building of a complete name.
    filler = "春天来了，田野里开满了花，孩子们在河边放风筝，老人们坐在树下聊天。" * 3
    texts = [
        f"推动青山协同{word}，经济{word}稳中向好。推动绿水协同机制，社会{word}全面进步，乡村{word}有序。",
        f"推进青山协同{word}，文化{word}繁荣。推进绿水协同平台，城乡{word}更加协调，工业{word}加快。",
        f"深化青山协同{word}，科技{word}成果丰硕。深化绿水协同规划，区域{word}协调推进，农业{word}稳定。",
        f"实施青山协同{word}，教育{word}水平提高。实施绿水协同方案，民生{word}持续改善，卫生{word}良好。",
    ]
    discoverer = _discover(texts, [2019, 2020, 2021, 2022], filler=filler)
    features = discoverer.features_.set_index("phrase")
    table = discoverer.table_
    runs_on, free = _row(table, "青山协同"), _row(table, "绿水协同")
    assert (runs_on["count"], runs_on["years"]) == (free["count"], free["years"]) == (4, 4)
    assert f"青山协同{word}" in set(table["phrase"])
    if word == "发展":
        assert features.loc["青山协同", "runs_on"] == 1.0
        assert runs_on["score"] < free["score"]
        assert runs_on["score"] < _row(table, "青山协同发展")["score"]
    else:
        assert features.loc["青山协同", "runs_on"] == 0.0
        assert runs_on["score"] >= free["score"]


def test_a_truncated_word_is_a_fragment_even_when_its_last_character_is_common():
    # 青山大湾 is always followed by 区, which ends dozens of other words (开发区, 新区, 山区), so
    # the joint 湾|区 is weaker than the piece's own; one added character still completes a
    # word, and the piece is not listed.
    filler = "春天来了，田野里开满了花，孩子们在河边放风筝，老人们坐在树下聊天。" * 3
    texts = [
        "建设青山大湾区，开发区、新区、园区齐头并进，社区服务完善。",
        "推进青山大湾区，保税区、景区、城区同步提升，林区生态良好。",
        "深化青山大湾区，矿区、库区、牧区协调推进，山区道路通畅。",
        "实施青山大湾区，灾区、边区、老区加快振兴，湖区水质改善。",
    ]
    discoverer = _discover(texts, [2019, 2020, 2021, 2022], filler=filler)
    features = discoverer.features_.set_index("phrase")
    assert features.loc["青山大湾", "cohesion"] > features.loc["青山大湾区", "cohesion"] + 0.5
    assert features.loc["青山大湾", "dropped"] == "fragment of a longer phrase"
    assert _row(discoverer.table_, "青山大湾区")["count"] == 4


def test_two_plain_words_joined_by_a_conjunction_are_not_a_phrase():
    # 干部和群众 recurs as often as 物质文明和精神文明, but it joins two plain words: a generic
    # pair, not a name. A coordination of longer units may stand (物质文明和精神文明).
    texts = [
        "干部和群众一起劳动，物质文明和精神文明一起抓。",
        "依靠干部和群众，推进物质文明和精神文明建设。",
        "干部和群众心连心，物质文明和精神文明协调发展。",
    ]
    phrases = set(_discover(texts, [2001, 2002, 2003]).table_["phrase"])
    assert "干部和群众" not in phrases
    assert "物质文明和精神文明" in phrases
