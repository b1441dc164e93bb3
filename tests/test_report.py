"""`analyzer report`: one self-contained HTML file, checked in a real headless chromium.

The browser checks are tested on pages built to fail them (a script error, text drawn as tofu
boxes), so that a passing report means something.
"""

from __future__ import annotations

import re

import pytest
from browser import distinct_glyphs, ink_share, render

from analyzer import Corpus
from analyzer.report import build_report

TITLE = "政法工作报告分析"


def _self_contained(html: str) -> list[str]:
    """Every reference to something outside the file (none is allowed)."""
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html)
    references += re.findall(r"url\(\s*['\"]?([^)'\"]*)", html)
    return [r for r in references if not r.startswith(("#", "data:"))]


def _check_page(tmp_path, page, *, height: int = 1600):
    shot = render(page, tmp_path / f"{page.stem}.png", height=height)
    assert shot.console == [], f"console messages: {shot.console}"
    assert ink_share(shot.screenshot) > 0.02, "the screenshot is (nearly) blank"
    glyphs, distinct = distinct_glyphs(shot.screenshot, bottom=140)
    assert glyphs >= len(TITLE) - 1 and distinct >= len(TITLE) - 2, (
        f"the title shows {distinct} different glyph images out of {glyphs}: tofu boxes?"
    )
    return shot


def test_the_checks_catch_script_errors_and_tofu(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text(f"<!DOCTYPE html><html><body><h1>{TITLE}</h1>"
                      "<script>notDefined();</script></body></html>", encoding="utf-8")  # fmt: skip
    shot = render(broken, tmp_path / "broken.png", height=400)
    assert any("notDefined" in message for message in shot.console)
    tofu = tmp_path / "tofu.html"
    boxes = "".join(chr(0xE000 + i) for i in range(len(TITLE)))  # private use: no glyph anywhere
    tofu.write_text(f"<!DOCTYPE html><html><body><h1>{boxes}</h1></body></html>", encoding="utf-8")
    glyphs, distinct = distinct_glyphs(render(tofu, tmp_path / "tofu.png", height=400).screenshot,
                                       bottom=140)  # fmt: skip
    assert glyphs >= len(TITLE) and distinct <= 2
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    assert ink_share(render(blank, tmp_path / "blank.png", height=400).screenshot) < 0.001


def test_report_on_the_sample_opens_cleanly_in_chromium(invoke, sample, tmp_path):
    out = tmp_path / "sample.html"
    result = invoke("report", sample, "-o", out, "--title", TITLE, "--topics", "4",
                    "--trend", "扫黑除恶", "枫桥经验", "--no-cache")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert "following 枫桥经验 as --trend phrase" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert _self_contained(html) == []
    for section in ("overview", "phrases", "themes", "ranks", "trends", "keyness", "topics"):
        assert f'id="{section}"' in html
    assert html.count("<svg") >= 5  # documents, heatmap, bump chart, trend lines, topic shares
    assert "扫黑除恶" in html and "枫桥经验" in html
    _check_page(tmp_path, out, height=2400)


def test_report_content_matches_the_corpus(tmp_path):
    corpus = Corpus.from_texts(
        ["扫黑除恶专项斗争取得成效。扫黑除恶。" * 5, "坚持发展枫桥经验。" * 5, "平安建设。" * 5],
        years=[2019, 2021, None],
    )
    html = build_report(
        corpus.analysis(cache=False), title="测试", topics=0, trend=["扫黑除恶", "枫桥经验"]
    )
    assert "no document for 2020" in html  # the gap is said
    assert "1 document(s) without a year" in html
    assert "2021 against 2019" in html  # keyness against the previous available year
    # exact counts in the trend table: 扫黑除恶 10 times in 2019 (nested in the longer phrase too)
    assert re.search(r'<td class=num data-v="2019">2019</td><td class=num data-v="10">10</td>'
                     r'<td class=num data-v="0">0</td>', html)  # fmt: skip
    assert "Topics were not asked for" in html


def test_report_writes_atomically_and_reports_errors_cleanly(invoke, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("report", empty, "-o", tmp_path / "r.html")
    assert result.exit_code == 1 and result.stderr.startswith("error:")
    assert not (tmp_path / "r.html").exists()
    assert "Traceback" not in result.output


def test_report_is_reproducible(tmp_path, sample):
    corpus = Corpus.load(sample)
    first = build_report(corpus.analysis(cache=False), topics=3)
    second = build_report(Corpus.load(sample).analysis(cache=False), topics=3)
    assert first == second


def test_corpus_report_method_writes_the_file(tmp_path, sample):
    path = Corpus.load(sample).report(tmp_path / "out" / "r.html", title="示例", cache=False)
    assert path.is_file() and "示例" in path.read_text(encoding="utf-8")


@pytest.mark.shared
@pytest.mark.slow
def test_report_on_the_seed_and_national_reports(invoke, seed, national, tmp_path):
    out = tmp_path / "national.html"
    result = invoke("report", seed, national, "-o", out, "--title", TITLE,
                    "--trend", "扫黑除恶", "--trend", "放管服,新质生产力")  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert _self_contained(html) == []
    assert "2021 against 2019" in html  # the national reports have no 2020
    assert "平安甘肃" in html  # the provincial report keeps its own formulations in the table
    _check_page(tmp_path, out, height=3000)


def test_a_corpus_of_several_regions_gets_a_place_by_place_section():
    provincial = "建设更高水平的平安甘肃。推进平安甘肃建设，深化法治甘肃。\n\n" * 3
    national = "建设更高水平的平安中国。推进平安中国建设，推进法治中国。\n\n" * 3
    corpus = Corpus.from_texts(
        [provincial, national, national], years=[2021, 2021, 2020], regions=["甘肃", "全国", "全国"]
    )
    html = build_report(corpus.analysis(cache=False, builtin_lexicon=False), topics=0)
    section = html[html.index('<section id="places">') :]
    section = section[: section.index("</section>")]
    assert "全国, 甘肃" in section
    # 平安甘肃 beside 平安中国 in 2021, with the exact counts of both sides that year
    row = re.search(
        r"<tr><td[^>]*>2021</td><td>平安甘肃</td><td[^>]*>(\d+)</td><td>平安中国</td><td[^>]*>(\d+)</td>",
        section,
    )
    assert row and row.groups() == ("6", "6")
    assert (
        "甘肃 against the other regions" in section and "全国 against the other regions" in section
    )
    single = build_report(
        Corpus.from_texts([national], years=[2021]).analysis(cache=False), topics=0
    )
    assert 'id="places"' not in single


def test_report_output_onto_a_device_is_refused(invoke, sample):
    result = invoke("report", sample, "-o", "/dev/null", "--topics", "0")
    assert result.exit_code == 1
    assert (
        result.stderr.strip().splitlines()[-1].startswith("error: ")
        and "not a regular file" in result.stderr
    )
