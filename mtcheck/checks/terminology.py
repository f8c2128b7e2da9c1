"""A user glossary: required target terms and forbidden variants (MT8xx).

The glossary is a TSV file, one entry a line: the Russian source term, the required
English term, and optionally forbidden English variants separated by ``|`` or ``,``::

    # source	required	forbidden
    Киев	Kyiv	Kiev
    Министерство обороны	Ministry of Defence	Defense Ministry|MoD

Source terms match by lemma (pymorphy3), so «Киева», «в Киеве» and «Министерства
обороны» all find their entries. Give it with ``mtcheck check --glossary FILE`` or
the ``glossary`` option of MT801/MT802.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from mtcheck.errors import InputError
from mtcheck.lang.morph import analyzer
from mtcheck.lang.quantity import share_cyrillic
from mtcheck.records import Category, Segment, Severity, Span
from mtcheck.registry import CheckCannotRun, CheckContext, Example, Hit, check
from mtcheck.selection import Selection
from mtcheck.text import strip_span

GLOSSARY_OPTIONS = {"glossary": None}
# The documented examples run with a one-line glossary: Киев → Kyiv, not Kiev.
_EXAMPLE = (("glossary", str(resources.files("mtcheck.data").joinpath("glossary-example.tsv"))),)
GLOSSARY_CODES = ("MT801", "MT802")
_RU_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
_HEADER = re.compile(r"(?i)^(source|src|term|ru|russian)\t")


@dataclass(frozen=True)
class Entry:
    """One glossary line: the source term's lemmas, the required term, forbidden ones."""

    line: int
    source: str
    lemmas: tuple[str, ...]
    required: str
    forbidden: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    path: str
    entries: tuple[Entry, ...]

    def prefixes(self) -> frozenset[str]:
        """First three letters of every source-term word: only such source words are lemmatised."""
        return frozenset(lemma[:3] for e in self.entries for lemma in e.lemmas)


def _morph() -> Any:
    # One analyser per process: its dictionaries take a while to load.
    return analyzer()


def _lemma(morph: Any, word: str) -> str:
    return morph.parse(word.lower())[0].normal_form.replace("ё", "е")


def parse_glossary(text: str, path: str, morph: Any) -> Glossary:
    """Parse glossary text; a malformed line raises InputError naming the file and line."""
    entries = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if number == 1 and _HEADER.match(line):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise InputError(path, "expected TAB-separated columns: source term, required term[, forbidden variants]", number)
        if len(fields) > 3:
            raise InputError(path, f"{len(fields)} columns; expected at most 3 (source, required, forbidden)", number)
        source, required = fields[0].strip(), fields[1].strip()
        if not source or not required:
            raise InputError(path, "the source term and the required term must not be empty", number)
        words = _RU_WORD.findall(source)
        if not words:
            raise InputError(path, f"the source term {source!r} has no Russian word", number)
        forbidden = tuple(f.strip() for f in re.split(r"[|,]", fields[2]) if f.strip()) if len(fields) == 3 else ()
        if any(f.lower() == required.lower() for f in forbidden):
            raise InputError(path, f"{required!r} is both required and forbidden", number)
        lemmas = tuple(_lemma(morph, w) for w in words)
        entries.append(Entry(number, source, lemmas, required, forbidden))
    return Glossary(path, tuple(entries))


def load_glossary(path: str, morph: Any) -> Glossary:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read the glossary: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"the glossary is not UTF-8 (byte {exc.start})") from None
    return parse_glossary(text, path, morph)


def with_glossary(selection: Selection, glossary: str | None) -> Selection:
    """``selection`` with the glossary path set as the MT8xx checks' option (a glossary
    given in the config's per-check options wins)."""
    if not glossary:
        return selection
    options = {code: dict(values) for code, values in selection.options.items()}
    for code in GLOSSARY_CODES:
        options.setdefault(code, {}).setdefault("glossary", glossary)
    return replace(selection, options=options)


# -- matching ------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    entry: Entry
    start: int
    end: int


def find_terms(src: str, glossary: Glossary, morph: Any) -> list[Occurrence]:
    """Where glossary source terms occur in a Russian text, matched lemma by lemma."""
    prefixes = glossary.prefixes()
    words = [(m.start(), m.end(), m.group().lower()) for m in _RU_WORD.finditer(src)]
    lemmas: list[frozenset[str]] = []
    for _, _, word in words:
        if word.replace("ё", "е")[:3] in prefixes:
            lemmas.append(_lemmas(morph, word))
        else:
            lemmas.append(frozenset())
    found = []
    for entry in glossary.entries:
        n = len(entry.lemmas)
        for i in range(len(words) - n + 1):
            if all(entry.lemmas[k] in lemmas[i + k] for k in range(n)):
                found.append(Occurrence(entry, words[i][0], words[i + n - 1][1]))
    return found


def _lemmas(morph: Any, word: str) -> frozenset[str]:
    return _cached_lemmas(morph, word)


@lru_cache(maxsize=65536)
def _cached_lemmas(morph: Any, word: str) -> frozenset[str]:
    parses = morph.parse(word)
    forms = {p.normal_form.replace("ё", "е") for p in parses[:4]}
    forms.add(word.replace("ё", "е"))
    return frozenset(forms)


@lru_cache(maxsize=8192)
def _term_pattern(term: str) -> re.Pattern[str]:
    """An English term at word boundaries, with an optional plural or possessive ending;
    a one-word term with two or more capitals (an abbreviation: NATO, MoD) must keep them."""
    words = [re.escape(w) for w in term.split()]
    body = r"\s+".join(words)
    acronym = " " not in term and sum(ch.isupper() for ch in term) >= 2  # "MoD", "NATO"
    flags = 0 if acronym else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + body + r"(?:'s|’s|s|es)?(?![\w-])", flags)


def _term_spans(text: str, term: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _term_pattern(term).finditer(text)]


def _whole(segment: Segment, field: str) -> Span:
    text = segment.text(field) or ""
    start, end = strip_span(text, 0, len(text))
    return Span(field, start, end)


@dataclass(frozen=True)
class TermProblem:
    kind: str
    span: Span
    related: Span | None
    severity: Severity
    message: str
    suggestion: str | None


def _glossary(ctx: CheckContext) -> tuple[Glossary, Any] | None:
    path = ctx.option("glossary")
    if not path:
        return None
    morph = ctx.resource("pymorphy3", _morph)
    return ctx.resource(f"glossary:{path}", lambda: load_glossary(str(path), morph)), morph


def find_problems(segment: Segment, ctx: CheckContext) -> list[TermProblem]:
    loaded = _glossary(ctx)
    if loaded is None:
        return []
    glossary, morph = loaded
    mt = segment.mt
    problems: list[TermProblem] = []
    occurrences: list[Occurrence] = []
    if segment.has("src"):
        src = segment.src or ""
        if share_cyrillic(src) < 0.3:
            raise CheckCannotRun("the source is not Russian (too few Cyrillic letters)")
        occurrences = find_terms(src, glossary, morph)
    seen: set[int] = set()
    for occ in occurrences:
        entry = occ.entry
        related = Span("src", occ.start, occ.end)
        if id(entry) in seen:
            continue
        seen.add(id(entry))
        if not _term_spans(mt, entry.required):
            problems.append(
                TermProblem(
                    "missing", _whole(segment, "mt"), related, Severity.CRITICAL,
                    f"glossary: «{segment.src[occ.start:occ.end]}» must be translated “{entry.required}”"
                    f" (glossary line {entry.line})",
                    entry.required,
                )
            )
    if not occurrences and segment.has("ref"):
        # Without a source, the reference shows which required terms belong here.
        for entry in glossary.entries:
            ref_spans = _term_spans(segment.ref or "", entry.required)
            if ref_spans and not _term_spans(mt, entry.required):
                problems.append(
                    TermProblem(
                        "missing", _whole(segment, "mt"), Span("ref", *ref_spans[0]), Severity.MAJOR,
                        f"glossary: the reference has “{entry.required}”, the MT does not (glossary line {entry.line})",
                        entry.required,
                    )
                )
    by_entry = {id(o.entry): o for o in occurrences}
    for entry in glossary.entries:
        for variant in entry.forbidden:
            for start, end in _term_spans(mt, variant):
                occ = by_entry.get(id(entry))
                related = Span("src", occ.start, occ.end) if occ else None
                severity = Severity.CRITICAL if occ else Severity.MAJOR
                problems.append(
                    TermProblem(
                        "forbidden", Span("mt", start, end), related, severity,
                        f"glossary: “{mt[start:end]}” is a forbidden variant; use “{entry.required}”"
                        f" (glossary line {entry.line})",
                        entry.required,
                    )
                )
    return problems


def _problems(segment: Segment, ctx: CheckContext) -> list[TermProblem]:
    memo = ctx.resource("terminology.memo", lambda: [None, None])
    if memo[0] is not segment:
        memo[0], memo[1] = segment, find_problems(segment, ctx)
    return memo[1]


@check(
    code="MT801",
    name="glossary-term-missing",
    category=Category.TERMINOLOGY,
    severity=Severity.CRITICAL,
    summary="The source has a glossary term and the MT lacks its required translation.",
    needs=("mt",),
    needs_any=("src", "ref"),
    options=GLOSSARY_OPTIONS,
    fails=(Example(mt="The delegation arrived in Kiev on Monday.", src="Делегация прибыла в Киев в понедельник.", options=_EXAMPLE),),
    passes=(Example(mt="The delegation arrived in Kyiv on Monday.", src="Делегация прибыла в Киев в понедельник.", options=_EXAMPLE),),
)
def glossary_term_missing(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags a source term from the user's glossary whose required English term is not in the MT.

    Source terms match by lemma, so every case form counts («Киева», «в Киеве»); the
    English term matches case-insensitively with a plural or possessive ending
    ("Kyiv's"). Without a source, a required term that the reference has and the MT
    lacks is flagged as major. The finding spans the whole MT and points at the
    source term. Runs only with a glossary: ``--glossary FILE``. (The examples in
    ``mtcheck rules`` use the glossary line «Киев → Kyiv, not Kiev».)
    """
    for p in _problems(segment, ctx):
        if p.kind == "missing":
            yield Hit(p.span, p.message, related=p.related, severity=p.severity, suggestion=p.suggestion)


@check(
    code="MT802",
    name="glossary-forbidden-variant",
    category=Category.TERMINOLOGY,
    severity=Severity.CRITICAL,
    summary="The MT uses a variant that the glossary forbids (Kiev where the glossary says Kyiv).",
    needs=("mt",),
    options=GLOSSARY_OPTIONS,
    fails=(Example(mt="The delegation arrived in Kiev on Monday.", src="Делегация прибыла в Киев в понедельник.", options=_EXAMPLE),),
    passes=(Example(mt="The delegation arrived in Kyiv on Monday.", src="Делегация прибыла в Киев в понедельник.", options=_EXAMPLE),),
)
def glossary_forbidden_variant(segment: Segment, ctx: CheckContext) -> Iterator[Hit]:
    """Flags each forbidden variant of a glossary entry in the MT, with the required term
    as the suggestion. Critical when the source has the entry's term, major otherwise
    (the variant is forbidden wherever it appears). Runs only with a glossary.
    """
    for p in _problems(segment, ctx):
        if p.kind == "forbidden":
            yield Hit(p.span, p.message, related=p.related, severity=p.severity, suggestion=p.suggestion)
