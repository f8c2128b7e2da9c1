"""Negation in Russian: cues, idioms that only look like negation, and clauses.

Russian marks negation with the particle «не» before what it negates, with «нет»
and «нельзя», with «ни» and the ни-words («никто», «никогда», «ничего») that agree
with «не» (negative concord: «никто никогда не приходил» is one negation), and
lexically: «вряд ли» (unlikely), «без» (without), words with a negative prefix
(«невозможно», «неизвестный») and verbs that carry it («отказался» refused,
«отсутствует» is absent). Several phrases with «не» are not negation at all:
«тем не менее» (nevertheless), «не менее» (at least / no less), «не раз»
(repeatedly), «чуть (ли) не» (almost), «пока не» after a comma (until).

Morphology comes from pymorphy3 (lemmas and parts of speech), parsed only for the
words that need it (after «не», words that start like a negative prefix or a
negative verb) and cached per word, so a sentence costs a few dictionary look-ups.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, NamedTuple

from mtcheck.lang.morph import analyzer as shared_analyzer
from mtcheck.lang.morph import word_is_known as shared_known
from mtcheck.lang.negation import OPTIONAL, STRONG, WEAK, Analysis, Cue, build
from mtcheck.text import WORD_RE

# Words that open a clause when they follow a comma.
_OPENERS = frozenset(
    """и а но да или либо однако зато что чтобы где куда откуда когда если хотя поскольку потому
    так пока после прежде как чем причем тогда будто словно ибо затем пусть ведь то кто чей
    почему зачем несмотря""".split()
)
_HARD_GAP = re.compile(r"[;:()!?…—–]|\s-\s|\s-$|^-\s|\.\s")
_INTERROGATIVE = frozenset(
    """кто кого кому кем ком что чего чему чем чём как где куда откуда когда сколько почему зачем
    какой какая какое какие какого какую каким какими каких какому какой чей чья чье чьё чьи""".split()
)
# Particles between «не» and the word it negates.
_SKIP_AFTER_NE = frozenset("бы же ли то было".split())
# «не» + these is a comparison or a count, not a negation: «не менее 10» (at least 10),
# «не раз» (repeatedly), «не только» (not only).
_IDIOM_AFTER_NE = frozenset("менее более раз без позднее позже ранее раньше".split())
_IDIOM_COMPARATIVE = frozenset("больше меньше выше ниже дольше".split())
_WEAK_AFTER_NE = frozenset(
    """только столько просто зря случайно исключено прочь против секрет обязательно тот та то те того той тем
    совсем очень слишком особо особенно вполне важно""".split()
)
# «не X, а Y» (Y rather than X): English often says "Y instead of X".
_CONTRAST = re.compile(r",\s*а\s")
# Verbs whose negation English often says with a positive word: «не обманывают» =
# honest, «не подвела» = was reliable, «не пожалеете» = you'll be glad, «не уступает» =
# matches. Still a negation, but a missing one is a weak sign (the check says so).
_LITOTES = frozenset(
    """обманывать обмануть скучать подверженный уступать уступить отставать отстать подвести
    подводить разочаровать разочаровывать пожалеть жалеть""".split()
)
# Modals that pass a negation on to a negative verb: «не должна сомневаться» (no doubt).
_MODALS = frozenset("мочь смочь должный стоить следовать надо нужно нужный хотеть собираться".split())
_NI_WORD = re.compile(
    r"^(?:никто|никого|никому|никем|ником|ничто|ничего|ничему|ничем|ничём|никогда|нигде|никуда|"
    r"ниоткуда|никак|никак\w+|нич(?:ей|ья|ье|ьё|ьи|ьего|ьей|ьих|ьим|ьему)|нисколько|ничуть|никоим|отнюдь)$"
)
# Prefixes of negative-prefixed words that are lexicalised: «несколько» (several),
# «небольшой» (small), «недавно» (recently) carry no negation in translation.
_FOLDED_EXCLUDED = (
    "несколь", "небольш", "немного", "немнож", "недавн", "немал", "нередк", "неоднократн", "незадолг",
    "некотор", "некий", "некая", "некое", "некие", "некоего", "некой", "некую", "неким", "нечто", "некто",
    "необходим", "несмотря", "невзирая", "неужели", "нежели", "немедлен", "непосредствен",
    "неуклон", "неделя", "недел", "нефт", "неб", "невест", "немец", "немецк", "немк", "нерв", "нейтр",
    "неон", "нектар", "нетто",
    "незамедлитель", "неимовер", "невероят", "необыкновен", "необычайн", "неизмен", "непрерывн",
)
_IDIOM_HEADS = frozenset("смотря взирая считая однократно".split())
# Negative pronouns of the не-series: «нечего делать» = nothing to do.
_NE_PRONOUNS = frozenset(
    """нечего нечему нечем некого некому некем негде некуда неоткуда незачем неча""".split()
)
# Slang for "not care" («мне плевать»), which English says with a negation.
_SLANG = frozenset("плевать наплевать пофиг пох похуй насрать начхать фени побоку фиолетово".split())
# «всё до лампочки», «до фонаря», «по барабану»: "doesn't care".
_DONT_CARE = {"лампочки": "до", "лампочке": "до", "фонаря": "до", "барабану": "по"}
_LATIN_CUES = frozenset("not no never don't can't won't isn't doesn't didn't nothing none nobody".split())
_BEZ_EXCLUDED = ("безопасн", "безусловн", "бесплатн", "бесконечн", "безумн", "бездн")
_FOLDED_POS = frozenset("ADJF ADJS ADVB PRED PRTF PRTS NOUN COMP INFN VERB GRND".split())
_STRONG_FOLDED = frozenset("невозможный невозможно невозможность неспособный".split())
# Verbs and nouns that carry a negation lexically («отказался» refused). Word starts
# pick the candidates; the lemma decides.
_LEXICAL_STARTS = (
    "отказ", "отриц", "опроверг", "запрет", "запрещ", "избег", "избеж", "лиш", "прекра", "переста",
    "отсутств", "помеш", "меша", "препятств", "предотвра", "отклон", "отверг", "провал", "нехватк",
    "дефицит", "игнор", "упуст", "упуск", "освобо", "освобож", "законч", "конч", "заверш", "воздерж", "отмен", "сомне", "сомнев",
    "уклон", "мало", "редк", "едва", "вместо", "исключ", "останов", "маловероят", "недоста", "воспрещ",
    "плох", "прекращ",
)
_LEXICAL_LEMMAS = frozenset(
    """отказаться отказываться отказ отказать отказывать отрицать опровергнуть опровергать запретить
    запрещать запрет запрещение лишить лишать лишиться лишаться прекратить прекращать прекращение
    перестать переставать отсутствовать отсутствие отсутствующий помешать мешать препятствовать
    предотвратить предотвращать предотвращение отклонить отклонять отвергнуть отвергать провалиться
    проваливаться провал нехватка дефицит игнорировать упустить упускать освободить освобождать
    освобождённый освобожденный закончиться заканчиваться кончиться кончаться завершиться завершаться
    воздержаться воздерживаться отменить отменять отмена сомневаться сомнение уклониться
    уклоняться мало редко редкий едва вместо исключить исключать исключение остановить
    остановиться избегать избежать маловероятно маловероятный недоставать недостаток воспретить
    воспрещать воспрещённый запрещённый запрещенный плохо""".split()
)


# Anything that can become a strong cue; a sentence without a match has none, and
# callers may skip the analysis.
STRONG_HINT = re.compile(
    r"(?<!\w)(?:не|нет|нету|нема|нельзя|вряд|навряд|едва|ни|нечего|нечему|нечем|некого|некому|некем|"
    r"негде|некуда|неоткуда|незачем|неча)(?!\w)|невозможн|неспособн",
    re.IGNORECASE,
)


class Token(NamedTuple):
    low: str  # lower case, «ё» as «е»
    start: int
    end: int


class Parse(NamedTuple):
    lemma: str
    pos: str
    aspect: str


def tokens(text: str) -> list[Token]:
    return [Token(m.group().lower().replace("ё", "е"), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def _parse_word(morph: Any, word: str) -> Parse:
    parses = morph.parse(word)
    if not parses:
        return Parse(word, "", "")
    p = parses[0]
    return Parse(p.normal_form.replace("ё", "е"), str(p.tag.POS or ""), str(p.tag.aspect or ""))


@lru_cache(maxsize=200_000)
def _shared_parse(word: str) -> Parse:
    return _parse_word(shared_analyzer(), word)


class RussianNegation:
    """Finds negation cues and clauses in Russian text.

    Build it once (it wraps a pymorphy3 ``MorphAnalyzer``, which takes a fraction of
    a second to load) and call :meth:`analyze` per sentence; parses are cached per word.
    """

    def __init__(self, morph: Any | None = None, cache_size: int = 200_000) -> None:
        if morph is None:
            morph = build_morph()
        self.morph = morph
        self.parse: Callable[[str], Parse]
        self.known: Callable[[str], bool]
        if morph is shared_analyzer():
            # Word-level answers depend on the dictionary only: every analyser built on
            # the shared one (one per run) reuses the process's parses.
            self.parse, self.known = _shared_parse, shared_known
        else:
            self.parse = lru_cache(maxsize=cache_size)(self._parse)
            self.known = lru_cache(maxsize=cache_size)(morph.word_is_known)
        self.analyze: Callable[[str], Analysis] = lru_cache(maxsize=4096)(self._analyze)

    def predicate(self, text: str, start: int, end: int, near: int) -> tuple[int, int]:
        return predicate(self, text, start, end, near)

    def _parse(self, word: str) -> Parse:
        return _parse_word(self.morph, word)

    # -- clauses ----------------------------------------------------------------
    def _cuts(self, text: str, toks: list[Token]) -> list[int]:
        cuts = []
        for i in range(1, len(toks)):
            gap = text[toks[i - 1].end : toks[i].start]
            if not gap.strip():
                continue
            if _HARD_GAP.search(gap):
                cuts.append(toks[i].start)
            elif "," in gap:
                w = toks[i].low
                if w in _OPENERS or w.startswith("котор"):
                    cuts.append(toks[i].start)
                elif w in ("не", "ни") and i + 1 < len(toks) and self.parse(toks[i + 1].low).pos == "GRND":
                    cuts.append(toks[i].start)
                elif len(w) > 3 and self.parse(w).pos in ("GRND", "VERB"):
                    cuts.append(toks[i].start)
        return cuts

    # -- cues -------------------------------------------------------------------
    def _analyze(self, text: str) -> Analysis:
        toks = tokens(text)
        cuts = self._cuts(text, toks)
        clause_at = _clause_index(cuts)
        raw: list[tuple[Cue, int, bool]] = []  # cue, clause, is a ни-piece
        idioms: list[tuple[int, int]] = []
        n = len(toks)
        low = [t.low for t in toks]
        consumed: set[int] = set()

        def prev(i: int, k: int = 1) -> str:
            return low[i - k] if i - k >= 0 else ""

        def nxt(i: int, k: int = 1) -> str:
            return low[i + k] if i + k < n else ""

        for i, tok in enumerate(toks):
            if i in consumed:
                continue
            w = tok.low
            clause = clause_at(tok.start)
            if w == "не":
                cue = self._ne(text, toks, low, i, prev, nxt, consumed, idioms)
                if cue is not None:
                    raw.append((cue, clause, False))
            elif w in _NE_PRONOUNS:
                raw.append((Cue(tok.start, tok.end, "concord", STRONG), clause, False))
            elif w == "впервые" or (w == "равно" and prev(i) in ("все", "всё")) or w.startswith(("устойчив", "наруш", "лишн")):
                # "for the first time" is often "I've never ..."; «всё равно» (don't
                # care / anyway); «устойчив к» (does not X); «нарушение» (not met).
                raw.append((Cue(tok.start, tok.end, "lexical", OPTIONAL), clause, False))
            elif w in _SLANG or w in _LATIN_CUES or (w in _DONT_CARE and prev(i) == _DONT_CARE[w]):
                raw.append((Cue(tok.start, tok.end, "lexical", WEAK), clause, False))
            elif w in ("нет", "нету", "нема"):
                if prev(i) == "или" or (prev(i) == "да" and nxt(i) in ("", "или")):
                    idioms.append((toks[i - 1].start, tok.end))
                    continue
                head = (toks[i + 1].start, toks[i + 1].end) if i + 1 < n else None
                raw.append((Cue(tok.start, tok.end, "no", STRONG, head), clause, False))
            elif w == "нельзя":
                if nxt(i) == "не":
                    consumed.add(i + 1)
                    raw.append((Cue(tok.start, toks[i + 1].end, "double", WEAK), clause, False))
                    continue
                head = (toks[i + 1].start, toks[i + 1].end) if i + 1 < n else None
                raw.append((Cue(tok.start, tok.end, "must-not", STRONG, head), clause, False))
            elif w in ("вряд", "навряд", "едва") and nxt(i) == "ли":
                if nxt(i, 2) == "не":
                    # «едва ли не» = almost
                    consumed.update((i + 1, i + 2))
                    idioms.append((tok.start, toks[i + 2].end))
                    continue
                consumed.add(i + 1)
                raw.append((Cue(tok.start, toks[i + 1].end, "unlikely", STRONG), clause, False))
            elif w == "ни":
                if nxt(i) == "при" and nxt(i, 2) in ("чем", "чём"):
                    consumed.update((i + 1, i + 2))
                    raw.append((Cue(tok.start, toks[i + 2].end, "not", STRONG), clause, False))
                    continue
                if self._concessive(low, i, clause_at, toks):
                    idioms.append((tok.start, tok.end))
                    continue
                if nxt(i) == "в" and nxt(i, 2) == "коем" and nxt(i, 3) == "случае":
                    consumed.update((i + 1, i + 2, i + 3))
                    raw.append((Cue(tok.start, toks[i + 3].end, "concord", WEAK), clause, True))
                    continue
                raw.append((Cue(tok.start, tok.end, "concord", WEAK), clause, True))
            elif _NI_WORD.match(w):
                if prev(i) == "как" and w == "никогда":
                    idioms.append((toks[i - 1].start, tok.end))  # «как никогда» = than ever
                    continue
                kind = "never" if w == "никогда" else "concord"
                raw.append((Cue(tok.start, tok.end, kind, WEAK), clause, True))
            elif w == "без":
                if nxt(i) == "сомнения":
                    idioms.append((tok.start, toks[i + 1].end))
                    continue
                if _bez_then_ne(text, toks, low, i):
                    continue  # «без дела не сидел»: the «не» makes one double negative of both
                raw.append((Cue(tok.start, tok.end, "without", WEAK), clause, False))
            elif _is_name(text, toks, i):
                continue  # «Бессон», «Неверов»: a name mid-sentence, not a negative prefix
            elif len(w) >= 5 and w.startswith("не"):
                if w == "независимо" and nxt(i) == "от":
                    idioms.append((tok.start, toks[i + 1].end))
                    continue
                cue = self._folded(tok)
                if cue is not None:
                    raw.append((cue, clause, False))
            elif len(w) >= 6 and (w.startswith("без") or w.startswith("бес")):
                if not w.startswith(_BEZ_EXCLUDED) and (self.known(w[3:]) or self._bez_adjective(w)):
                    raw.append((Cue(tok.start, tok.end, "folded", WEAK), clause, False))
            elif w.startswith(_LEXICAL_STARTS) or w in ("кроме", "менее", "меньше"):
                if (w == "мало" or w == "кроме") and nxt(i) == "того":
                    continue
                if w in ("кроме", "менее", "меньше"):
                    raw.append((Cue(tok.start, tok.end, "lexical", OPTIONAL), clause, False))
                    continue
                if self.parse(w).lemma in _LEXICAL_LEMMAS:
                    raw.append((Cue(tok.start, tok.end, "lexical", WEAK), clause, False))
        return build(text, cuts, _merge_concord(raw), idioms)

    def _ne(
        self,
        text: str,
        toks: list[Token],
        low: list[str],
        i: int,
        prev: Callable[..., str],
        nxt: Callable[..., str],
        consumed: set[int],
        idioms: list[tuple[int, int]],
    ) -> Cue | None:
        tok = toks[i]
        n = len(toks)
        p1, p2, n1, n2 = prev(i), prev(i, 2), nxt(i), nxt(i, 2)
        if n1 in ("ну", "а", "да"):
            return None  # «Не, ну…»: colloquial "no, well"
        if p1 == "тем" and n1 == "менее":
            consumed.add(i + 1)
            idioms.append((toks[i - 1].start, toks[i + 1].end))
            return None
        if n1 in _IDIOM_AFTER_NE or n1 in _IDIOM_HEADS:
            consumed.add(i + 1)
            idioms.append((tok.start, toks[i + 1].end))
            return None
        if n1 in _IDIOM_COMPARATIVE and (n2 == "чем" or n2[:1].isdigit() or self.parse(n2).pos == "NUMR"):
            consumed.add(i + 1)
            idioms.append((tok.start, toks[i + 1].end))
            return None
        if p1 in ("чуть", "едва") or (p1 == "ли" and p2 in ("чуть", "едва")) or (p1 == "было" and p2 == "чуть"):
            idioms.append((toks[i - 1].start, tok.end))
            return None
        if n1 in ("кто", "что") and nxt(i, 2) in ("иной", "иное", "иного"):
            consumed.update((i + 1, i + 2))
            idioms.append((tok.start, toks[i + 2].end))
            return None
        if n1 == "говоря" or (n1 == "так" and n2 == "давно") or (n1 == "за" and n2 == "горами"):
            idioms.append((tok.start, toks[i + 1].end))
            return None
        if n1 and self.parse(n1).lemma == "один" and n2 != "из":
            idioms.append((tok.start, toks[i + 1].end))  # «не один год» = more than one year
            return None
        # Head: the word it negates, past particles such as «бы», «же».
        j = i + 1
        while j < n and low[j] in _SKIP_AFTER_NE:
            j += 1
        head = (toks[j].start, toks[j].end) if j < n else None
        end = head[1] if head else tok.end
        # The negated word is part of this cue («не хватает», «не сомневаюсь»),
        # not a cue of its own.
        consumed.add(j)
        hp = self.parse(low[j]) if j < n else None
        if n1 in _WEAK_AFTER_NE:
            # «не только», «не совсем» (not quite), «не очень» (not very / rather)
            return Cue(tok.start, end, "not-only" if n1 in ("только", "столько") else "idiomatic", WEAK, head)
        if i + 1 < n and _CONTRAST.search(text[tok.end : toks[min(i + 7, n - 1)].start]):
            return Cue(tok.start, end, "contrast", WEAK, head)
        if hp is not None and hp.lemma in ("мочь", "смочь") and j + 1 < n and low[j + 1] == "не":
            consumed.add(j + 1)
            return Cue(tok.start, toks[j + 1].end, "double", WEAK, head)  # «не мог не» = had to
        if hp is not None and (hp.lemma in _LEXICAL_LEMMAS or hp.lemma[:-2] in _LEXICAL_LEMMAS or (
            hp.lemma in _MODALS and j + 1 < n and low[j + 1].startswith(_LEXICAL_STARTS)
            and self.parse(low[j + 1]).lemma in _LEXICAL_LEMMAS
        )):
            # «не прекращаются» = continue, «не сомневаюсь» = no doubt: two negatives.
            return Cue(tok.start, end, "double", WEAK, head)
        if any(_bez_then_ne(text, toks, low, k) for k in range(max(i - 3, 0), i)):
            # «без дела не сидел» (kept busy), «не обошлось без»: two negatives, a positive
            return Cue(tok.start, end, "double", WEAK, head)
        for k in range(j + 1, min(j + 3, n)):
            if low[k] == "без" and not text[toks[k - 1].end : toks[k].start].strip():
                consumed.add(k)
                return Cue(tok.start, toks[k].end, "double", WEAK, head)
        if self._concessive(low, i, lambda pos: 0, toks, particle="не"):
            idioms.append((tok.start, end))  # «как бы смешно это не звучало» (= ни)
            return None
        if "ли" in low[i + 1 : i + 4]:
            # «не бывает ли», «не хотите ли»: a question that expects "yes".
            return Cue(tok.start, end, "question", WEAK, head)
        if hp is not None and hp.pos in ("ADJF", "PRTF") and j + 1 < n and _ends_phrase(text, toks, j):
            # «не украшенную историю» = "unadorned": negation folded into the modifier.
            return Cue(tok.start, end, "folded", WEAK, head)
        back = low[max(i - 3, 0) : i]
        if "пока" in back and p1 not in ("еще", "что") and (
            "тех" in low[max(i - 5, 0) : i] or (hp is not None and hp.pos == "VERB" and hp.aspect == "perf")
        ):
            # «ждать, пока не кончится» = until it ends: the «не» is expletive, and
            # the verb is perfective; «пока не известно» = not yet known.
            return Cue(toks[i - 1].start, end, "until", OPTIONAL, head)
        start, kind = tok.start, "not"
        if hp is not None and (
            hp.lemma in _LITOTES
            or (p1 and self.parse(p1).lemma in _LITOTES)
            or (hp.lemma == "иметь" and j + 1 < n and self.parse(low[j + 1]).lemma in ("аналог", "равный", "себе"))
        ):
            # «не обманывают» (honest), «скучать не успевает» (keeps busy), «не имеют
            # аналогов» (unique): usually said in English without a negation
            return Cue(tok.start, end, "litotes", STRONG, head)
        if p1 in ("больше", "более", "уже"):
            start, kind = toks[i - 1].start, "no-longer"
        elif p1 in ("еще",):
            start, kind = toks[i - 1].start, "not-yet"
        elif p1 == "пока":
            start, kind = toks[i - 1].start, "not-yet"
        elif p1 == "и" and p2 == "так":
            start, kind = toks[i - 2].start, "never"
        return Cue(start, end, kind, STRONG, head)

    def _concessive(
        self, low: list[str], i: int, clause_at: Callable[[int], int], toks: list[Token], particle: str = "ни"
    ) -> bool:
        # «что бы ни случилось», «как ни старался», «как бы то ни было»: whatever,
        # however. With «не» (a common misspelling) only «как бы … не» counts.
        here = clause_at(toks[i].start)
        if particle == "не":
            # «как бы смешно это ни звучало» misspelt with «не»: the interrogative stands
            # right before «бы» («что аутсайдер хотя бы не уступит» is a plain negation)
            window = low[max(i - 5, 0) : i]
            if "бы" not in window:
                return False
            k = window.index("бы")
            return k > 0 and window[k - 1] in _INTERROGATIVE
        for k in range(1, 4):
            if i - k < 0 or clause_at(toks[i - k].start) != here:
                return False
            w = low[i - k]
            if w in _INTERROGATIVE:
                return True
            if w not in ("бы", "то", "же"):
                return False
        return False

    def _bez_adjective(self, w: str) -> bool:
        # «бессимптомно», «безработный»: the stem alone is not a word, but a long
        # adjective or adverb in без-/бес- is nearly always "without X".
        p = self.parse(w)
        return len(p.lemma) >= 9 and p.pos in ("ADJF", "ADJS", "ADVB") and not p.lemma.startswith("беспокой")

    def _folded(self, tok: Token) -> Cue | None:
        w = tok.low
        if w.startswith(_FOLDED_EXCLUDED):
            return None
        p = self.parse(w)
        if p.pos not in _FOLDED_POS or not p.lemma.startswith("не") or p.lemma.startswith(_FOLDED_EXCLUDED):
            return None
        if p.lemma in _STRONG_FOLDED or w in _STRONG_FOLDED:
            return Cue(tok.start, tok.end, "impossible", STRONG)
        if p.lemma.startswith("недостат") or p.lemma in ("нехватка", "недоставать"):
            return Cue(tok.start, tok.end, "lexical", WEAK)
        if p.lemma.startswith("недо") and len(p.lemma) >= 8 and self.known(p.lemma[4:]):
            return Cue(tok.start, tok.end, "folded", WEAK)  # «недооценивать» underestimate
        if len(p.lemma) >= 6 and self.known(p.lemma[2:]):
            return Cue(tok.start, tok.end, "folded", WEAK)
        return None


def _bez_then_ne(text: str, toks: list[Token], low: list[str], i: int) -> bool:
    """Whether «без» at ``i`` is followed, within three words and no punctuation, by «не»."""
    if low[i] != "без":
        return False
    for k in range(i + 1, min(i + 4, len(toks))):
        if text[toks[k - 1].end : toks[k].start].strip():
            return False
        if low[k] == "не":
            return True
    return False


def _is_name(text: str, toks: list[Token], i: int) -> bool:
    """A capitalised word that does not open the sentence: a name, whatever its letters."""
    if i == 0 or not text[toks[i].start].isupper():
        return False
    gap = text[toks[i - 1].end : toks[i].start]
    return not any(ch in gap for ch in ".!?:«\"\n")


_PREDICATE_POS = frozenset("VERB INFN PRTS PRED GRND ADJS".split())


def predicate(ru: "RussianNegation", text: str, start: int, end: int, near: int) -> tuple[int, int]:
    """The predicate (a verb, short participle or predicative) in ``text[start:end]``
    nearest to ``near``; the stretch itself, trimmed, when there is none."""
    best: tuple[int, int] | None = None
    for tok in tokens(text[start:end]):
        if len(tok.low) < 2 or not tok.low.isalpha():
            continue
        if ru.parse(tok.low).pos in _PREDICATE_POS:
            span = (start + tok.start, start + tok.end)
            if best is None or abs(span[0] - near) < abs(best[0] - near):
                best = span
    if best is not None:
        return best
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _ends_phrase(text: str, toks: list[Token], j: int) -> bool:
    """Whether the modifier at ``j`` has no dependents of its own: a noun or
    punctuation follows, not a prepositional or instrumental phrase."""
    if j + 1 >= len(toks):
        return True
    if text[toks[j].end : toks[j + 1].start].strip():
        return True
    return toks[j + 1].low not in _PREPOSITIONS


_PREPOSITIONS = frozenset("в во на с со к ко по от о об обо из за для до при под над без через у про между".split())


def _clause_index(cuts: list[int]) -> Callable[[int], int]:
    ordered = sorted(cuts)

    def at(pos: int) -> int:
        k = 0
        for c in ordered:
            if pos >= c:
                k += 1
            else:
                break
        return k

    return at


_CONCORD_REACH = 60  # characters


def _merge_concord(raw: list[tuple[Cue, int, bool]]) -> list[Cue]:
    """One negation per «не» or «нет», with the ни-words of its clause folded in.

    «Никто никогда не» is one negation; ни-words with no «не»/«нет» in their clause
    («ни он, ни она», «ничего личного») stay one weak cue together.
    """
    out: list[Cue] = []
    by_clause: dict[int, list[tuple[Cue, bool]]] = {}
    # «ни X, ни Y»: English often negates each member ("never toured, never vacationed"),
    # so each bare «ни» folded into a «не» may also stand for a negation of its own.
    coordinated = sum(1 for cue, _, is_ni in raw if is_ni and cue.end - cue.start == 2) >= 2
    for cue, clause, is_ni in raw:
        by_clause.setdefault(clause, []).append((cue, is_ni))
    for items in by_clause.values():
        ni = [c for c, is_ni in items if is_ni]
        others = [c for c, is_ni in items if not is_ni]
        anchors = [c for c in others if c.kind in ("not", "no", "must-not", "no-longer", "not-yet", "never", "litotes")]
        if ni and anchors:
            # Concord: fold every ни-piece into the nearest «не»/«нет»; one far
            # from any (a list in between) may be its own negation in translation.
            merged: dict[int, list[Cue]] = {id(a): [a] for a in anchors}
            for piece in ni:
                nearest = min(anchors, key=lambda a: abs(a.start - piece.start))
                if abs(nearest.start - piece.start) > _CONCORD_REACH:
                    out.append(Cue(piece.start, piece.end, piece.kind, OPTIONAL))
                    continue
                merged[id(nearest)].append(piece)
                if coordinated and piece.end - piece.start == 2:
                    out.append(Cue(piece.start, piece.end, piece.kind, OPTIONAL))
            for a in anchors:
                parts = merged[id(a)]
                if len(parts) == 1:
                    out.append(a)
                    continue
                kind = "never" if any(p.kind == "never" for p in parts) else "concord"
                # Shown span: from the first ни-word to the end of the «не» phrase.
                out.append(Cue(min(p.start for p in parts), max(p.end for p in parts), kind, STRONG, a.head))
            out.extend(c for c in others if c not in anchors)
        else:
            out.extend(others)
            if ni:
                out.append(Cue(ni[0].start, ni[-1].end, ni[0].kind, WEAK))
    return out


def build_morph() -> Any:
    """The pymorphy3 analyser for Russian (the process-wide one: loading its
    dictionaries takes ~0.3 s, so it is loaded once)."""
    return shared_analyzer()


_DEFAULT: RussianNegation | None = None


def default() -> RussianNegation:
    """A process-wide analyser, for callers without a check context (tests, scripts)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RussianNegation()
    return _DEFAULT


def analyze(text: str) -> Analysis:
    return default().analyze(text)
