"""A small Russian→English lexicon of concepts with their opposites ("небольшой" is
"small"/"light", its opposite "big"/"heavy"), for catching an MT that says the
opposite of the source without any negation.

The lexicon (``mtcheck/data/antonyms_ru_en.tsv``) is deliberately short and literal:
a line fires only when the source has the Russian word (not negated), the MT has
none of its usual renderings, and the MT has a rendering of the opposite (not
negated either). Anything looser would flag paraphrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from mtcheck.text import WORD_RE, lower_words

if TYPE_CHECKING:
    from mtcheck.lang.negation_ru import RussianNegation

_NEGATORS = frozenset("not no never without hardly nor neither".split())
_RU_NEGATORS = frozenset("не ни нет без".split())
_REACH = 0.25
_POSSESSIVES = frozenset("my our your his her their".split())
_PUNCT = re.compile(r"[,.;:!?()«»\"—–]")


@dataclass(frozen=True)
class Concept:
    lemmas: frozenset[str]
    renderings: frozenset[str]
    opposites: frozenset[str]


@dataclass(frozen=True)
class Opposite:
    src: tuple[int, int]
    mt: tuple[int, int]
    lemma: str


def _inflect(words: list[str]) -> frozenset[str]:
    out: set[str] = set()
    for w in words:
        out.update({w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er", w + "est", w + "ly"})
        if w.endswith("e"):
            out.update({w[:-1] + "ing", w[:-1] + "ed"})
        if w.endswith("y"):
            out.update({w[:-1] + "ies", w[:-1] + "ied", w[:-1] + "ier", w[:-1] + "iest", w[:-1] + "ily"})
    return frozenset(out)


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, Concept], tuple[str, ...]]:
    """Russian lemma → concept, and the word starts that pick candidate tokens."""
    text = files("mtcheck.data").joinpath("antonyms_ru_en.tsv").read_text(encoding="utf-8")
    by_lemma: dict[str, Concept] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ru, en, opp = (part.strip() for part in line.split("\t"))
        lemmas = frozenset(w.replace("ё", "е") for w in ru.split(","))
        expected = _inflect(en.split(","))
        concept = Concept(lemmas, expected, _inflect(opp.split(",")) - expected)
        for lemma in lemmas:
            by_lemma[lemma] = concept
    starts = tuple(sorted({lemma[:3] for lemma in by_lemma} | {"лучш", "хуж", "больш", "меньш", "выше", "ниже"}))
    return by_lemma, starts


@lru_cache(maxsize=1)
def _prefixes() -> tuple[tuple[int, ...], frozenset[str]]:
    """The lengths of the lexicon's word starts, and the starts: a set look-up per
    length is much cheaper than ``str.startswith`` over a hundred starts."""
    _, starts = lexicon()
    return tuple(sorted({len(s) for s in starts})), frozenset(starts)


@lru_cache(maxsize=4096)
def _source_candidates(ru: "RussianNegation", src: str) -> tuple[tuple[int, int, str, Concept], ...]:
    """Source words of the lexicon, not negated: (start, end, lemma, concept) each.

    Depends on the source alone, so the sentences of several systems for one source
    share it; most sources have none, and then the MT is never tokenised.
    """
    by_lemma, _ = lexicon()
    lengths, starts = _prefixes()
    out = []
    recent: list[str] = []
    last_end = 0
    for m in WORD_RE.finditer(src):
        w = m.group().lower().replace("ё", "е")
        if _PUNCT.search(src, last_end, m.start()):
            recent = []
        last_end = m.end()
        before, recent = recent, (recent + [w])[-4:]
        # «не совсем маленький», «не придают этому большого значения»: a negation a
        # few words before, in the same phrase, turns the word around
        for n in lengths:
            if w[:n] in starts:
                break
        else:
            continue  # starts like no lexicon word
        if _RU_NEGATORS.intersection(before):
            continue
        parse = ru.parse(w)
        if parse.pos == "COMP":
            continue  # «больше» is "more", not "big"
        concept = by_lemma.get(parse.lemma)
        if concept is not None and "спасибо" not in src[max(m.start() - 12, 0) : m.end() + 12].lower():
            # «спасибо огромное» is "thanks so much", not a size
            out.append((m.start(), m.end(), parse.lemma, concept))
    return tuple(out)


def find(ru: "RussianNegation", src: str, mt: str) -> list[Opposite]:
    """Places where the MT says the opposite of a source word from the lexicon."""
    candidates = _source_candidates(ru, src)
    if not candidates:
        return []
    # The MT's words (cached per text, shared with other checks) settle most
    # candidates; their offsets are needed only for a concept the MT does not render.
    en_words = set(lower_words(mt))
    en: list[tuple[str, int, int]] | None = None
    out: list[Opposite] = []
    seen: set[int] = set()
    for start, end, lemma, concept in candidates:
        if id(concept) in seen or concept.renderings & en_words:
            continue
        if en is None:
            en = [(m.group().lower(), m.start(), m.end()) for m in WORD_RE.finditer(mt)]
        here = start / max(len(src), 1)
        for k, (word, s, e) in enumerate(en):
            if abs(s / max(len(mt), 1) - here) > _REACH:
                continue  # an opposite far away belongs to another part of the sentence
            if word == "little" and k > 0 and en[k - 1][0] in _POSSESSIVES:
                continue  # "my little girl": endearment («доченька»), not size
            if word in concept.opposites and not any(x[0] in _NEGATORS or x[0].endswith("n't") for x in en[max(k - 3, 0) : k]):
                out.append(Opposite((start, end), (s, e), lemma))
                seen.add(id(concept))
                break
    return out
