"""Polarity checks (MT402-MT407): negation dropped or added against the source, the
reference or a back-translation. Sentences written for these tests."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from mtcheck import Checker, Segment
from mtcheck.cli import app
from mtcheck.lang import negation_en
from mtcheck.lang.negation_ru import RussianNegation
from mtcheck.records import Severity
from mtcheck.selection import Selection

POLARITY = ("MT402", "MT403", "MT404", "MT405", "MT406", "MT407")


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(selection=Selection.build(select=list(POLARITY)), models=False)


@pytest.fixture(scope="module")
def ru() -> RussianNegation:
    return RussianNegation()


def run(checker: Checker, **fields: str) -> list:  # type: ignore[type-arg]
    result = checker.run([Segment(id="t", **fields)]).results[0]
    return result.findings


def codes(checker: Checker, **fields: str) -> list[str]:
    return [f.code for f in run(checker, **fields)]


# (source, MT, expected codes): each construction the issue names, both ways.
SOURCE_CASES = [
    # plain «не»
    ("Он не знал ответа.", "He knew the answer.", ["MT402"]),
    ("Он не знал ответа.", "He did not know the answer.", []),
    ("Он знал ответ.", "He didn't know the answer.", ["MT403"]),
    # negative concord: one negation, however many ни-words
    ("Никто никогда не видел этого озера.", "Everyone has always seen this lake.", ["MT402"]),
    ("Никто никогда не видел этого озера.", "Nobody has ever seen this lake.", []),
    ("Никто никогда не видел этого озера.", "No one has ever seen this lake.", []),
    ("Он ни разу не был в Париже.", "He has never been to Paris.", []),
    ("Ни в коем случае не открывайте дверь.", "Under no circumstances open the door.", []),
    ("Ни в коем случае не открывайте дверь.", "Open the door in any case.", ["MT402"]),
    # «больше не», «уже не» = no longer
    ("Этот вопрос больше не считается актуальным.", "This issue is no longer considered relevant.", []),
    ("Этот вопрос больше не считается актуальным.", "This issue is more considered relevant.", ["MT402"]),
    ("Она уже не работает в банке.", "She no longer works at the bank.", []),
    # «так и не» = never
    ("Он так и не вернулся домой.", "He never returned home.", []),
    ("Он так и не вернулся домой.", "He returned home.", ["MT402"]),
    # «ещё не», «пока не» = not yet
    ("Решение ещё не принято.", "The decision has not yet been made.", []),
    ("Решение пока не принято.", "The decision has been made.", ["MT402"]),
    ("Он пока не приехал.", "He has not arrived yet.", []),
    # «пока не» + perfective verb = until (the «не» is expletive)
    ("Подождите, пока не закончится дождь.", "Wait until the rain stops.", []),
    # negation without «не»
    ("Он вряд ли успеет к обеду.", "He is unlikely to make it by lunch.", []),
    ("Он вряд ли успеет к обеду.", "He will make it by lunch.", ["MT402"]),
    ("Здесь нельзя курить.", "You must not smoke here.", []),
    ("Здесь нельзя курить.", "Smoking is not allowed here.", []),
    ("Здесь нельзя курить.", "You can smoke here.", ["MT402"]),
    ("Он ушёл без зонта.", "He left without an umbrella.", []),
    ("У нас нет времени.", "We have no time.", []),
    ("У нас нет времени.", "We have time.", ["MT402"]),
    # negation folded into a word, either side
    ("Семье не хватало денег.", "The family lacked money.", []),
    ("Семье не хватало денег.", "The family did not have enough money.", []),
    ("Сказать это невозможно.", "It is impossible to say.", []),
    ("Сказать это невозможно.", "It cannot be said.", []),
    ("Сказать это невозможно.", "It is possible to say.", ["MT402"]),
    ("Министр отказался от комментариев.", "The minister refused to comment.", []),
    ("Министр отказался от комментариев.", "The minister did not comment.", []),
    ("Он не смог приехать.", "He failed to come.", []),
    ("Причина пожара неизвестна.", "The cause of the fire is unknown.", []),
    ("Причина пожара неизвестна.", "The cause of the fire is not known.", []),
    ("Это решение было незаконным.", "This decision was illegal.", []),
    ("Это решение было незаконным.", "This decision was not legal.", []),
    # idioms that only look negative: nothing to find, and they hide no added negation
    ("Тем не менее план был принят.", "Nevertheless, the plan was adopted.", []),
    ("Тем не менее план был принят.", "Nevertheless, the plan was not adopted.", ["MT403"]),
    ("На митинг пришли не менее 10 человек.", "At least 10 people came to the rally.", []),
    ("Он не раз бывал в Москве.", "He has repeatedly been to Moscow.", []),
    ("Он чуть ли не плакал.", "He was almost crying.", []),
    ("Он чуть не упал.", "He nearly fell.", []),
    ("Это важно не только для нас, но и для соседей.", "This matters not only to us but also to our neighbours.", []),
    ("Это важно не только для нас, но и для соседей.", "This matters both to us and to our neighbours.", []),
    ("Успех пришёл не без труда.", "Success did not come without effort.", []),
    ("Что бы ни случилось, звоните.", "Whatever happens, call.", []),
    ("Он пришёл не позднее пятницы.", "He came no later than Friday.", []),
    ("Цены выросли не более чем на 5%.", "Prices rose by no more than 5%.", []),
    # a negative question expects "yes": not an error either way
    ("Вы не пробовали такое?", "Have you tried this?", []),
]


# How careful human translators say a negation differently, or read an idiom that only
# looks negative: none of these is an error, and each sits beside one that is.
PARAPHRASE_CASES = [
    # double negatives: «без … не», «не … без» say something positive
    ("Он без дела не сидел.", "He kept busy.", []),
    ("Теперь никто в деревне не сидит без работы.", "Now everyone in the village has work.", []),
    # «что … хотя бы не» is a plain negation, not «что бы ни» (whatever)
    ("Надеюсь, что поезд хотя бы не опоздает.", "I hope that the train will at least not be late.", []),
    ("Надеюсь, что поезд хотя бы не опоздает.", "I hope that the train will at least be late.", ["MT402"]),
    ("Что бы он ни говорил, мы не верим.", "Whatever he says, we believe.", ["MT402"]),
    # a capitalised name is not a negative prefix («Бессонов» ≠ «бес-сон»)
    ("Что делал Бессонов все эти годы, вспоминать не хочется.", "It's best not to recall what Bessonov did all these years.", []),
    # «ни X, ни Y»: English may negate every member
    ("Я никогда не была там на гастролях, ни на отдыхе, ни в детстве я туда не ездила.",
     "I never toured there, never vacationed there, and I never went there as a child.", []),
    ("Он ни в школе, ни дома не читал.", "He read at school and at home.", ["MT402"]),
    # negation carried by a word or an idiom on one side
    ("Продавцу всё до лампочки.", "The seller doesn't care about anything.", []),
    ("Поддержка программы скоро завершится.", "The program will soon no longer be supported.", []),
    ("Он призвал не затягивать переговоры.", "He called for an end to delays in the talks.", []),
    ("Покрытие прочное и не подвержено коррозии.", "The coating is strong and corrosion-resistant.", []),
    # English idioms with "nothing", "nowhere", "No." that negate nothing
    ("Не верьте обещаниям и не тратьте зря время.", "Don't trust promises and don't waste your time for nothing.", []),
    ("Имея только эти данные, можно всё понять.", "With nothing more than this data, one can understand everything.", []),
    ("Ничего не найдя, они ушли, а откуда-то появились собаки.", "Having found nothing, they left, and dogs appeared out of nowhere.", []),
    ("Свидетельство № АБ-123", "Certificate No. AB-123", []),
    ("Это свидетельство выдано.", "This certificate was not issued.", ["MT403"]),
]


@pytest.mark.parametrize("src,mt,expected", PARAPHRASE_CASES, ids=[f"{i}" for i in range(len(PARAPHRASE_CASES))])
def test_paraphrased_negation(checker: Checker, src: str, mt: str, expected: list[str]) -> None:
    assert codes(checker, src=src, mt=mt) == expected


@pytest.mark.parametrize(
    "src,mt",
    [("Заправка по литражу не обманывает.", "The station is honest about the volume."),
     ("Эти ракеты не имеют аналогов в мире.", "These missiles are unique in the world.")],
)
def test_litotes_lost_is_only_minor(checker: Checker, src: str, mt: str) -> None:
    # English often says these negated verbs with a positive word: still shown, not failing
    (f,) = run(checker, src=src, mt=mt)
    assert f.code == "MT402" and f.severity == Severity.MINOR
    (g,) = run(checker, src="Он не знал ответа.", mt="He knew the answer.")
    assert g.severity == Severity.CRITICAL


@pytest.mark.parametrize("src,mt,expected", SOURCE_CASES, ids=[f"{i}" for i in range(len(SOURCE_CASES))])
def test_source_cases(checker: Checker, src: str, mt: str, expected: list[str]) -> None:
    assert codes(checker, src=src, mt=mt) == expected


def test_findings_are_critical_with_spans_on_both_sides(checker: Checker) -> None:
    src = "Этот вопрос больше не считается актуальным."
    mt = "This issue is more considered relevant."
    (f,) = run(checker, src=src, mt=mt)
    seg = Segment(id="t", src=src, mt=mt)
    assert f.code == "MT402" and f.severity == Severity.CRITICAL and str(f.category) == "polarity"
    assert f.span.field == "mt" and f.span.text_in(seg) == "is more considered"
    assert f.related is not None and f.related.field == "src"
    assert f.related.text_in(seg) == "больше не считается"
    assert f.suggestion == "no longer"


def test_added_negation_points_at_english_cue_and_russian_predicate(checker: Checker) -> None:
    src = "Худшая команда лиги потеряла шансы на сохранение места 11 июля."
    mt = "The worst team in the league did not lose its chances of keeping its place on July 11."
    (f,) = run(checker, src=src, mt=mt)
    seg = Segment(id="t", src=src, mt=mt)
    assert f.code == "MT403"
    assert f.span.text_in(seg) == "did not"
    assert f.related is not None and f.related.text_in(seg) == "потеряла"


def test_concord_is_one_negation(checker: Checker, ru: RussianNegation) -> None:
    analysis = ru.analyze("Никто никогда ничего не говорил ему об этом.")
    assert [(analysis.text[c.start : c.end], c.strong) for c in analysis.cues] == [("Никто никогда ничего не говорил", True)]
    assert len(run(checker, src=analysis.text, mt="Everybody always told him about it.")) == 1


@pytest.mark.parametrize(
    "text",
    ["Тем не менее он пришёл.", "Он не раз это говорил.", "Она чуть ли не кричала.", "Как бы то ни было, мы идём.",
     "В зале было не менее ста человек.", "Несмотря на дождь, мы гуляли.", "Несколько человек пришли недавно."],
)
def test_russian_idioms_are_not_negation(ru: RussianNegation, text: str) -> None:
    assert [c for c in ru.analyze(text).cues if c.strength > 0] == []


@pytest.mark.parametrize(
    "text,kind",
    [("He is no longer here.", "no-longer"), ("They have not yet decided.", "not-yet"), ("She never came.", "never"),
     ("It is unlikely to rain.", "unlikely"), ("You must not go.", "not"), ("It is impossible.", "impossible")],
)
def test_english_strong_cues(text: str, kind: str) -> None:
    cues = negation_en.analyze(text).cues
    assert [c.kind for c in cues if c.strong] == [kind]


@pytest.mark.parametrize(
    "text",
    ["They lacked water.", "He refused to answer.", "She failed to arrive.", "The result is unknown.",
     "The answer was inadequate.", "He left without a word."],
)
def test_english_folded_cues_are_weak(text: str) -> None:
    cues = negation_en.analyze(text).cues
    assert cues and not any(c.strong for c in cues)


@pytest.mark.parametrize(
    "text", ["Not only he but also she came.", "Nevertheless, it worked.", "No less than ten came.", "No matter what."]
)
def test_english_idioms_are_not_strong(text: str) -> None:
    assert not any(c.strong for c in negation_en.analyze(text).cues)


def test_clause_level_added_negation(checker: Checker) -> None:
    # The source has a negation («отказались»), but not in the clause the MT negates.
    src = "Суды отказались рассматривать иск, но в апреле его жалобу принял Государственный суд."
    mt = "The courts refused to consider the claim, but in April the State Court did not accept his appeal."
    (f,) = run(checker, src=src, mt=mt)
    seg = Segment(id="t", src=src, mt=mt)
    assert f.code == "MT403" and f.span.text_in(seg) == "did not"
    assert f.related is not None and f.related.text_in(seg) == "принял"
    ok = "The courts refused to consider the claim, but in April the State Court accepted his appeal."
    assert codes(checker, src=src, mt=ok) == []


def test_clause_level_negation_moved(checker: Checker) -> None:
    # Same number of negations, but in the other clause: one dropped, one added.
    src = "Сейчас люди пишут письма на компьютерах, и им никогда не приходится точить карандаши."
    mt = "Now people don't write letters on computers, and they have to sharpen pencils."
    found = {f.code: f for f in run(checker, src=src, mt=mt)}
    seg = Segment(id="t", src=src, mt=mt)
    assert set(found) == {"MT402", "MT403"}
    assert found["MT403"].span.text_in(seg) == "don't"
    assert found["MT402"].related is not None and found["MT402"].related.text_in(seg) == "никогда не приходится"
    assert found["MT402"].span.text_in(seg) == "have" and found["MT402"].span.start > mt.index("and")
    fine = "Now people write letters on computers, and they never have to sharpen pencils."
    assert codes(checker, src=src, mt=fine) == []


def test_surplus_negation_in_long_sentence(checker: Checker) -> None:
    src = "Поскольку автобусы переполнены, билеты лучше купить заранее, чтобы не стоять в очереди."
    mt = "Since the buses are not crowded, it is better to buy tickets in advance so as not to stand in line."
    assert codes(checker, src=src, mt=mt) == ["MT403"]


# -- reference and back-translation ------------------------------------------------------


def test_reference_checks_are_major(checker: Checker) -> None:
    (f,) = run(checker, mt="The company will pay its debts.", ref="The company will not pay its debts.")
    assert f.code == "MT404" and f.severity == Severity.MAJOR
    seg = Segment(id="t", mt="The company will pay its debts.", ref="The company will not pay its debts.")
    assert f.related is not None and f.related.field == "ref" and f.related.text_in(seg) == "will not"
    (g,) = run(checker, mt="Putin did not arrive.", ref="Putin arrived.")
    assert g.code == "MT405" and g.severity == Severity.MAJOR
    assert codes(checker, mt="The family lacked money.", ref="The family did not have enough money.") == []


def test_reference_defers_to_a_source_that_sides_with_the_mt(checker: Checker) -> None:
    # The reference says "not", but the source has no negation: the MT is right.
    fields = dict(src="Компания расплатится с долгами.", mt="The company will pay its debts.", ref="The company will not fail to pay.")
    assert codes(checker, **fields) == []
    # With source and reference both negated, only the source finding (critical) is reported.
    fields = dict(src="Компания не расплатится с долгами.", mt="The company will pay its debts.", ref="The company will not pay its debts.")
    assert codes(checker, **fields) == ["MT402"]


def test_back_translation_checks(checker: Checker) -> None:
    seg = dict(mt="Putin failed to arrive in Kronstadt.", src="Путин прибыл в Кронштадт.", back="Путин не прибыл в Кронштадт.")
    (f,) = run(checker, **seg)
    s = Segment(id="t", **seg)
    assert f.code == "MT407" and f.severity == Severity.CRITICAL
    assert f.span.text_in(s) == "failed to arrive" and f.related is not None and f.related.text_in(s) == "не прибыл"
    same = dict(mt="Putin arrived in Kronstadt.", src="Путин прибыл в Кронштадт.", back="Путин приехал в Кронштадт.")
    assert codes(checker, **same) == []


# -- bad input ---------------------------------------------------------------------------------


def test_source_not_russian_is_skipped_once(checker: Checker) -> None:
    result = checker.run([Segment(id="t", src="This is English.", mt="This is English.")]).results[0]
    assert result.findings == []
    skipped = {s.code: s.reason for s in result.skipped}
    assert "not Russian" in skipped["MT402"] and "not Russian" in skipped["MT403"]


def test_back_in_english_is_skipped(checker: Checker) -> None:
    result = checker.run(
        [Segment(id="t", src="Он не знал.", mt="He did not know.", back="He did not know.")]
    ).results[0]
    assert {s.code for s in result.skipped} == {"MT406", "MT407"}
    assert result.findings == []


def test_mt_left_in_russian_is_skipped(checker: Checker) -> None:
    result = checker.run([Segment(id="t", src="Он не знал.", mt="Он не знал.")]).results[0]
    assert result.findings == [] and {s.code for s in result.skipped} == {"MT402", "MT403"}


def test_empty_fields_do_not_run(checker: Checker) -> None:
    run_ = checker.run([Segment(id="t", src="", mt="", ref="  ", back="")])
    assert run_.results[0].findings == []
    assert all(code.startswith("MT40") for code, _ in run_.not_run)


def test_mixed_scripts_and_quoted_english(checker: Checker) -> None:
    src = "Он спел песню «Don't Stop» на концерте в Sony Center."
    assert codes(checker, src=src, mt="He sang the song Don't Stop at a concert in the Sony Center.") == []


def test_very_long_sentence(checker: Checker) -> None:
    src = ", ".join(["мы не знали, что делать"] * 400) + "."
    mt = ", ".join(["we did not know what to do"] * 400) + "."
    t0 = time.perf_counter()
    assert codes(checker, src=src, mt=mt) == []
    assert time.perf_counter() - t0 < 10


def test_rules_command_explains_a_polarity_check() -> None:
    out = CliRunner().invoke(app, ["rules", "MT402"])
    assert out.exit_code == 0
    assert "negation-dropped" in out.output and "тем не менее" in out.output


# -- opposites (MT408) ---------------------------------------------------------------------

OPPOSITES = [
    ("Команда выиграла финал.", "The team lost the final.", ["MT408"]),
    ("Команда выиграла финал.", "The team won the final.", []),
    ("Цены на жильё выросли.", "Housing prices fell.", ["MT408"]),
    ("Цены на жильё выросли.", "Housing prices rose.", []),
    ("Холодильник был совсем не маленький.", "The fridge was not small at all.", []),
    ("Холодильник был совсем не маленький.", "The fridge was quite big.", []),
    ("Он стал больше работать.", "He started working slightly more.", []),
    # a negation a few words back turns the word around; "my little girl" is no size
    ("Некоторые не придают этому большого значения.", "Some people make little of it.", []),
    ("Некоторые придают этому большое значение.", "Some people make little of it.", ["MT408"]),
    ("Спасибо огромное за помощь с доченькой.", "Thank you so much for helping with my little girl.", []),
]


@pytest.fixture(scope="module")
def opposites() -> Checker:
    return Checker(selection=Selection.build(select=["MT408"]), models=False)


@pytest.mark.parametrize("src,mt,expected", OPPOSITES, ids=[f"{i}" for i in range(len(OPPOSITES))])
def test_opposite_words(opposites: Checker, src: str, mt: str, expected: list[str]) -> None:
    assert codes(opposites, src=src, mt=mt) == expected


def test_opposite_word_spans(opposites: Checker) -> None:
    checker = opposites
    src, mt = "Команда выиграла финал.", "The team lost the final."
    (f,) = run(checker, src=src, mt=mt)
    seg = Segment(id="t", src=src, mt=mt)
    assert f.severity == Severity.MAJOR and f.span.text_in(seg) == "lost" and f.related is not None
    assert f.related.text_in(seg) == "выиграла"
