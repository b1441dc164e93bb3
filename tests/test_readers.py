"""Readers and decoding: every supported format, every encoding, every kind of bad file."""

import json

import pytest

from analyzer import Corpus
from analyzer.errors import InputError
from analyzer.readers.decode import decode_bytes

TEXT = "2021年全省政法工作会议召开。会议要求深入推进扫黑除恶常态化。"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_decode_encodings(data, encoding):
    assert decode_bytes(data, "x.txt") == (TEXT, encoding)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("   ".encode("utf-16"), "empty"),
    ],
)
def test_decode_rejects_with_reason(data, reason):
    with pytest.raises(InputError) as info:
        decode_bytes(data, "bad.txt")
    assert reason in info.value.reason
    assert info.value.path == "bad.txt"


def test_big5_falls_back_to_detection():
    text = (
        "我們第一屆全國人民代表大會第一次會議，在聽了關於憲法草案的報告以後，已經光榮地完成了一件歷史性的工作。"
        * 3
    )
    decoded, encoding = decode_bytes(text.encode("big5"), "old.txt")
    assert decoded == text
    assert encoding.replace("_", "").lower().startswith("big5")


def test_html_visible_text_title_and_chrome(tmp_path):
    page = tmp_path / "2023-report.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>2023年东岚省政法工作会议</title>"
        "<style>p{color:red}</style><script>var 统计脚本 = 1;</script></head><body>"
        "<nav>首页 &gt; 政法要闻</nav><h1>政法工作会议召开</h1><p>会议强调，要建设<b>平安中国</b>。</p>"
        "<p>第二段。<br>换行。</p><footer>版权所有 东岚</footer></body></html>",
        encoding="utf-8",
    )
    doc = Corpus.load(page)[0]
    assert doc.title == "2023年东岚省政法工作会议"
    assert doc.text == "政法工作会议召开\n\n会议强调，要建设平安中国。\n\n第二段。\n\n换行。"
    assert "统计脚本" not in doc.text and "版权所有" not in doc.text
    assert [r.text for r in doc.cleaning.removed] == ["首页 > 政法要闻", "版权所有 东岚"]
    assert doc.year == 2023


def test_html_declared_gbk_charset(tmp_path):
    page = tmp_path / "page.htm"
    page.write_bytes(
        "<html><head><meta charset='gb2312'></head><body><p>扫黑除恶专项斗争。</p></body></html>".encode(
            "gb18030"
        )
    )
    assert Corpus.load(page)[0].text == "扫黑除恶专项斗争。"


def test_markdown_without_markup(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(
        "# 2022年工作要点\n\n深入推进**扫黑除恶**常态化，见[链接](http://example.org)。\n\n- 一是平安建设\n",
        encoding="utf-8",
    )
    doc = Corpus.load(path)[0]
    assert doc.title == "2022年工作要点"
    assert doc.text == "2022年工作要点\n\n深入推进扫黑除恶常态化，见链接。\n\n一是平安建设"
    assert doc.year == 2022


def test_docx_paragraphs_and_tables(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = "2020年工作报告"
    document.add_paragraph("第一段：建设平安中国。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "扫黑除恶"
    table.cell(0, 1).text = "枫桥经验"
    document.add_paragraph("最后一段。")
    path = tmp_path / "report.docx"
    document.save(path)
    doc = Corpus.load(path)[0]
    assert doc.text == "第一段：建设平安中国。\n\n扫黑除恶\t枫桥经验\n\n最后一段。"
    assert doc.title == "2020年工作报告" and doc.year == 2020


def _make_pdf(path, lines):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(lines):
        c.drawString(50, 800 - 20 * i, line)
    c.save()


def test_pdf_text_layer(tmp_path):
    pytest.importorskip("reportlab")
    path = tmp_path / "2019-report.pdf"
    _make_pdf(path, ["2019年政法工作会议：扫黑除恶专项", "斗争取得阶段性成效。"])
    doc = Corpus.load(path)[0]
    assert doc.text == "2019年政法工作会议：扫黑除恶专项斗争取得阶段性成效。"
    assert doc.year == 2019


def test_pdf_without_text_layer_is_skipped(tmp_path):
    pytest.importorskip("reportlab")
    path = tmp_path / "scan.pdf"
    _make_pdf(path, [])
    corpus = Corpus.load(path)
    assert len(corpus) == 0
    assert "OCR" in corpus.skipped[0].reason


def test_damaged_docx_and_pdf_are_skipped(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (tmp_path / "c.txt").write_text("正文。", encoding="utf-8")
    corpus = Corpus.load(tmp_path)
    assert [d.id for d in corpus] == ["c"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in corpus.skipped}
    assert "docx" in reasons["a.docx"] and "PDF" in reasons["b.pdf"]


def test_jsonl_fields_bad_rows_and_year_rule(tmp_path):
    path = tmp_path / "reports.jsonl"
    rows = [
        {"title": "2019年报告", "content": "扫黑除恶。", "year": "2019", "url": "http://a"},
        {
            "title": "第十三届全国人大决议",
            "content": "（2020年5月28日通过）会议批准报告。",
            "year": None,
        },
        {"title": "无正文", "content": "", "year": "2021"},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(2, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = Corpus.load(path)
    assert [d.year for d in corpus] == [2019, None]  # an empty year field means unknown
    assert corpus[0].meta["url"] == "http://a" and corpus[0].meta["year_from"] == "field"
    assert corpus[0].id == "reports:1"
    assert [(s.path.rsplit("/", 1)[-1], s.reason.split(" (")[0]) for s in corpus.skipped] == [
        ("reports.jsonl:3", "invalid JSON"),
        ("reports.jsonl:4", "empty text field 'content'"),
    ]


def test_csv_gb18030_with_chinese_field_names(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(
        "标题,正文,年份,省份\n甲,建设平安甘肃。,2021,甘肃\n乙,建设法治中国。,2020年,\n".encode(
            "gb18030"
        )
    )
    corpus = Corpus.load(path)
    assert [(d.title, d.text, d.year, d.region) for d in corpus] == [
        ("甲", "建设平安甘肃。", 2021, "甘肃"),
        ("乙", "建设法治中国。", 2020, None),
    ]


def test_json_list_and_explicit_fields(tmp_path):
    path = tmp_path / "docs.json"
    path.write_text(
        json.dumps({"documents": [{"body_text": "扫黑除恶。", "when": "2018-01-05", "key": "a"}]}),
        encoding="utf-8",
    )
    corpus = Corpus.load(path, text_field="body_text", year_field="when", id_field="key")
    assert (corpus[0].id, corpus[0].year, corpus[0].text) == ("a", 2018, "扫黑除恶。")


def test_missing_text_field_names_the_fix(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text('{"a": "x", "b": 1}\n', encoding="utf-8")
    corpus = Corpus.load(path)
    assert "--text-field" in corpus.skipped[0].reason and "a, b" in corpus.skipped[0].reason


def test_parquet(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "reports.parquet"
    pq.write_table(pa.table({"text": ["放管服改革。", "新质生产力。"], "year": [2016, 2024]}), path)
    corpus = Corpus.load(path)
    assert [(d.text, d.year) for d in corpus] == [("放管服改革。", 2016), ("新质生产力。", 2024)]


def test_unsupported_and_huge_files_are_reported(tmp_path):
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "big.txt").write_text("扫" * 300_000, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("正文。", encoding="utf-8")
    corpus = Corpus.load(tmp_path, max_file_mb=0.5)
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in corpus.skipped}
    assert "save it as .docx" in reasons["old.doc"]
    assert "too large" in reasons["big.txt"] and "--max-file-mb" in reasons["big.txt"]
    assert [d.id for d in corpus] == ["ok"]
