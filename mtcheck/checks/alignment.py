"""Findings from sentence alignment: dropped source sentences and unpaired MT sentences.

When documents are paired (``mtcheck check --doc MT --src SRC``, or the JSONL that
``mtcheck align`` writes), a sentence with no partner becomes a segment of its own
whose other sides are empty strings. These checks read that shape: an empty side
that was given (``""``) means "nothing pairs with this", while a side that was not
given at all (``None``) says nothing.
"""

from __future__ import annotations

import re
from typing import Iterator

from mtcheck.checks.boilerplate import BoilerplatePatterns, load_patterns
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckContext, Example, Hit, check
from mtcheck.text import strip_span, words

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def _whole(segment: Segment, side: str) -> Span:
    text = segment.text(side) or ""
    start, end = strip_span(text, 0, len(text))
    return Span(side, start, end)


def _unpaired_mt(segment: Segment) -> bool:
    """An MT sentence that a source or reference was given for, but nothing pairs with."""
    if not segment.has("mt"):
        return False
    given = [side for side in ("src", "ref") if segment.text(side) is not None]
    return bool(given) and not any(segment.has(side) for side in given)


def _page_furniture(segment: Segment, ctx: CheckContext) -> bool:
    """Already flagged by MT201 (page furniture) or MT202 (translator credit)."""
    extra = ctx.option("extra_file")
    # The same resource key as MT201/MT202 use, so the data file is parsed once a run.
    patterns: BoilerplatePatterns = ctx.resource(f"boilerplate:{extra}", lambda: load_patterns(extra))
    return patterns.whole_line(segment.mt) or any(rx.search(segment.mt) for rx in patterns.credits)


def _looks_like_sentence(text: str, min_words: int) -> bool:
    text = text.strip()
    return bool(_SENTENCE_END.search(text)) and len(words(text)) >= min_words


@check(
    code="MT790",
    name="dropped-sentence",
    category=Category.OMISSION,
    severity=Severity.CRITICAL,
    summary="A whole source sentence has no translation in the MT document.",
    needs=(),
    needs_any=("src", "ref"),
    fails=(
        Example(mt="", src="Об этом 14 марта заявил генеральный секретарь НАТО Марк Рютте."),
        Example(mt="", ref="This was announced on March 14 by NATO Secretary General Mark Rutte."),
    ),
    passes=(
        Example(
            mt="This was announced on March 14 by NATO Secretary General Mark Rutte.",
            src="Об этом 14 марта заявил генеральный секретарь НАТО Марк Рютте.",
        ),
        # The reference has a sentence that the source does not: not the MT's fault.
        Example(mt="", src="", ref="Asked about it, he declined to comment."),
    ),
    options={"min_words": 4},
)
def dropped_sentence(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a source sentence that no MT sentence translates: the largest omission there is.

    Document alignment (``--doc`` with ``--src``/``--ref``, or ``mtcheck align``)
    leaves such a sentence as a segment with an empty MT. The span is the empty MT
    at the place the sentence is missing from; ``related`` is the whole sentence in
    the source. Critical when the source shows it (a sentence of ``min_words`` words
    or more, default 4), major for a shorter one; major when only the reference
    shows it (no source given). A reference sentence that the source lacks as well
    is the reference's own addition and is not flagged.
    """
    if segment.has("mt"):
        return
    if segment.has("src"):
        src = segment.src or ""
        short = len(words(src)) < int(ctx.option("min_words", 4))
        origin = segment.origins.get("src")
        where = f" (source line {origin.line})" if origin is not None else ""
        yield Hit(
            Span("mt", 0, 0),
            f"source sentence not translated{where}, no MT sentence pairs with it: “{src.strip()}”",
            related=_whole(segment, "src"),
            severity=Severity.MAJOR if short else Severity.CRITICAL,
        )
    elif segment.src is None and segment.has("ref"):
        yield Hit(
            Span("mt", 0, 0),
            f"the reference has a sentence that the MT lacks: “{(segment.ref or '').strip()}”",
            related=_whole(segment, "ref"),
            severity=Severity.MAJOR,
        )


@check(
    code="MT791",
    name="unpaired-page-line",
    category=Category.BOILERPLATE,
    severity=Severity.MAJOR,
    summary="An MT line with no source partner that is not a sentence: page junk the furniture list does not know.",
    fails=(Example(mt="Weather in Moscow", src=""), Example(mt="Top stories of the day", ref="")),
    passes=(
        Example(mt="Weather in Moscow", src="Погода в Москве"),
        # MT201 already flags known furniture: not twice.
        Example(mt="Skip to main content", src=""),
        Example(mt="The ministry later denied the report.", src=""),
    ),
    options={"extra_file": None, "min_words": 4},
)
def unpaired_page_line(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags an MT line with no source or reference partner that does not read as a sentence.

    Translated pages carry lines the source article does not have: menus, buttons,
    counters, captions ("Weather in Moscow", "Top stories of the day"). A line with no partner
    that does not end like a sentence, or has fewer than ``min_words`` words, is
    taken for page junk. Lines that MT201/MT202 already flag are left to them.
    """
    if not _unpaired_mt(segment) or _page_furniture(segment, ctx):
        return
    if not _looks_like_sentence(segment.mt, int(ctx.option("min_words", 4))):
        yield Hit(_whole(segment, "mt"), "line with no counterpart in the source: page furniture, not article text")


@check(
    code="MT792",
    name="added-sentence",
    category=Category.ADDITION,
    severity=Severity.MAJOR,
    summary="A whole MT sentence with no counterpart in the source or reference.",
    fails=(Example(mt="The ministry later denied the report.", src=""),),
    passes=(
        Example(mt="The ministry later denied the report.", src="Позже министерство опровергло это сообщение."),
        Example(mt="Weather in Moscow", src=""),
    ),
    options={"extra_file": None, "min_words": 4},
)
def added_sentence(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags an MT sentence that nothing in the source or reference pairs with.

    A sentence the source lacks is an addition (a hallucinated sentence, a
    duplicated one, text from a neighbouring article), or the source document is
    not the whole text. Lines that do not read as sentences are MT791's; known page
    furniture is MT201's.
    """
    if not _unpaired_mt(segment) or _page_furniture(segment, ctx):
        return
    if _looks_like_sentence(segment.mt, int(ctx.option("min_words", 4))):
        side = "source" if segment.src is not None else "reference"
        yield Hit(_whole(segment, "mt"), f"no sentence of the {side} pairs with this MT sentence: likely an addition")
