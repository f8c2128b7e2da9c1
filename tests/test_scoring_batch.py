"""Batch-scope checks: the engine hands them every segment of a run at once (model checks
batch through it), and their hits go through the same selection and suppression."""

from __future__ import annotations

from typing import Iterator, Sequence

from mtcheck.engine import Checker
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckContext, DocHit, Example, Hit, Registry, check
from mtcheck.selection import Selection


def _registry(calls: list[int]) -> Registry:
    registry = Registry()

    @check(
        code="MT999",
        name="batch-probe",
        category=Category.FLUENCY,
        severity=Severity.MINOR,
        summary="Flags every MT containing 'bad'.",
        fails=(Example(mt="bad"),),
        passes=(Example(mt="good"),),
        scope="batch",
        registry=registry,
    )
    def probe(segments: Sequence[Segment], ctx: CheckContext) -> Iterator[DocHit]:
        calls.append(len(segments))
        for i, seg in enumerate(segments):
            if "bad" in seg.mt:
                yield DocHit(i, Hit(Span("mt", seg.mt.index("bad"), seg.mt.index("bad") + 3), "bad word"))

    return registry


SEGMENTS = [
    Segment(id="1", mt="good"),
    Segment(id="2", mt="bad one", doc="a"),
    Segment(id="3", mt="also bad", doc="b"),
    Segment(id="4", mt="bad but ignored", ignore=("MT9",)),
]


def test_batch_check_sees_the_whole_run_at_once() -> None:
    calls: list[int] = []
    run = Checker(registry=_registry(calls)).run(SEGMENTS)
    assert calls == [4]
    assert [[f.code for f in r.findings] for r in run.results] == [[], ["MT999"], ["MT999"], []]
    assert run.results[2].findings[0].span == Span("mt", 5, 8)


def test_batch_check_follows_selection_and_severity() -> None:
    calls: list[int] = []
    registry = _registry(calls)
    run = Checker(registry=registry, selection=Selection.build(ignore=["MT999"], registry=registry)).run(SEGMENTS)
    assert calls == [] and not any(r.findings for r in run.results)
    raised = Selection.build(severity={"MT999": "major"}, registry=registry)
    run = Checker(registry=registry, selection=raised).run(SEGMENTS)
    assert run.results[1].findings[0].severity == Severity.MAJOR
