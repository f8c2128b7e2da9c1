"""Negation in English: cues, idioms that only look like negation, and clauses.

Strong cues negate a predicate outright: "not", "-n't", "cannot", "never", "no",
"nobody", "nothing", "none", "neither ... nor", "no longer", "not yet", "unable",
"impossible", "unlikely". Weak cues carry a negation folded into a word: "lacked",
"refused", "failed to", "without", "unknown", "inadequate", "rarely", "until".
Phrases such as "not only", "no less than", "nevertheless", "no matter" are not
negations of the clause and are set aside.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from mtcheck.lang.negation import STRONG, WEAK, Analysis, Cue, build
from mtcheck.text import WORD_RE

_OPENERS = frozenset(
    """and but or nor yet so which who whom whose that where when while whereas because although though
    if unless as since after before until once whether said says added reported told stated noted
    explained wrote according""".split()
)
# Open a clause even without a comma in front.
_BARE_OPENERS = frozenset("but because although though whereas unless".split())
_SUBJECTS = frozenset("i we you he she it they there this".split())
_HARD_GAP = re.compile(r"[;:()!?…—–]|\s-\s|\.\s")
_AUX = frozenset(
    """is are was were be been being am do does did has have had will would shall should can could may
    might must need ought""".split()
)
_SKIP_AFTER_NOT = frozenset(
    "be been being even yet always very only just so too quite really necessarily entirely at all ever".split()
)
_COMPARATIVES = frozenset(
    "more less fewer later earlier sooner greater higher lower longer bigger smaller further farther better worse".split()
)
_STRONG_WORDS = {
    "never": "never",
    "nobody": "concord",
    "nothing": "concord",
    "none": "concord",
    "nowhere": "concord",
    "neither": "concord",
    "nor": "concord",
    "noone": "concord",
    "no-one": "concord",
    "cannot": "not",
    "unable": "impossible",
    "impossible": "impossible",
    "unlikely": "unlikely",
}
_IDIOM_WORDS = frozenset("nevertheless nonetheless notwithstanding".split())
# Words that carry a negation lexically; prefixes pick inflections (refus- refused refusal).
_WEAK_STARTS = (
    "lack", "absen", "fail", "refus", "declin", "deny", "denie", "denial", "reject", "prevent", "avoid",
    "stopp", "cease", "ceasi", "banned", "prohibit", "forbid", "forbad", "hardly", "barely", "scarcely",
    "rarely", "seldom", "instead", "missing", "ignor", "disagre", "dislik", "doubt", "exclud", "except",
    "shortage", "shortfall", "abstain", "abstention", "refrain", "cancel", "halt", "deprive", "devoid",
    "unless", "lest", "neglect", "omit", "omission", "withh", "dismiss", "disapprov",
    "impossib", "inabil", "incapab", "insufficien", "inadequa", "negat", "deni",
)
_WEAK_WORDS = frozenset(
    "without stop stops ban bans missed miss misses free few little zero lost lose loses losing gone away wrong scarce".split()
)
# un- words that are not negations of their stem.
_UN_NOT_NEGATION = frozenset(
    """under underway understand understood understanding undergo undergone underwent undertake undertook
    undertaken union unions unit units unite united unites uniting unity universe universal universally
    university universities unique uniquely uniform uniforms unanimous unanimously until unto unveil
    unveiled unveiling unleash unleashed unfold unfolded unfolding unload unloaded unlock unlocked
    unpack unpacked unrest uncle uncles undo undone unearth unearthed unravel unravelled unraveled
    unwind unified unify unification unison uniting uniformly unilateral unilaterally unfortunately
    unfortunate unemployed unemployment""".split()
)
# Common negative adjectives with in-/im-/il-/ir-/dis-/non- (a closed list: the
# prefixes also begin "inform", "import", "distance").
_PREFIXED_NEGATIVES = frozenset(
    """inaccurate inaccessible inactive inaction inadequate inadequately inappropriate incapable incomplete
    incorrect incorrectly inconsistent inconsistency inconvenient incompatible incompetent inconclusive
    indefinite indefinitely independent independently indirect indirectly indifferent ineffective
    inefficient ineligible inequality inevitable inevitably inexperienced infeasible infrequent
    insignificant insufficient intolerant intolerance insufficiently intolerable invalid invisible involuntary irregular
    irrelevant irresponsible irreversible illegal illegally illegitimate illiterate illogical immature
    immoral immobile impatient imperfect impolite impossible impractical improbable improper
    imprecise impure inability inaccuracy incongruous inconceivable incredible incredibly insecure
    insecurity instability intangible irrational unattainable dishonest disagree disagreed disagrees
    disagreement dislike disliked disapprove disapproved disconnected discontinued disloyal disobey
    disobeyed disorder disorderly displeased disqualified disregard disregarded dissatisfied distrust
    nonexistent nonprofit nonstop nonsense noncandidate nonviolent""".split()
)
_PRONOUN_AFTER_NO = frozenset("one body".split())


# Anything that can become a strong cue (see ``_STRONG_WORDS``, "not", "no", "-n't").
# Any of: not no never nobody nothing none nowhere neither nor noone cannot unable
# impossible unlikely (whole words), or n't. Written as a tree opening with the "n"
# most of them share, the word-start test after it: ``re`` then tries far fewer
# alternatives per position than with a flat list behind ``\b``. A gate for
# whether to analyse at all, so only whether it matches counts.
STRONG_HINT = re.compile(
    r"n(?:[’']t\b|(?<!\wn)(?:o(?:t|body|thing|ne|where|r|one)?|e(?:ver|ither))\b)"
    r"|(?<!\w)(?:cannot|un(?:able|likely)|impossible)\b",
    re.IGNORECASE,
)
# The same words in lower-case ASCII text, without IGNORECASE: each branch opens
# with a plain letter, so ``re`` jumps between the few letters that can start one.
_ASCII_HINT = re.compile(
    r"(?:n(?<!\wn)(?:o(?:t|body|thing|ne|where|r|one)?|e(?:ver|ither))"
    r"|c(?<!\wc)annot|u(?<!\wu)n(?:able|likely)|i(?<!\wi)mpossible)\b|n't\b"
)


def may_negate(text: str) -> bool:
    """Whether ``STRONG_HINT`` matches ``text``: the gate before any analysis.

    Most sentences are ASCII; lower-casing them is exact, and the case-sensitive
    pattern is much faster to scan. Other text goes through ``STRONG_HINT`` itself
    (IGNORECASE also folds some non-ASCII letters).
    """
    if text.isascii():
        return _ASCII_HINT.search(text.lower()) is not None
    return STRONG_HINT.search(text) is not None


class Token(NamedTuple):
    low: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def _cuts(text: str, toks: list[Token]) -> list[int]:
    cuts = []
    for i in range(1, len(toks)):
        gap = text[toks[i - 1].end : toks[i].start]
        w = toks[i].low
        if gap.strip():
            if _HARD_GAP.search(gap):
                cuts.append(toks[i].start)
                continue
            if "," in gap and (w in _OPENERS or (w.endswith("ing") and len(w) > 5)):
                cuts.append(toks[i].start)
                continue
        if w in _BARE_OPENERS:
            cuts.append(toks[i].start)
        elif w in ("and", "but", "or") and i + 1 < len(toks) and toks[i + 1].low in _SUBJECTS:
            cuts.append(toks[i].start)
    return cuts


def _weak_word(w: str) -> bool:
    if w in _WEAK_WORDS or w in _PREFIXED_NEGATIVES or w.startswith(_WEAK_STARTS):
        return True
    if w.startswith("un") and len(w) >= 6 and w not in _UN_NOT_NEGATION and not w.startswith(("under", "univers")):
        return True
    if w.startswith(("non-", "un-", "ill-", "resistan")) or w == "immune" or w.endswith(("-free", "-proof", "-resistant")):
        # "wear-resistant", "waterproof", "immune to" = «не подвержен», «не пропускает»
        return True
    if w.endswith("proof") and len(w) >= 9:
        return True
    if w.endswith(("less", "lessly", "lessness")) and len(w) >= 7 and w not in ("nevertheless", "nonetheless", "regardless", "unless"):
        return True  # homeless, useless, pointless
    return False


@lru_cache(maxsize=4096)
def analyze(text: str) -> Analysis:
    """Clauses and negation cues of an English sentence."""
    toks = tokens(text)
    n = len(toks)
    low = [t.low for t in toks]
    cuts = _cuts(text, toks)
    raw: list[Cue] = []
    idioms: list[tuple[int, int]] = []
    consumed: set[int] = set()

    def at(i: int) -> str:
        return low[i] if 0 <= i < n else ""

    def head_after(i: int) -> tuple[int, int] | None:
        j = i + 1
        while j < n and low[j] in _SKIP_AFTER_NOT:
            j += 1
        return (toks[j].start, toks[j].end) if j < n else None

    for i, tok in enumerate(toks):
        if i in consumed:
            continue
        w = tok.low
        if w == "not" or w.endswith("n't"):
            n1, n2 = at(i + 1), at(i + 2)
            if w == "not" and at(i - 1) == "or" and (n1 in ("", "to") or at(i - 2) in _SKIP_AFTER_NOT or n1 == "not"):
                idioms.append((toks[i - 1].start, tok.end))  # whether or not
                continue
            if w == "not" and at(i - 1) == "or":
                idioms.append((toks[i - 1].start, tok.end))
                continue
            if n1 == "to" and n2 == "mention":
                idioms.append((tok.start, toks[i + 2].end))
                continue
            if (n1 == "long" and n2 == "ago") or n1 in ("least", "unlike", "without") or (n1 == "a" and n2 == "few"):
                idioms.append((tok.start, toks[i + 1].end))
                continue
            if n1 in _COMPARATIVES and "than" in low[i + 2 : i + 10] or n1 == "exceeding":
                idioms.append((tok.start, toks[i + 1].end))
                continue
            if at(i - 1) == "than" and at(i - 2) == "often":
                idioms.append((toks[i - 2].start, tok.end))  # more often than not
                continue
            start = toks[i - 1].start if w == "not" and at(i - 1) in _AUX else tok.start
            head = head_after(i)
            end = tok.end
            if n1 in ("only", "just", "merely", "simply", "until", "till") or (n1 == "so" and n2 == "much"):
                raw.append(Cue(start, toks[i + 1].end, "not-only", WEAK, head))
                continue
            if "without" in low[i + 1 : i + 5]:
                # "did not come without effort" = «не без труда»: two negatives
                raw.append(Cue(start, tok.end, "double", WEAK, head))
                continue
            if w in ("can't", "cannot", "couldn't") and (n1 == "help" or "enough" in low[i + 2 : i + 6]):
                # "can't help but", "can't recommend it enough": praise, not negation
                raw.append(Cue(tok.start, toks[i + 1].end, "double", WEAK, head))
                continue
            after = text[toks[i].end : toks[i].end + 2]
            if w == "not" and at(i - 1) == "if" and (after[:1] in ",.;)" or n1 in _COMPARATIVES or n1 == "most"):
                raw.append(Cue(toks[i - 1].start, end, "if-not", WEAK, head))
                continue
            kind = "not"
            if n1 == "yet":
                kind, end = "not-yet", toks[i + 1].end
            elif n1 in ("anymore",) or (n1 == "any" and n2 in ("more", "longer")):
                kind = "no-longer"
            raw.append(Cue(start, end, kind, STRONG, head))
        elif w == "no":
            n1, n2 = at(i + 1), at(i + 2)
            gap = text[tok.end : toks[i + 1].start] if i + 1 < n else ""
            if tok.end < len(text) and text[tok.end] == "." and (not n1 or any(ch.isdigit() for ch in n1)):
                continue  # "No. 5", "No. FS77-35597"
            if n1[:1].isdigit() and not gap.strip():
                continue
            if n1 in _COMPARATIVES and "than" in low[i + 2 : i + 10]:
                idioms.append((tok.start, toks[i + 1].end))  # "no fewer ... than"
                consumed.add(i + 1)
                continue
            if n1 == "more" and (n2 == "" or not text[toks[i + 1].end : toks[i + 2].start].strip() == ""):
                # "... and no more" («не более») or "they are no more" («их больше нет»)
                raw.append(Cue(tok.start, toks[i + 1].end, "idiomatic", WEAK))
                consumed.add(i + 1)
                continue
            if n1 in ("matter", "sooner", "brainer") or (n1 == "time" and at(i - 1) == "in"):
                idioms.append((tok.start, toks[i + 1].end))
                consumed.add(i + 1)
                continue
            if n1 in ("wonder", "doubt"):
                raw.append(Cue(tok.start, toks[i + 1].end, "idiomatic", WEAK))
                consumed.add(i + 1)
                continue
            if n1 == "longer" or (n1 == "more" and n2 not in ("", "than")):
                raw.append(Cue(tok.start, toks[i + 1].end, "no-longer", STRONG, head_after(i + 1)))
                consumed.add(i + 1)
                continue
            end = toks[i + 1].end if n1 in _PRONOUN_AFTER_NO else tok.end
            raw.append(Cue(tok.start, end, "no", STRONG, head_after(i)))
        elif w in _IDIOM_WORDS:
            idioms.append((tok.start, tok.end))
        elif w in _STRONG_WORDS:
            n1 = at(i + 1)
            if w == "nothing" and (n1 in ("but", "less", "short") or (n1 in ("more", "else") and at(i + 2) == "than")):
                # "nothing but", "nothing more than" = only
                raw.append(Cue(tok.start, toks[i + 1].end, "idiomatic", WEAK))
                continue
            if (w == "nothing" and at(i - 1) == "for") or (w == "nowhere" and at(i - 1) == "of" and at(i - 2) == "out"):
                # "for nothing" (in vain, free), "out of nowhere" (from somewhere, suddenly)
                idioms.append((toks[i - 1].start, tok.end))
                continue
            if w == "none" and at(i - 1) == "to" and at(i - 2) == "second":
                idioms.append((toks[i - 2].start, tok.end))  # "second to none" = the best
                continue
            if w == "none" and n1 == "other":
                idioms.append((tok.start, toks[i + 1].end))
                continue
            if w == "never" and n1 == "mind":
                idioms.append((tok.start, toks[i + 1].end))
                continue
            if w == "never" and at(i - 1) in ("than", "as") :
                idioms.append((tok.start, tok.end))  # "more than never"? rare; "as never before"
                continue
            raw.append(Cue(tok.start, tok.end, _STRONG_WORDS[w], STRONG, head_after(i)))
        elif (w == "rather" and at(i + 1) == "than") or (w == "far" and at(i + 1) == "from"):
            raw.append(Cue(tok.start, toks[i + 1].end, "idiomatic", WEAK))
        elif (w == "short" and at(i + 1) == "of") or (w == "yet" and at(i + 1) == "to") or (
            w in ("end", "stop") and at(i + 1) == "to" and at(i - 1) in ("an", "a", "the")
        ):
            # "called for an end to" = «призвал не …»
            raw.append(Cue(tok.start, toks[i + 1].end, "idiomatic", WEAK))
        elif w == "against" and at(i - 1).startswith(("advis", "warn", "vot", "decid", "recommend", "caution", "argu")):
            raw.append(Cue(tok.start, tok.end, "lexical", WEAK))  # "advises against shaving"
        elif w == "out" and at(i + 1) == "of" and at(i + 2) == "the" and at(i + 3) == "question":
            raw.append(Cue(tok.start, toks[i + 3].end, "idiomatic", WEAK))
        elif w == "few" and at(i - 1) not in ("", "very", "too", "so", "relatively", "comparatively"):
            continue
        elif w == "little" and at(i - 1) in ("a",):
            continue
        elif _weak_word(w):
            if w in ("free", "away") and at(i - 1) not in ("from", "of") and at(i + 1) not in ("of", "from"):
                continue
            raw.append(Cue(tok.start, tok.end, "without" if w == "without" else "folded", WEAK))
    return build(text, cuts, _merge(raw, text, cuts), idioms)


def _merge(raw: list[Cue], text: str, cuts: list[int]) -> list[Cue]:
    """One negation for "neither ... nor", "not ... nor" and "little or no"."""
    out: list[Cue] = []
    for cue in raw:
        if out and cue.kind == "concord" and text[cue.start : cue.end].lower() == "nor":
            if any(c.strong for c in out):
                continue
        if out and re.fullmatch(r"\s+(?:or|and)\s+", text[out[-1].end : cue.start]):
            last = out.pop()
            strength = max(last.strength, cue.strength)
            kind = last.kind if last.strength >= cue.strength else cue.kind
            out.append(Cue(last.start, cue.end, kind, strength, cue.head or last.head))
            continue
        out.append(cue)
    return out


# Irregular verb forms, so that "He knew the answer" finds "knew".
_IRREGULAR = frozenset(
    """knew know knows was were had has did does said says made makes went goes came comes took takes gave
    gives found finds thought thinks told tells became becomes left leaves felt feels brought brings began
    begins kept keeps held holds wrote writes stood stands heard hears let lets meant means met meets ran
    runs paid pays sat sits spoke speaks led leads read reads grew grows lost loses fell falls sent sends
    built builds understood understands drew draws broke breaks spent spends rose rises drove drives bought
    buys wore wears chose chooses sought seeks threw throws caught catches won wins forgot forgets saw sees
    got gets put puts set sets cut cuts hit hits shut shuts sold sells taught teaches fought fights""".split()
)
_PREDICATE_SKIP = frozenset(
    "the a an of to in on at by for with and or that this it he she they we i his her its their my our your".split()
)


def predicate(text: str, start: int, end: int, near: int | None = None) -> tuple[int, int]:
    """Where a missing negation belongs in ``text[start:end]``: the auxiliary and the
    verb after it, or a verb-looking word, closest to ``near``; the whole stretch
    when nothing looks like a verb."""
    toks = [t for t in tokens(text) if t.start >= start and t.end <= end]
    if not toks:
        return start, end
    target = near if near is not None else start
    candidates: list[tuple[int, int]] = []
    for k, t in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if t.low in _AUX and nxt is not None and nxt.low not in _PREDICATE_SKIP:
            if nxt.low == "more" and k + 2 < len(toks):
                nxt = toks[k + 2]  # "is more considered": the trace of «больше не»
            candidates.append((t.start, nxt.end))
        elif t.low in _AUX:
            candidates.append((t.start, t.end))
        elif t.low == "to" and nxt is not None and nxt.low not in _PREDICATE_SKIP and not text[nxt.start].isupper():
            # an infinitive ("so as to stimulate"), with the verb that governs it ("failed to arrive")
            prev = toks[k - 1] if k > 0 else None
            governed = prev is not None and (prev.low in _IRREGULAR or (prev.low.endswith("ed") and len(prev.low) > 4))
            candidates.append((prev.start if governed and prev is not None else nxt.start, nxt.end))
    if not candidates:
        for t in toks:
            if t.low in _IRREGULAR or (len(t.low) > 4 and t.low.endswith("ed") and t.low not in _PREDICATE_SKIP):
                candidates.append((t.start, t.end))
    if not candidates:
        return start, end
    return min(candidates, key=lambda c: abs(c[0] - target))
