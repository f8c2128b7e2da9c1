"""Score thresholds: a CI gate on numbers as well as on findings.

A threshold is one line, the same in a config file and on the command line::

    corpus chrf >= 45        the corpus score named "chrf" must be at least 45
    sentence fluency >= 30   every sentence that has a "fluency" score must reach 30
    share critical <= 2%     at most 2% of the segments may have a critical finding

``corpus NAME`` reads ``RunResult.corpus[NAME]``; ``sentence NAME`` reads
``SegmentResult.scores[NAME]`` of each segment; ``share SEVERITY`` counts segments
whose worst finding is at or above that severity. Score names are whatever the
scorers of the run produce, so the code here is generic over them; the names
mtcheck's own scorers use are listed in :data:`KNOWN_SCORES` together with what
they need, so that a threshold that cannot be computed (chrF without a
reference) is a configuration error before anything runs, and a score the run
did not produce is one after it, never a silent pass.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from mtcheck.errors import ConfigError
from mtcheck.records import Segment, Severity

if TYPE_CHECKING:
    from mtcheck.engine import RunResult

SCOPES = ("corpus", "sentence", "share")

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}


@dataclass(frozen=True)
class ScoreInfo:
    """What one score name means and what it needs to be computed."""

    description: str
    # Text fields of which at least one segment must have one (any of them will do).
    needs_fields: tuple[str, ...] = ()
    needs_models: bool = False


KNOWN_SCORES: Mapping[str, ScoreInfo] = {
    "bleu": ScoreInfo("sacrebleu BLEU against the reference (0-100, higher is better)", ("ref",)),
    "chrf": ScoreInfo("sacrebleu chrF against the reference (0-100, higher is better)", ("ref",)),
    "ter": ScoreInfo("sacrebleu TER against the reference (lower is better)", ("ref",)),
    "fluency": ScoreInfo("language-model fluency of the MT (0-100, higher is better)", (), True),
    "qe": ScoreInfo("reference-free quality estimate from the source (0-100, higher is better)", ("src",), True),
}
"""Score names produced by mtcheck's scorers. Other names are accepted too, and
checked against what the run actually produced."""

_LINE_RE = re.compile(
    r"^\s*(?P<scope>[A-Za-z]+)\s+(?P<name>[A-Za-z][\w.+-]*)\s*(?P<op>>=|<=|>|<)\s*"
    r"(?P<value>[-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?P<pct>%?)\s*$"
)


@dataclass(frozen=True)
class Threshold:
    scope: str
    name: str
    op: str
    value: float

    @classmethod
    def parse(cls, text: str, source: str | None = None, key: str = "thresholds") -> "Threshold":
        """Parse ``"corpus chrf >= 45"``; a bad line is a :class:`ConfigError` naming it."""
        if not isinstance(text, str):
            raise ConfigError(f"a threshold must be a string like \"corpus chrf >= 45\", not {text!r}", source, key)
        m = _LINE_RE.match(text)
        if not m:
            raise ConfigError(
                f"cannot read threshold {text!r}: write SCOPE NAME OP NUMBER, e.g. \"corpus chrf >= 45\", "
                "\"sentence fluency >= 30\" or \"share critical <= 2%\"",
                source,
                key,
            )
        scope, name = m["scope"].lower(), m["name"].lower()
        if scope not in SCOPES:
            raise ConfigError(f"threshold {text!r}: scope must be one of {', '.join(SCOPES)}, not {scope!r}", source, key)
        value = float(m["value"])
        if m["pct"]:
            if scope != "share":
                raise ConfigError(f"threshold {text!r}: % is only for share thresholds", source, key)
            value /= 100
        if scope == "share":
            try:
                Severity.parse(name)
            except ValueError:
                raise ConfigError(
                    f"threshold {text!r}: a share threshold names a severity (critical, major, minor, info)",
                    source,
                    key,
                ) from None
            if not 0 <= value <= 1:
                raise ConfigError(f"threshold {text!r}: a share is between 0 and 1 (or 0% and 100%)", source, key)
        if not math.isfinite(value):
            raise ConfigError(f"threshold {text!r}: the limit must be a finite number", source, key)
        return cls(scope, name, m["op"], value)

    def __str__(self) -> str:
        if self.scope == "share":
            return f"share {self.name} {self.op} {self.value * 100:g}%"
        return f"{self.scope} {self.name} {self.op} {self.value:g}"

    def holds(self, value: float) -> bool:
        return _OPS[self.op](value, self.value)

    def same_target(self, other: "Threshold") -> bool:
        """Two thresholds on the same quantity in the same direction (one replaces the other)."""
        return (self.scope, self.name, self.op[0]) == (other.scope, other.name, other.op[0])


@dataclass(frozen=True)
class Outcome:
    """A threshold measured on a run."""

    threshold: Threshold
    passed: bool
    # The corpus score, the share, or for sentence thresholds the worst sentence value.
    value: float
    # Sentence thresholds: ids of the segments that miss the limit.
    failing: tuple[str, ...] = ()
    measured: int = 0  # segments the value was computed over

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "threshold": str(self.threshold),
            "scope": self.threshold.scope,
            "name": self.threshold.name,
            "op": self.threshold.op,
            "limit": self.threshold.value,
            "value": self.value,
            "passed": self.passed,
            "measured": self.measured,
        }
        if self.failing:
            out["failing"] = list(self.failing)
        return out

    def describe(self) -> str:
        verdict = "ok" if self.passed else "FAILED"
        if self.threshold.scope == "share":
            got = f"{self.value * 100:.2f}%"
        else:
            got = f"{self.value:.2f}"
        what = "worst sentence" if self.threshold.scope == "sentence" else "value"
        extra = f"; {len(self.failing)} of {self.measured} sentences miss it" if self.failing else ""
        return f"threshold {self.threshold}: {verdict} ({what} {got}{extra})"


def merge(configured: Sequence[Threshold], overrides: Sequence[Threshold]) -> tuple[Threshold, ...]:
    """Config thresholds, with each command-line one replacing any on the same quantity."""
    kept = [t for t in configured if not any(t.same_target(o) for o in overrides)]
    return tuple(kept) + tuple(overrides)


def check_computable(thresholds: Iterable[Threshold], segments: Sequence[Segment], models: bool) -> None:
    """Fail early when a known score cannot be computed on these inputs."""
    for t in thresholds:
        if t.scope == "share":
            continue
        info = KNOWN_SCORES.get(t.name)
        if info is None:
            continue
        if info.needs_models and not models:
            raise ConfigError(
                f"threshold \"{t}\" cannot be computed: {t.name} needs a model, and models are off (--no-models)",
                key="thresholds",
            )
        if info.needs_fields and not any(
            seg.has(f) or (f == "ref" and seg.extra_refs) for seg in segments for f in info.needs_fields
        ):
            need = " or ".join(info.needs_fields)
            raise ConfigError(
                f"threshold \"{t}\" cannot be computed: {t.name} needs a {need} side and no segment has one "
                f"(a '{info.needs_fields[0]}' column, or --{info.needs_fields[0]} FILE)",
                key="thresholds",
            )


def _number(value: Any) -> float | None:
    """A corpus entry is a number, or a mapping with a numeric ``score``."""
    if isinstance(value, Mapping):
        value = value.get("score")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _not_computed(t: Threshold, available: Iterable[str]) -> ConfigError:
    names = sorted(set(available))
    have = ", ".join(names) if names else "none"
    hint = ""
    if (info := KNOWN_SCORES.get(t.name)) is not None:
        hint = f" ({t.name}: {info.description})"
    return ConfigError(
        f"threshold \"{t}\" cannot be computed: this run produced no {t.scope} score {t.name!r}{hint}; "
        f"{t.scope} scores produced: {have}",
        key="thresholds",
    )


def evaluate(thresholds: Iterable[Threshold], run: "RunResult") -> list[Outcome]:
    """Measure every threshold on a finished run (after any baseline was applied)."""
    outcomes = []
    for t in thresholds:
        if t.scope == "corpus":
            value = _number(run.corpus.get(t.name))
            if value is None:
                raise _not_computed(t, (k for k, v in run.corpus.items() if _number(v) is not None))
            outcomes.append(Outcome(t, t.holds(value), value, measured=len(run.results)))
        elif t.scope == "sentence":
            scored = [(r.segment.id, v) for r in run.results if (v := _number(r.scores.get(t.name))) is not None]
            if not scored:
                raise _not_computed(t, (k for r in run.results for k, v in r.scores.items() if _number(v) is not None))
            failing = tuple(seg_id for seg_id, v in scored if not t.holds(v))
            # The value shown is the one furthest on the wrong side of the limit.
            pick = min if t.op.startswith(">") else max
            worst = pick(v for _, v in scored)
            outcomes.append(Outcome(t, not failing, worst, failing, measured=len(scored)))
        else:
            level = Severity.parse(t.name)
            total = len(run.results)
            hit = sum(1 for r in run.results if r.worst is not None and r.worst >= level)
            share = hit / total if total else 0.0
            outcomes.append(Outcome(t, t.holds(share), share, measured=total))
    return outcomes
