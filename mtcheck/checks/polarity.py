"""Polarity: a negation dropped or added, judged against the source, the reference
or a back-translation.

The cue finders (:mod:`mtcheck.lang.negation_ru`, :mod:`mtcheck.lang.negation_en`)
turn each side into clauses and negations; :func:`mtcheck.lang.negation.unmatched`
finds the strong negations of one side that have nothing where they belong on the
other. The source and the back-translation are Russian, the MT and the reference
English, so the same comparison serves all three pairs:

* source vs MT (MT402, MT403, critical): the source is the authority;
* reference vs MT (MT404, MT405, major): a human translation disagrees, which may
  be its own freedom; findings the source checks already made are not repeated;
* source vs back-translation (MT406, MT407, critical): the back-translation shows
  what the MT says, in Russian, so the comparison is Russian with Russian.

Every finding points at the MT (the English negation, or the predicate that lost
one) and at the other side (the Russian «не …», the reference's "not", or the
clause that states the opposite).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from mtcheck.lang import negation_en
from mtcheck.lang.antonyms import find
from mtcheck.lang.negation import Analysis, Cue, Mismatch, align, position, unmatched
from mtcheck.lang.negation_ru import STRONG_HINT as RU_STRONG_HINT
from mtcheck.lang.negation_ru import RussianNegation, build_morph
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckCannotRun, CheckContext, Example, Hit, check
from mtcheck.text import share_cyrillic, strip_span

_OPTIONS = {"clause_level": True}
# A lost negation of a verb English often says positively («не обманывают» = "honest")
# may be a paraphrase: reported, but below the default failing level.
_LITOTES_SEVERITY = Severity.MINOR

# What a lost Russian construction should have become in English.
_SUGGEST = {
    "no-longer": "no longer",
    "not-yet": "not yet",
    "never": "never",
    "unlikely": "unlikely",
    "must-not": "must not / cannot",
    "impossible": "impossible / cannot",
}


def _russian(ctx: CheckContext) -> RussianNegation:
    morph = ctx.resource("pymorphy3.MorphAnalyzer", build_morph)
    return ctx.resource("polarity.ru", lambda: RussianNegation(morph))


@lru_cache(maxsize=8192)
def _cyrillic(text: str) -> float:
    return share_cyrillic(text)


def _need_russian(text: str, what: str) -> None:
    if _cyrillic(text) < 0.5:
        raise CheckCannotRun(f"the {what} is not Russian (too few Cyrillic letters)")


def _need_english(text: str, what: str) -> None:
    if _cyrillic(text) > 0.5:
        raise CheckCannotRun(f"the {what} is not English (mostly Cyrillic)")


def _usable_russian(text: str | None) -> bool:
    return bool(text and text.strip()) and _cyrillic(text or "") >= 0.5


# -- source vs MT -----------------------------------------------------------------


def _hint(ctx: CheckContext, lang: str, text: str) -> bool:
    """Whether ``text`` may hold a strong negation (the cheap gate before any analysis).

    Answered once per text and run: the MT is asked by several checks, and the
    source and the reference recur for every system that translated them.
    """
    hints: dict[tuple[str, str], bool] = ctx.resource("polarity.hints", dict)
    found = hints.get((lang, text))
    if found is None:
        if len(hints) > 50_000:
            hints.clear()
        if lang == "ru":
            found = RU_STRONG_HINT.search(text) is not None
        else:
            found = negation_en.may_negate(text)
        hints[(lang, text)] = found
    return found


def _compare_gated(ctx: CheckContext, ru: RussianNegation, src: str, mt: str) -> tuple[list[Mismatch], list[Mismatch]]:
    if not _hint(ctx, "ru", src) and not _hint(ctx, "en", mt):
        return [], []  # most sentences: no strong negation on either side, nothing to compare
    return _compare(ru, src, mt, bool(ctx.option("clause_level", True)))


@lru_cache(maxsize=2048)
def _compare(ru: RussianNegation, src: str, mt: str, clause_level: bool) -> tuple[list[Mismatch], list[Mismatch]]:
    """(negations of the source missing in the MT, negations of the MT missing in the source).

    Callers go through :func:`_compare_gated`, which skips sentences without a hint of
    a strong negation on either side."""
    rs, em = ru.analyze(src), negation_en.analyze(mt)
    return unmatched(rs, em, clause_level), unmatched(em, rs, clause_level)


def _src_vs_mt(segment: Segment, ctx: CheckContext) -> tuple[RussianNegation, list[Mismatch], list[Mismatch]]:
    # MT402 and MT403 ask in turn for each segment: the second gets the first's
    # answer (or its reason for not running).
    memo = ctx.resource("polarity.src_vs_mt", lambda: [None, None, None])
    if memo[0] is segment and memo[1] == ctx.option("clause_level", True):
        if isinstance(memo[2], str):
            raise CheckCannotRun(memo[2])
        return memo[2]  # type: ignore[no-any-return]
    memo[0], memo[1] = segment, ctx.option("clause_level", True)
    try:
        _need_russian(segment.src or "", "source")
        _need_english(segment.mt, "MT")
    except CheckCannotRun as exc:
        memo[2] = str(exc)
        raise
    ru = _russian(ctx)
    dropped, added = _compare_gated(ctx, ru, segment.src or "", segment.mt)
    memo[2] = (ru, dropped, added)
    return ru, dropped, added


def _quote(text: str, start: int, end: int, limit: int = 48) -> str:
    piece = " ".join(text[start:end].split())
    return piece if len(piece) <= limit else piece[: limit - 1] + "…"


def _mt_predicate(mt: str, src_analysis: Analysis, mismatch: Mismatch, em: Analysis) -> Span:
    """Where in the MT the lost negation belongs: near the place that corresponds to
    the source cue's relative position, inside the aligned clauses."""
    s, e = _predicate_near(mt, mismatch.region, em, position(src_analysis, mismatch.cue.start))
    return Span("mt", s, max(e, s))


def _predicate_near(text: str, region: tuple[int, int], analysis: Analysis, rel: float) -> tuple[int, int]:
    """The predicate of the English ``text`` (analysed as ``analysis``) inside ``region``
    nearest to the relative position ``rel`` (where the other side's cue stands),
    without surrounding white space."""
    return strip_span(text, *negation_en.predicate(text, *region, _offset_at(analysis, rel)))


def _offset_at(analysis: Analysis, rel: float) -> int:
    """The character offset whose relative position (share of letters) is ``rel``."""
    for clause, (lo, hi) in zip(analysis.clauses, analysis.rel):
        if lo <= rel <= hi:
            share = (rel - lo) / (hi - lo) if hi > lo else 0.0
            return clause.start + int(share * (clause.end - clause.start))
    return len(analysis.text) if rel > 0.5 else 0


def _dropped_hit(
    segment: Segment, ru: RussianNegation, m: Mismatch, other: str, severity: Severity | None = None
) -> Hit:
    src = segment.src or ""
    rs, em = ru.analyze(src), negation_en.analyze(segment.mt)
    span = _mt_predicate(segment.mt, rs, m, em)
    cue_text = _quote(src, m.cue.start, m.cue.end)
    hint = _SUGGEST.get(m.cue.kind)
    said = f"“{_quote(segment.mt, span.start, span.end)}”"
    message = f"negation dropped: the {other} says «{cue_text}», the MT ({said}) has no negation there"
    if hint:
        message += f" — expected “{hint}”"
    return Hit(span, message, related=Span("src", m.cue.start, m.cue.end), severity=severity, suggestion=hint)


def _added_hit(segment: Segment, ru: RussianNegation, m: Mismatch, severity: Severity | None = None) -> Hit:
    src = segment.src or ""
    rs = ru.analyze(src)
    start, end = m.region
    near = _offset_at(rs, position(negation_en.analyze(segment.mt), m.cue.start))
    rel_start, rel_end = ru.predicate(src, start, end, near)
    cue_text = _quote(segment.mt, m.cue.start, m.cue.end)
    return Hit(
        Span("mt", m.cue.start, m.cue.end),
        f"negation added: “{cue_text}” has no counterpart in the source («{_quote(src, rel_start, rel_end)}» is affirmative)",
        related=Span("src", rel_start, rel_end),
        severity=severity,
    )


@check(
    code="MT402",
    name="negation-dropped",
    category=Category.POLARITY,
    severity=Severity.CRITICAL,
    needs=("mt", "src"),
    summary="The source negates something («не», «нет», «никогда не», «нельзя», «вряд ли»…) that the MT states without any negation.",
    fails=(
        Example(
            mt="Rutte confirmed that the issue of Ukraine joining the alliance is more considered relevant.",
            src="Рютте подтвердил, что вопрос о вступлении Украины в альянс больше не считается актуальным.",
        ),
        Example(mt="He knew the answer.", src="Он не знал ответа."),
    ),
    passes=(
        Example(
            mt="Rutte confirmed that the issue of Ukraine joining the alliance is no longer considered relevant.",
            src="Рютте подтвердил, что вопрос о вступлении Украины в альянс больше не считается актуальным.",
        ),
        Example(mt="The family lacked money.", src="Семье не хватало денег."),
        Example(mt="Nevertheless, the plan was adopted.", src="Тем не менее план был принят."),
    ),
    options=_OPTIONS,
)
def negation_dropped(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a negation of the Russian source that the MT lost.

    A strong Russian negation («не» before a predicate, «нет», «нельзя», «вряд ли»,
    «невозможно», a ни-word with «не» — «никто никогда не» counts once) must have some
    negation where it belongs in the English: "not", "-n't", "never", "no", "no longer",
    or one folded into a word ("lacked", "refused", "failed to", "unable", "without",
    "unknown"). It is reported when the MT has no negation at all, when the source has
    more negations than the MT and this one has no partner near its place, or when the
    clauses correspond one to one and the matching clause has none. Phrases that only
    look negative are not negations: «тем не менее» (nevertheless), «не менее» (at
    least), «не раз» (repeatedly), «чуть (ли) не» (almost), «не только» (not only),
    «пока не» + perfective verb (until), «что бы ни» (whatever); a double negative
    («без дела не сидел», «не обошлось без») is not one either. A negated verb that
    English often says with a positive word («не обманывают» honest, «не имеют
    аналогов» unique, «не подвела», «не пожалеете») is reported as minor only. The
    finding points at the MT predicate that lost the negation and at the Russian cue.
    """
    ru, dropped, _ = _src_vs_mt(segment, ctx)
    for m in dropped:
        yield _dropped_hit(segment, ru, m, "source", _LITOTES_SEVERITY if m.cue.kind == "litotes" else None)


@check(
    code="MT403",
    name="negation-added",
    category=Category.POLARITY,
    severity=Severity.CRITICAL,
    needs=("mt", "src"),
    summary="The MT negates something («did not», “never”, “no”…) that the Russian source states affirmatively.",
    fails=(
        Example(
            mt="The worst team in the league did not lose its chances on July 11.",
            src="Худшая команда лиги потеряла шансы 11 июля.",
        ),
        Example(
            mt="The courts refused to hear the case, but in April the State Court did not accept his appeal.",
            src="Суды отказались рассматривать иск, но в апреле его жалобу принял Государственный суд.",
        ),
    ),
    passes=(
        Example(mt="The worst team in the league lost its chances on July 11.", src="Худшая команда лиги потеряла шансы 11 июля."),
        Example(mt="It is impossible to say.", src="Сказать невозможно."),
        Example(mt="He has not yet arrived.", src="Он пока не приехал."),
    ),
    options=_OPTIONS,
)
def negation_added(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a negation in the MT that the Russian source does not have.

    A strong English negation ("not", "-n't", "never", "no", "nobody", "cannot",
    "unable", "impossible", "unlikely") must have some Russian negation where it
    belongs: «не», «нет», a ни-word, «без», a negative prefix («невозможно»,
    «неизвестный», «бездомный») or a verb that carries it («отказался» refused,
    «отсутствует» is absent, «избегать» avoid). Reported when the source has no
    negation at all, when the MT has more negations than the source and this one has
    no partner near its place, or when the clauses correspond one to one and the
    matching clause has none. Idioms are set aside on both sides ("not only", "no less
    than", "no matter", "nevertheless"). The finding points at the English negation and
    at the affirmative Russian predicate.
    """
    ru, _, added = _src_vs_mt(segment, ctx)
    for m in added:
        yield _added_hit(segment, ru, m)


# -- reference vs MT ----------------------------------------------------------------


def _ref_vs_mt(segment: Segment, ctx: CheckContext) -> tuple[Analysis, Analysis, list[Mismatch], list[Mismatch]]:
    _need_english(segment.ref or "", "reference")
    _need_english(segment.mt, "MT")
    ra, em = negation_en.analyze(segment.ref or ""), negation_en.analyze(segment.mt)
    clause_level = bool(ctx.option("clause_level", True))
    return ra, em, unmatched(ra, em, clause_level), unmatched(em, ra, clause_level)


def _source_decides(segment: Segment, ctx: CheckContext, dropped: bool) -> bool:
    """Whether a usable Russian source settles the question, so that the reference
    check has nothing to add: the source checks already report it, or the source
    sides with the MT (no negation in it for a dropped one; for an added one, the
    source either has a negation there or MT403 reports it)."""
    if not _usable_russian(segment.src) or _cyrillic(segment.mt) > 0.5:
        return False
    if not dropped:
        # An MT negation is either in the source too, or MT403 reports it.
        return True
    src = segment.src or ""
    ru = _russian(ctx)
    d, _ = _compare_gated(ctx, ru, src, segment.mt)
    return bool(d) or not any(c.strength > 0 for c in ru.analyze(src).cues)


@check(
    code="MT404",
    name="negation-dropped-vs-reference",
    category=Category.POLARITY,
    severity=Severity.MAJOR,
    needs=("mt", "ref"),
    summary="The reference negates something that the MT states without any negation (no Russian source to confirm).",
    fails=(
        Example(mt="The company will pay its debts this year.", ref="The company will not pay its debts this year."),
    ),
    passes=(
        Example(mt="The company won't pay its debts this year.", ref="The company will not pay its debts this year."),
        Example(mt="The family lacked money.", ref="The family did not have enough money."),
    ),
    options=_OPTIONS,
)
def negation_dropped_vs_reference(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a negation of the English reference that the MT lacks.

    Reference and MT are both English, so the same cues are compared on both sides
    ("not", "never", "no", "no longer", folded "lacked", "unable", "without"). The
    severity is major: a reference is one translation among several. With a Russian
    source too, the finding is kept only where the source does not settle it: not
    when MT402 already reports the segment, and not when the source has no negation
    at all (it sides with the MT).
    """
    if not _hint(ctx, "en", segment.ref or "") or _source_decides(segment, ctx, dropped=True):
        return
    ra, em, dropped, _ = _ref_vs_mt(segment, ctx)
    ref = segment.ref or ""
    for m in dropped:
        s, e = _predicate_near(segment.mt, m.region, em, position(ra, m.cue.start))
        hint = _SUGGEST.get(m.cue.kind)
        yield Hit(
            Span("mt", s, e),
            f"negation dropped: the reference says “{_quote(ref, m.cue.start, m.cue.end)}”, "
            f"the MT (“{_quote(segment.mt, s, e)}”) has no negation there",
            related=Span("ref", m.cue.start, m.cue.end),
            suggestion=hint,
        )


@check(
    code="MT405",
    name="negation-added-vs-reference",
    category=Category.POLARITY,
    severity=Severity.MAJOR,
    needs=("mt", "ref"),
    summary="The MT negates something that the reference states affirmatively (no Russian source to confirm).",
    fails=(Example(mt="Putin did not arrive in Kronstadt.", ref="Putin arrived in Kronstadt."),),
    passes=(
        Example(mt="Putin arrived in Kronstadt.", ref="Putin arrived in Kronstadt."),
        Example(mt="It is not possible to say.", ref="It is impossible to say."),
    ),
    options=_OPTIONS,
)
def negation_added_vs_reference(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a negation in the MT that the English reference does not have.

    The mirror of MT404: major severity; with a Russian source, silent when MT403
    already reports it or the source has a negation of its own (it sides with the MT).
    """
    if not _hint(ctx, "en", segment.mt) or _source_decides(segment, ctx, dropped=False):
        return
    ra, em, _, added = _ref_vs_mt(segment, ctx)
    ref = segment.ref or ""
    for m in added:
        s, e = _predicate_near(ref, m.region, ra, position(em, m.cue.start))
        yield Hit(
            Span("mt", m.cue.start, m.cue.end),
            f"negation added: “{_quote(segment.mt, m.cue.start, m.cue.end)}” has no counterpart in the reference "
            f"(“{_quote(ref, s, e)}” is affirmative)",
            related=Span("ref", s, e),
        )


# -- source vs back-translation -----------------------------------------------------------


def _src_vs_back(segment: Segment, ctx: CheckContext) -> tuple[RussianNegation, list[Mismatch], list[Mismatch]]:
    _need_russian(segment.src or "", "source")
    _need_russian(segment.back or "", "back-translation")
    _need_english(segment.mt, "MT")
    ru = _russian(ctx)
    rs, rb = ru.analyze(segment.src or ""), ru.analyze(segment.back or "")
    clause_level = bool(ctx.option("clause_level", True))
    return ru, unmatched(rs, rb, clause_level), unmatched(rb, rs, clause_level)


@check(
    code="MT406",
    name="negation-dropped-vs-back",
    category=Category.POLARITY,
    severity=Severity.CRITICAL,
    needs=("mt", "src", "back"),
    summary="The source negates something that the back-translation of the MT states without negation.",
    fails=(
        # "missing" (a folded negation) hides the loss from MT402; the back-translation shows it.
        Example(
            mt="The company will pay its debts this year despite missing targets.",
            src="Компания не расплатится с долгами в этом году.",
            back="Компания расплатится с долгами в этом году, несмотря на отставание от плана.",
        ),
    ),
    passes=(
        Example(
            mt="The company will not pay its debts this year.",
            src="Компания не расплатится с долгами в этом году.",
            back="Компания не заплатит свои долги в этом году.",
        ),
    ),
    options=_OPTIONS,
)
def negation_dropped_vs_back(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a negation of the source that is missing from the back-translation.

    The back-translation renders the MT in Russian, so source and back are compared
    with the same Russian cues and idioms, clause by clause. The finding points at the
    MT predicate where the negation belongs and at the source cue; a place the
    source-vs-MT check (MT402) already reports is not repeated.
    """
    ru, dropped, _ = _src_vs_back(segment, ctx)
    if not dropped:
        return
    _, direct, _ = _src_vs_mt(segment, ctx)
    known = {m.cue for m in direct}
    rs, em = ru.analyze(segment.src or ""), negation_en.analyze(segment.mt)
    for m in dropped:
        if m.cue in known:
            continue
        region = _mt_region_for(rs, em, m.cue)
        yield _dropped_hit(
            segment,
            ru,
            Mismatch(m.cue, region, m.level),
            "source (and the back-translation drops it)",
            _LITOTES_SEVERITY if m.cue.kind == "litotes" else None,
        )


@check(
    code="MT407",
    name="negation-added-vs-back",
    category=Category.POLARITY,
    severity=Severity.CRITICAL,
    needs=("mt", "src", "back"),
    summary="The back-translation of the MT negates something that the source states affirmatively.",
    fails=(
        # "failed to" is a folded negation, which MT403 leaves alone; the back shows «не».
        Example(
            mt="Putin failed to arrive in Kronstadt.",
            src="Путин прибыл в Кронштадт.",
            back="Путин не прибыл в Кронштадт.",
        ),
    ),
    passes=(
        Example(mt="Putin arrived in Kronstadt.", src="Путин прибыл в Кронштадт.", back="Путин приехал в Кронштадт."),
    ),
    options=_OPTIONS,
)
def negation_added_vs_back(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a negation in the back-translation that the source does not have.

    The MT span is the English negation nearest to the back-translation cue's place
    (or the predicate there when the MT shows none); the related span is the cue in
    the back-translation. A place the source-vs-MT check (MT403) already reports is
    not repeated.
    """
    ru, _, added = _src_vs_back(segment, ctx)
    if not added:
        return
    _, _, direct = _src_vs_mt(segment, ctx)
    rb, em = ru.analyze(segment.back or ""), negation_en.analyze(segment.mt)
    for m in added:
        x = position(rb, m.cue.start)
        strong = [c for c in em.cues if c.strong]
        cue = min(strong, key=lambda c: abs(position(em, c.start) - x), default=None)
        if cue is not None and abs(position(em, cue.start) - x) <= 0.35:
            if any(d.cue == cue for d in direct):
                continue
            span = Span("mt", cue.start, cue.end)
        else:
            s, e = _predicate_near(segment.mt, _mt_region_for(rb, em, m.cue), em, x)
            span = Span("mt", s, e)
        back = segment.back or ""
        yield Hit(
            span,
            f"negation added: the back-translation says «{_quote(back, m.cue.start, m.cue.end)}», "
            f"the source has no negation there",
            related=Span("back", m.cue.start, m.cue.end),
        )


def _mt_region_for(ra: Analysis, em: Analysis, cue: Cue) -> tuple[int, int]:
    ids = align(ra, em, ra.clause_of(cue.start))
    if not ids:
        return 0, len(em.text)
    return em.clauses[min(ids)].start, em.clauses[max(ids)].end


# -- opposites ------------------------------------------------------------------------------


@check(
    code="MT408",
    name="opposite-word",
    category=Category.POLARITY,
    severity=Severity.MAJOR,
    needs=("mt", "src"),
    summary="The MT renders a source word by its opposite (small → large, won → lost, arrived → departed), from a short lexicon.",
    fails=(
        Example(mt="Heavy rain is expected in Moscow on Sunday.", src="Небольшой дождь ожидается в Москве в воскресенье."),
        Example(mt="The team lost the final.", src="Команда выиграла финал."),
    ),
    passes=(
        Example(mt="Light rain is expected in Moscow on Sunday.", src="Небольшой дождь ожидается в Москве в воскресенье."),
        Example(mt="The fridge was not small at all.", src="Холодильник был совсем не маленький."),
    ),
)
def opposite_word(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags an MT word that means the opposite of a source word.

    A short Russian→English lexicon of everyday opposites (size, quality, age,
    order, rise and fall, win and lose, arrive and leave, start and end, open and
    close, allow and ban, life and death, often and rarely, buy and sell…) in
    ``mtcheck/data/antonyms_ru_en.tsv``. A finding needs all of: the Russian word in
    the source, not negated («не маленький» is left alone); none of its usual
    English renderings anywhere in the MT; a rendering of its opposite in the MT,
    not negated, at roughly the same place in the sentence. Severity is major: a
    lexicon match is weaker evidence than a negation count. Most antonym errors use
    words outside any short list and pass unnoticed.
    """
    _need_russian(segment.src or "", "source")
    _need_english(segment.mt, "MT")
    src = segment.src or ""
    for o in find(_russian(ctx), src, segment.mt):
        word = segment.mt[o.mt[0] : o.mt[1]]
        yield Hit(
            Span("mt", *o.mt),
            f"opposite meaning: “{word}” where the source says «{src[o.src[0] : o.src[1]]}»",
            related=Span("src", *o.src),
        )
