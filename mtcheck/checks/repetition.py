"""Doubled words and looping phrases."""

from __future__ import annotations

import re
from itertools import compress
from operator import and_, eq
from typing import Iterator

from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckContext, Example, Hit, check
from mtcheck.text import lower_words, words

# Doubles that English grammar allows ("she had had enough", "that that is").
ALLOWED_DOUBLES = frozenset({"had", "that", "is", "do", "bye", "very", "so", "no", "yes", "ha", "knock", "well", "now", "far", "tut", "chop", "hush", "pooh", "night"})


@check(
    code="MT301",
    name="doubled-word",
    category=Category.REPETITION,
    severity=Severity.MINOR,
    summary="The same word twice in a row.",
    fails=(Example(mt="The talks will resume on on Monday."),),
    passes=(Example(mt="She had had enough of the talks."),),
)
def doubled_word(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a word repeated immediately ("on on"), ignoring case.

    Doubles that grammar allows ("had had", "that that") and numbers are left
    alone; three or more repeats are a looping phrase (MT302) instead.
    """
    low = lower_words(segment.mt)
    if not any(map(eq, low, low[1:])):
        return  # no word equals the next one: nothing doubled (most sentences)
    toks = words(segment.mt)
    i = 0
    while i < len(toks) - 1:
        j = i
        while j + 1 < len(toks) and low[j + 1] == low[i] and _only_space(segment.mt, toks[j].end, toks[j + 1].start):
            j += 1
        count = j - i + 1
        word = low[i]
        if count == 2 and word not in ALLOWED_DOUBLES and not word.isdigit():
            yield Hit(
                Span("mt", toks[i].start, toks[j].end),
                f"“{toks[i].text}” is doubled",
                suggestion=toks[i].text,
            )
        i = j + 1


@check(
    code="MT302",
    name="looping-phrase",
    category=Category.REPETITION,
    severity=Severity.MAJOR,
    summary="A word or phrase repeated three or more times in a row, or a phrase of two or more words repeated: the decoder looped.",
    fails=(
        Example(mt="Prices rose in Moscow, in Moscow, in Moscow."),
        Example(mt="Prices rose sharply sharply sharply sharply."),
    ),
    passes=(Example(mt="Prices rose in Moscow and in Saint Petersburg."),),
    options={"max_ngram": 6},
)
def looping_phrase(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags an n-gram (n = 2..6 words) repeated back to back, or one word three times.

    Neural MT sometimes loops, repeating a phrase until the length limit; the
    output stays grammatical piece by piece, so chrF hardly notices. The span
    covers all the copies after the first. Not flagged when the source repeats
    itself as often («Друг мой, друг мой»); a phrase said twice across a bracket, a
    colon, a semicolon or a dash ("4 years (4 years for the body)") is minor.
    """
    low = lower_words(segment.mt)
    pairs = list(zip(low, low[1:]))
    if len(set(pairs)) == len(pairs):
        return  # every repeat below repeats a pair of words: none occurs twice
    max_n = int(ctx.option("max_ngram", 6))
    # A repeat at position i (a word three times, or an n-gram of two or more words
    # twice) needs low[i] == low[i + n] and low[i + 1] == low[i + n + 1] for its n:
    # only such positions are examined, found for each n by C-level comparisons.
    starts: set[int] = set()
    for n in range(1, max_n + 1):
        same = list(map(eq, low, low[n:]))
        starts.update(compress(range(len(same)), map(and_, same, same[1:])))
    if not starts:
        return
    toks = words(segment.mt)
    covered_until = -1
    for i in sorted(starts):
        if i < covered_until:
            continue
        for n in range(1, max_n + 1):
            if i + 2 * n > len(toks):
                break
            # Cheap first-word test before slicing: most positions repeat nothing.
            if low[i] != low[i + n]:
                continue
            gram = low[i : i + n]
            reps = 1
            while low[i + reps * n : i + (reps + 1) * n] == gram:
                reps += 1
            needed = 3 if n == 1 else 2
            if reps >= needed and not (n == 1 and gram[0].isdigit()):
                first_end = toks[i + n - 1].end
                last = toks[i + reps * n - 1].end
                phrase = segment.mt[toks[i].start : first_end]
                covered_until = i + reps * n
                if _source_repeats(segment.src, reps):
                    break  # «Друг мой, друг мой»: the source says it twice too
                # Twice across a bracket, a colon or a semicolon is an apposition or a
                # restatement ("4 years (4 years for the body …)"), rarely a loop.
                apposition = reps == 2 and _APPOSITION.search(segment.mt, first_end, toks[i + n].start) is not None
                yield Hit(
                    Span("mt", toks[i + n].start, last),
                    f"“{phrase}” repeated {reps} times in a row",
                    severity=Severity.MINOR if apposition else None,
                    suggestion=phrase,
                )
                break


_APPOSITION = re.compile(r"[(\[;:—–]|\s-\s")


def _source_repeats(src: str | None, reps: int) -> bool:
    """Whether the source repeats a word or phrase back to back as many times."""
    if not src:
        return False
    low = lower_words(src)
    for n in range(1, 7):
        for i in range(len(low) - n * reps + 1):
            gram = low[i : i + n]
            if all(low[i + k * n : i + (k + 1) * n] == gram for k in range(1, reps)):
                return True
    return False


def _only_space(text: str, a: int, b: int) -> bool:
    return text[a:b].strip() == ""
