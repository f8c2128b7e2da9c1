"""Named entities: the cases behind fewer false alarms on human references and better recall
(hyphenated and Chinese names, exonyms, matching, trace names, majority spellings)."""

from __future__ import annotations

import pytest

from mtcheck import Checker, Segment
from mtcheck.lang.names import EnglishText, default_exonyms, parse_exonyms, source_names
from mtcheck.records import Severity
from mtcheck.selection import Selection


@pytest.fixture(scope="module")
def morph():  # type: ignore[no-untyped-def]
    from mtcheck.lang.morph import analyzer

    return analyzer()


def _codes(segment: Segment, select: str = "MT6") -> list[tuple[str, Severity]]:
    (result,) = Checker(selection=Selection.build(select=[select]), models=False).run([segment]).results
    return [(f.code, f.severity) for f in result.findings]


# (source, MT that renders every name in it)
RENDERED = [
    ("Она приехала из Лос-Анджелеса.", "She came from L.A."),
    ("Она приехала из Лос-Анджелеса.", "She came from Los Angeles."),
    ("Это модель Рози Хантингтон-Уитли.", "This is model Rosie Huntington-Whiteley."),
    ("Это дебют Флорина Сербана.", "It is the debut of Florin Șerban."),
    ("Он живёт в Чунли.", "He lives in Chongli."),
    ("Его принял Си Цзиньпин.", "Xi Jinping received him."),
    ("Лев сбежал в Пномпене.", "A lion escaped in Phnom Penh."),
    ("В фильме снялся Шон Бин.", "Sean Bean starred in the film."),
    ("Статью написал Иан Нейтан.", "The article was written by Ian Nathan."),
    ("Он путешествовал по Европам.", "He travelled across Europe."),
    ("По прогнозу Росавиации, рост продолжится.", "By Rosaviation's forecast, growth will continue."),
    ("Учёные изучают облака Венеры.", "Scientists study the clouds of Venus."),
    ("Это было в Османской империи.", "It was in the Ottoman Empire."),
    ("Это сказала Мишель.", "Michelle said so."),
    # A diminutive rendered by the full name.
    ("Когда Саша пришёл домой, он уснул.", "When Alexander came home, he fell asleep."),
    ("Когда Саша пришёл домой, он уснул.", "When Sasha came home, he fell asleep."),
    # The country after a capitalised common noun heading a body's name stays implicit in English.
    ("Прогноз пересмотрел Банк России.", "The forecast was revised by the Central Bank."),
    ("Он дружил с принцем Саудовской Аравии.", "He was friends with the Saudi prince."),
]


@pytest.mark.parametrize("src,mt", RENDERED, ids=[m for _, m in RENDERED])
def test_rendered_names_are_not_flagged(src: str, mt: str) -> None:
    assert _codes(Segment("x", mt=mt, src=src)) == []


def test_a_diminutive_is_still_a_name() -> None:
    assert _codes(Segment("x", mt="When Peter came home, he fell asleep.", src="Когда Саша пришёл домой, он уснул.")) == [
        ("MT601", Severity.CRITICAL)
    ]


# Capitalised words that are not names: an ambiguous word opening a sentence, a verb
# form the dictionary lacks, polite pronouns.
NOT_NAMES = [
    "Литой алюминиевый корпус толщиной до 6 мм.",
    "Номинированный на премию фильм получил награду.",
    "Скажите, а Вы были там?",
]


@pytest.mark.parametrize("src", NOT_NAMES)
def test_capitalised_common_words_are_not_names(morph, src: str) -> None:  # type: ignore[no-untyped-def]
    assert [n.text for n in source_names(src, morph, default_exonyms()) if n.sure or n.trace] == []


def test_hyphenated_words_form_one_name(morph) -> None:  # type: ignore[no-untyped-def]
    names = [n.text for n in source_names("Гонка прошла в Абу-Даби и Лос-Анджелесе.", morph, default_exonyms())]
    assert "Абу-Даби" in names and "Лос-Анджелесе" in names


MATCHING = [
    # One "Washington" is enough for «Вашингтона» when «США» is the office's country.
    (
        "Выступая в библиотеке бывшего президента США, он призвал Вашингтона к диалогу.",
        "Speaking at the library of a former president, he called on Washington to talk.",
        [],
    ),
    # «турецких» takes "Turkish", so «Турции» and «Анкары» keep "Turkey" and "Ankara".
    (
        "Помощь пошла на юг Турции, сообщил представитель Анкары на армяно-турецких переговорах.",
        "Aid went to the south of Turkey, said Ankara's envoy at the Armenian-Turkish talks.",
        [],
    ),
    # "Christ" does not render «Иисуса» inside "Christmas".
    (
        "Рождество отмечают как день рождения Иисуса.",
        "Christmas is celebrated as the day was born.",
        [("MT601", Severity.CRITICAL)],
    ),
    # A lower-case name from the table.
    ("Помогали бойцы нацгвардии.", "Fighters helped.", [("MT601", Severity.CRITICAL)]),
    ("Помогали бойцы нацгвардии.", "National Guard fighters helped.", []),
    # «Военно-морского флота» is the Navy.
    ("Он прибыл на парад Военно-морского флота.", "He arrived for the parade of the Navy.", []),
    ("Он прибыл на парад Военно-морского флота.", "He arrived for the parade of.", [("MT601", Severity.CRITICAL)]),
]


@pytest.mark.parametrize("src,mt,expected", MATCHING, ids=[m for _, m, _ in MATCHING])
def test_renderings_are_shared_out(src: str, mt: str, expected: list[tuple[str, Severity]]) -> None:
    assert _codes(Segment("x", mt=mt, src=src)) == expected


TRACES = [
    # A rare capitalised adjective inside a sentence: translated, but with capitals.
    ("Долги погасит Центристская партия.", "The Centre Party will pay the debts.", []),
    ("Долги погасит Центристская партия.", "Will pay the debts, he said.", [("MT601", Severity.MAJOR)]),
    # A quoted title of common words.
    ("Летчики группы «Русские витязи» выступили.", "Pilots of the Russian Knights group performed.", []),
    ("Летчики группы «Русские витязи» выступили.", "Pilots of the group performed.", [("MT601", Severity.MAJOR)]),
    # An unseen noun opening a sentence: a name, unless the MT spells it in lower case.
    ("Пфанненштиль работал в клубе.", "Pfannenstiel worked at the club.", []),
    ("Пфанненштиль работал в клубе.", "Worked at the club.", [("MT601", Severity.MAJOR)]),
    ("Спанбонд служит изолирующим слоем.", "The spunbond serves as an insulating layer.", []),
    # "Ocean" belongs to "Atlantic": it is no trace of «Сахелем».
    ("Регион ограничен Сахелем и Атлантическим океаном.", "The region is bordered by the Sahel and the Atlantic Ocean.", []),
    ("Регион ограничен Сахелем и Атлантическим океаном.", "The region is bordered by the Atlantic Ocean.", [("MT601", Severity.MAJOR)]),
    # Another place's English name ("Baltic", and the "Sea" that goes with it) is no stand-in either.
    ("Пфанненштиль работал в клубе.", "Worked at the club on the Baltic Sea.", [("MT601", Severity.MAJOR)]),
    ("Пфанненштиль работал в клубе.", "Worked at the club with Pfannenstiel on the Baltic Sea.", []),
    # A translated quoted title is no stand-in for a lost name.
    ("Фильм «Разжимая кулаки» получил награду.", "The film Unclenching the Fists received an award.", []),
]


@pytest.mark.parametrize("src,mt,expected", TRACES, ids=[m for _, m, _ in TRACES])
def test_trace_names(src: str, mt: str, expected: list[tuple[str, Severity]]) -> None:
    assert _codes(Segment("x", mt=mt, src=src)) == expected


def test_majority_spelling_is_the_usual_one() -> None:
    doc = [
        Segment("1", mt="Locomotiv sold its star.", doc="d"),
        Segment("2", mt="Lokomotiv won the cup.", doc="d"),
        Segment("3", mt="Lokomotiv lost the final.", doc="d"),
        Segment("4", mt="Lokomotiv drew.", doc="d"),
    ]
    run = Checker(selection=Selection.build(select=["MT603"]), models=False).run(doc)
    flagged = [(r.segment.id, f.span.text_in(r.segment)) for r in run.results for f in r.findings]
    assert flagged == [("1", "Locomotiv")]


def test_different_names_with_one_key_are_not_one_name() -> None:
    doc = [Segment("1", mt="Angelina Jolie starred.", doc="d"), Segment("2", mt="Ollie Richards wrote the review.", doc="d")]
    run = Checker(selection=Selection.build(select=["MT603"]), models=False).run(doc)
    assert [f for r in run.results for f in r.findings] == []


def test_exonym_table_lower_case_column() -> None:
    table = parse_exonyms("нацгвардия\tNational Guard\tlower\nкиев\tKyiv\n")
    assert table.lower == frozenset({"нацгвардия"})
    assert table.get("нацгвардия") == ("national guard",)


def test_capitalised_latin_extended_words_are_words() -> None:
    assert [w.text for w in EnglishText("Florin Șerban and Łukasz spoke.").words][:3] == ["Florin", "Șerban", "Łukasz"]
