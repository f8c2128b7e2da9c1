"""Numbers, dates and times in Russian text, as :class:`~mtcheck.lang.quantity.Quantity` s.

Reads digits with a decimal comma or point and spaces (also no-break and thin
spaces) between thousands («13 269», «1,5»), multiplier words and abbreviations
(«10 тыс.», «1,5 млн», «2 млрд»), cardinal number words in every case form
(«трёх», «двумя», «тридцати», «двадцать пять», «полтора»), ordinals in words and
digits («третий», «21-го», «XX век»), numbers in compounds («30-дневном»,
«5-летний»), decades («90-х», «девяностых»), month names in any case («14 марта»),
dates («26.07.2020») and times («12:25», «15.30», «в 15 часов»). No morphology
library is needed: the forms are finite and listed here, which keeps this fast.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mtcheck.lang.numbers_common import BIG, HUNDRED, TEEN, TEN, UNIT, NumberWord, may_follow, number_words
from mtcheck.lang.quantity import HINT, STRONG, WEAK, Quantity, decade_keys, number_key, time_key, trie_pattern

# -- lexicon --------------------------------------------------------------------


def _forms(stem: str, endings: str) -> list[str]:
    return [stem + e for e in endings.split(",")]


def _cardinals() -> dict[str, tuple[float, str]]:
    words: dict[str, tuple[float, str]] = {}

    def add(value: float, cls: str, forms: list[str]) -> None:
        for f in forms:
            words[f] = (value, cls)

    add(0, UNIT, ["ноль", "нуль", "нуля", "нулю", "нулём", "нулем", "нуле"])
    add(1, UNIT, "один одна одно одни одного одной одному одним одну одною одних одними одном".split())
    add(2, UNIT, "два две двух двум двумя".split())
    add(3, UNIT, "три трёх трех трём трем тремя".split())
    add(4, UNIT, "четыре четырёх четырех четырём четырем четырьмя".split())
    for value, stem in ((5, "пят"), (6, "шест"), (7, "сем"), (9, "девят")):
        add(value, UNIT, _forms(stem, "ь,и,ью"))
    add(8, UNIT, "восемь восьми восемью восьмью".split())
    add(10, TEEN, _forms("десят", "ь,и,ью"))
    teens = ("один", "две", "три", "четыр", "пят", "шест", "сем", "восем", "девят")
    for value, stem in enumerate(teens, 11):
        add(value, TEEN, _forms(stem + "надцат", "ь,и,ью"))
    add(20, TEN, _forms("двадцат", "ь,и,ью"))
    add(30, TEN, _forms("тридцат", "ь,и,ью"))
    add(40, TEN, ["сорок", "сорока"])
    for value, nom, obl, ins in (
        (50, "пятьдесят", "пятидесяти", "пятьюдесятью"),
        (60, "шестьдесят", "шестидесяти", "шестьюдесятью"),
        (70, "семьдесят", "семидесяти", "семьюдесятью"),
        (80, "восемьдесят", "восьмидесяти", "восемьюдесятью"),
    ):
        add(value, TEN, [nom, obl, ins])
    add(90, TEN, ["девяносто", "девяноста"])
    add(100, HUNDRED, ["сто", "ста"])
    add(200, HUNDRED, "двести двухсот двумстам двумястами двухстах".split())
    add(300, HUNDRED, "триста трёхсот трехсот трёмстам тремстам тремястами трёхстах трехстах".split())
    add(400, HUNDRED, "четыреста четырёхсот четырехсот четырёмстам четыремстам четырьмястами четырёхстах четырехстах".split())
    for value, stem, ins in ((500, "пят", "пятью"), (600, "шест", "шестью"), (700, "сем", "семью"), (900, "девят", "девятью")):
        add(value, HUNDRED, [stem + "ьсот", stem + "исот", stem + "истам", ins + "стами", stem + "истах"])
    add(800, HUNDRED, "восемьсот восьмисот восьмистам восемьюстами восьмьюстами восьмистах".split())
    return words


CARDINALS = _cardinals()
# Also common words: «семью» (the family), «с нуля» (from scratch).
_AMBIGUOUS_CARDINALS = frozenset({"семью", "нуля", "нулю", "нуле", "нулём", "нулем"})

# Words that multiply the number before them; alone, the singular forms mean "one
# thousand" (weakly: «тысячи» is also "thousands of").
_MULT_FORMS = {
    1e3: ("тыс", "тысяч", "а,и,е,у,ей,ею,,ам,ами,ах"),
    1e6: ("млн", "миллион", ",а,у,ом,е,ы,ов,ам,ами,ах"),
    1e9: ("млрд", "миллиард", ",а,у,ом,е,ы,ов,ам,ами,ах"),
    1e12: ("трлн", "триллион", ",а,у,ом,е,ы,ов,ам,ами,ах"),
}
MULTIPLIERS: dict[str, float] = {}
LONE_MULTIPLIERS: dict[str, float] = {}
for _value, (_abbr, _stem, _ends) in _MULT_FORMS.items():
    MULTIPLIERS[_abbr] = _value
    for _form in _forms(_stem, _ends):
        MULTIPLIERS[_form] = _value
    # Singular forms only: «тысячи людей», «миллионы» alone are vague ("thousands").
    for _form in _forms(_stem, "а,у,ей,е,и" if _value == 1e3 else ",а,у,ом,е"):
        LONE_MULTIPLIERS[_form] = _value

_ORD_STEMS = {
    "перв": 1, "втор": 2, "четвёрт": 4, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13,
    "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18,
    "девятнадцат": 19, "нулев": 0, "двадцат": 20, "тридцат": 30, "сороков": 40, "пятидесят": 50,
    "шестидесят": 60, "семидесят": 70, "восьмидесят": 80, "девяност": 90, "сот": 100,
    "двухсот": 200, "трёхсот": 300, "трехсот": 300, "тысячн": 1000, "миллионн": 1e6,
}
_ADJ_ENDINGS = "ый|ой|ий|ая|ое|ые|ого|ому|ым|ом|ую|ых|ыми|ей|ее|ие|его|ему|им|ем|их|ими"
_ORD_RE = re.compile(
    r"(?P<stem>" + "|".join(sorted(_ORD_STEMS, key=len, reverse=True)) + r")(?:" + _ADJ_ENDINGS + r")"
)
_THIRD_RE = re.compile(r"трет(?:ий|ья|ье|ьи|ьего|ьему|ьим|ьем|ью|ьих|ьими|ьей)")
_PLURAL_ENDINGS = ("ые", "ых", "ым", "ыми")

_MONTH_FORMS = {
    1: ("январ", "ь,я,е,ём,ем,ю"), 2: ("феврал", "ь,я,е,ём,ем,ю"), 3: ("март", ",а,е,ом,у"),
    4: ("апрел", "ь,я,е,ем,ю"), 5: ("ма", "й,я,е,ем,ю"), 6: ("июн", "ь,я,е,ем,ю"),
    7: ("июл", "ь,я,е,ем,ю"), 8: ("август", ",а,е,ом,у"), 9: ("сентябр", "ь,я,е,ём,ем,ю"),
    10: ("октябр", "ь,я,е,ём,ем,ю"), 11: ("ноябр", "ь,я,е,ём,ем,ю"), 12: ("декабр", "ь,я,е,ём,ем,ю"),
}
_MONTH_ADJ = re.compile(
    r"(январск|февральск|мартовск|майск|июньск|июльск|августовск|сентябрьск|октябрьск|ноябрьск|декабрьск|апрельск)"
    r"(?:ий|ая|ое|ие|ого|ому|им|ом|ую|их|ими|ой)"
)
_MONTH_ADJ_VALUE = {
    "январск": 1, "февральск": 2, "мартовск": 3, "апрельск": 4, "майск": 5, "июньск": 6, "июльск": 7,
    "августовск": 8, "сентябрьск": 9, "октябрьск": 10, "ноябрьск": 11, "декабрьск": 12,
}
_EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTHS = {form: month for month, (stem, ends) in _MONTH_FORMS.items() for form in _forms(stem, ends)}

# Words that carry a number without being number words: (keys, strength).
_SPECIAL: dict[str, tuple[tuple[str, ...], int]] = {}


def _special(words: str, keys: tuple[str, ...], strength: int) -> None:
    for w in words.split():
        _SPECIAL[w] = (keys, strength)


_special("вдвое дважды", ("n:2",), WEAK)
_special("втрое трижды", ("n:3",), WEAK)
_special("вчетверо четырежды", ("n:4",), WEAK)
_special("впятеро", ("n:5",), WEAK)
_special("вдесятеро", ("n:10",), WEAK)
_special("однажды впервые", ("n:1",), WEAK)
_special("оба обе обоих обеих обоим обеим обоими обеими", ("n:2",), WEAK)
_special("пара пары паре пару парой", ("n:2",), HINT)
_special("половина половины половине половину половиной", ("n:0.5", "n:2"), WEAK)
_special("треть трети третью", ("n:0.333333", "n:3"), WEAK)
_special("четверть четверти четвертью", ("n:0.25", "n:4"), WEAK)
_special("десяток десятка десятку десятком десятке", ("n:10",), WEAK)
_special("дюжина дюжины дюжину дюжиной", ("n:12",), WEAK)
_special("сутки суток суткам сутками сутках", ("n:24", "n:1"), HINT)
_special("полгода полугода полугоду", ("n:6", "n:0.5"), HINT)
_special("полчаса получаса", ("n:30", "n:0.5"), HINT)
_special("полвека полувека", ("n:50", "n:0.5"), HINT)
_special("полдень полудня полудню", ("t:0", "n:12"), HINT)
_special("полночь полуночи", ("t:0", "n:12"), HINT)
_special("десятилетие десятилетия десятилетий десятилетию десятилетием десятилетии", ("n:10",), HINT)
_special("столетие столетия столетий столетию столетием столетии", ("n:100",), HINT)
for _w, _v in (("двое", 2), ("трое", 3), ("четверо", 4), ("пятеро", 5), ("шестеро", 6), ("семеро", 7), ("восьмеро", 8), ("девятеро", 9), ("десятеро", 10)):
    _special(_w, (f"n:{_v}",), STRONG)
for _w, _v in (("двоих", 2), ("троих", 3), ("четверых", 4), ("пятерых", 5), ("шестерых", 6), ("семерых", 7), ("десятерых", 10)):
    _special(_w, (f"n:{_v}",), STRONG)
_special("полтора полторы полутора", ("n:1.5",), STRONG)
_special("сотня сотни сотне сотню сотней сотен сотням сотнями сотнях", ("n:100",), HINT)
for _stem, _v in (("двойк", 2), ("тройк", 3), ("четвёрк", 4), ("четверк", 4), ("пятёрк", 5), ("пятерк", 5), ("шестёрк", 6), ("семёрк", 7), ("восьмёрк", 8), ("девятк", 9), ("десятк", 10)):
    _special(" ".join(_forms(_stem, "а,и,е,у,ой,ам,ами,ах")), (f"n:{_v}",), HINT)
_special("полмиллиона полумиллиона полумиллиону", ("n:500000",), STRONG)
_special("полмиллиарда полумиллиарда", ("n:500000000",), STRONG)
_special("полтриллиона полутриллиона", ("n:500000000000",), STRONG)
for _w, _v in (("во-первых", 1), ("во-вторых", 2), ("в-третьих", 3), ("в-четвертых", 4), ("в-четвёртых", 4), ("в-пятых", 5), ("в-шестых", 6)):
    _special(_w, (f"n:{_v}",), WEAK)
_special("первую", ("n:1",), WEAK)
_special("полтысячи полутысячи", ("n:500",), STRONG)
_special(" ".join(_forms("миллионник", ",а,у,ом,е,и,ов,ам,ами,ах")), ("n:1000000",), HINT)

# Compound words that begin with a number («двухэтажный», «пятилетний»): they only
# vouch for a number on the other side ("two-storey"), never flagged themselves.
_PREFIXES = {
    "двух": 2, "дву": 2, "трёх": 3, "трех": 3, "четырёх": 4, "четырех": 4, "пяти": 5, "шести": 6,
    "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10, "одиннадцати": 11, "двенадцати": 12,
    "пятнадцати": 15, "двадцати": 20, "тридцати": 30, "сорока": 40, "пятидесяти": 50,
    "шестидесяти": 60, "семидесяти": 70, "восьмидесяти": 80, "девяноста": 90, "столет": 100,
    "стопроцент": 100, "двухсот": 200, "трёхсот": 300, "трехсот": 300, "тысяче": 1000,
}
_PREFIX_RE = re.compile(r"(" + "|".join(sorted(_PREFIXES, key=len, reverse=True)) + r")[а-яё]{3,}")
_NOT_PREFIXED = re.compile(r"семин|семит|семиот|полуостров|полуфинал|сорокин")

# Units after a number that make it a clock time («в 15 часов»).
_HOURS = {"час", "часа", "часов", "ч"}
_CENTURY = re.compile(r"век|столет")
_CENTURY_ABBR = re.compile(r"[ \u00a0]?вв?\.")  # «XVII в.», «XIX–XX вв.»

# -- tokens ---------------------------------------------------------------------

_SPACE = "[ \u00a0\u202f\u2009]"


def _lexicon() -> str:
    """Only words that can be part of a quantity become tokens: reading stays fast,
    and two number words are adjacent exactly when nothing but space separates them."""
    words = set(CARDINALS) | set(MULTIPLIERS) | set(MONTHS) | set(_SPECIAL) | _HOURS
    words |= {"полтора", "полторы", "полутора", "половиной"}
    plain = trie_pattern(words)
    ordinal = "(?:" + trie_pattern(_ORD_STEMS) + ")(?:" + _ADJ_ENDINGS + ")"
    prefixed = "(?:" + trie_pattern(_PREFIXES) + ")[а-яё]{3,}"
    return (
        r"(?:\b(?:"
        + r"во?-(?:первых|вторых|третьих|четв[её]ртых|пятых|шестых)"
        + "|" + ordinal + "|" + _THIRD_RE.pattern + "|" + _MONTH_ADJ.pattern
        + "|" + prefixed
        + r"|минут[а-яё]*|век[а-яё]*|столети[а-яё]*|с(?=\s+половиной)|"
        + plain
        + r")(?![а-яёА-ЯЁ]))"
    )


_WORDS = _lexicon()
# Number words are matched in the lower-cased text (much faster than ignoring case).
_WORD_RE = re.compile(_WORDS)


def _tokens(text: str) -> list:  # type: ignore[type-arg]
    words = number_words(text, _WORD_RE)
    return sorted([*_TOKEN_RE.finditer(text), *words], key=lambda t: t.start())
_TOKEN_RE = re.compile(
    # Digits first behind one cheap look-ahead: most positions are letters.
    r"(?=\d)(?:(?P<date>(?<![\d.])(?P<dd>[0-3]?\d)\.(?P<mm>[01]?\d)\.(?P<yy>\d{4}|\d{2})(?![\d]))"
    r"|(?P<iso>(?<![\d.])(?P<iy>\d{4})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d))"
    r"|(?P<time>(?<![\d.,:])(?P<h>[01]?\d|2[0-3])(?P<tsep>[:.։]|-(?=00(?!\d)))(?P<mi>[0-5]\d)(?![\d]|[.,:]\d))"
    rf"|(?P<num>(?<![\d.,])(?:(?<![^\W\d_])\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)|\d+(?!\d))(?:[.,]\d+(?![.,]?\d))?)"
    r"(?:[-–](?P<suf>[а-яё]+))?)"
    r"|(?=[IVXХ])(?P<roman>(?<![\w-])[IVXХ]{1,5}(?![\w-]))"
    r"|(?=[A-Z])(?P<other>(?<![A-Za-z])(?:January|February|March|April|May|June|July|August|September|October|November|December)(?![A-Za-z]))",
)
_ROMAN = {"I": 1, "V": 5, "X": 10}


_KINDS = ("date", "iso", "time", "num", "roman", "other")


def _kind(tok: "re.Match[str] | NumberWord") -> str:
    """Which alternative of the token pattern matched (``lastgroup`` names inner groups)."""
    if isinstance(tok, NumberWord):
        return "word"
    return next(k for k in _KINDS if tok.start(k) >= 0)


def roman_value(text: str) -> int | None:
    """Value of a Roman numeral (Cyrillic Х accepted as X), or None when malformed."""
    text = text.replace("Х", "X")
    total, prev = 0, 0
    for ch in reversed(text):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total += -v if v < prev else v
        prev = max(prev, v)
    return total if total > 0 else None


def _plain_number(text: str) -> float:
    digits = re.sub(_SPACE, "", text).replace(",", ".")
    return float(digits)


@lru_cache(maxsize=4096)
def extract(text: str) -> tuple[Quantity, ...]:
    """Every quantity in a Russian text, in order."""
    tokens = _tokens(text)
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        i = _read(text, tokens, i, out)
    return tuple(out)


def _next_word(tokens: list[re.Match[str]], j: int, text: str, end: int) -> re.Match[str] | None:
    """Token ``j`` if it is a word that follows ``end`` after white space or a dot only."""
    if j >= len(tokens) or _kind(tokens[j]) != "word":
        return None
    gap = text[end : tokens[j].start()]
    if gap.strip(" \u00a0\u202f\u2009.") or len(gap) > 3:
        return None
    return tokens[j]


def _read(text: str, tokens: list[re.Match[str]], i: int, out: list[Quantity]) -> int:
    tok = tokens[i]
    kind = _kind(tok)
    if kind == "date":
        day, month, year = int(tok["dd"]), int(tok["mm"]), tok["yy"]
        if 1 <= day <= 31 and 1 <= month <= 12:
            out.append(Quantity(tok.start("dd"), tok.end("dd"), frozenset({number_key(day)}), STRONG, tok["dd"]))
            out.append(Quantity(tok.start("mm"), tok.end("mm"), frozenset({f"m:{month}"}), STRONG, tok["mm"]))
            out.append(Quantity(tok.start("yy"), tok.end("yy"), frozenset({number_key(int(year))}), STRONG, year))
        return i + 1
    if kind == "iso":
        for group, key in (("iy", number_key(int(tok["iy"]))), ("im", f"m:{int(tok['im'])}"), ("id", number_key(int(tok["id"])))):
            out.append(Quantity(tok.start(group), tok.end(group), frozenset({key}), STRONG, tok[group]))
        return i + 1
    if kind == "time":
        nxt = _next_word(tokens, i + 1, text, tok.end())
        if tok["tsep"] == "." and nxt is not None and nxt.group().lower() in MULTIPLIERS:
            # «4.12 млн» is a decimal, not a clock time.
            value = float(f"{tok['h']}.{tok['mi']}") * MULTIPLIERS[nxt.group().lower()]
            out.append(Quantity(tok.start(), nxt.end(), frozenset({number_key(value)}), STRONG, text[tok.start() : nxt.end()]))
            return i + 2
        h, m = int(tok["h"]), int(tok["mi"])
        keys = {time_key(h, m), number_key(float(f"{h}.{tok['mi']}"))}
        if m == 0:
            keys.add(number_key(h))
        out.append(Quantity(tok.start(), tok.end(), frozenset(keys), STRONG, tok.group()))
        return i + 1
    if kind == "num":
        return _read_digits(text, tokens, i, out)
    if kind == "roman":
        value = roman_value(tok.group())
        nxt = _next_word(tokens, i + 1, text, tok.end())
        before = re.search(r"([А-ЯЁа-яёA-Za-z]+)\s*$", text[max(0, tok.start() - 30) : tok.start()])
        prev_cap = bool(before) and before.group(1)[:1].isupper()
        century = (nxt is not None and _CENTURY.match(nxt.group().lower())) or _CENTURY_ABBR.match(text, tok.end())
        if value and (century or prev_cap):
            out.append(Quantity(tok.start(), tok.end(), frozenset({number_key(value)}), WEAK, tok.group()))
        return i + 1
    if kind == "word":
        return _read_word(text, tokens, i, out)
    if kind == "other" and tok.group()[:1].isupper() and tok.group().lower() in _EN_MONTHS:
        if _near_digit(text, tok.start(), tok.end()):
            month = _EN_MONTHS[tok.group().lower()]
            out.append(Quantity(tok.start(), tok.end(), frozenset({f"m:{month}"}), STRONG, tok.group()))
    return i + 1


def _read_digits(text: str, tokens: list[re.Match[str]], i: int, out: list[Quantity]) -> int:
    tok = tokens[i]
    raw = tok.group("num")
    try:
        value = _plain_number(raw)
    except ValueError:
        return i + 1
    start, end = tok.start(), tok.end("num")
    keys: set[str] = set()
    strength = STRONG
    before = text[max(0, start - 2) : start]
    after = text[end : end + 1]
    # «Су-57», «COVID-19», «G20», «5G»: part of a name, not a quantity.
    dimension = after in ("x", "х", "×") and text[end + 1 : end + 2].isdigit()
    if (len(before) == 2 and before[1] in "-–" and before[0].isalpha()) or (before[-1:].isalpha()) or (
        after.isalpha() and not tok.group("suf") and not dimension
    ):
        strength = WEAK
    suffix = (tok.group("suf") or "").lower()
    if strength == WEAK and len(raw) == 2 and before[-1:] in ("-", "–"):
        # «Мисс США-86»: a year said in two digits ("Miss USA 1986")
        keys.update((number_key(1900 + value), number_key(2000 + value)))
    if not suffix and text[end : end + 1] == "/" and i + 1 < len(tokens) and _kind(tokens[i + 1]) == "num":
        fraction = _fraction(text, tokens, i, value, start)
        if fraction is not None:
            out.append(fraction)
            return i + 2
    if suffix:
        end = tok.end()
        if suffix in ("х", "е", "ые", "ых", "ым", "ыми") and value == int(value) and value >= 10:
            keys.update(decade_keys(int(value)))
    j = i + 1
    if not suffix:
        nxt = _next_word(tokens, j, text, end)
        if nxt is not None:
            word = nxt.group().lower()
            if word in MULTIPLIERS:
                value *= MULTIPLIERS[word]
                end = nxt.end()
                if text[end : end + 1] == "." and word in ("тыс", "млн", "млрд", "трлн"):
                    end += 1
                j += 1
            elif word in _HOURS and value <= 24:
                minutes = _minutes_after(tokens, j + 1, text, nxt.end())
                if minutes is not None:
                    # «в 11 часов 28 минут» is the clock time 11:28.
                    mins, end, j = minutes
                    keys = {time_key(int(value), mins), number_key(float(f"{int(value)}.{mins:02d}"))}
                    out.append(Quantity(start, end, frozenset(keys), strength, text[start:end]))
                    return j
                keys.add(time_key(int(value), 0))
    keys.add(number_key(value))
    out.append(Quantity(start, end, frozenset(keys), strength, text[start:end]))
    return j


def _fraction(text: str, tokens: list[re.Match[str]], i: int, value: float, start: int) -> Quantity | None:
    """«1/8», «2/3», «4/5»: a fraction, or a mark out of five or ten; «1/8 финала»
    (a stage of a tournament, "round of 16" in English) only vouches for a number."""
    den_tok = tokens[i + 1]
    if den_tok.start() != tokens[i].end("num") + 1 or den_tok.group("suf"):
        return None
    try:
        den = _plain_number(den_tok.group("num"))
    except ValueError:
        return None
    if not den or den != int(den) or value != int(value) or value < 1:
        return None
    end = den_tok.end()
    stage = _STAGE.match(text, end) is not None
    # Only what English writes as a fraction too: «2/3», «4/5», not a season
    # («2019/20»), a tyre size («265/45») or «1/1000».
    if not stage and not (den <= 10 and value <= den):
        return None
    keys = {number_key(round(value / den, 6))}
    if den in (5, 10) and value <= den:
        keys.add(number_key(value))
    if stage and value == 1:
        keys.add(number_key(2 * den))  # «1/8 финала» = the round of 16
    return Quantity(start, end, frozenset(keys), HINT if stage else STRONG, text[start:end])


_STAGE = re.compile(r"[ \u00a0]+финал")


def _minutes_after(tokens: list[re.Match[str]], j: int, text: str, end: int) -> tuple[int, int, int] | None:
    """«28 минут» right after «11 часов»: (minutes, end offset, next token index)."""
    if j + 1 >= len(tokens) or _kind(tokens[j]) != "num" or text[end : tokens[j].start()].strip():
        return None
    unit = _next_word(tokens, j + 1, text, tokens[j].end())
    if unit is None or not unit.group().lower().startswith("минут"):
        return None
    try:
        minutes = int(tokens[j].group("num"))
    except ValueError:
        return None
    if minutes > 59:
        return None
    return minutes, unit.end(), j + 2


def _read_word(text: str, tokens: list[re.Match[str]], i: int, out: list[Quantity]) -> int:
    tok = tokens[i]
    word = tok.group().lower()
    if word == "пяти" and _five_to(text, tokens, i):
        out.append(Quantity(tok.start(), tok.end(), frozenset({number_key(5)}), HINT, tok.group()))
        return i + 1
    if word in CARDINALS or word in ("полтора", "полторы", "полутора"):
        return _read_cardinals(text, tokens, i, out)
    if word in LONE_MULTIPLIERS:
        out.append(Quantity(tok.start(), tok.end(), frozenset({number_key(LONE_MULTIPLIERS[word])}), WEAK, tok.group()))
        return i + 1
    ordinal = _ordinal(word)
    if ordinal is not None and word == "шестом" and re.search(r"(?<![а-яё])(?:с|со)\s+$", text[max(0, tok.start() - 4) : tok.start()], re.IGNORECASE):
        return i + 1  # «прыжок с шестом»: a pole, not «шестой»
    if ordinal is not None:
        value, plural = ordinal
        keys = {number_key(value)}
        if plural and 20 <= value <= 90:
            keys.update(decade_keys(int(value)))
        strength = WEAK if value in (1, 2) else STRONG
        out.append(Quantity(tok.start(), tok.end(), frozenset(keys), strength, tok.group()))
        return i + 1
    if word in MONTHS:
        if tok.group()[:1].islower() or _near_digit(text, tok.start(), tok.end()) or _sentence_start(text, tok.start()):
            out.append(Quantity(tok.start(), tok.end(), frozenset({f"m:{MONTHS[word]}"}), STRONG, tok.group()))
        return i + 1
    special = _SPECIAL.get(word)
    if special is not None:
        keys, strength = special
        out.append(Quantity(tok.start(), tok.end(), frozenset(keys), strength, tok.group()))
        return i + 1
    adj = _MONTH_ADJ.fullmatch(word)
    if adj is not None:
        out.append(Quantity(tok.start(), tok.end(), frozenset({f"m:{_MONTH_ADJ_VALUE[adj.group(1)]}"}), HINT, tok.group()))
        return i + 1
    m = _PREFIX_RE.match(word)
    if m and not _NOT_PREFIXED.match(word):
        out.append(Quantity(tok.start(), tok.end(), frozenset({number_key(_PREFIXES[m.group(1)])}), HINT, tok.group()))
    return i + 1


def _five_to(text: str, tokens: list[re.Match[str]], i: int) -> bool:
    """«без пяти минут директор» (all but, soon-to-be): an idiom unless a clock time
    follows («без пяти минут три», «без пяти минут 3»)."""
    tok = tokens[i]
    if not re.search(r"(?<![а-яё])без\s+$", text[max(0, tok.start() - 5) : tok.start()], re.IGNORECASE):
        return False
    unit = _next_word(tokens, i + 1, text, tok.end())
    if unit is None or not unit.group().lower().startswith("минут"):
        return False
    after = tokens[i + 2] if i + 2 < len(tokens) else None
    if after is None or text[unit.end() : after.start()].strip():
        return True
    return not (_kind(after) == "num" or after.group().lower() in CARDINALS)


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \u00a0\"«„“'(—–-")
    return not before or before[-1] in ".!?…:;"


def _near_digit(text: str, start: int, end: int) -> bool:
    return bool(re.search(r"\d\s*$", text[max(0, start - 4) : start]) or re.match(r"\s*\d", text[end : end + 4]))


def _ordinal(word: str) -> tuple[float, bool] | None:
    if _THIRD_RE.fullmatch(word):
        return 3, word.endswith(("ьи", "ьих", "ьими"))
    m = _ORD_RE.fullmatch(word)
    if m is None:
        return None
    return _ORD_STEMS[m.group("stem")], word.endswith(_PLURAL_ENDINGS)


def _read_cardinals(text: str, tokens: list[re.Match[str]], i: int, out: list[Quantity]) -> int:
    """«сто двадцать пять тысяч», «две тысячи двадцатого», «два с половиной миллиона»."""
    start = tokens[i].start()
    end = tokens[i].end()
    total, current = 0.0, 0.0
    last: str | None = None
    words = 0
    ordinal = False
    j = i
    while j < len(tokens):
        tok = tokens[j] if j == i else _next_word(tokens, j, text, end)
        if tok is None:
            break
        word = tok.group().lower()
        if word in ("полтора", "полторы", "полутора"):
            if last is not None:
                break
            current, last = 1.5, UNIT
        elif word in CARDINALS:
            value, cls = CARDINALS[word]
            if not may_follow(last, cls):
                break
            current += value
            last = cls
        elif word in MULTIPLIERS and last is not None and last != BIG:
            total += (current or 1) * MULTIPLIERS[word]
            current, last = 0.0, BIG
        elif last in (TEN, HUNDRED, BIG) and (ordinal_value := _ordinal(word)) is not None and ordinal_value[0] < (10 if last == TEN else 100):
            current += ordinal_value[0]
            ordinal = True
            end = tok.end()
            j += 1
            words += 1
            break
        elif word == "с" and last is not None and last != BIG:
            half = _next_word(tokens, j + 1, text, tok.end())
            if half is None or half.group().lower() != "половиной":
                break
            current += 0.5
            end = half.end()
            j += 2
            # «два с половиной миллиона»: the multiplier may follow.
            mult = _next_word(tokens, j, text, end)
            if mult is not None and mult.group().lower() in MULTIPLIERS:
                total += current * MULTIPLIERS[mult.group().lower()]
                current = 0.0
                end = mult.end()
                j += 1
            words += 2
            break
        else:
            break
        end = tok.end()
        words += 1
        j += 1
    value = total + current
    lone_weak = words == 1 and (value == 1 or tokens[i].group().lower() in _AMBIGUOUS_CARDINALS)
    strength = WEAK if lone_weak or (ordinal and value in (1, 2)) else STRONG
    keys = {number_key(value)}
    nxt = _next_word(tokens, j, text, end)
    if nxt is not None and nxt.group().lower() in _HOURS and value <= 24:
        keys.add(time_key(int(value), 0))
    out.append(Quantity(start, end, frozenset(keys), strength, text[start:end]))
    return max(j, i + 1)
