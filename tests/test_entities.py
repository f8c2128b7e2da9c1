"""Named entities: transliteration and exonym matching, the MT6xx checks, document consistency."""

from __future__ import annotations

import pytest

from mtcheck import Checker, Segment
from mtcheck.lang.names import EnglishText, default_exonyms, parse_exonyms, source_names
from mtcheck.records import Severity
from mtcheck.selection import Selection


@pytest.fixture(scope="module")
def morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _found(morph, src: str, mt: str) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    english = EnglishText(mt)
    return {name.text: english.find_name(name) is not None for name in source_names(src, morph, default_exonyms())}


# (Russian name in a sentence, English rendering that must be found)
RENDERINGS = [
    ("Встреча прошла в Москве.", "The meeting took place in Moscow."),
    ("Делегация прибыла в Киев.", "The delegation arrived in Kyiv."),
    ("Делегация прибыла в Киев.", "The delegation arrived in Kiev."),
    ("Об этом заявили в США.", "This was stated in the United States."),
    ("Об этом заявили в США.", "This was stated in the US."),
    ("Об этом заявили в НАТО.", "NATO said so."),
    ("С ним встретился Андрей Ермак.", "Andriy Yermak met him."),
    ("С ним встретился Андрей Ермак.", "Andrei Ermak met him."),
    ("Это заявил Владимир Зеленский.", "Volodymyr Zelenskyy said so."),
    ("Это заявил Владимир Зеленский.", "Vladimir Zelensky said so."),
    ("Отношения с Катаром разорваны.", "Relations with Qatar were severed."),
    ("Это сказал Джордан.", "Jordan said that."),
    ("Приветствовал Франциск.", "Francis welcomed it."),
    ("Дожди пройдут в Краснодарском крае.", "It will rain in the Krasnodar Territory."),
    ("Это произошло в Техасе.", "It happened in Texas."),
    ("Приехал Киану Ривз.", "Keanu Reeves arrived."),
    ("Игру показал Twitter-канал.", "The game was shown on a Twitter channel."),
    ("Это показал опрос компании Vilmorus.", "A survey by Vilmorus showed it."),
]


@pytest.mark.parametrize("src,mt", RENDERINGS, ids=[m for _, m in RENDERINGS])
def test_name_is_found(morph, src: str, mt: str) -> None:  # type: ignore[no-untyped-def]
    found = _found(morph, src, mt)
    assert found and all(found.values()), found


# A name is not found when the MT has a different one.
LOST = [
    ("Ранее сообщалось, что Путин прибыл в Кронштадт.", "Earlier it was reported that Moon arrived in Kronstadt.", "Путин"),
    ("Отношения с Катаром разорваны.", "Relations with Oman were severed.", "Катаром"),
    ("Это сказал Джордан.", "Kolonko said that.", "Джордан"),
    ("Дожди пройдут в Москве.", "It will rain in Warsaw.", "Москве"),
]


@pytest.mark.parametrize("src,mt,name", LOST, ids=[n for _, _, n in LOST])
def test_name_is_lost(morph, src: str, mt: str, name: str) -> None:  # type: ignore[no-untyped-def]
    found = _found(morph, src, mt)
    assert found[name] is False


def test_capitalised_sentence_start_is_not_a_name(morph) -> None:  # type: ignore[no-untyped-def]
    names = [n.text for n in source_names("Небольшие дожди выпадут в Москве.", morph, default_exonyms())]
    assert names == ["Москве"]


def test_person_name_parts_are_grouped_and_first_name_optional(morph) -> None:  # type: ignore[no-untyped-def]
    (name,) = [n for n in source_names("Сказал Владимир Путин.", morph, default_exonyms()) if n.text.startswith("Влад")]
    assert [t.text for t in name.required] == ["Путин"]
    assert EnglishText("Putin said so.").find_name(name) is not None


def test_exonym_table_parsing() -> None:
    table = parse_exonyms("# comment\nкиев\tKyiv|Kiev\nсша\tUS|United States\n\nбезтаба\n")
    assert table.get("Киев") == ("kyiv", "kiev")
    assert table.get("США") == ("US", "united states")  # capitals kept: "US" is not "us"
    assert table.get("безтаба") == ()


def test_abbreviation_keeps_its_capitals() -> None:
    assert EnglishText("He told us everything.").find_rendering("US") is None
    assert EnglishText("He told the US everything.").find_rendering("US") is not None


def _findings(segments: list[Segment], select: str = "MT6") -> list[list[tuple[str, Severity, str, str | None]]]:
    run = Checker(selection=Selection.build(select=[select]), models=False).run(segments)
    out = []
    for result in run.results:
        seg = result.segment
        out.append(
            [
                (f.code, f.severity, f.span.text_in(seg), f.related.text_in(seg) if f.related else None)
                for f in result.findings
            ]
        )
    return out


SRC = "Ранее сообщалось, что Путин прибыл в Кронштадт для участия в торжественных мероприятиях."
CASES = [
    (Segment("replaced", mt="Earlier it was reported that Qiyao Han arrived in Kronstadt for the celebrations.", src=SRC), {"MT602"}),
    (Segment("missing", mt="Earlier it was reported that the president arrived in Kronstadt for the celebrations.", src=SRC), {"MT601"}),
    (Segment("clean", mt="Earlier it was reported that Putin arrived in Kronstadt for the celebrations.", src=SRC), set()),
    (
        Segment("twice", mt="Russian President Vladimir Putin arrived for the parade of the Navy.", src="Президент России Владимир Путин прибыл на парад флота России."),
        set(),
    ),
    (
        Segment("twice-lost", mt="President Vladimir Putin arrived for the parade of the Navy.", src="Президент Владимир Путин прибыл на парад ВМФ России."),
        {"MT601"},
    ),
    (Segment("translated", mt="The State Court took up the appeal.", src="Жалобу принял Государственный суд."), set()),
    (Segment("ref", mt="The talks were led by Kolonko.", ref="The talks were led by Yermak."), {"MT601"}),
    (Segment("ref-clean", mt="The talks were led by Ermak.", ref="The talks were led by Yermak."), set()),
]


@pytest.mark.parametrize("segment,expected", CASES, ids=[c[0].id for c in CASES])
def test_name_checks(segment: Segment, expected: set[str]) -> None:
    (found,) = _findings([segment])
    assert {code for code, *_ in found} == expected


def test_spans_and_severity() -> None:
    (found,) = _findings([Segment("r", mt="Earlier it was reported that Qiyao Han arrived in Kronstadt.", src=SRC)])
    assert found == [("MT602", Severity.CRITICAL, "Qiyao", "Путин")]
    (found,) = _findings([Segment("m", mt="The talks were led by Kolonko.", ref="The talks were led by Yermak.")])
    assert found == [("MT601", Severity.MAJOR, "The talks were led by Kolonko.", "Yermak")]


def test_back_translation_shows_a_lost_name() -> None:
    segment = Segment("b", mt="Putin arrived in Kronstadt.", src="Путин прибыл в Кронштадт.", back="Медведев прибыл в Кронштадт.")
    (found,) = _findings([segment], "MT601")
    assert [(code, related) for code, _, _, related in found] == [("MT601", "Путин")]


def test_document_consistency() -> None:
    doc = [
        Segment("1", mt="The envoy met Andriy Yermak in Kyiv.", doc="d"),
        Segment("2", mt="Later, Ermak said the talks went well.", doc="d"),
        Segment("3", mt="Volodymyr Zelensky thanked Yermak.", doc="d"),
        Segment("4", mt="Zelenskyy spoke later.", doc="d"),
    ]
    found = _findings(doc, "MT603")
    assert found[0] == [] and found[2] == []
    assert [(code, text) for code, _, text, _ in found[1]] == [("MT603", "Ermak")]
    assert [(code, text) for code, _, text, _ in found[3]] == [("MT603", "Zelenskyy")]


def test_separate_documents_are_not_compared() -> None:
    found = _findings([Segment("1", mt="They met Yermak.", doc="a"), Segment("2", mt="They met Ermak.", doc="b")], "MT603")
    assert found == [[], []]


@pytest.mark.parametrize(
    "segment",
    [
        Segment("empty", mt="Putin said so.", src="   "),
        Segment("english-src", mt="Putin said so.", src="Putin said so."),
        Segment("mixed", mt="Putin сказал so.", src="Путин said так, Meжду прочим."),
        Segment("long", mt="Putin arrived in Moscow. " * 1000, src="Путин прибыл в Москву. " * 1000),
        Segment("symbols", mt="!!! ??? ---", src="«» — … ¿"),
    ],
    ids=lambda s: s.id,
)
def test_bad_input_does_not_crash(segment: Segment) -> None:
    _findings([segment])
