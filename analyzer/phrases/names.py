"""People and titles: repeated strings that are not formulations, or are formulations of a kind.

Reports name people constantly (毛主席, 周总理说, 邓小平同志, 江泽民主席, 勃列日涅夫) and cite
laws, treaties, books, newspapers and documents (建筑法, 不扩散核武器条约, 列宁全集,
中国共产党政法工作条例). A person is not a formulation: such rows leave the phrase table unless
asked for (``PhraseDiscoverer(names=True)``, kind ``name``); a title may stand, with kind
``title``. A doctrine named after a person (毛泽东思想, 邓小平理论, 习近平强军思想) is a
formulation, not a person: it holds more than a name and its titles.

The rules are generic and use jieba's dictionary:

* a *person* is a name, possibly preceded by a title and followed by honorifics and a speech
  verb (国务院总理李克强, 邓小平同志, 周总理说). The name is a surname alone before an
  honorific (毛 of 毛主席); or a word of jieba's list of personal names (``nrfg``: 习近平); or
  a word of two or three characters that starts with a surname and that jieba tags as a person
  (``nr``, ``nrt``); or a transliterated name of four
  characters or more (jieba's ``nrt``: 列日涅夫 of 勃/列日涅夫). jieba's tags are loose (文明
  and 高水平 are ``nr``, 南斯拉夫 and 努力提高 ``nrt``), so a name without a title in the
  phrase (other than an ``nrfg`` word) must also stand in a person's company in the corpus
  at least :data:`MIN_TITLED` times: before an honorific, 说 or 指出, or after an office
  (江泽民同志 and 江泽民主席 make 江泽民 a person; no report writes 文明同志);
* a *title* ends with a document word (法, 条例, 条约, 协定, 纲要, 全集, 日报, 决议 …, a
  law's name such as 自治法 or 许可法, not 方法 or 执法), follows the 关于…的决定 or 告…书
  pattern, or is set in book-title marks 《》 in the corpus.

The surnames are the common Chinese surnames (the most frequent of the 百家姓, public knowledge,
not a list of people).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from ..index import TextIndex

__all__ = [
    "DOCUMENT_WORDS",
    "HONORIFICS",
    "SPEECH_VERBS",
    "SURNAMES",
    "is_title",
    "people",
    "person_parts",
    "titled_counts",
    "unsure_names",
]

#: Common Chinese single-character surnames.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘"
    "祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟"
    "艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞"
    "姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
#: Honorifics and offices written after (or before) a name.
HONORIFICS = (
    "同志", "主席", "副主席", "总理", "副总理", "总书记", "书记", "委员长", "先生", "女士",
    "元帅", "将军", "总统", "副总统", "首相", "总司令", "国王", "亲王", "女王", "大使", "部长",
    "主任", "院长", "夫人", "博士", "教授",
)  # fmt: skip
#: Verbs that follow a speaker: 周总理说, 邓小平同志指出.
SPEECH_VERBS = ("说", "指出", "强调", "讲", "说过", "曾说", "认为", "号召", "宣布", "提出", "指示",
                "教导", "要求")  # fmt: skip
#: Words that end the title of a law, treaty, book, newspaper or document.
DOCUMENT_WORDS = frozenset(
    ["法", "条例", "条约", "公约", "协定", "协议", "宪章", "宣言", "全集", "选集", "文集", "文选",
     "纲要", "决议", "白皮书", "议定书", "备忘录", "章程", "法典", "日报", "晚报", "公报",
     "联合公报", "联合声明", "宪法", "基本法", "草案"]
)  # fmt: skip
_DOCUMENT_ENDINGS = tuple(word for word in DOCUMENT_WORDS if len(word) >= 2)
#: The last characters a title can have (of a document word, 决定, 决议, 意见, 通知, 报告, 书).
_LAST_CHARS = frozenset(w[-1] for w in DOCUMENT_WORDS) | frozenset("定议见知告书")
#: Words ending in 法 that are no law (方法, 执法, 依法 …).
_NOT_LAWS = ("方法", "办法", "做法", "想法", "看法", "说法", "手法", "立法", "执法", "司法", "依法",
             "守法", "违法", "合法", "非法", "减法", "语法", "算法", "疗法", "用法", "写法", "技法",
             "普法", "变法", "无法", "设法", "效法", "战法", "打法", "章法")  # fmt: skip
#: Times a word must stand before an honorific or a speech verb to count as a person's name.
MIN_TITLED = 2
_PERSON_TAGS = ("nr", "nrfg", "nrt")

Tagger = Callable[[str], list[tuple[str, str]]]


def _longest_first(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


_SPEECH = _longest_first(SPEECH_VERBS)
_HONORIFICS = _longest_first(HONORIFICS)
#: An office before a name of two or three characters: 国务院总理李克强.
_OFFICE_BEFORE = re.compile("(?:" + "|".join(_HONORIFICS) + ")([\u4e00-\u9fff]{2,3})$")


def _strip_titles(phrase: str) -> tuple[str, bool]:
    """The phrase without a trailing speech verb and the titles around the name, and whether
    it carried a title (or a speech verb)."""
    core = phrase
    titled = False
    if core.endswith(_SPEECH):
        verb = next(v for v in _SPEECH if core.endswith(v))
        if len(core) > len(verb):
            core, titled = core[: -len(verb)], True
    while core.endswith(_HONORIFICS):
        title = next(t for t in _HONORIFICS if core.endswith(t))
        if len(core) == len(title):
            break
        core, titled = core[: -len(title)], True
    office = _OFFICE_BEFORE.search(core)
    if office:
        core, titled = office.group(1), True
    return core, titled


def person_parts(phrases: Sequence[str], tag: Tagger) -> list[tuple[str, bool, bool] | None]:
    """For each phrase that has the shape of a person (a name, its titles, a speech verb):
    ``(name, titled, sure)``; None for the others.

    ``sure`` is False when the name needs the corpus' evidence (see :data:`MIN_TITLED`): a
    bare word that jieba tags as a person without a title in the phrase.

    >>> from analyzer.phrases.discover import _tagger
    >>> person_parts(["毛主席", "邓小平同志", "周总理说", "毛泽东思想", "勃列日涅夫", "江泽民", "文明"], _tagger())
    [('毛', True, True), ('邓小平', True, True), ('周', True, True), None, ('勃列日涅夫', False, False), ('江泽民', False, False), ('文明', False, False)]
    """
    found: list[tuple[str, bool, bool] | None] = []
    for phrase in phrases:
        core, titled = _strip_titles(phrase) if len(phrase) <= _LONGEST else ("", False)
        # Without a title, only a transliterated name is longer than three characters.
        plausible = core and (titled or len(core) <= 3 or any(t == "nrt" for _, t in tag(core)))
        found.append(_person(core, titled, tag) if plausible else None)
    return found


#: The longest phrase that can be a person: an office, a name and a speech verb.
_LONGEST = 10


def _person(core: str, titled: bool, tag: Tagger) -> tuple[str, bool, bool] | None:
    if not core or not all("\u4e00" <= c <= "\u9fff" for c in core):
        return None
    if titled and core in HONORIFICS:
        return core, True, True  # an office standing for its holder: 主席说, 总理指出
    if len(core) == 1:
        return (core, True, True) if titled and core in SURNAMES else None
    tagged = tag(core)
    if len(tagged) == 1 and tagged[0][1] == "nrfg":
        return core, titled, True  # jieba's list of personal names (习近平)
    if len(core) <= 3 and core[0] in SURNAMES:
        if len(tagged) == 1 and tagged[0][1] in _PERSON_TAGS:
            return core, titled, titled
        if titled and all(len(w) == 1 for w, _ in tagged):
            return core, True, True  # a name jieba does not know, cut into characters
        return None
    # A transliterated name (勃/列日涅夫); jieba tags countries (南斯拉夫) and more that way
    # too, so without a title it needs the corpus' evidence.
    transliterated = [w for w, t in tagged if t == "nrt"]
    if (
        len(core) >= 4
        and transliterated
        and all(t == "nrt" or len(w) == 1 for w, t in tagged)
        and sum(map(len, transliterated)) >= len(core) - 1
    ):
        return core, titled, titled
    return None


#: The words whose company makes a word a name: honorifics after or before it, 说 and 指出
#: after it (weaker speech verbs such as 要求 follow any noun).
_NAME_COMPANY = ("说", "指出")


def titled_counts(index: TextIndex, names: Iterable[str]) -> dict[str, int]:
    """How often each name stands in a person's company in the corpus: directly before an
    honorific, 说 or 指出 (江泽民同志, 周总理说), or directly after an office (总理李克强).

    >>> titled_counts(TextIndex(["江泽民同志指出，江泽民主席说，文明建设"]), ["江泽民", "文明"])
    {'文明': 0, '江泽民': 2}
    """
    names = sorted(set(names))
    if not names:
        return {}
    ids, starts = index.hits(names)
    ends = starts + np.array([len(n) for n in names], dtype=np.int64)[ids]
    company = np.zeros(len(ids), dtype=bool)
    size = len(index)
    for positions, words, after in ((ends, (*HONORIFICS, *_NAME_COMPANY), True),
                                    (starts, HONORIFICS, False)):  # fmt: skip
        for n in sorted({len(w) for w in words}):
            wanted = index.hashes_of([w for w in words if len(w) == n])
            at = positions if after else positions - n
            fits = (at >= 0) & (at + n <= size)
            company[fits] |= np.isin(index.hash_at(at[fits], n), wanted)
    counts = np.bincount(ids[company], minlength=len(names))
    return dict(zip(names, counts.tolist(), strict=True))


def unsure_names(strings: Iterable[str], tag: Tagger) -> set[str]:
    """The names of the person-shaped strings that need the corpus' evidence (see
    :func:`person_parts`): those whose company :func:`titled_counts` must count.

    >>> from analyzer.phrases.discover import _tagger
    >>> sorted(unsure_names(["江泽民", "毛主席", "文明"], _tagger()))
    ['文明', '江泽民']
    """
    parts = person_parts(list(dict.fromkeys(strings)), tag)
    return {p[0] for p in parts if p is not None and not p[2]}


def people(index: TextIndex | Mapping[str, int], strings: Iterable[str], tag: Tagger, *,
           parts: Mapping[str, tuple[str, bool, bool] | None] | None = None) -> set[str]:  # fmt: skip
    """The strings that are people: person-shaped (:func:`person_parts`), and either sure or
    seen in a person's company at least :data:`MIN_TITLED` times (:func:`titled_counts`).

    Args:
        index: the corpus' index, or the company counts of (at least) the names of
            :func:`unsure_names` already counted.
        strings: the strings.
        tag: a part-of-speech tagger (``rjieba.tag``).
        parts: :func:`person_parts` of some of the strings, already found.

    >>> from analyzer.phrases.discover import _tagger
    >>> index = TextIndex(["江泽民同志指出，江泽民主席说，文明建设"])
    >>> sorted(people(index, ["江泽民", "文明", "毛主席", "毛泽东思想"], _tagger()))
    ['毛主席', '江泽民']
    """
    strings = list(dict.fromkeys(strings))
    known = parts or {}
    missing = [s for s in strings if s not in known]
    found = dict(zip(missing, person_parts(missing, tag), strict=True))
    parts = [known[s] if s in known else found[s] for s in strings]
    if isinstance(index, TextIndex):
        company = titled_counts(index, {p[0] for p in parts if p is not None and not p[2]})
    else:
        company = index
    return {
        string
        for string, part in zip(strings, parts, strict=True)
        if part is not None and (part[2] or company.get(part[0], 0) >= MIN_TITLED)
    }


def is_title(phrase: str, words: Sequence[str], *, in_title_marks: bool = False) -> bool:
    """True when the phrase names a law, treaty, book, newspaper or document.

    Args:
        phrase: the phrase.
        words: its jieba words.
        in_title_marks: the corpus sets it in book-title marks 《》 at least once.

    >>> import rjieba
    >>> [is_title(p, rjieba.cut(p, False)) for p in ["建筑法", "不扩散核武器条约", "列宁全集", "中国共产党政法工作条例", "告台湾同胞书"]]
    [True, True, True, True, True]
    >>> [is_title(p, rjieba.cut(p, False)) for p in ["毛泽东思想", "教学方法", "行政执法", "八项规定", "扫黑除恶"]]
    [False, False, False, False, False]
    """
    if len(phrase) < 3 or not words:
        return False
    if in_title_marks:
        return True
    if phrase[-1] not in _LAST_CHARS:
        return False
    last = words[-1]
    if phrase.startswith("关于") and last in ("决定", "决议", "意见", "通知", "报告"):
        return True
    if words[0] == "告" and last == "书":
        return True
    if last in DOCUMENT_WORDS or (len(last) > 2 and last.endswith(_DOCUMENT_ENDINGS)):
        return True  # 建筑/法, 列宁全集, 人民日报
    return len(last) >= 3 and last.endswith("法") and not last.endswith(_NOT_LAWS)
