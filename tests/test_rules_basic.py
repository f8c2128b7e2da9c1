"""Tables of failing and passing cases for the first rule-based checks."""

from __future__ import annotations

import pytest

from mtcheck import Checker, Segment, Selection, Severity
from mtcheck.checks.boilerplate import load_patterns


def findings(code: str, mt: str, src: str | None = None, ref: str | None = None):  # type: ignore[no-untyped-def]
    run = Checker(selection=Selection.build(select=[code]), models=False).run(
        [Segment(id="t", mt=mt, src=src, ref=ref)]
    )
    return [f for f in run.results[0].findings if f.code == code]


def flagged_texts(code: str, mt: str, **kw: str) -> list[str]:
    return [mt[f.span.start : f.span.end] for f in findings(code, mt, **kw)]


# --- MT101 untranslated Cyrillic -------------------------------------------
@pytest.mark.parametrize(
    "mt,expected",
    [
        ("Light rains are ожидаются in Moscow.", ["ожидаются"]),
        ("Озвучить текст", ["Озвучить текст"]),
        ("He said «да» and then «нет».", ["да", "нет"]),
        ("The word is сло-во.", ["сло-во"]),
    ],
)
def test_cyrillic_runs_flagged(mt: str, expected: list[str]) -> None:
    assert flagged_texts("MT101", mt) == expected


@pytest.mark.parametrize("mt", ["Light rains are expected in Moscow.", "Café naïve résumé", "", "Ukraine’s 30-day truce"])
def test_no_cyrillic_no_finding(mt: str) -> None:
    assert findings("MT101", mt) == []


# --- MT201/MT202 boilerplate -------------------------------------------------
@pytest.mark.parametrize(
    "mt",
    ["Skip to main content", "Advertisement", "Live broadcast", "0", "Select important", "On", "Off", "Озвучить текст", "  ADVERTISEMENT  "],
)
def test_page_furniture_flagged(mt: str) -> None:
    found = findings("MT201", mt)
    assert len(found) == 1
    assert mt[found[0].span.start : found[0].span.end] == mt.strip()


@pytest.mark.parametrize(
    "mt",
    ["On March 11, Rutte also indicated that there are ways.", "The advertisement was banned.", "2025", "Turn it off now."],
)
def test_article_text_is_not_furniture(mt: str) -> None:
    assert findings("MT201", mt) == []


@pytest.mark.parametrize(
    "mt,src,severity",
    [
        ("Photo: a still from a video on YouTube", "Фото: кадр из видео на YouTube", Severity.MINOR),
        ("Photo: a still from a video on YouTube", "Президент выступил с речью.", Severity.MAJOR),
        ("Skip to main content", "", Severity.MAJOR),
    ],
)
def test_furniture_in_the_source_too_is_minor(mt: str, src: str, severity: Severity) -> None:
    assert [f.severity for f in findings("MT201", mt, src=src)] == [severity]


@pytest.mark.parametrize(
    "mt",
    ["Переведено сервисом «Яндекс Переводчик»", "Translated by Yandex Translate", "Text. Translated by the Yandex.Translator service"],
)
def test_translator_credit_flagged(mt: str) -> None:
    assert findings("MT202", mt)


def test_credit_not_confused_with_news_about_yandex() -> None:
    assert findings("MT202", "Yandex translated the law into three languages.") == []


def test_extra_boilerplate_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "junk.txt"
    extra.write_text("# site specific\nsubscribe to the telegram channel\nre:^page \\d+ of \\d+$\n", encoding="utf-8")
    selection = Selection.build(select=["MT201"], options={"MT201": {"extra_file": str(extra)}})
    run = Checker(selection=selection).run(
        [Segment("1", "Subscribe to the Telegram channel"), Segment("2", "Page 3 of 10"), Segment("3", "Rutte spoke.")]
    )
    assert [bool(r.findings) for r in run.results] == [True, True, False]


def test_extra_expressions_that_cannot_be_joined_are_tried_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The expressions of a kind are joined into one for speed; a group reference or a
    # global flag would change what the joined one matches, so then each runs alone.
    extra = tmp_path / "junk.txt"
    extra.write_text("re:^(\\w+) \\1$\ncredit:re:(?x) made \\s+ by \\s+ robots\n", encoding="utf-8")
    patterns = load_patterns(str(extra))
    assert patterns.line_union is None and patterns.credit_union is None
    assert load_patterns().line_union is not None and load_patterns().credit_union is not None
    options = {"MT201": {"extra_file": str(extra)}, "MT202": {"extra_file": str(extra)}}
    selection = Selection.build(select=["MT201", "MT202"], options=options)
    run = Checker(selection=selection).run(
        [Segment("1", "bye bye"), Segment("2", "Made by robots."), Segment("3", "bye now"), Segment("4", "Translated by Yandex Translate")]
    )
    assert [[f.code for f in r.findings] for r in run.results] == [["MT201"], ["MT202"], [], ["MT202"]]


# --- MT301/MT302 repetition --------------------------------------------------
@pytest.mark.parametrize(
    "mt,expected",
    [
        ("The talks will resume on on Monday.", ["on on"]),
        ("The The president spoke.", ["The The"]),
        ("It was a a very long day, and and then it ended.", ["a a", "and and"]),
    ],
)
def test_doubled_word(mt: str, expected: list[str]) -> None:
    assert flagged_texts("MT301", mt) == expected


@pytest.mark.parametrize("mt", ["She had had enough.", "He said that that was wrong.", "Bye bye!", "Scores were 10 10 and 9."])
def test_allowed_doubles(mt: str) -> None:
    assert findings("MT301", mt) == []


@pytest.mark.parametrize(
    "mt,count",
    [
        ("Prices rose in Moscow, in Moscow, in Moscow.", 3),
        ("Prices rose sharply sharply sharply.", 3),
        ("the war the war the war the war", 4),
    ],
)
def test_looping_phrase(mt: str, count: int) -> None:
    found = findings("MT302", mt)
    assert len(found) == 1 and f"{count} times" in found[0].message


@pytest.mark.parametrize("mt", ["Step by step, day after day.", "More and more people came.", "Again and again."])
def test_no_loop(mt: str) -> None:
    assert findings("MT302", mt) == []


@pytest.mark.parametrize(
    "mt,src,severity",
    [
        # the source says it twice too: a faithful translation, not a loop
        ("My friend, my friend, where are you?", "Друг мой, друг мой, где ты?", None),
        ("My friend, my friend, where are you?", "Мой друг, где ты?", Severity.MAJOR),
        # twice across a bracket or a semicolon: a restatement, only minor
        ("The warranty is 4 years (4 years for the body).", "Гарантия четыре года (на корпус).", Severity.MINOR),
        ("Do not tell my mind; my mind will work it out.", "Не объясняйте моему разуму, он сам разберётся.", Severity.MINOR),
        ("Prices rose in Moscow, in Moscow, in Moscow.", "Цены выросли в Москве.", Severity.MAJOR),
    ],
)
def test_loop_against_source(mt: str, src: str, severity: Severity | None) -> None:
    assert [f.severity for f in findings("MT302", mt, src=src)] == ([severity] if severity else [])


# --- MT401 lost negation trace ------------------------------------------------
@pytest.mark.parametrize(
    "mt,flagged",
    [
        ("The issue of Ukraine joining the alliance is more considered relevant.", "more considered"),
        ("The United States will more supply weapons to Kyiv.", "more supply"),
        ("These rules are more used in Europe.", "more used"),
        ("The agreement was more seen as binding.", "more seen"),
        ("Moscow would not more tolerate such steps.", "more tolerate"),
    ],
)
def test_lost_negation_trace(mt: str, flagged: str) -> None:
    found = findings("MT401", mt)
    assert [mt[f.span.start : f.span.end] for f in found] == [flagged]
    assert found[0].severity == Severity.MAJOR
    assert "no longer" in found[0].message and found[0].suggestion.startswith("no longer")


@pytest.mark.parametrize(
    "mt",
    [
        "The issue is no longer considered relevant.",
        "The situation is more complicated than it seems.",
        "She is more experienced than her rival.",
        "Prices will more likely rise next year.",
        "The plan is more detailed and more focused.",
        "The company will more than double its output.",
        "He is more interested in football.",
        "It is more used to the cold than we are.",
    ],
)
def test_no_lost_negation_trace(mt: str) -> None:
    assert findings("MT401", mt) == []


# --- MT701/MT702 length ratio -------------------------------------------------
SRC = "Страны Североатлантического альянса не будут участвовать в обеспечении прекращения огня на Украине."


def test_much_shorter_mt_is_omission() -> None:
    found = findings("MT701", "NATO won't.", src=SRC)
    assert found and found[0].category.value == "omission"
    assert found[0].related is not None and found[0].related.field == "src"
    assert found[0].severity == Severity.MAJOR


def test_much_longer_mt_is_addition() -> None:
    long_mt = "The countries of the alliance will not take part in ensuring a ceasefire in Ukraine. " * 3
    found = findings("MT702", long_mt, src=SRC)
    assert found and found[0].category.value == "addition"


def test_length_against_reference_when_no_source() -> None:
    ref = "The countries of the North Atlantic Alliance will not take part in securing a ceasefire in Ukraine."
    assert findings("MT701", "NATO will not.", ref=ref)
    assert findings("MT701", ref.replace("take part", "participate"), ref=ref) == []


def test_normal_length_and_short_segments_not_judged() -> None:
    mt = "The countries of the North Atlantic Alliance will not participate in ensuring a ceasefire in Ukraine."
    assert findings("MT701", mt, src=SRC) == [] and findings("MT702", mt, src=SRC) == []
    assert findings("MT701", "No.", src="Нет, не будут.") == []
