"""`analyzer tokens` and `analyzer demo`."""

import json


def test_tokens_txt_one_document_per_line(tmp_path, invoke):
    (tmp_path / "2019-a.txt").write_text(
        "深入开展扫黑除恶专项斗争。\n\n建设平安中国。", encoding="utf-8"
    )
    (tmp_path / "2020-b.txt").write_text("坚持发展枫桥经验。", encoding="utf-8")
    result = invoke("tokens", tmp_path, "--no-cache")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "深入开展 扫黑除恶专项斗争 。 建设 平安中国 。",
        "坚持 发展 枫桥经验 。",
    ]


def test_tokens_jsonl_lexicon_and_no_lexicon(tmp_path, invoke):
    doc = tmp_path / "2021-a.txt"
    doc.write_text("建设平安甘肃，开展扫黑除恶。", encoding="utf-8")
    lexicon = tmp_path / "lex.txt"
    lexicon.write_text("平安甘肃\n", encoding="utf-8")
    with_lex = json.loads(invoke("tokens", doc, "--format", "jsonl", "--lexicon", lexicon).stdout)
    assert with_lex == {
        "id": "2021-a",
        "year": 2021,
        "tokens": ["建设", "平安甘肃", "，", "开展", "扫黑除恶", "。"],
    }
    bare = json.loads(
        invoke("tokens", doc, "--format", "jsonl", "--no-lexicon", "--no-punct").stdout
    )
    assert (
        "平安甘肃" not in bare["tokens"]
        and "扫黑除恶" not in bare["tokens"]
        and "，" not in bare["tokens"]
    )


def test_tokens_jieba_backend_and_output_file(tmp_path, invoke):
    doc = tmp_path / "a.txt"
    doc.write_text("坚持发展新时代枫桥经验。", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = invoke("tokens", doc, "--backend", "jieba", "-o", out)
    assert (
        result.exit_code == 0
        and out.read_text(encoding="utf-8") == "坚持 发展 新 时代 枫桥经验 。\n"
    )


def test_tokens_on_nothing_readable_is_a_clean_error(tmp_path, invoke):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = invoke("tokens", tmp_path)
    assert result.exit_code == 1
    assert "no readable document" in result.stderr and "empty file" in result.stderr
    assert "Traceback" not in result.output


def test_bad_lexicon_file_is_a_clean_error(tmp_path, invoke):
    doc = tmp_path / "a.txt"
    doc.write_text("正文。", encoding="utf-8")
    result = invoke("tokens", doc, "--lexicon", tmp_path / "missing.txt")
    assert result.exit_code == 1 and result.stderr.startswith("error: ")
    assert "missing.txt" in result.stderr


def test_demo_runs_on_the_sample_and_says_where(tmp_path, invoke):
    out = tmp_path / "demo"
    result = invoke("demo", "-o", out)
    assert result.exit_code == 0, result.output
    assert "loaded 7 documents" in result.stdout and str(out / "info.json") in result.stdout
    info = json.loads((out / "info.json").read_text(encoding="utf-8"))
    assert info["summary"]["without_year"] == 1
    tokens = [
        json.loads(line) for line in (out / "tokens.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(tokens) == 7
    assert any("扫黑除恶专项斗争" in t["tokens"] for t in tokens)
    for name in ("phrases.csv", "compare.csv", "themes.csv", "report.html"):
        assert str(out / name) in result.stdout, name
        assert (out / name).stat().st_size > 0
    phrases = (out / "phrases.csv").read_text(encoding="utf-8").splitlines()
    assert phrases[0].startswith("phrase,kind,count") and len(phrases) > 20
    assert "平安东岚" in (out / "phrases.csv").read_text(encoding="utf-8")
    assert "<svg" in (out / "report.html").read_text(encoding="utf-8")
