"""Build mtcheck/data/antonyms_en.tsv, English words and their opposites, from WordNet 3.0.

    apt-get install -y wordnet-base
    .venv/bin/python bench/make_antonyms.py [--wordnet /usr/share/wordnet] [-o mtcheck/data/antonyms_en.tsv]

Antonyms are WordNet's lexical "!" pointers (adjectives, adverbs, verbs, nouns), plus
the indirect antonyms of adjective satellites ("tiny" is similar to "small", whose
antonym is "large", so "tiny" gets "large"), plus a short hand-written list of pairs
WordNet lacks or words its pointers miss ("more"/"less", "violent"/"peaceful").
Each pair is written in the inflections it shares: nouns in the plural, verbs in -s,
past and -ing (irregular forms from WordNet's exception lists, regular ones by
spelling rules), adjectives in the comparative and superlative where WordNet lists
them as exceptions ("bigger", "better"). Antonyms of one word are ordered hand-written,
direct, through a satellite, and by frequency (wordfreq) within each; then capped. Only the shipped TSV is read at run time; WordNet
is needed only to rebuild it. The WordNet licence is in mtcheck/data/WORDNET-LICENSE.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$")
MAX_ANTONYMS = 4
# An antonym rarer than this ("unpeaceful", "noncandidate") is kept only when it is the
# word's only antonym: rare variants cost encoder time and rarely fit a source better.
MIN_ZIPF = 2.0

# Pairs WordNet lacks, or lacks for the word a translation uses. (pos, word, antonym);
# both directions are added.
HAND_PAIRS = """
a violent peaceful
a peaceful hostile
a early late
a earlier later
a more less
a most least
a better worse
a best worst
a main minor
a major minor
a rich poor
a strong weak
a cheap expensive
a safe dangerous
a correct wrong
a legal illegal
a similar different
a full empty
a young old
a modern ancient
a modern traditional
a current former
a current previous
a positive negative
a public private
a domestic foreign
a internal external
a successful unsuccessful
a likely unlikely
a possible impossible
r often rarely
r often seldom
r always never
r more less
r most least
r earlier later
r before after
r above below
r inside outside
r slightly considerably
r slightly significantly
r increasingly decreasingly
v increase decrease
v increase reduce
v rise fall
v grow shrink
v grow decline
v win lose
v accept reject
v allow ban
v allow forbid
v allow prohibit
v support oppose
v agree disagree
v arrive depart
v arrive leave
v open close
v start finish
v start end
v begin end
v buy sell
v gain lose
v strengthen weaken
v improve worsen
v confirm deny
v include exclude
v appear disappear
v appear vanish
v remember forget
v attack defend
v praise criticize
v praise condemn
v welcome reject
v succeed fail
v hire fire
v raise lower
v enter exit
v import export
v permit forbid
n increase decrease
n increase reduction
n rise fall
n growth decline
n victory defeat
n win loss
n success failure
n profit loss
n peace war
n arrival departure
n beginning end
n start end
n support opposition
n praise criticism
n majority minority
n maximum minimum
n import export
n strength weakness
n advantage disadvantage
n friend enemy
n ally enemy
n past future
"""


def _words(field: str) -> str | None:
    word = re.sub(r"\([a-z]+\)$", "", field).lower()  # adjective markers: "galore(ip)"
    return word if WORD.match(word) else None


def parse(wordnet: Path) -> tuple[dict[tuple[str, str], dict[str, int]], dict[str, dict[str, set[str]]]]:
    """WordNet's antonym pairs as {(pos, word): {antonym: rank}} (rank 1 direct, 2 through a
    satellite), and its exception lists."""
    pairs: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    synsets: dict[tuple[str, str], tuple[str, list[str], list[tuple[str, str, str, str]]]] = {}
    for pos, name in (("a", "adj"), ("r", "adv"), ("v", "verb"), ("n", "noun")):
        for line in open(wordnet / f"data.{name}", encoding="latin-1"):
            if line.startswith("  "):
                continue  # the licence header
            fields = line.split(" | ")[0].split()
            offset, ss_type, w_cnt = fields[0], fields[2], int(fields[3], 16)
            words = [fields[4 + 2 * k] for k in range(w_cnt)]
            i = 4 + 2 * w_cnt
            p_cnt = int(fields[i])
            ptrs = [tuple(fields[i + 1 + 4 * k : i + 5 + 4 * k]) for k in range(p_cnt)]
            synsets[(pos, offset)] = (ss_type, words, ptrs)  # type: ignore[assignment]

    def word_of(pos: str, offset: str, number: int) -> str | None:
        return _words(synsets[(pos, offset)][1][number - 1])

    for (pos, offset), (ss_type, words, ptrs) in synsets.items():
        for symbol, target, tpos, st in ptrs:
            if symbol != "!":
                continue
            tpos = "a" if tpos == "s" else tpos
            source, dest = word_of(pos, offset, int(st[:2], 16)), word_of(tpos, target, int(st[2:], 16))
            if source and dest and source != dest:
                pairs[(pos, source)][dest] = 1
    # A satellite takes its head's antonyms: "tiny" (similar to "small") gets "large".
    for (pos, offset), (ss_type, words, ptrs) in synsets.items():
        if pos != "a" or ss_type != "s":
            continue
        heads = [t for sym, t, _, _ in ptrs if sym == "&"]
        for head in heads:
            _, head_words, head_ptrs = synsets[("a", head)]
            opposites = {
                word_of("a", t, int(st[2:], 16)) for sym, t, _, st in head_ptrs if sym == "!"
            } - {None}
            for field in words:
                w = _words(field)
                for o in opposites if w else ():
                    pairs[("a", w)].setdefault(o, 2)  # type: ignore[index]
    exceptions: dict[str, dict[str, set[str]]] = {}
    for pos, name in (("a", "adj"), ("v", "verb"), ("n", "noun")):
        table: dict[str, set[str]] = defaultdict(set)
        for line in open(wordnet / f"{name}.exc", encoding="latin-1"):
            parts = line.split()
            if len(parts) >= 2 and WORD.match(parts[0]):
                for base in parts[1:]:
                    table[base].add(parts[0])
        exceptions[pos] = table
    return pairs, exceptions


_VOWEL = "aeiou"


def _s(w: str) -> str:
    if re.search(r"(s|x|z|ch|sh)$", w):
        return w + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWEL:
        return w[:-1] + "ies"
    return w + "s"


def _stem_for_suffix(w: str) -> str:
    if w.endswith("e") and not w.endswith("ee"):
        return w[:-1]
    return w


def _ed(w: str) -> str:
    if w.endswith("e"):
        return w + "d"
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWEL:
        return w[:-1] + "ied"
    return w + "ed"


def _ing(w: str) -> str:
    if w.endswith("ie"):
        return w[:-2] + "ying"
    return _stem_for_suffix(w) + "ing"


def forms(pos: str, word: str, exc: dict[str, dict[str, set[str]]]) -> dict[str, set[str]]:
    """The word's inflections by slot; irregular ones from WordNet's exception lists."""
    out: dict[str, set[str]] = {"base": {word}}
    if pos == "n":
        out["plural"] = exc["n"].get(word) or {_s(word)}
    elif pos == "v":
        irregular = exc["v"].get(word, set())
        ing = {f for f in irregular if f.endswith("ing")}
        past = {f for f in irregular if not f.endswith("ing") and f != _s(word)}
        out["s"] = {_s(word)}
        out["past"] = past or {_ed(word)}
        out["ing"] = ing or {_ing(word)}
    elif pos == "a":
        for f in exc["a"].get(word, set()):
            out.setdefault("superlative" if f.endswith("st") else "comparative", set()).add(f)
    return out


def build(wordnet: Path) -> dict[str, list[str]]:
    pairs, exc = parse(wordnet)
    for line in HAND_PAIRS.strip().splitlines():
        pos, a, b = line.split()
        pairs[(pos, a)][b] = 0
        pairs[(pos, b)][a] = 0
    # Hand-written pairs first, then WordNet's direct antonyms, then those through a
    # satellite; by frequency within each: "rising" is first the opposite of "falling".
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for (pos, word), opposites in pairs.items():
        mine = forms(pos, word, exc)
        for other, rank in opposites.items():
            theirs = forms(pos, other, exc)
            for slot, words in mine.items():
                for w in words:
                    for o in theirs.get(slot, ()):
                        table[w][o] = min(rank, table[w].get(o, rank))
    out: dict[str, list[str]] = {}
    for word, ranks in table.items():
        ranks.pop(word, None)
        ranked = sorted(ranks, key=lambda o: (ranks[o], -zipf_frequency(o, "en"), o))
        kept = [o for o in ranked if zipf_frequency(o, "en") >= MIN_ZIPF] or ranked[:1]
        if kept:
            out[word] = kept[:MAX_ANTONYMS]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "mtcheck" / "data" / "antonyms_en.tsv")
    args = parser.parse_args()
    table = build(args.wordnet)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# English word<TAB>antonyms (|-separated, most frequent first), for MT409 (opposite-word-model).\n"
            "# Generated by bench/make_antonyms.py from WordNet 3.0 (antonym pointers, indirect antonyms of\n"
            "# adjective satellites, inflections) plus hand-written pairs. WordNet 3.0 Copyright 2006 by\n"
            "# Princeton University. All rights reserved. Licence: mtcheck/data/WORDNET-LICENSE.\n"
        )
        for word in sorted(table):
            f.write(f"{word}\t{'|'.join(table[word])}\n")
    print(f"{len(table)} words written to {args.output}")


if __name__ == "__main__":
    main()
