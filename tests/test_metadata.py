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
        ("1948-old.txt", None),  # before 1949
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
        parse_year(v) for v in (2021, "2021", "2021-03-05", "2021年", 1900, "", None, float("nan"))
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
