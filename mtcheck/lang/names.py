"""Proper names in a Russian source and their renderings in English.

A fast path instead of a neural tagger (natasha's NER runs at tens of sentences a
second; the rule checks must keep up with sacrebleu): a Russian word is a name
candidate when it is capitalised inside a sentence, or capitalised at the start and
tagged by pymorphy3 as a first name, surname, patronymic, place or organisation, or
unknown to its dictionary; all-capitals abbreviations count when the exonym table
knows them, Latin-script words always. Adjacent candidates form one name («Владимир
Путин»); in a person's name the first name and patronymic are optional in English.

A name is *found* in the English text when one of its renderings is there: an
English exonym or translation from ``mtcheck/data/exonyms.tsv`` («Москва» → Moscow,
«Киев» → Kyiv/Kiev, «США» → US/United States), or a transliteration of the word or
of its stem (BGN/PCGN, passport and news spellings from :mod:`mtcheck.lang.translit`)
that matches an English word closely under a lossy key (Ermak/Yermak,
Zelensky/Zelenskyy, Dzhordan/Jordan, Frantsisk/Francis). Case endings are stripped
so «Катаром» finds "Qatar".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Iterable, NamedTuple

from rapidfuzz import fuzz, process

from mtcheck.lang.translit import latin_key, spellings

NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
PERSON_OPTIONAL = frozenset({"Name", "Patr"})

# Transliteration keys this similar (rapidfuzz ratio, 0-100) are one name.
MIN_SIMILARITY = 80

_CYR_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
# The capital comes before the look-behind (no word character before it): a pattern
# that opens with a character class lets ``re`` skip ahead to candidates instead of
# testing the look-behind at every position. The matches are the same.
# Latin Extended-A/B (Ș, Ł, Ž) holds both cases: its lower-case letters are dropped after matching.
_CAP_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ɏ](?<![\w][A-ZÀ-ÖØ-ÞĀ-ɏ])(?:[\w&'’.-]*[\w&])?")
_LAT_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w&'’.-]*[\w&]|[A-Za-zÀ-ÖØ-öø-ÿ]")
_TOKEN = re.compile(
    r"(?P<cyr>[А-ЯЁа-яё]+)|(?P<lat>[A-Za-zÀ-ÖØ-öø-ÿ](?:[A-Za-zÀ-ÖØ-öø-ÿ0-9&'’.-]*[A-Za-zÀ-ÖØ-öø-ÿ0-9&])?)|(?P<num>\d+)|(?P<p>[^\w\s])"
)
_ROMAN = re.compile(r"[IVXLC]+")
_CYRILLIC = re.compile(r"[А-ЯЁа-яё]")
# Countries that a Russian genitive names after an office or body («госсекретарь США»,
# «флот России») and English often leaves implicit ("the Secretary of State", "Navy Day").
IMPLICIT_GENITIVE = frozenset({"россия", "рф", "сша", "америка", "украина"})
_SENTENCE_END = set(".!?…")
_OPENERS = set("«\"“„'‘([—–-")
_CASE_ENDINGS = (
    "ого", "его", "ому", "ему", "ыми", "ими", "ами", "ями",
    "ом", "ем", "ём", "ой", "ей", "ам", "ям", "ах", "ях", "ую", "юю", "ия", "ие", "ии", "ию", "ым", "им", "ых", "их", "ов", "ев",
    "а", "я", "у", "ю", "е", "ы", "и", "й", "ь", "о",
)


# -- the exonym table -------------------------------------------------------------


@dataclass(frozen=True)
class Exonyms:
    """Russian lemma (lower case, е for ё) → English renderings (abbreviations keep
    their capitals: "US" must not match the pronoun "us")."""

    forms: dict[str, tuple[str, ...]]
    # Lemmas that are names in lower case too («нацгвардия», «росгвардия»).
    lower: frozenset[str] = frozenset()

    def get(self, lemma: str) -> tuple[str, ...]:
        return self.forms.get(fold_yo(lemma.lower()), ())

    @cached_property
    def english_words(self) -> frozenset[str]:
        """Renderings that are one word, in lower case ("baltic", "moscow", "nato")."""
        return frozenset(r.lower() for renderings in self.forms.values() for r in renderings if " " not in r)

    @cached_property
    def lower_heads(self) -> frozenset[str]:
        """The first four letters of each lower-case name: a cheap test before parsing a word."""
        return frozenset(lemma[:4] for lemma in self.lower)


def fold_yo(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def parse_exonyms(text: str) -> Exonyms:
    """Parse ``exonyms.tsv``: ``lemma<TAB>English|English...``, optionally a third
    column ``lower`` (a name in lower case too); ``#`` starts a comment."""
    forms: dict[str, tuple[str, ...]] = {}
    lower: set[str] = set()
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        lemma, _, rest = line.partition("\t")
        english, _, flags = rest.partition("\t")
        renderings = tuple(dict.fromkeys(_rendering_case(e.strip()) for e in english.split("|") if e.strip()))
        key = fold_yo(lemma.strip().lower())
        if key and renderings:
            forms[key] = tuple(dict.fromkeys(forms.get(key, ()) + renderings))
            if flags.strip() == "lower":
                lower.add(key)
    return Exonyms(forms, frozenset(lower))


def _rendering_case(rendering: str) -> str:
    letters = [ch for ch in rendering if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return rendering
    return rendering.lower()


@lru_cache(maxsize=1)
def default_exonyms() -> Exonyms:
    return parse_exonyms(resources.files("mtcheck.data").joinpath("exonyms.tsv").read_text(encoding="utf-8"))


# -- keys ----------------------------------------------------------------------------


_COMBINING = re.compile(r"[\u0300-\u036f]")


def strip_accents(text: str) -> str:
    """``text`` without diacritics (Düsseldorf → Dusseldorf), character for character,
    so that offsets into the result are offsets into ``text``."""
    if text.isascii():
        return text
    stripped = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    if len(stripped) == len(text):
        return stripped
    return "".join(c if len(c) == 1 else ch for ch in text for c in [_COMBINING.sub("", unicodedata.normalize("NFD", ch))])


@lru_cache(maxsize=65536)
def name_keys(word: str) -> tuple[str, ...]:
    """Lossy keys of an English (or Latin) spelling of a name: "Jordan", "Francis" → two keys
    where English "c" before e/i/y may stand for Russian «с» or «ц»."""
    plain = strip_accents(word).lower().replace("’", "'")
    if plain.endswith("'s"):
        plain = plain[:-2]
    plain = re.sub(r"dzh|dj", "j", plain)
    variants = [plain]
    # Letters that English spells one way and Russian another: c = с/ц/к,
    # x = кс/х (Texas/Техас), j = дж/ж (Jesus/Жезус), w = в/у (Rwanda/Руанда).
    if re.search(r"c[eiy]", plain):
        variants.append(re.sub(r"c(?=[eiy])", "ts", plain))
        variants.append(re.sub(r"c(?=[eiy])", "s", plain))
    if "x" in plain:
        variants.append(plain.replace("x", "kh"))
    if "j" in plain:
        variants.append(plain.replace("j", "zh"))
    if "w" in plain:
        variants.append(plain.replace("w", "u"))
    if "ch" in plain:
        variants.append(plain.replace("ch", "k"))  # Michael/Майкл
    if "igh" in plain:
        variants.append(plain.replace("igh", "ai"))  # Light/Лайт
    if plain.startswith("h"):
        variants.append("g" + plain[1:])  # Harry/Гарри, Hamlet/Гамлет
    if re.search(r"dg|g[eiy]", plain):
        variants.append(re.sub(r"dg|ge(?=[aou])|ge(?=[^aeiou]|$)|g(?=[eiy])", "j", plain))  # George/Джордж, Bridges/Бриджес
    if "ch" in plain:
        variants.append(plain.replace("ch", "kh"))  # Bach/Бах
    if plain.startswith("wh"):
        variants.append("u" + plain[2:])  # Whitley/Уитли
    if plain.startswith("x"):
        variants.append("z" + plain[1:])  # Xena/Зена
    if "b" in plain:
        variants.append(plain.replace("b", "v"))  # Arabia/Аравия
    if "rz" in plain:
        variants.append(plain.replace("rz", "zh"))  # Grzegorz/Гжегож
    if "eu" in plain or "au" in plain:
        variants.append(plain.replace("eu", "ev").replace("au", "av"))  # Europe/Европа, Austria/Австрия
    if "tion" in plain:
        variants.append(plain.replace("tion", "tsi"))  # Rosaviation/Росавиация
    if "ch" in plain:
        variants.append(plain.replace("ch", "sh"))  # French names: Michelle/Мишель, Chopin/Шопен
    keys = [latin_key(v) for v in variants]
    return tuple(k for k in dict.fromkeys(keys) if k)


# Chinese names come into Russian by the Palladius system and into English by pinyin:
# «Чунли» is Chongli, «Цзиньпин» Jinping, «Сюй» Xu. Latin letters put into the Russian
# stem pass through the transliteration unchanged.
_PALLADIUS = (
    ("цз", "j"), ("чж", "zh"), ("сюй", "xu"), ("сю", "xiu"), ("ся", "xia"), ("си", "xi"),
    ("юн", "yong"), ("ун", "ong"), ("эр", "er"), ("ьи", "i"), ("ь", ""),
)
_PALLADIUS_HINT = re.compile(r"цз|чж|[сч]ун|[лнсдтхгкж]ун|[сц]ю|ся")


def _pinyin(stem: str) -> str:
    for russian, latin in _PALLADIUS:
        stem = stem.replace(russian, latin)
    return stem


@lru_cache(maxsize=65536)
def russian_keys(word: str, lemmas: tuple[str, ...] = (), adjective: bool = False) -> tuple[str, ...]:
    """Keys of every likely English spelling of a Russian word, its stems and lemmas.

    For an adjective made from a name the name itself is a stem too
    («Краснодарском» → Krasnodar, «Украинские» → Ukrain-ian).
    """
    lower = fold_yo(word.lower())
    stems = {lower}
    for ending in _CASE_ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            stems.add(lower[: -len(ending)])
    if adjective:
        m = re.match(r"(.{3,}?)(?:ск|цк)(?:ий|ой|ая|ое|ие|ого|ому|им|ом|ую|их|ими|ых|ым|ыми|ой|ей)$", lower)
        if m:
            stems.add(m.group(1))
            # «Пензенский» ← Пенза, «Тульский» ← Тула: a linking -ен-/-ов-/-ев- may be added.
            inner = re.match(r"(.{3,})(?:ен|ов|ев|ин)$", m.group(1))
            if inner:
                stems.add(inner.group(1))
    stems.update(fold_yo(lemma) for lemma in lemmas)
    if _PALLADIUS_HINT.search(lower):
        stems.update(_pinyin(stem) for stem in list(stems))
    keys: list[str] = []
    for stem in stems:
        for spelling in spellings(stem):
            keys.extend(name_keys(spelling))
    long = tuple(k for k in dict.fromkeys(keys) if len(k) >= 3)
    # A short name («Иан», «Ли») keeps its two-letter keys, matched only in full.
    return long or tuple(k for k in dict.fromkeys(keys) if len(k) == 2)


_SKELETON = str.maketrans({"S": "s", "Z": "s", "T": "s", "z": "s", "C": "c", "H": None, "a": None, "e": None, "i": None, "o": None, "u": None, "y": None})


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """The consonants of a key, for names that came into Russian through English sound
    rather than spelling («Ривз» and "Reeves" both give "rvs")."""
    head = "h" if key[:1] == "H" else ""
    return re.sub(r"(.)\1+", r"\1", head + key[len(head):].translate(_SKELETON))


class LooseIndex:
    """Many words' keys, prepared for :func:`loosely_similar` against all of them at once."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = list(dict.fromkeys(keys))
        long = [b for b in self.keys if len(b) >= 3]
        self._three = {b for b in long if len(b) == 3}
        self._head4 = {b[:4] for b in long if len(b) >= 4}
        self._head3 = {b[:3] for b in long}
        self._skeletons = {skeleton(b) for b in self.keys}

    def similar(self, a_keys: Iterable[str]) -> bool:
        """``loosely_similar(a_keys, keys)``, with set look-ups and one rapidfuzz pass."""
        for a in a_keys:
            if len(a) >= 3 and (
                # b[:4] starts a (b of three letters, or longer), or a[:4] starts b.
                a[:3] in self._three or a[:4] in self._head4 or (len(a) == 3 and a in self._head3)
            ):
                return True
            if process.extractOne(a, self.keys, scorer=fuzz.ratio, score_cutoff=65) is not None:
                return True
            sk = skeleton(a)
            if sk and sk in self._skeletons:
                return True
        return False


def loosely_similar(a_keys: Iterable[str], b_keys: Iterable[str]) -> bool:
    """Whether two words may be spellings of one name, judged generously (for deciding
    that an MT word is a rendering, never for deciding that a name is lost)."""
    for a in a_keys:
        for b in b_keys:
            if len(a) >= 3 and len(b) >= 3 and (a.startswith(b[:4]) or b.startswith(a[:4])):
                return True
            if fuzz.ratio(a, b) >= 65 or (skeleton(a) and skeleton(a) == skeleton(b)):
                return True
    return False


# -- source names ----------------------------------------------------------------------

# How sure a word is to be a name the MT must render: SURE (its loss is reported),
# TRACE (English may translate it, but still writes it with a capital: «Центристская
# партия» → "Center Party"; its loss is reported only when the MT has no capitalised
# word left for it) and WEAK (English may leave it out: «флота России» → "the Navy").
SURE, TRACE, WEAK = 2, 1, 0


@dataclass(frozen=True)
class NameToken:
    start: int
    end: int
    text: str
    keys: tuple[str, ...]
    # English renderings from the exonym table (lower case).
    renderings: tuple[str, ...]
    # A first name or patronymic inside a longer person's name: English may drop it.
    optional: bool = False
    latin: bool = False
    # The dictionary lemma of a known first name or surname (stable across case forms),
    # else "": identifies the name across a document.
    lemma: str = ""
    # Part of a person's name (first name, surname, patronymic, or an unknown word):
    # adjacent ones form one name («Владимир Путин»).
    person: bool = False


@dataclass(frozen=True)
class SourceName:
    """One name in the source: one word or several adjacent ones («Владимир Путин»)."""

    start: int
    end: int
    text: str
    tokens: tuple[NameToken, ...]
    # False for capitalised words that English may translate rather than spell
    # («Государственный суд»): they are matched, but their loss is not flagged alone.
    sure: bool
    # A lower-case mention («российского»): it takes its rendering ("Russian") so that a
    # name said again («ВМФ России») needs one of its own; never reported itself.
    mention_only: bool = False
    # Not sure, but written with a capital in English too (see TRACE).
    trace: bool = False

    @cached_property
    def required(self) -> tuple[NameToken, ...]:
        needed = tuple(t for t in self.tokens if not t.optional)
        return needed or self.tokens


def _sentence_initial(text: str, start: int) -> bool:
    """At the start of a sentence, or of a quoted title («Пила», «Властелин колец»),
    where Russian capitalises common words too."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i >= 0 and text[i] in "«„“\"":
        return True
    while i >= 0 and (text[i].isspace() or text[i] in _OPENERS):
        i -= 1
    # A new line starts a sentence too (poems, lists, headlines).
    return i < 0 or text[i] in _SENTENCE_END or text[i] == ":" or "\n" in text[i + 1 : start]


def quoted_inside(text: str, start: int) -> bool:
    """Whether a word opens a quotation inside a sentence (группы «Тинькофф»)."""
    i = start - 1
    if i < 0 or text[i] not in "«„“\"":
        return False
    while i > 0 and text[i - 1] in "«„“\"":
        i -= 1
    before = text[:i].rstrip()
    return bool(before) and (before[-1].isalnum() or before[-1] == ",")


def _parses(morph: Any, word: str) -> list[Any]:
    return _cached_parse(morph, word)


_PARSE_CACHE: dict[str, list[Any]] = {}


def _cached_parse(morph: Any, word: str) -> list[Any]:
    found = _PARSE_CACHE.get(word)
    if found is None:
        if len(_PARSE_CACHE) > 200_000:
            _PARSE_CACHE.clear()
        found = list(morph.parse(word)[:4])
        _PARSE_CACHE[word] = found
    return found


_LEMMA_CACHE: dict[str, tuple[str, ...]] = {}


def _lemmas(morph: Any, word: str) -> tuple[str, ...]:
    """The distinct lemmas of a word's parses, in order, cached per word: pymorphy3
    works a parse's ``normal_form`` out anew on every access."""
    found = _LEMMA_CACHE.get(word)
    if found is None:
        if len(_LEMMA_CACHE) > 200_000:
            _LEMMA_CACHE.clear()
        found = tuple(dict.fromkeys(p.normal_form for p in _parses(morph, word)))
        _LEMMA_CACHE[word] = found
    return found


_KNOWN_CACHE: dict[str, bool] = {}


def _known(morph: Any, word: str) -> bool:
    """``morph.word_is_known(word)``, cached per word like the parses (one dictionary)."""
    found = _KNOWN_CACHE.get(word)
    if found is None:
        if len(_KNOWN_CACHE) > 200_000:
            _KNOWN_CACHE.clear()
        found = bool(morph.word_is_known(word))
        _KNOWN_CACHE[word] = found
    return found


def _tags(parses: list[Any]) -> set[str]:
    tags: set[str] = set()
    for p in parses:
        if p.score >= 0.05 or p is parses[0]:
            tags |= set(p.tag.grammemes) & NAME_TAGS
    return tags


_TAG_CACHE: dict[tuple[str, bool], frozenset[str]] = {}


def _word_tags(morph: Any, word: str, first_only: bool = False) -> set[str]:
    """:func:`_tags` of a word's parses (only the likeliest with ``first_only``),
    cached per word; a new set each time, as callers may change it."""
    found = _TAG_CACHE.get((word, first_only))
    if found is None:
        if len(_TAG_CACHE) > 200_000:
            _TAG_CACHE.clear()
        parses = _parses(morph, word)
        found = frozenset(_tags(parses[:1] if first_only else parses))
        _TAG_CACHE[(word, first_only)] = found
    return set(found)


_LOWER_ADJECTIVE = re.compile(r"[а-яё]{3,}?(?:ск|цк)(?:ого|ому|им|ом|ий|ая|ой|ую|ое|ие|их|ими|ым|ых|ыми|ей|ее)\b")


def source_names(text: str, morph: Any, exonyms: Exonyms) -> list[SourceName]:
    """The proper names of a Russian text, in order (lower-case mentions first)."""
    tokens: list[NameToken] = []
    levels: list[int] = []
    groups: list[list[int]] = []
    prev_end = -10
    prev_kind = ""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        word = m.group()
        start, end = m.start(), m.end()
        found: tuple[NameToken, int] | None = None
        if kind == "cyr" and word[:1].isupper() and len(word) >= 2:
            found = _cyrillic_name(text, word, start, end, morph, exonyms)
        elif kind == "cyr" and word[:4] in exonyms.lower_heads:
            found = _lower_name(word, start, end, morph, exonyms)
        elif kind == "lat" and _latin_name(word) and not _glued(text, start, end):
            renderings = exonyms.get(word) + (word,)
            letters = re.match(r"[^\W\d_]+", word)
            if letters and letters.group() != word and len(letters.group()) >= 3:
                renderings += (letters.group(),)  # "COVID-19" is rendered "COVID" too
            found = (NameToken(start, end, word, name_keys(word), renderings, latin=True), SURE)
        if found is None:
            if word == "-" and start == prev_end:
                continue  # a bare hyphen may join two names (see below)
            prev_kind = ""
            prev_end = end
            continue
        token, level = found
        token_kind = "latin" if token.latin else "person" if token.person else "other"
        between = text[prev_end:start]
        # Words joined by a bare hyphen are one name whatever their kinds
        # («Лос-Анджелес», «Хантингтон-Уитли», «Абу-Даби»).
        adjacent = bool(prev_kind) and (
            (token_kind == prev_kind and token_kind != "other" and between.strip() in ("", "-")) or between == "-"
        )
        tokens.append(token)
        levels.append(level)
        if adjacent:
            groups[-1].append(len(tokens) - 1)
        else:
            groups.append([len(tokens) - 1])
        prev_kind = token_kind
        prev_end = token.end
    names: list[SourceName] = []
    for group in groups:
        members = [tokens[i] for i in group]
        best = max(levels[i] for i in group)
        if len(members) > 1 and not members[0].latin:
            members = _mark_optional(members, morph)
        names.append(
            SourceName(
                members[0].start, members[-1].end, text[members[0].start : members[-1].end], tuple(members),
                best == SURE, trace=best == TRACE,
            )
        )
    latin_keys = [k for name in names for t in name.tokens if t.latin for k in t.keys]
    if latin_keys:
        # «Pirelli (Пирелли)»: a Cyrillic spelling of a Latin name in the same source is
        # one name, rendered once.
        names = [n for n in names if n.tokens[0].latin or not _duplicates_latin(n, latin_keys)]
    mentions = []
    for m in _LOWER_ADJECTIVE.finditer(text):
        stem = re.sub(r"(?:ого|ому|им|ом|ий|ая|ой|ую|ое|ие|их|ими|ым|ых|ыми|ей|ее)$", "", m.group())
        renderings = exonyms.get(stem + "ий")
        if renderings:
            token = NameToken(m.start(), m.end(), m.group(), (), renderings)
            mentions.append(SourceName(m.start(), m.end(), m.group(), (token,), False, mention_only=True))
    return mentions + names


def _lower_name(word: str, start: int, end: int, morph: Any, exonyms: Exonyms) -> tuple[NameToken, int] | None:
    """A lower-case word that the exonym table marks as a name in lower case too
    («нацгвардии» → National Guard)."""
    for lemma in (word, *_lemmas(morph, word)):
        if fold_yo(lemma) in exonyms.lower:
            return NameToken(start, end, word, (), exonyms.get(lemma)), SURE
    return None


def _duplicates_latin(name: SourceName, latin_keys: list[str]) -> bool:
    return any(
        fuzz.ratio(a, b) >= 75 or skeleton(a) == skeleton(b)
        for t in name.tokens
        for a in t.keys
        for b in latin_keys
        if len(a) >= 3
    )


def _glued(text: str, start: int, end: int) -> bool:
    """A Latin letter inside a Cyrillic word («Meжду», a typo), not a Latin name."""
    return bool(_CYRILLIC.match(text[start - 1 : start]) or _CYRILLIC.match(text[end : end + 1]))


def _latin_name(word: str) -> bool:
    """A Latin word worth finding in the MT: two letters or more, not a Roman numeral,
    a URL or a bare lower-case pair ("r/ru")."""
    letters = sum(ch.isalpha() for ch in word)
    if letters < 2 or (letters == 2 and word.islower()):
        return False
    return not _is_url(word) and not _ROMAN.fullmatch(word)


def _is_url(word: str) -> bool:
    return "@" in word or word.lower().startswith(("http", "www."))


def _cyrillic_name(
    text: str, word: str, start: int, end: int, morph: Any, exonyms: Exonyms
) -> tuple[NameToken, int] | None:
    """A capitalised Cyrillic word as a name token and how sure it is to be one
    (SURE, TRACE, WEAK), or None."""
    lower = word.lower()
    parses = _parses(morph, lower)
    lemmas = _lemmas(morph, lower)
    renderings: tuple[str, ...] = ()
    for lemma in (lower, *lemmas):
        renderings = exonyms.get(lemma)
        if renderings:
            break
    if not renderings and not _known(morph, lower):
        # The dictionary lacks the word, so its lemma is a guess: «Пномпене» is
        # looked up as пномпень, «Ашхабаде» as ашхабад.
        renderings = _stem_renderings(lower, exonyms)
    if not renderings and text[end : end + 1] == "-":
        # «Военно-морского» → Navy: the table may know the hyphenated lemma.
        tail = _HYPHEN_TAIL.match(text, end)
        if tail:
            for second in (tail.group(1), *_lemmas(morph, tail.group(1))):
                renderings = exonyms.get(f"{lower}-{second}")
                if renderings:
                    end = tail.end()
                    word = text[start:end]
                    break
    if not renderings and not _known(morph, lower):
        # Compound agency names: «Госпогранслужба» → "State Border Service",
        # «Минтранс» → "Ministry of Transport".
        for prefix, english in _COMPOUND_PREFIXES:
            if lower.startswith(prefix) and len(lower) > len(prefix) + 3:
                renderings = english
                break
    if sum(ch.isupper() for ch in word) >= 2:
        # Abbreviations (ВМФ, БАДов, УрФО): English often translates them (ВМФ → Navy);
        # only those in the exonym table count.
        if not renderings:
            return None
        implicit = lower in IMPLICIT_GENITIVE and _after_common_noun(text, start, lower, morph)
        return NameToken(start, end, word, (), renderings), WEAK if implicit else SURE
    initial = _sentence_initial(text, start)
    # Every sentence starts with a capital: there only the most likely reading counts
    # («Сковорода» is a frying pan before it is a surname).
    # A word the dictionary lacks but that parses as a verb form («Номинированный»,
    # from номинировать) is a common word, not a name.
    known = _known(morph, lower) or parses[0].tag.POS in _VERBAL
    # Tags guessed for an unknown word at a sentence start mean nothing («Рекомендасьен»);
    # there a word with a common reading as likely as its name reading is taken as
    # common («Литой» is cast before it is the name Лита).
    if initial:
        tags = _word_tags(morph, lower, first_only=True) if known and not _common_reading(morph, lower) else set()
    else:
        tags = _word_tags(morph, lower)
    quoted = initial and quoted_inside(text, start)
    if initial and not (tags or renderings or not known):
        # A quoted title inside a sentence (группа «Русские витязи») is a name even of
        # common words.
        if quoted and parses[0].tag.POS in _NAMING | _VERBAL | {"GRND"} and "Apro" not in parses[0].tag:
            return NameToken(start, end, word, russian_keys(word), renderings), TRACE
        return None
    is_adjective = parses[0].tag.POS in ("ADJF", "ADJS") and not tags
    keys = russian_keys(word, lemmas if tags else (), is_adjective or "ск" in lower)
    person = bool(tags & {"Name", "Surn", "Patr"}) or (not known and not is_adjective)
    if renderings:
        implicit = fold_yo(lemmas[0]) in IMPLICIT_GENITIVE and _after_common_noun(text, start, lower, morph)
        # «Бог в помощь!»: a common word opening a sentence is capitalised anyway.
        common_initial = initial and not tags and known
        level = WEAK if implicit else (TRACE if quoted else WEAK) if common_initial else SURE
        return NameToken(start, end, word, keys, renderings, person=person), level
    if is_adjective and _geographic_stem(lower, morph):
        return NameToken(start, end, word, keys, renderings), SURE  # «Краснодарском» (крае)
    if tags or not known:
        lemma = fold_yo(lemmas[0]) if tags & {"Name", "Surn"} and known else ""
        # An unknown capitalised word opening a sentence may be a rare common word
        # («Блоггерство», «Спанбонд», a product title): matched, not flagged alone.
        # Quoted after a word inside a sentence (группы "Тинькофф") it is the name of
        # an organisation, a team, a ship.
        if initial and not tags:
            if not known and not is_adjective and quoted:
                return NameToken(start, end, word, keys, renderings), SURE
            # A singular noun the dictionary lacks opening a sentence («Пфанненштиль
            # занимал ...») is a trace name; the MT may still spell it in lower case
            # («Спанбонд» → "spunbond"), see ``loanword``.
            # Only a word Russian text (wordfreq) has hardly ever used: «Однушка» is
            # colloquial, not a name.
            noun = parses[0].tag.POS == "NOUN" and "plur" not in parses[0].tag and russian_zipf(lower) < _UNSEEN_ZIPF
            return NameToken(start, end, word, keys, renderings), TRACE if noun else WEAK
        sure = not is_adjective or bool(tags)
        return NameToken(start, end, word, keys, renderings, lemma=lemma, person=person), SURE if sure else TRACE
    # A capitalised common word inside a sentence («Государственный суд», «Луна»):
    # English may translate it; matched if spelled, flagged alone only when the MT
    # has no capitalised word left for it. Pronouns and particles («Вы», «Не») are
    # capitalised for politeness or emphasis, not as names.
    level = TRACE if _rare_naming_word(parses[0], lower) else WEAK
    return NameToken(start, end, word, keys, renderings), level


def _stem_renderings(lower: str, exonyms: Exonyms) -> tuple[str, ...]:
    for ending in _CASE_ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= 3:
            stem = lower[: -len(ending)]
            for tail in ("", "ь", "а", "я", "й", "ия"):
                found = exonyms.get(stem + tail)
                if found:
                    return found
    return ()


_HYPHEN_TAIL = re.compile(r"-([а-яё]+)")
_NAMING = frozenset({"NOUN", "ADJF", "ADJS"})
# Russian words rarer than this (Zipf) are more often parts of names than common words.
_RARE_ZIPF = 2.5
_UNSEEN_ZIPF = 1.5


def _rare_naming_word(parse: Any, lower: str) -> bool:
    """A rare noun or adjective («Сахелем», «Центристская»), not a pronoun («Вашей»)
    or a common word that informal text capitalises («Качество», «Тренер»)."""
    if parse.tag.POS not in _NAMING or {"Apro", "Anph"} & set(parse.tag.grammemes):
        return False
    return russian_zipf(lower) < _RARE_ZIPF


@lru_cache(maxsize=65536)
def russian_zipf(word: str) -> float:
    """A Russian word's Zipf frequency from wordfreq; 7.0 (common) without wordfreq."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return 7.0
    return float(zipf_frequency(word, "ru"))

_VERBAL = frozenset({"PRTF", "PRTS", "GRND", "VERB", "INFN"})
_COMMON_CACHE: dict[str, bool] = {}


def _common_reading(morph: Any, word: str) -> bool:
    """Whether one of a word's likely parses (half the top score or more) is a common
    word with no name tag (cached per word)."""
    found = _COMMON_CACHE.get(word)
    if found is None:
        if len(_COMMON_CACHE) > 200_000:
            _COMMON_CACHE.clear()
        parses = _parses(morph, word)
        top = parses[0].score if parses else 0.0
        found = _COMMON_CACHE[word] = any(
            p.score >= top / 2 and p.tag.POS is not None and not (set(p.tag.grammemes) & NAME_TAGS) for p in parses
        )
    return found


_COMPOUND_PREFIXES = (
    ("гос", ("state", "government", "national", "federal", "public")),
    ("мин", ("ministry", "minister", "department")),
    ("рос", ("russia", "russian", "federal", "ros")),
)
_DERIVED = re.compile(r"(?:ство|ость|ние|ция|изм|ист|тель|ник|щик|чик|ка|ие|ья)$")


_GENITIVE_CACHE: dict[str, bool] = {}


def _genitive(morph: Any, word: str) -> bool:
    """Whether one of the two likeliest parses of ``word`` is genitive (cached per
    word: pymorphy3's tag test is slow)."""
    found = _GENITIVE_CACHE.get(word)
    if found is None:
        if len(_GENITIVE_CACHE) > 200_000:
            _GENITIVE_CACHE.clear()
        found = _GENITIVE_CACHE[word] = any("gent" in p.tag for p in _parses(morph, word)[:2])
    return found


def _after_common_noun(text: str, start: int, word: str, morph: Any) -> bool:
    """«госсекретаря США», «флота России», «Минпромторгом РФ», «Банк России»: a genitive
    right after a noun or an organisation's name. Not after an abbreviation: «ВМФ
    России» is "the Russian Navy" more often than "the Navy"."""
    if not _genitive(morph, word):
        return False
    before = text[:start].rstrip()
    m = re.search(r"([А-ЯЁа-яё]+)$", before)
    if not m:
        return False
    head = m.group(1)
    if len(head) <= 3:
        return False
    first = _parses(morph, head.lower())[0]
    if not head[:1].islower():
        # «Минпромторгом РФ»: an organisation's name, "the Ministry of Industry and Trade";
        # «Банк России» mid-sentence: a capitalised common noun heading a body's name ("the Central Bank").
        sentence_start = not before[: m.start()].strip() or before[: m.start()].rstrip()[-1:] in ".!?…"
        return "Orgn" in first.tag or (first.tag.POS == "NOUN" and not sentence_start)
    return first.tag.POS == "NOUN"


def _geographic_stem(lower: str, morph: Any) -> bool:
    """Whether a capitalised adjective is made from a place name (Краснодарский ← Краснодар)."""
    m = re.match(r"(.{3,}?)(?:ск|цк)(?:ий|ой|ая|ое|ие|ого|ому|им|ом|ую|их|ими|ых|ым|ыми|ей)$", lower)
    if not m:
        return False
    stems = [m.group(1)]
    inner = re.match(r"(.{3,})(?:ен|ов|ев|ин)$", m.group(1))
    if inner:
        stems.append(inner.group(1))
    for stem in stems:
        for p in _parses(morph, stem)[:2]:
            if "Geox" in p.tag and p.normal_form == stem:
                return True
    return False


def _mark_optional(members: list[NameToken], morph: Any) -> list[NameToken]:
    """In «Владимир Владимирович Путин» the first name and patronymic may be dropped."""
    out = []
    has_surname = False
    flags = []
    for tok in members:
        lower = tok.text.lower()
        tags = _word_tags(morph, lower)
        flags.append(tags)
        # A surname is tagged so, or unknown to the dictionary.
        if "Surn" in tags or ("Name" not in tags and "Patr" not in tags and not _known(morph, lower)):
            has_surname = True
    for tok, tags in zip(members, flags):
        optional = has_surname and bool(tags & PERSON_OPTIONAL) and "Surn" not in tags
        out.append(NameToken(tok.start, tok.end, tok.text, tok.keys, tok.renderings, optional, tok.latin, tok.lemma, tok.person))
    return out


# -- the English side ------------------------------------------------------------------


class EnglishWord(NamedTuple):
    start: int
    end: int
    text: str
    keys: tuple[str, ...]


_Part = tuple[int, int, str, tuple[str, ...], tuple[str, ...]]


@lru_cache(maxsize=65536)
def _word_parts(raw: str) -> tuple[_Part, ...]:
    """A capitalised word (trailing dots left out) and the parts that may each render
    a word, as (start, end, text, keys, skeletons of the keys) relative to the word;
    cached per word, as names recur across sentences."""
    word = raw.rstrip(".")
    parts: list[_Part] = []
    for start, end, text in _pieces(word):
        keys = name_keys(text)
        parts.append((start, end, text, keys, tuple(skeleton(k) for k in keys)))
    return tuple(parts)


def _pieces(word: str) -> list[tuple[int, int, str]]:
    pieces = [(0, len(word), word)]
    if "-" in word or "'" in word or "’" in word or "." in word:
        # "Petropavlovsk-Kamchatsky", "O'Neill", "Neva.Today": each part may render a word.
        offset = 0
        for part in re.split(r"[-'’.]", word):
            if len(part) >= 2:
                pieces.append((offset, offset + len(part), part))
            offset += len(part) + 1
    return pieces


class EnglishText:
    """An English text prepared for name lookups: its words, their keys, its folded text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.plain = strip_accents(text).replace("’", "'")
        self.folded = self.plain.lower()
        # Capitalised words as parallel lists (spans, texts, keys) rather than objects:
        # every MT builds them, and a named tuple per word costs a Python call.
        self._spans: list[tuple[int, int]] | None = None
        self._texts: list[str] = []
        self._word_keys: list[tuple[str, ...]] = []
        self._flat: list[tuple[str, int]] = []
        self._keys: list[str] = []
        self._skeleton_list: list[str] | None = None
        self._by3: dict[str, list[tuple[str, int]]] = {}
        self._truncated: dict[tuple[str, int], list[str]] = {}

    @property
    def words(self) -> list[EnglishWord]:
        """Capitalised words (English writes names so), and their parts."""
        spans = self._build_words()
        return [EnglishWord(s, e, t, k) for (s, e), t, k in zip(spans, self._texts, self._word_keys)]

    def _build_words(self) -> list[tuple[int, int]]:
        """The (start, end) of each capitalised word or part; texts and keys beside them."""
        if self._spans is None:
            spans: list[tuple[int, int]] = []
            texts, word_keys, skeletons = self._texts, self._word_keys, []
            for m in _CAP_WORD.finditer(self.text):
                at = m.start()
                if not self.text[at].isupper():
                    continue
                for start, end, text, keys, skels in _word_parts(m.group()):
                    spans.append((at + start, at + end))
                    texts.append(text)
                    word_keys.append(keys)
                    skeletons.extend(skels)
            self._spans = spans
            self._flat = [(k, i) for i, keys in enumerate(word_keys) for k in keys]
            self._keys = [k for k, _ in self._flat]
            self._skeleton_list = skeletons
            # Keys by their first three letters: an exact match (one key extending the
            # other, by at least four letters) shares them, so a query looks at a handful.
            by3: dict[str, list[tuple[str, int]]] = {}
            for k, i in self._flat:
                by3.setdefault(k[:3], []).append((k, i))
            self._by3 = by3
        return self._spans

    @property
    def _skeletons(self) -> list[str]:
        """The skeleton of each key in ``_flat`` (built with the words)."""
        if self._skeleton_list is None:
            self._build_words()
        return self._skeleton_list or []

    def find_rendering(self, rendering: str) -> tuple[int, int] | None:
        """Where an exonym rendering ("moscow", "united states") occurs, as a word prefix."""
        found = self.rendering_all(rendering)
        return found[0] if found else None

    def rendering_all(self, rendering: str) -> list[tuple[int, int]]:
        lower, pattern = _rendering_info(rendering)
        text = self.folded if lower else self.plain
        if rendering not in text:
            return []
        return [(m.start(), m.end()) for m in pattern.finditer(text)]

    def find_keys(self, keys: Iterable[str]) -> tuple[int, int] | None:
        """The first English word whose key matches one of ``keys`` (a transliteration)."""
        found = self.keys_all(tuple(keys))
        return found[0] if found else None

    def _choices(self, kind: str, length: int) -> list[str]:
        key = (kind, length)
        found = self._truncated.get(key)
        if found is None:
            source = self._keys if kind == "k" else self._skeletons
            found = [k[:length] for k in source]
            self._truncated[key] = found
        return found

    def keys_all(self, keys: tuple[str, ...], fuzzy: bool = True) -> list[tuple[int, int]]:
        """Every English word matching one of ``keys``: exact key prefixes first, then
        close keys, then close consonant skeletons (the first tier that finds any)."""
        if self._spans is None:
            self._build_words()
        if not self._keys:
            return []
        hits: set[int] = set()
        by3 = self._by3
        for key in keys:
            if len(key) < 3:
                hits.update(i for k, i in self._flat if k == key)
                continue
            # An English word may also be the shorter one, by at most three letters
            # and keeping four ("Qatar" for «Катаром»).
            shortest = max(4, len(key) - 3)
            for k, i in by3.get(key[:3], ()):
                if k.startswith(key) or (shortest <= len(k) < len(key) and key.startswith(k)):
                    hits.add(i)
        if not hits and fuzzy:
            for key in keys:
                if len(key) < 5:
                    continue
                for _, _, index in process.extract(
                    key, self._choices("k", len(key) + 1), scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY, limit=None
                ):
                    hits.add(self._flat[index][1])
        if not hits and fuzzy:
            flat, skeletons = self._flat, self._skeletons
            for key in keys:
                sk = skeleton(key)
                if not sk:
                    continue
                # A handful of words: scanned for each key rather than indexed.
                for (k, i), s in zip(flat, skeletons):
                    if s == sk:
                        same_start = k[:1] == key[:1] or (k[:1] in "aeiou" and key[:1] in "aeiou")
                        if len(sk) >= 3 or (same_start and len(key) <= 5 and len(k) <= 6):
                            hits.add(i)  # short names: «Хейс»/Hayes, «Тея»/Thea, «Бэй»/Bay
                if len(sk) >= 4:
                    hits.update(i for (_, i), s in zip(flat, skeletons) if s.startswith(sk))
                    for _, _, index in process.extract(
                        sk, self._choices("s", len(sk) + 1), scorer=fuzz.ratio, score_cutoff=80, limit=None
                    ):
                        hits.add(self._flat[index][1])
        spans = self._spans or []
        return sorted({spans[i] for i in hits})

    def find_token(self, token: NameToken) -> tuple[int, int] | None:
        found = self.token_all(token)
        return found[0] if found else None

    def token_all(self, token: NameToken, fuzzy: bool = True) -> list[tuple[int, int]]:
        """Every place in the English text that renders one source word (``fuzzy``:
        also close spellings, when no exonym or exact transliteration is there)."""
        if token.latin:
            return self._latin_all(token)
        found: set[tuple[int, int]] = set()
        for rendering in token.renderings:
            found.update(self.rendering_all(rendering))
        # A transliteration counts as well as the exonym («Россия 1» → "Rossiya 1").
        found.update(self.keys_all(token.keys, fuzzy=fuzzy and not found))
        return sorted(found)

    def _latin_all(self, token: NameToken) -> list[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for rendering in token.renderings:
            pattern = _prefix_pattern(strip_accents(rendering).lower())
            found.update((m.start(), m.end()) for m in pattern.finditer(self.folded))
        if found:
            return sorted(found)
        core = re.sub(r"[^\w]", "", token.text.lower())
        if len(core) >= 5:
            spans = self._build_words()
            choices = [re.sub(r"[^\w]", "", strip_accents(text).lower()) for text in self._texts]
            for _, _, index in process.extract(core, choices, scorer=fuzz.ratio, score_cutoff=85, limit=None):
                found.add(spans[index])
        return sorted(found)

    def find_name(self, name: SourceName) -> tuple[int, int] | None:
        """Where a source name is rendered: any of its required words will do."""
        for token in name.required:
            where = self.find_token(token)
            if where is not None:
                return where
        return None


@lru_cache(maxsize=4096)
def _rendering_info(rendering: str) -> tuple[bool, re.Pattern[str]]:
    """Whether a rendering is all lower case (then it is looked for in the folded text),
    and its pattern."""
    return rendering == rendering.lower(), _rendering_pattern(rendering)


_ENDINGS = "s|es|n|ns|an|ans|ian|ians|i|is|ic|ics|ese|ish|ite|ites|er|ers|ern"


@lru_cache(maxsize=4096)
def _rendering_pattern(rendering: str) -> re.Pattern[str]:
    # A rendering matches at a word start and may take an English ending ("Russia" →
    # "Russian's"), but not any three letters ("Christ" is not "Christmas").
    ending = r"(?:" + _ENDINGS + r")?(?:'s)?" if rendering[-1:].islower() else r"(?:'?s)?"
    return re.compile(_at_word_start(rendering) + ending + r"(?![\w])")


@lru_cache(maxsize=4096)
def _prefix_pattern(text: str) -> re.Pattern[str]:
    return re.compile(_at_word_start(text))


def _at_word_start(text: str) -> str:
    r"""``text`` at a word start, as ``(?<![\w])text`` matches it, but with the literal
    first so that ``re`` searches for it instead of trying every position."""
    literal = re.escape(text)
    return literal + r"(?<![\w]" + literal + ")"
