"""One grouping of documents for every analysis: by one field or by several.

Every by-group number in analyzer (keywords, keyness, topics, themes, comparisons, trends,
timelines) comes from a :class:`Grouping`, so that "the 2021 group" holds the same documents
in every table. Documents group by a metadata field (``year``, ``region``, ``source``, any
field of a tabular row) or by several (``("year", "region")``, ``"year,region"`` on the command
line): a group is then one combination of values, labelled ``2021 · 甘肃``. Documents without a
value for a field are left out, and listed (:attr:`Grouping.excluded`).

"The previous group" of a group is the previous available value of the *first* field with the
other fields equal: by year and region, ``2021 · 全国`` is compared with ``2019 · 全国`` (the
national reports have no 2020), never with ``2019 · 甘肃``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .document import Document
from .errors import ParameterError

__all__ = ["DOC", "FIELDS", "Grouping", "parse_by"]

#: The pseudo-field that makes each document its own group.
DOC = "doc"
#: Fields every document has (the others live in ``Document.meta``).
FIELDS = ("year", "region", "title", "id", "path")
#: Joins the values of several fields in a group label.
SEPARATOR = " · "


def parse_by(by: str | Sequence[str]) -> tuple[str, ...]:
    """The fields of a ``by`` argument: ``"year"``, ``"year,region"`` or ``("year", "region")``.

    >>> parse_by("year, region"), parse_by(("year",))
    (('year', 'region'), ('year',))
    """
    parts = by.split(",") if isinstance(by, str) else list(by)
    fields = tuple(str(p).strip() for p in parts if str(p).strip())
    if not fields:
        raise ParameterError("by must name a field, such as 'year' or 'region' (or 'year,region')")
    if len(set(fields)) != len(fields):
        raise ParameterError(f"by={by!r} names a field twice")
    if DOC in fields and len(fields) > 1:
        raise ParameterError("by='doc' makes each document its own group: it takes no other field")
    return fields


class Grouping:
    """Documents grouped by one or more fields, in sorted order of the values.

    Attributes:
        by: the fields, e.g. ``("year",)`` or ``("year", "region")``.
        keys: one tuple of field values per group, sorted (years ascending, then text).
        labels: one label per group: the value itself for one field (``2021``), the values
            joined by `` · `` for several (``"2021 · 甘肃"``).
        members: for each group, the positions of its documents in the corpus.
        index: for each document of the corpus, its group number (-1 when left out).
        excluded: the documents without a value for some field, left out of every group.
        documents: the corpus' documents.

    Example:
        >>> docs = [Document("a", "甲", year=2019, region="全国"), Document("b", "乙", year=2021, region="全国"),
        ...         Document("c", "丙", year=2021, region="甘肃")]
        >>> g = Grouping(docs, ("year", "region"))
        >>> g.labels
        ['2019 · 全国', '2021 · 全国', '2021 · 甘肃']
        >>> [g.labels[p] if p is not None else None for p in g.previous]
        [None, '2019 · 全国', None]
    """

    def __init__(self, documents: Sequence[Document], by: str | Sequence[str] = "year") -> None:
        self.by = parse_by(by)
        self.documents = list(documents)
        found: dict[tuple, list[int]] = {}
        excluded: list[int] = []
        for position, doc in enumerate(self.documents):
            if self.by == (DOC,):
                key: tuple = (doc.id,)
            else:
                key = tuple(_value(doc, name) for name in self.by)
                if any(v is None for v in key):
                    excluded.append(position)
                    continue
            found.setdefault(key, []).append(position)
        if not found and self.documents and self.by != (DOC,):
            self._unknown_field()
        keys = list(found) if self.by == (DOC,) else sorted(found, key=_key_order)
        self.keys: list[tuple] = keys
        self.members: list[list[int]] = [found[k] for k in keys]
        self.labels: list = [k[0] if len(k) == 1 else SEPARATOR.join(map(str, k)) for k in keys]
        self.index = np.full(len(self.documents), -1, dtype=np.int64)
        for number, positions in enumerate(self.members):
            self.index[positions] = number
        self.excluded: list[Document] = [self.documents[p] for p in excluded]
        self.previous: list[int | None] = self._previous()

    def _unknown_field(self) -> None:
        known = {name for d in self.documents for name in d.meta if name != "source_key"}
        missing = [name for name in self.by if name not in FIELDS and name not in known]
        if missing:
            fields = ", ".join(["year", "region", *sorted(known - {"year_from", "encoding"})])
            raise ParameterError(f"no document has a field {missing[0]!r} (fields: {fields})")

    def _previous(self) -> list[int | None]:
        """For each group, the group with the same other fields and the previous first value."""
        if self.by == (DOC,):
            return [None] * len(self.keys)
        last_seen: dict[tuple, int] = {}
        previous: list[int | None] = []
        for number, key in enumerate(self.keys):
            rest = key[1:]
            previous.append(last_seen.get(rest))
            last_seen[rest] = number
        return previous

    # -- views ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.keys)

    def __repr__(self) -> str:
        return (
            f"Grouping(by={','.join(self.by)!r}, {len(self)} groups, "
            f"{len(self.excluded)} documents left out)"
        )

    @property
    def name(self) -> str:
        """The fields as one would type them: ``year`` or ``year,region``."""
        return ",".join(self.by)

    @property
    def groups(self) -> dict[Any, list[Document]]:
        """Group label → its documents, in group order."""
        return {
            label: [self.documents[p] for p in positions]
            for label, positions in zip(self.labels, self.members, strict=True)
        }

    def chars(self) -> np.ndarray:
        """Characters of cleaned text in each group."""
        sizes = np.array([d.chars for d in self.documents], dtype=float)
        return np.array([sizes[m].sum() for m in self.members], dtype=float)

    def sum(self, matrix: Any) -> Any:
        """Sum the rows of a documents × columns matrix (dense or sparse) by group."""
        import scipy.sparse as sp

        keep = self.index >= 0
        indicator = sp.csr_matrix(
            (np.ones(int(keep.sum())), (self.index[keep], np.flatnonzero(keep))),
            shape=(len(self), len(self.documents)),
        )
        summed = indicator @ matrix
        return summed if sp.issparse(summed) else np.asarray(summed)

    def columns(self) -> dict[str, list]:
        """The group column of a table, and one column per field when there are several."""
        out: dict[str, list] = {"group": list(self.labels)}
        if len(self.by) > 1:
            for i, name in enumerate(self.by):
                out[name] = [k[i] for k in self.keys]
        return out

    def first_values(self) -> list:
        """The value of the first field of each group (the year of ``2021 · 甘肃``)."""
        return [k[0] for k in self.keys]

    def gap(self, number: int) -> int | None:
        """Missing first-field values between a group and its previous group (whole numbers
        only): 1 for 2021 against 2019, None when there is no previous group or no number."""
        previous = self.previous[number]
        if previous is None:
            return None
        a, b = self.keys[number][0], self.keys[previous][0]
        if not (_is_whole(a) and _is_whole(b)):
            return None
        return max(int(a) - int(b) - 1, 0)

    def selected(self, start: Any = None, end: Any = None) -> np.ndarray:
        """Which groups have a first-field value between ``start`` and ``end`` (inclusive).

        Filters choose what is shown; they change no number: every analysis computes on all
        groups, then keeps the rows of the selected ones.
        """
        values = self.first_values()
        keep = np.ones(len(values), dtype=bool)
        for i, value in enumerate(values):
            if start is not None and _before(value, start):
                keep[i] = False
            if end is not None and _before(end, value):
                keep[i] = False
        return keep

    def missing(self) -> list[int]:
        """The whole-number first-field values absent between the first and last (years
        without a document), or [] when they are not numbers.

        >>> docs = [Document(str(y), "甲", year=y) for y in (2018, 2019, 2021)]
        >>> Grouping(docs, "year").missing()
        [2020]
        """
        values = sorted(set(self.first_values()))
        if len(values) < 2 or not all(_is_whole(v) for v in values):
            return []
        present = set(values)
        return [y for y in range(int(values[0]), int(values[-1]) + 1) if y not in present]

    def notice(self) -> str | None:
        """A sentence for the user when documents were left out, else None."""
        if not self.excluded:
            return None
        n = len(self.excluded)
        fields = " or ".join(self.by)
        return (
            f"{n} document{'s' if n > 1 else ''} without a {fields} "
            f"{'are' if n > 1 else 'is'} left out of by-{self.name} analysis "
            "(list them with `analyzer info`)"
        )

    def pooled(self) -> dict[Any, dict[str, list[str]]]:
        """Groups of a by-year grouping that pool documents of several regions (or sources):
        label → {"region": [...]} or {"source": [...]}; empty when none does.

        A researcher comparing 2021 with 2019 should know that 2021 holds a provincial report
        beside the national one; ``by=("year", "region")`` keeps them apart.
        """
        if self.by[0] != "year":
            return {}
        pooled: dict[Any, dict[str, list[str]]] = {}
        for label, positions in zip(self.labels, self.members, strict=True):
            for name in ("region", "source"):
                if name in self.by:
                    continue
                values = sorted(
                    {str(v) for p in positions if (v := _value(self.documents[p], name))}
                )
                if len(values) > 1:
                    pooled[label] = {name: values}
                    break
        return pooled

    def pooled_notice(self) -> str | None:
        """One sentence naming the groups that pool several regions or sources, or None."""
        pooled = self.pooled()
        if not pooled:
            return None
        parts = []
        for label, found in list(pooled.items())[:6]:
            ((name, values),) = found.items()
            parts.append(f"{label} ({name}s {', '.join(values)})")
        more = f" and {len(pooled) - 6} more" if len(pooled) > 6 else ""
        kinds = sorted({name for found in pooled.values() for name in found})
        return (
            f"by {self.name}, {len(pooled)} group(s) pool documents of several "
            f"{' or '.join(k + 's' for k in kinds)}: {'; '.join(parts)}{more}; "
            f"group by {self.name},{kinds[0]} to keep them apart"
        )


def _value(doc: Document, name: str) -> Any:
    value = doc.get(name)
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    return value


def _key_order(key: tuple) -> tuple:
    return tuple(_sort_key(v) for v in key)


def _sort_key(value: Any) -> tuple:
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def _is_whole(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _before(a: Any, b: Any) -> bool:
    try:
        return float(a) < float(b)
    except (TypeError, ValueError):
        return str(a) < str(b)
