"""Small text helpers shared by checks: words with offsets, scripts, normalisation."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple

WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
CYRILLIC_RUN_RE = re.compile(r"[\u0400-\u04FF]+(?:[\s\-'’.,:;«»\"]*[\u0400-\u04FF]+)*")
CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")
LATIN_RE = re.compile(r"[A-Za-z]")


class Token(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[Token, ...]:
    """Words (letters and digits, with inner hyphens/apostrophes) and their offsets.

    Cached: several checks tokenise the same MT and source, and a tuple keeps the
    shared result safe from callers.
    """
    return tuple(Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text))


@lru_cache(maxsize=8192)
def lower_words(text: str) -> tuple[str, ...]:
    """The :func:`words` of ``text`` in lower case, without their offsets (cached: the
    repetition checks share them; most sentences never need the offsets)."""
    return tuple(map(str.lower, WORD_RE.findall(text)))


def cyrillic_runs(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of each run of Cyrillic words (spaces and light punctuation inside a run)."""
    for m in CYRILLIC_RUN_RE.finditer(text):
        end = m.end()
        # Keep a quotation opened inside the run whole: «Яндекс Переводчик».
        if end < len(text) and text[end] == "»" and m.group().count("«") > m.group().count("»"):
            end += 1
        yield m.start(), end


_CYRILLIC_LETTERS = re.compile(r"[\u0400-\u04FF]+")
_LATIN_LETTERS = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=8192)
def share_cyrillic(text: str) -> float:
    """Share of letters that are Cyrillic (0.0 when there are no letters; cached: every
    check that needs one language asks)."""
    # Letters are counted by runs (one string per word, not one per letter), and a
    # text without Cyrillic needs no Latin count: its share is 0 either way.
    cyr = sum(map(len, _CYRILLIC_LETTERS.findall(text)))
    if not cyr:
        return 0.0
    lat = sum(map(len, _LATIN_LETTERS.findall(text)))
    return cyr / (cyr + lat)


def squash(text: str) -> str:
    """Lower-case with runs of white space folded, for matching whole lines."""
    return " ".join(text.split()).casefold()


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it does not begin or end with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
