"""Years, regions and titles read off file names, titles and the opening lines of a report.

Policy analysis is by year and by place, so every document needs both where they can be found.
The rules are explicit and documented (see :func:`year_from_filename`, :func:`year_from_title`,
:func:`year_from_text`, :func:`region_from`) so that a researcher can predict which year a
document will get, and ``analyzer info`` says where each year came from.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import PurePath

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "PROVINCES",
    "parse_year",
    "region_from",
    "title_from_text",
    "year_from_filename",
    "year_from_text",
    "year_from_title",
]

#: Years analyzer accepts: 1800-2100, so that historical corpora (Party congresses since
#: 1921, documents of the Republican era, the late Qing) keep their first years.
MIN_YEAR = 1800
MAX_YEAR = 2100

_YEAR = r"(1[89]\d\d|20\d\d|2100)"  # 1800-2100
_YEAR_IN_NAME_RE = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_YEAR_WORD_RE = re.compile(rf"(?<!\d){_YEAR}\s*年")
_DATE_RE = re.compile(
    rf"(?<!\d){_YEAR}\s*(?:年\s*\d{{1,2}}\s*月|[-/.]\s*\d{{1,2}}\s*[-/.]\s*\d{{1,2}}(?!\d))"
)
_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_YEAR_RE = re.compile("([〇○零Ｏ一二三四五六七八九]{4})年")
_CN_DATE_RE = re.compile("([〇○零Ｏ一二三四五六七八九]{4})年[一二三四五六七八九十]{1,2}月")

#: Provincial-level divisions of the PRC: Chinese short name and pinyin spellings seen in file
#: names. A fact table used to attach a region to a document.
PROVINCES: dict[str, tuple[str, ...]] = {
    "北京": ("beijing",),
    "天津": ("tianjin",),
    "河北": ("hebei",),
    "山西": ("shanxi",),
    "内蒙古": ("neimenggu", "neimongol", "innermongolia"),
    "辽宁": ("liaoning",),
    "吉林": ("jilin",),
    "黑龙江": ("heilongjiang",),
    "上海": ("shanghai",),
    "江苏": ("jiangsu",),
    "浙江": ("zhejiang",),
    "安徽": ("anhui",),
    "福建": ("fujian",),
    "江西": ("jiangxi",),
    "山东": ("shandong",),
    "河南": ("henan",),
    "湖北": ("hubei",),
    "湖南": ("hunan",),
    "广东": ("guangdong",),
    "广西": ("guangxi",),
    "海南": ("hainan",),
    "重庆": ("chongqing",),
    "四川": ("sichuan",),
    "贵州": ("guizhou",),
    "云南": ("yunnan",),
    "西藏": ("xizang", "tibet"),
    "陕西": ("shaanxi",),
    "甘肃": ("gansu",),
    "青海": ("qinghai",),
    "宁夏": ("ningxia",),
    "新疆": ("xinjiang",),
    "香港": ("hongkong",),
    "澳门": ("macau", "macao"),
    "台湾": ("taiwan",),
}
NATIONAL = "全国"
_NATIONAL_WORDS = ("national", "全国", "国务院", "中央", "全国人民代表大会", "中华人民共和国")
_PINYIN = {p: name for name, spellings in PROVINCES.items() for p in spellings}
_TITLE_REGION_RE = re.compile(
    r"^(?:\s*(?:19|20)\d\d\s*年\s*[,，、]?)?([\u4e00-\u9fff]{2,3}?)(?:省|自治区|市)(?:委|政府|人民|人大|政法|高级|党委|两会)"
)
_NOT_A_PLACE = set("全我本各该外跨分")


def parse_year(value: object) -> int | None:
    """A year between 1800 and 2100 from a field value (2021, "2021", "2021-03-05", "2021年",
    a date or datetime such as an Excel date cell).

    Negative numbers, infinities and numbers outside the range are not years.

    >>> parse_year("2021-03-05"), parse_year(2019.0), parse_year("二〇二一年"), parse_year(None)
    (2021, 2019, 2021, None)
    >>> parse_year(1921), parse_year("1945年8月"), parse_year("一九二一年"), parse_year(1799)
    (1921, 1945, 1921, None)
    >>> parse_year("-2021"), parse_year(float("inf")), parse_year(10**400), parse_year(True)
    (None, None, None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (dt.date, dt.datetime)) or _is_timestamp(value):
        return _valid(value.year)
    if isinstance(value, int):
        return _valid(value)
    if isinstance(value, float):
        return _valid(int(value)) if math.isfinite(value) and value.is_integer() else None
    text = str(value).strip()
    if text[:1] in _MINUS:
        return None
    match = _YEAR_IN_NAME_RE.search(text)
    if match:
        return _valid(int(match.group(1)))
    match = _CN_YEAR_RE.search(text)
    return _cn_year(match.group(1)) if match else None


_MINUS = {"-", "−", "－"}


def _is_timestamp(value: object) -> bool:
    """pandas and NumPy timestamps: anything with an integer ``year`` and a ``month``."""
    return isinstance(getattr(value, "year", None), int) and hasattr(value, "month")


def _valid(year: int) -> int | None:
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _cn_year(digits: str) -> int | None:
    year = int("".join(str(_CN_DIGITS[c]) for c in digits))
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def year_from_filename(path: str | PurePath) -> int | None:
    """The year in a file name, when the name holds exactly one 4-digit year (1800-2100).

    >>> year_from_filename("reports/2021-gansu-zhengfa.txt"), year_from_filename("1954-2025.csv")
    (2021, None)
    """
    years = {int(m.group(1)) for m in _YEAR_IN_NAME_RE.finditer(PurePath(path).name)}
    years = {y for y in years if MIN_YEAR <= y <= MAX_YEAR}
    return years.pop() if len(years) == 1 else None


def year_from_title(title: str | None) -> int | None:
    """The first year written in a title (``2025年…报告``), as digits or Chinese numerals.

    >>> year_from_title("2025年国务院政府工作报告"), year_from_title("关于政府工作报告的决议")
    (2025, None)
    >>> year_from_title("中国共产党第一次全国代表大会宣言（一九二一年七月）")
    1921
    """
    if not title:
        return None
    match = _DATE_RE.search(title) or _YEAR_WORD_RE.search(title)
    if match:
        return _valid(int(match.group(1)))
    match = _CN_YEAR_RE.search(title)
    return _cn_year(match.group(1)) if match else None


def year_from_text(text: str, *, lines: int = 5, chars: int = 400) -> int | None:
    """The year of the first date (year with month, or a full date) in the opening lines.

    A bare ``2020年`` in the body is usually the year under review, not the date of the report,
    so only a date with at least a month counts here.

    >>> year_from_text("时间：2021-01-25 15:57\\n\\n2020年，是极不平凡的一年。")
    2021
    >>> year_from_text("2020年，是极不平凡的一年。") is None
    True
    """
    head = "\n".join([line for line in text[: chars * 4].split("\n") if line.strip()][:lines])
    head = head[:chars]
    match = _DATE_RE.search(head)
    if match:
        return _valid(int(match.group(1)))
    match = _CN_DATE_RE.search(head)
    return _cn_year(match.group(1)) if match else None


def title_from_text(text: str, *, max_chars: int = 80) -> str | None:
    """The first non-empty line when it is short enough to be a title."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= max_chars else None
    return None


def region_from(*, path: str | PurePath | None = None, title: str | None = None) -> str | None:
    """The region a report belongs to: a province, ``全国`` for national documents, or None.

    Looks first for a province or a national marker in the title, then in the file path
    (Chinese names or pinyin such as ``gansu``).

    >>> region_from(path="seed/2021-gansu-zhengfa.txt"), region_from(title="2021年东岚省委政法工作会议")
    ('甘肃', '东岚')
    >>> region_from(title="2024年中华人民共和国国务院政府工作报告")
    '全国'
    """
    if title:
        match = _TITLE_REGION_RE.match(title)
        if match and not set(match.group(1)) & _NOT_A_PLACE:
            return match.group(1)
        head = title[:12]
        for name in PROVINCES:
            if name in head:
                return name
        if any(word in title for word in _NATIONAL_WORDS[1:]):
            return NATIONAL
    if path is not None:
        for part in reversed(PurePath(path).parts):
            lowered = part.lower()
            for name in PROVINCES:
                if name in part:
                    return name
            for token in re.split(r"[^a-z]+", lowered):
                if token in _PINYIN:
                    return _PINYIN[token]
            if any(word in lowered for word in _NATIONAL_WORDS[:2]):
                return NATIONAL
    return None
