"""Excel workbooks: every sheet, one document per row, years from dates, the sheet as a field."""

from __future__ import annotations

import datetime as dt

import pytest

from analyzer import Corpus

openpyxl = pytest.importorskip("openpyxl")

CENTRAL = [
    ("Opinions on Rural Revitalization", dt.datetime(2018, 1, 2, 9, 30), "实施乡村振兴战略。"),
    ("Peaceful China Plan", dt.date(2019, 5, 1), "建设更高水平的平安中国。扫黑除恶。"),
    ("Guidelines on Fengqiao Experience", dt.datetime(2021, 11, 20), "坚持和发展新时代枫桥经验。"),
]
PROVINCIAL = [
    ("Gansu Work Report", dt.datetime(2021, 2, 1), "甘肃", "深入开展扫黑除恶常态化。"),
    ("Long Text", dt.datetime(2022, 3, 1), "广东", "扫" * 32_767),
]


def _workbook(path):
    book = openpyxl.Workbook()
    central = book.active
    central.title = "central"
    central.append(["Title", "Date", "Text"])
    for row in CENTRAL:
        central.append(list(row))
    provincial = book.create_sheet("provincial")
    provincial.append([])  # an empty first row: the header is the first non-empty row
    provincial.append(["标题", "发布日期", "省份", "正文"])
    for row in PROVINCIAL:
        provincial.append(list(row))
    notes = book.create_sheet("说明")
    notes.append(["Readme"])
    notes.append(["Dataset compiled from public sources."])
    book.save(path)


def test_two_sheet_policy_workbook_loads_every_row(tmp_path):
    path = tmp_path / "policies.xlsx"
    _workbook(path)
    corpus = Corpus.load(path)
    assert len(corpus) == len(CENTRAL) + len(PROVINCIAL)
    assert [d.year for d in corpus] == [2018, 2019, 2021, 2021, 2022]
    assert [d.get("sheet") for d in corpus] == ["central"] * 3 + ["provincial"] * 2
    assert [d.title for d in corpus] == [r[0] for r in CENTRAL] + [r[0] for r in PROVINCIAL]
    assert corpus[3].region == "甘肃" and corpus[3].meta["year_from"] == "field"
    assert corpus[0].id == "policies:central:2" and corpus[3].path.endswith(
        "policies.xlsx:provincial:3"
    )
    assert corpus[4].text == "扫" * 32_767
    assert "32,767 characters, Excel's cell limit" in corpus[4].meta["notes"]
    assert "notes" not in corpus[0].meta
    # the readme sheet has no text column: reported by name, the other sheets load
    assert [(s.path.rsplit(":", 1)[-1], "no text field" in s.reason) for s in corpus.skipped] == [
        ("说明", True)
    ]
    groups = corpus.group_by("sheet").groups
    assert {k: len(v) for k, v in groups.items()} == {"central": 3, "provincial": 2}


def test_workbook_from_the_cache_is_identical(tmp_path):
    from analyzer import Cache

    path = tmp_path / "policies.xlsx"
    _workbook(path)
    cache = Cache(tmp_path / "cache")
    first = Corpus.load(path, cache=cache)
    again = Corpus.load(path, cache=cache)
    assert [(d.id, d.year, d.get("sheet"), d.text) for d in again] == [
        (d.id, d.year, d.get("sheet"), d.text) for d in first
    ]
    assert again[4].meta["notes"] == first[4].meta["notes"]


def test_by_sheet_on_the_command_line(invoke, tmp_path):
    path = tmp_path / "policies.xlsx"
    _workbook(path)
    result = invoke("trend", path, "扫黑除恶", "--by", "sheet", "--format", "csv", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "central,扫黑除恶,1," in result.stdout and "provincial,扫黑除恶,1," in result.stdout


def test_damaged_workbook_is_skipped_with_a_reason(tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    good = tmp_path / "2021-a.txt"
    good.write_text("扫黑除恶。", encoding="utf-8")
    corpus = Corpus.load(tmp_path)
    assert len(corpus) == 1
    assert corpus.skipped[0].path.endswith("broken.xlsx")
    assert "not a readable Excel workbook" in corpus.skipped[0].reason


def test_duplicate_and_unnamed_columns_are_kept(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(["text", "year", "text", None, "sheet"])
    sheet.append(["扫黑除恶。", 2021, "第二列", "无名", "自定义"])
    book.save(tmp_path / "d.xlsx")
    doc = Corpus.load(tmp_path / "d.xlsx")[0]
    assert doc.text == "扫黑除恶。" and doc.year == 2021
    assert doc.meta["text.1"] == "第二列" and doc.meta["column D"] == "无名"
    assert doc.meta["sheet"] == "data" and doc.meta["sheet.1"] == "自定义"
    assert "duplicate column name 'text'" in doc.meta["notes"]


def test_damaged_sheet_is_reported_and_the_workbook_goes_on(tmp_path):
    import zipfile

    book = openpyxl.Workbook()
    book.active.append(["text", "year"])
    book.active.append(["扫黑除恶。", 2021])
    second = book.create_sheet("good")
    second.append(["text", "year"])
    second.append(["平安中国。", 2022])
    book.save(tmp_path / "ok.xlsx")
    with (
        zipfile.ZipFile(tmp_path / "ok.xlsx") as source,
        zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as out,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut the first sheet's XML in half
            out.writestr(item, data)
    corpus = Corpus.load(tmp_path / "bad.xlsx")
    assert [(d.text, d.year, d.get("sheet")) for d in corpus] == [("平安中国。", 2022, "good")]
    assert (
        corpus.skipped[0].path.endswith("bad.xlsx:Sheet")
        and "sheet not readable" in corpus.skipped[0].reason
    )
