"""Numbers, dates and times in English text, as :class:`~mtcheck.lang.quantity.Quantity` s.

Reads digits with thousands commas or spaces and a decimal point (or a decimal comma
copied from Russian: "1,5 million"), multiplier words and suffixes ("1.5 million",
"$5m", "3bn"), number words ("twenty-five", "a hundred and twenty", "one and a
half"), ordinals ("third", "21st"), decades ("the 1990s", "the '90s"), month names
("March 14", "14 March"), dates ("14/03/2020", "2020-03-14") and clock times
("12:25", "3 p.m."). Words that only hint at a number ("twice", "half", "both",
"one") are weak: matched, never flagged alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mtcheck.lang.numbers_common import BIG, HUNDRED, TEEN, TEN, UNIT, NumberWord, may_follow, number_words
from mtcheck.lang.numbers_ru import roman_value
from mtcheck.lang.quantity import HINT, STRONG, WEAK, Quantity, decade_keys, number_key, time_key, trie_pattern

_UNITS = "zero one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
CARDINALS: dict[str, tuple[float, str]] = {}
for _v, _w in enumerate(_UNITS):
    CARDINALS[_w] = (_v, UNIT)
for _v, _w in enumerate(_TEENS, 10):
    CARDINALS[_w] = (_v, TEEN)
for _v, _w in zip(range(20, 100, 10), _TENS):
    CARDINALS[_w] = (_v, TEN)
CARDINALS["hundred"] = (100, HUNDRED)
MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Attached or abbreviated multipliers: "$5m", "3bn", "5 mln". Bare "m" and "k" are
# also metres and kilo-, so they keep the plain reading as a second key.
_SUFFIX_MULT = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
_AMBIGUOUS_SUFFIX = {"k", "m", "b"}
# Abbreviations written as a separate word, some of them calques of Russian ones.
_WORD_MULT = {"mln": 1e6, "mn": 1e6, "bn": 1e9, "bln": 1e9, "trn": 1e12, "tln": 1e12, "trln": 1e12, "thous": 1e3}

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000, "millionth": 1e6,
}
_DECADE_WORDS = {
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
    "seventies": 70, "eighties": 80, "nineties": 90,
}

_SPECIAL: dict[str, tuple[tuple[str, ...], int]] = {}


def _special(words: str, keys: tuple[str, ...], strength: int) -> None:
    for w in words.split():
        _SPECIAL[w] = (keys, strength)


_special("once", ("n:1",), WEAK)
_special("single", ("n:1",), HINT)
_special("twice double doubled doubles doubling twofold both", ("n:2",), WEAK)
_special("pair couple", ("n:2",), HINT)
_special("thrice triple tripled triples tripling threefold", ("n:3",), WEAK)
_special("quadruple quadrupled fourfold", ("n:4",), WEAK)
_special("fivefold", ("n:5",), WEAK)
_special("tenfold", ("n:10",), WEAK)
_special("half halves halved halving", ("n:0.5", "n:2"), WEAK)
_special("quarter quarters", ("n:0.25", "n:4"), WEAK)
_special("dozen", ("n:12",), WEAK)
_special("decade", ("n:10",), HINT)
_special("century", ("n:100",), HINT)
_special("fortnight", ("n:14",), HINT)
_special("noon midday midnight", ("t:0", "n:12"), HINT)

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# "May", "March" and "August" are also ordinary words: a month only beside a number
# or after one of these.
_AMBIGUOUS_MONTHS = {"may", "march", "august", "mar", "jan", "dec", "sep", "oct", "nov", "jun", "jul", "aug", "feb", "apr", "sept"}
_MONTH_CUES = {"in", "of", "since", "until", "till", "by", "from", "early", "late", "mid", "last", "next", "this", "during", "through", "before", "after", "end", "beginning", "on", "to"}

_SPACE = "[ \u00a0\u202f\u2009]"


def _lexicon() -> str:
    """Only words that can be part of a quantity become tokens: reading stays fast,
    and two number words are adjacent exactly when nothing but space separates them."""
    words = set(CARDINALS) | set(MULTIPLIERS) | set(_WORD_MULT) | set(_ORDINALS) | set(_DECADE_WORDS)
    words |= set(_SPECIAL) | set(_MONTHS) | {"o", "hours", "hrs"}
    plain = trie_pattern(words)
    numbers = trie_pattern(set(CARDINALS) | set(MULTIPLIERS))
    # "a"/"an"/"and" only where they join a number: "a hundred", "and a half", "one hundred and five".
    return (
        r"(?:\b(?:"
        + plain
        + r"|an?(?=\s+(?:hundred|thousand|million|billion|trillion|half)\b)"
        + r"|and(?=\s+(?:a\s+half|"
        + numbers
        + r")\b))(?![A-Za-z]))"
    )


_WORDS = _lexicon()
# Number words are matched in the lower-cased text (much faster than ignoring case).
_WORD_RE = re.compile(_WORDS)


def _tokens(text: str) -> list:  # type: ignore[type-arg]
    words = number_words(text, _WORD_RE)
    found = _digit_tokens(text)
    if not found:
        return words
    if not words:
        return found
    return sorted([*found, *words], key=lambda t: t.start())
_TOKEN_RE = re.compile(
    # Digits first behind one cheap look-ahead: most positions are letters.
    r"(?=\d)(?:(?P<iso>(?<![\d.])(?P<iy>\d{4})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d))"
    r"|(?P<date>(?<![\d./])(?P<d1>[0-3]?\d)[/.](?P<d2>[0-3]?\d)[/.](?P<yy>\d{4})(?!\d))"
    r"|(?P<time>(?<![\d.,:])(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?(?:\s?(?P<ap>[apAP])\.?[mM]\b\.?)"
    r"|(?<![\d.,:])(?P<h2>[01]?\d|2[0-3])(?P<tsep>:\s|[:.])(?P<mi2>[0-5]\d)(?![\d]|[.,:]\d))"
    r"|(?P<frac>(?<![\d/.,])(?:(?P<fw>\d{1,3})[ \u00a0-])?(?P<fn>[1-9])/(?P<fd>[2-9])(?![\d/]))"
    r"|(?P<num>(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|(?<![^\W\d_])\d{1,3}(?:" + _SPACE + r"\d{3})+(?!\d)|\d+(?!\d))(?:[.,]\d+(?![.,]?\d))?)"
    r"(?:(?P<suf>st|nd|rd|th|['’]?s|mn|mln|bn|tn|trn|k|m|b)(?![A-Za-z]))?)"
    r"|(?=[IVX])(?P<roman>(?<![\w-])[IVX]{2,5}(?![\w-]))"

)
_TOKEN_START = re.compile(r"[\dIVX]")


def _digit_tokens(text: str) -> list[re.Match[str]]:
    """``list(_TOKEN_RE.finditer(text))``, tried only where a token can start.

    Every digit or numeral token starts with a digit or I/V/X, which a plain
    character class finds fast: half the sentences have none, and the others are
    matched at those places only (the pattern's look-behinds still see the text
    before them), instead of trying the whole pattern at every position.
    """
    out = []
    match, search = _TOKEN_RE.match, _TOKEN_START.search
    at = search(text)
    while at is not None:
        pos = at.start()
        tok = match(text, pos)
        if tok is not None and tok.end() > pos:
            out.append(tok)
            pos = tok.end()
        else:
            pos += 1
        at = search(text, pos)
    return out
_KINDS = ("iso", "date", "time", "frac", "num", "roman")
# "the 1/8 final", "1/4 finals": a stage of a tournament ("round of 16", "quarterfinal")
_STAGE = re.compile(r"[ \u00a0-]+(?:final|finale)", re.IGNORECASE)
# "a year and a half", "an hour and a half": 1.5 spelled around its unit.
_UNIT_AND_HALF = re.compile(r"\b(?:a|an|one)\s+[a-z]+\s+and\s+a\s+half\b", re.IGNORECASE)


def _kind(tok: "re.Match[str] | NumberWord") -> str:
    if isinstance(tok, NumberWord):
        return "word"
    return next(k for k in _KINDS if tok.start(k) >= 0)


@lru_cache(maxsize=4096)
def extract(text: str) -> tuple[Quantity, ...]:
    """Every quantity in an English text, in order."""
    tokens = _tokens(text)
    kinds = [_kind(t) for t in tokens]
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        i = _read(text, tokens, kinds, i, out)
    if "half" in text:
        for m in _UNIT_AND_HALF.finditer(text):
            out.append(Quantity(m.start(), m.end(), frozenset({number_key(1.5)}), STRONG, m.group()))
        out.sort(key=lambda q: q.start)
    return tuple(out)


def _next_word(tokens: list[re.Match[str]], kinds: list[str], j: int, text: str, end: int, hyphen: bool = False) -> re.Match[str] | None:
    if j >= len(tokens) or kinds[j] != "word":
        return None
    gap = text[end : tokens[j].start()]
    allowed = " \u00a0\u202f\u2009-–" if hyphen else " \u00a0\u202f\u2009"
    if gap.strip(allowed) or len(gap) > 2:
        return None
    return tokens[j]


_SPACES = re.compile(_SPACE)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _plain_number(raw: str) -> float:
    raw = _SPACES.sub("", raw)
    if _THOUSANDS.fullmatch(raw):
        return float(raw.replace(",", ""))
    # A decimal comma copied from Russian ("1,5 million").
    return float(raw.replace(",", "."))


def _read(text: str, tokens: list[re.Match[str]], kinds: list[str], i: int, out: list[Quantity]) -> int:
    tok, kind = tokens[i], kinds[i]
    if kind == "iso":
        for group, key in (("iy", number_key(int(tok["iy"]))), ("im", f"m:{int(tok['im'])}"), ("id", number_key(int(tok["id"])))):
            out.append(Quantity(tok.start(group), tok.end(group), frozenset({key}), STRONG, tok[group]))
        return i + 1
    if kind == "date":
        a, b, year = int(tok["d1"]), int(tok["d2"]), tok["yy"]
        # Day and month in either order ("14/03/2020", "3/14/2020"): both readings kept.
        if 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12:
            first = {number_key(a)} | ({f"m:{a}"} if a <= 12 else set())
            second = {number_key(b)} | ({f"m:{b}"} if b <= 12 else set())
            out.append(Quantity(tok.start("d1"), tok.end("d1"), frozenset(first), STRONG, tok["d1"]))
            out.append(Quantity(tok.start("d2"), tok.end("d2"), frozenset(second), STRONG, tok["d2"]))
            out.append(Quantity(tok.start("yy"), tok.end("yy"), frozenset({number_key(int(year))}), STRONG, year))
        return i + 1
    if kind == "time":
        nxt = _next_word(tokens, kinds, i + 1, text, tok.end())
        if tok["tsep"] == "." and nxt is not None and (nxt.group().lower() in MULTIPLIERS or nxt.group().lower() in _WORD_MULT):
            # "4.12 million", "1.27 mln" are decimals, not clock times.
            word = nxt.group().lower()
            value = float(f"{tok['h2']}.{tok['mi2']}") * (MULTIPLIERS.get(word) or _WORD_MULT[word])
            out.append(Quantity(tok.start(), nxt.end(), frozenset({number_key(value)}), STRONG, text[tok.start() : nxt.end()]))
            return i + 2
        if tok["ap"]:
            h = int(tok["h"])
            m = int(tok["mi"] or 0)
            hour24 = h % 12 + (12 if tok["ap"].lower() == "p" else 0)
            keys = {time_key(hour24, m), number_key(h), number_key(hour24)}
        else:
            h, m = int(tok["h2"]), int(tok["mi2"])
            keys = {time_key(h, m), number_key(float(f"{h}.{tok['mi2']}"))}
            if m == 0:
                keys.add(number_key(h))
        out.append(Quantity(tok.start(), tok.end(), frozenset(keys), STRONG, tok.group()))
        return i + 1
    if kind == "frac":
        value = int(tok["fw"] or 0) + int(tok["fn"]) / int(tok["fd"])
        end, j = tok.end(), i + 1
        keys = set()
        nxt = _next_word(tokens, kinds, j, text, end)
        if nxt is not None and nxt.group().lower() in MULTIPLIERS:
            value *= MULTIPLIERS[nxt.group().lower()]
            end, j = nxt.end(), j + 1
        elif tok["fd"] == "5" and not tok["fw"]:
            keys.add(number_key(int(tok["fn"])))  # "4/5": a mark out of five («на четвёрку»)
        keys.add(number_key(value))
        strength = HINT if _STAGE.match(text, end) else STRONG
        out.append(Quantity(tok.start(), end, frozenset(keys), strength, text[tok.start() : end]))
        return j
    if kind == "num":
        return _read_digits(text, tokens, kinds, i, out)
    if kind == "roman":
        value = roman_value(tok.group())
        prev_cap = _previous_word(text, tok.start())[:1].isupper()
        nxt = _next_word(tokens, kinds, i + 1, text, tok.end())
        century = nxt is not None and nxt.group().lower().startswith("centur")
        if value and (prev_cap or century):
            out.append(Quantity(tok.start(), tok.end(), frozenset({number_key(value)}), WEAK, tok.group()))
        return i + 1
    if kind == "word":
        return _read_word(text, tokens, kinds, i, out)
    return i + 1


def _read_digits(text: str, tokens: list[re.Match[str]], kinds: list[str], i: int, out: list[Quantity]) -> int:
    tok = tokens[i]
    try:
        value = _plain_number(tok["num"])
    except ValueError:
        return i + 1
    start, end = tok.start(), tok.end()
    if text.startswith("24/7", start) and not text[start + 4 : start + 5].isdigit():
        # "open 24/7" = «круглосуточно»
        out.append(Quantity(start, start + 4, frozenset({"n:24", "n:7"}), HINT, "24/7"))
        return i + 2 if i + 1 < len(tokens) and tokens[i + 1].start() == start + 3 else i + 1
    suffix = (tok["suf"] or "").lower().replace("’", "'")
    keys: set[str] = set()
    strength = STRONG
    before = text[max(0, start - 2) : start]
    # "Su-57", "COVID-19", "G20": part of a name, not a quantity.
    after = text[end : end + 1]
    dimension = after in ("x", "X", "×", "х") and text[end + 1 : end + 2].isdigit()
    # "Su-57", "COVID-19", "G20", "6000K", "90E": part of a name or a code.
    if (len(before) == 2 and before[1] in "-–" and before[0].isalpha()) or before[-1:].isalpha():
        strength = WEAK
    elif after.isalpha() and not dimension:
        strength = WEAK
    if suffix in ("s", "'s") and value == int(value) and value >= 10:
        keys.update(decade_keys(int(value)))
    elif suffix in _SUFFIX_MULT:
        keys.add(number_key(value * _SUFFIX_MULT[suffix]))
        if suffix in _AMBIGUOUS_SUFFIX:
            keys.add(number_key(value))
        out.append(Quantity(start, end, frozenset(keys), strength, text[start:end]))
        return i + 1
    if text[max(0, start - 1) : start] in ("'", "’") and value < 100 and suffix in ("s", "'s"):
        keys.update(decade_keys(int(value)))
    j = i + 1
    nxt = _next_word(tokens, kinds, j, text, end, hyphen=False)
    if nxt is not None and not suffix:
        word = nxt.group().lower()
        if word in MULTIPLIERS or word in _WORD_MULT:
            value *= MULTIPLIERS.get(word) or _WORD_MULT[word]
            end = nxt.end()
            j += 1
        elif word == "and" and (half := _and_a_half(tokens, kinds, j, text)) is not None:
            value += 0.5
            end, j = half
        elif word in ("o", "hours", "hrs", "h") and value <= 24:
            keys.add(time_key(int(value), 0))
    keys.add(number_key(value))
    if value == 1 and keys == {"n:1"}:
        strength = WEAK  # "up to 1 year" for «до года»: English states the one
    out.append(Quantity(start, end, frozenset(keys), strength, text[start:end]))
    return j


def _and_a_half(tokens: list[re.Match[str]], kinds: list[str], j: int, text: str) -> tuple[int, int] | None:
    """After "and" at ``j``: "a half" → (end offset, next index)."""
    a = _next_word(tokens, kinds, j + 1, text, tokens[j].end())
    if a is None or a.group().lower() != "a":
        return None
    half = _next_word(tokens, kinds, j + 2, text, a.end())
    if half is None or half.group().lower() != "half":
        return None
    return half.end(), j + 3


def _read_word(text: str, tokens: list[re.Match[str]], kinds: list[str], i: int, out: list[Quantity]) -> int:
    tok = tokens[i]
    raw = tok.group()
    word = raw.lower()
    if word in CARDINALS:
        return _read_cardinals(text, tokens, kinds, i, out, tok.start())
    if word in ("a", "an") and (nxt := _next_word(tokens, kinds, i + 1, text, tok.end())) is not None:
        w2 = nxt.group().lower()
        if w2 in MULTIPLIERS or w2 == "hundred":
            return _read_cardinals(text, tokens, kinds, i + 1, out, tok.start(), implicit_one=True)
        return i + 1
    if word == "half" and (a := _next_word(tokens, kinds, i + 1, text, tok.end())) is not None and a.group().lower() == "a":
        mult = _next_word(tokens, kinds, i + 2, text, a.end())
        if mult is not None and mult.group().lower() in MULTIPLIERS:
            value = 0.5 * MULTIPLIERS[mult.group().lower()]
            out.append(Quantity(tok.start(), mult.end(), frozenset({number_key(value)}), STRONG, text[tok.start() : mult.end()]))
            return i + 3
    if word in _ORDINALS:
        value = _ORDINALS[word]
        keys = {number_key(value)}
        if word == "third":
            keys.add("n:0.333333")
        strength = WEAK if value in (1, 2) else STRONG
        if text[tok.end() : tok.end() + 1] in "-–" and text[tok.end() + 1 : tok.end() + 2].isalpha():
            strength = HINT
        out.append(Quantity(tok.start(), tok.end(), frozenset(keys), strength, raw))
        return i + 1
    if word in _DECADE_WORDS:
        keys = set(decade_keys(_DECADE_WORDS[word])) | {number_key(_DECADE_WORDS[word])}
        out.append(Quantity(tok.start(), tok.end(), frozenset(keys), STRONG, raw))
        return i + 1
    if word in _MONTHS and raw[:1].isupper():
        # Without a cue "May" may be Theresa May: it only vouches for «мая».
        strength = STRONG if _is_month(text, tokens, kinds, i, word) else HINT
        out.append(Quantity(tok.start(), tok.end(), frozenset({f"m:{_MONTHS[word]}"}), strength, raw))
        return i + 1
    special = _SPECIAL.get(word)
    if special is not None:
        keys_t, strength = special
        out.append(Quantity(tok.start(), tok.end(), frozenset(keys_t), strength, raw))
    return i + 1


def _is_month(text: str, tokens: list[re.Match[str]], kinds: list[str], i: int, word: str) -> bool:
    """Full month names are months; "May", "March", "August" and abbreviations need a cue."""
    tok = tokens[i]
    if word not in _AMBIGUOUS_MONTHS:
        return True
    near_digit = re.search(r"\d[a-z]{0,2}\W{0,2}\s*$", text[max(0, tok.start() - 8) : tok.start()]) or re.match(
        r"\.?\s*\d", text[tok.end() : tok.end() + 4]
    )
    if near_digit:
        return True
    if len(word) <= 4 and word != "may":
        return False  # "Jan", "Dec" without a number are names or words
    return _previous_word(text, tok.start()).lower() in _MONTH_CUES


def _previous_word(text: str, start: int) -> str:
    m = _LAST_WORD.search(text, max(0, start - 30), start)
    return m.group(1) if m else ""


_LAST_WORD = re.compile(r"([A-Za-z]+)[\s-]*$")


def _read_cardinals(
    text: str, tokens: list[re.Match[str]], kinds: list[str], i: int, out: list[Quantity], start: int, implicit_one: bool = False
) -> int:
    """"twenty-five", "one hundred and twenty thousand", "two and a half million", "twenty-first"."""
    end = tokens[i].end()
    total, current = 0.0, 0.0
    last: str | None = None
    words = 0
    ordinal = False
    j = i
    while j < len(tokens):
        tok = tokens[j] if j == i else _next_word(tokens, kinds, j, text, end, hyphen=True)
        if tok is None:
            break
        word = tok.group().lower()
        if word in CARDINALS:
            value, cls = CARDINALS[word]
            if cls == HUNDRED:
                if last not in (None, UNIT, TEEN):
                    break
                current = (current or 1) * 100
                last = HUNDRED
            else:
                if not may_follow(last, cls):
                    break
                current += value
                last = cls
        elif word in MULTIPLIERS and last is not None and last != BIG:
            total += (current or 1) * MULTIPLIERS[word]
            current, last = 0.0, BIG
        elif word in MULTIPLIERS and last is None and implicit_one:
            total += MULTIPLIERS[word]
            last = BIG
        elif word == "and" and last in (HUNDRED, BIG):
            nxt = _next_word(tokens, kinds, j + 1, text, tok.end())
            if nxt is None or nxt.group().lower() not in CARDINALS:
                break
            end = tok.end()
            j += 1
            continue
        elif word == "and" and last in (UNIT, TEEN, TEN) and (half := _and_a_half(tokens, kinds, j, text)) is not None:
            current += 0.5
            end, j = half
            words += 1
            mult = _next_word(tokens, kinds, j, text, end)
            if mult is not None and mult.group().lower() in MULTIPLIERS:
                total += current * MULTIPLIERS[mult.group().lower()]
                current = 0.0
                end = mult.end()
                j += 1
            break
        elif word in _ORDINALS and last in (TEN, HUNDRED, BIG) and _ORDINALS[word] < 10:
            current += _ORDINALS[word]
            ordinal = True
            end = tok.end()
            words += 1
            j += 1
            break
        else:
            break
        end = tok.end()
        words += 1
        j += 1
    value = total + current
    strength = STRONG
    if text[end : end + 1] in "-–" and text[end + 1 : end + 2].isalpha():
        # "three-dimensional", "four-legged", "third-party": compounds that Russian
        # often says without a number («объёмный», «четвероногий», «сторонний»).
        strength = HINT
    elif words == 1 and last == HUNDRED:
        strength = WEAK  # "several hundred" for «несколько сотен»
    # "one" is also a pronoun, and "two" is often added idiomatically ("the two
    # sides", "my own two eyes"): matched, never flagged alone.
    if strength == STRONG and ((words == 1 and value in (1, 2)) or implicit_one or (ordinal and value in (1, 2))):
        strength = WEAK
    keys = {number_key(value)}
    nxt = _next_word(tokens, kinds, j, text, end)
    if nxt is not None and value <= 24 and nxt.group().lower() in ("o", "hours"):
        keys.add(time_key(int(value), 0))
    out.append(Quantity(start, end, frozenset(keys), strength, text[start:end]))
    return max(j, i + 1)

