"""The review file: an editor's decisions on one input, saved on every action.

It is JSON, kept beside the input (``INPUT.mtcheck-review.json``)::

    {"mtcheck_review": 1,
     "input": {"label": "feed.jsonl", "digest": "sha256:...", "segments": 6, "models": true},
     "flagged": {"findings": 4, "by_code": {"MT401": 1, ...}},
     "position": {"segment": "neg-1", "finding": "<fingerprint>"},
     "decisions": {"<fingerprint>": {"verdict": "dismissed", "note": "...", "reviewer": "ann",
                   "time": "2025-03-14T10:02:11+00:00", "code": "MT401", "check": "...",
                   "segment": "neg-1", "text": "more considered"}},
     "corrections": {"neg-1": {"mt": "...", "reviewer": "ann", "time": "..."}}}

Decisions are keyed by the finding's content fingerprint (:mod:`mtcheck.baseline`),
corrections by segment. The digest of the input's segments ties the file to its
input: opening it with another input is refused. Every change is written at once,
atomically (a temporary file, flushed to disk, renamed over the old one), so a
killed server loses nothing that it had acknowledged.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

from mtcheck.errors import InputError
from mtcheck.report.output import atomic_output

FORMAT_VERSION = 1
VERDICTS = ("confirmed", "dismissed")
MAX_NOTE_CHARS = 4000


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Decision:
    """What an editor said about one finding (a note alone leaves ``verdict`` None)."""

    verdict: str | None
    code: str
    check: str = ""
    segment: str = ""
    text: str = ""
    note: str = ""
    reviewer: str = ""
    time: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Correction:
    mt: str
    reviewer: str = ""
    time: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FindingRef:
    """What the store keeps about a finding besides the verdict (for stats and baselines)."""

    fingerprint: str
    code: str
    check: str
    segment: str
    text: str


@dataclass
class ReviewFile:
    path: str
    digest: str
    label: str = ""
    segments: int = 0
    # Whether the review read its input with models (document pairing may use one); export reads alike.
    models: bool = True
    flagged: dict[str, Any] = field(default_factory=dict)
    position: dict[str, str] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    corrections: dict[str, Correction] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    # -- reading --------------------------------------------------------------
    @classmethod
    def load(cls, path: str) -> "ReviewFile":
        """Read a review file, whatever input it belongs to."""
        p = Path(path)
        if not p.is_file():
            raise InputError(path, "no such review file")
        try:
            doc = json.loads(p.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise InputError(path, "review file is not UTF-8") from None
        except json.JSONDecodeError as exc:
            raise InputError(path, f"review file is not valid JSON ({exc.msg})", line=exc.lineno) from None
        return cls.from_dict(doc, path)

    @classmethod
    def from_dict(cls, doc: Any, path: str) -> "ReviewFile":
        if not isinstance(doc, dict) or "mtcheck_review" not in doc:
            raise InputError(path, "not an mtcheck review file (expected \"mtcheck_review\")")
        if doc["mtcheck_review"] != FORMAT_VERSION:
            raise InputError(path, f"review file version {doc['mtcheck_review']!r} is not supported (expected {FORMAT_VERSION})")
        info = doc.get("input")
        if not isinstance(info, dict) or not isinstance(info.get("digest"), str):
            raise InputError(path, "review file does not say which input it belongs to (no input digest)")
        review = cls(
            path=path,
            digest=info["digest"],
            label=str(info.get("label", "")),
            segments=int(info.get("segments", 0) or 0),
            models=info.get("models") is not False,
            flagged=doc.get("flagged") if isinstance(doc.get("flagged"), dict) else {},
        )
        position = doc.get("position")
        if isinstance(position, dict):
            review.position = {k: v for k, v in position.items() if k in ("segment", "finding") and isinstance(v, str)}
        decisions = doc.get("decisions") or {}
        corrections = doc.get("corrections") or {}
        if not isinstance(decisions, dict) or not isinstance(corrections, dict):
            raise InputError(path, "review file: 'decisions' and 'corrections' must be objects")
        for fp, raw in decisions.items():
            if not isinstance(raw, dict) or raw.get("verdict") not in (*VERDICTS, None) or not isinstance(raw.get("code"), str):
                raise InputError(path, f"review file: decision {fp!r} is malformed")
            review.decisions[fp] = Decision(
                verdict=raw.get("verdict"),
                **{k: str(raw.get(k, "")) for k in ("code", "check", "segment", "text", "note", "reviewer", "time")},
            )
        for key, raw in corrections.items():
            if not isinstance(raw, dict) or not isinstance(raw.get("mt"), str):
                raise InputError(path, f"review file: correction of segment {key!r} is malformed")
            review.corrections[key] = Correction(raw["mt"], str(raw.get("reviewer", "")), str(raw.get("time", "")))
        return review

    @classmethod
    def open(cls, path: str, digest: str, label: str, segments: int) -> "ReviewFile":
        """The review of this input: resumed from ``path`` if it exists, else a new one.

        A file made for other segments is refused, so that decisions never land on
        the wrong sentences.
        """
        if not Path(path).exists():
            return cls(path=path, digest=digest, label=label, segments=segments)
        review = cls.load(path)
        review.check_input(digest, label, segments)
        review.label = label or review.label
        return review

    def check_input(self, digest: str, label: str, segments: int) -> None:
        """Refuse an input whose segments are not the ones this review was made for."""
        if self.digest != digest:
            made_for = f"{self.label or 'another input'} ({self.segments} segments)"
            raise InputError(
                self.path,
                f"this review file belongs to another input: it was made for {made_for}, and the segments of "
                f"{label} ({segments}) differ; move it away or pass --review-file to start a new review",
            )

    # -- changing (each change is saved at once) ------------------------------
    def set_verdict(self, ref: FindingRef, verdict: str | None, reviewer: str) -> Decision:
        if verdict not in (*VERDICTS, None):
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)} or null")
        with self._lock:
            decision = self._decision(ref)
            decision.verdict = verdict
            decision.reviewer, decision.time = reviewer, now()
            self._save_locked()
            return decision

    def set_note(self, ref: FindingRef, note: str, reviewer: str) -> Decision:
        note = note.strip()
        if len(note) > MAX_NOTE_CHARS:
            raise ValueError(f"a note is at most {MAX_NOTE_CHARS} characters")
        with self._lock:
            decision = self._decision(ref)
            decision.note = note
            decision.reviewer, decision.time = reviewer, now()
            if decision.verdict is None and not note:
                del self.decisions[ref.fingerprint]
            self._save_locked()
            return decision

    def set_correction(self, segment: str, mt: str | None, reviewer: str) -> Correction | None:
        """Store a corrected translation; ``None`` removes the correction."""
        with self._lock:
            if mt is None:
                self.corrections.pop(segment, None)
                result = None
            else:
                result = self.corrections[segment] = Correction(mt, reviewer, now())
            self._save_locked()
            return result

    def set_position(self, segment: str, finding: str | None) -> None:
        with self._lock:
            self.position = {"segment": segment, **({"finding": finding} if finding else {})}
            self._save_locked()

    def set_flagged(self, by_code: Mapping[str, int]) -> None:
        """Record how many findings of each code the input had (for stats); saved with the next change."""
        with self._lock:
            self.flagged = {"findings": sum(by_code.values()), "by_code": dict(sorted(by_code.items()))}

    def _decision(self, ref: FindingRef) -> Decision:
        decision = self.decisions.get(ref.fingerprint)
        if decision is None:
            decision = self.decisions[ref.fingerprint] = Decision(verdict=None, code=ref.code)
        decision.code, decision.check, decision.segment, decision.text = ref.code, ref.check, ref.segment, ref.text
        return decision

    # -- writing --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "mtcheck_review": FORMAT_VERSION,
            "input": {"label": self.label, "digest": self.digest, "segments": self.segments, "models": self.models},
            "flagged": self.flagged,
            "position": self.position,
            "decisions": {fp: d.to_dict() for fp, d in self.decisions.items()},
            "corrections": {key: c.to_dict() for key, c in self.corrections.items()},
        }

    def save(self) -> None:
        with self._lock:
            self._save_locked()

    def _save_locked(self) -> None:
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"
        with atomic_output(self.path) as stream:
            stream.write(text)
            # Flushed to disk before the rename, so the file is either the old
            # review or the new one, never a torn write.
            stream.flush()
            os.fsync(stream.fileno())

    # -- reading decisions ----------------------------------------------------
    def verdict(self, fingerprint: str) -> str | None:
        decision = self.decisions.get(fingerprint)
        return decision.verdict if decision else None

    def dismissed(self) -> dict[str, Decision]:
        return {fp: d for fp, d in self.decisions.items() if d.verdict == "dismissed"}
