"""Numbers, dates and times found in a text, reduced to comparable keys.

Both languages' extractors (:mod:`mtcheck.lang.numbers_ru`,
:mod:`mtcheck.lang.numbers_en`) produce :class:`Quantity` records. A quantity has
one or more *keys*, each one way of reading it: ``n:1500000`` for «1,5 млн» and
"1.5 million" alike, ``m:3`` for «марта» and "March", ``t:180`` (minutes past
midnight, modulo twelve hours) for «15:00» and "3 p.m.", ``d:90`` for «90-х» and
"the 1990s". Two quantities agree when they share a key, so a quantity that can be
read two ways («15.30»: a decimal or a time) carries both keys.

How sure the extractor is that a mention must survive translation is its
*strength*: :data:`STRONG` (digits, «двадцать пять», "March") is flagged when it
is lost or added; :data:`WEAK` ("one", "first", "twice", "half", Roman numerals)
is matched and may be what a strong source number was changed into, but is never
flagged alone; :data:`HINT`
(«двухэтажный», "bilateral"-like compounds) only vouches for a number on the other
side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

HINT, WEAK, STRONG = 0, 1, 2


def number_key(value: float) -> str:
    """The key of a plain number: rounded so that 1.5e6 from «1,5 млн» equals 1500000."""
    value = abs(value)
    if value == int(value) and value < 1e15:
        return f"n:{int(value)}"
    return f"n:{value:.6g}"


def time_key(hours: int, minutes: int) -> str:
    """Minutes past midnight modulo twelve hours: «15:00» and "3 p.m." agree."""
    return f"t:{(hours * 60 + minutes) % 720}"


def decade_keys(year: int) -> tuple[str, ...]:
    """«1990-х», "the 1990s", «90-х» and "the '90s" share ``d:90``."""
    keys = [f"d:{year % 100}"]
    if year >= 100:
        keys.append(f"d:{year}")
    return tuple(keys)


@dataclass(frozen=True)
class Quantity:
    """One number, date part or time in a text, located by character offsets."""

    start: int
    end: int
    keys: frozenset[str]
    strength: int = STRONG
    # How the extractor read it, for messages ("26", "July", "15:00").
    label: str = ""

    @property
    def family(self) -> str:
        """``m`` for months, ``n`` for everything numeric (numbers, times, decades)."""
        return "m" if any(k.startswith("m:") for k in self.keys) else "n"

    def agrees(self, keys: frozenset[str] | set[str]) -> bool:
        return not self.keys.isdisjoint(keys)


@dataclass(frozen=True)
class Discrepancy:
    """A quantity of one side without a counterpart on the other.

    ``kind`` is ``changed`` (a source quantity gone and a different one in its
    place), ``missing`` (gone) or ``added`` (new in the translation).
    """

    kind: str
    source: Quantity | None
    target: Quantity | None


def all_keys(quantities: Iterable[Quantity]) -> frozenset[str]:
    return frozenset().union(*(q.keys for q in quantities))


def compare(
    source: Sequence[Quantity], target: Sequence[Quantity], source_len: int, target_len: int
) -> list[Discrepancy]:
    """What the target lost, changed or added relative to the source.

    Counts are ignored (a year said twice in the source and once in the target is
    no error); a source quantity is kept when any of its keys appears anywhere in the
    target. A lost strong source quantity and an added target quantity of the same
    family are paired as a change, nearest relative position first.
    """
    if not source and not target:
        return []  # most sentences: no quantity on either side
    target_keys = all_keys(target)
    source_keys = all_keys(source)
    lost = [q for q in source if q.strength >= WEAK and not q.agrees(target_keys)]
    new = [q for q in target if q.strength >= WEAK and not q.agrees(source_keys)]
    lost = _dedupe(lost)
    new = _dedupe(new)
    out: list[Discrepancy] = []
    s_len, t_len = max(source_len, 1), max(target_len, 1)
    free = list(new)
    for q in lost:
        if q.strength != STRONG:
            continue
        candidates = [t for t in free if t.family == q.family]
        if not candidates:
            continue
        here = q.start / s_len
        best = min(candidates, key=lambda t: abs(t.start / t_len - here))
        free.remove(best)
        out.append(Discrepancy("changed", q, best))
    paired_source = {id(d.source) for d in out}
    for q in lost:
        if id(q) not in paired_source and q.strength == STRONG:
            out.append(Discrepancy("missing", q, None))
    for t in free:
        if t.strength == STRONG:
            out.append(Discrepancy("added", None, t))
    return out


def _dedupe(quantities: list[Quantity]) -> list[Quantity]:
    """One quantity per key set: the strongest, then the first."""
    best: dict[frozenset[str], Quantity] = {}
    for q in quantities:
        seen = best.get(q.keys)
        if seen is None or q.strength > seen.strength:
            best[q.keys] = q
    return sorted(best.values(), key=lambda q: q.start)


_CYRILLIC_RUNS = re.compile(r"[\u0400-\u04FF]+")
_LATIN_RUNS = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=8192)
def share_cyrillic(text: str, sample: int = 400) -> float:
    """Share of Cyrillic among the letters of the first ``sample`` characters: enough to
    tell a Russian side from an English one, and cheap on long segments."""
    head = text[:sample]
    # Counted by runs of letters: one string per word instead of one per letter.
    cyr = sum(map(len, _CYRILLIC_RUNS.findall(head)))
    if not cyr:
        return 0.0
    lat = sum(map(len, _LATIN_RUNS.findall(head)))
    return cyr / (cyr + lat)


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, factored by common prefixes.

    Python's ``re`` tries a flat alternation one branch at a time at every position;
    a prefix tree lets it reject a position after a character or two, which keeps
    scanning a sentence for hundreds of number words cheap.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body
