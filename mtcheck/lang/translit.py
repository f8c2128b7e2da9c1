"""Russian Cyrillic to Latin: the usual romanisation systems and a key for fuzzy matching.

English text spells Russian words in several ways: BGN/PCGN («Ермак» → Yermak), the
Russian passport system (ICAO, → Ermak), and news-style simplifications
(«Достоевский» → Dostoevsky, «Хабаровск» → Habarovsk). :func:`spellings` gives the
common renderings of one word; :func:`latin_key` folds any Latin spelling of a
Russian word to a lossy key (zh/j, kh/h, ts/tz, yu/iu/ju ... collapse), so two
spellings of the same word compare equal or nearly so. No I/O, no dependencies.
"""

from __future__ import annotations

import re
from functools import lru_cache

SYSTEMS = ("bgn", "passport", "simple")

_VOWELS = set("аеёиоуыэюя")
# After these, BGN/PCGN writes е as "ye" (and ё as "yë").
_YE_AFTER = _VOWELS | set("йъь")

_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ы": "y", "э": "e", "ъ": "", "ь": "",
}
_BGN = {**_COMMON, "й": "y", "ю": "yu", "я": "ya"}
_PASSPORT = {**_COMMON, "й": "i", "ю": "iu", "я": "ia", "ъ": "ie"}


def _letter(word: str, i: int, system: str) -> str:
    ch = word[i]
    prev = word[i - 1] if i else ""
    if ch in "её":
        if system == "passport":
            return "e"
        initial = not prev or prev in _YE_AFTER
        if system == "simple" and prev in _VOWELS:
            initial = False  # Dostoevsky, Alekseev: the press writes plain "e" after a vowel
        if ch == "ё":
            # Fyodor, Gorbachev: after hushing consonants ё is plain "o"/"e" in the press.
            return "yo" if initial or prev not in "жчшщ" else "o"
        return "ye" if initial else "e"
    if system == "simple" and ch in "ий" and i == len(word) - 1 and prev in "иы":
        return ""  # Dostoevsky, not Dostoevskiy: the -ий/-ый ending is folded into "y"
    if system == "simple" and ch == "ы" and i == len(word) - 2 and word[-1] == "й":
        return "y"
    if system == "simple" and ch == "и" and i == len(word) - 2 and word[-1] == "й":
        return "y"
    table = _PASSPORT if system == "passport" else _BGN
    return table.get(ch, ch)


def _word(word: str, system: str) -> str:
    lower = word.lower()
    out = [_letter(lower, i, system) for i in range(len(lower))]
    if word.isupper() and len(word) > 1:
        return "".join(out).upper()
    # Keep each letter's case: the first letter of a digraph takes it (Zh, Shch).
    cased = []
    for orig, latin in zip(word, out):
        cased.append(latin[:1].upper() + latin[1:] if orig.isupper() else latin)
    return "".join(cased)


_CYR_WORD = re.compile(r"[А-Яа-яЁё]+")


def transliterate(text: str, system: str = "bgn") -> str:
    """``text`` with every Cyrillic word romanised by ``system`` (bgn, passport, simple).

    Non-Cyrillic characters pass through; letter case is kept (Ж → Zh, ЖКХ → ZHKKH).
    The soft and hard signs are dropped (English news does not write them).
    """
    if system not in SYSTEMS:
        raise ValueError(f"unknown transliteration system {system!r} (choose from {', '.join(SYSTEMS)})")
    return _CYR_WORD.sub(lambda m: _word(m.group(), system), text)


@lru_cache(maxsize=65536)
def spellings(word: str) -> tuple[str, ...]:
    """Distinct lower-case Latin spellings of one Russian word, most usual first.

    The three systems, plus "h" for х (Habarovsk) and plain "e" for a word-initial
    е (Ermak), which English texts use too.
    """
    lower = word.lower()
    found: list[str] = []
    for system in ("bgn", "simple", "passport"):
        found.append(_word(lower, system))
    bgn = found[0]
    found.append(bgn.replace("kh", "h"))
    if lower[:1] in "её":
        found.append(_word(lower, "passport")[:1] + bgn[2:])
    return tuple(dict.fromkeys(s for s in found if s))


# Folding rules for latin_key, applied in order; upper-case letters are markers
# that no plain input letter can produce after lower-casing.
_FOLD = [
    (re.compile(r"shch|sch|sh|ch(?=sh)"), "S"),
    (re.compile(r"zh"), "Z"),
    (re.compile(r"kh"), "H"),
    (re.compile(r"tch|ch|cz"), "C"),
    (re.compile(r"ts|tz"), "T"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"c"), "k"),
    (re.compile(r"h"), "H"),
    (re.compile(r"w"), "v"),
    (re.compile(r"q"), "k"),
    (re.compile(r"j"), "y"),
    (re.compile(r"[yi]u"), "u"),
    (re.compile(r"[yi]a"), "a"),
    (re.compile(r"ye|ie"), "e"),
    (re.compile(r"[yi]o"), "o"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
]


@lru_cache(maxsize=65536)
def latin_key(text: str) -> str:
    """A lossy key under which Latin spellings of one Russian word agree.

    ``latin_key("ozhidayutsya") == latin_key("ozhidaiutsia")`` and
    ``latin_key("Genseck") == latin_key("gensek")``. Cyrillic input is romanised
    first, so a Russian word and its transliteration share a key.
    """
    key = transliterate(text, "bgn").lower()
    key = re.sub(r"[^a-z]", "", key)
    for pattern, repl in _FOLD:
        key = pattern.sub(repl, key)
    return key
