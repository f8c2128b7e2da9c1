"""Untranslated Russian left in the English MT."""

from __future__ import annotations

from typing import Iterator

from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckContext, Example, Hit, check
from mtcheck.text import cyrillic_runs


@check(
    code="MT101",
    name="cyrillic-in-mt",
    category=Category.UNTRANSLATED,
    severity=Severity.MAJOR,
    summary="Runs of Cyrillic letters in the English MT: text left untranslated.",
    fails=(Example(mt="Light rains are ожидаются in the Moscow region."),),
    passes=(Example(mt="Light rains are expected in the Moscow region."),),
)
def cyrillic_in_mt(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags each run of Cyrillic words in the MT, one finding per run.

    English output should contain no Cyrillic at all; a run is either a word the
    engine did not translate or a whole line that it skipped (page furniture such as
    «Озвучить текст»). Consecutive Cyrillic words separated by spaces or light
    punctuation form one run, so a skipped sentence is one finding, not ten.
    """
    for start, end in cyrillic_runs(segment.mt):
        text = segment.mt[start:end]
        shown = text if len(text) <= 40 else text[:37] + "..."
        yield Hit(Span("mt", start, end), f"untranslated Russian text «{shown}»")
