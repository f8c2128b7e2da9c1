"""Numbers and dates that the MT changed, lost or added (MT5xx).

Quantities are read from both sides with language-specific readers
(:mod:`mtcheck.lang.numbers_ru`, :mod:`mtcheck.lang.numbers_en`) and compared as
normalised keys (:mod:`mtcheck.lang.quantity`). The source (Russian) and a
back-translation (Russian, compared with the source) are authorities: what they show
is critical. A reference (English) is consulted only when there is no usable
source, and what it shows is major.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from mtcheck.lang import numbers_en, numbers_ru
from mtcheck.lang.quantity import Discrepancy, Quantity, compare, share_cyrillic
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckCannotRun, CheckContext, Example, Hit, check
from mtcheck.text import strip_span

# A side with fewer Cyrillic letters than this share is not Russian.
MIN_CYRILLIC = 0.3


@dataclass(frozen=True)
class Problem:
    """One discrepancy placed on the segment: MT span, other-side span, who saw it."""

    kind: str
    span: Span
    related: Span | None
    severity: Severity
    message: str


def _whole(segment: Segment, field: str) -> Span:
    text = segment.text(field) or ""
    start, end = strip_span(text, 0, len(text))
    return Span(field, start, end)


def _show(q: Quantity, text: str) -> str:
    shown = text[q.start : q.end]
    if any(ch.isdigit() for ch in shown):
        return shown
    value = sorted(q.keys)[0]
    if value.startswith("n:"):
        return f"{shown} ({value[2:]})"
    return shown


def _is_russian(text: str) -> bool:
    return share_cyrillic(text) >= MIN_CYRILLIC


def _mt_quantity(mt_quantities: tuple[Quantity, ...], wanted: Quantity) -> Quantity | None:
    return next((q for q in mt_quantities if q.agrees(wanted.keys)), None)


def find_problems(segment: Segment) -> list[Problem]:
    """Every number problem in a segment, from every side that can show one."""
    mt = segment.mt
    if share_cyrillic(mt) > 0.5:
        raise CheckCannotRun("the MT is not English (mostly Cyrillic)")
    mt_q = numbers_en.extract(mt)
    problems: list[Problem] = []
    src_ok = segment.has("src") and _is_russian(segment.src or "")
    if src_ok:
        src = segment.src or ""
        src_q = numbers_ru.extract(src)
        found = _regrouped(compare(src_q, mt_q, len(src), len(mt)), src, mt)
        for d in found:
            problems.append(_against_source(segment, d, "src", _severity(d, src_q, mt_q, src, Severity.CRITICAL)))
        if segment.has("back") and _is_russian(segment.back or ""):
            back = segment.back or ""
            for d in compare(src_q, numbers_ru.extract(back), len(src), len(back)):
                problems.append(_against_back(segment, d, mt_q))
    elif segment.has("ref"):
        ref = segment.ref or ""
        for d in compare(numbers_en.extract(ref), mt_q, len(ref), len(mt)):
            problems.append(_against_source(segment, d, "ref", Severity.MAJOR))
    elif segment.has("src"):
        raise CheckCannotRun("the source is not Russian (too few Cyrillic letters) and there is no reference")
    else:
        raise CheckCannotRun("no source or reference to compare numbers with")
    return _merge(problems)


def _digits(q: Quantity | None, text: str) -> str | None:
    piece = text[q.start : q.end] if q is not None else ""
    return piece if piece.isdigit() else None


def _regrouped(found: list[Discrepancy], src: str, mt: str) -> list[Discrepancy]:
    """Drop the discrepancies that are only digits grouped differently: a phone
    number «229 62 01» written "229-6201" loses 62 and 01 and gains 6201."""
    lost = [d for d in found if d.kind in ("changed", "missing")]
    new = [d for d in found if d.kind in ("changed", "added")]
    if not lost or not new:
        return found
    lost_digits = [_digits(d.source, src) for d in lost]
    new_digits = [_digits(d.target, mt) for d in new]
    if any(x is None for x in lost_digits) or any(x is None for x in new_digits):
        return found
    by_place = lambda d: d[1].start if d[1] is not None else 0  # noqa: E731
    src_seq = "".join(x for x, _ in sorted(zip(lost_digits, (d.source for d in lost)), key=by_place) if x)
    mt_seq = "".join(x for x, _ in sorted(zip(new_digits, (d.target for d in new)), key=by_place) if x)
    if src_seq != mt_seq or len(src_seq) < 4:
        return found
    return [d for d in found if d not in lost and d not in new]


_MONTH_BEFORE = re.compile(r"[а-яё]+\s*,?\s*$", re.IGNORECASE)


def _severity(d: Discrepancy, src_q: tuple[Quantity, ...], mt_q: tuple[Quantity, ...], src: str, default: Severity) -> Severity:
    """Minor where a lost number is unlikely to change what the sentence says: the
    year of a full date whose day and month the MT kept («25 июля 2020 года» →
    "July 25"), or a lone digit 1 (English says "a")."""
    if d.kind != "missing" or d.source is None:
        return default
    q = d.source
    shown = src[q.start : q.end]
    if shown == "1":
        return Severity.MINOR
    if len(shown) == 4 and shown.isdigit() and 1900 <= int(shown) <= 2099:
        months = [m for m in src_q if m.family == "m" and 0 <= q.start - m.end <= 3]
        mt_keys = frozenset().union(*(m.keys for m in mt_q)) if mt_q else frozenset()
        if months and all(m.agrees(mt_keys) for m in months):
            return Severity.MINOR
    return default


def _against_source(segment: Segment, d: Discrepancy, side: str, severity: Severity) -> Problem:
    other = segment.text(side) or ""
    name = "source" if side == "src" else "reference"
    mt = segment.mt
    if d.kind == "changed" and d.source and d.target:
        what = "date" if d.source.family == "m" else "number"
        return Problem(
            "changed",
            Span("mt", d.target.start, d.target.end),
            Span(side, d.source.start, d.source.end),
            severity,
            f"{what} changed: the {name} has «{_show(d.source, other)}», the MT “{_show(d.target, mt)}”",
        )
    if d.kind == "missing" and d.source:
        return Problem(
            "missing",
            _whole(segment, "mt"),
            Span(side, d.source.start, d.source.end),
            severity,
            f"«{_show(d.source, other)}» in the {name} is missing from the MT",
        )
    if d.target is None:
        raise ValueError(f"discrepancy without a side: {d}")
    return Problem(
        "added",
        Span("mt", d.target.start, d.target.end),
        _whole(segment, side),
        severity,
        f"“{_show(d.target, mt)}” in the MT is not in the {name}",
    )


def _against_back(segment: Segment, d: Discrepancy, mt_q: tuple[Quantity, ...]) -> Problem:
    """The back-translation (Russian) disagrees with the source: point at the MT if we can."""
    back = segment.back or ""
    src = segment.src or ""
    found = _mt_quantity(mt_q, d.target) if d.target else None
    if found is not None:
        span = Span("mt", found.start, found.end)
    elif d.target is not None:
        span = Span("back", d.target.start, d.target.end)
    else:
        span = _whole(segment, "mt")
    related = Span("src", d.source.start, d.source.end) if d.source else _whole(segment, "src")
    if d.kind == "changed" and d.source and d.target:
        message = f"the back-translation has «{_show(d.target, back)}» where the source has «{_show(d.source, src)}»"
    elif d.kind == "missing" and d.source:
        message = f"«{_show(d.source, src)}» in the source is missing from the back-translation"
    elif d.target is not None:
        message = f"the back-translation adds «{_show(d.target, back)}», which is not in the source"
    else:
        raise ValueError(f"discrepancy without a side: {d}")
    return Problem(d.kind, span, related, Severity.CRITICAL, message)


def _merge(problems: list[Problem]) -> list[Problem]:
    """One problem per kind and place: the source's and the back-translation's agree often."""
    seen: dict[tuple[str, Span, Span | None], Problem] = {}
    for p in problems:
        key = (p.kind, p.span, p.related)
        if key not in seen:
            seen[key] = p
    return list(seen.values())


def _problems(segment: Segment, ctx: CheckContext) -> list[Problem]:
    """The three checks share one comparison per segment."""
    memo = ctx.resource("numbers.memo", lambda: [None, None])
    if memo[0] is not segment:
        memo[0], memo[1] = segment, find_problems(segment)
    return memo[1]


def _hits(segment: Segment, ctx: CheckContext, kind: str) -> Iterator[Hit]:
    for p in _problems(segment, ctx):
        if p.kind == kind:
            yield Hit(p.span, p.message, related=p.related, severity=p.severity)


_SRC = "В воскресенье, 26 июля, в Москве ожидаются кратковременные дожди и до 25 градусов тепла."


@check(
    code="MT501",
    name="number-changed",
    category=Category.NUMBER,
    severity=Severity.CRITICAL,
    summary="A number or date in the source (or reference) appears with a different value in the MT.",
    needs=("mt",),
    needs_any=("src", "ref"),
    fails=(
        Example(mt="On Sunday, July 20, short rains and up to 25 degrees are expected in Moscow.", src=_SRC),
        Example(
            mt="Psychologist Veronika Stepanova, who has more than 5 million subscribers, spoke.",
            src="Психолог Вероника Степанова, у которой более 1 млн подписчиков, рассказала.",
        ),
        Example(
            mt="Diplomatic relations with Qatar were severed two years ago.",
            ref="Diplomatic relations with Qatar were severed three years ago.",
        ),
    ),
    passes=(
        Example(mt="On Sunday, July 26, short rains and up to 25 degrees are expected in Moscow.", src=_SRC),
        Example(
            mt="They met on March 14 at 3 p.m.; 1.5 million people watched.",
            src="Они встретились 14 марта в 15:00, за этим следили полтора миллиона человек.",
        ),
    ),
)
def number_changed(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a number, date or time whose value differs between the source and the MT.

    Both sides are normalised first, so «1,5 млн», "1.5 million" and "1,500,000"
    agree, as do «трёх» and "three", «14 марта» and "March 14", «15:00» and "3 p.m.",
    «2025 г.» and "2025", «30-дневном» and "30-day". A source number missing from the
    MT together with a new number in the MT is a change; the finding points at the
    MT's number and, as ``related``, at the source's. Severity is critical against
    the source or a back-translation, major against a reference alone.
    """
    return _hits(segment, ctx, "changed")


@check(
    code="MT502",
    name="number-missing",
    category=Category.NUMBER,
    severity=Severity.CRITICAL,
    summary="A number or date in the source (or reference) is missing from the MT.",
    needs=("mt",),
    needs_any=("src", "ref"),
    fails=(
        Example(mt="On Sunday, short rains and up to 25 degrees are expected in Moscow.", src=_SRC),
    ),
    passes=(
        Example(mt="On Sunday, July 26, short rains and up to 25 degrees are expected in Moscow.", src=_SRC),
        Example(mt="One of the two ministers resigned twice.", src="Один из двух министров дважды уходил в отставку."),
    ),
)
def number_missing(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a number, date or time of the source that the MT does not have in any form.

    Numbers that English often leaves implicit are not flagged alone: «один»
    ("a", "one of"), «первый»/«второй», «оба», «дважды», «половина» and Roman
    numerals. Two losses are reported as minor only: the year of a full date whose
    day and month the MT keeps («25 июля 2020 года» → "July 25"), and a lone digit 1.
    Digits regrouped («229 62 01» → "229-6201") are not a loss. The finding spans the
    whole MT (where the number should be) and points at the source's number as
    ``related``.
    """
    return _hits(segment, ctx, "missing")


@check(
    code="MT503",
    name="number-added",
    category=Category.NUMBER,
    severity=Severity.CRITICAL,
    summary="A number or date in the MT that the source (or reference) does not have.",
    needs=("mt",),
    needs_any=("src", "ref"),
    fails=(
        Example(mt="On Sunday, July 26, short rains and up to 25 degrees are expected in Moscow for 3 days.", src=_SRC),
    ),
    passes=(
        Example(mt="On Sunday, July 26, short rains and up to 25 degrees are expected in Moscow.", src=_SRC),
        Example(mt="A two-storey house was sold for half a million.", src="Двухэтажный дом продали за полмиллиона."),
    ),
)
def number_added(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a number, date or time in the MT with no counterpart in the source.

    Words that hint at a number without stating it are tolerated on both sides:
    "one", "first", "twice", "both", "half", "a dozen", and numbers inside Russian
    compounds («двухэтажный» → "two-storey", «город-миллионник» → "a city of 1
    million"), "24/7" («круглосуточно»), a mark "4/5" («на четвёрку») and a stage
    of a tournament ("round of 16" for «1/8 финала»). Numbers inside names ("Su-57",
    "COVID-19") are matched but never flagged alone.
    """
    return _hits(segment, ctx, "added")
