"""Checks as small declared units, and the registry that holds them.

A check is a function that looks at one segment (or one document of segments) and
yields :class:`Hit` s. Its declaration (code, name, category, default severity, the
fields it needs, a one-line summary, a failing and a passing example) lives beside
it through the :func:`check` decorator, so it can be listed, selected by code
prefix, configured and suppressed without running it. The engine turns hits into
:class:`~mtcheck.records.Finding` s, filling in code, name and category.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from mtcheck.records import TEXT_FIELDS, Category, Segment, Severity, Span


class CheckCannotRun(Exception):
    """Raised by a check when a segment is outside what it can judge (e.g. the
    source is not Russian). The engine records it as skipped instead of guessing."""


@dataclass(frozen=True)
class Hit:
    """What a check reports; the engine adds the check's identity to make a Finding.

    ``severity`` overrides the check's default for this hit (e.g. ``critical`` when
    the source shows the error, ``major`` when only the reference does).
    """

    span: Span
    message: str
    related: Span | None = None
    severity: Severity | None = None
    suggestion: str | None = None


@dataclass(frozen=True)
class DocHit:
    """A hit from a document-level check: which segment of the document it is in."""

    index: int
    hit: Hit


@dataclass(frozen=True)
class Example:
    """A segment for a check's docs; ``fails`` examples must trigger it, others not."""

    mt: str
    src: str | None = None
    ref: str | None = None
    back: str | None = None
    # Check options the example runs with, as (name, value) pairs (e.g. a glossary file).
    options: tuple[tuple[str, Any], ...] = ()

    def segment(self, id: str = "example") -> Segment:
        return Segment(id=id, mt=self.mt, src=self.src, ref=self.ref, back=self.back)


@dataclass
class CheckContext:
    """What a check may consult besides the segment: its options and shared resources.

    ``resources`` holds lazily built, shared objects (a morphology analyser, a
    glossary) keyed by name, so that a check builds each once per run.
    """

    options: Mapping[str, Any] = field(default_factory=dict)
    resources: dict[str, Any] = field(default_factory=dict)

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)

    def resource(self, name: str, build: Callable[[], Any]) -> Any:
        if name not in self.resources:
            self.resources[name] = build()
        return self.resources[name]


SegmentFn = Callable[[Segment, CheckContext], Iterable[Hit]]
DocumentFn = Callable[[Sequence[Segment], CheckContext], Iterable[DocHit]]


@dataclass(frozen=True)
class CheckSpec:
    """The declaration of one check."""

    code: str
    name: str
    category: Category
    severity: Severity
    needs: tuple[str, ...]
    summary: str
    fails: tuple[Example, ...]
    passes: tuple[Example, ...]
    fn: Callable[..., Iterable[Any]]
    # "document": fn(segments of one document) yields DocHits; "batch": fn(every segment of
    # the run at once) yields DocHits indexed over the run, for model checks that batch.
    scope: str = "segment"
    options: Mapping[str, Any] = field(default_factory=dict)
    uses_model: bool = False
    # Any of these fields will do (e.g. a length check needs src or ref).
    needs_any: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.fn.__doc__ or self.summary)

    def applicable(self, segment: Segment) -> bool:
        if not all(segment.has(name) for name in self.needs):
            return False
        if self.needs_any and not any(segment.has(name) for name in self.needs_any):
            return False
        return True

    def missing(self, segment: Segment) -> list[str]:
        lacking = [name for name in self.needs if not segment.has(name)]
        if self.needs_any and not any(segment.has(name) for name in self.needs_any):
            lacking.append(" or ".join(self.needs_any))
        return lacking

    def needs_text(self) -> str:
        parts = list(self.needs)
        if self.needs_any:
            parts.append("|".join(self.needs_any))
        return ", ".join(parts)


class Registry:
    """Holds check declarations by code; codes are unique and never reused."""

    def __init__(self) -> None:
        self._checks: dict[str, CheckSpec] = {}

    def add(self, spec: CheckSpec) -> None:
        if spec.code in self._checks:
            raise ValueError(f"check code {spec.code} is declared twice")
        if any(s.name == spec.name for s in self._checks.values()):
            raise ValueError(f"check name {spec.name} is declared twice")
        self._checks[spec.code] = spec

    def __iter__(self) -> Iterator[CheckSpec]:
        return iter(sorted(self._checks.values(), key=lambda s: s.code))

    def __len__(self) -> int:
        return len(self._checks)

    def get(self, code_or_name: str) -> CheckSpec | None:
        key = code_or_name.strip()
        if key.upper() in self._checks:
            return self._checks[key.upper()]
        return next((s for s in self._checks.values() if s.name == key.lower()), None)


REGISTRY = Registry()


def load_builtin_checks() -> None:
    """Import the built-in check modules so that they register themselves."""
    import mtcheck.checks  # noqa: F401


def check(
    *,
    code: str,
    name: str,
    category: Category,
    severity: Severity,
    summary: str,
    fails: Sequence[Example],
    passes: Sequence[Example],
    needs: Sequence[str] = ("mt",),
    needs_any: Sequence[str] = (),
    scope: str = "segment",
    options: Mapping[str, Any] | None = None,
    uses_model: bool = False,
    registry: Registry | None = None,
) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Iterable[Any]]]:
    """Declare a check. The decorated function keeps working as a plain function."""

    for name_ in (*needs, *needs_any):
        if name_ not in TEXT_FIELDS:
            raise ValueError(f"{code}: unknown field {name_!r} in needs")
    if scope not in ("segment", "document", "batch"):
        raise ValueError(f"{code}: scope must be 'segment', 'document' or 'batch'")

    def decorate(fn: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
        spec = CheckSpec(
            code=code,
            name=name,
            category=category,
            severity=severity,
            needs=tuple(needs),
            needs_any=tuple(needs_any),
            summary=summary,
            fails=tuple(fails),
            passes=tuple(passes),
            fn=fn,
            scope=scope,
            options=dict(options or {}),
            uses_model=uses_model,
        )
        # An empty Registry is falsy (it has a length), so test for None explicitly.
        (registry if registry is not None else REGISTRY).add(spec)
        fn.spec = spec  # type: ignore[attr-defined]
        return fn

    return decorate
