"""Web-page furniture and translator credits carried into the translation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterator

from mtcheck.errors import ConfigError
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckContext, Example, Hit, check
from mtcheck.text import squash, strip_span


@dataclass(frozen=True)
class BoilerplatePatterns:
    lines: frozenset[str]
    line_regexes: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    # The regular expressions of each kind joined into one, when that is safe: one
    # scan of a sentence instead of one per expression (see :func:`_union`).
    line_union: re.Pattern[str] | None = None
    credit_union: re.Pattern[str] | None = None

    def whole_line(self, text: str) -> bool:
        key = squash(text).strip(" .:!|•·-–—")
        if not key:
            return False
        if key in self.lines:
            return True
        if self.line_union is not None:
            return self.line_union.fullmatch(key) is not None
        return any(rx.fullmatch(key) for rx in self.line_regexes)

    def may_have_credit(self, text: str) -> bool:
        """False only when no credit expression matches anywhere in ``text``."""
        return self.credit_union is None or self.credit_union.search(text) is not None


def parse_patterns(text: str, origin: str) -> BoilerplatePatterns:
    """Parse a boilerplate data file (see ``mtcheck/data/boilerplate.txt``)."""
    lines: set[str] = set()
    regexes: list[re.Pattern[str]] = []
    credits: list[re.Pattern[str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        try:
            if entry.startswith("credit:re:"):
                credits.append(re.compile(entry[len("credit:re:") :], re.IGNORECASE))
            elif entry.startswith("credit:"):
                credits.append(re.compile(re.escape(entry[len("credit:") :]), re.IGNORECASE))
            elif entry.startswith("re:"):
                regexes.append(re.compile(entry[3:], re.IGNORECASE))
            else:
                lines.add(squash(entry))
        except re.error as exc:
            raise ConfigError(f"line {number}: bad regular expression: {exc}", source=origin) from None
    return BoilerplatePatterns(
        frozenset(lines), tuple(regexes), tuple(credits), _union(regexes), _union(credits)
    )


# What could make a joined expression match differently from its parts: group
# references (numbers shift when expressions are joined) and global inline flags.
_UNSAFE_TO_JOIN = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[aiLmsux]+\)")


def _union(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One expression that matches (at a place, or as a whole) exactly where one of
    ``patterns`` does, or None when joining them is not certainly equivalent."""
    if len(patterns) < 2 or any(_UNSAFE_TO_JOIN.search(p.pattern) or p.flags != patterns[0].flags for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
    except re.error:
        return None


def load_patterns(extra_file: str | None = None) -> BoilerplatePatterns:
    text = resources.files("mtcheck.data").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    if extra_file:
        try:
            text += "\n" + Path(extra_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read boilerplate file: {exc.strerror}", source=extra_file) from None
    return parse_patterns(text, extra_file or "mtcheck/data/boilerplate.txt")


# MT201 and MT202 read one pattern file: the built-in one plus the user's ``extra_file``.
_OPTIONS = {"extra_file": None}


def _patterns(ctx: CheckContext) -> BoilerplatePatterns:
    extra = ctx.option("extra_file")
    return ctx.resource(f"boilerplate:{extra}", lambda: load_patterns(extra))


@check(
    code="MT201",
    name="page-furniture",
    category=Category.BOILERPLATE,
    severity=Severity.MAJOR,
    summary="A whole segment that is web-page furniture (navigation, 'Advertisement', 'Live broadcast', buttons).",
    fails=(Example(mt="Skip to main content"), Example(mt="Озвучить текст")),
    passes=(Example(mt="The alliance will not take part in securing a ceasefire."),),
    options=_OPTIONS,
)
def page_furniture(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a segment that is nothing but page furniture.

    Translating a web page carries its navigation, ad slots, buttons and counters
    into the text ("Skip to main content", "Advertisement", "Select important",
    "On", "Off", a lone "0"). They are matched as whole segments against a data
    file that ships with mtcheck; add your own with the ``extra_file`` option
    (one entry a line, ``re:`` for a regular expression). When the source line is
    furniture too («Фото: …» → "Photo: …"), the finding is minor: the MT only
    translated it.
    """
    patterns = _patterns(ctx)
    if patterns.whole_line(segment.mt):
        start, end = strip_span(segment.mt, 0, len(segment.mt))
        # The source's own line is furniture too («Фото: …»): the MT translated what
        # it was given, so it is worth a look, not a failure.
        same_in_source = bool(segment.src and segment.src.strip()) and patterns.whole_line(segment.src or "")
        yield Hit(
            Span("mt", start, end),
            f"page furniture, not article text: “{segment.mt[start:end]}”"
            + (" (the source line is furniture too)" if same_in_source else ""),
            severity=Severity.MINOR if same_in_source else None,
        )


@check(
    code="MT202",
    name="translator-credit",
    category=Category.BOILERPLATE,
    severity=Severity.MAJOR,
    summary="A machine-translation service's credit line ('Переведено сервисом «Яндекс Переводчик»').",
    fails=(Example(mt="Переведено сервисом «Яндекс Переводчик»"), Example(mt="Translated by Yandex Translate")),
    passes=(Example(mt="Yandex launched a new translation service in Moscow."),),
    options=_OPTIONS,
)
def translator_credit(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a translation service's attribution, anywhere in the segment.

    Page translators append their own credit ("Translated by Yandex Translate",
    in Russian when the page's chrome was not translated). Publishing it reveals
    unedited machine output.
    """
    patterns = _patterns(ctx)
    if not patterns.may_have_credit(segment.mt):
        return
    for rx in patterns.credits:
        for m in rx.finditer(segment.mt):
            yield Hit(Span("mt", m.start(), m.end()), "machine-translation credit line left in the text")
