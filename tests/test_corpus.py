"""Corpus loading from folders and several paths, year rules, grouping, streaming."""

import pandas as pd
import pytest

from analyzer import Corpus, DocumentStream
from analyzer.errors import InputError, ParameterError


def _folder(tmp_path):
    folder = tmp_path / "reports"
    sub = folder / "sub"
    sub.mkdir(parents=True)
    (folder / "2019-a.txt").write_text("扫黑除恶专项斗争全面展开。", encoding="utf-8")
    (sub / "2020-b.txt").write_bytes("疫情防控取得重大成果。".encode("gb18030"))
    (folder / "notes.txt").write_text("会议纪要\n\n时间：2018年3月5日\n\n正文。", encoding="utf-8")
    (folder / "undated.txt").write_text("没有年份的通知。", encoding="utf-8")
    (folder / ".hidden.txt").write_text("隐藏文件。", encoding="utf-8")
    return folder


def test_folder_is_read_recursively_with_ids_and_year_sources(tmp_path):
    corpus = Corpus.load(_folder(tmp_path))
    assert [(d.id, d.year, d.meta["year_from"]) for d in corpus] == [
        ("2019-a", 2019, "filename"),
        ("notes", 2018, "text"),
        ("sub/2020-b", 2020, "filename"),
        ("undated", None, None),
    ]
    assert corpus["sub/2020-b"].meta["encoding"] == "gb18030"
    assert corpus.years == [2018, 2019, 2020]
    assert [d.id for d in corpus.undated] == ["undated"]


def test_several_paths_at_once_keep_ids_unique(tmp_path):
    folder = _folder(tmp_path)
    other = tmp_path / "2019-a.txt"
    other.write_text("另一个文件。", encoding="utf-8")
    corpus = Corpus.load(folder / "2019-a.txt", other)
    assert [d.id for d in corpus] == ["2019-a", "2019-a#2"]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        Corpus.load(tmp_path / "nope")


def test_stream_yields_documents_one_at_a_time(tmp_path):
    stream = DocumentStream([_folder(tmp_path)])
    iterator = iter(stream)
    first = next(iterator)
    assert first.id == "2019-a"
    rest = list(iterator)
    assert len(rest) == 3 and stream.skipped == []


def test_group_by_year_lists_excluded_documents():
    corpus = Corpus.from_texts(["甲。", "乙。", "丙。", "丁。"], years=[2021, None, 2019, 2021])
    grouping = corpus.group_by("year")
    assert {y: [d.id for d in docs] for y, docs in grouping.groups.items()} == {
        2019: ["doc3"],
        2021: ["doc1", "doc4"],
    }
    assert [d.id for d in grouping.excluded] == ["doc2"]
    assert "1 document without a year is left out" in grouping.notice()


def test_group_by_metadata_field_and_unknown_field():
    corpus = Corpus.from_texts(["甲。", "乙。"], meta=[{"source": "gov"}, {"source": "province"}])
    assert list(corpus.group_by("source").groups) == ["gov", "province"]
    with pytest.raises(ParameterError, match="no document has a field 'party'"):
        corpus.group_by("party")


def test_from_dataframe_detects_fields():
    frame = pd.DataFrame(
        {
            "正文": ["建设平安中国。", "建设法治中国。"],
            "年份": ["2019年", None],
            "作者": ["甲", "乙"],
        }
    )
    corpus = Corpus.from_dataframe(frame)
    assert [(d.text, d.year, d.meta["作者"]) for d in corpus] == [
        ("建设平安中国。", 2019, "甲"),
        ("建设法治中国。", None, "乙"),
    ]
    with pytest.raises(ParameterError, match="no text column"):
        Corpus.from_dataframe(pd.DataFrame({"x": [1]}))


def test_to_dataframe_and_repr():
    corpus = Corpus.from_texts(["建设平安中国。"], years=[2020])
    frame = corpus.to_dataframe()
    assert list(frame.columns) == ["id", "year", "title", "region", "path", "chars", "text"]
    assert frame.loc[0, "chars"] == 7
    assert (
        repr(corpus) == "Corpus(1 document, years 2020–2020, 0 skipped)"
        and "<table>" in corpus._repr_html_()
    )


def test_duplicate_ids_rejected():
    with pytest.raises(ParameterError, match="unique"):
        Corpus.from_texts(["a", "b"], ids=["x", "x"])


def test_mismatched_metadata_lengths_rejected():
    with pytest.raises(ParameterError, match="years has 1 values for 2 texts"):
        Corpus.from_texts(["a", "b"], years=[2020])
