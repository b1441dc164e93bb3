"""Every command on awkward corpora: a result or one clear error line, never a crash."""

from __future__ import annotations

import pytest

CORPORA = {
    "empty folder": {},
    "no year": {"a.txt": "深入开展扫黑除恶专项斗争。坚持发展枫桥经验。\n"},
    "one dated document": {"2021-report.txt": "深入开展扫黑除恶专项斗争。坚持发展枫桥经验。\n" * 3},
    "no chinese": {"2020-a.txt": "Plain English text only.\n", "2021-b.txt": "More English.\n"},
    "binary and empty": {"2020-a.bin.txt": "\x00\x01\x02" * 50, "2021-b.txt": ""},
}

COMMANDS = {
    "info": [],
    "tokens": [],
    "phrases": [],
    "keywords": ["--by", "year"],
    "keyness": [],
    "topics": ["--k", "2"],
    "themes": [],
    "compare": [],
    "trend": ["扫黑除恶"],
    "timeline": [],
    "kwic": ["扫黑除恶"],
    "report": ["-o", "{tmp}/r.html", "--topics", "2"],
}


@pytest.mark.parametrize("corpus", list(CORPORA))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_command_never_crashes(invoke, tmp_path, corpus, command):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in CORPORA[corpus].items():
        (folder / name).write_text(text, encoding="utf-8")
    args = [a.format(tmp=tmp_path) for a in COMMANDS[command]]
    result = invoke(command, folder, *args, "--no-cache")
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.stderr, result.stderr
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(lines) == 1, result.stderr
