"""Terminal tables: every command at 80 and 100 columns, through click's CliRunner.

Each table is checked against the same command's JSON output: no line is wider than the
terminal, every key value (term, phrase, group, id …) is printed whole, and every number is
printed whole in the one format of :func:`analyzer.cli.render.format_cell`, unless its column is
named in the "columns not shown" note. ``-o FILE`` writes the same tables as plain text.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from analyzer.cli import cli
from analyzer.cli.render import (
    format_cell,
    format_p,
    header_words,
    kwic_table,
    rich_table,
    wrap_header,
)

WIDTHS = (80, 100)


def _run(width: int, *args) -> tuple[str, str]:
    runner = CliRunner(env={"COLUMNS": str(width)})
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def _hidden(text: str) -> str:
    notes = re.findall(r"columns not shown: (.*); use --format csv", text)
    return " ".join(notes)


def _present(value: str, text: str) -> bool:
    """``value`` printed whole: not part of a longer number or word."""
    edge = r"[\w.,+-]" if re.fullmatch(r"[\w.,+-]+", value) else r"(?!)"
    return re.search(rf"(?<!{edge}){re.escape(value)}(?!{edge})", text) is not None


def _check(text: str, width: int, records: list[dict], keys, numbers) -> None:
    """``keys`` and ``numbers`` map a JSON column to the table's header for it."""
    assert text.strip(), "no table printed"
    wide = [line for line in text.splitlines() if cell_len(line) > width]
    assert wide == [], f"lines wider than {width}: {wide[:3]}"
    hidden = _hidden(text)
    for column, header in {**keys, **numbers}.items():
        if column in numbers and re.search(rf"(^|, ){re.escape(header)}( \(|,|$)", hidden):
            continue
        for record in records:
            if record.get(column) is None:
                continue
            shown = format_cell(record[column], header)
            assert _present(shown, text), (
                f"{column}={record[column]!r} not shown whole as {shown!r}"
            )


def _json(key: str, *args) -> list[dict]:
    stdout, _ = _run(240, *args, "--format", "json")
    return json.loads(stdout)[key]


CASES = {
    "phrases": (["phrases", "{S}", "--top", "30"], "phrases", {"phrase": "phrase", "pair": "pair"},
                {c: c for c in ("count", "docs", "years", "first_year", "last_year", "score")}),
    "keywords": (["keywords", "{S}", "--by", "year", "--top", "5"], "keywords",
                 {"group": "group", "term": "term"}, {"rank": "rank", "score": "score", "count": "count"}),
    "keyness": (["keyness", "{S}", "--top", "5"], "keyness", {"term": "term"},
                {c: c for c in ("rank", "count_target", "count_reference", "z", "g2", "p_adj")}),
    "topics": (["topics", "{S}", "--k", "3", "--min-df", "1", "--max-df", "1.0"], "topics", {},
               {"topic": "topic", "coherence": "coherence", "share": "share"}),
    "compare": (["compare", "{S}", "--top", "5"], "compare", {"term": "term"},
                {"count": "count", "per_10k": "per_10k", "prev_rank": "prev",
                 "delta_per_10k": "Δ per_10k", "p_adj": "p_adj"}),
    "pairs": (["compare", "{S}", "--by", "region", "--what", "pairs"], "compare",
              {"group": "group", "term": "term", "pair": "pair"},
              {c: c for c in ("count", "pair_count", "per_10k", "pair_per_10k")}),
    "timeline": (["timeline", "{S}", "--top", "30"], "timeline", {"phrase": "phrase"},
                 {"first_year": "first", "last_year": "last", "years_present": "years",
                  "peak_year": "peak", "lifespan": "span", "count": "count"}),
    "kwic": (["kwic", "{S}", "扫黑除恶"], "kwic", {"id": "id", "term": "term"},
             {"year": "year", "offset": "offset"}),
}  # fmt: skip


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_tables_fit_and_show_keys_and_numbers_whole(case, width, sample):
    args, key, keys, numbers = CASES[case]
    args = [sample if a == "{S}" else a for a in args]
    records = _json(key, *args)
    assert records
    text, _ = _run(width, *args)
    _check(text, width, records, keys, numbers)


@pytest.mark.parametrize("width", WIDTHS)
def test_info_trend_themes_and_corpus_list_fit(width, sample):
    text, _ = _run(width, "info", sample)
    documents = json.loads(_run(240, "info", sample, "--format", "json")[0])["documents"]
    _check(text, width, documents, {"id": "id"}, {"year": "year", "chars": "chars"})

    text, _ = _run(width, "trend", sample, "扫黑除恶", "枫桥经验")
    records = _json("trend", "trend", sample, "扫黑除恶", "枫桥经验")
    _check(text, width, records, {"group": "group", "term": "term"}, {"count": "count"})

    text, _ = _run(width, "themes", sample)
    records = _json("themes", "themes", sample)
    _check(text, width, records, {"group": "group"}, {})
    for record in records:  # one decimal, per 10,000 characters
        if record["per_10k"]:
            assert _present(f"{record['per_10k']:.1f}", text)
    # Theme names break between their words (安全/稳定), never inside one (安全稳/定).
    assert "安全" in text and "稳定" in text and not re.search("安全稳(?!定)|社会治(?!理)", text)

    text, _ = _run(width, "corpus", "list")
    assert "national-gov-work-reports" in text
    assert all(cell_len(line) <= width for line in text.splitlines())


def test_dropped_columns_are_named_with_their_constant_value():
    records = [{"target": "甘肃", "reference": "rest", "term": f"词{i}", "g2": 179.451 + i,
                "p_adj": 1.31e-36, "note": "一段很长的说明文字" * 3} for i in range(3)]  # fmt: skip
    table = rich_table(records, list(records[0]), numeric={"g2", "p_adj"})
    shown, sizes = table.layout(30)
    assert {"term", "g2", "p_adj"} <= set(shown)
    assert sum(sizes[c] for c in shown) + 2 * (len(shown) - 1) <= 30
    import io

    from analyzer.cli.render import console

    buffer = io.StringIO()
    console(file=buffer, width=30).print(table)
    text = buffer.getvalue()
    assert "179.45" in text and "1.3e-36" in text and "词2" in text
    note = " ".join(text.split())
    assert "columns not shown: reference (rest in every row), note; use --format csv" in note


def test_p_values_have_one_format():
    assert [format_p(v) for v in (1.31e-36, 2.2e-05, 0.000999, 0.001, 0.00972, 0.458, 1.0)] == [
        "1.3e-36", "2.2e-05", "1.0e-03", "0.0010", "0.0097", "0.4580", "1.0000"
    ]  # fmt: skip
    assert format_cell(1.31e-36, "p_adj") == "1.3e-36"
    assert format_cell(16302, "offset") == "16302" and format_cell(16302, "chars") == "16,302"


def test_headers_break_between_words_only():
    assert header_words("count_reference") == ["count_", "reference"]
    assert wrap_header("count_reference", 9) == "count_\nreference"
    assert wrap_header("安全稳定", 4) == "安全\n稳定"
    assert wrap_header("政法智能化", 6) == "政法\n智能化"
    assert wrap_header("基层社会治理", 8).split("\n") == ["基层社会", "治理"]


def test_kwic_keeps_the_term_whole_and_trims_contexts_on_their_outer_side():
    import io

    from analyzer.cli.render import console

    records = [{"id": "gov_work_reports:12", "year": 2019, "offset": 17916,
                "left": "治理重心向基层下移，推广促进社会和谐的“", "term": "枫桥经验",
                "right": "”，构建城乡社区治理新格局。引导支持"}]  # fmt: skip
    for width in (60, 80, 200):
        buffer = io.StringIO()
        console(file=buffer, width=width).print(kwic_table(records))
        row = buffer.getvalue().splitlines()[-1]
        assert cell_len(row.rstrip()) <= width
        left, right = row.split("枫桥经验")
        assert left.rstrip().endswith("的“") and right.lstrip().startswith("”，")
        assert "2019" in left and "17916" in left
        assert ("…" in row) == (width < 100)


@pytest.mark.parametrize(
    "args",
    [
        ["kwic", "{S}", "枫桥经验"],
        ["keyness", "{S}", "--top", "3"],
        ["compare", "{S}", "--top", "3"],
        ["themes", "{S}"],
        ["trend", "{S}", "扫黑除恶"],
        ["phrases", "{S}", "--top", "5"],
        ["info", "{S}"],
    ],
    ids=lambda a: a[0],
)
def test_output_file_gets_the_plain_table(args, sample, tmp_path):
    out = tmp_path / "table.txt"
    args = [sample if a == "{S}" else a for a in args]
    stdout, _ = _run(80, *args, "-o", out)
    assert stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.strip() and "\x1b" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    shown, _ = _run(240, *args)
    first = next(line for line in shown.splitlines() if line.strip())
    assert first.strip() in text  # the same table, at its natural width
    assert [p.name for p in tmp_path.iterdir()] == ["table.txt"]  # no temporary file left


@pytest.mark.shared
@pytest.mark.slow
def test_bars_on_the_seed_and_national_reports(seed, national):
    text, _ = _run(100, "kwic", seed, national, "枫桥经验")
    rows = [line for line in text.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        assert cell_len(row) <= 100
        left, _ = row.split("枫桥经验")
        assert re.search(r"\s(19|20)\d\d\s+\d+\s", left), row  # year and offset
    text, _ = _run(80, "keyness", seed, national, "--by", "region", "--target", "甘肃")
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    row = next(line for line in text.splitlines() if re.search(r"\s政法工作\s", line))
    # the figures of the CSV, shown whole: G² with its decimals, p_adj in scientific notation
    import analyzer

    top = analyzer.Corpus.load(seed, national).keyness("region", target="甘肃").iloc[0]
    assert top["term"] == "政法工作"
    g2, p_adj = f"{top['g2']:.2f}", f"{top['p_adj']:.1e}"
    assert re.search(rf"\s{re.escape(g2)}\s", row) and row.rstrip().endswith(p_adj), (
        row,
        g2,
        p_adj,
    )
    assert 170 < top["g2"] < 190 and 1e-38 < top["p_adj"] < 1e-34
