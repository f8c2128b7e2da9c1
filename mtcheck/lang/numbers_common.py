"""What the English and the Russian number readers share: number-word tokens and
how cardinal words join into one number.

:mod:`mtcheck.lang.numbers_en` and :mod:`mtcheck.lang.numbers_ru` differ in their
words and grammar; the token that stands for a number word and the rule for which
word may follow which («сто двадцать пять», "one hundred twenty-five") are the same.
"""

from __future__ import annotations

import re

# Class of a cardinal word, for joining «сто двадцать пять тысяч» or "one hundred
# and twenty thousand" into one number; BIG is a multiplier already read.
UNIT, TEEN, TEN, HUNDRED, BIG = "unit", "teen", "ten", "hundred", "big"


class NumberWord:
    """A number word found in the lower-cased text; ``group()`` gives the original.

    It answers ``start``/``end``/``group`` like a match of the digit patterns, so the
    readers walk one sorted list of both kinds of token.
    """

    __slots__ = ("_start", "_end", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self, group: object = 0) -> int:
        return self._start

    def end(self, group: object = 0) -> int:
        return self._end

    def group(self, group: object = 0) -> str:
        return self._text[self._start : self._end]


def number_words(text: str, word_re: re.Pattern[str]) -> list[NumberWord]:
    """The matches of ``word_re`` (a pattern of lower-case number words) in ``text``.

    The pattern runs over the lower-cased text, much faster than ignoring case; a
    character whose lower case is longer ("İ") is kept as it is, so that offsets
    stay those of ``text``.
    """
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return [NumberWord(m.start(), m.end(), text) for m in word_re.finditer(lower)]


def may_follow(last: str | None, cls: str) -> bool:
    """Whether a cardinal of class ``cls`` continues a number whose last word was ``last``."""
    if last is None or last == BIG:
        return True
    if last == HUNDRED:
        return cls in (TEN, TEEN, UNIT)
    if last == TEN:
        return cls == UNIT
    return False
