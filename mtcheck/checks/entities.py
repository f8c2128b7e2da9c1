"""Named entities lost, replaced or rendered inconsistently (MT6xx).

Names are found in the Russian source by morphology and capitalisation
(:mod:`mtcheck.lang.names`) and looked up in the MT by exonym and transliteration.
The source, and a back-translation compared with the source, show errors as
critical; an English reference alone (no usable source) shows them as major.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Sequence

from mtcheck.lang.english import english_zipf
from mtcheck.lang.names import (
    EnglishText,
    Exonyms,
    SourceName,
    default_exonyms,
    name_keys,
    source_names,
    strip_accents,
)
from mtcheck.lang.translit import transliterate
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckCannotRun, CheckContext, DocHit, Example, Hit, check
from mtcheck.text import share_cyrillic, strip_span

MIN_CYRILLIC = 0.3
# English words at least this frequent (Zipf) are not taken for names in a reference.
REF_NAME_MAX_ZIPF = 4.0


def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _whole(segment: Segment, field: str) -> Span:
    text = segment.text(field) or ""
    start, end = strip_span(text, 0, len(text))
    return Span(field, start, end)


@dataclass(frozen=True)
class NameProblem:
    kind: str
    span: Span
    related: Span
    severity: Severity
    message: str


@dataclass(frozen=True)
class Rendering:
    """Where a source name was found in the MT (for the document check)."""

    key: str
    source: str
    span: Span


class NameAnalysis:
    """Names of one segment: problems, and how each found name was rendered."""

    def __init__(self, problems: list[NameProblem], renderings: list[Rendering]) -> None:
        self.problems = problems
        self.renderings = renderings


def _source_names(src: str, ctx: CheckContext) -> list[SourceName]:
    cache: dict[str, list[SourceName]] = ctx.resource("names.source_cache", dict)
    found = cache.get(src)
    if found is None:
        if len(cache) > 20_000:
            cache.clear()
        morph = ctx.resource("pymorphy3", _morph)
        exonyms: Exonyms = ctx.resource("names.exonyms", default_exonyms)
        found = source_names(src, morph, exonyms)
        cache[src] = found
    return found


def _show(name: SourceName) -> str:
    return name.text if len(name.text) <= 40 else name.text[:37] + "..."


def analyse(segment: Segment, ctx: CheckContext) -> NameAnalysis:
    """Compare the names of a segment's sides; raise CheckCannotRun when none can judge it."""
    mt = segment.mt
    if share_cyrillic(mt) > 0.5:
        raise CheckCannotRun("the MT is not English (mostly Cyrillic)")
    problems: list[NameProblem] = []
    renderings: list[Rendering] = []
    src = segment.src or ""
    if segment.has("src") and share_cyrillic(src) >= MIN_CYRILLIC:
        names = _source_names(src, ctx)
        english = EnglishText(mt)
        back = EnglishText(transliterate(segment.back or "")) if segment.has("back") else None
        for name in names:
            related = Span("src", name.start, name.end)
            found = False
            for token in name.tokens:
                where = english.find_token(token)
                if where is None:
                    continue
                found = found or not token.optional
                if token.lemma:
                    renderings.append(Rendering("s:" + token.lemma, token.text, Span("mt", *where)))
            if not found and name.sure:
                problems.append(
                    NameProblem("missing", _whole(segment, "mt"), related, Severity.CRITICAL, f"the name «{_show(name)}» in the source is missing from the MT")
                )
                continue
            if back is not None and name.sure and back.find_name(name) is None:
                problems.append(
                    NameProblem(
                        "missing", _whole(segment, "mt"), related, Severity.CRITICAL,
                        f"the name «{_show(name)}» in the source is missing from the back-translation",
                    )
                )
    elif segment.has("ref"):
        problems.extend(_against_reference(segment))
    elif segment.has("src"):
        raise CheckCannotRun("the source is not Russian (too few Cyrillic letters) and there is no reference")
    else:
        raise CheckCannotRun("no source or reference to compare names with")
    return NameAnalysis(problems, renderings)


_REF_NAME = re.compile(r"(?<![\w'’-])[A-Z][A-Za-z'’-]*[a-z][A-Za-z'’-]*")


def _against_reference(segment: Segment) -> list[NameProblem]:
    """Names in an English reference (capitalised inside a sentence, not common words) that the MT lacks."""
    ref = segment.ref or ""
    english = EnglishText(segment.mt)
    out = []
    for m in _REF_NAME.finditer(ref):
        word = m.group().rstrip("'’")
        if _sentence_initial_en(ref, m.start()) or english_zipf(word) >= REF_NAME_MAX_ZIPF:
            continue
        if english.find_keys(name_keys(word)) is None and strip_accents(word).lower() not in english.folded:
            out.append(
                NameProblem(
                    "missing",
                    _whole(segment, "mt"),
                    Span("ref", m.start(), m.start() + len(word)),
                    Severity.MAJOR,
                    f"the name “{word}” in the reference is missing from the MT",
                )
            )
    return out


def _sentence_initial_en(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?:;—–-"


def _analysis(segment: Segment, ctx: CheckContext) -> NameAnalysis:
    memo = ctx.resource("names.memo", lambda: [None, None])
    if memo[0] is not segment:
        memo[0], memo[1] = segment, analyse(segment, ctx)
    return memo[1]


@check(
    code="MT601",
    name="name-missing",
    category=Category.NAMED_ENTITY,
    severity=Severity.CRITICAL,
    summary="A name in the source (person, place, organisation) has no rendering in the MT.",
    needs=("mt",),
    needs_any=("src", "ref"),
    fails=(
        Example(
            mt="Earlier it was reported that Qiyao Han arrived in Kronstadt to take part in the celebrations.",
            src="Ранее сообщалось, что Путин прибыл в Кронштадт для участия в торжественных мероприятиях.",
        ),
        Example(
            mt="Light rain will fall in some areas of the city.",
            src="Небольшие дожди выпадут в отдельных районах Москвы.",
        ),
    ),
    passes=(
        Example(
            mt="Earlier it was reported that Putin arrived in Kronstadt to take part in the celebrations.",
            src="Ранее сообщалось, что Путин прибыл в Кронштадт для участия в торжественных мероприятиях.",
        ),
        Example(
            mt="Andriy Yermak met officials in Kyiv and Washington.",
            src="Андрей Ермак встретился с официальными лицами в Киеве и США.",
        ),
    ),
)
def name_missing(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a name of the source that the MT renders in no recognisable form.

    A name is found when the MT has an English exonym or translation of it
    («Москва» → Moscow, «США» → US/United States, «Киев» → Kyiv/Kiev, from
    ``mtcheck/data/exonyms.tsv``) or a spelling close to one of its
    transliterations, case endings stripped («Катаром» → Qatar, «Ермак» →
    Yermak/Ermak, «Зеленского» → Zelensky/Zelenskyy). In a person's full name the
    first name and patronymic may be left out. Capitalised common words that English
    may translate freely («Государственный суд») are not flagged alone. The
    finding spans the whole MT and points at the source's name as ``related``.
    """
    for p in _analysis(segment, ctx).problems:
        if p.kind == "missing":
            yield Hit(p.span, p.message, related=p.related, severity=p.severity)


@check(
    code="MT603",
    name="name-inconsistent",
    category=Category.NAMED_ENTITY,
    severity=Severity.MAJOR,
    summary="One name spelled two ways in one document (Ermak in one sentence, Yermak in another).",
    needs=("mt",),
    scope="document",
    fails=(
        Example(mt="Ermak met the envoy. Later Yermak said the talks went well."),
    ),
    passes=(
        Example(mt="Yermak met the envoy. Later Yermak said the talks went well."),
    ),
)
def name_inconsistent(segments: Sequence[Segment], ctx: CheckContext) -> Iterator[DocHit]:
    """Flags a later spelling of a name that differs from its first spelling in the document.

    Two spellings are one name when they fold to the same transliteration key
    (Ermak/Yermak, Zelensky/Zelenskyy/Zelenskiy, Vasiliev/Vasilev). Possessive and
    plural endings do not count as differences. Segments that share ``doc`` form a
    document; a segment without one is its own document.
    """
    first: dict[str, tuple[int, str, Span]] = {}
    for index, segment in enumerate(segments):
        flagged: set[Span] = set()
        for span, keys in _mt_name_keys(segment, ctx):
            word = _surface(span.text_in(segment))
            for key in keys:
                seen = first.get(key)
                if seen is None:
                    first[key] = (index, word, span)
                    continue
                first_index, first_word, first_span = seen
                if _same_spelling(word, first_word) or span in flagged:
                    continue
                flagged.add(span)
                where = "earlier in this segment" if first_index == index else f"in segment {segments[first_index].id}"
                related = first_span if first_index == index else None
                yield DocHit(
                    index,
                    Hit(span, f"“{word}” is spelled “{first_word}” {where}: one name, two spellings", related=related, suggestion=first_word),
                )


def _same_spelling(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    # "Putin"/"Putins", "Kadyrov"/"Kadyrova" are forms, not spellings.
    return a == b or a.startswith(b) and len(a) - len(b) <= 1 or b.startswith(a) and len(b) - len(a) <= 1


def _surface(text: str) -> str:
    text = text.replace("’", "'")
    return text[:-2] if text.endswith("'s") else text


_MT_NAME = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*")


def _mt_name_keys(segment: Segment, ctx: CheckContext) -> list[tuple[Span, list[str]]]:
    """Name-like MT words (capitalised inside a sentence, not frequent English words) and their keys."""
    out: dict[Span, list[str]] = {}
    text = segment.mt
    for m in _MT_NAME.finditer(text):
        word = _surface(m.group())
        if len(word) < 4 or _sentence_initial_en(text, m.start()) or english_zipf(word) >= REF_NAME_MAX_ZIPF:
            continue
        keys = name_keys(word)
        if keys:
            out[Span("mt", m.start(), m.start() + len(word))] = ["k:" + keys[0]]
    return sorted(out.items(), key=lambda item: item[0].start)
