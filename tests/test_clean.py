"""Cleaning: each step on a small hand-made input with a known answer."""

from analyzer.clean import CleaningOptions, clean_text


def test_fullwidth_letters_digits_to_halfwidth_but_not_punctuation():
    text, report = clean_text("２０２１年，ＡＰＰ上线１＋１７＋Ｎ。")
    assert text == "2021年，APP上线1+17+N。"
    assert report.fullwidth == 13


def test_zero_width_removed_and_zero_width_only_lines_vanish():
    text, report = clean_text("国内生产总值达到74.4\n\u200b\n万亿元。扫黑\u200b除恶。")
    assert text == "国内生产总值达到74.4万亿元。扫黑除恶。"
    assert report.zero_width == 2
    assert report.joined_breaks == 1


def test_hard_break_inside_word_is_joined():
    text, report = clean_text("听取和审议了国务院总理所作的\n政府工作报\n告\n。会议认为。")
    assert text == "听取和审议了国务院总理所作的政府工作报告。会议认为。"
    assert report.joined_breaks == 3


def test_sentence_end_and_headings_are_not_joined():
    raw = (
        "一、总体要求\n2021年全省工作要紧紧围绕中心任务展开部署，推动各项工作落实。\n第二段开始了。"
    )
    text, _ = clean_text(raw)
    assert text.split("\n\n") == [
        "一、总体要求",
        "2021年全省工作要紧紧围绕中心任务展开部署，推动各项工作落实。",
        "第二段开始了。",
    ]


def test_blank_line_runs_collapse_to_one_and_are_counted():
    text, report = clean_text("第一段。\n \n\u00a0\n\n第二段。\n\n\n")
    assert text == "第一段。\n\n第二段。"
    assert report.blank_lines == 5  # two between the paragraphs, three at the end


def test_web_chrome_and_footer_removed_and_kept_in_report():
    raw = (
        "首页主图\n当前位置：主页 > 要闻 >\n时间： 2021-01-25 15:57\n图片\n"
        "2021年全省政法工作会议召开。\n\n会议强调，要建设更高水平的平安中国。\n\n"
        "来源：某某网\n(责任编辑；张三)\n• 版权所有：某某委员会 陇ICP备00000000号-1 甘公网安备 00000000000000号\n"
        "• 地址：某市某路1号 服务电话：0000-0000000 网站邮箱：someone@example.org"
    )
    text, report = clean_text(raw)
    assert text == "2021年全省政法工作会议召开。\n\n会议强调，要建设更高水平的平安中国。"
    kinds = [r.kind for r in report.removed]
    assert kinds == ["chrome"] * 4 + ["footer"] * 4
    assert report.removed[1].text == "当前位置：主页 > 要闻 >"
    assert "chrome 4 lines" in report.summary() and "footer 4 lines" in report.summary()


def test_source_line_in_the_body_is_not_footer():
    body = "\n\n".join(f"第{i}段内容，继续推进各项工作落实落细。" for i in range(30))
    raw = "来源：这不是页脚，而是正文第一句话的开头部分。\n\n" + body
    text, report = clean_text(raw)
    assert text.startswith("来源：这不是页脚")
    assert report.removed == []


def test_wikisource_licence_footer_removed():
    raw = (
        "各位代表：\n\n报告正文。\n\n\n\n本作品是中华人民共和国的\n法律\n、\n法规\n，根据《\n"
        "中华人民共和国著作权法\n》第五条第一项，本作品不适用于该法，属于\n公有领域\n。\n\nPublic domain\nfalse"
    )
    text, report = clean_text(raw)
    assert text == "各位代表：\n\n报告正文。"
    assert report.removed_lines("licence") == 1
    assert report.removed[0].text.startswith("本作品是中华人民共和国的")
    assert report.removed_chars("licence") > 50


def test_traditional_converted_when_detected_only():
    text, report = clean_text(
        "我們第一屆全國人民代表大會第一次會議，在聽了關於憲法草案的報告以後。"
    )
    assert text == "我们第一届全国人民代表大会第一次会议，在听了关于宪法草案的报告以后。"
    assert report.traditional > 10
    simplified = "我们第一届全国人民代表大会第一次会议，在听了关于宪法草案的报告以后。"
    assert clean_text(simplified) == (simplified, clean_text(simplified)[1])
    assert clean_text(simplified)[1].traditional == 0


def test_raw_options_leave_text_untouched():
    raw = "当前位置：首页\n\u200b扫黑\n除恶"
    text, report = clean_text(raw, CleaningOptions.raw())
    assert text == raw
    assert report.summary() == "nothing"


def test_counts_add_up():
    raw = "２０２０年\u200b全省\n政法工作。\n\n\n\n来源：某网"
    text, report = clean_text(raw)
    assert report.chars_before == len(raw)
    assert report.chars_after == len(text)
    assert text == "2020年全省政法工作。"
