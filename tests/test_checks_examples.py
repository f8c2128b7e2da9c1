"""Every check's documented examples are tested: a failing example must trigger the
check, a passing one must not. This keeps `mtcheck rules CODE` honest."""

from __future__ import annotations

import pytest

from mtcheck.engine import Checker, load_builtin_checks
from mtcheck.registry import REGISTRY
from mtcheck.selection import Selection

load_builtin_checks()
SPECS = list(REGISTRY)


def _codes(spec, example):  # type: ignore[no-untyped-def]
    options = {spec.code: dict(example.options)} if example.options else None
    checker = Checker(selection=Selection.build(select=[spec.code], options=options))
    run = checker.run([example.segment()])
    return [f.code for f in run.results[0].findings]


@pytest.mark.parametrize("spec", SPECS, ids=[s.code for s in SPECS])
def test_declaration_is_complete(spec) -> None:  # type: ignore[no-untyped-def]
    assert spec.code.startswith("MT") and spec.code[2:].isdigit()
    assert spec.fails and spec.passes, "each check documents a failing and a passing example"
    assert spec.summary and spec.fn.__doc__, "summary and docstring become the help text"


@pytest.mark.parametrize(
    "spec,example",
    [(s, e) for s in SPECS for e in s.fails if not s.uses_model],
    ids=[f"{s.code}-fails-{i}" for s in SPECS for i, _ in enumerate(s.fails) if not s.uses_model],
)
def test_failing_example_is_flagged(spec, example) -> None:  # type: ignore[no-untyped-def]
    assert spec.code in _codes(spec, example)


@pytest.mark.parametrize(
    "spec,example",
    [(s, e) for s in SPECS for e in s.passes if not s.uses_model],
    ids=[f"{s.code}-passes-{i}" for s in SPECS for i, _ in enumerate(s.passes) if not s.uses_model],
)
def test_passing_example_is_clean(spec, example) -> None:  # type: ignore[no-untyped-def]
    assert spec.code not in _codes(spec, example)


@pytest.mark.model
@pytest.mark.parametrize(
    "spec", [s for s in SPECS if s.uses_model], ids=[s.code for s in SPECS if s.uses_model]
)
def test_model_check_examples(spec) -> None:  # type: ignore[no-untyped-def]
    for example in spec.fails:
        assert spec.code in _codes(spec, example)
    for example in spec.passes:
        assert spec.code not in _codes(spec, example)
