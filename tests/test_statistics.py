"""Keywords, keyness, topics and themes on hand-made corpora with known answers."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from analyzer import Corpus, Segmenter
from analyzer.errors import AnalyzerError, InputError, ParameterError
from analyzer.keyness import keyness, log_likelihood, log_odds_dirichlet
from analyzer.keywords import ClassTfidfTransformer, keywords
from analyzer.themes import ThemeDictionary, theme_table
from analyzer.topics import TopicModel, npmi_coherence
from analyzer.vectorize import TermAnalyzer, document_term_matrix, split_units


def _dtm(texts, years, **kwargs):
    corpus = Corpus.from_texts(texts, years=years)
    return document_term_matrix(corpus, segmenter=Segmenter(builtin_lexicon=False), **kwargs)


# -- terms and matrices ---------------------------------------------------------------------


def test_term_analyzer_drops_stopwords_figures_and_counts_nested_phrases():
    analyzer = TermAnalyzer(
        Segmenter(lexicon=["扫黑除恶", "扫黑除恶专项斗争"], builtin_lexicon=False),
        stopwords={"开展"},
    )
    assert analyzer("2021年开展扫黑除恶专项斗争，3.5%。") == ["扫黑除恶专项斗争", "扫黑除恶"]


def test_units_and_grouping():
    corpus = Corpus.from_texts(["第一段。\n\n第二段讲扫黑除恶。", "第三段。"], years=[2020, None])
    dtm = document_term_matrix(corpus, unit="paragraph")
    assert dtm.matrix.shape[0] == 3 and list(dtm.units["doc"]) == [0, 0, 1]
    grouping, _, chars = dtm.group("year")
    assert grouping.labels == [2020] and chars.tolist() == [
        len("第一段。") + len("第二段讲扫黑除恶。")
    ]
    assert split_units(corpus[0], "document") == [corpus[0].text]
    with pytest.raises(ParameterError, match="unit='sentence'"):
        split_units(corpus[0], "sentence")


# -- keyness -------------------------------------------------------------------------------


def test_log_likelihood_matches_a_hand_computation():
    g2, p = log_likelihood(np.array([10.0, 0.0]), np.array([0.0, 10.0]))
    # term 1: table [[10, 0], [0, 10]], expected 5 everywhere: G2 = 2 * 2 * 10 ln 2
    assert math.isclose(g2[0], 40 * math.log(2), rel_tol=1e-9)
    assert p[0] < 1e-5


def test_equal_rates_give_zero_keyness():
    delta, z = log_odds_dirichlet(np.array([4, 6]), np.array([8, 12]))
    g2, p = log_likelihood(np.array([4, 6]), np.array([8, 12]))
    assert np.allclose(delta, 0) and np.allclose(z, 0) and np.allclose(g2, 0) and np.allclose(p, 1)


def test_term_only_in_one_group_leads_and_ties_are_ordered():
    dtm = _dtm(["政法 扫黑 治安 治安", "政法 新质 治安 治安"], [2023, 2024])
    table = keyness(dtm, target=2024, reference=2023, top_n=None)
    assert table.iloc[0]["term"] == "新质" and table.iloc[0]["count_reference"] == 0
    assert table.iloc[-1]["term"] == "扫黑"  # characteristic of the reference
    middle = table[table["term"].isin(["政法", "治安"])]
    assert np.allclose(middle["z"], 0) and np.allclose(middle["g2"], 0)
    again = keyness(dtm, target=2024, reference=2023, top_n=None)
    assert table.equals(again)
    assert set(table.columns) >= {
        "count_target",
        "count_reference",
        "rate_target",
        "rate_reference",
        "p_adj",
    }
    assert (table["p_adj"] >= table["p"] - 1e-12).all()


def test_reference_rest_previous_and_errors():
    dtm = _dtm(["甲乙 丙丁", "甲乙 戊己", "甲乙 庚辛"], [2019, 2020, 2022])
    previous = keyness(dtm, reference="previous", top_n=3)
    assert sorted(set(zip(previous["target"], previous["reference"], strict=True))) == [
        (2020, 2019),
        (2022, 2020),
    ]
    rest = keyness(dtm, target="2022", top_n=1)
    assert rest.iloc[0]["reference"] == "rest" and rest.iloc[0]["term"] == "庚辛"
    with pytest.raises(ParameterError, match="target='1999' is not a group"):
        keyness(dtm, target="1999")
    with pytest.raises(AnalyzerError, match="first group"):
        keyness(dtm, target=2019, reference="previous")


# -- keywords ------------------------------------------------------------------------------


def test_class_tfidf_prefers_terms_exclusive_to_a_class():
    import scipy.sparse as sp

    weights = ClassTfidfTransformer().fit_transform(sp.csr_matrix([[4, 4, 0], [0, 4, 4]])).toarray()
    assert weights[0, 0] > weights[0, 1] and weights[1, 2] > weights[1, 1]


@pytest.mark.parametrize("method", ["tfidf", "ctfidf", "textrank"])
def test_keywords_columns_and_distinctive_terms(method):
    dtm = _dtm(["扫黑 除恶 政法 扫黑 除恶 扫黑", "经济 增长 政法 经济 增长 经济"], [2020, 2021])
    table = keywords(dtm, by="year", method=method, top_n=2, background="none")
    assert list(table.columns) == ["group", "term", "rank", "score", "count"]
    top = table[table["rank"] == 1].set_index("group")["term"].to_dict()
    assert top == {2020: "扫黑", 2021: "经济"}
    assert table.set_index(["group", "term"]).loc[(2020, "扫黑"), "count"] == 3


def test_tfidf_background_ranks_a_word_common_in_chinese_below_a_rare_one():
    # 问题 and 员额 have the same counts and spread in this corpus; only general Chinese tells
    # them apart, and only the background knows it
    dtm = _dtm(["问题 员额 改革", "问题 员额 经济"], [2020, 2020])
    with_background = keywords(dtm, by="year", top_n=3)
    assert with_background["term"].tolist()[:2] == ["员额", "问题"]
    alone = keywords(dtm, by="year", top_n=3, background="none")
    scores = alone.set_index("term")["score"]
    assert scores["问题"] == scores["员额"]
    with pytest.raises(ParameterError, match="background"):
        keywords(dtm, by="year", background="wikipedia")


def test_keywords_cli_background_option(tmp_path, invoke):
    (tmp_path / "2020.txt").write_text("问题员额改革。\n\n问题员额经济。", encoding="utf-8")
    args = [
        "keywords",
        str(tmp_path),
        "--by",
        "year",
        "--format",
        "csv",
        "--no-cache",
        "--no-phrases",
    ]
    out = invoke(*args, "--background", "jieba")
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[1].split(",")[1] == "员额"
    bad = invoke(*args, "--background", "wikipedia")
    assert bad.exit_code == 1 and "wikipedia" in bad.output  # usage errors: one line, status 1


def test_textrank_favours_the_hub_of_the_graph():
    dtm = _dtm(["中心 甲方 中心 乙方 中心 丙方 中心 丁方"], [2020])
    table = keywords(dtm, by="year", method="textrank", top_n=1)
    assert table.iloc[0]["term"] == "中心"


# -- topics --------------------------------------------------------------------------------

TOPIC_TEXTS = ["扫黑除恶 打击 犯罪 治安 黑恶", "打击 犯罪 治安 扫黑除恶 黑恶"] * 3 + [
    "经济 增长 投资 消费 市场",
    "投资 消费 经济 市场 增长",
] * 3


def test_npmi_known_values():
    import scipy.sparse as sp

    units = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 1, 1]], dtype=bool))
    assert np.allclose(
        npmi_coherence([[0, 1], [0, 2]], units), [math.log(0.5 / 0.375) / -math.log(0.5), -1.0]
    )


@pytest.mark.parametrize("method", ["lda", "nmf"])
def test_topic_model_separates_and_is_reproducible(method):
    dtm = _dtm(TOPIC_TEXTS, [2020] * 6 + [2021] * 6)
    first = TopicModel(k=2, method=method, seed=3).fit(dtm)
    second = TopicModel(k=2, method=method, seed=3).fit(dtm)
    assert first.topic_terms().equals(second.topic_terms())
    tops = {frozenset(g.head(3)) for _, g in first.topic_terms().groupby("topic")["term"]}
    assert any(t <= {"扫黑", "除恶", "打击", "犯罪", "治安", "黑恶"} for t in tops)
    shares = first.topics_by("year").pivot(index="group", columns="topic", values="share")
    assert np.allclose(shares.sum(axis=1), 1)
    assert abs(shares.loc[2020] - shares.loc[2021]).max() > 0.5
    docs = first.document_topics()
    assert np.allclose(docs.groupby("id")["share"].sum(), 1)


def test_auto_k_save_load_and_apply(tmp_path):
    dtm = _dtm(TOPIC_TEXTS * 2, ([2020] * 6 + [2021] * 6) * 2)
    model = TopicModel(k="auto", method="nmf", seed=0).fit(dtm)
    assert model.k_ in model.scores_ and model.scores_[model.k_] == max(model.scores_.values())
    path = model.save(tmp_path / "m", corpus_fingerprint="abc")
    card = __import__("json").loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert card["k"] == model.k_ and card["vocabulary_size"] == len(model.vocabulary_)
    assert card["corpus_fingerprint"] == "abc" and "mean_coherence_npmi" in card
    loaded = TopicModel.load(path)
    new = _dtm(["扫黑除恶 打击 犯罪", "经济 增长 投资"], [2022, 2022])
    applied = loaded.attach(new).document_topics()
    assert applied["id"].nunique() == 2
    assert not np.allclose(
        applied[applied["id"] == "doc1"]["share"].to_numpy(),
        applied[applied["id"] == "doc2"]["share"].to_numpy(),
    )
    with pytest.raises(InputError, match="no such topic model"):
        TopicModel.load(tmp_path / "missing")


def test_seeded_topics_follow_their_themes():
    dtm = _dtm(TOPIC_TEXTS, [2020] * 12)
    seeds = {"经济发展": ["经济", "投资"], "治安": ["扫黑除恶", "犯罪"]}
    model = TopicModel(k=2, method="nmf", seed=0, seeds=seeds).fit(dtm)
    terms = model.topic_terms()
    # labels are the fitted top terms; the summary says which seed theme each topic matches
    assert model.labels_ == ["·".join(terms[terms["topic"] == t].head(3)["term"]) for t in (0, 1)]
    # without a lexicon jieba cuts 扫黑除恶 into 扫黑/除恶: of 治安's seeds only 犯罪 is a term
    assert "扫黑除恶" not in dtm.vocabulary
    assert model.seed_themes_ == [("经济发展", 2), ("治安", 1)]
    assert {"经济", "投资"} <= set(terms[terms["topic"] == 0].head(5)["term"])
    summary = model.summary()
    assert summary["seed_theme"].tolist() == ["经济发展", "治安"]
    assert summary["seed_hits"].tolist() == [2, 1]
    with pytest.raises(ParameterError, match="seeds guide NMF only"):
        TopicModel(method="lda", seeds=seeds).fit(dtm)


# -- themes --------------------------------------------------------------------------------


def test_theme_counts_rates_and_shares():
    corpus = Corpus.from_texts(["扫黑除恶专项斗争和扫黑除恶。", "疫情防控。"], years=[2020, 2021])
    themes = ThemeDictionary({"扫黑除恶": {"phrases": ["扫黑除恶", "扫黑除恶专项斗争"]},
                              "疫情防控": {"phrases": ["疫情"], "patterns": ["防控"]}})  # fmt: skip
    table = theme_table(corpus, themes).set_index(["group", "theme"])
    assert table.loc[(2020, "扫黑除恶"), "hits"] == 2  # longest match first, no double count
    assert table.loc[(2021, "疫情防控"), "hits"] == 2
    assert math.isclose(
        table.loc[(2020, "扫黑除恶"), "per_10k"], 2 / len(corpus[0].text) * 10_000, rel_tol=1e-3
    )
    assert table.loc[(2020, "扫黑除恶"), "share"] == 1.0


def test_theme_dictionary_files(tmp_path):
    good = tmp_path / "themes.toml"
    good.write_text(
        '[themes."安全"]\nphrases = ["国家安全"]\npatterns = ["平安..建设"]\n', encoding="utf-8"
    )
    assert ThemeDictionary.load(good)["安全"].count("国家安全和平安甘肃建设") == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[themes.安全]\n", encoding="utf-8")
    with pytest.raises(InputError, match="invalid TOML"):
        ThemeDictionary.load(bad)
    regex = tmp_path / "regex.toml"
    regex.write_text('[themes."x"]\npatterns = ["(unclosed"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad pattern"):
        ThemeDictionary.load(regex)


# -- CLI -----------------------------------------------------------------------------------


def _folder(tmp_path, texts_by_year):
    folder = tmp_path / "reports"
    folder.mkdir()
    for year, text in texts_by_year.items():
        (folder / f"{year}-report.txt").write_text(text, encoding="utf-8")
    return folder


def test_cli_statistics_outputs_are_stable(tmp_path, invoke):
    folder = _folder(
        tmp_path, {2020: "。".join(TOPIC_TEXTS[:6]) + "。", 2021: "。".join(TOPIC_TEXTS[6:]) + "。"}
    )
    for command in (
        ["keywords", folder, "--by", "year", "--format", "csv"],
        ["keyness", folder, "--target", "2021", "--reference", "2020", "--format", "csv"],
        ["themes", folder, "--format", "csv"],
        [
            "topics",
            folder,
            "--k",
            "2",
            "--seed",
            "1",
            "--min-df",
            "1",
            "--max-df",
            "1.0",
            "--show",
            "terms",
            "--format",
            "csv",
        ],
    ):
        first = invoke(*command)
        assert first.exit_code == 0, first.output
        assert first.stdout == invoke(*command).stdout  # byte-identical
    header = invoke("keywords", folder, "--by", "year", "--format", "csv").stdout.splitlines()[0]
    assert header == "group,term,rank,score,count"
    header = invoke("themes", folder, "--format", "csv").stdout.splitlines()[0]
    assert header == "group,theme,hits,chars,per_10k,share"


def test_cli_topics_save_and_apply(tmp_path, invoke, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = _folder(
        tmp_path, {2020: "。".join(TOPIC_TEXTS[:6]) + "。", 2021: "。".join(TOPIC_TEXTS[6:]) + "。"}
    )
    saved = invoke(
        "topics", folder, "--k", "2", "--min-df", "1", "--max-df", "1.0", "--save", "demo"
    )
    assert saved.exit_code == 0 and (tmp_path / "models" / "demo.npz").is_file()
    card = json.loads((tmp_path / "models" / "demo.json").read_text("utf-8"))
    assert card["id"] in saved.stderr and card["k"] == 2
    applied = invoke("topics", "apply", "demo", folder, "--format", "csv")
    assert applied.exit_code == 0 and applied.stdout.startswith("id,year,topic,label,share")
    missing = invoke("topics", "apply", "nope", folder)
    assert missing.exit_code == 1 and "no such topic model" in missing.stderr


def test_topic_vocabulary_defaults_agree_everywhere():
    """The command line and the Python API read one default: the settings' topic bounds."""
    from analyzer.cli import cli
    from analyzer.settings import Settings
    from analyzer.topics import TOPIC_MAX_DF, TOPIC_MIN_DF

    fit = cli.commands["topics"].commands["fit"]
    defaults = {p.name: p.default for p in fit.params}
    assert (defaults["min_df"], defaults["max_df"]) == (TOPIC_MIN_DF, TOPIC_MAX_DF)
    assert (Settings().topic_min_df, Settings().topic_max_df) == (TOPIC_MIN_DF, TOPIC_MAX_DF)


def test_keywords_leave_out_terms_that_only_repeat_a_longer_one():
    corpus = Corpus.from_texts(
        ["学习习近平法治思想。贯彻习近平法治思想。习近平法治思想。扫黑除恶。扫黑除恶专项斗争。"],
        years=[2021],
    )
    segmenter = Segmenter(lexicon=["习近平法治思想", "法治思想", "扫黑除恶", "扫黑除恶专项斗争"])
    dtm = document_term_matrix(corpus, segmenter=segmenter)
    collapsed = keywords(dtm, top_n=10)["term"].tolist()
    full = keywords(dtm, top_n=10, collapse=False)["term"].tolist()
    assert "法治思想" in full and "法治思想" not in collapsed  # always inside the longer one
    assert "习近平法治思想" in collapsed
    assert "扫黑除恶" in collapsed  # also stands alone: half of its occurrences


# -- estimator conventions and saved models ----------------------------------------------------


def test_estimators_follow_scikit_learn_conventions():
    from sklearn.base import clone

    from analyzer.phrases import PhraseDiscoverer

    for estimator in (
        PhraseDiscoverer(detectors=["quoted", "formula"], min_count=2),
        TopicModel(k=3, method="nmf", seeds={"治安": ["犯罪"]}),
    ):
        copy = clone(estimator)
        assert copy.get_params() == estimator.get_params()
        params = estimator.get_params()
        name = "min_count" if "min_count" in params else "k"
        assert copy.set_params(**{name: 4}).get_params()[name] == 4


@pytest.mark.parametrize("method", ["lda", "nmf"])
def test_a_saved_model_transforms_like_the_fitted_one(tmp_path, method):
    dtm = _dtm(TOPIC_TEXTS, [2020] * 6 + [2021] * 6)
    model = TopicModel(k=2, method=method, seed=3).fit(dtm)
    path = model.save(tmp_path / "m")
    assert path.suffix == ".npz"
    loaded = TopicModel.load(tmp_path / "m")
    assert loaded.id_ == model.id_ == json.loads((tmp_path / "m.json").read_text("utf-8"))["id"]
    before = model.document_topics()
    after = loaded.attach(dtm).document_topics()
    pd.testing.assert_frame_equal(before, after)


def test_a_planted_pickle_model_is_refused_and_runs_nothing(tmp_path):
    import pickle

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    (tmp_path / "evil.npz").write_bytes(pickle.dumps(Payload()))
    with pytest.raises(InputError, match="not a readable topic model"):
        TopicModel.load(tmp_path / "evil")
    assert not marker.exists()
