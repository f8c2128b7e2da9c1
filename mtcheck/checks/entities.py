"""Named entities lost, replaced or rendered inconsistently (MT6xx).

Names are found in the Russian source by morphology and capitalisation
(:mod:`mtcheck.lang.names`) and looked up in the MT by exonym and transliteration.
The source, and a back-translation compared with the source, show errors as
critical; an English reference alone (no usable source) shows them as major.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Sequence

from rapidfuzz import fuzz

from mtcheck.lang.english import english_zipf
from mtcheck.lang.morph import analyzer
from mtcheck.lang.names import (
    EnglishText,
    Exonyms,
    NameToken,
    SourceName,
    default_exonyms,
    LooseIndex,
    name_keys,
    quoted_inside,
    source_names,
    strip_accents,
)
from mtcheck.lang.quantity import share_cyrillic
from mtcheck.lang.translit import latin_key, transliterate
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckCannotRun, CheckContext, DocHit, Example, Hit, check
from mtcheck.text import strip_span

MIN_CYRILLIC = 0.3
# English words at least this frequent (Zipf) are not taken for names in a reference.
REF_NAME_MAX_ZIPF = 4.0


def _morph() -> Any:
    # One analyser per process: its dictionaries take a while to load.
    return analyzer()


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


def _source_names(src: str, ctx: CheckContext) -> tuple[list[SourceName], list[SourceName]]:
    """The names of a source, and the order in which they claim renderings in the MT
    (see :func:`_lost_names`); worked out once per source and run."""
    cache: dict[str, tuple[list[SourceName], list[SourceName]]] = ctx.resource("names.source_cache", dict)
    found = cache.get(src)
    if found is None:
        if len(cache) > 20_000:
            cache.clear()
        morph = ctx.resource("pymorphy3", _morph)
        exonyms: Exonyms = ctx.resource("names.exonyms", default_exonyms)
        names = source_names(src, morph, exonyms)
        # Exact (Latin) names and lower-case mentions take their renderings first.
        order = sorted(names, key=lambda n: (not n.required[0].latin, not n.mention_only))
        found = cache[src] = (names, order)
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
        names, order = _source_names(src, ctx)
        english = EnglishText(mt)
        # Where each source word is rendered, by token (both searches below ask).
        found: dict[int, list[tuple[int, int]]] = {}
        lost = _lost_names(order, english, src, found)
        strangers = _unaccounted(mt, src, names, english, found) if lost else []
        traces: list[tuple[int, int]] | None = None
        for name, replacement in _pair(lost, strangers, src, len(mt)):
            related = Span("src", name.start, name.end)
            if replacement is not None:
                span = Span("mt", *replacement)
                problems.append(
                    NameProblem(
                        "replaced", span, related, Severity.CRITICAL,
                        f"the name «{_show(name)}» in the source is not in the MT; “{mt[span.start:span.end]}” is there instead",
                    )
                )
            elif name.sure:
                problems.append(
                    NameProblem("missing", _whole(segment, "mt"), related, Severity.CRITICAL, f"the name «{_show(name)}» in the source is missing from the MT")
                )
            elif name.trace and not _next_to_found(name, names, lost, src) and not _spelled_lower(name, mt):
                if traces is None:
                    traces = _capital_runs(mt, names, english, found, ctx.resource("names.exonyms", default_exonyms))
                if not _take_nearest(traces, name.start / max(len(src), 1), len(mt)):
                    problems.append(
                        NameProblem(
                            "missing", _whole(segment, "mt"), related, Severity.MAJOR,
                            f"the name «{_show(name)}» in the source is probably missing from the MT: it has no capitalised word left for it",
                        )
                    )
        if segment.has("back") and share_cyrillic(segment.back or "") >= MIN_CYRILLIC:
            back = EnglishText(transliterate(segment.back or ""))
            reported = {id(n) for n, _ in _pair(lost, strangers, src, len(mt))}
            for name in names:
                if name.sure and id(name) not in reported and back.find_name(name) is None:
                    problems.append(
                        NameProblem(
                            "missing", _whole(segment, "mt"), Span("src", name.start, name.end), Severity.CRITICAL,
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


# The name patterns open with the capital and test what precedes it afterwards: a
# pattern that starts with a character class lets ``re`` skip to the capitals
# instead of trying the look-behind at every position. The matches are the same.
_REF_NAME = re.compile(r"[A-Z](?<![\w'’-][A-Z])[A-Za-z'’-]*[a-z][A-Za-z'’-]*")


def _renderings(english: EnglishText, token: NameToken, found: dict[int, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """``english.token_all(token)``, remembered in ``found`` by token (the tokens of a
    segment's names live as long as ``found``)."""
    where = found.get(id(token))
    if where is None:
        where = found[id(token)] = english.token_all(token)
    return where


# Reassignments tried in a row for one name: real sentences need one or two; the
# bound keeps a pathological input (one name a thousand times) linear.
_MAX_REASSIGN = 8


def _lost_names(
    order: list[SourceName], english: EnglishText, src: str, found: dict[int, list[tuple[int, int]]]
) -> list[SourceName]:
    """Source names with no rendering left in the MT, from the names in the order in
    which they claim renderings (exact Latin names and lower-case mentions first).

    Each rendering serves one mention: «Президент России ... флота России» needs
    "Russia"/"Russian" twice, so a name said twice and rendered once is lost once. Only
    adjacent words may share one («Папа Римский» → "Pope"). Renderings are assigned
    as a maximum matching (augmenting paths, names in ``order``): a name that could
    take either of two renderings does not leave a later name without one
    («турецких ... Турции ... Анкары» with "Turkey ... Ankara ... Turkish").
    """
    candidates = [sorted({w[0] for token in name.required for w in _renderings(english, token, found)}) for name in order]
    owner: dict[int, int] = {}

    def claim(i: int, seen: set[int], depth: int) -> bool:
        free = next((c for c in candidates[i] if c not in owner), None)
        if free is not None:
            owner[free] = i
            return True
        if depth >= _MAX_REASSIGN:
            return False
        for c in candidates[i]:
            if c in seen:
                continue
            seen.add(c)
            if claim(owner[c], seen, depth + 1):
                owner[c] = i
                return True
        return False

    shared: set[int] = set()
    for i, name in enumerate(order):
        if any(c in owner and _adjacent(order[owner[c]], name, src) for c in candidates[i]):
            shared.add(i)
        elif not claim(i, set(), 0) and name.sure:
            # A name whose loss would be reported takes a rendering from one whose loss
            # would not («США» after an office, «Вашингтона» with only "Washington").
            weak = next((c for c in candidates[i] if not order[owner[c]].sure and not order[owner[c]].mention_only), None)
            if weak is not None:
                loser = owner[weak]
                owner[weak] = i
                claim(loser, {weak}, 0)
    matched = set(owner.values()) | shared
    lost = [
        name
        for i, name in enumerate(order)
        if i not in matched and not name.mention_only and (not candidates[i] or name.sure)
    ]
    return sorted(lost, key=lambda n: n.start)


def _adjacent(a: SourceName, b: SourceName, src: str) -> bool:
    first, second = (a, b) if a.start <= b.start else (b, a)
    return first.end <= second.start and not src[first.end : second.start].strip(" -")


# Capitalised English words that translate ordinary Russian words inside names
# ("Ministry of Defence", "Navy Day", "State Court"): never taken for a foreign name.
_TITLE_WORDS = frozenset(
    """ministry department center centre party court state navy day fleet republic region territory
    federation council committee service agency university bank group company association union
    church cathedral square street avenue river lake sea ocean mountain mount island islands prize cup
    league championship games olympic olympics president prime minister secretary general admiral
    commander chief head director chairman king queen prince princess pope saint st north northern
    south southern east eastern west western central new great old upper lower national federal
    international world european american russian soviet ukrainian british english french german
    chinese japanese the a an of and for in on at to by from with mr mrs ms dr sir lord lady monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july august
    september october november december internet web moon earth sun god christmas easter bible
    parliament government cabinet office house senate congress duma kremlin army forces force
    air guard police security health defence defense foreign affairs interior justice finance economy
    culture education science emergency emergencies situations affairs supreme high district oblast
    krai city town village station airport port museum theatre theater hospital school academy
    institute foundation fund news agency channel tv radio press times post daily online network""".split()
)
# A lost source name of uncertain status is "replaced" only by a clearly foreign word.
_FOREIGN_MAX_ZIPF = 2.7
_MT_CANDIDATE = re.compile(r"[A-Z](?<![\w'’-][A-Z])(?:[a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]{1,5}s?)(?![\w])")


_ROMAN_NUMERAL = re.compile(r"[IVXLC]+")
_SOURCE_WORD = re.compile(r"[А-ЯЁа-яё]{2,}|[A-Za-z]{2,}")


def _unaccounted(
    mt: str, src: str, names: list[SourceName], english: EnglishText, found: dict[int, list[tuple[int, int]]]
) -> list[tuple[int, int, float]]:
    """Capitalised MT words inside a sentence that render nothing in the source:
    (start, end, English frequency) of each."""
    covered = [where for name in names for token in name.tokens for where in _renderings(english, token, found)]
    source_keys: LooseIndex | None = None
    out = []
    for m in _MT_CANDIDATE.finditer(mt):
        word = m.group()
        if word.lower() in _TITLE_WORDS or _ROMAN_NUMERAL.fullmatch(word):
            continue
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in covered):
            continue
        zipf = english_zipf(word)
        # A sentence opens with a capital anyway: there only clearly rare words count.
        if zipf >= (_FOREIGN_MAX_ZIPF if _sentence_initial_en(mt, m.start()) else 4.5):
            continue
        if source_keys is None:
            # Every source word, lower case too: "Murmansk" renders «мурманском».
            source_keys = _rough_index(src)
        if source_keys.similar(name_keys(word)):
            continue
        if "-" in word and any(source_keys.similar(name_keys(part)) for part in word.split("-") if len(part) >= 3):
            continue  # "Nagorno-Karabakh" renders «карабахских»
        out.append((m.start(), m.end(), zipf))
    return out


_ADJECTIVE_STEM = re.compile(r"(.{3,}?)(?:ск|цк)(?:ий|ой|ая|ое|ие|ого|ому|им|ом|ую|их|ими|ых|ым|ыми|ей)$")


@lru_cache(maxsize=4096)
def _rough_index(src: str) -> LooseIndex:
    return LooseIndex(k for keys in _rough_keys(src) for k in keys)


_CAPITAL = re.compile(r"[A-Z](?<![\w'’-][A-Z])[\w'’.&-]*")
_CALENDAR = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday i""".split()
)


def _capital_runs(
    mt: str,
    names: list[SourceName],
    english: EnglishText,
    found: dict[int, list[tuple[int, int]]],
    exonyms: Exonyms,
) -> list[tuple[int, int]]:
    """Capitalised MT words ("Center", "MCI") that render no source name: what a name
    English translates rather than spells may have become. Months, weekdays, common
    words opening a sentence and title words continuing a rendered name ("Atlantic
    Ocean") are left out, and so is the English name of a place or body the source does
    not mention ("Baltic" with no «Балтика»): it belongs to another name, so it cannot
    be how this one was rendered."""
    covered = [where for name in names for token in name.tokens for where in _renderings(english, token, found)]
    out: list[tuple[int, int]] = []
    after_name = False
    prev_end = -1
    for m in _CAPITAL.finditer(mt):
        word = m.group().rstrip(".'’-")
        start, end = m.start(), m.start() + len(word)
        joined = prev_end >= 0 and not mt[prev_end:start].strip()
        prev_end = end
        if any(s < end and start < e for s, e in covered):
            after_name = True
            continue
        # "Atlantic Ocean", "Navy Day": a word English adds to a rendered name is part of it.
        after_name = joined and after_name and word.lower() in _TITLE_WORDS
        if after_name or word.lower() in _CALENDAR:
            continue
        if word.lower() in exonyms.english_words and word.lower() not in _TITLE_WORDS:
            after_name = True  # "Baltic Sea": the title word after it is part of that other name
            continue
        if _sentence_initial_en(mt, start) and english_zipf(word) >= 4.5:
            continue
        out.append((start, end))
    return out


def _spelled_lower(name: SourceName, mt: str) -> bool:
    """Whether the MT spells one of a name's words in lower case: then it was a loanword
    («Спанбонд» → "spunbond", «Геопарк» → "geopark"), not a name."""
    english = EnglishText(mt.lower().title())
    return any(english.token_all(token) for token in name.required)


def _next_to_found(name: SourceName, names: list[SourceName], lost: list[SourceName], src: str) -> bool:
    """Whether a name stands right next to a name the MT renders: «Дня Военно-морского
    флота» is "Navy Day", one name."""
    lost_ids = {id(n) for n in lost}
    return any(
        id(other) not in lost_ids and not other.mention_only and other is not name and _adjacent(other, name, src)
        for other in names
    )


def _take_nearest(runs: list[tuple[int, int]], where: float, length: int) -> bool:
    """Remove the run nearest a relative position; False when none is left."""
    if not runs:
        return False
    runs.remove(min(runs, key=lambda r: abs(r[0] / max(length, 1) - where)))
    return True


def _rough_keys(src: str) -> list[tuple[str, ...]]:
    """Rough transliteration keys of every source word: the word and its stem, BGN only."""
    out = []
    for m in _SOURCE_WORD.finditer(src):
        word = m.group()
        if word[0] < "А" or word[0] > "ё":
            out.append(name_keys(word))
            continue
        lower = word.lower()
        stem = re.sub(r"(?:ого|его|ому|ему|ыми|ими|ами|ями|ом|ем|ой|ей|ам|ям|ах|ях|ую|ия|ие|ии|ию|ым|им|ых|их|ов|ев|[аяуюеыийьо])$", "", lower)
        keys = {latin_key(transliterate(lower)), latin_key(transliterate(stem))}
        adjective = _ADJECTIVE_STEM.match(lower)
        if adjective:
            keys.add(latin_key(transliterate(adjective.group(1))))  # «пиктских» → Pict-ish
        out.append(tuple(k for k in keys if len(k) >= 2))
    return out


def _pair(
    lost: list[SourceName], strangers: list[tuple[int, int, float]], src: str, mt_len: int
) -> list[tuple[SourceName, tuple[int, int] | None]]:
    """Each lost name with the unaccounted MT word nearest its relative position, if any.

    An uncertain name («Государственный суд», which English may translate) needs a
    clearly foreign replacement to be reported at all.
    """
    free = list(strangers)
    out: list[tuple[SourceName, tuple[int, int] | None]] = []
    for name in lost:
        # A quoted title translated reads foreign itself («Разжимая кулаки» →
        # "Unclenching the Fists"): no stand-in counts for it.
        title = name.trace and quoted_inside(src, name.start)
        usable = [w for w in free if name.sure or (w[2] < _FOREIGN_MAX_ZIPF and not title)]
        if usable:
            here = name.start / max(len(src), 1)
            best = min(usable, key=lambda w: abs(w[0] / max(mt_len, 1) - here))
            free.remove(best)
            out.append((name, (best[0], best[1])))
        else:
            out.append((name, None))
    return out


def _against_reference(segment: Segment) -> list[NameProblem]:
    """Names in an English reference (capitalised inside a sentence, not common words) that the MT lacks."""
    ref = segment.ref or ""
    english = EnglishText(segment.mt)
    out = []
    for m in _REF_NAME.finditer(ref):
        word = m.group().rstrip("'’")
        zipf = english_zipf(word)
        if zipf >= (3.0 if _sentence_initial_en(ref, m.start()) else REF_NAME_MAX_ZIPF):
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
            mt="Light rain will fall in some areas of the city.",
            src="Небольшие дожди выпадут в отдельных районах Москвы.",
        ),
        Example(
            mt="Earlier it was reported that the president arrived in Kronstadt.",
            src="Ранее сообщалось, что Путин прибыл в Кронштадт.",
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
    code="MT602",
    name="name-replaced",
    category=Category.NAMED_ENTITY,
    severity=Severity.CRITICAL,
    summary="A name in the source is gone from the MT and a different name stands in its place.",
    needs=("mt", "src"),
    fails=(
        Example(
            mt="Earlier it was reported that Qiyao Han arrived in Kronstadt to take part in the celebrations.",
            src="Ранее сообщалось, что Путин прибыл в Кронштадт для участия в торжественных мероприятиях.",
        ),
    ),
    passes=(
        Example(
            mt="Earlier it was reported that Putin arrived in Kronstadt to take part in the celebrations.",
            src="Ранее сообщалось, что Путин прибыл в Кронштадт для участия в торжественных мероприятиях.",
        ),
    ),
)
def name_replaced(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a source name that the MT lost while it has a name the source lacks.

    The MT's stand-in is a capitalised word inside a sentence that renders no word
    of the source and is not an ordinary English word used in names ("Ministry",
    "Navy", "Day"). The finding points at it, with the lost source name as
    ``related``. For a capitalised source word that English may translate rather
    than spell («Государственный суд»), only a clearly foreign stand-in counts.
    """
    for p in _analysis(segment, ctx).problems:
        if p.kind == "replaced":
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
        Example(mt="The envoy met Ermak. Later, Yermak said the talks went well."),
    ),
    passes=(
        Example(mt="The envoy met Yermak. Later, Yermak said the talks went well."),
    ),
)
def name_inconsistent(segments: Sequence[Segment], ctx: CheckContext) -> Iterator[DocHit]:
    """Flags the spellings of a name that differ from its usual spelling in the document.

    Two spellings are one name when they fold to the same transliteration key
    (Ermak/Yermak, Zelensky/Zelenskyy/Zelenskiy, Vasiliev/Vasilev) and start alike
    (or differ only by an initial Y/J/I: Yermak/Ermak; Jolie and Ollie are two names).
    The usual spelling is the most frequent one, the first on a tie, so one misspelling
    among many correct ones is flagged once rather than every correct one after it.
    Possessive and plural endings do not count as differences. Segments that share
    ``doc`` form a document; a segment without one is its own document.
    """
    # MT words as (start, end) until one is reported: most are never.
    seen: dict[str, list[tuple[int, str, tuple[int, int]]]] = {}
    for index, segment in enumerate(segments):
        for span, keys in _mt_name_keys(segment, ctx):
            word = _surface(segment.mt[span[0] : span[1]])
            for key in keys:
                seen.setdefault(key, []).append((index, word, span))
    hits: list[DocHit] = []
    for uses in seen.values():
        counts: dict[str, int] = {}
        for _, word, _ in uses:
            counts[word.lower()] = counts.get(word.lower(), 0) + 1
        if len(counts) < 2:
            continue
        usual = max(counts, key=lambda w: counts[w])  # dicts keep first-use order: ties go to the first
        first_index, first_word, first_span = next(u for u in uses if u[1].lower() == usual)
        flagged: set[tuple[int, tuple[int, int]]] = set()
        for index, word, span in uses:
            if word.lower() == usual or (index, span) in flagged or not _same_start(word, first_word):
                continue
            flagged.add((index, span))
            if first_index == index:
                where = "in this segment"
            else:
                where = f"in segment {segments[first_index].id}"
            times = f" ({counts[usual]} times in the document)" if counts[usual] > 1 else ""
            hits.append(
                DocHit(
                    index,
                    Hit(
                        Span("mt", *span),
                        f"“{word}” is spelled “{first_word}” {where}{times}: one name, two spellings",
                        related=Span("mt", *first_span) if first_index == index else None,
                        suggestion=first_word,
                    ),
                )
            )
    hits.sort(key=lambda h: (h.index, h.hit.span.start))
    yield from hits


def _same_start(a: str, b: str) -> bool:
    """Whether two spellings with one key start alike: the same letter, or one of them
    with an iotated Y/J/I that the other leaves out (Yermak/Ermak, Iouri/Yuri)."""
    a, b = a.lower(), b.lower()
    if a[:1] == b[:1]:
        return True
    a_rest = a[1:] if a[:1] in "yji" else a
    b_rest = b[1:] if b[:1] in "yji" else b
    if a_rest == a and b_rest == b:
        return False
    return a_rest[:1] == b_rest[:1] and fuzz.ratio(a_rest, b_rest) >= 90


def _surface(text: str) -> str:
    text = text.replace("’", "'")
    return text[:-2] if text.endswith("'s") else text


_MT_NAME = re.compile(r"[A-Z](?<![\w'’-][A-Z])[a-z]+(?:[-'][A-Z]?[a-z]+)*")  # see _REF_NAME


def _mt_name_keys(segment: Segment, ctx: CheckContext) -> list[tuple[tuple[int, int], list[str]]]:
    """Name-like MT words (capitalised inside a sentence, not frequent English words),
    as (start, end) in the MT, and their keys."""
    out: dict[tuple[int, int], list[str]] = {}
    text = segment.mt
    low, high = sorted((3.0, REF_NAME_MAX_ZIPF))
    for m in _MT_NAME.finditer(text):
        found = _name_word(m.group())
        if found is None:
            continue
        length, zipf, key = found
        # A sentence opens with a capital anyway: there only clearly rare words count
        # (where the frequency settles it either way, the position is not looked at).
        if zipf >= high or (zipf >= low and zipf >= (3.0 if _sentence_initial_en(text, m.start()) else REF_NAME_MAX_ZIPF)):
            continue
        out[(m.start(), m.start() + length)] = [key]
    return sorted(out.items(), key=lambda item: item[0][0])


@lru_cache(maxsize=65536)
def _name_word(raw: str) -> tuple[int, float, str] | None:
    """A name-like word's length (possessive left out), English frequency and key;
    None when it is too short or has no key. Cached per word: names recur."""
    word = _surface(raw)
    if len(word) < 4:
        return None
    keys = name_keys(word)
    if not keys:
        return None
    return len(word), english_zipf(word), "k:" + keys[0]
