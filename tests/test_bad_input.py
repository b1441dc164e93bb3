"""Bad input loses nothing, garbles nothing and stops nothing: each case written by the test.

Every file below is either decoded right or reported (by name, with the reason), and the rest
of the corpus loads.
"""

from __future__ import annotations

import json
import os
import socket
import stat

import pytest

from analyzer import Corpus
from analyzer.errors import InputError, ParameterError
from analyzer.readers.decode import decode, implausible

PHRASE = "坚持和发展新时代枫桥经验"
GOOD = "2021年全省政法工作会议召开。深入推进扫黑除恶常态化。"


def _load(tmp_path, files: dict, **kwargs):
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return Corpus.load(folder, **kwargs)


def _reasons(corpus) -> dict:
    return {os.path.basename(s.path): s.reason for s in corpus.skipped}


# -- 1. decoding never guesses silently -----------------------------------------------------


@pytest.mark.parametrize(
    "data, encoding, how",
    [
        (GOOD.encode("utf-8"), "utf-8", "utf-8"),
        (b"\xef\xbb\xbf" + GOOD.encode("utf-8"), "utf-8-sig", "bom"),
        (GOOD.encode("utf-16"), "utf-16", "bom"),
        (GOOD.encode("gb18030"), "gb18030", "gb18030"),
        ("堅持發展楓橋經驗".encode("big5"), "big5", "detected"),
        ("掃黑除惡專項鬥爭".encode("big5"), "big5", "detected"),
        (GOOD.encode("utf-16-le"), "utf-16-le", "detected"),
        (GOOD.encode("utf-16-be"), "utf-16-be", "detected"),
    ],
)
def test_each_encoding_is_decoded_right_and_says_how(data, encoding, how):
    decoded = decode(data, "a.txt")
    assert (decoded.encoding, decoded.how) == (encoding, how)
    assert decoded.text == data.decode(encoding).lstrip("\ufeff")


@pytest.mark.parametrize(
    "data, expected",
    [
        (
            b"\x80" + PHRASE.encode(),
            "undecodable: UTF-8 with 1 bad byte at offset 0; re-save it as UTF-8 or pass --encoding",
        ),
        (
            PHRASE.encode()[:6] + b"\xff\xfe" + PHRASE.encode(),
            "UTF-8 with 2 bad bytes first at offset 6",
        ),
        ("Café résumé naïve".encode("latin-1"), "not UTF-8"),
        (bytes(range(128, 256)) * 4, "undecodable"),
    ],
)
def test_undecodable_bytes_are_reported_with_the_fix(data, expected):
    with pytest.raises(InputError) as info:
        decode(data, "bad.txt")
    assert expected in info.value.reason and "--encoding" in info.value.reason


def test_stray_byte_files_never_load_as_mojibake(tmp_path):
    """The measured case: short UTF-8 files with one stray byte decoded as cp1251."""
    words = ["坚持", "新时代", "枫桥经验", "扫黑除恶", "平安中国", "法治", "政法", "常态化"]
    files = {f"{i}.txt": bytes([0x80 + i]) + "".join(words[i % 8 :] + words[: i % 8]).encode()
             for i in range(40)}  # fmt: skip
    corpus = _load(tmp_path, files)
    assert len(corpus) == 0 and len(corpus.skipped) == 40
    assert all(s.reason.startswith("undecodable: UTF-8 with 1 bad byte") for s in corpus.skipped)


def test_forced_encoding(tmp_path):
    data = "扫黑除恶专项斗争".encode("gbk")
    corpus = _load(tmp_path, {"a.txt": data, "b.txt": "掃黑除惡".encode("big5")}, encoding="gbk")
    assert corpus[0].text == "扫黑除恶专项斗争"
    assert (corpus[0].meta["encoding"], corpus[0].meta["encoding_from"]) == ("gbk", "forced")
    # a forced encoding that does not fit is a reason, never a fallback
    big5 = Corpus.load(tmp_path / "corpus" / "b.txt", encoding="utf-8")
    assert "cannot decode as utf-8 (--encoding)" in big5.skipped[0].reason
    with pytest.raises(ParameterError, match="not an encoding"):
        Corpus.load(tmp_path / "corpus", encoding="klingon")


def test_declared_charset_that_does_not_fit_is_ignored_with_a_note(tmp_path, caplog):
    page = f"<html><head><meta charset=gbk></head><body><p>{PHRASE}。</p></body></html>"
    big5_page = "<html><head><meta charset='gb2312'></head><body><p>堅持發展楓橋經驗，建設平安中國。</p></body></html>"
    corpus = _load(tmp_path, {"stale.html": page.encode("utf-8"), "big5.html": big5_page.encode("big5"),
                              "right.html": page.encode("gbk")})  # fmt: skip
    docs = {os.path.basename(d.path): d for d in corpus}
    assert docs["stale.html"].text == f"{PHRASE}。"
    assert docs["stale.html"].meta["encoding_from"] == "utf-8"
    assert (
        "declared charset 'gbk' ignored: the file is valid UTF-8"
        in docs["stale.html"].meta["notes"]
    )
    assert docs["big5.html"].text == "坚持发展枫桥经验，建设平安中国。"  # then made simplified
    assert docs["big5.html"].meta["encoding_from"] == "detected"
    assert "declared charset 'gb2312' ignored" in docs["big5.html"].meta["notes"]
    assert (docs["right.html"].meta["encoding_from"], docs["right.html"].text) == (
        "declared",
        f"{PHRASE}。",
    )
    assert "declared charset 'gbk' ignored" in caplog.text


def test_info_shows_encoding_and_how(invoke, tmp_path):
    _load(tmp_path, {"a.txt": GOOD.encode("gb18030"), "b.txt": GOOD})
    result = invoke("info", tmp_path / "corpus", "--format", "json", "--no-cache")
    docs = json.loads(result.stdout)["documents"]
    assert [(d["encoding"], d["encoding_from"]) for d in docs] == [
        ("gb18030", "gb18030"),
        ("utf-8", "utf-8"),
    ]


def test_plausibility():
    assert implausible("建设平安中国，①坚持“枫桥经验”★。") is None
    assert "C1 control" in implausible("扫黑\x85除恶")
    assert "private-use" in implausible("扫黑\ue000除恶")
    assert "replacement" in implausible("扫黑\ufffd除恶")
    assert "Chinese" in implausible("굵뗏간큓켒떫갓")


# -- 2. tabular input is strict -------------------------------------------------------------


def test_csv_unterminated_quote_is_reported_and_the_rows_around_it_load(tmp_path):
    text = (
        "year,text\n"
        "2019,第一行。\n"
        '2020,"引号没有闭合，\n'
        "2021,扫黑除恶。\n"
        '2022,"合法的多行\n字段。"\n'
        "2023,最后一行。\n"
    )
    corpus = _load(tmp_path, {"t.csv": text})
    assert [(d.year, d.text) for d in corpus] == [
        (2019, "第一行。"), (2021, "扫黑除恶。"), (2022, "合法的多行字段。"), (2023, "最后一行。")
    ]  # fmt: skip
    (bad,) = corpus.skipped
    assert bad.path.endswith("t.csv:3") and "unterminated or stray quote" in bad.reason


def test_csv_unterminated_quote_at_the_end(tmp_path):
    corpus = _load(
        tmp_path, {"t.csv": 'year,text\n2019,第一行。\n2020,"没有闭合\n2021,被吞掉的一行。\n'}
    )
    assert [d.year for d in corpus] == [2019, 2021]
    assert corpus.skipped[0].path.endswith("t.csv:3")


def test_ragged_rows_are_reported(tmp_path):
    corpus = _load(
        tmp_path, {"t.tsv": "year\ttext\n2019\t第一行。\n2020\t多\t出来的字段\n2021\n2022\t好。\n"}
    )
    assert [d.year for d in corpus] == [2019, 2022]
    assert sorted(s.path.rsplit(":", 1)[1] for s in corpus.skipped) == ["3", "4"]
    assert all("fields where the header has 2" in s.reason for s in corpus.skipped)


def test_duplicate_column_names_keep_both(tmp_path):
    corpus = _load(tmp_path, {"t.csv": "text,year,text\n第一。,2021,第二。\n"})
    assert corpus[0].text == "第一。" and corpus[0].meta["text.1"] == "第二。"
    assert "duplicate column name 'text'" in corpus[0].meta["notes"]


def test_json_items_that_are_not_objects_are_reported(tmp_path):
    items = [
        {"text": "扫黑除恶。", "year": 2021},
        "一个字符串",
        3,
        None,
        [1],
        {"text": "平安中国。"},
    ]
    corpus = _load(tmp_path, {"a.json": json.dumps(items, ensure_ascii=False),
                              "s.json": json.dumps(["只有", "字符串"], ensure_ascii=False)})  # fmt: skip
    assert [d.text for d in corpus] == ["扫黑除恶。", "平安中国。"]
    reasons = [s.reason for s in corpus.skipped]
    assert reasons[:4] == [
        "item 2 is a string, not a JSON object", "item 3 is a number (3), not a JSON object",
        "item 4 is null, not a JSON object", "item 5 is a list, not a JSON object",
    ]  # fmt: skip
    assert len(reasons) == 6  # s.json: both items reported, not just "no rows"


@pytest.mark.parametrize(
    "value, kind",
    [
        ({"nested": "扫黑除恶"}, "an object"),
        (["扫黑", "除恶"], "a list"),
        (True, "a boolean (true)"),
        (12, "a number (12)"),
    ],
)
def test_text_fields_that_are_not_strings_are_reported_never_stringified(tmp_path, value, kind):
    rows = [{"text": value, "year": 2020}, {"text": "平安中国。", "year": 2021}]
    corpus = _load(
        tmp_path, {"a.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)}
    )
    assert [d.text for d in corpus] == ["平安中国。"]
    assert f"text field 'text' holds {kind}, not text" in corpus.skipped[0].reason


def test_parquet_binary_text_column_is_reported(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"text": pa.array(["扫黑除恶".encode()], pa.binary()), "year": [2021]})
    pq.write_table(table, tmp_path / "b.parquet")
    corpus = Corpus.load(tmp_path / "b.parquet")
    assert len(corpus) == 0
    assert "holds bytes (a binary column" in corpus.skipped[0].reason


def test_metadata_values_stay_json(tmp_path):
    row = {
        "text": "扫黑除恶。",
        "year": 2021,
        "tags": ["政法", "平安"],
        "extra": {"a": 1},
        "ok": True,
    }
    corpus = _load(tmp_path, {"a.jsonl": json.dumps(row, ensure_ascii=False)})
    meta = corpus[0].meta
    assert meta["tags"] == '["政法", "平安"]' and meta["extra"] == '{"a": 1}' and meta["ok"] is True


@pytest.mark.parametrize("year", ["-2021", -2021, "Infinity", 1e400, 10**30, "99999", True])
def test_values_that_are_not_years(tmp_path, year):
    row = (
        json.dumps({"text": "扫黑除恶。", "year": year})
        if year != 1e400
        else '{"text": "扫黑除恶。", "year": 1e400}'
    )
    corpus = _load(tmp_path, {"a.jsonl": row})
    assert corpus[0].year is None
    assert "is not a year between 1800 and 2100" in corpus[0].meta["notes"]


def test_integers_too_long_for_python_are_reported(tmp_path):
    line = '{"text": "扫黑除恶。", "year": 1' + "0" * 5000 + "}"
    corpus = _load(
        tmp_path, {"a.jsonl": line + '\n{"text": "平安中国。"}\n', "b.json": f"[{line}]"}
    )
    assert [d.text for d in corpus] == ["平安中国。"]
    assert all("Exceeds the limit (4300 digits)" in s.reason for s in corpus.skipped)
    assert len(corpus.skipped) == 2


def test_same_file_twice_loads_once(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "2021-a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "link.txt").symlink_to(folder / "2021-a.txt")
    os.link(folder / "2021-a.txt", folder / "hard.txt")
    corpus = Corpus.load(folder, folder / "2021-a.txt")
    assert len(corpus) == 1
    assert len(corpus.skipped) == 3
    assert all("the same file as" in s.reason and "loaded once" in s.reason for s in corpus.skipped)


# -- 6. nothing odd stops a corpus ----------------------------------------------------------


def test_special_files_are_not_regular_files_and_never_block(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "2021-a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "null.csv").symlink_to("/dev/null")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "sock.txt"))
        corpus = Corpus.load(folder)
    finally:
        sock.close()
    assert len(corpus) == 1
    reasons = _reasons(corpus)
    assert reasons["pipe.txt"] == "not a regular file (a FIFO); not read"
    assert reasons["zero.txt"] == reasons["null.csv"] == "not a regular file (a device); not read"
    assert reasons["sock.txt"] == "not a regular file (a socket); not read"
    assert stat.S_ISFIFO(os.stat(folder / "pipe.txt").st_mode)


def test_fifo_given_directly_is_reported(tmp_path):
    os.mkfifo(tmp_path / "p.txt")
    corpus = Corpus.load(tmp_path / "p.txt")
    assert corpus.skipped[0].reason == "not a regular file (a FIFO); not read"


def test_size_limit_is_checked_on_what_is_read(tmp_path):
    corpus = _load(tmp_path, {"big.txt": "扫" * 400_000}, max_file_mb=1)
    assert "too large" in corpus.skipped[0].reason and "--max-file-mb" in corpus.skipped[0].reason
    for bad in (float("nan"), float("inf"), 0, -1, "10"):
        with pytest.raises(ParameterError, match="positive number"):
            Corpus.load(tmp_path, max_file_mb=bad)


def test_non_utf8_file_names_load_and_are_shown_escaped(tmp_path, invoke):
    folder = tmp_path / "corpus"
    folder.mkdir()
    name = os.fsdecode(b"2021-\xff\xfe-report.txt")
    (folder / name).write_text(GOOD, encoding="utf-8")
    corpus = Corpus.load(folder)
    assert corpus[0].id == "2021-\\xff\\xfe-report" and corpus[0].year == 2021
    assert corpus[0].path.endswith("2021-\\xff\\xfe-report.txt")
    for command in (["info", "--format", "json"], ["kwic", "扫黑除恶", "--format", "json"],
                    ["keywords", "--format", "csv"], ["tokens"]):  # fmt: skip
        result = invoke(command[0], folder, *command[1:], "--no-cache")
        assert result.exit_code == 0, result.output
        result.stdout_bytes.decode("utf-8")  # valid UTF-8
    info = json.loads(invoke("info", folder, "--format", "json", "--no-cache").stdout)
    assert info["documents"][0]["path"].endswith("2021-\\xff\\xfe-report.txt")


def test_lone_surrogates_are_replaced_and_counted(tmp_path):
    line = '{"text": "扫黑\\ud800除恶。", "title": "标题\\udfff", "year": 2021}'
    corpus = _load(tmp_path, {"a.jsonl": line})
    doc = corpus[0]
    assert doc.text == "扫黑\ufffd除恶。" and doc.title == "标题\ufffd"
    assert doc.cleaning.surrogates == 2
    assert "2 lone surrogates replaced" in doc.cleaning.summary()
    raw = Corpus.load(tmp_path / "corpus", clean=False)[0]
    assert raw.text == "扫黑\ufffd除恶。" and raw.cleaning.surrogates == 2


def test_deeply_nested_json_is_reported(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    nested = '{"text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    corpus = _load(
        tmp_path, {"deep.json": deep, "deep.jsonl": nested + '\n{"text": "扫黑除恶。"}\n'}
    )
    assert [d.text for d in corpus] == ["扫黑除恶。"]
    reasons = sorted(s.reason for s in corpus.skipped)
    assert reasons == ["JSON nested too deeply to read"] * 2


def test_everything_at_once_in_one_folder(tmp_path):
    """All the odd files beside one good one: the good one loads, every other is named."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "2021-good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "stray.txt").write_bytes(b"\x80" + PHRASE.encode())
    (folder / "deep.json").write_text("[" * 50_000 + "]" * 50_000)
    (folder / "surrogate.jsonl").write_text('{"text": "\\ud800"}\n')
    (folder / "inf.jsonl").write_text('{"text": "平安中国。", "year": Infinity}\n')
    os.mkfifo(folder / "fifo.csv")
    (folder / os.fsdecode(b"\xe9t\xe9.txt")).write_text(GOOD, encoding="utf-8")
    corpus = Corpus.load(folder)
    assert len(corpus) == 4  # good, surrogate (a replacement character), inf (undated), été
    assert set(_reasons(corpus)) == {"stray.txt", "deep.json", "fifo.csv"}


# -- lexicons and theme files ---------------------------------------------------------------


def test_malformed_and_overlong_lexicon_entries_are_warned_and_skipped(tmp_path, caplog):
    from analyzer import Lexicon

    path = tmp_path / "lex.txt"
    path.write_text(
        "# comment\n扫黑除恶 ² n\n枫桥经验 100 n\n平安中国 n\n" + "扫" * 6000 + "\n1+17+N\n",
        encoding="utf-8",
    )
    lexicon = Lexicon.load(path)
    assert lexicon.phrases == ["枫桥经验", "平安中国", "1+17+N"]
    assert lexicon.get("枫桥经验").freq == 100
    assert f"{path}:2: not a lexicon line" in caplog.text
    assert f"{path}:5: an entry of 6,000 characters" in caplog.text


def test_lexicon_table_rows_are_checked(tmp_path, caplog):
    from analyzer import Lexicon

    path = tmp_path / "lex.tsv"
    path.write_text(
        "phrase\tintroduced\tsource\n扫黑除恶\t2018abc\t通知\n枫桥经验\t1963\t\n坏\t行\t多\t出\n",
        encoding="utf-8",
    )
    lexicon = Lexicon.load(path)
    assert [(e.phrase, e.introduced) for e in lexicon] == [("扫黑除恶", 2018), ("枫桥经验", 1963)]
    assert f"{path}:4: 4 fields where the header has 3" in caplog.text


def test_overlong_entries_given_in_python_are_skipped(caplog):
    from analyzer import Segmenter

    segmenter = Segmenter(lexicon=["扫" * 6000, "平安甘肃"], builtin_lexicon=False)
    assert segmenter.phrases == {"平安甘肃"}
    assert "longer than 64" in caplog.text


def test_lexicon_problems_on_the_command_line(invoke, sample, tmp_path):
    path = tmp_path / "lex.txt"
    path.write_text("扫黑除恶 ² n\n" + "扫" * 6000 + "\n枫桥经验\n", encoding="utf-8")
    result = invoke("tokens", sample, "--lexicon", path, "--no-cache")
    assert result.exit_code == 0, result.output
    assert f"{path}:1" in result.stderr and f"{path}:2" in result.stderr


@pytest.mark.parametrize(
    "toml, expected",
    [
        (
            'phrases = "扫黑除恶"',
            'phrases must be a list of strings, not a string (write phrases = ["扫黑除恶"])',
        ),
        ('patterns = "打[早小]"', "patterns must be a list of strings, not a string"),
        ('patterns = ["x*"]', "can match the empty string"),
        ('patterns = ["(?<=扫)"]', "can match the empty string"),
        ('patterns = ["(?i)abc"]', "sets a global inline flag"),
        ('patterns = ["打[早小"]', "bad pattern"),
        ("phrases = [1, 2]", "phrases holds a number (1)"),
        ('phrases = [""]', "empty string"),
        ('phrase = ["扫黑除恶"]', "unknown key 'phrase'"),
        ("", "neither phrases nor patterns"),
    ],
)
def test_theme_files_are_validated(invoke, sample, tmp_path, toml, expected):
    path = tmp_path / "themes.toml"
    path.write_text(f'[themes."扫黑除恶"]\n{toml}\n', encoding="utf-8")
    result = invoke("themes", sample, "--dict", path, "--no-cache")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}: theme '扫黑除恶'")
    assert expected in errors[0]


def test_scoped_flags_and_valid_themes_count_exactly():
    from analyzer.themes import ThemeDictionary

    themes = ThemeDictionary({"扫黑除恶": {"phrases": ["扫黑除恶"], "patterns": ["(?i:abc)"]}})
    assert themes["扫黑除恶"].count("扫黑除恶，ABC，abc") == 3
