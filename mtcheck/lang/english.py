"""Is this an English word? Word frequencies from ``wordfreq`` (loaded lazily, once).

Used to tell a transliterated Russian word ("ozhidayutsya") from an English one:
wordfreq knows several hundred thousand English words with their Zipf frequency
(log10 of occurrences per billion words: "the" 7.7, "oblast" 2.6, unknown 0).
"""

from __future__ import annotations

from functools import lru_cache

# Common inflections, so that a rare plural or past form of a known word counts as known.
_SUFFIXES = ("'s", "’s", "s", "es", "ed", "d", "ing", "ly", "er", "est", "ers", "or", "ors")
# A compound of two frequent English words ("superproduct", "polycotton") is English
# even when no word list has it; these bound the parts.
_COMPOUND_MIN_ZIPF = 3.0
_COMPOUND_MIN_HEAD = 3
_COMPOUND_MIN_TAIL = 4


@lru_cache(maxsize=1)
def available() -> bool:
    # Asked for every segment; looking the package up each time costs microseconds.
    from importlib.util import find_spec

    return find_spec("wordfreq") is not None


@lru_cache(maxsize=131072)
def zipf(word: str) -> float:
    """Zipf frequency of ``word`` in English (0.0 when unknown)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


@lru_cache(maxsize=131072)
def english_zipf(word: str) -> float:
    """The highest Zipf frequency of ``word``, its parts (hyphenated) or its stem."""
    lower = word.lower()
    best = zipf(lower)
    parts = [p for p in lower.replace("’", "'").split("-") if p]
    if len(parts) > 1:
        best = max(best, min(english_zipf(p) for p in parts))
    for suffix in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            best = max(best, zipf(lower[: -len(suffix)]))
    if best < _COMPOUND_MIN_ZIPF and len(parts) == 1:
        best = max(best, _compound_zipf(lower))
    return best


def _compound_zipf(word: str) -> float:
    best = 0.0
    for cut in range(_COMPOUND_MIN_HEAD, len(word) - _COMPOUND_MIN_TAIL + 1):
        head, tail = word[:cut], word[cut:]
        if zipf(head) >= _COMPOUND_MIN_ZIPF:
            tail_zipf = max([zipf(tail)] + [zipf(tail[: -len(s)]) for s in ("s", "es") if tail.endswith(s)])
            if tail_zipf >= _COMPOUND_MIN_ZIPF:
                best = max(best, min(zipf(head), tail_zipf))
    return best


def is_english(word: str, min_zipf: float = 1.0) -> bool:
    """Whether ``word`` (or an inflection of it) is a known English word."""
    return english_zipf(word) >= min_zipf
