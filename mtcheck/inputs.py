"""One description of "what to read", shared by every command that takes input."""

from __future__ import annotations

from dataclasses import dataclass, field

from mtcheck.errors import InputError
from mtcheck.readers import read_aligned, read_document, read_table
from mtcheck.records import Segment


@dataclass(frozen=True)
class InputSpec:
    """Where segments come from: a table file, line-aligned files, or documents."""

    path: str | None = None
    mt: str | None = None
    src: str | None = None
    ref: str | None = None
    back: str | None = None
    doc: bool = False
    encoding: str | None = None
    format: str | None = None
    extra_refs: tuple[str, ...] = field(default_factory=tuple)

    def sides(self) -> dict[str, str]:
        return {name: p for name in ("src", "ref", "back") if (p := getattr(self, name))}

    def describe(self) -> list[str]:
        paths = [p for p in (self.path, self.mt, self.src, self.ref, self.back) if p]
        return paths + list(self.extra_refs)

    @property
    def primary(self) -> str:
        return self.path or self.mt or "<input>"


def load_segments(spec: InputSpec, models: bool = True) -> list[Segment]:
    """Read the segments an :class:`InputSpec` describes.

    ``models=False`` keeps document alignment (``--doc`` with other sides) from
    loading the sentence-embedding model.
    """
    if spec.path and spec.mt:
        raise InputError(spec.path, "give either an INPUT file or --mt FILE, not both")
    if spec.extra_refs and (spec.doc or not spec.mt):
        raise InputError(
            spec.extra_refs[0],
            "more than one --ref goes with line-aligned --mt files; a table file carries extra references as columns (ref2, ref_b, ...)",
        )
    if spec.path and _translation_format(spec):
        from mtcheck.readers.translation_formats import read_translation_file

        if spec.sides():
            raise InputError(spec.path, "--src/--ref/--back do not go with XLIFF, TMX, PO or feed files (they carry the source)")
        return read_translation_file(spec.path, spec.format, spec.encoding)
    if spec.doc:
        mt_path = spec.path or spec.mt
        if not mt_path:
            raise InputError(None, "--doc needs the MT document (INPUT or --mt FILE)")
        return read_document(mt_path, spec.sides(), spec.encoding, models=models)
    if spec.path:
        if spec.sides():
            raise InputError(
                spec.path,
                "--src/--ref/--back go with --mt (line-aligned files) or --doc; a table file carries them as columns",
            )
        return read_table(spec.path, spec.format, spec.encoding)
    if spec.mt:
        # Extra references become columns ref2, ref3... that the segment builder reads as such.
        extra = {f"ref{i}": path for i, path in enumerate(spec.extra_refs, start=2)}
        return read_aligned({"mt": spec.mt, **spec.sides(), **extra}, spec.encoding)
    raise InputError(None, "no input: give a JSONL/TSV/CSV file, --mt FILE, or a document with --doc")


def _translation_format(spec: InputSpec) -> bool:
    from mtcheck.readers.translation_formats import FORMATS, guess_format

    if spec.format:
        return spec.format in FORMATS
    return spec.path is not None and guess_format(spec.path) is not None
