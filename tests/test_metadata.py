"""Years, regions and titles from file names, titles and opening lines."""

import pytest

from analyzer.metadata import (
    parse_year,
    region_from,
    year_from_filename,
    year_from_text,
    year_from_title,
)


@pytest.mark.parametrize(
    "name, year",
    [
        ("2021-gansu-zhengfa.txt", 2021),
        ("report_1954.txt", 1954),
        ("1948-old.txt", 1948),  # historical documents keep their years
        ("1799-older.txt", None),  # before 1800
        ("2101-future.txt", None),
        ("1954-2025-collection.csv", None),  # two years: ambiguous
        ("20210125.txt", None),  # a date glued to digits is not a year
        ("notes.txt", None),
    ],
)
def test_year_from_filename(name, year):
    assert year_from_filename(name) == year


def test_year_from_title_and_text():
    assert year_from_title("二〇二一年政法工作会议") == 2021
    assert year_from_title("关于政府工作报告的决议") is None
    assert year_from_text("首页\n时间：2021-01-25\n正文") == 2021
    assert year_from_text("（2023年3月13日第十四届全国人民代表大会第一次会议通过）") == 2023
    assert year_from_text("2020年是极不平凡的一年。") is None
    assert (
        year_from_text("\n".join(["甲"] * 10) + "\n2021年1月") is None
    )  # beyond the opening lines


def test_parse_year_values():
    assert [
        parse_year(v) for v in (2021, "2021", "2021-03-05", "2021年", 1700, "", None, float("nan"))
    ] == [
        2021,
        2021,
        2021,
        2021,
        None,
        None,
        None,
        None,
    ]


def test_region_from_path_and_title():
    assert region_from(path="data/2021-gansu-zhengfa.txt") == "甘肃"
    assert region_from(path="national-gov-work-reports/a.jsonl") == "全国"
    assert region_from(title="2021年东岚省委政法工作会议召开") == "东岚"
    assert region_from(title="2021年,全省政法工作重点抓这5件大事!") is None
    assert region_from(title="四川省人民政府工作报告") == "四川"


def test_historical_documents_keep_their_years(tmp_path):
    from analyzer import Corpus

    (tmp_path / "1921-first-congress.txt").write_text(
        "中國共產黨第一次全國代表大會宣言。\n", encoding="utf-8"
    )
    (tmp_path / "manifesto.txt").write_text(
        "论联合政府（一九四五年四月二十四日）\n\n这是一个报告。\n", encoding="utf-8"
    )
    table = tmp_path / "docs.csv"
    table.write_text(
        "title,year,text\n抗战宣言,1937,全民族抗战。\n辛亥,1911-10-10,革命。\n", encoding="utf-8"
    )
    corpus = Corpus.load(tmp_path)
    years = {d.title: d.year for d in corpus}
    assert sorted(d.year for d in corpus) == [1911, 1921, 1937, 1945]
    assert years["论联合政府（一九四五年四月二十四日）"] == 1945
    # traditional characters are converted and the year stays
    first = next(d for d in corpus if d.year == 1921)
    assert "中国共产党" in first.text
