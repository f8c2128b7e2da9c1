"""A progress bar on stderr for long model runs, shown only on a terminal."""

from __future__ import annotations

import contextlib
import sys
from typing import IO, Iterator

from mtcheck.scoring.base import Advance, Progress

MIN_TOTAL = 64  # shorter jobs finish before a bar would help


def terminal_progress(stream: IO[str] | None = None, min_total: int = MIN_TOTAL) -> Progress | None:
    """A :data:`Progress` drawing a transient rich bar on ``stream`` (stderr), or None
    when that is not a terminal (CI logs, pipes, tests stay quiet)."""
    stream = stream if stream is not None else sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        return None

    @contextlib.contextmanager
    def progress(label: str, total: int) -> Iterator[Advance]:
        if total < min_total:
            yield lambda n: None
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

        bar = Bar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=True,
        )
        with bar:
            task = bar.add_task(label, total=total)
            yield lambda n: bar.advance(task, n)

    return progress
