"""Programme frames: the places where official prose names a policy.

A formulation is what a programme is called, so the prose keeps putting it in the same two
slots: the object of a programme verb (实施 科教兴国 战略, 坚持 稳中求进, 建设 美丽中国) and the
modifier of a programme head (科教兴国 战略, 健康中国 建设, 稳中求进 工作总基调). A generic word
pair (经济发展, 人民群众) or a stretch of prose (取得新, 更加注重) stands there far less often.
The share of a phrase's occurrences that sit in such a frame is evidence that it is a name,
the way quotation marks are, and it holds for campaigns of any decade (贯彻 总路线,
实现 四个现代化, 开展 整风 运动, 实施 西部大开发 战略).

The two word lists are closed classes of the genre, written for analyzer: the verbs that
launch, pursue or carry out a programme, and the nouns that name its kind.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..index import TextIndex

__all__ = ["NAME_HEADS", "PROGRAMME_HEADS", "PROGRAMME_VERBS", "frame_counts"]

#: Verbs whose object is a programme: 实施 …战略, 坚持 …方针, 打赢 …攻坚战, 开展 …运动,
#: 推行 …制.
PROGRAMME_VERBS = ("实施", "坚持", "推进", "建设", "实现", "打赢", "打好", "深化", "贯彻", "落实",
                   "推动", "加快", "促进", "开展", "掀起", "构建", "推行", "践行", "弘扬",
                   "实行")  # fmt: skip
#: Nouns that name the kind of programme a modifier names: …战略, …建设, …工作总基调, and
#: the campaigns of earlier decades: …运动, …斗争.
PROGRAMME_HEADS = ("战略", "建设", "方针", "方略", "行动", "工程", "攻坚战", "保卫战", "总基调",
                   "理念", "试点", "目标", "道路", "思想", "体系", "格局", "政策", "工作", "运动",
                   "斗争")  # fmt: skip
#: The heads a name is carried on by: those of programmes (:data:`PROGRAMME_HEADS`) and of
#: institutions and results.
NAME_HEADS = (*PROGRAMME_HEADS, "体制", "制度", "机制", "责任制", "成果", "规划", "计划", "发展")


def frame_counts(
    index: TextIndex,
    hits: tuple[np.ndarray, np.ndarray],
    lengths: np.ndarray,
    *,
    verbs: Sequence[str] = PROGRAMME_VERBS,
    heads: Sequence[str] = PROGRAMME_HEADS,
) -> tuple[np.ndarray, np.ndarray]:
    """For each phrase, how many of its occurrences follow a programme verb, and how many
    precede a programme head.

    Args:
        index: the corpus index.
        hits: ``(phrase ids, start offsets)`` of every occurrence (from :meth:`TextIndex.hits`).
        lengths: the length of each phrase, by phrase id.
        verbs, heads: the frame words.

    >>> index = TextIndex(["实施科教兴国战略", "科教兴国战略", "科教兴国"])
    >>> frame_counts(index, index.hits(["科教兴国"]), np.array([4]))
    (array([1]), array([2]))
    """
    ids, starts = hits
    ids = np.asarray(ids, dtype=np.int64)
    starts = np.asarray(starts, dtype=np.int64)
    n_phrases = len(lengths)
    ends = starts + np.asarray(lengths, dtype=np.int64)[ids]
    after_verb = _next_to(index, starts, verbs, before=True)
    before_head = _next_to(index, ends, heads, before=False)
    return (
        np.bincount(ids[after_verb], minlength=n_phrases),
        np.bincount(ids[before_head], minlength=n_phrases),
    )


def _by_length(index: TextIndex, words: Sequence[str]) -> dict[int, np.ndarray]:
    lengths: dict[int, list[str]] = {}
    for word in words:
        lengths.setdefault(len(word), []).append(word)
    return {n: index.hashes_of(group) for n, group in lengths.items()}


def _next_to(
    index: TextIndex, offsets: np.ndarray, words: Sequence[str], *, before: bool
) -> np.ndarray:
    """Whether one of ``words`` ends at (``before``) or starts at each offset."""
    found = np.zeros(len(offsets), dtype=bool)
    for n, hashes in _by_length(index, words).items():
        starts = offsets - n if before else offsets
        at = np.flatnonzero((starts >= 0) & (starts + n <= len(index.codes)))
        found[at] |= np.isin(index.hash_at(starts[at], n), hashes)
    return found
