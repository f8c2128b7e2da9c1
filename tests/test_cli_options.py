"""The input options every reading command shares (`mtcheck.cli.takes_input`)."""

from __future__ import annotations

from typing import Optional

import pytest
import typer
from typer.testing import CliRunner

from mtcheck.cli import app, takes_input
from mtcheck.inputs import InputSpec

INPUT_OPTIONS = ["--mt", "--src", "--ref", "--back", "--doc", "--encoding", "--input-format"]


def _recorder(refs: bool) -> tuple[typer.Typer, list[tuple[InputSpec, Optional[str]]]]:
    seen: list[tuple[InputSpec, Optional[str]]] = []
    probe = typer.Typer()

    @probe.command()
    @takes_input(refs=refs)
    def run(spec: InputSpec, output: Optional[str] = typer.Option(None, "--output", "-o")) -> None:
        seen.append((spec, output))

    return probe, seen


@pytest.mark.parametrize(
    "args, refs, expected",
    [
        (["feed.jsonl"], False, InputSpec(path="feed.jsonl")),
        (
            ["--mt", "mt.txt", "--src", "src.txt", "--ref", "ref.txt", "--back", "back.txt", "--encoding", "cp1251"],
            False,
            InputSpec(mt="mt.txt", src="src.txt", ref="ref.txt", back="back.txt", encoding="cp1251"),
        ),
        (["doc.txt", "--doc", "--input-format", "tsv"], False, InputSpec(path="doc.txt", doc=True, format="tsv")),
        (["--mt", "mt.txt", "--ref", "a.txt"], True, InputSpec(mt="mt.txt", ref="a.txt")),
        (
            ["--mt", "mt.txt", "--ref", "a.txt", "--ref", "b.txt", "--ref", "c.txt"],
            True,
            InputSpec(mt="mt.txt", ref="a.txt", extra_refs=("b.txt", "c.txt")),
        ),
        (["--mt", "mt.txt"], True, InputSpec(mt="mt.txt")),
    ],
)
def test_the_command_gets_one_input_spec(args: list[str], refs: bool, expected: InputSpec) -> None:
    probe, seen = _recorder(refs)
    result = CliRunner().invoke(probe, [*args, "-o", "out.json"])
    assert result.exit_code == 0, result.output
    assert seen == [(expected, "out.json")]


def test_without_refs_the_last_ref_counts() -> None:
    # `baseline` and `review` take one reference; click keeps the last value of a single-valued option.
    probe, seen = _recorder(refs=False)
    result = CliRunner().invoke(probe, ["--mt", "mt.txt", "--ref", "a.txt", "--ref", "b.txt"])
    assert result.exit_code == 0 and seen == [(InputSpec(mt="mt.txt", ref="b.txt"), None)]


@pytest.mark.parametrize(
    "command, first_own",
    [(["check"], "--format"), (["baseline"], "--output"), (["review", "open"], "--review-file"), (["review", "export"], "--review-file")],
)
def test_input_options_come_first_in_the_help(command: list[str], first_own: str) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    places = [result.output.index(f"{name} ") for name in [*INPUT_OPTIONS, first_own]]
    assert places == sorted(places)


def test_a_command_must_take_spec_and_no_input_parameter() -> None:
    with pytest.raises(TypeError, match="spec"):
        takes_input()(lambda output=None: None)
    with pytest.raises(TypeError, match="input parameters"):
        takes_input()(lambda spec, mt=None: None)
