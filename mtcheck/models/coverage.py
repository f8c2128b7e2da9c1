"""Which part of one side the other side does not cover, by leaving pieces out.

With a cross-lingual sentence encoder, ``cos(src, mt)`` is high when the MT says what
the source says. Leave a piece (a word or a clause) out of the source: if the MT had
dropped that piece, the shortened source is *closer* to the MT than the whole source
was, so the gain ``cos(src minus piece, mt) - cos(src, mt)`` is positive; for a piece
the MT does render, it is negative. The same with the sides swapped finds a piece the
MT added. :func:`leave_one_out` computes these gains for every piece with one batched
call to the encoder; the checks in ``mtcheck.checks.omission`` decide what is enough.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from mtcheck.lang.translit import latin_key
from mtcheck.models.embeddings import SentenceEncoder
from mtcheck.text import words

# Function words left in place: leaving them out says little about meaning.
EN_FUNCTION_WORDS = frozenset(
    """a an the and or but nor so yet of in on at to for from with by about as into onto upon over under
    after before during until since than then that this these those there here which who whom whose what
    when where why how whether if because while although though is are was were be been being am has have
    had do does did will would shall should can could may might must it its it's he him his she her hers
    they them their theirs we us our ours you your yours i me my mine one ones not no also too very just
    only even still such some any each every all both either neither other another more most much many
    own same up down out off s t""".split()
)
RU_FUNCTION_WORDS = frozenset(
    """и а но или либо да же ли ни не бы б в во на с со к ко по о об обо от до из изо у за над под
    подо при про через для без между перед передо около вокруг после ради сквозь что чтобы как так
    также тоже если когда где куда откуда пока хотя потому поэтому то это этот эта эти этого этой этих
    тот та те того той тех он она оно они его её ее их ему ей им ими него неё нее них нему ней ним
    я ты мы вы меня тебя нас вас мне тебе нам вам мной тобой нами вами свой своя свое своё свои своего
    своей своих который которая которое которые которого которой которых весь вся всё все всего всей
    всех был была было были быть есть будет будут является являются уже ещё еще лишь только вот ведь
    именно даже очень""".split()
)

_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:()\[\]«»\"“”]|\s[-–—]\s)\s*")


@dataclass(frozen=True)
class Piece:
    """A part of a text to leave out: ``[start, end)`` in the text, and its kind."""

    start: int
    end: int
    kind: str  # "word" or "clause"

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Gain:
    piece: Piece
    gain: float  # cos(text minus piece, other) - cos(text, other)
    weight: float  # 1 - cos(text minus piece, text): how much the piece means to its own side


@dataclass(frozen=True)
class Coverage:
    base: float  # cos(text, other)
    gains: tuple[Gain, ...]

    def best(self, kind: str | None = None) -> Gain | None:
        """The piece whose removal brings the text closest to the other side."""
        pool = [g for g in self.gains if kind is None or g.piece.kind == kind]
        return max(pool, key=lambda g: g.gain, default=None)


def content_words(text: str, function_words: frozenset[str]) -> list[Piece]:
    """Words that carry meaning: not function words, not single letters, not bare punctuation."""
    out = []
    for tok in words(text):
        lower = tok.lower.replace("ё", "е")
        if lower in function_words or (len(lower) < 2 and not lower.isdigit()):
            continue
        out.append(Piece(tok.start, tok.end, "word"))
    return out


def unmatched(pieces: Sequence[Piece], text: str, other: str, min_similarity: float = 85) -> list[Piece]:
    """The word pieces with no look-alike on the other side.

    Digits that appear on the other side, and words whose transliteration key matches
    a word there (names, cognates: «Рютте»/Rutte, «инфляция»/inflation), have a
    counterpart; leaving them out would only add noise and time.
    """
    other_keys = {latin_key(t.text) for t in words(other)}
    other_keys.discard("")
    out = []
    for piece in pieces:
        word = piece.text_in(text)
        if word.isdigit():
            if word in other:
                continue
        else:
            key = latin_key(word)
            if len(key) >= 4 and (
                key in other_keys
                or process.extractOne(key, other_keys, scorer=fuzz.ratio, score_cutoff=min_similarity) is not None
            ):
                continue
        out.append(piece)
    return out


def clauses(text: str, min_words: int = 2) -> list[Piece]:
    """Stretches between commas, brackets, quotes and dashes; only when there are two or more."""
    pieces = []
    start = 0
    for m in list(_CLAUSE_BREAK.finditer(text)) + [None]:
        end = m.start() if m is not None else len(text.rstrip(" .!?…"))
        if end > start and len(words(text[start:end])) >= min_words:
            pieces.append(Piece(start, end, "clause"))
        if m is not None:
            start = m.end()
    return pieces if len(pieces) >= 2 else []


def without(text: str, piece: Piece) -> str:
    """``text`` with ``piece`` cut out and the white space around it closed up."""
    left, right = text[: piece.start].rstrip(), text[piece.end :].lstrip()
    if not left:
        return right
    if not right or right[0] in ",.;:!?)»”":
        # "..., said Rutte." without its last clause is "...." not "...,."
        if left[-1] in ",;:" and (not right or right[0] in ",.;:!?"):
            left = left[:-1].rstrip()
        return left + right
    return left + " " + right


def without_all(text: str, pieces: Sequence[Piece]) -> str:
    """``text`` with every one of ``pieces`` (not overlapping) cut out."""
    for piece in sorted(pieces, key=lambda p: p.start, reverse=True):
        text = without(text, piece)
    return text


def next_gains(
    encoder: SentenceEncoder, text: str, other: str, removed: Sequence[Piece], candidates: Sequence[Piece]
) -> list[Gain]:
    """Gains of the ``candidates`` once ``removed`` is already left out of ``text``.

    A second dropped clause hides behind the first: with both missing from the MT,
    leaving out either alone barely helps. Once the first is out, the second shows.
    """
    rest = [c for c in candidates if all(c.end <= r.start or c.start >= r.end for r in removed)]
    if not rest:
        return []
    shorter = without_all(text, removed)
    batch = [shorter, other, text] + [without_all(text, [*removed, c]) for c in rest]
    vectors = encoder.encode(batch)
    base = float(vectors[0] @ vectors[1])
    return [
        Gain(c, float(v @ vectors[1]) - base, 1.0 - float(v @ vectors[2])) for c, v in zip(rest, vectors[3:])
    ]


class CachedEncoder:
    """Wraps an encoder with a bounded cache by text: the same source is often checked
    against several MTs, and the same shortened texts recur."""

    def __init__(self, encoder: SentenceEncoder, size: int = 20000) -> None:
        self.encoder = encoder
        self.name = getattr(encoder, "name", "encoder")
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vec in zip(missing, self.encoder.encode(missing)):
                self._cache[text] = np.asarray(vec, dtype=np.float32)
        out = []
        for text in texts:
            self._cache.move_to_end(text)
            out.append(self._cache[text])
        while len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return np.stack(out) if out else np.zeros((0, 0), dtype=np.float32)


def leave_one_out(
    encoder: SentenceEncoder,
    pairs: Sequence[tuple[str, str, Sequence[Piece]]],
) -> list[Coverage]:
    """For each ``(text, other, pieces)``: the base cosine and the gain of leaving out
    each piece of ``text``. All texts go to the encoder in one call."""
    batch: list[str] = []
    for text, other, pieces in pairs:
        batch.extend([text, other])
        batch.extend(without(text, p) for p in pieces)
    vectors = encoder.encode(batch) if batch else np.zeros((0, 0), dtype=np.float32)
    out = []
    i = 0
    for text, other, pieces in pairs:
        v_text, v_other = vectors[i], vectors[i + 1]
        cut = vectors[i + 2 : i + 2 + len(pieces)]
        i += 2 + len(pieces)
        base = float(v_text @ v_other)
        gains = tuple(
            Gain(p, float(c @ v_other) - base, 1.0 - float(c @ v_text)) for p, c in zip(pieces, cut)
        )
        out.append(Coverage(base, gains))
    return out
