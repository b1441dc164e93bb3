"""Rows that repeat a listed formulation or name nothing: verb phrases, a verb + a formulation,
a formulation + a predicate.

Official prose wraps its formulations in verbs: 构建新发展格局 beside 新发展格局, 坚持稳中求进
beside 稳中求进, 供给侧结构性改革为主线 beside 供给侧结构性改革; and it repeats predicates
that name nothing: 取得新进展, 表示诚挚感谢, 把握好, 干扰破坏. Such strings recur as often
as any formulation and are as cohesive, so the ranking alone cannot tell them apart; their shape
can:

* a *predicate* (:func:`is_predicate`) opens with a verb of report or result (取得, 表示, 作出,
  受到 …) or the modal 拟, or ends a verb with an adjective, an adverb or a complement
  (表示诚挚, 把握好, 取得新);
* a *verb + a listed formulation* (:func:`wrapped_rows`): one of the verbs that launch a
  programme (坚持, 构建, 落实, 推动 …; see :func:`launch_verbs`) before a listed row that
  stands as a name; or any other verb before a listed row that is a name and is used
  without it in at least a third of its uses (走中国特色, 奉行互利共赢, 应对国际金融危机),
  unless the verb is a modal (应当依法行政), a single character other than a light or
  causative verb (去产能 and 保市场主体 are compressed slogans; 有, 走, 让, 使, 搞 are not), or
  the row ends in the head of a noun (承包经营责任制, 审批制度改革: a verb modifying it), or
  the name is shorter than four characters (执法司法权 is no verb + 司法权);
* a *formulation + a predicate*: a listed row that stands as a name, then a word that opens a
  predicate (为主线, 取得新突破, 形成新格局, 成为 …). Any verb would not do: names hold verbs
  (天然林保护工程, 营业税改征增值税试点).

A listed row *stands as a name* when it does not open with a verb (新发展格局), or when it
occurs outside the longer row in at least a third of its uses (助企纾困 beside 落实助企纾困):
拓展脱贫攻坚成果 does neither and is the fragment of 巩固拓展脱贫攻坚成果, not its object.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from .frames import NAME_HEADS, PROGRAMME_VERBS

__all__ = ["PREDICATE_OPENERS", "REPORT_VERBS", "VERB_WRAPPED", "is_predicate", "launch_verbs",
           "wrapped_rows"]  # fmt: skip

#: The reason :func:`wrapped_rows` gives a verb + a listed phrase.
VERB_WRAPPED = "a verb + a listed phrase"

#: Verbs of report and result, and the modal 拟: they open a clause, never a name.
REPORT_VERBS = frozenset(
    ["取得", "表示", "作出", "做出", "进行", "加以", "予以", "给予", "受到", "得到", "达到", "迈出",
     "呈现", "面临", "占", "请", "拟"]
)  # fmt: skip
#: Words that open the predicate after a subject: 为主线, 取得新突破, 形成新格局, 成为支柱.
PREDICATE_OPENERS = REPORT_VERBS | frozenset(["为", "为主", "是", "成为", "作为", "形成"])
#: Modal verbs of two characters (jieba tags them as verbs): before a name they make no verb
#: phrase of it. One-character modals (可, 能, 要 …) fall under the one-character rule.
MODALS = frozenset(["应当", "应该", "能够", "可以", "必须", "需要"])
#: Light and causative verbs of one character: before a name they make a verb phrase of it
#: (有中国特色, 走中国特色, 让人民群众, 搞修正主义), never a compressed slogan.
LIGHT_VERBS = frozenset("有让使搞走令给")
#: Heads that end a noun a verb may modify (承包经营责任制, 审批制度改革, 节能环保产业).
_NOUN_HEADS = (*NAME_HEADS, "改革", "产业", "能力", "制", "法", "区", "网")
#: Complements that end a verb phrase: 把握好, 落实到位.
_COMPLEMENTS = frozenset(["好", "到", "完", "住", "到位", "起来", "下去"])

Tagger = Callable[[str], list[tuple[str, str]]]


@lru_cache(maxsize=1)
def launch_verbs() -> frozenset[str]:
    """Verbs that launch or pursue a programme: the programme verbs of
    :mod:`analyzer.phrases.frames` and the verbs (by jieba's tag) of the boilerplate list,
    whose adverbs (全面, 深入) are left out: 全面从严治党 is no verb + 从严治党."""
    import rjieba

    from ..stopwords import shipped_list

    verbs = {w for w in shipped_list("boilerplate") if rjieba.tag(w, False)[0][1] == "v"}
    return frozenset(verbs | set(PROGRAMME_VERBS))


def is_predicate(tagged: Sequence[tuple[str, str]]) -> bool:
    """True when the tagged words are a predicate that names nothing.

    >>> from analyzer.phrases.discover import _tagger
    >>> tag = _tagger()
    >>> [is_predicate(tag(p)) for p in ["取得新进展", "表示诚挚", "把握好", "取得新", "拟安排"]]
    [True, True, True, True, True]
    >>> [is_predicate(tag(p)) for p in ["扫黑除恶", "减税降费", "走出去", "补短板", "获得感"]]
    [False, False, False, False, False]
    """
    if not tagged:
        return False
    words = [w for w, _ in tagged]
    if words[0] in REPORT_VERBS:
        return True
    if len(tagged) < 2:
        return False
    first, last = tagged[0], tagged[-1]
    return first[1] == "v" and (last[1] in ("a", "ad", "d") or last[0] in _COMPLEMENTS)


def wrapped_rows(
    phrases: Sequence[str],
    count: np.ndarray,
    listed: np.ndarray,
    tag: Tagger,
    judged: np.ndarray | None = None,
) -> np.ndarray:
    """Why each listed row repeats another listed row: ``"a verb + a listed phrase"``,
    ``"a listed phrase + a predicate"``, or ``""``.

    Args:
        phrases: the candidates.
        count: their occurrences.
        listed: which candidates are listed so far.
        tag: a part-of-speech tagger (``rjieba.tag``).
        judged: which listed rows may be found to repeat another (default: all).

    >>> from analyzer.phrases.discover import _tagger
    >>> rows = ["新发展格局", "构建新发展格局", "供给侧结构性改革", "供给侧结构性改革为主线", "扫黑除恶"]
    >>> wrapped_rows(rows, np.array([17, 17, 41, 14, 9]), np.ones(5, bool), _tagger()).tolist()
    ['', 'a verb + a listed phrase', '', 'a listed phrase + a predicate', '']
    """
    reason = np.full(len(phrases), "", dtype=object)
    row = {p: i for i, p in enumerate(phrases) if listed[i]}
    launch = launch_verbs()

    def stands(part: str, whole: int) -> bool:
        j = row.get(part)
        if j is None:
            return False
        opens_with_verb = tag(part)[0][1] == "v"
        return not opens_with_verb or count[j] - count[whole] >= count[j] / 3

    def object_of(tagged: list[tuple[str, str]], phrase: str, whole: int) -> bool:
        # any verb before a listed name used without it in a third of its uses
        verb, pos = tagged[0]
        if pos != "v" or verb in MODALS or (len(verb) == 1 and verb not in LIGHT_VERBS):
            return False  # a single-character verb opens compressed slogans: 去产能, 保市场主体
        if phrase.endswith(_NOUN_HEADS):
            return False  # a verb modifying a noun: 承包经营责任制, 审批制度改革
        j = row.get(phrase[len(verb) :])
        return (
            j is not None
            and len(phrase) - len(verb) >= 4  # a short one may be its head: 执法 司法权
            and tag(phrase[len(verb) :])[0][1] != "v"
            and count[j] - count[whole] >= count[j] / 3
        )

    openers = {w[0] for w in PREDICATE_OPENERS} | {w[0] for w in launch}
    for phrase, i in row.items():
        if judged is not None and not judged[i]:
            continue
        tagged = tag(phrase)
        if len(tagged) < 2:
            continue
        if object_of(tagged, phrase, i):
            reason[i] = VERB_WRAPPED  # 走中国特色, 奉行互利共赢
            continue
        if openers.isdisjoint(phrase):
            continue
        words = [w for w, _ in tagged]
        verb = next((v for v in (words[0], "".join(words[:2])) if v in launch), None)
        if verb is not None and stands(phrase[len(verb) :], i):
            reason[i] = VERB_WRAPPED  # 构建新发展格局, 打/好 三大攻坚战
            continue
        at = 0
        for k in range(1, len(tagged)):
            at += len(words[k - 1])
            if tagged[k][0] in PREDICATE_OPENERS and stands(phrase[:at], i):
                reason[i] = "a listed phrase + a predicate"
                break
    return reason
