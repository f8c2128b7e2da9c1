"""Pair the sentences of an MT document with its source, reference and back-translation.

Every other side is aligned to the MT directly (the MT is what gets checked, and
MT↔reference is a same-language pair, the most accurate kind); the pairwise
alignments are then joined through the MT sentences they share. The result is a
list of :class:`Unit` s: the sentences of each side that translate one another.
A unit may lack a side: an MT sentence with no source partner (page junk, an
addition) or a source sentence with no MT partner (a dropped sentence). Source,
reference and back-translation sentences left unpaired at the same place are
aligned with each other, so a dropped sentence keeps its reference beside it.

Texts of several sentences are joined with a space. Each field's
:class:`~mtcheck.records.Origin` points at its first sentence; it is exact (offsets
map onto the file) when the joined text is the file's own text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from mtcheck.align.aligner import align_sentences
from mtcheck.align.dp import Bead
from mtcheck.models.embeddings import SentenceEncoder
from mtcheck.records import Origin, Segment
from mtcheck.sentences import Sentence

SIDES = ("mt", "src", "ref", "back")
LANGUAGE = {"mt": "en", "src": "ru", "ref": "en", "back": "ru"}


@dataclass(frozen=True)
class DocSide:
    """One side's document: its decoded text and its sentences."""

    name: str
    path: str
    text: str
    sentences: Sequence[Sentence]

    @property
    def language(self) -> str:
        return LANGUAGE[self.name]


@dataclass(frozen=True)
class Unit:
    """Sentences (0-based indices) of each side that translate one another."""

    sents: Mapping[str, tuple[int, ...]]

    def on(self, side: str) -> tuple[int, ...]:
        return self.sents.get(side, ())


@dataclass(frozen=True)
class DocumentAlignment:
    """The units of an aligned document set, in reading order."""

    sides: Mapping[str, DocSide]
    units: Sequence[Unit]

    def text(self, unit: Unit, side: str) -> str:
        sentences = self.sides[side].sentences
        return " ".join(sentences[i].text for i in unit.on(side))

    def unit_id(self, unit: Unit) -> str:
        for side in SIDES:
            if side in self.sides and unit.on(side):
                first = self.sides[side].sentences[unit.on(side)[0]]
                return first.id if side == "mt" else f"{side}-{first.id}"
        raise ValueError("an aligned unit has no sentence")

    def segments(self) -> list[Segment]:
        """One segment per unit; a side given but unpaired here is an empty string."""
        doc = Path(self.sides["mt"].path).name
        out = []
        mt_end = 0  # where the MT document stands: a unit without MT is missing there
        for unit in self.units:
            fields: dict[str, Any] = {}
            origins: dict[str, Origin] = {}
            for name, side in self.sides.items():
                fields[name] = self.text(unit, name)
                idx = unit.on(name)
                if idx:
                    origins[name] = _origin(side, idx, fields[name])
                elif name == "mt":
                    line, column = _line_column(side.text, mt_end)
                    origins[name] = Origin(side.path, line, column, offset=mt_end)
            if unit.on("mt"):
                mt_end = self.sides["mt"].sentences[unit.on("mt")[-1]].end
            out.append(Segment(id=self.unit_id(unit), doc=doc, origins=origins, **fields))
        return out

    def records(self) -> list[dict[str, Any]]:
        """JSON-ready records: the texts under the side names plus 1-based sentence numbers."""
        doc = Path(self.sides["mt"].path).name
        out = []
        for unit in self.units:
            record: dict[str, Any] = {"id": self.unit_id(unit), "doc": doc}
            for name in self.sides:
                record[name] = self.text(unit, name)
            for name in self.sides:
                record[f"{name}_sents"] = [i + 1 for i in unit.on(name)]
            out.append(record)
        return out

    def counts(self) -> dict[str, int]:
        """Paired and unpaired sentences per side (for a one-line summary)."""
        out: dict[str, int] = {}
        for name in self.sides:
            for unit in self.units:
                n = len(unit.on(name))
                if not n:
                    continue
                paired = any(unit.on(other) for other in self.sides if other != name)
                key = f"{name}_{'paired' if paired else 'unpaired'}"
                out[key] = out.get(key, 0) + n
        return out


def _origin(side: DocSide, idx: tuple[int, ...], field: str) -> Origin:
    first, last = side.sentences[idx[0]], side.sentences[idx[-1]]
    exact = side.text[first.start : last.end] == field
    return Origin(side.path, first.line, first.column, offset=first.start, exact=exact)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class CachedEncoder:
    """An encoder that embeds each distinct sentence once (the MT is aligned to every side)."""

    def __init__(self, encoder: SentenceEncoder) -> None:
        self.name = encoder.name
        self._encoder = encoder
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vector in zip(missing, self._encoder.encode(missing)):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


def _pair(
    a: DocSide, ia: Sequence[int], b: DocSide, ib: Sequence[int], encoder: SentenceEncoder | None
) -> list[Bead]:
    """Align sentences ``ia`` of ``a`` with sentences ``ib`` of ``b``; beads hold document indices."""
    sa = [a.sentences[i] for i in ia]
    sb = [b.sentences[j] for j in ib]
    beads = align_sentences(
        [s.text for s in sa], [s.text for s in sb], lang_a=a.language, lang_b=b.language,
        para_a=[s.para for s in sa], para_b=[s.para for s in sb], encoder=encoder,
    )
    return [(tuple(ia[i] for i in x), tuple(ib[j] for j in y)) for x, y in beads]


class _Components:
    """Union-find over (side, sentence) nodes."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(self, node: tuple[str, int]) -> tuple[str, int]:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, nodes: Sequence[tuple[str, int]]) -> None:
        roots = [self.find(n) for n in nodes]
        for r in roots[1:]:
            self.parent[r] = roots[0]

    def groups(self) -> list[list[tuple[str, int]]]:
        out: dict[tuple[str, int], list[tuple[str, int]]] = {}
        for node in list(self.parent):
            out.setdefault(self.find(node), []).append(node)
        return list(out.values())


def align_documents(sides: Mapping[str, DocSide], encoder: SentenceEncoder | None = None) -> DocumentAlignment:
    """Align the MT side with every other side and join the results into units."""
    if "mt" not in sides:
        raise ValueError("align_documents needs an 'mt' side")
    order = [s for s in SIDES if s in sides]
    sides = {name: sides[name] for name in order}
    memo = CachedEncoder(encoder) if encoder is not None else None
    mt = sides["mt"]
    comps = _Components()
    for i in range(len(mt.sentences)):
        comps.find(("mt", i))
    # gaps[g][side]: sentences of that side left unpaired just before MT sentence g.
    gaps: dict[int, dict[str, list[int]]] = {}
    all_mt = list(range(len(mt.sentences)))
    for name in order[1:]:
        other = sides[name]
        consumed = 0
        for ia, ib in _pair(mt, all_mt, other, list(range(len(other.sentences))), memo):
            if ia and ib:
                comps.union([("mt", i) for i in ia] + [(name, j) for j in ib])
            elif ib:
                gaps.setdefault(consumed, {}).setdefault(name, []).extend(ib)
            consumed += len(ia)

    keyed: list[tuple[tuple[int, int, int], Unit]] = []
    for group in comps.groups():
        by_side: dict[str, list[int]] = {}
        for name, idx in group:
            by_side.setdefault(name, []).append(idx)
        unit = Unit({n: tuple(sorted(v)) for n, v in by_side.items()})
        keyed.append(((min(by_side["mt"]), 1, 0), unit))
    for gap, per_side in gaps.items():
        for rank, unit in enumerate(_gap_units(per_side, sides, memo)):
            # Before the MT unit that starts at this gap.
            keyed.append(((gap, 0, rank), unit))
    keyed.sort(key=lambda item: item[0])
    return DocumentAlignment(sides, [unit for _, unit in keyed])


def _gap_units(
    per_side: Mapping[str, list[int]], sides: Mapping[str, DocSide], encoder: SentenceEncoder | None
) -> list[Unit]:
    """Units of the sentences left unpaired at one place, aligned with each other across sides."""
    names = [n for n in SIDES if n in per_side and per_side[n]]
    if len(names) == 1:
        return [Unit({names[0]: (i,)}) for i in sorted(per_side[names[0]])]
    comps = _Components()
    pivot = names[0]
    for i in per_side[pivot]:
        comps.find((pivot, i))
    for name in names[1:]:
        for j in per_side[name]:
            comps.find((name, j))
        for ia, ib in _pair(sides[pivot], sorted(per_side[pivot]), sides[name], sorted(per_side[name]), encoder):
            if ia and ib:
                comps.union([(pivot, i) for i in ia] + [(name, j) for j in ib])
    units = []
    for group in comps.groups():
        by_side: dict[str, list[int]] = {}
        for name, idx in group:
            by_side.setdefault(name, []).append(idx)
        units.append(Unit({n: tuple(sorted(v)) for n, v in by_side.items()}))
    # Reading order: by the first sentence of the first side present.
    return sorted(units, key=lambda u: next((SIDES.index(n), u.on(n)[0]) for n in SIDES if u.on(n)))
