"""Fingerprints of findings, and baselines of accepted ones.

A fingerprint depends on content only (the check code, the segment's MT text, the
flagged text and which occurrence of it this is), never on line numbers or ids,
so a baseline survives lines moving, being added or removed around a finding.
A baseline file is JSON::

    {"mtcheck_baseline": 1, "entries": [{"fingerprint": "...", "code": "MT401",
      "id": "15.1", "text": "more considered", "mt": "...", "reason": "..."}]}

Both ``mtcheck baseline`` and the review tool's export write this format.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from mtcheck.errors import InputError
from mtcheck.records import Finding, SegmentResult
from mtcheck.text import squash

FORMAT_VERSION = 1


def fingerprint(result: SegmentResult, finding: Finding) -> str:
    """A stable, content-based identity for one finding in one segment."""
    seg = result.segment
    flagged = finding.span.text_in(seg)
    field_text = seg.text(finding.span.field) or ""
    # Which occurrence of the flagged text this is, so two identical spans in one
    # segment stay distinct without depending on absolute offsets.
    occurrence = field_text[: finding.span.start].count(flagged) if flagged else finding.span.start
    key = "\x1f".join((finding.code, squash(seg.mt), finding.span.field, squash(flagged), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    code: str
    id: str = ""
    text: str = ""
    mt: str = ""
    reason: str = ""

    @classmethod
    def of(cls, result: SegmentResult, finding: Finding, reason: str = "") -> "BaselineEntry":
        return cls(
            fingerprint=fingerprint(result, finding),
            code=finding.code,
            id=result.segment.id,
            text=finding.span.text_in(result.segment),
            mt=result.segment.mt,
            reason=reason,
        )

    def to_dict(self) -> dict[str, Any]:
        out = {"fingerprint": self.fingerprint, "code": self.code, "id": self.id, "text": self.text, "mt": self.mt}
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass
class Baseline:
    entries: list[BaselineEntry] = field(default_factory=list)

    def fingerprints(self) -> set[str]:
        return {e.fingerprint for e in self.entries}

    @classmethod
    def from_results(cls, results: Iterable[SegmentResult], reason: str = "") -> "Baseline":
        entries: dict[str, BaselineEntry] = {}
        for result in results:
            for finding in result.findings:
                entry = BaselineEntry.of(result, finding, reason)
                entries.setdefault(entry.fingerprint, entry)
        return cls(list(entries.values()))

    def merged(self, other: "Baseline") -> "Baseline":
        seen = {e.fingerprint: e for e in self.entries}
        for e in other.entries:
            seen.setdefault(e.fingerprint, e)
        return Baseline(list(seen.values()))

    def to_json(self) -> str:
        doc = {"mtcheck_baseline": FORMAT_VERSION, "entries": [e.to_dict() for e in self.entries]}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str, path: str) -> "Baseline":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"baseline is not valid JSON ({exc.msg})", line=exc.lineno) from None
        if not isinstance(doc, dict) or doc.get("mtcheck_baseline") != FORMAT_VERSION:
            raise InputError(path, f"not an mtcheck baseline (expected \"mtcheck_baseline\": {FORMAT_VERSION})")
        entries = []
        for i, raw in enumerate(doc.get("entries", [])):
            if not isinstance(raw, dict) or not isinstance(raw.get("fingerprint"), str) or not isinstance(raw.get("code"), str):
                raise InputError(path, f"baseline entry {i + 1} lacks a fingerprint or code")
            entries.append(
                BaselineEntry(
                    fingerprint=raw["fingerprint"],
                    code=raw["code"],
                    id=str(raw.get("id", "")),
                    text=str(raw.get("text", "")),
                    mt=str(raw.get("mt", "")),
                    reason=str(raw.get("reason", "")),
                )
            )
        return cls(entries)

    @classmethod
    def load(cls, path: str) -> "Baseline":
        p = Path(path)
        if not p.is_file():
            raise InputError(path, "no such baseline file")
        return cls.from_json(p.read_text(encoding="utf-8"), path)

    def apply(self, results: Iterable[SegmentResult]) -> tuple[int, list[BaselineEntry]]:
        """Drop baselined findings from ``results`` in place.

        Returns how many findings were suppressed and the stale entries (those that
        matched nothing in this run).
        """
        known = {e.fingerprint: e for e in self.entries}
        used: set[str] = set()
        suppressed = 0
        for result in results:
            kept = []
            for finding in result.findings:
                fp = fingerprint(result, finding)
                if fp in known:
                    used.add(fp)
                    suppressed += 1
                else:
                    kept.append(finding)
            result.findings[:] = kept
        stale = [e for e in self.entries if e.fingerprint not in used]
        return suppressed, stale
