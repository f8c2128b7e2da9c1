"""Typed errors of the library. The CLI turns them into one-line messages and exit codes."""

from __future__ import annotations


class MtcheckError(Exception):
    """Base class of every error mtcheck raises on purpose."""


class InputError(MtcheckError):
    """An input file is missing, unreadable or malformed.

    ``path`` and ``line`` (1-based) say where, so the message can point at it.
    """

    def __init__(self, path: str | None, problem: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.problem}"


class ConfigError(MtcheckError):
    """Settings that contradict each other, name unknown keys, or cannot be met."""

    def __init__(self, problem: str, source: str | None = None, key: str | None = None) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.source, self.key) if p]
        return f"{': '.join(parts)}: {self.problem}" if parts else self.problem


class ModelError(MtcheckError):
    """A model could not be loaded or run; the message says what to install."""


class OutputError(MtcheckError):
    """A report could not be written."""
