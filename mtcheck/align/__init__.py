"""Sentence alignment of documents that are not line-aligned (see issue: pair unaligned documents)."""

from __future__ import annotations

from mtcheck.errors import InputError
from mtcheck.records import Segment
from mtcheck.sentences import Sentence


def pair_documents(
    mt_path: str, mt_sentences: list[Sentence], others: dict[str, str], encoding: str | None = None
) -> list[Segment]:
    raise InputError(
        others[next(iter(others))],
        "pairing an unaligned --src/--ref/--back document with --doc is not available yet; "
        "give line-aligned files without --doc",
    )
