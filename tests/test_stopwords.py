"""Stopword lists."""

import pytest

from analyzer.errors import ParameterError
from analyzer.stopwords import load_stopwords, shipped_list


def test_shipped_lists_are_separate():
    function, boilerplate = shipped_list("function"), shipped_list("boilerplate")
    assert {"的", "了", "和", "与", "在", "是"} <= function
    assert {"坚持", "加强", "推进", "进一步"} <= boilerplate
    assert not function & {"坚持", "加强"}


def test_user_additions_and_files(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("# mine\n东岚\n会议\n", encoding="utf-8")
    words = load_stopwords(["function"], extra=["工作"], files=[path])
    assert {"的", "工作", "东岚", "会议"} <= words and "推进" not in words


def test_unknown_list_rejected():
    with pytest.raises(ParameterError, match="stopwords='verbs'"):
        shipped_list("verbs")
