"""English words and their opposites, and the words of a sentence worth trying them on.

The table (``mtcheck/data/antonyms_en.tsv``, ~23,000 word forms) comes from WordNet
3.0's antonym pointers, with inflections and a few hand-written pairs; it is rebuilt by
``bench/make_antonyms.py``. This module only reads it and picks candidates; whether
an opposite fits the source better is decided by MT409 with a sentence encoder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Mapping

from mtcheck.text import Token, words

# Words that carry grammar rather than content: swapping them ("in" -> "out") says
# nothing about a mistranslated concept and only adds encoder calls and noise.
FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet of in on at to for from with by about as into onto upon over under
    through across along around behind beyond within without between among against toward towards
    during until since than then that this these those there here which who whom whose what when where
    why how whether if because while although though is are was were be been being am has have had do
    does did will would shall should can could may might must it its he him his she her hers they them
    their theirs we us our ours you your yours i me my mine one ones not no also too very just only even
    still such some any each every all both either neither other another much many own same up down out
    off mr mrs ms dr st well back away never ever
    two three four five six seven eight nine ten hundred thousand million billion""".split()
)
# "never" and "ever" are negation (MT401/MT402 judge it), not a word with an opposite.
# Negators that make the next words' opposite the meaning: "not large" is not a
# candidate for "small". A word counts as negated when one of these is among the
# ``_NEGATION_REACH`` words before it, with no punctuation in between.
NEGATORS = frozenset("not no never without nor neither hardly barely scarcely cannot none".split())
_NEGATION_REACH = 3
# Characters after which a capitalised word starts a sentence rather than being a name.
_OPENERS = ".!?:;\"“”«»([—–-\n"


@dataclass(frozen=True)
class Candidate:
    """An MT word with antonyms to try, ``[start, end)`` in the MT."""

    start: int
    end: int
    word: str
    antonyms: tuple[str, ...]

    def variants(self, text: str) -> list[str]:
        """``text`` with the word replaced by each antonym, in the word's case."""
        return [text[: self.start] + match_case(self.word, a) + text[self.end :] for a in self.antonyms]


@lru_cache(maxsize=1)
def table() -> Mapping[str, tuple[str, ...]]:
    """Lower-case word form -> its antonyms, most frequent first."""
    text = files("mtcheck.data").joinpath("antonyms_en.tsv").read_text(encoding="utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition("\t")
        opposites = tuple(a for a in rest.split("|") if a)
        if opposites:
            out[word] = opposites
    return out


def match_case(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _negated(tokens: tuple[Token, ...], i: int, text: str) -> bool:
    for j in range(i - 1, max(-1, i - 1 - _NEGATION_REACH), -1):
        between = text[tokens[j].end : tokens[j + 1].start]
        if any(c in between for c in ",;:.!?()—–"):
            return False
        low = tokens[j].text.lower()
        if low in NEGATORS or low.endswith(("n't", "n’t")):
            return True
    return False


def _inside_name(tokens: tuple[Token, ...], i: int, text: str) -> bool:
    """A capitalised word that does not open a sentence, or any word next to one that
    is capitalised too ("Light Brigade", "the Great Lakes")."""
    tok = tokens[i]
    if len(tok.text) > 1 and tok.text.isupper():
        return True
    if not tok.text[:1].isupper():
        return False
    before = text[: tok.start].rstrip()
    opens_sentence = not before or before[-1] in _OPENERS
    if not opens_sentence:
        return True
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt.text[:1].isupper() and text[tok.end : nxt.start].strip() == ""


def candidates(
    text: str,
    max_words: int = 12,
    max_antonyms: int = 3,
    lexicon: Mapping[str, tuple[str, ...]] | None = None,
) -> list[Candidate]:
    """The words of ``text`` with antonyms to try: not function words, not negated,
    not inside a name; at most ``max_words``, each with at most ``max_antonyms``."""
    lexicon = table() if lexicon is None else lexicon
    tokens = words(text)
    out: list[Candidate] = []
    for i, tok in enumerate(tokens):
        low = tok.text.lower()
        if low in FUNCTION_WORDS or len(low) < 3:
            continue
        opposites = lexicon.get(low)
        if not opposites or _negated(tokens, i, text) or _inside_name(tokens, i, text):
            continue
        out.append(Candidate(tok.start, tok.end, tok.text, opposites[:max_antonyms]))
        if len(out) >= max_words:
            break
    return out
