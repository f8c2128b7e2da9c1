"""Omission and addition against the source: the gap a dropped word leaves in English,
and (with the sentence-embedding model) the source words the MT does not cover and the
MT words the source does not support."""

from __future__ import annotations

import re
from typing import Iterator

from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckContext, Example, Hit, check

# Words that open a noun phrase and cannot stand without its head. "that", "this",
# "his", "her" are left out: they are also pronouns ("that was", "give her to").
_OPENERS = r"the|a|an|its|their|our|my|your"
# What cannot follow an opener directly: prepositions, conjunctions and auxiliaries.
# "will", "can", "may" are nouns too ("the will of the people"); "near", "past",
# "like", "over", "under" are adjectives too ("the near future").
_BLOCKERS = (
    r"of|in|on|at|to|for|from|with|by|about|between|among|during|into|through|against|without|within"
    r"|and|or|but|nor|than|was|were|is|are|has|have|had|could|would|should|must"
)
# Blockers are matched in lower case only: "the TO", "the OR" are abbreviations.
_GAP_BEFORE_WORD = re.compile(rf"\b(?P<open>(?i:{_OPENERS}))\s+(?P<next>{_BLOCKERS})\b(?![-'’])")
# An article right before punctuation, or a coordinator right before the end of a
# clause: "throughout the, and", "to the south and." ("a" is left out: "option a,";
# "and," opens an aside: "and, of course,").
_GAP_BEFORE_PUNCT = re.compile(
    r"\b(?:(?P<open>(?i:the|an))(?P<next>\s*[,.;:!?)])|(?P<coord>and|or)(?P<end>\s*[.;:!?)]))"
)
# Two prepositions in a row where a noun went missing between them: "in honour of
# the" -> "in of the"; "capable of flight." -> "capable of." ("out of." is fine).
_GAP_PREPOSITIONS = re.compile(r"\b(?P<open>in|at|by|with|from)\s+(?P<next>of)\b(?![-'’])|\b(?P<of>of)\s+(?:of|by)\b")
_GAP_FINAL_OF = re.compile(r"(?<!\bout )(?<!\bmade )\bof(?=[.!]\W*$)")
# A hyphenated word cut short: "her sister's ex-." ("pre- and post-war" is fine).
_GAP_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[.,;:)])")


def _gaps(mt: str) -> Iterator[tuple[int, int, str]]:
    for rx in (_GAP_BEFORE_WORD, _GAP_BEFORE_PUNCT, _GAP_PREPOSITIONS, _GAP_FINAL_OF, _GAP_HYPHEN):
        for m in rx.finditer(mt):
            start, end = m.start(), m.end()
            if rx is _GAP_BEFORE_WORD or rx is _GAP_BEFORE_PUNCT:
                groups = m.groupdict()
                opener = groups.get("open") or groups.get("coord") or ""
                # Sentence-initial "A" and "An" can be a letter or a name ("An and Li").
                if opener[0].isupper() and opener.lower() in ("a", "an"):
                    continue
                # "the..." trails off on purpose, and "and (or)" is a formula.
                if _ellipsis_or_etc(mt, m.end("open") if groups.get("open") else m.end("coord")):
                    continue
                if groups.get("coord") and mt[max(0, start - 1) : start] == "(":
                    continue
            if rx is _GAP_HYPHEN:
                word = re.search(r"[\w'’-]*$", mt[:start])
                start = word.start() if word else start
                end = start + len(mt[start:end].rstrip())
            shown = mt[start : end + (1 if rx in (_GAP_FINAL_OF, _GAP_HYPHEN) else 0)].strip()
            yield start, end, f"“{shown}”"


def _ellipsis_or_etc(mt: str, end: int) -> bool:
    return mt[end : end + 3] == "..." or mt[end : end + 1] == "…"


def _whole(text: str, field: str) -> Span:
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return Span(field, start, max(start, end))


@check(
    code="MT703",
    name="dropped-word-trace",
    category=Category.OMISSION,
    severity=Severity.MAJOR,
    summary="'the between', 'lost their chances of ... in the.': an article or 'and' with nothing after it, the gap a dropped word leaves.",
    fails=(
        Example(mt="The between Vladimir Putin and Vladimir Zelensky took place at the initiative of the Ukrainian side."),
        Example(mt="The region is bordered by the Sahel to the north and the Atlantic Ocean to the south and."),
        Example(mt="There are many trips to the reef throughout the, and injuries are rare."),
    ),
    passes=(
        Example(mt="The conversation between Vladimir Putin and Vladimir Zelensky took place at the initiative of the Ukrainian side."),
        Example(mt="The will of the people, the in-laws and the near future: a, b and c."),
    ),
)
def dropped_word_trace(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags an article or possessive followed directly by a preposition, a conjunction or
    an auxiliary ("the between", "their was"), and "the", "an", "and", "or" followed
    directly by punctuation ("the south and.").

    When a word is dropped from a sentence, the words around it stay, and English
    grammar rarely lets an article or "and" stand with nothing after it. The
    construction itself betrays the omission, so the check needs no source; with a
    source, the finding points at the whole source sentence, since the rules cannot
    tell which source word went missing. Words that are also nouns or adjectives
    ("the will", "the near future") and hyphenated compounds ("the in-laws") are not
    counted as blockers.
    """
    related = _whole(segment.src or "", "src") if segment.has("src") else None
    for start, end, shown in _gaps(segment.mt):
        yield Hit(
            Span("mt", start, end),
            f"{shown}: a word seems to be missing here",
            related=related,
        )
