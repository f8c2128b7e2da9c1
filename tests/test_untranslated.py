"""Untranslated Russian in the MT: copied in Cyrillic (MT101) or transliterated (MT102),
and the transliteration helpers they rest on."""

from __future__ import annotations

import pytest

from mtcheck import Checker, Segment
from mtcheck.lang.english import english_zipf, is_english
from mtcheck.lang.translit import latin_key, spellings, transliterate
from mtcheck.records import Severity
from mtcheck.selection import Selection


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(selection=Selection.build(select=["MT101", "MT102"]))


def _findings(checker: Checker, mt: str, src: str | None = None):  # type: ignore[no-untyped-def]
    run = checker.run([Segment(id="t", mt=mt, src=src)])
    return run.results[0]


# -- transliteration ------------------------------------------------------------


@pytest.mark.parametrize(
    "word,system,expected",
    [
        ("Ермак", "bgn", "Yermak"),
        ("Ермак", "passport", "Ermak"),
        ("ожидаются", "bgn", "ozhidayutsya"),
        ("ожидаются", "passport", "ozhidaiutsia"),
        ("Достоевский", "simple", "Dostoevsky"),
        ("Щукин", "bgn", "Shchukin"),
        ("ЖКХ", "bgn", "ZHKKH"),
        ("Хабаровск, 2020 г.", "bgn", "Khabarovsk, 2020 g."),
    ],
)
def test_transliterate(word: str, system: str, expected: str) -> None:
    assert transliterate(word, system) == expected


def test_unknown_system_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown transliteration system"):
        transliterate("Москва", "klingon")


def test_spellings_cover_the_usual_variants() -> None:
    assert {"yermak", "ermak"} <= set(spellings("Ермак"))
    assert {"khabarovsk", "habarovsk"} <= set(spellings("Хабаровск"))


@pytest.mark.parametrize(
    "a,b",
    [
        ("ozhidayutsya", "ozhidaiutsia"),
        ("Genseck", "gensek"),
        ("генсек", "gensek"),
        ("Zelensky", "Zelenskiy"),
        ("Yeltsin", "Ельцин"),
    ],
)
def test_latin_key_folds_spellings_together(a: str, b: str) -> None:
    assert latin_key(a) == latin_key(b)


@pytest.mark.parametrize("a,b", [("gensek", "genetic"), ("moskva", "moscow"), ("dom", "dam")])
def test_latin_key_keeps_different_words_apart(a: str, b: str) -> None:
    assert latin_key(a) != latin_key(b)


@pytest.mark.parametrize(
    "word,english",
    [
        ("expected", True),
        ("demonized", True),  # inflection of a known word
        ("superproduct", True),  # compound of two frequent words
        ("well-known", True),
        ("ozhidayutsya", False),
        ("genseck", False),
        ("pravitelstvo", False),
    ],
)
def test_is_english(word: str, english: bool) -> None:
    assert is_english(word) is english


def test_english_zipf_of_empty_word_is_zero() -> None:
    assert english_zipf("") == 0.0


# -- MT101 cyrillic-in-mt -------------------------------------------------------


def test_cyrillic_copied_from_source_is_critical_and_points_at_it(checker: Checker) -> None:
    src = "Худшая команда АПЛ «Норвич» потеряла шансы на сохранение прописки."
    mt = "The worst команда in the Premier League, Norwich, lost their chances."
    result = _findings(checker, mt, src)
    [f] = [f for f in result.findings if f.code == "MT101"]
    assert f.severity == Severity.CRITICAL
    assert f.span.text_in(result.segment) == "команда"
    assert f.related is not None and f.related.text_in(result.segment) == "команда"


def test_cyrillic_in_another_case_form_still_finds_the_source_word(checker: Checker) -> None:
    src = "Иметь настоящую «невидимую команду» — уникальная составляющая."
    mt = 'Having a true "невидимой команды" is a unique component.'
    result = _findings(checker, mt, src)
    [f] = [f for f in result.findings if f.code == "MT101"]
    assert f.related is not None
    assert f.related.text_in(result.segment) == "невидимую команду"


@pytest.mark.parametrize(
    "mt,src,severity",
    [
        ("Light rains are ожидаются in Moscow.", None, Severity.MAJOR),  # no source: as before
        ("Озвучить текст", "Рютте заявил, что НАТО не будет участвовать.", Severity.MAJOR),  # not from the source
        ("WНO recommends exercise.", "ВОЗ рекомендует физическую активность.", Severity.MINOR),  # look-alike letter
        ("Mattress 105х195.", "Матрас 105х195.", Severity.MINOR),
        ("Temperatures of 50°С.", "Температура 50°С.", Severity.MINOR),
    ],
)
def test_cyrillic_severity(checker: Checker, mt: str, src: str | None, severity: Severity) -> None:
    result = _findings(checker, mt, src)
    assert [f.severity for f in result.findings if f.code == "MT101"] == [severity]


@pytest.mark.parametrize(
    "mt",
    [
        "The site стопкоронавирус.рф reports new cases.",
        "The official website of the award: https://премияарсеньева.рф/.",
    ],
)
def test_cyrillic_web_address_is_not_untranslated(checker: Checker, mt: str) -> None:
    assert not [f for f in _findings(checker, mt).findings if f.code == "MT101"]


# -- MT102 transliterated-source-word --------------------------------------------

FLAGGED = [
    # (mt, src, flagged MT word, related source word)
    (
        "In the Moscow region light rains are ozhidayutsya on Sunday.",
        "В Московском регионе в воскресенье ожидаются небольшие дожди.",
        "ozhidayutsya",
        "ожидаются",
    ),
    ("The genseck arrived in Hanoi on Monday.", "Генсек прибыл в Ханой в понедельник.", "genseck", "Генсек"),
    (
        "The pravitelstvo approved the budget.",
        "Правительство одобрило бюджет.",
        "pravitelstvo",
        "Правительство",
    ),
    ("He said the talks were trudnye.", "Он сказал, что переговоры были трудными.", "trudnye", "трудными"),
]

CLEAN = [
    # Names are transliterated on purpose.
    ("Rutte met Ushakov in Moscow.", "Рютте встретился с Ушаковым в Москве."),
    ("Tinkov showed a video of his transplant.", "Тиньков показал видео своей операции."),
    ("Remenyako won the second round.", "Ременяко выиграл второй раунд."),
    ("Khaled al-Mishri said so on Sunday.", "Об этом в воскресенье заявил Халед аль-Мишри."),
    # A quoted title, or a name made of lower-case words, is deliberate.
    ('She won with her book "Shopot nochnogo dozhdya".', "Она победила с книгой «Шепот ночного дождя»."),
    ("Aktuaalne kaamera reported protests.", "Aktuaalne kaamera сообщила о протестах."),
    # English words, also compounds and cognates of the source word.
    ("The cover is made of polycotton.", "Чехол сделан из поликоттона."),
    ("Potatoes were called a superproduct.", "Картофель назвали суперпродуктом."),
    ("Light rains are expected in the Moscow region.", "В Московском регионе ожидаются небольшие дожди."),
    ("The information was published.", "Информация была опубликована."),
    # Words no dictionary knows (a brand, a nonce word) have nothing to be translated by.
    ("You may speak the language of the mumba-yumba tribe.", "Можно говорить хоть на языке племени мумба-юмба."),
    ("The plaid of flarkone gives warmth.", "Плед из фларконе дарит тепло."),
]


@pytest.mark.parametrize("mt,src,word,source_word", FLAGGED)
def test_transliterated_word_is_flagged(checker: Checker, mt: str, src: str, word: str, source_word: str) -> None:
    result = _findings(checker, mt, src)
    hits = [f for f in result.findings if f.code == "MT102"]
    assert [f.span.text_in(result.segment) for f in hits] == [word]
    assert hits[0].severity == Severity.CRITICAL
    assert hits[0].related is not None and hits[0].related.text_in(result.segment) == source_word


@pytest.mark.parametrize("mt,src", CLEAN)
def test_legitimate_latin_words_are_not_flagged(checker: Checker, mt: str, src: str) -> None:
    assert not [f for f in _findings(checker, mt, src).findings if f.code == "MT102"]


@pytest.mark.parametrize(
    "mt,src",
    [
        ("The genseck arrived.", "The general secretary arrived."),  # English source
        ("The genseck arrived.", "12345 !!!"),  # no letters at all
    ],
)
def test_source_that_is_not_russian_cannot_be_judged(checker: Checker, mt: str, src: str) -> None:
    result = _findings(checker, mt, src)
    assert [s.code for s in result.skipped] == ["MT102"]
    assert not result.findings


@pytest.mark.parametrize(
    "mt,src",
    [
        ("", "Генсек прибыл."),
        ("   ", "   "),
        ("The genseck " * 2000, "Генсек прибыл в Ханой. " * 2000),
        ("Мixed sсript wоrds", "Смешанные слова"),
        ("\u200b\u00a0–", "\u00ad"),
    ],
)
def test_bad_input_does_not_crash(checker: Checker, mt: str, src: str) -> None:
    result = _findings(checker, mt, src)
    assert all(f.span.end <= len(mt) for f in result.findings)


def test_cli_reports_the_finding_and_the_source_it_could_not_judge(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from mtcheck.cli import app

    mt = tmp_path / "mt.txt"
    src = tmp_path / "src.txt"
    mt.write_text("The genseck arrived.\nThe genseck arrived.\n", encoding="utf-8")
    src.write_text("Генсек прибыл.\nThe general secretary arrived.\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["check", "--mt", str(mt), "--src", str(src), "--select", "MT102", "--no-models", "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    first, second = report["segments"]
    assert [(f["code"], f["severity"], f["related"]) for f in first["findings"]] == [
        ("MT102", "critical", {"field": "src", "start": 0, "end": 6})
    ]
    assert not second["findings"]
    assert report["summary"]["skipped"] == [
        {"code": "MT102", "reason": "the source is not Russian (too few Cyrillic letters)", "segments": 1}
    ]
