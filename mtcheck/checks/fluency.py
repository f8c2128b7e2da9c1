"""Fluency findings from the language model: a word that derails the sentence, and word salad.

Both checks have batch scope: the engine hands them every segment of the run at once,
so that the model runs in length-sorted batches. They share the run's
:class:`SurprisalCache` with the fluency scorer (``mtcheck.scoring.fluency``), so each
MT is scored once. Nothing here imports torch until a check runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckContext, DocHit, Example, Hit, check
from mtcheck.text import Token, words

SPIKE_OPTIONS = {
    "spike_bits": 8.0,  # the word after the suspect: surprisal minus the model's entropy, in bits
    "min_gain_bits": 7.0,  # how much more predictable the next words get without the suspect
    "candidates": 2,  # suspects tested per sentence (the strongest spikes)
    "window_words": 3,  # words after the spike that the comparison covers
    "min_zipf": 4.0,  # the suspect must be a common word (wordfreq Zipf scale)
}


def _cache(ctx: CheckContext):  # type: ignore[no-untyped-def]
    from mtcheck.scoring.fluency import LM_RESOURCE, SurprisalCache

    return ctx.resource(LM_RESOURCE, SurprisalCache)


@lru_cache(maxsize=1)
def _zipf():  # type: ignore[no-untyped-def]
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # without word frequencies every lower-case word is a candidate
        return None
    return zipf_frequency


@dataclass(frozen=True)
class _Suspect:
    index: int  # segment index in the document
    word: Token
    spiked: Token
    variant: str
    window_end: int  # end of the compared window in the MT
    spike_bits: float


def _word_excess(text: str, tokens: Sequence, spans: Sequence[Token]) -> list[float]:  # type: ignore[type-arg]
    """Surprisal minus entropy, summed over the tokens that start inside each word."""
    out = [0.0] * len(spans)
    k = 0
    for tok in tokens:
        start = tok.start
        while start < tok.end and text[start].isspace():
            start += 1
        while k < len(spans) and spans[k].end <= start:
            k += 1
        if k < len(spans) and spans[k].start <= start < spans[k].end:
            out[k] += tok.bits - tok.entropy
    return out


def _window_bits(tokens: Sequence, start: int, end: int, end_bits: float, text_len: int) -> float:  # type: ignore[type-arg]
    total = sum(t.bits for t in tokens if t.end > start and t.start < end)
    return total + (end_bits if end >= text_len else 0.0)


@check(
    code="MT901",
    name="surprisal-spike",
    category=Category.FLUENCY,
    severity=Severity.MINOR,
    summary="A word that the language model finds out of place: the next words become much more predictable without it.",
    fails=(Example(mt="NATO will more supply weapons to Kyiv."),),
    passes=(Example(mt="NATO will supply more weapons to Kyiv."),),
    scope="batch",
    uses_model=True,
    options=SPIKE_OPTIONS,
)
def surprisal_spike(segments: Sequence[Segment], ctx: CheckContext) -> Iterator[DocHit]:
    """Flags a common word after which the language model is suddenly surprised, when
    leaving that word out makes the next words much more predictable.

    A dropped «не» in «больше не считается» leaves "is more considered relevant": the
    model is surprised at "considered", and without "more" it is not. The check looks
    for the strongest surprisal spikes in each MT (a word's surprisal minus the
    entropy the model expected there, so that a rare name after "President" is no
    spike), deletes the common lower-case word before each, and re-scores: if the
    following words get ``min_gain_bits`` more predictable, the pair is flagged. The
    span covers the suspect word and the surprising one. Names, numbers and rare
    words are never suspects. This costs about one more language-model pass per
    flagged-looking sentence.
    """
    from mtcheck.scoring.fluency import scorable

    cache = _cache(ctx)
    live = [i for i, seg in enumerate(segments) if scorable(seg.mt)]
    if not live:
        return
    scored = dict(zip(live, cache.get([segments[i].mt for i in live])))
    zipf = _zipf()
    spike_bits = float(ctx.option("spike_bits"))
    limit = int(ctx.option("candidates"))
    window = int(ctx.option("window_words"))
    min_zipf = float(ctx.option("min_zipf"))
    suspects: list[_Suspect] = []
    for i in live:
        text = segments[i].mt
        spans = words(text)
        excess = _word_excess(text, scored[i].tokens, spans)
        found = []
        for k in range(len(spans) - 1):
            word, nxt = spans[k], spans[k + 1]
            if excess[k + 1] < spike_bits or text[word.end : nxt.start].strip():
                continue
            if not word.text[0].islower() or any(c.isdigit() for c in word.text):
                continue
            if zipf is not None and zipf(word.text, "en") < min_zipf:
                continue
            found.append((excess[k + 1], k))
        for spike, k in sorted(found, reverse=True)[:limit]:
            word, nxt = spans[k], spans[k + 1]
            last = spans[min(len(spans) - 1, k + 1 + window)]
            window_end = len(text) if last is spans[-1] else last.end
            variant = text[: word.start] + text[nxt.start : window_end]
            suspects.append(_Suspect(i, word, nxt, variant, window_end, spike))
    if not suspects:
        return
    variants = cache.get([s.variant for s in suspects])
    min_gain = float(ctx.option("min_gain_bits"))
    best: dict[int, tuple[float, _Suspect]] = {}
    for s, v in zip(suspects, variants):
        original = scored[s.index]
        text = segments[s.index].mt
        before = _window_bits(original.tokens, s.spiked.start, s.window_end, original.end_bits, len(text))
        after = _window_bits(v.tokens, s.word.start, len(s.variant), v.end_bits if s.window_end >= len(text) else 0.0, len(s.variant))
        gain = before - after
        if gain >= min_gain and gain > best.get(s.index, (float("-inf"), s))[0]:
            best[s.index] = (gain, s)
    for index, (gain, s) in sorted(best.items()):
        text = segments[index].mt
        yield DocHit(
            index,
            Hit(
                Span("mt", s.word.start, s.spiked.end),
                f"the language model stumbles at “{s.spiked.text}” after “{s.word.text}”: without “{s.word.text}” "
                f"the words that follow are {gain:.1f} bits more predictable; a word may be wrong, missing or out of place",
            ),
        )


GARBLED_OPTIONS = {"max_fluency": 1.0}


@check(
    code="MT902",
    name="garbled",
    category=Category.FLUENCY,
    severity=Severity.MINOR,
    summary="The MT reads as word salad to the language model: less fluent than 99% of human translations.",
    fails=(Example(mt="relevant considered more is alliance the joining Ukraine of issue the."),),
    passes=(Example(mt="The talks will resume in Geneva on Monday."),),
    scope="batch",
    uses_model=True,
    options=GARBLED_OPTIONS,
)
def garbled(segments: Sequence[Segment], ctx: CheckContext) -> Iterator[DocHit]:
    """Flags an MT whose fluency score (0-100, see ``mtcheck.scoring.fluency``) is
    below ``max_fluency``: shuffled or broken output, a decoder that went astray.

    The fluency scale is calibrated on human reference translations, so 1.0 means
    that about 99 in 100 of them read more fluently to the model. Headlines and
    lists of names can score that low too, hence a minor severity.
    """
    from mtcheck.scoring.fluency import calibration_for, fluency_score, scorable

    cache = _cache(ctx)
    live = [i for i, seg in enumerate(segments) if len(words(seg.mt)) >= 3 and scorable(seg.mt)]
    if not live:
        return
    limit = float(ctx.option("max_fluency"))
    texts = [segments[i].mt for i in live]
    scored = cache.get(texts)
    calibration = calibration_for(cache.model.info)
    for i, s in zip(live, scored):
        score = fluency_score(s, calibration)
        if score < limit:
            text = segments[i].mt
            start = len(text) - len(text.lstrip())
            end = len(text.rstrip())
            yield DocHit(
                i,
                Hit(
                    Span("mt", start, max(start, end)),
                    f"reads as word salad to the language model (fluency {score:.2f} of 100; "
                    "nearly every human translation scores higher)",
                ),
            )
