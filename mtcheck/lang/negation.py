"""What the polarity checks compare: negation cues and clauses, in either language.

The Russian and English cue finders (:mod:`mtcheck.lang.negation_ru`,
:mod:`mtcheck.lang.negation_en`) turn a sentence into an :class:`Analysis`: its
clauses and the negations in them. A cue is *strong* when it negates a predicate
outright («не знал», «нельзя», "did not", "never") and *weak* when the negation is
folded into a word or is only lexical («невозможный», «отказался», «без»,
"lacked", "unknown", "without"). Comparison is asymmetric on purpose: a strong cue
on one side is an error only when the other side has no cue at all, strong or
weak, where it should be, because translators move negation between the two kinds
all the time ("не хватало" → "lacked", "невозможно" → "cannot").

Clauses are aligned by relative position (a sentence's clauses keep their order
in translation far more often than not); :func:`align` maps each clause to the
clauses of the other side that overlap it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

STRONG = 2
WEAK = 1
OPTIONAL = 0
"""A phrase that may or may not carry a negation in translation («пока не» until,
«кроме» except): it can pair with a negation on the other side and so stands
for one, but is never counted as a negation that the other side must have."""


@dataclass(frozen=True)
class Cue:
    """One negation: the words that carry it and, where known, the word it negates.

    ``start``/``end`` cover the cue as it should be shown («не хватало», "did not",
    "never"); ``head`` is the negated word's span when the finder knows it.
    ``kind`` names the construction ("not", "concord", "no-longer", "not-yet",
    "never", "must-not", "unlikely", "folded", "lexical", "without", ...).
    """

    start: int
    end: int
    kind: str
    strength: int
    head: tuple[int, int] | None = None

    @property
    def strong(self) -> bool:
        return self.strength >= STRONG


@dataclass(frozen=True)
class Clause:
    start: int
    end: int


@dataclass(frozen=True)
class Analysis:
    """A text's clauses and negation cues; ``idioms`` are negation-looking phrases
    that are not negation («тем не менее», "not only"), kept for explanations.
    ``rel`` holds each clause's position as a share of the sentence's letters."""

    text: str
    clauses: tuple[Clause, ...]
    cues: tuple[Cue, ...]
    idioms: tuple[tuple[int, int], ...] = ()
    rel: tuple[tuple[float, float], ...] = ()

    def clause_of(self, pos: int) -> int:
        for i, c in enumerate(self.clauses):
            if pos < c.end:
                return i
        return max(len(self.clauses) - 1, 0)

    def cues_in(self, clause_ids: Sequence[int]) -> list[Cue]:
        wanted = set(clause_ids)
        return [c for c in self.cues if self.clause_of(c.start) in wanted]

    @property
    def strong(self) -> list[Cue]:
        return [c for c in self.cues if c.strong]


_TERMINAL = re.compile(r"[.!?]+")
_NOT_LETTER = re.compile(r"[\W_]+")


def build(
    text: str, cuts: Sequence[int], cues: Sequence[Cue], idioms: Sequence[tuple[int, int]] = ()
) -> Analysis:
    """An :class:`Analysis` with clauses cut at ``cuts`` (each cut starts a clause).

    A negation in a question is weak: «Вы не пробовали?» asks "Have you tried?",
    and translators drop or add the negation of a question that expects "yes".
    """
    if "?" in text:
        cues = [_as_question(text, c) for c in cues]
    bounds = [0, *sorted(set(c for c in cuts if 0 < c < len(text))), len(text)]
    clauses = tuple(Clause(s, e) for s, e in zip(bounds, bounds[1:]) if text[s:e].strip())
    # Position by letters, not characters, so that spacing and punctuation (which
    # differ between the languages) do not shift a clause.
    sizes = [len(_NOT_LETTER.sub("", text[c.start : c.end])) for c in clauses]
    total = sum(sizes) or 1
    rel_list = []
    done = 0
    for size in sizes:
        rel_list.append((done / total, (done + size) / total))
        done += size
    rel = tuple(rel_list)
    return Analysis(text, clauses, tuple(sorted(cues, key=lambda c: c.start)), tuple(idioms), rel)


def _as_question(text: str, cue: Cue) -> Cue:
    if not cue.strong:
        return cue
    m = _TERMINAL.search(text, cue.end)
    if m is not None and "?" in m.group():
        return Cue(cue.start, cue.end, "question", WEAK, cue.head)
    return cue


def align(a: Analysis, b: Analysis, index: int, slack: float = 0.08) -> list[int]:
    """Clauses of ``b`` that overlap clause ``index`` of ``a`` by relative position.

    ``slack`` widens the window on both sides: clause lengths differ between the
    languages by a few words, and a missed neighbour costs more (a false alarm)
    than an extra one (a missed finding).
    """
    if not b.clauses:
        return []
    if len(a.clauses) == len(b.clauses):
        # Same number of clauses: they nearly always correspond one to one, and
        # the neighbours are only a fallback when lengths disagree a lot.
        lo, hi = a.rel[index]
        blo, bhi = b.rel[index]
        if abs(lo - blo) < 0.25 and abs(hi - bhi) < 0.25:
            return [index]
    lo, hi = a.rel[index]
    lo, hi = lo - slack, hi + slack
    out = []
    for j, clause in enumerate(b.clauses):
        blo, bhi = b.rel[j]
        if bhi > lo and blo < hi:
            out.append(j)
    return out or [min(range(len(b.clauses)), key=lambda j: abs(sum(b.rel[j]) / 2 - (lo + hi) / 2))]


@dataclass(frozen=True)
class Mismatch:
    """A strong negation on one side with no negation where it belongs on the other.

    ``cue`` is on the side that has the negation; ``region`` is the character range
    of the other side's aligned clauses (where the negation should have been);
    ``level`` says whether the whole sentence lacks one ("sentence") or only the
    aligned clauses do ("clause").
    """

    cue: Cue
    region: tuple[int, int]
    level: str


NEAR = 0.12
"""Cues this close (share of the sentence) count as the same negation."""
MOVED = 0.25
"""A negation at least this far from any on the other side may have moved clause."""


def unmatched(a: Analysis, b: Analysis, clause_level: bool = True) -> list[Mismatch]:
    """Strong cues of ``a`` with no counterpart in ``b``.

    Three tests, from the surest to the most local:

    * ``b`` has no cue at all, strong or weak (level "sentence");
    * ``a`` has more cues than ``b``: the cues are paired by position (weak with
      weak first, so that "failure" pairs with «непроведение» and leaves "not"
      over), and a strong cue of ``a`` left without a partner, with no cue of
      ``b`` near it either, is reported ("surplus");
    * a strong cue whose partner is far away, in a part of ``b`` whose aligned
      clauses have no cue: the negation moved to another clause ("clause").

    A run of coordinated negations («не топить печь и не пользоваться…») counts
    once, since the other language often says it once ("do not use a stove or
    appliances").
    """
    strong = a.strong
    if not strong or not b.clauses:
        return []
    out: list[Mismatch] = []
    if not b.cues:
        for cue in strong:
            out.append(Mismatch(cue, _region(b, align(a, b, a.clause_of(cue.start))), "sentence"))
        return out
    if not clause_level:
        return out
    ca, cb = list(a.cues), list(b.cues)
    pa = {c: position(a, c.start) for c in ca}
    pb = [position(b, c.start) for c in cb]
    partner = _pair(ca, cb, pa, pb)
    # More negations on this side, counted both plainly and with coordinated
    # runs as one, leaves room for this many unpaired strong cues.
    counted = [c for c in ca if c.strength > OPTIONAL]
    room = min(
        len(counted) - len(cb),
        len(_heads_of_chains(counted, a.text)) - len(_heads_of_chains(cb, b.text)),
    )
    surplus: list[tuple[float, Cue]] = []
    for cue in ca:
        if not cue.strong:
            continue
        x = pa[cue]
        nearest = min(abs(x - y) for y in pb)
        j = partner.get(cue)
        if j is None:
            if nearest > NEAR:
                surplus.append((nearest, cue))
        elif nearest > MOVED and _parallel(a, b):
            # Clause i of one side is clause i of the other: a partner in another
            # clause, with none in this one, is a negation moved to the wrong clause.
            i = a.clause_of(cue.start)
            if b.clause_of(cb[j].start) != i and not b.cues_in([i]):
                out.append(Mismatch(cue, _region(b, [i]), "clause"))
    for _, cue in sorted(surplus, key=lambda t: -t[0])[: max(room, 0)]:
        out.append(Mismatch(cue, _region(b, align(a, b, a.clause_of(cue.start))), "surplus"))
    return sorted(out, key=lambda m: m.cue.start)


def _parallel(a: Analysis, b: Analysis) -> bool:
    """Whether the two sides have the same clauses in the same places, so that
    clause i of one side is clause i of the other."""
    if len(a.clauses) != len(b.clauses) or len(a.clauses) < 2:
        return False
    return all(abs(x[0] - y[0]) < 0.15 and abs(x[1] - y[1]) < 0.15 for x, y in zip(a.rel, b.rel))


def _heads_of_chains(cues: Sequence[Cue], text: str) -> list[Cue]:
    """The cues, less the second and later members of coordinated runs of strong cues."""
    out: list[Cue] = []
    last: Cue | None = None
    for cue in cues:
        if last is not None and cue.strong and last.strong and cue.kind == last.kind:
            gap = text[last.end : cue.start]
            words = len(gap.split())
            # «не воспламенялась, не источала зловоние, не отравляла»; «не топить
            # печь и не пользоваться»
            if words <= 1 or (words <= 7 and "," not in gap and _COORD.search(gap)):
                last = cue
                continue
        out.append(cue)
        last = cue
    return out


_COORD = re.compile(r",|\b(?:и|или|ни|а|and|or|nor)\b", re.IGNORECASE)


def position(analysis: Analysis, pos: int) -> float:
    """Relative position (0..1) of a character offset, interpolated within its clause."""
    if not analysis.clauses:
        return 0.0
    i = analysis.clause_of(pos)
    clause = analysis.clauses[i]
    lo, hi = analysis.rel[i]
    width = max(clause.end - clause.start, 1)
    return lo + (hi - lo) * min(max(pos - clause.start, 0), width) / width


def _pair(ca: list[Cue], cb: list[Cue], pa: dict[Cue, float], pb: list[float]) -> dict[Cue, int]:
    """Pair cues of the two sides by position, cheapest pairs first; a change of
    strength costs a little, so weak pairs with weak when it can."""
    pairs = sorted(
        (abs(pa[x] - pb[j]) + (0.0 if x.strength == y.strength else 0.15), i, j)
        for i, x in enumerate(ca)
        for j, y in enumerate(cb)
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    out: dict[Cue, int] = {}
    for _, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        out[ca[i]] = j
    return out


def _region(b: Analysis, ids: Sequence[int]) -> tuple[int, int]:
    if not ids:
        return 0, len(b.text)
    return b.clauses[min(ids)].start, b.clauses[max(ids)].end
