"""One pipeline: the command line and the Python API give identical tables with their defaults,
and every command runs on every grouping and format without an internal error."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

import analyzer
from analyzer.cli import cli
from analyzer.cli.render import records_csv, to_records


def _cli_csv(*args) -> str:
    result = CliRunner().invoke(cli, [*map(str, args), "--format", "csv"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _api_csv(frame: pd.DataFrame) -> str:
    """The API's DataFrame written the way the CLI writes CSV."""
    return records_csv(to_records(frame), list(frame.columns))


#: Each command as the CLI runs it, and the same question asked of the Python API.
DOORS = [
    ("phrases", [], lambda c: c.phrases()),
    ("keywords", [], lambda c: c.keywords()),
    ("keywords", ["--by", "year", "--method", "ctfidf"], lambda c: c.keywords("year", method="ctfidf")),
    ("keyness", [], lambda c: c.keyness()),
    ("keyness", ["--reference", "previous", "--top", "5"], lambda c: c.keyness(reference="previous", top_n=5)),
    ("themes", [], lambda c: c.themes()),
    ("compare", [], lambda c: c.compare()),
    ("compare", ["--what", "themes"], lambda c: c.compare(what="themes")),
    ("compare", ["--what", "keywords", "--top", "5"], lambda c: c.compare(what="keywords", top_n=5)),
    ("compare", ["--what", "pairs"], lambda c: c.compare(what="pairs")),
    ("compare", ["--from", "2021"], lambda c: c.compare(start="2021")),
    ("timeline", [], lambda c: c.timeline()),
    ("topics", ["--k", "3"], lambda c: c.topics(3)),
    ("topics", ["--k", "3", "--show", "years"], lambda c: c.topics(3, show="years")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("command", "options", "ask"), DOORS, ids=lambda v: str(v) if isinstance(v, str) else None
)
def test_cli_and_api_give_identical_tables_on_the_sample(sample, command, options, ask):
    corpus = analyzer.Corpus.load(sample)
    assert _cli_csv(command, sample, *options) == _api_csv(ask(corpus))


def test_cli_and_api_agree_on_trend_and_kwic(sample):
    corpus = analyzer.Corpus.load(sample)
    assert _cli_csv("trend", sample, "扫黑除恶", "枫桥经验") == _api_csv(
        corpus.trend(["扫黑除恶", "枫桥经验"])
    )
    assert _cli_csv("kwic", sample, "枫桥经验", "扫黑除恶") == _api_csv(
        corpus.kwic(["枫桥经验", "扫黑除恶"])
    )


def test_settings_given_by_name_are_the_cli_options(sample):
    corpus = analyzer.Corpus.load(sample)
    assert _cli_csv("phrases", sample, "--min-count", "3", "--no-lexicon") == _api_csv(
        corpus.phrases(min_count=3, builtin_lexicon=False)
    )
    assert _cli_csv("keywords", sample, "--by", "year", "--no-phrases", "--unit", "document") == (
        _api_csv(corpus.keywords("year", phrases=False, unit="document"))
    )


def test_the_analysis_counts_kwic_lines_and_trend_alike(sample):
    analysis = analyzer.Analysis(analyzer.Corpus.load(sample), cache=False)
    terms = analysis.followed(30)
    lines = analysis.kwic(terms, by="year")
    trend = analysis.trend(terms)
    counted = lines.groupby(["group", "term"]).size()
    for row in trend.itertuples():
        assert counted.get((row.group, row.term), 0) == row.count


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "options", "ask"),
    [door for door in DOORS if door[1] != ["--k", "3"]],  # one topic fit is enough here
    ids=lambda v: str(v) if isinstance(v, str) else None,
)
def test_every_door_agrees_on_the_real_reports(seed, national, command, options, ask):
    corpus = analyzer.Corpus.load(seed, national)
    assert _cli_csv(command, seed, national, *options) == _api_csv(ask(corpus))


@pytest.mark.shared
@pytest.mark.slow
def test_cli_and_api_give_identical_tables_on_the_real_reports(seed, national):
    """The figures of the pipeline issue: keyness of 甘肃 against the rest and the top 100
    phrases, identical from both doors, the cache on in one and off in the other."""
    corpus = analyzer.Corpus.load(seed, national)
    cli_keyness = pd.read_csv(io.StringIO(_cli_csv("keyness", seed, national, "--by", "region",
                                                   "--target", "甘肃")))  # fmt: skip
    api_keyness = corpus.keyness("region", target="甘肃", cache=False)
    columns = ["term", "count_target", "g2"]
    assert (
        cli_keyness[columns].head(20).values.tolist()
        == api_keyness[columns].head(20).values.tolist()
    )
    assert _cli_csv("phrases", seed, national) == _api_csv(corpus.phrases(100, cache=False))
    assert _cli_csv("compare", seed, national, "--by", "year,region", "--top", "5") == _api_csv(
        corpus.compare("year,region", top_n=5)
    )


# -- every command, grouping and format ------------------------------------------------------


def _awkward(tmp_path, kind: str):
    folder = tmp_path / kind
    folder.mkdir()
    if kind == "no-years":
        (folder / "a.txt").write_text(
            "深入开展扫黑除恶专项斗争，坚持发展枫桥经验。\n", encoding="utf-8"
        )
        (folder / "b.txt").write_text("建设平安中国，推进扫黑除恶常态化。\n", encoding="utf-8")
    elif kind == "one-document":
        (folder / "2021-gansu-report.txt").write_text(
            "深入开展扫黑除恶专项斗争。\n\n建设平安甘肃，坚持发展枫桥经验。\n", encoding="utf-8"
        )
    else:  # one region, two years
        for year in (2020, 2021):
            (folder / f"{year}-gansu-report.txt").write_text(
                f"{year}年深入开展扫黑除恶专项斗争。\n\n建设平安甘肃，坚持发展枫桥经验。\n",
                encoding="utf-8",
            )
    return folder


COMMANDS = [
    ["phrases"],
    ["keywords"],
    ["keyness"],
    ["topics", "--k", "2", "--min-df", "1", "--max-df", "1.0"],
    ["topics", "--k", "2", "--min-df", "1", "--max-df", "1.0", "--show", "years"],
    ["themes"],
    ["compare"],
    ["compare", "--what", "keywords"],
    ["compare", "--what", "themes"],
    ["compare", "--what", "pairs"],
    ["compare", "--what", "topics"],
    ["trend", "扫黑除恶"],
    ["timeline"],
    ["kwic", "扫黑除恶"],
]
BY = ["year", "region", "source", "year,region"]
FORMATS = [("table", "80"), ("table", "100"), ("csv", "100"), ("json", "100")]


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["sample", "no-years", "one-document", "one-region"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:1] + c[-1:]))
def test_every_command_runs_on_every_grouping_and_format(sample, tmp_path, corpus, command):
    folder = sample if corpus == "sample" else _awkward(tmp_path, corpus)
    name, *options = command
    positional = options if name in {"trend", "kwic"} else []
    options = [] if positional else options
    for by in BY:
        grouping = [] if name == "phrases" else ["--by", by]
        for fmt, columns in FORMATS:
            runner = CliRunner(env={"COLUMNS": columns})
            args = [name, str(folder), *positional, *options, *grouping, "--format", fmt]
            result = runner.invoke(cli, args, catch_exceptions=False)
            assert result.exit_code in (0, 1), (args, result.output)
            assert "internal error" not in result.stderr, (args, result.stderr)
            if result.exit_code == 1:
                # a user error: one line that says what is wrong
                lines = result.stderr.strip().splitlines()
                assert lines[-1].startswith("error: "), (args, result.stderr)
            elif fmt == "json":
                assert isinstance(json.loads(result.stdout), dict)
            elif fmt == "table" and result.stdout:
                widest = max(len(line) for line in result.stdout.splitlines())
                assert widest <= int(columns) * 2, (args, widest)  # CJK cells are two wide


@pytest.mark.parametrize("what", ["phrases", "keywords", "themes", "topics", "pairs"])
def test_a_comparison_from_the_cache_is_the_one_computed_afresh(sample, tmp_path, what):
    corpus = analyzer.Corpus.load(sample)
    fresh = analyzer.Analysis(corpus, cache=False).compare("year,region", what=what, k=3)
    for _ in range(2):  # the first run stores the table, the second reads it
        cached = analyzer.Analysis(corpus, cache=analyzer.Cache(tmp_path)).compare(
            "year,region", what=what, k=3
        )
        pd.testing.assert_frame_equal(cached, fresh)
    assert list((tmp_path / "compare").rglob("*.entry"))
