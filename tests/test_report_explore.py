"""The report's explorer: its data contract (plain DataFrames in, one JSON payload out), its safe
embedding, the default trend phrases, and the page itself driven in Debian's chromium through
the DevTools protocol: type a phrase, choose it, read its contexts; no console message, no
network request."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from browser import DevTools

from analyzer import Corpus
from analyzer.errors import ParameterError
from analyzer.report import build_report
from analyzer.report.explore import choose_trend_phrases, explore_data, json_script

TITLE = "政法工作报告分析"


def _frames():
    phrases = pd.DataFrame({"phrase": ["枫桥经验", "平安建设", "无踪"], "kind": ["lexicon"] * 3,
                            "count": [5, 1, 0], "pair": [None, "平安中国", None]})  # fmt: skip
    counts = pd.DataFrame(
        [(2019, "枫桥经验", 4, 2.5), (2020, "枫桥经验", 0, 0.0), (2021, "枫桥经验", 1, 0.4),
         (2019, "平安建设", 0, 0.0), (2021, "平安建设", 1, 0.4), (2021, "别的", 9, 9.0)],
        columns=["group", "term", "count", "per_10k"],
    )  # fmt: skip
    kwic = pd.DataFrame(
        [("a", 2019, 10 * i, f"左{i}", "枫桥经验", f"右{i}", 2019) for i in range(4)]
        + [("b#2", 2021, 7, "坚持“", "枫桥经验", "”</script>", 2021),
           ("b#2", 2021, 30, "建设", "平安建设", "。", 2021)],
        columns=["id", "year", "offset", "left", "term", "right", "group"],
    )  # fmt: skip
    return phrases, counts, kwic


def test_explore_data_keeps_the_first_lines_of_each_group_and_counts_the_rest():
    data = explore_data(*_frames(), lines_per_group=2)
    assert data["groups"] == [2019, 2020, 2021]
    assert data["columns"] == ["phrase", "kind", "count", "pair"]
    assert list(data["phrases"]) == ["枫桥经验", "平安建设", "无踪"]  # the table's order
    fengqiao = data["phrases"]["枫桥经验"]
    assert fengqiao["row"] == ["枫桥经验", "lexicon", 5, None]
    assert fengqiao["counts"] == [[0, 4, 2.5], [2, 1, 0.4]]  # zero groups left out
    (g2019, total, lines), (g2021, total_2021, lines_2021) = fengqiao["lines"]
    assert (g2019, total, len(lines)) == (0, 4, 2) and (g2021, total_2021) == (2, 1)
    assert [data["docs"][d] for d, *_ in lines] == [["a", 2019], ["a", 2019]]
    assert [line[1:] for line in lines] == [[0, "左0", "右0"], [10, "左1", "右1"]]
    assert data["docs"][lines_2021[0][0]] == ["b#2", 2021]
    assert data["phrases"]["无踪"] == {
        "row": ["无踪", "lexicon", 0, None],
        "counts": [],
        "lines": [],
    }
    assert "别的" not in data["phrases"]
    assert json.loads(json.dumps(data)) == data  # JSON-able as it is


def test_explore_data_names_a_missing_column():
    phrases, counts, kwic = _frames()
    with pytest.raises(ParameterError, match=r"kwic lacks the column.*group"):
        explore_data(phrases, counts, kwic.drop(columns=["group"]))
    with pytest.raises(ParameterError, match="lines_per_group"):
        explore_data(phrases, counts, kwic, lines_per_group=-1)


def test_json_script_cannot_be_closed_early_and_reads_back_unchanged():
    data = explore_data(*_frames())
    element = json_script(data, element_id="explore-data")
    body = element[element.index(">") + 1 : -len("</script>")]
    assert "</script" not in body.lower() and "<!--" not in body and "<" not in body
    assert json.loads(body) == data
    assert element == json_script(json.loads(body), element_id="explore-data")  # sorted keys


def test_default_trend_phrases_differ_in_time_and_skip_near_duplicates():
    years = list(range(2005, 2026))

    def profile(active):
        return [float(y in active) * (1 + (y % 3)) for y in years]

    series = {
        "六稳": profile(range(2018, 2024)), "六保": profile(range(2018, 2024)),  # said together
        "十一五": profile(range(2005, 2011)),  # a plan number
        "扫黑除恶": profile(range(2009, 2014)),
        "扫黑除恶专项斗争": profile(range(2017, 2021)),  # contains a chosen phrase
        "放管服": profile(range(2015, 2023, 2)), "一带一路": profile(range(2013, 2026, 3)),
        "三个代表": profile(range(2001, 2009)), "一次": profile([2020]),  # in one year only
    }  # fmt: skip
    counts = pd.DataFrame([(y, t, int(v > 0), v) for t, row in series.items()
                           for y, v in zip(years, row, strict=True)],
                          columns=["group", "term", "count", "per_10k"])  # fmt: skip
    phrases = pd.DataFrame({"phrase": list(series)})
    chosen = choose_trend_phrases(phrases, counts, n=5)
    assert chosen[0] == "六稳" and "六保" not in chosen
    assert "十一五" not in chosen and "扫黑除恶专项斗争" not in chosen and "一次" not in chosen
    assert len(chosen) == len(set(chosen))
    profiles = counts.pivot(index="term", columns="group", values="per_10k")
    for a in chosen:
        for b in chosen:
            if a != b:
                assert profiles.loc[a].corr(profiles.loc[b]) < 0.7


def test_report_holds_the_explorer_and_is_reproducible(sample):
    corpus = Corpus.load(sample)
    html = build_report(corpus.analysis(cache=False), topics=0)
    assert html == build_report(Corpus.load(sample).analysis(cache=False), topics=0)
    match = re.search(r'<script type="application/json" id="explore-data">(.*?)</script>', html)
    data = json.loads(match.group(1))
    assert "枫桥经验" in data["phrases"] and data["phrases"]["枫桥经验"]["lines"]
    assert 'id="phrase-search"' in html and 'id="phrase-table"' in html
    assert html.count('class="sortable"') >= 3  # phrases, keyness tables
    assert "Content-Security-Policy" in html  # the page may load nothing


def _explore_in_chromium(page, shots, phrase: str):
    """Open the report, type ``phrase`` in the search box, choose its row, and return what the
    page shows (status line, KWIC rows, chart bars) with the problems and requests seen."""
    with DevTools(height=1400) as browser:
        browser.open(page)
        assert browser.evaluate("document.getElementById('explore-controls').hidden") is False
        browser.type("#phrase-search", phrase)
        status = browser.evaluate("document.getElementById('phrase-status').textContent")
        visible = browser.evaluate(
            "[...document.querySelectorAll('#phrase-table tbody tr')]"
            ".filter(tr => !tr.hidden).map(tr => tr.dataset.key)"
        )
        browser.click(f'#phrase-table tr[data-key="{phrase}"]')
        rows = browser.evaluate(
            "[...document.querySelectorAll('#phrase-detail table.kwic-lines tbody tr')]"
            ".map(tr => [...tr.cells].map(td => td.textContent))"
        )
        bars = browser.evaluate("document.querySelectorAll('#phrase-detail svg rect.bar').length")
        browser.evaluate("document.getElementById('phrase-detail').scrollIntoView()")
        browser.screenshot(shots / f"{page.stem}-explore.png")
        # Sorting: a click on the count header orders the rows by count.
        browser.evaluate("document.getElementById('phrase-search').value = ''")
        browser.evaluate(
            "document.getElementById('phrase-search').dispatchEvent(new Event('input'))"
        )
        browser.click("#phrase-table thead th:nth-child(3)")
        ascending = browser.evaluate(
            "[...document.querySelectorAll('#phrase-table tbody tr')].filter(tr => !tr.hidden)"
            ".map(tr => Number(tr.cells[2].dataset.v))"
        )
        return status, visible, rows, bars, ascending, browser.problems(), browser.requests()


def _check_explorer(page, shots, phrase, *, corpus_years):
    status, visible, rows, bars, ascending, problems, requests = _explore_in_chromium(
        page, shots, phrase
    )
    assert problems == [], problems
    assert [r for r in requests if not r.startswith("data:")] == [page.resolve().as_uri()]
    assert phrase in visible and all(phrase in v for v in visible), visible
    assert "contain" in status
    lines = [r for r in rows if len(r) == 6]
    assert lines, rows
    for document, year, offset, _left, term, _right in lines:
        assert term == phrase and document and offset.isdigit()
        assert int(year) in corpus_years
    assert bars >= 1
    assert ascending == sorted(ascending) and len(ascending) > 1
    return lines


def test_explorer_in_chromium_on_the_sample(tmp_path, sample):
    page = tmp_path / "sample.html"
    corpus = Corpus.load(sample)
    page.write_text(
        build_report(corpus.analysis(cache=False), title=TITLE, topics=0), encoding="utf-8"
    )
    lines = _check_explorer(page, tmp_path, "枫桥经验", corpus_years=set(corpus.years))
    expected = corpus.kwic("枫桥经验")
    assert {(d, int(y), int(o)) for d, y, o, *_ in lines} <= {
        (r.id, r.year, r.offset) for r in expected.itertuples()
    }


@pytest.mark.shared
@pytest.mark.slow
def test_explorer_on_the_seed_and_national_reports(invoke, seed, national, tmp_path):
    page = tmp_path / "national.html"
    result = invoke("report", seed, national, "-o", page, "--title", TITLE)
    assert result.exit_code == 0, result.output
    assert page.stat().st_size <= 10 * 1024 * 1024
    lines = _check_explorer(page, tmp_path, "枫桥经验", corpus_years=set(range(1954, 2026)))
    years = {int(year) for _, year, *_ in lines}
    assert {2019, 2021, 2024, 2025} <= years, years  # national and Gansu contexts, with years
    assert any(document.startswith("2021-gansu") for document, *_ in lines)
