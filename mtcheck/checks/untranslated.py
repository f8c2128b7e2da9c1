"""Untranslated Russian left in the English MT: copied in Cyrillic or merely transliterated."""

from __future__ import annotations

import re
from typing import Iterator, Sequence

from rapidfuzz import fuzz, process

from mtcheck.lang import english
from mtcheck.lang.morph import word_is_known
from mtcheck.lang.translit import latin_key, spellings
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckCannotRun, CheckContext, Example, Hit, check
from mtcheck.text import CYRILLIC_RE, Token, cyrillic_runs, share_cyrillic, words

# A source with fewer Cyrillic letters than this share is not Russian: nothing to compare.
MIN_SOURCE_CYRILLIC = 0.3


def _is_cyrillic_word(token: Token) -> bool:
    return all("\u0400" <= ch <= "\u04ff" or ch in "-'’" for ch in token.text)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _same_russian_word(a: str, b: str) -> bool:
    """Whether two Cyrillic words are one word, allowing a different case ending."""
    a, b = a.lower().replace("ё", "е"), b.lower().replace("ё", "е")
    if a == b:
        return True
    shorter = min(len(a), len(b))
    return shorter >= 4 and _common_prefix(a, b) >= max(4, shorter - 2)


def _source_span(run: Sequence[Token], src_tokens: Sequence[Token]) -> Span | None:
    """The span of the source that the Cyrillic words of an MT run were copied from."""
    matches = []
    for word in run:
        found = next((i for i, tok in enumerate(src_tokens) if _same_russian_word(word.text, tok.text)), None)
        if found is not None:
            matches.append(found)
    if not matches:
        return None
    first, last = min(matches), max(matches)
    if last - first > len(run) + 2:
        last = first
    return Span("src", src_tokens[first].start, src_tokens[last].end)


@check(
    code="MT101",
    name="cyrillic-in-mt",
    category=Category.UNTRANSLATED,
    severity=Severity.MAJOR,
    summary="Runs of Cyrillic letters in the English MT: text left untranslated.",
    fails=(
        Example(mt="Light rains are ожидаются in the Moscow region."),
        Example(
            mt="Light rains are ожидаются in the Moscow region.",
            src="В Московском регионе ожидаются небольшие дожди.",
        ),
    ),
    passes=(Example(mt="Light rains are expected in the Moscow region."),),
)
def cyrillic_in_mt(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags each run of Cyrillic words in the MT, one finding per run.

    English output should contain no Cyrillic at all; a run is either a word the
    engine did not translate or a whole line that it skipped (page furniture such as
    «Озвучить текст»). Consecutive Cyrillic words separated by spaces or light
    punctuation form one run, so a skipped sentence is one finding, not ten.

    With a Russian source, a run whose words come from the source (in any case
    form) is critical, and the finding points at those words in the source too.
    One or two Cyrillic letters glued to Latin letters or digits ("WНO", "105х195",
    "50°С") are look-alike characters, not untranslated text: minor. Cyrillic web
    addresses (стопкоронавирус.рф) are kept as they are and not flagged.
    """
    src_tokens: list[Token] | None = None
    mt = segment.mt
    if not CYRILLIC_RE.search(mt):
        return
    for start, end in cyrillic_runs(mt):
        text = mt[start:end]
        if _is_web_address(mt, start, end):
            continue  # a Cyrillic domain (сайт.рф) is kept as it is, not translated
        if _is_lookalike(mt, start, end):
            yield Hit(
                Span("mt", start, end),
                f"Cyrillic letter «{text}» inside a Latin word or number (a look-alike character)",
                severity=Severity.MINOR,
            )
            continue
        shown = text if len(text) <= 40 else text[:37] + "..."
        run = [t for t in words(text) if CYRILLIC_RE.search(t.text)]
        if src_tokens is None:
            src_tokens = [t for t in words(segment.src or "") if _is_cyrillic_word(t)]
        related = _source_span(run, src_tokens) if src_tokens and run else None
        if related is not None:
            yield Hit(
                Span("mt", start, end),
                f"untranslated Russian text «{shown}», copied from the source",
                related=related,
                severity=Severity.CRITICAL,
            )
        else:
            yield Hit(Span("mt", start, end), f"untranslated Russian text «{shown}»")


_WEB_ADDRESS = re.compile(r"\.(?:рф|рус|ру|москва|онлайн|сайт|дети|орг|ком)(?![\w])", re.IGNORECASE)


def _is_web_address(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start]
    return bool(_WEB_ADDRESS.search(text[start : end + 8])) or "://" in before or before.endswith("www.")


def _is_lookalike(text: str, start: int, end: int) -> bool:
    """One or two Cyrillic letters glued to Latin letters or digits: "WНO", "105х195", "50°С"."""
    if end - start > 2:
        return False
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    glued = [c for c in (before, after) if c and (c.isascii() and c.isalnum() or c == "°")]
    return bool(glued)


TRANSLIT_OPTIONS = {
    "min_letters": 4,  # shorter Latin words match too much by chance
    "max_english_zipf": 1.0,  # a word at least this frequent in English is English
    "min_similarity": 85,  # rapidfuzz ratio (0-100) between transliteration keys
}

_NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


def _morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _could_be_name(token: Token, ctx: CheckContext) -> bool:
    """Whether a capitalised sentence-initial Russian word may be a proper name."""
    morph = ctx.resource("pymorphy3", _morph)
    return any(_NAME_TAGS & set(p.tag.grammemes) for p in morph.parse(token.text)[:3])


def _source_words(src: str, ctx: CheckContext) -> list[tuple[Token, bool, tuple[str, ...]]]:
    """Common (not proper) Russian words of the source: token, whether it is in lower
    case, and the keys of its spellings."""
    out = []
    first = True
    for tok in words(src):
        if not _is_cyrillic_word(tok):
            first = False
            continue
        initial, first = first, False
        if len(tok.text) < 3 or tok.text.isupper():
            continue
        lower = not any(ch.isupper() for ch in tok.text)
        # A capitalised word inside the sentence is a name; at its start it may be one.
        if not lower and (not initial or _could_be_name(tok, ctx)):
            continue
        if not word_is_known(tok.text.lower()):
            continue  # a brand, a coinage or a nonce word («тумба-юмба»): nothing to translate it by
        keys = tuple(dict.fromkeys(latin_key(s) for s in spellings(tok.text)))
        out.append((tok, lower, keys))
    return out


# Words built with English suffixes are English coinages on a shared root
# (antimicrobic, matronymics, Serpukhovites, gigacalories), not transliterations.
_ENGLISH_ENDINGS = (
    "ies", "ics", "ic", "ical", "ite", "ites", "ism", "ist", "ists", "ing", "tion", "tions", "ity", "ive",
    "ives", "ose", "ize", "ise", "ized", "ised", "nym", "nyms", "ectomy", "otomy", "ology", "graphy", "itis",
    "osis",
)

_QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“", '"': '"'}


def _quoted(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks: a transliterated title or term there is deliberate."""
    spans = []
    i = 0
    while i < len(text):
        close = _QUOTE_PAIRS.get(text[i])
        if close is not None:
            j = text.find(close, i + 1)
            if j > i:
                spans.append((i, j))
                i = j + 1
                continue
        i += 1
    return spans


# Latin words as words() cuts them (inner hyphens and apostrophes), found without
# tokenising the whole MT: most segments have no candidate at all.
_LATIN_WORD = re.compile(r"(?<![^\W_])[A-Za-z]+(?:[-'’][A-Za-z]+)*(?![^\W_])")
_FIRST_WORD = re.compile(r"[^\W_]")


def _mt_candidates(mt: str, ctx: CheckContext) -> list[tuple[Token, bool]]:
    """Latin words of the MT that are not English and not part of a name or a quote,
    with whether each is capitalised (only at the start of the sentence)."""
    min_letters = int(ctx.option("min_letters", 4))
    max_zipf = float(ctx.option("max_english_zipf", 1.0))
    first = _FIRST_WORD.search(mt)
    first_start = first.start() if first else -1
    survivors = []
    for m in _LATIN_WORD.finditer(mt):
        text = m.group()
        if len(text) < min_letters:
            continue
        capital = not text.islower()
        if capital and (m.start() != first_start or text.isupper() or any(p[:1].isupper() for p in text.split("-")[1:])):
            continue
        if english.english_zipf(text) >= max_zipf or text.lower().endswith(_ENGLISH_ENDINGS):
            continue
        survivors.append((Token(text, m.start(), m.end()), capital))
    if not survivors:
        return []
    quoted = _quoted(mt)
    tokens = words(mt)
    index = {tok.start: i for i, tok in enumerate(tokens)}
    out = []
    for tok, capital in survivors:
        if any(a < tok.start < b for a, b in quoted):
            continue
        # Next to a capitalised foreign word it is part of a name (Aktuaalne kaamera).
        i = index.get(tok.start, -1)
        neighbours = [tokens[j] for j in (i - 1, i + 1) if i >= 0 and 0 < j < len(tokens)]
        if any(n.text[:1].isupper() and n.text.isalpha() and english.english_zipf(n.text) < 3 for n in neighbours):
            continue
        out.append((tok, capital))
    return out


def _same_stem(a: str, b: str) -> bool:
    """Whether two transliteration keys share a long stem: the MT may spell out another
    case form of the word (trudnye/трудными). An English plural "s" on a Russian stem
    (koloboks) is an English coinage, not a transliteration."""
    shorter = min(len(a), len(b))
    return shorter >= 5 and not a.endswith("s") and _common_prefix(a, b) >= max(5, shorter - 2)


def _best_match(
    key: str,
    pool: list[str],
    by_stem: dict[str, list[str]],
    threshold: float,
    source: dict[str, tuple[Token, bool]],
    capital: bool,
) -> Token | None:
    found = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=threshold)
    if found is not None:
        return source[found[0]][0]
    for k in by_stem.get(key[:5], ()):
        if (source[k][1] or not capital) and _same_stem(key, k):
            return source[k][0]
    return None


@check(
    code="MT102",
    name="transliterated-source-word",
    category=Category.UNTRANSLATED,
    severity=Severity.CRITICAL,
    summary="A Russian word of the source merely transliterated into Latin letters in the MT.",
    needs=("mt", "src"),
    fails=(
        Example(
            mt="Light rains are ozhidayutsya in the Moscow region.",
            src="В Московском регионе ожидаются небольшие дожди.",
        ),
        Example(mt="The genseck arrived in Hanoi.", src="Генсек прибыл в Ханой."),
    ),
    passes=(
        Example(
            mt="Light rains are expected in the Moscow region.",
            src="В Московском регионе ожидаются небольшие дожди.",
        ),
        Example(mt="Rutte met Ushakov in Moscow.", src="Рютте встретился с Ушаковым в Москве."),
    ),
    options=TRANSLIT_OPTIONS,
)
def transliterated_source_word(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a Latin word of the MT that is a transliteration of a common word of the source.

    An engine that does not know a word sometimes spells it out in Latin letters
    ("ozhidayutsya" for «ожидаются», "genseck" for «генсек») instead of translating
    it. A candidate is a word of at least ``min_letters`` letters that is not
    English (Zipf frequency below ``max_english_zipf`` in ``wordfreq``, inflections
    included) and is not capitalised inside the sentence. It is flagged when its
    transliteration key (BGN/PCGN, passport and news spellings folded together)
    matches that of a source word with a similarity of at least ``min_similarity``.
    Proper names are left alone: transliterating them is right (Rutte, Ushakov), so
    source words that are capitalised inside the sentence, or tagged as names by
    pymorphy3, are never matched, and a capitalised first word of the MT only matches
    a lower-case source word. Also left alone: words inside quotation marks (a title
    or a term quoted on purpose), words next to a capitalised foreign word (part of a
    name: Aktuaalne kaamera), and English coinages on a shared root (words ending in
    -ic, -ics, -ite, -ism, -ose ...; compounds of two English words: polycotton).
    Source words missing from the Russian dictionary (brands, coinages, nonce words
    such as «тумба-юмба») have no translation to give and are not matched either.
    """
    src = segment.src or ""
    if share_cyrillic(src) < MIN_SOURCE_CYRILLIC:
        raise CheckCannotRun("the source is not Russian (too few Cyrillic letters)")
    if not english.available():
        raise CheckCannotRun("the English word list (wordfreq) is not installed")
    candidates = _mt_candidates(segment.mt, ctx)
    if not candidates:
        return
    # Each distinct key is compared once: a long segment repeats words.
    source: dict[str, tuple[Token, bool]] = {}
    for src_tok, src_lower, keys in _source_words(src, ctx):
        for k in keys:
            if k not in source or (src_lower and not source[k][1]):
                source[k] = (src_tok, src_lower)
    threshold = float(ctx.option("min_similarity", 85))
    pools = {
        False: list(source),
        # A capitalised first word of the MT may be a name: only a common word of the source counts.
        True: [k for k, (_, lower) in source.items() if lower],
    }
    by_stem: dict[str, list[str]] = {}
    for k in source:
        by_stem.setdefault(k[:5], []).append(k)
    matched: dict[tuple[str, bool], Token | None] = {}
    for tok, capital in candidates:
        key = latin_key(tok.text)
        if len(key) < 3:
            continue
        if (key, capital) not in matched:
            matched[(key, capital)] = _best_match(key, pools[capital], by_stem, threshold, source, capital)
        src_tok = matched[(key, capital)]
        if src_tok is not None:
            yield Hit(
                Span("mt", tok.start, tok.end),
                f"“{tok.text}” is the source word «{src_tok.text}» transliterated, not translated",
                related=Span("src", src_tok.start, src_tok.end),
            )
