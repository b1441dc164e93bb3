"""`analyzer info`: documents, years, characters, cleaning and skipped files."""

import json

import pytest


def _mixed_folder(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    text = "全省政法工作会议召开。会议要求建设平安甘肃。"
    (folder / "2019-utf8.txt").write_text(text, encoding="utf-8")
    (folder / "2020-gb18030.txt").write_bytes(text.encode("gb18030"))
    (folder / "2021-bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (folder / "2022-empty.txt").write_bytes(b"")
    (folder / "2023-binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder, len(text)


def test_info_on_mixed_encodings_and_bad_files(tmp_path, invoke):
    folder, chars = _mixed_folder(tmp_path)
    result = invoke("info", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(d["id"], d["year"], d["chars"], d["encoding"]) for d in data["documents"]] == [
        ("2019-utf8", 2019, chars, "utf-8"),
        ("2020-gb18030", 2020, chars, "gb18030"),
        ("2021-bom", 2021, chars, "utf-8-sig"),
    ]
    skipped = {s["path"].rsplit("/", 1)[-1]: s["reason"] for s in data["skipped"]}
    assert skipped == {
        "2022-empty.txt": "empty file",
        "2023-binary.txt": "binary file, not text (NUL or control bytes)",
    }
    assert data["summary"]["documents"] == 3 and data["summary"]["skipped"] == 2
    assert "Traceback" not in result.output


def test_info_table_lists_skipped_and_strict_fails(tmp_path, invoke):
    folder, _ = _mixed_folder(tmp_path)
    table = invoke("info", folder)
    assert table.exit_code == 0
    assert "2023-binary.txt" in table.stdout and "binary file" in table.stdout
    assert "3 documents: 3 with a year" in table.stdout
    strict = invoke("info", folder, "--strict")
    assert strict.exit_code == 1
    assert "could not be read (--strict)" in strict.stderr


def test_info_raw_keeps_text(tmp_path, invoke):
    path = tmp_path / "2021-page.txt"
    path.write_text("当前位置：首页\n\n正文。", encoding="utf-8")
    cleaned = json.loads(invoke("info", path, "--format", "json", "--no-cache").stdout)
    raw = json.loads(invoke("info", path, "--format", "json", "--raw", "--no-cache").stdout)
    assert cleaned["documents"][0]["chars"] == 3
    assert raw["documents"][0]["chars"] == len("当前位置：首页\n\n正文。")
    assert cleaned["documents"][0]["cleaning"]["removed"] == [
        {"kind": "chrome", "text": "当前位置：首页"}
    ]
    assert raw["documents"][0]["cleaning"] is None


def test_missing_path_is_one_clean_line(tmp_path, invoke):
    result = invoke("info", tmp_path / "nope.txt")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.txt'}: no such file or folder"


@pytest.mark.slow
def test_info_on_national_reports(national, invoke):
    result = invoke("info", national, "--format", "json", "--no-cache")
    data = json.loads(result.stdout)
    summary = data["summary"]
    assert (summary["documents"], summary["with_year"], summary["without_year"]) == (72, 52, 20)
    assert summary["skipped"] == 0
    carried = sum(
        "公有领域" in json.loads(line)["content"] for line in national.open(encoding="utf-8")
    )
    licensed = [
        d
        for d in data["documents"]
        if any(r["kind"] == "licence" for r in d["cleaning"]["removed"])
    ]
    assert len(licensed) == carried == 65  # seven NPC resolutions carry no licence footer
    assert all(
        "公有领域" in next(r["text"] for r in d["cleaning"]["removed"] if r["kind"] == "licence")
        for d in licensed
    )
    assert all("licence" in d["removed"] for d in licensed)
    table = invoke("info", national)
    assert "licence 234 chars" in table.stdout
    assert "72 documents: 52 with a year" in table.stdout and "20 without" in table.stdout
