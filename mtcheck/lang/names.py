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
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from rapidfuzz import fuzz, process

from mtcheck.lang.translit import latin_key, spellings

NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
PERSON_OPTIONAL = frozenset({"Name", "Patr"})

# Transliteration keys this similar (rapidfuzz ratio, 0-100) are one name.
MIN_SIMILARITY = 80

_CYR_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
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

    def get(self, lemma: str) -> tuple[str, ...]:
        return self.forms.get(fold_yo(lemma.lower()), ())


def fold_yo(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def parse_exonyms(text: str) -> Exonyms:
    """Parse ``exonyms.tsv``: ``lemma<TAB>English|English...``; ``#`` starts a comment."""
    forms: dict[str, tuple[str, ...]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        lemma, _, english = line.partition("\t")
        renderings = tuple(dict.fromkeys(_rendering_case(e.strip()) for e in english.split("|") if e.strip()))
        key = fold_yo(lemma.strip().lower())
        if key and renderings:
            forms[key] = tuple(dict.fromkeys(forms.get(key, ()) + renderings))
    return Exonyms(forms)


def _rendering_case(rendering: str) -> str:
    letters = [ch for ch in rendering if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return rendering
    return rendering.lower()


@lru_cache(maxsize=1)
def default_exonyms() -> Exonyms:
    return parse_exonyms(resources.files("mtcheck.data").joinpath("exonyms.tsv").read_text(encoding="utf-8"))


# -- keys ----------------------------------------------------------------------------


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


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
    keys = [latin_key(v) for v in variants]
    return tuple(k for k in dict.fromkeys(keys) if k)


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
    stems.update(fold_yo(lemma) for lemma in lemmas)
    keys: list[str] = []
    for stem in stems:
        for spelling in spellings(stem):
            keys.extend(name_keys(spelling))
    return tuple(k for k in dict.fromkeys(keys) if len(k) >= 3)


_SKELETON = str.maketrans({"S": "s", "Z": "s", "T": "s", "z": "s", "C": "c", "H": None, "a": None, "e": None, "i": None, "o": None, "u": None, "y": None})


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """The consonants of a key, for names that came into Russian through English sound
    rather than spelling («Ривз» and "Reeves" both give "rvs")."""
    return re.sub(r"(.)\1+", r"\1", key.translate(_SKELETON))


# -- source names ----------------------------------------------------------------------


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

    @property
    def required(self) -> tuple[NameToken, ...]:
        needed = tuple(t for t in self.tokens if not t.optional)
        return needed or self.tokens


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in _OPENERS):
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END or text[i] == ":"


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


def _tags(parses: list[Any]) -> set[str]:
    tags: set[str] = set()
    for p in parses:
        if p.score >= 0.05 or p is parses[0]:
            tags |= set(p.tag.grammemes) & NAME_TAGS
    return tags


def source_names(text: str, morph: Any, exonyms: Exonyms) -> list[SourceName]:
    """The proper names of a Russian text, in order."""
    tokens: list[NameToken] = []
    sure_flags: list[bool] = []
    groups: list[list[int]] = []
    prev_end = -10
    prev_name = False
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        word = m.group()
        start, end = m.start(), m.end()
        found: tuple[NameToken, bool] | None = None
        if kind == "cyr" and word[:1].isupper() and len(word) >= 2:
            found = _cyrillic_name(text, word, start, end, morph, exonyms)
        elif kind == "lat" and len(word) >= 2 and not _is_url(word) and not _ROMAN.fullmatch(word) and not _glued(text, start, end):
            renderings = exonyms.get(word) + (word,)
            letters = re.match(r"[^\W\d_]+", word)
            if letters and letters.group() != word and len(letters.group()) >= 3:
                renderings += (letters.group(),)  # "COVID-19" is rendered "COVID" too
            found = (NameToken(start, end, word, name_keys(word), renderings, latin=True), True)
        if found is None:
            prev_name = False
            prev_end = end
            continue
        token, sure = found
        adjacent = prev_name and text[prev_end:start].strip() in ("", "-")
        tokens.append(token)
        sure_flags.append(sure)
        if adjacent:
            groups[-1].append(len(tokens) - 1)
        else:
            groups.append([len(tokens) - 1])
        prev_name = True
        prev_end = end
    names: list[SourceName] = []
    for group in groups:
        members = [tokens[i] for i in group]
        sure = any(sure_flags[i] for i in group)
        if len(members) > 1:
            members = _mark_optional(members, [group_i for group_i in group], tokens, morph)
        names.append(
            SourceName(members[0].start, members[-1].end, text[members[0].start : members[-1].end], tuple(members), sure)
        )
    return names


def _glued(text: str, start: int, end: int) -> bool:
    """A Latin letter inside a Cyrillic word («Meжду», a typo), not a Latin name."""
    return bool(_CYRILLIC.match(text[start - 1 : start]) or _CYRILLIC.match(text[end : end + 1]))


def _is_url(word: str) -> bool:
    return "@" in word or word.lower().startswith(("http", "www."))


def _cyrillic_name(
    text: str, word: str, start: int, end: int, morph: Any, exonyms: Exonyms
) -> tuple[NameToken, bool] | None:
    lower = word.lower()
    parses = _parses(morph, lower)
    lemmas = tuple(dict.fromkeys(p.normal_form for p in parses))
    renderings: tuple[str, ...] = ()
    for lemma in (lower, *lemmas):
        renderings = exonyms.get(lemma)
        if renderings:
            break
    if word.isupper() and len(word) > 1:
        # Abbreviations: English often translates them (ВМФ → Navy); only known ones count.
        if not renderings:
            return None
        implicit = lower in IMPLICIT_GENITIVE and _after_common_noun(text, start, parses)
        return NameToken(start, end, word, (), renderings), not implicit
    tags = _tags(parses)
    known = morph.word_is_known(lower)
    initial = _sentence_initial(text, start)
    if initial and not (tags or renderings or not known):
        return None
    is_adjective = parses[0].tag.POS in ("ADJF", "ADJS") and not tags
    keys = russian_keys(word, lemmas if tags else (), is_adjective or "ск" in lower)
    if renderings:
        implicit = fold_yo(parses[0].normal_form) in IMPLICIT_GENITIVE and _after_common_noun(text, start, parses)
        # «Бог в помощь!»: a common word opening a sentence is capitalised anyway.
        common_initial = initial and not tags and known
        return NameToken(start, end, word, keys, renderings), not (implicit or common_initial)
    if tags or not known:
        lemma = fold_yo(parses[0].normal_form) if tags & {"Name", "Surn"} and known else ""
        # An unknown capitalised word opening a sentence may be a rare common word.
        sure = (not is_adjective or bool(tags)) and not (initial and not tags)
        return NameToken(start, end, word, keys, renderings, lemma=lemma), sure
    # A capitalised common word inside a sentence («Государственный суд», «Луна»):
    # English may translate it; matched if spelled, never flagged alone.
    return NameToken(start, end, word, keys, renderings), False


def _after_common_noun(text: str, start: int, parses: list[Any]) -> bool:
    """«госсекретаря США», «флота России»: a genitive right after a lower-case word."""
    if not any("gent" in p.tag for p in parses[:2]):
        return False
    before = text[:start].rstrip()
    m = re.search(r"([А-ЯЁа-яё]+)$", before)
    return bool(m) and m.group(1)[:1].islower() and len(m.group(1)) > 3


def _mark_optional(members: list[NameToken], indices: list[int], tokens: list[NameToken], morph: Any) -> list[NameToken]:
    """In «Владимир Владимирович Путин» the first name and patronymic may be dropped."""
    out = []
    has_surname = False
    flags = []
    for tok in members:
        if tok.latin or tok.text.isupper():
            flags.append(set())
            continue
        lower = tok.text.lower()
        tags = _tags(_parses(morph, lower))
        flags.append(tags)
        # A surname is tagged so, or unknown to the dictionary; «Князь», «Святого» are not.
        if "Surn" in tags or ("Name" not in tags and "Patr" not in tags and not morph.word_is_known(lower)):
            has_surname = True
    for tok, tags in zip(members, flags):
        optional = has_surname and bool(tags & PERSON_OPTIONAL) and "Surn" not in tags
        out.append(NameToken(tok.start, tok.end, tok.text, tok.keys, tok.renderings, optional, tok.latin, tok.lemma))
    return out


# -- the English side ------------------------------------------------------------------


@dataclass(frozen=True)
class EnglishWord:
    start: int
    end: int
    text: str
    keys: tuple[str, ...]


class EnglishText:
    """An English text prepared for name lookups: its words, their keys, its folded text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.plain = strip_accents(text).replace("’", "'")
        self.folded = self.plain.lower()
        self.words: list[EnglishWord] = []
        for m in _LAT_WORD.finditer(text):
            word = m.group().rstrip(".")
            self.words.append(EnglishWord(m.start(), m.start() + len(word), word, name_keys(word)))
            if "-" in word:
                # "Petropavlovsk-Kamchatsky", "Ust-Katav": each part may render a word.
                offset = m.start()
                for part in word.split("-"):
                    if len(part) >= 2:
                        self.words.append(EnglishWord(offset, offset + len(part), part, name_keys(part)))
                    offset += len(part) + 1
        self._flat: list[tuple[str, int]] = [(k, i) for i, w in enumerate(self.words) for k in w.keys]
        self._keys = [k for k, _ in self._flat]
        self._skeletons = [skeleton(k) for k in self._keys]

    def find_rendering(self, rendering: str) -> tuple[int, int] | None:
        """Where an exonym rendering ("moscow", "united states") occurs, as a word prefix."""
        pattern = _rendering_pattern(rendering)
        m = pattern.search(self.folded if rendering == rendering.lower() else self.plain)
        return (m.start(), m.end()) if m else None

    def find_keys(self, keys: Iterable[str]) -> tuple[int, int] | None:
        """The first English word whose key matches one of ``keys`` (a transliteration)."""
        if not self._keys:
            return None
        for key in keys:
            for k, i in self._flat:
                if k.startswith(key) or (len(k) >= 4 and key.startswith(k) and len(key) - len(k) <= 3):
                    w = self.words[i]
                    return w.start, w.end
        for key in keys:
            if len(key) < 5:
                continue
            choices = [k[: len(key) + 1] for k in self._keys]
            best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY)
            if best is not None:
                w = self.words[self._flat[best[2]][1]]
                return w.start, w.end
        for key in keys:
            sk = skeleton(key)
            if len(sk) < 3:
                continue
            for ws, (_, i) in zip(self._skeletons, self._flat):
                if ws == sk or (len(sk) >= 4 and ws.startswith(sk)) or (
                    len(sk) >= 5 and fuzz.ratio(sk, ws[: len(sk) + 1]) >= 85
                ):
                    w = self.words[i]
                    return w.start, w.end
        return None

    def find_token(self, token: NameToken) -> tuple[int, int] | None:
        if token.latin:
            return self._find_latin(token)
        for rendering in token.renderings:
            where = self.find_rendering(rendering)
            if where is not None:
                return where
        return self.find_keys(token.keys)

    def _find_latin(self, token: NameToken) -> tuple[int, int] | None:
        for rendering in token.renderings:
            m = re.search(r"(?<![\w])" + re.escape(strip_accents(rendering).lower()), self.folded)
            if m is not None:
                return m.start(), m.end()
        core = re.sub(r"[^\w]", "", token.text.lower())
        for w in self.words:
            if re.sub(r"[^\w]", "", strip_accents(w.text).lower()) == core:
                return w.start, w.end
        if len(core) >= 5:
            choices = [re.sub(r"[^\w]", "", strip_accents(w.text).lower()) for w in self.words]
            best = process.extractOne(core, choices, scorer=fuzz.ratio, score_cutoff=85)
            if best is not None:
                w = self.words[best[2]]
                return w.start, w.end
        return None

    def find_name(self, name: SourceName) -> tuple[int, int] | None:
        """Where a source name is rendered: any of its required words will do."""
        for token in name.required:
            where = self.find_token(token)
            if where is not None:
                return where
        return None


@lru_cache(maxsize=4096)
def _rendering_pattern(rendering: str) -> re.Pattern[str]:
    # A rendering matches at a word start and may take an English ending ("Russia" → "Russian's").
    ending = r"(?:[a-z]{0,3}|'s)?" if rendering[-1:].islower() else r"(?:'?s)?"
    return re.compile(r"(?<![\w])" + re.escape(rendering) + ending + r"(?![\w])")
