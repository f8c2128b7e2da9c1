"""The MT-side trace of a lost Russian negation, found without the source.

Russian «больше не» means "no longer"; an engine that drops «не» renders «больше» as
"more" and produces "is more considered relevant" or "will more supply". English
grammar rarely puts a bare "more" between an auxiliary and a participle or verb, so
the construction itself betrays the lost negation.
"""

from __future__ import annotations

import re
from typing import Iterator

from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckContext, Example, Hit, check

_BE = r"is|are|was|were|be|been|being|isn't|aren't|'s|'re"
_MODAL = r"will|would|shall|should|can|could|may|might|must"
_RX_BE = re.compile(rf"\b(?P<aux>{_BE})\s+(?P<more>more)\s+(?P<word>[a-z]+)\b(?P<after>\s+\w+)?", re.IGNORECASE)
_RX_MODAL = re.compile(rf"\b(?P<aux>{_MODAL})\s+(?:(?:not|also|still|then)\s+)?(?P<more>more)\s+(?P<word>[a-z]+)\b", re.IGNORECASE)

# Participles that are at home after "more" as gradable adjectives
# ("more complicated", "more experienced"): never a trace of a lost negation.
GRADABLE_PARTICIPLES = frozenset(
    """
    advanced affected alarmed amazed amused animated annoyed ashamed attached attracted balanced
    biased bored broken challenged committed complicated composed concentrated concerned confident
    confined confused connected conservative contented controlled convinced crowded
    cultured damaged dated dedicated delighted depressed deprived desired detailed determined developed
    devoted disappointed disciplined disguised disgusted distinguished distorted distressed disturbed
    divided done driven educated elaborate elevated embarrassed encouraged engaged enlightened
    entrenched established esteemed excited exhausted experienced exposed extended fascinated fed
    fixed focused forgiven frightened frustrated gifted guarded heated hidden honoured honored hurried
    illustrated impressed informed inclined integrated interested involved isolated known limited
    lined loaded loved marked measured mixed moderated motivated muted nuanced obliged occupied
    opinionated organized organised outspoken pleased polished polarized polarised populated prepared
    pressed pronounced protected qualified reasoned refined relaxed reserved resolved respected
    restrained restricted revered rooted satisfied scared scattered secluded settled shaken shocked
    skilled sophisticated specialized specialised spoken stressed stretched structured subdued
    surprised suited talented targeted tempered tired tolerated troubled trusted unified united
    valued varied versed wanted wasted welcomed wicked worried wounded
    """.split()
)
# Words after "be more" that are adjectives or adverbs whatever they end in.
_NOT_A_VERB = frozenset("than of and or often likely so".split())
_IRREGULAR_PARTICIPLES = frozenset(
    """seen held known given taken made kept found shown told sold built bought brought thought
    caught taught sent spent paid laid led left lost meant met put read said set shut sung
    understood won written driven chosen spoken forgotten gotten hidden ridden broken frozen
    stolen sworn torn worn born borne drawn grown thrown flown blown done gone""".split()
)
# Base verbs that follow a modal ("will more supply"); a short list of frequent
# news verbs, because "will more" + adjective/adverb is normal ("will more likely").
_BASE_VERBS = frozenset(
    """supply provide consider support participate take give send sell buy use need allow accept
    be have do go come make keep hold work play pay apply exist operate serve function run remain
    stay help count rely depend recognise recognize regard treat see view deliver produce export
    import fund finance threaten attack fight invade occupy plan intend want agree insist claim
    discuss negotiate meet visit travel fly live return publish broadcast show report comment
    respond answer sign ratify extend renew comply tolerate permit happen occur""".split()
)

_SUGGEST = "no longer"


def _participle(word: str) -> bool:
    w = word.lower()
    if w in GRADABLE_PARTICIPLES:
        return False
    return (w.endswith("ed") and len(w) >= 4) or w in _IRREGULAR_PARTICIPLES


@check(
    code="MT401",
    name="lost-negation-trace",
    category=Category.POLARITY,
    severity=Severity.MAJOR,
    summary="'is more considered', 'will more supply': a bare 'more' before a participle or verb, the trace of a dropped «больше не» (no longer).",
    fails=(
        Example(mt="Rutte confirmed that the issue of Ukraine joining the alliance is more considered relevant."),
        Example(mt="The United States will more supply weapons to the region."),
    ),
    passes=(
        Example(mt="Rutte confirmed that the issue of Ukraine joining the alliance is no longer considered relevant."),
        Example(mt="The situation is more complicated than it seems, and prices will more likely rise."),
    ),
)
def lost_negation_trace(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags "more" between an auxiliary and a participle or verb.

    Russian «больше не» / «более не» means "no longer". When the engine loses the
    «не», «больше» comes out as "more", leaving ungrammatical but fluent-looking
    English that says the opposite: «больше не считается актуальным» → "is more
    considered relevant". The check fires on "be + more + participle" (unless the
    participle is a common gradable adjective such as "complicated") and on
    "modal + more + verb". It needs no source, so it also works on MT alone; with a
    source, the source-aware polarity checks confirm it.
    """
    text = segment.mt
    if "more" not in text.lower():
        return  # both patterns need the word (in any case): most sentences lack it
    for m in _RX_BE.finditer(text):
        word = m.group("word")
        if word.lower() in _NOT_A_VERB or not _participle(word):
            continue
        # "is more used to" / "is more known for" compare degrees: leave them.
        after = (m.group("after") or "").strip().lower()
        if after in {"than", "to", "for", "by", "and", "or"}:
            continue
        yield _hit(m, text)
    for m in _RX_MODAL.finditer(text):
        word = m.group("word").lower()
        if word in _BASE_VERBS:
            yield _hit(m, text)


def _hit(m: re.Match[str], text: str) -> Hit:
    start, end = m.start("more"), m.end("word")
    phrase = text[start:end]
    fixed = f"{_SUGGEST} {m.group('word')}"
    return Hit(
        Span("mt", start, end),
        f"“{phrase}” reads like a dropped negation: «больше не» means “no longer” — likely meant “{fixed}”",
        suggestion=fixed,
    )
