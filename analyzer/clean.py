"""Cleaning of web and scan dirt, with a record of everything removed.

Official reports reach researchers as web pages, Wikisource dumps and scans. Before anything is
counted the text must lose its navigation breadcrumbs, page footers and licence notices, and
regain the sentences that hard line breaks cut in two, or every later count is wrong. Cleaning
never removes text silently: each change is counted in a :class:`CleaningReport`, and removed
lines are kept verbatim so that ``analyzer info`` can show them.

Before any step, and even with every step off (``--raw``), lone surrogates (``\\ud800``: half
of a UTF-16 pair, which JSON text may hold and no output can encode) become U+FFFD and are
counted (``surrogates``). The steps, in order (each can be switched off in
:class:`CleaningOptions`):

1. line breaks normalised (``\\r\\n``, ``\\r``, U+2028/2029 become ``\\n``);
2. zero-width characters removed (U+200B-U+200D, U+2060, U+FEFF);
3. full-width ASCII letters and digits (and the symbols ＋ ％ found in formulas and figures)
   made half-width; Chinese punctuation is left alone;
4. traditional characters converted to simplified (OpenCC ``t2s``) when a sample of the text
   shows the document is written in traditional characters;
5. licence footers removed (the Wikisource public-domain notice and its kin);
6. web chrome removed: breadcrumbs and page metadata at the top, footers (来源, 责任编辑,
   版权所有, ICP备, 公网安备, address, phone and e-mail lines) at the bottom, and lines that are
   only a page control (打印, 关闭窗口, 图片 …);
7. hard line breaks inside a sentence joined: a line that does not end a sentence, followed by a
   line that starts with a CJK character, a CJK continuing punctuation mark or a letter or digit
   (``PM\\n2.5``); numbered headings and short titles above body text are left alone;
8. blank lines collapsed, so that paragraphs are separated by exactly one empty line.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

__all__ = [
    "CleaningOptions",
    "CleaningReport",
    "Removal",
    "clean_text",
    "normalize_width",
    "replace_surrogates",
]

CLEANER_VERSION = "2"

_SURROGATE_RE = re.compile("[\ud800-\udfff]")

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
_ZERO_WIDTH_LINE_RE = re.compile(f"\n[ \t{ZERO_WIDTH}]*[{ZERO_WIDTH}][ \t{ZERO_WIDTH}]*(?=\n)")
_FULLWIDTH_CHARS = (
    [chr(c) for c in range(0xFF10, 0xFF1A)]
    + [chr(c) for c in range(0xFF21, 0xFF3B)]
    + [chr(c) for c in range(0xFF41, 0xFF5B)]
    + ["＋", "％"]
)
_FULLWIDTH_RE = re.compile("[" + "".join(_FULLWIDTH_CHARS) + "]")

# Characters stripped from both ends of every line: ASCII space and tab, no-break space,
# ideographic space and the other Unicode spaces that web pages use for indentation.
_LINE_SPACE = " \t\u00a0\u3000\u2002\u2003\u2009\u200a\u202f\u205f\x0b\x0c"
_BULLETS = "•·●○■□◆◇▲△★☆▪▫-–—*>|"

SENTENCE_FINAL = set("。！？；…!?;：:")
_CLOSERS = "”’」』）)》〉】]\"'"
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_OPENERS = set("《“‘「『（(【〈")
_CONTINUING_PUNCT = set("，。、；：？！）》」』”’%")
_HEADING_RE = re.compile(
    r"^(第[一二三四五六七八九十百零〇\d]+[章节条部分篇编]|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[●○■□◆◇▲△★☆•·—])"
)

_LICENCE_START_RE = re.compile(r"本作品(?:是|来自|在|属于|依据|根据|由|采用|已)")
_LICENCE_MARKERS = (
    "公有领域",
    "Public domain",
    "public domain",
    "著作权法",
    "许可协议",
    "知识共享",
)
_LICENCE_WINDOW = 4000

_HEADER_LINES = 12
_FOOTER_LINES = 12
_MAX_CHROME_LINE = 120

_BREADCRUMB_RE = re.compile(
    r"(当前位置|您的位置|你的位置|您所在的位置|所在位置|当前的位置)"
    r"|^(首页|主页|网站首页)\s*[>＞»›/|]"
    r"|[>＞»›]\s*(正文|详情|首页|主页)\s*[>＞»›]?\s*$"
)
_NAV_WORD_RE = re.compile(r"首页|主页")
_PAGE_META_RE = re.compile(
    r"^(发布|更新|发表)?(时间|日期)\s*[:：]|^(浏览|点击|阅读)(次数|量)?\s*[:：]|^字号\s*[:：]"
)
_CONTROL_LINE_RE = re.compile(
    r"^[【\[]?(图片|视频|打印|打印本页|打印此页|关闭|关闭窗口|关闭本页|分享|分享到|收藏|返回顶部|"
    r"返回|上一篇|下一篇|扫一扫|字号[:：]?\s*[大中小\s]*|[大中小](\s*[大中小]){2})[】\]]?$"
)
_FOOTER_START_RE = re.compile(
    r"^[（(]?\s*(来源|稿源|信息来源|文章来源|新闻来源|责任编辑|编辑|责编|审核|审校|校对|供稿|"
    r"撰稿|摄影|作者|通讯员|记者)\s*[:：;；]"
)
_FOOTER_ANYWHERE_RE = re.compile(
    r"版权所有|Copyright|©|ICP备|ICP证|公网安备|网站标识码|技术支持[:：]|主办单位[:：]|承办单位[:：]"
    r"|^(联系我们|网站地图|关于我们|网站声明|隐私政策)"
    r"|^(通讯)?地址\s*[:：]|^.{0,6}电话\s*[:：]|^传真\s*[:：]|^邮编\s*[:：]|^(电子|网站)?邮箱\s*[:：]"
    r"|^e-?mail\s*[:：]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CleaningOptions:
    """Which cleaning steps run. ``CleaningOptions.raw()`` switches them all off.

    Example:
        >>> CleaningOptions().traditional
        True
        >>> CleaningOptions.raw().enabled
        False
    """

    zero_width: bool = True
    fullwidth: bool = True
    traditional: bool = True
    licence: bool = True
    chrome: bool = True
    join_lines: bool = True
    collapse_blank: bool = True

    @classmethod
    def raw(cls) -> CleaningOptions:
        """Options that leave the text exactly as decoded."""
        return cls(**{name: False for name in cls.__dataclass_fields__})

    @property
    def enabled(self) -> bool:
        """True when at least one step runs."""
        return any(asdict(self).values())

    def fingerprint(self) -> str:
        """A short string that changes whenever the cleaned output could change."""
        flags = "".join("1" if v else "0" for v in asdict(self).values())
        return f"clean{CLEANER_VERSION}-{flags}"


@dataclass(frozen=True)
class Removal:
    """A piece of text removed by cleaning: ``kind`` is chrome, footer or licence."""

    kind: str
    text: str


@dataclass
class CleaningReport:
    """What cleaning changed in one document, so that nothing disappears unseen.

    Attributes:
        chars_before: length of the decoded text.
        chars_after: length of the cleaned text.
        zero_width: zero-width characters removed.
        fullwidth: full-width letters, digits and symbols made half-width.
        traditional: characters changed by the traditional-to-simplified conversion (0 when the
            document was not converted).
        joined_breaks: hard line breaks joined inside sentences.
        blank_lines: blank lines dropped when runs of them were collapsed.
        surrogates: lone surrogates replaced by U+FFFD (in the text and, for tabular rows, in
            its title and fields).
        removed: removed chrome, footer and licence text, verbatim.
    """

    chars_before: int = 0
    chars_after: int = 0
    zero_width: int = 0
    fullwidth: int = 0
    traditional: int = 0
    joined_breaks: int = 0
    blank_lines: int = 0
    surrogates: int = 0
    removed: list[Removal] = field(default_factory=list)

    def removed_chars(self, kind: str | None = None) -> int:
        """Characters removed as chrome, footer or licence (all kinds when ``kind`` is None)."""
        return sum(len(r.text) for r in self.removed if kind is None or r.kind == kind)

    def removed_lines(self, kind: str) -> int:
        """Number of removed pieces of one kind."""
        return sum(1 for r in self.removed if r.kind == kind)

    def summary(self) -> str:
        """A one-line human summary such as ``licence 412 chars, 17 breaks joined``."""
        parts = []
        for kind in ("chrome", "footer"):
            n = self.removed_lines(kind)
            if n:
                parts.append(f"{kind} {_plural(n, 'line')}")
        if self.removed_lines("licence"):
            parts.append(f"licence {self.removed_chars('licence')} chars")
        if self.traditional:
            parts.append(f"traditional→simplified {self.traditional} chars")
        if self.zero_width:
            parts.append(f"{self.zero_width} zero-width")
        if self.fullwidth:
            parts.append(f"{self.fullwidth} full-width")
        if self.joined_breaks:
            parts.append(f"{_plural(self.joined_breaks, 'break')} joined")
        if self.blank_lines:
            parts.append(_plural(self.blank_lines, "blank line"))
        if self.surrogates:
            parts.append(f"{_plural(self.surrogates, 'lone surrogate')} replaced")
        return ", ".join(parts) or "nothing"

    def to_dict(self) -> dict:
        """A JSON-ready dictionary (removed pieces as ``{"kind", "text"}``)."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["removed"] = [{"kind": r.kind, "text": r.text} for r in self.removed]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> CleaningReport:
        """Inverse of :meth:`to_dict`."""
        data = dict(data)
        data["removed"] = [Removal(**r) for r in data.get("removed", [])]
        return cls(**data)


def replace_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates replaced by U+FFFD, and how many there were.

    >>> replace_surrogates("扫黑\\ud800除恶")
    ('扫黑\ufffd除恶', 1)
    """
    return _SURROGATE_RE.subn("\ufffd", text)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def clean_text(text: str, options: CleaningOptions | None = None) -> tuple[str, CleaningReport]:
    """Clean one document and report what changed.

    Args:
        text: the decoded text of one document.
        options: which steps run; all of them by default.

    Returns:
        The cleaned text (paragraphs separated by one empty line) and its report.

    Example:
        >>> cleaned, report = clean_text("当前位置：首页 > 要闻\\n\\n深入开展扫黑除恶专项\\n斗争。\\n\\n来源：某网")
        >>> cleaned
        '深入开展扫黑除恶专项斗争。'
        >>> report.joined_breaks, [r.kind for r in report.removed]
        (1, ['chrome', 'footer'])
    """
    options = options or CleaningOptions()
    report = CleaningReport(chars_before=len(text))
    text, report.surrogates = replace_surrogates(text)
    if not options.enabled:
        report.chars_after = len(text)
        return text, report

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n")
    if options.zero_width:
        report.zero_width = sum(text.count(c) for c in ZERO_WIDTH)
        if report.zero_width:
            # A line holding only zero-width characters is an artefact, not a paragraph break.
            text = _ZERO_WIDTH_RE.sub("", _ZERO_WIDTH_LINE_RE.sub("", text))
    if options.fullwidth:
        text, report.fullwidth = _FULLWIDTH_RE.subn(_halfwidth, text)
    if options.traditional:
        text, report.traditional = _to_simplified(text)
    if options.licence:
        text = _remove_licence(text, report)

    lines = [line.strip(_LINE_SPACE) for line in text.split("\n")]
    if options.chrome:
        lines = _remove_chrome(lines, report)
    if options.join_lines:
        lines = _join_broken_lines(lines, report)
    text = _collapse_blank_lines(lines, report) if options.collapse_blank else "\n".join(lines)
    report.chars_after = len(text)
    return text, report


def _halfwidth(match: re.Match) -> str:
    return chr(ord(match.group()) - 0xFEE0)


def normalize_width(text: str) -> str:
    """Full-width letters, digits, ＋ and ％ made half-width; nothing else changes.

    >>> normalize_width("２０２０年ＡＰＰ")
    '2020年APP'
    """
    return _FULLWIDTH_RE.sub(_halfwidth, text)


@lru_cache(maxsize=1)
def _t2s_converter():
    import opencc

    return opencc.OpenCC("t2s")


_SAMPLE_CHARS = 3000
_TRADITIONAL_SHARE = 0.03
_TRADITIONAL_MIN = 5


def _to_simplified(text: str) -> tuple[str, int]:
    """Convert to simplified characters when a sample says the text is traditional.

    The decision is made on a sample (the first few thousand characters) so that a simplified
    report quoting one traditional name is left alone; the whole text is then converted.
    """
    sample = text[:_SAMPLE_CHARS]
    converter = _t2s_converter()
    converted = converter.convert(sample)
    if converted == sample:
        return text, 0
    changed = _count_changed(sample, converted)
    cjk = len(_CJK_RE.findall(sample))
    if changed < _TRADITIONAL_MIN or changed / max(cjk, 1) < _TRADITIONAL_SHARE:
        return text, 0
    converted = converter.convert(text)
    return converted, _count_changed(text, converted)


def _count_changed(before: str, after: str) -> int:
    differing = sum(map(str.__ne__, before, after))
    return differing + abs(len(before) - len(after))


def _remove_licence(text: str, report: CleaningReport) -> str:
    """Cut a licence notice (such as Wikisource's public-domain footer) off the end."""
    tail_start = max(0, len(text) - _LICENCE_WINDOW)
    for match in _LICENCE_START_RE.finditer(text, tail_start):
        rest = text[match.start() :]
        if any(marker in rest for marker in _LICENCE_MARKERS):
            report.removed.append(Removal("licence", rest.strip()))
            return text[: match.start()]
    return text


def _strip_bullets(line: str) -> str:
    return line.lstrip(_BULLETS + _LINE_SPACE)


def _is_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS)[-1:] in SENTENCE_FINAL


def _remove_chrome(lines: list[str], report: CleaningReport) -> list[str]:
    """Drop breadcrumbs and page metadata at the top, footers at the bottom, page controls."""
    content = [i for i, line in enumerate(lines) if line]
    header = set(content[:_HEADER_LINES])
    footer = set(content[-_FOOTER_LINES:])
    kept = []
    for i, line in enumerate(lines):
        kind = None
        if line and len(line) <= _MAX_CHROME_LINE:
            bare = _strip_bullets(line)
            if _CONTROL_LINE_RE.match(bare) or (
                i in header and not _is_sentence(line) and _is_header_chrome(bare)
            ):
                kind = "chrome"
            elif i in footer and _is_footer(bare):
                kind = "footer"
        if kind:
            report.removed.append(Removal(kind, line))
        else:
            kept.append(line)
    return kept


def _is_header_chrome(bare: str) -> bool:
    if _BREADCRUMB_RE.search(bare) or _PAGE_META_RE.match(bare):
        return True
    # A short navigation label such as 首页主图 or 网站首页.
    return len(bare) <= 12 and bool(_NAV_WORD_RE.search(bare))


def _is_footer(bare: str) -> bool:
    if _FOOTER_START_RE.match(bare) and len(bare) <= 60:
        return True
    return bool(_FOOTER_ANYWHERE_RE.search(bare))


def _is_heading(line: str) -> bool:
    """A short numbered or bulleted line with no full stop inside it."""
    return len(line) <= 30 and bool(_HEADING_RE.match(line)) and not re.search("[。！？]", line)


def _join_broken_lines(lines: list[str], report: CleaningReport) -> list[str]:
    """Join lines that a hard break cut inside a sentence."""
    out: list[str] = []
    starts_paragraph = True
    for line in lines:
        if not line:
            out.append(line)
            starts_paragraph = True
            continue
        if out and out[-1] and _continues(out[-1], line, starts_paragraph):
            out[-1] += line
            report.joined_breaks += 1
            starts_paragraph = False
            continue
        starts_paragraph = not out or not out[-1]
        out.append(line)
    return out


def _continues(previous: str, line: str, previous_starts_paragraph: bool) -> bool:
    if previous[-1] in _OPENERS:
        return True
    if _is_sentence(previous) or not _CJK_RE.search(previous):
        return False
    first = line[0]
    if not (_CJK_RE.match(first) or first in _CONTINUING_PUNCT or _is_ascii_alnum(first)):
        return False
    if previous_starts_paragraph and _is_heading(previous):
        return False
    # A short unpunctuated line opening a paragraph is a title when body text follows it.
    return not (previous_starts_paragraph and _is_title_like(previous) and len(line) > 30)


def _is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _is_title_like(line: str) -> bool:
    """A short line with no punctuation at all, alone at the start of a paragraph."""
    return len(line) <= 30 and not re.search(r"[，、。；：,;:]", line)


def _collapse_blank_lines(lines: list[str], report: CleaningReport) -> str:
    paragraphs: list[str] = []
    blank_run = 0
    for line in lines:
        if line:
            if paragraphs and blank_run > 1:
                report.blank_lines += blank_run - 1
            elif not paragraphs:
                report.blank_lines += blank_run
            paragraphs.append(line)
            blank_run = 0
        else:
            blank_run += 1
    if paragraphs:
        report.blank_lines += blank_run
    return "\n\n".join(paragraphs)
