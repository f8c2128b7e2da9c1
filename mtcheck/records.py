"""The plain, immutable records every part of mtcheck shares.

A :class:`Segment` is one unit of translation (a sentence or a line) with whatever
sides the user has; a :class:`Finding` is one flagged problem in it, located by
:class:`Span` s; a :class:`SegmentResult` holds a segment with its findings and
scores. Nothing here does I/O.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping

TEXT_FIELDS = ("mt", "src", "ref", "back")
"""Text fields a segment may carry: the English MT, the Russian source, an English
reference, and a Russian back-translation of the MT."""


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so that ``CRITICAL > MAJOR``."""

    INFO = 0
    MINOR = 1
    MAJOR = 2
    CRITICAL = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(str(s) for s in cls)
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None


class Category(str, enum.Enum):
    """What kind of problem a finding is (close to W3C ITS 2.0 issue types)."""

    POLARITY = "polarity"
    NUMBER = "number"
    NAMED_ENTITY = "named-entity"
    UNTRANSLATED = "untranslated"
    OMISSION = "omission"
    ADDITION = "addition"
    BOILERPLATE = "boilerplate"
    REPETITION = "repetition"
    FLUENCY = "fluency"
    ADEQUACY = "adequacy"
    TERMINOLOGY = "terminology"
    PUNCTUATION = "punctuation"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` into one text field of a segment."""

    field: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.field not in TEXT_FIELDS:
            raise ValueError(f"span field must be one of {TEXT_FIELDS}, not {self.field!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")

    def text_in(self, segment: "Segment") -> str:
        return (segment.text(self.field) or "")[self.start : self.end]

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Origin:
    """Where a segment's field came from in an input file.

    ``offset`` is the character offset of the field's first character in the decoded
    file, ``line``/``column`` are 1-based. ``exact`` is true when character offsets in
    the field map one to one onto the file (plain text, unquoted TSV); JSON-escaped
    text does not, and then only ``line`` is reliable.
    """

    path: str
    line: int
    column: int = 1
    offset: int = 0
    exact: bool = True

    def locate(self, text: str, char: int) -> tuple[int, int]:
        """File line and column (1-based) of character ``char`` of the field ``text``."""
        if not self.exact:
            return self.line, self.column
        before = text[:char]
        newlines = before.count("\n")
        if newlines == 0:
            return self.line, self.column + char
        return self.line + newlines, char - before.rfind("\n")

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.column}


@dataclass(frozen=True)
class Segment:
    """One translation unit. ``mt`` is required; the other sides are optional."""

    id: str
    mt: str
    src: str | None = None
    ref: str | None = None
    back: str | None = None
    # Extra references beyond ``ref`` (sacrebleu takes several).
    extra_refs: tuple[str, ...] = ()
    # Codes or code prefixes the input asks to ignore for this segment only.
    ignore: tuple[str, ...] = ()
    doc: str | None = None
    origins: Mapping[str, Origin] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        if name not in TEXT_FIELDS:
            raise KeyError(name)
        return getattr(self, name)

    def has(self, name: str) -> bool:
        # Asked many times per segment: the field is read here rather than through text().
        if name not in TEXT_FIELDS:
            raise KeyError(name)
        value = getattr(self, name)
        # Not blank; ``isspace`` stops at the first letter where ``strip`` copies the text.
        return value is not None and value != "" and not value.isspace()

    def fields(self) -> dict[str, str]:
        return {name: value for name in TEXT_FIELDS if (value := self.text(name)) is not None}


@dataclass(frozen=True)
class Finding:
    """One flagged problem: a stable code, where it is, and why."""

    code: str
    check: str
    category: Category
    severity: Severity
    message: str
    span: Span
    related: Span | None = None
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "check": self.check,
            "category": str(self.category),
            "severity": str(self.severity),
            "message": self.message,
            "span": self.span.to_dict(),
        }
        if self.related is not None:
            out["related"] = self.related.to_dict()
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        return out


@dataclass(frozen=True)
class Skipped:
    """A check that could not run on a segment, and why (said once, not guessed)."""

    code: str
    reason: str


@dataclass
class SegmentResult:
    """A segment with everything mtcheck found and measured on it."""

    segment: Segment
    findings: list[Finding] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    # Structured model output beyond the flat scores, by scorer (e.g. "surprisal":
    # per-token surprisal of the MT); in reports only when present.
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def to_dict(self) -> dict[str, Any]:
        seg = self.segment
        out: dict[str, Any] = {"id": seg.id}
        out.update(seg.fields())
        if seg.extra_refs:
            out["extra_refs"] = list(seg.extra_refs)
        if seg.doc is not None:
            out["doc"] = seg.doc
        if seg.origins:
            out["origin"] = {name: o.to_dict() for name, o in seg.origins.items()}
        out["findings"] = [f.to_dict() for f in self.findings]
        out["scores"] = dict(self.scores)
        if self.skipped:
            out["skipped"] = [{"code": s.code, "reason": s.reason} for s in self.skipped]
        if self.details:
            out["details"] = dict(self.details)
        return out
