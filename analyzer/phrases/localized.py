"""The ``localized`` detector: national campaigns localised by place (平安中国 → 平安甘肃).

Provinces adopt national formulations by swapping the place name: 平安中国 becomes 平安甘肃,
法治中国 becomes 法治甘肃, 健康中国 becomes 健康四川. A phrase made of a stem and a place name is
a candidate when the same stem also occurs with 中国/全国 or with another place; the pair is
recorded (平安甘肃 ~ 平安中国). Stems are two or three characters and not verbs, prepositions or
adverbs (建设甘肃, 关于甘肃 and 推进全国 are not campaigns).

Places are the mainland provincial-level divisions, 中国 and 全国, and the regions of the
corpus' documents (a report titled 东岚省委… makes 东岚 a place). Hong Kong, Macao and Taiwan
are left out: national reports name them constantly (广大台湾同胞, 中华人民共和国香港特别行政区)
and do not localise campaigns with them, so they only produce false pairs (广大台湾 ~ 广大香港).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from ..metadata import PROVINCES

__all__ = [
    "NATIONAL_PLACES",
    "NOT_LOCALISED",
    "localized_candidates",
    "localized_pairs",
    "places_for",
    "stem_counts",
]

NATIONAL_PLACES = ("中国", "全国")
#: Provincial-level names that are not places campaigns are localised to.
NOT_LOCALISED = frozenset({"香港", "澳门", "台湾"})
_REJECTED_TAGS = ("v", "p", "d", "c", "u", "r", "m", "q", "f", "t", "b", "z")


def places_for(regions: Iterable[str | None] = ()) -> set[str]:
    """Mainland provinces, 中国/全国, and the given document regions.

    >>> sorted(places_for(["东岚", None, "全国"]) - set(PROVINCES))
    ['东岚', '中国', '全国']
    >>> "香港" in places_for()
    False
    """
    given = {r for r in regions if r and len(r) >= 2}
    return (set(PROVINCES) - NOT_LOCALISED) | set(NATIONAL_PLACES) | given


def localized_candidates(
    texts: Iterable[str],
    places: set[str],
    *,
    tag: Callable[[str], list[tuple[str, str]]] | None = None,
    stem_chars: tuple[int, int] = (2, 3),
) -> dict[str, str]:
    """Localised phrases and the phrase each one pairs with.

    Args:
        texts: the documents.
        places: the place names to look for.
        tag: a part-of-speech tagger (``rjieba.tag``); stems tagged as verbs, prepositions,
            adverbs and other function classes are rejected. Default: rjieba's tagger.
        stem_chars: the shortest and longest stem.

    Returns:
        phrase → its counterpart: the national form when the stem occurs with 中国/全国, else
        the most frequent other localisation.

    >>> pairs = localized_candidates(["建设平安甘肃", "建设平安中国", "法治甘肃", "法治中国"], {"甘肃", "中国"})
    >>> pairs
    {'平安甘肃': '平安中国', '法治甘肃': '法治中国'}
    """
    return localized_pairs(stem_counts(texts, places, stem_chars=stem_chars), tag=tag)


def stem_counts(
    texts: Iterable[str], places: set[str], *, stem_chars: tuple[int, int] = (2, 3)
) -> dict[str, Counter]:
    """For every stem of ``stem_chars`` CJK characters before a place name, how often it stands
    before each place (the part of :func:`localized_candidates` that reads the texts; the counts
    of several runs of texts add up).

    >>> stem_counts(["建设平安甘肃", "平安中国"], {"甘肃", "中国"}, stem_chars=(2, 2))
    {'平安': Counter({'甘肃': 1, '中国': 1})}
    """
    low, high = stem_chars
    place_re = re.compile("|".join(sorted(map(re.escape, places), key=len, reverse=True)))
    by_stem: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        for match in place_re.finditer(text):
            start = match.start()
            for size in range(low, high + 1):
                stem = text[max(0, start - size) : start]
                if len(stem) == size and all("\u4e00" <= c <= "\u9fff" for c in stem):
                    by_stem[stem][match.group()] += 1
    return dict(by_stem)


def localized_pairs(
    by_stem: dict[str, Counter], *, tag: Callable[[str], list[tuple[str, str]]] | None = None
) -> dict[str, str]:
    """The localised phrases and their counterparts, from the counts of :func:`stem_counts`
    (see :func:`localized_candidates`)."""
    if tag is None:
        import rjieba

        def tag(text: str) -> list[tuple[str, str]]:
            return rjieba.tag(text, False)

    pairs: dict[str, str] = {}
    for stem, counts in by_stem.items():
        if len(counts) < 2 or not _is_campaign_stem(stem, tag):
            continue
        national = [p for p in NATIONAL_PLACES if p in counts]
        for place in counts:
            if place in NATIONAL_PLACES:
                continue
            others = [p for p in counts if p != place]
            partner = national[0] if national else max(others, key=lambda p: counts[p])
            pairs[stem + place] = stem + partner
    return pairs


def _is_campaign_stem(stem: str, tag: Callable[[str], list[tuple[str, str]]]) -> bool:
    tags = tag(stem)
    if len(tags) != 1 or tags[0][1] in {"x", "eng"}:
        return False  # a stem is one known word (平安, 法治, 健康), not a fragment (和国, 产党)
    return not tags[0][1].startswith(_REJECTED_TAGS)
