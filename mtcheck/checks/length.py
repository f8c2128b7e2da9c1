"""Length of the MT against its source or reference: the cheapest omission/addition signal."""

from __future__ import annotations

import math
from typing import Iterator

from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckContext, Example, Hit, check
from mtcheck.text import strip_span

# English runs about 4% longer than its Russian source in characters (median over
# WMT21-22 ru-en human references); English against an English reference is 1.0.
EXPECTED_RATIO = {"src": 1.04, "ref": 1.0}

LENGTH_OPTIONS = {
    "min_chars": 30,  # shorter sides vary too much to judge by length
    "minor_factor": 1.8,  # ratio off the expected by this factor or more: minor
    "major_factor": 2.6,  # ... by this factor or more: major
    # Added to both lengths before the ratio: "Отличный ЖК." -> "An excellent residential
    # complex." is 2.75x, but only 21 characters longer.
    "smooth_chars": 10,
}


def _compare(segment: Segment, ctx: CheckContext) -> tuple[str, float] | None:
    """The other side used (src preferred) and log(ratio / expected), or None.

    MT701 and MT702 ask in turn for each segment: the second gets the first's answer
    when their options agree."""
    min_chars, smooth = int(ctx.option("min_chars", 30)), float(ctx.option("smooth_chars", 10))
    memo = ctx.resource("length.memo", lambda: [None, None])
    if memo[0] is not None and memo[0][0] is segment and memo[0][1:] == (min_chars, smooth):
        return memo[1]  # type: ignore[no-any-return]
    side = "src" if segment.has("src") else "ref"
    other = segment.text(side) or ""
    mt_len, other_len = len(segment.mt.strip()), len(other.strip())
    found: tuple[str, float] | None = None
    if max(mt_len, other_len) >= min_chars and mt_len and other_len:
        found = side, math.log((mt_len + smooth) / (other_len * EXPECTED_RATIO[side] + smooth))
    memo[0], memo[1] = (segment, min_chars, smooth), found
    return found


def _severity(deviation: float, ctx: CheckContext) -> Severity | None:
    if deviation >= math.log(float(ctx.option("major_factor"))):
        return Severity.MAJOR
    if deviation >= math.log(float(ctx.option("minor_factor"))):
        return Severity.MINOR
    return None


def _whole(segment: Segment, side: str) -> Span:
    text = segment.text(side) or ""
    start, end = strip_span(text, 0, len(text))
    return Span(side, start, end)


@check(
    code="MT701",
    name="too-short",
    category=Category.OMISSION,
    severity=Severity.MINOR,
    summary="The MT is much shorter than its source or reference: something was probably left out.",
    needs=("mt",),
    needs_any=("src", "ref"),
    fails=(
        Example(
            mt="NATO will not take part.",
            src="Страны Североатлантического альянса не будут участвовать в обеспечении прекращения огня на Украине в случае заключения соглашения о временном перемирии.",
        ),
    ),
    passes=(
        Example(
            mt="The countries of the North Atlantic Alliance will not participate in ensuring a ceasefire in Ukraine in the event of a temporary truce agreement.",
            src="Страны Североатлантического альянса не будут участвовать в обеспечении прекращения огня на Украине в случае заключения соглашения о временном перемирии.",
        ),
    ),
    options=LENGTH_OPTIONS,
)
def too_short(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags an MT whose length in characters is far below what its source predicts.

    English runs about 4% longer than its Russian source (median over WMT ru-en
    human references; 98% of them lie within a factor of 1.5). An MT shorter by a
    factor of ``minor_factor`` (1.8) is minor, by ``major_factor`` (2.6) major.
    Against an English reference the expected ratio is 1. Short segments (under
    ``min_chars`` characters on both sides) are not judged, and ``smooth_chars`` (10)
    is added to both lengths, so that a few characters more or less in a short
    segment do not make a large ratio.
    """
    compared = _compare(segment, ctx)
    if compared is None:
        return
    side, dev = compared
    severity = _severity(-dev, ctx)
    if severity is not None:
        ratio = len(segment.mt.strip()) / len((segment.text(side) or "").strip())
        yield Hit(
            _whole(segment, "mt"),
            f"MT is {ratio:.2f}× the length of the {side} (expected about {EXPECTED_RATIO[side]:.2f}×): likely omission",
            related=_whole(segment, side),
            severity=severity,
        )


@check(
    code="MT702",
    name="too-long",
    category=Category.ADDITION,
    severity=Severity.MINOR,
    summary="The MT is much longer than its source or reference: something was probably added.",
    needs=("mt",),
    needs_any=("src", "ref"),
    fails=(
        Example(
            mt="The countries of the North Atlantic Alliance will not participate in ensuring a ceasefire in Ukraine, and all of them said so again and again at every meeting this year.",
            src="Страны альянса не будут участвовать в обеспечении перемирия.",
        ),
    ),
    passes=(
        Example(
            mt="The countries of the alliance will not participate in ensuring the truce.",
            src="Страны альянса не будут участвовать в обеспечении перемирия.",
        ),
    ),
    options=LENGTH_OPTIONS,
)
def too_long(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags an MT whose length in characters is far above what its source predicts.

    The mirror image of MT701 (too-short), with the same thresholds: a factor of
    ``minor_factor`` (1.8) over the expected length is minor, ``major_factor``
    (2.6) major. Hallucinated continuations and duplicated clauses show up here.
    """
    compared = _compare(segment, ctx)
    if compared is None:
        return
    side, dev = compared
    severity = _severity(dev, ctx)
    if severity is not None:
        ratio = len(segment.mt.strip()) / len((segment.text(side) or "").strip())
        yield Hit(
            _whole(segment, "mt"),
            f"MT is {ratio:.2f}× the length of the {side} (expected about {EXPECTED_RATIO[side]:.2f}×): likely addition",
            related=_whole(segment, side),
            severity=severity,
        )
