"""Year-over-year comparison, trends, timelines and keyword in context: hand-made corpora whose
answers are known, the CLI contracts (column names), and exact counts on the real reports."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2, chi2_contingency

from analyzer import Corpus
from analyzer.compare import COMPARE_COLUMNS, compare, kwic, timeline, trend

TERMS = ["放管服", "扫黑除恶", "枫桥经验"]


def _text(counts: dict[str, int], filler: str = "其他内容。") -> str:
    parts = [f"{term}。" for term, n in counts.items() for _ in range(n)]
    return "".join(parts) + filler * 5


@pytest.fixture
def three_years() -> Corpus:
    """2016: 放管服 3, 扫黑除恶 2, 枫桥经验 1; 2017: 1, 3, 2; no 2018; 2019: 0, 3, 2."""
    return Corpus.from_texts(
        [
            _text({"放管服": 3, "扫黑除恶": 2, "枫桥经验": 1}),
            _text({"放管服": 1, "扫黑除恶": 3, "枫桥经验": 2}),
            _text({"扫黑除恶": 3, "枫桥经验": 2}),
        ],
        years=[2016, 2017, 2019],
    )


def _g2(a: int, size_a: float, b: int, size_b: float) -> float:
    table = np.array([[a, size_a - a], [b, size_b - b]], dtype=float)
    if a == 0 and b == 0:
        return 0.0
    return chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]


def _bh(p: list[float]) -> list[float]:
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    adjusted = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p[i] * m / rank)
        adjusted[i] = running
    return adjusted


def test_rank_changes_new_up_down_same_dropped_and_gaps(three_years):
    table = compare(three_years, TERMS, top_n=2)
    assert list(table.columns) == COMPARE_COLUMNS
    rows = {
        (r.group, r.term): (r.rank, r.count, r.prev_group, r.prev_rank, r.change, r.gap)
        for r in table.itertuples()
    }
    assert rows[(2016, "放管服")][:2] == (1, 3)
    assert rows[(2016, "放管服")][4] == "new" and rows[(2016, "放管服")][2] is None
    assert rows[(2016, "扫黑除恶")][:2] == (2, 2)
    assert (2016, "枫桥经验") not in rows  # below the top 2 and nothing before it
    # 2017: 扫黑除恶 moves 2 → 1, 枫桥经验 enters the top 2 from rank 3, 放管服 falls to rank 3.
    assert rows[(2017, "扫黑除恶")] == (1, 3, 2016, 2, "up", 0)
    assert rows[(2017, "枫桥经验")] == (2, 2, 2016, 3, "new", 0)
    assert rows[(2017, "放管服")] == (3, 1, 2016, 1, "dropped", 0)
    # 2019 is compared with 2017, the previous *available* year, one year missing between.
    assert rows[(2019, "扫黑除恶")] == (1, 3, 2017, 1, "same", 1)
    assert rows[(2019, "枫桥经验")] == (2, 2, 2017, 2, "same", 1)
    assert (2019, "放管服") not in rows  # it was not in 2017's top 2
    assert table.loc[table["group"] == 2016, "g2"].isna().all()


def test_a_term_absent_after_being_in_the_top_is_dropped_with_no_rank():
    corpus = Corpus.from_texts([_text({"放管服": 2, "扫黑除恶": 1}), _text({"扫黑除恶": 2})],
                               years=[2020, 2021])  # fmt: skip
    table = compare(corpus, ["放管服", "扫黑除恶"], top_n=1)
    dropped = table[table["change"] == "dropped"].iloc[0]
    assert dropped["term"] == "放管服" and dropped["count"] == 0
    assert pd.isna(dropped["rank"]) and dropped["prev_rank"] == 1
    assert dropped["per_10k"] == 0.0


def test_rates_g2_and_adjusted_p_match_an_independent_computation(three_years):
    table = compare(three_years, TERMS, top_n=3)
    sizes = {d.year: d.chars for d in three_years}
    counts = {
        2016: {"放管服": 3, "扫黑除恶": 2, "枫桥经验": 1},
        2017: {"放管服": 1, "扫黑除恶": 3, "枫桥经验": 2},
        2019: {"放管服": 0, "扫黑除恶": 3, "枫桥经验": 2},
    }
    for row in table.itertuples():
        assert row.count == counts[row.group][row.term]
        assert row.per_10k == pytest.approx(row.count / sizes[row.group] * 10_000, abs=1e-4)
    block = table[table["group"] == 2017].reset_index(drop=True)
    expected_g2 = [
        _g2(counts[2017][t], sizes[2017], counts[2016][t], sizes[2016]) for t in block["term"]
    ]
    assert block["g2"].tolist() == pytest.approx(expected_g2, abs=1e-3)
    p = [float(chi2.sf(g, 1)) for g in expected_g2]
    assert block["p_adj"].tolist() == pytest.approx(_bh(p), abs=1e-5)
    delta = [
        (counts[2017][t] / sizes[2017] - counts[2016][t] / sizes[2016]) * 10_000
        for t in block["term"]
    ]
    assert block["delta_per_10k"].tolist() == pytest.approx(delta, abs=1e-3)


def test_g2_is_large_for_a_real_jump_and_zero_for_equal_rates():
    same = "扫黑除恶。" + "其他内容。" * 19
    jump = "扫黑除恶。" * 10 + "其他内容。" * 10
    corpus = Corpus.from_texts([same, same, jump], years=[2019, 2020, 2021])
    table = compare(corpus, ["扫黑除恶"], top_n=1).set_index("group")
    assert table.loc[2020, "g2"] == pytest.approx(0.0, abs=1e-9)
    assert table.loc[2020, "p_adj"] == pytest.approx(1.0)
    assert table.loc[2021, "g2"] == pytest.approx(_g2(10, 100, 1, 100), abs=1e-3)
    assert table.loc[2021, "p_adj"] < 0.01


def test_each_group_uses_its_own_documents_only(three_years):
    """Adding a later year leaves every earlier row unchanged."""
    earlier = compare(three_years, TERMS, top_n=3)
    later = Corpus(
        [*three_years, *Corpus.from_texts([_text({"放管服": 9})], years=[2022], ids=["later"])]
    )
    extended = compare(later, TERMS, top_n=3)
    kept = extended[extended["group"] != 2022].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, earlier)


def test_from_and_to_choose_groups_and_change_no_number(three_years):
    whole = compare(three_years, TERMS, top_n=3)
    table = compare(three_years, TERMS, top_n=3, start=2017, end=2019)
    assert sorted(set(table["group"])) == [2017, 2019]
    # 2017 is still compared with 2016, which is not shown: every shown row is unchanged
    kept = whole[whole["group"] != 2016].reset_index(drop=True)
    pd.testing.assert_frame_equal(table, kept)
    assert set(table.loc[table["group"] == 2017, "prev_group"]) == {2016}


def test_trend_counts_exactly_with_zeros_for_every_group(tmp_path):
    (tmp_path / "2018.txt").write_text("持续深化扫黑\n除恶专项斗争。\n", encoding="utf-8")
    (tmp_path / "2019.txt").write_text("其他工作。\n", encoding="utf-8")
    (tmp_path / "2020.html").write_text(
        "<html><body><nav>扫黑除恶 专题</nav><p>扫黑除恶常态化。扫黑除恶。</p></body></html>",
        encoding="utf-8",
    )
    corpus = Corpus.load(tmp_path)
    table = trend(corpus, ["扫黑除恶", "枫桥经验"])
    assert list(table.columns) == ["group", "term", "count", "per_10k"]
    counts = {(r.group, r.term): r.count for r in table.itertuples()}
    # joined across the hard line break; the navigation bar removed by cleaning does not count
    assert counts == {
        (2018, "扫黑除恶"): 1, (2019, "扫黑除恶"): 0, (2020, "扫黑除恶"): 2,
        (2018, "枫桥经验"): 0, (2019, "枫桥经验"): 0, (2020, "枫桥经验"): 0,
    }  # fmt: skip


def test_timeline_statuses_years_and_peak():
    corpus = Corpus.from_texts(
        ["甲乙。丙丁。庚辛。", "甲乙。甲乙。丙丁。", "丙丁。", "丙丁。", "丙丁。戊己。"],
        years=[2015, 2016, 2018, 2019, 2020],
    )
    table = timeline(corpus, ["甲乙", "丙丁", "戊己", "庚辛", "无此"], recent=2)
    rows = table.set_index("phrase")
    assert "无此" not in rows.index
    assert rows.loc["甲乙", ["first_year", "last_year", "years_present", "peak_year"]].tolist() == [
        2015, 2016, 2, 2016,
    ]  # fmt: skip
    assert rows.loc["甲乙", "lifespan"] == 2 and rows.loc["丙丁", "lifespan"] == 6
    assert rows["status"].to_dict() == {
        "戊己": "emerging", "丙丁": "persistent", "甲乙": "fading", "庚辛": "one-off",
    }  # fmt: skip


def test_kwic_offsets_point_at_the_term(three_years):
    lines = kwic(three_years, "枫桥经验", window=3)
    assert len(lines) == 1 + 2 + 2
    for row in lines.itertuples():
        text = three_years[row.id].text
        assert text[row.offset : row.offset + len("枫桥经验")] == "枫桥经验"
        assert text[max(0, row.offset - 3) : row.offset] == row.left


# -- the CLI ---------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path, three_years):
    for doc in three_years:
        (tmp_path / f"{doc.year}.txt").write_text(doc.text, encoding="utf-8")
    return tmp_path


def test_compare_cli_csv_columns_and_json(invoke, folder):
    result = invoke("compare", folder, "--by", "year", "--top", "2", "--format", "csv",
                    "--no-cache")  # fmt: skip
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    for column in ["group", "term", "rank", "count", "per_10k", "prev_group", "prev_rank",
                   "change", "delta_per_10k", "g2", "p_adj", "gap"]:  # fmt: skip
        assert column in reader.fieldnames
    rows = list(reader)
    assert {r["group"] for r in rows} == {"2016", "2017", "2019"}
    assert {r["prev_group"] for r in rows if r["group"] == "2019"} == {"2017"}
    result = invoke("compare", folder, "--top", "2", "--format", "json", "--no-cache")
    data = json.loads(result.stdout)
    assert set(data) == {"compare"} and data["compare"][0]["change"] == "new"


def test_compare_cli_table_says_which_group_is_previous(invoke, folder):
    result = invoke("compare", folder, "--top", "2", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "year 2019 (previous: 2017, 1 missing between)" in result.stdout
    assert "2018" in result.stderr  # the gap is announced


def test_trend_cli_long_table_and_sparkline(invoke, folder):
    result = invoke("trend", folder, "扫黑除恶", "放管服", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["group"], r["term"], r["count"]) for r in rows] == [
        ("2016", "扫黑除恶", "2"), ("2017", "扫黑除恶", "3"), ("2019", "扫黑除恶", "3"),
        ("2016", "放管服", "3"), ("2017", "放管服", "1"), ("2019", "放管服", "0"),
    ]  # fmt: skip
    table = invoke("trend", folder, "放管服")
    assert "放管服  4 in 2 of 3 years" in table.stdout
    assert any(c in table.stdout for c in "▁▂▃▄▅▆▇█")


def test_trend_and_kwic_cli_refuse_missing_parts_clearly(invoke, folder):
    result = invoke("trend", "扫黑除恶")
    assert result.exit_code != 0 and "no existing file or folder" in result.stderr
    result = invoke("trend", folder)
    assert result.exit_code != 0 and "no term" in result.stderr
    result = invoke("kwic", folder / "nope", "扫黑除恶")
    assert result.exit_code != 0 and "no such file or folder" in result.stderr


def test_kwic_cli_aligned_lines_and_counts(invoke, folder):
    result = invoke("kwic", folder, "扫黑除恶", "--window", "4", "--format", "json")
    lines = json.loads(result.stdout)["kwic"]
    assert len(lines) == 2 + 3 + 3
    assert set(lines[0]) == {"id", "year", "offset", "left", "term", "right"}
    table = invoke("kwic", folder, "扫黑除恶", "--window", "4")
    assert table.exit_code == 0
    assert "8 occurrence(s) in 3 document(s)" in table.stderr


def test_timeline_cli_columns(invoke, folder):
    result = invoke("timeline", folder, "--format", "csv", "--no-cache")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    for column in ["phrase", "first_year", "last_year", "years_present", "peak_year",
                   "lifespan", "status"]:  # fmt: skip
        assert column in header


def test_compare_by_region_puts_places_side_by_side(invoke, tmp_path):
    (tmp_path / "2021-gansu-report.txt").write_text(
        "建设平安甘肃。建设平安甘肃。推进法治甘肃。" * 3, encoding="utf-8"
    )
    (tmp_path / "2021-national-report.txt").write_text(
        "建设平安中国。建设平安中国。推进法治中国。" * 3, encoding="utf-8"
    )
    result = invoke("compare", tmp_path, "--by", "region", "--what", "pairs", "--format",
                    "csv", "--no-cache")  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    gansu = {r["term"]: r for r in rows if r["group"] == "甘肃"}
    assert gansu["平安甘肃"]["pair"] == "平安中国"
    assert (gansu["平安甘肃"]["count"], gansu["平安甘肃"]["pair_count"]) == ("6", "0")


# -- the real reports ------------------------------------------------------------------------


@pytest.mark.shared
def test_trend_on_the_national_reports_is_exact(invoke, national):
    terms = ["扫黑除恶", "枫桥经验", "放管服", "新质生产力"]
    result = invoke("trend", national, *terms, "--format", "csv")
    assert result.exit_code == 0, result.output
    got = {(int(r["group"]), r["term"]): int(r["count"])
           for r in csv.DictReader(io.StringIO(result.stdout))}  # fmt: skip
    corpus = Corpus.load(national)
    expected: dict[tuple[int, str], int] = {}
    for doc in corpus:
        if doc.year is None:
            continue
        for term in terms:
            key = (doc.year, term)
            expected[key] = expected.get(key, 0) + doc.text.count(term)
    assert got == expected
    assert len({year for year, _ in got}) == len(corpus.years)
    assert sum(got[(y, "新质生产力")] > 0 for y in corpus.years) >= 1
    assert sum(v == 0 for v in got.values()) > len(got) / 2  # zeros are listed, not left out


@pytest.mark.shared
@pytest.mark.slow
def test_kwic_traces_every_compare_count(national):
    corpus = Corpus.load(national)
    table = corpus.compare(top_n=5, cache=False)
    sample = table[table["count"] > 0].drop_duplicates("term").head(8)
    lines = None
    for row in sample.itertuples():
        lines = kwic(corpus, row.term, by="year")
        in_group = lines[lines["year"] == row.group]
        assert len(in_group) == row.count, row.term
    assert lines is not None


def test_compare_themes_and_keywords_agree_with_their_own_commands(invoke, sample):
    themes = invoke("compare", sample, "--what", "themes", "--top", "3", "--format", "csv")
    assert themes.exit_code == 0, themes.output
    ranked = list(csv.DictReader(io.StringIO(themes.stdout)))
    hits = invoke("themes", sample, "--by", "year", "--format", "csv")
    expected = {
        (r["group"], r["theme"]): r["hits"] for r in csv.DictReader(io.StringIO(hits.stdout))
    }
    assert ranked and all(expected[(r["group"], r["term"])] == r["count"] for r in ranked)
    keywords = invoke("compare", sample, "--what", "keywords", "--top", "5", "--format", "csv",
                      "--no-cache")  # fmt: skip
    corpus = Corpus.load(sample)
    text_of = {y: "".join(d.text for d in corpus if d.year == y) for y in corpus.years}
    rows = list(csv.DictReader(io.StringIO(keywords.stdout)))
    listed = [r for r in rows if r["change"] != "dropped"]
    assert listed and all(r["term"] in text_of[int(r["group"])] for r in listed)


@pytest.mark.parametrize("command", ["compare", "trend", "timeline", "kwic"])
def test_a_corpus_without_years_gets_a_clear_message(invoke, tmp_path, command):
    (tmp_path / "a.txt").write_text("扫黑除恶专项斗争。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("枫桥经验。\n", encoding="utf-8")
    extra = ["扫黑除恶"] if command in ("trend", "kwic") else ["--no-cache"]
    by = ["--by", "year"]
    result = invoke(command, tmp_path, *extra, *by)
    assert result.exit_code == 1, result.output
    assert "no document has a year" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.output
