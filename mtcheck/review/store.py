"""The review file: an editor's decisions on one input, saved on every action.

It is JSON, kept beside the input (``INPUT.mtcheck-review.json``)::

    {"mtcheck_review": 1, "revision": 12,
     "input": {"label": "feed.jsonl", "digest": "sha256:...", "segments": 6, "models": true},
     "flagged": {"findings": 4, "by_code": {"MT401": 1, ...}},
     "position": {"segment": "neg-1", "finding": "<fingerprint>"},
     "decisions": {"<fingerprint>": {"verdict": "dismissed", "note": "...", "reviewer": "ann",
                   "time": "2025-03-14T10:02:11+00:00", "code": "MT401", "check": "...",
                   "segment": "neg-1", "text": "more considered",
                   "verdict_revision": 7, "note_revision": 3}},
     "corrections": {"neg-1": {"mt": "...", "reviewer": "ann", "time": "...", "revision": 9}},
     "reverted": {"neg-2": {"reviewer": "bob", "time": "...", "revision": 11}}}

Decisions are keyed by the finding's content fingerprint (:mod:`mtcheck.baseline`),
corrections by segment. The digest of the input's segments ties the file to its
input: opening it with another input is refused. Every change is written at once,
atomically (a temporary file, flushed to disk, renamed over the old one), so a
killed server loses nothing that it had acknowledged.

Several windows, editors or processes may work on one file. ``revision`` counts
the writes (a file without it is at revision 0) and every record says at which
revision it last changed, so a change made by someone who had not seen the
record's current state is refused (:class:`Conflict`) instead of overwriting it.
Each write first reads the file again if it changed on disk since this process
last wrote or read it, and merges it record by record: nothing on disk is lost,
and of two versions of a record the later one wins. The read-merge-write runs
under a lock on the file's folder, so two processes never interleave. A
correction taken back is kept in ``reverted``, so that it, too, is a change the
others can see.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from mtcheck.errors import InputError
from mtcheck.report.output import atomic_output

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the merge before each write still keeps records.
    fcntl = None  # type: ignore[assignment]

FORMAT_VERSION = 1
VERDICTS = ("confirmed", "dismissed")
MAX_NOTE_CHARS = 4000


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Conflict(Exception):
    """The record an action touches changed after the revision its author had seen."""

    def __init__(self, kind: str, key: str, record: Any) -> None:
        super().__init__(f"{kind} {key!r} changed since")
        self.kind = kind  # "decision" or "correction"
        self.key = key
        self.record = record  # the current Decision, or Correction (``mt`` None: taken back)


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
    verdict_revision: int = 0
    note_revision: int = 0

    @property
    def revision(self) -> int:
        return max(self.verdict_revision, self.note_revision)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Correction:
    """A corrected translation; ``mt`` None records that a correction was taken back."""

    mt: str | None
    reviewer: str = ""
    time: str = ""
    revision: int = 0

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


def _count(raw: Any, path: str, what: str) -> int:
    if raw is None:
        return 0
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        raise InputError(path, f"review file: {what} is not a revision number")
    return raw


def _disk_wins(disk_time: str, mine_time: str) -> bool:
    """Of two versions of a record, the one on disk wins unless ours was made strictly later."""
    return not mine_time > disk_time


@contextlib.contextmanager
def _folder_lock(path: str) -> Iterator[None]:
    """An exclusive advisory lock between processes writing review files in one folder.

    The folder is locked rather than the file, because every write replaces the
    file (a lock on the old one would not stop a writer of the new one), and so
    that no lock file is left beside the input.
    """
    if fcntl is None:
        yield
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield  # the write itself will say what is wrong with the folder
        return
    try:
        with contextlib.suppress(OSError):  # a filesystem without flock: the merge still keeps records
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


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
    reverted: dict[str, Correction] = field(default_factory=dict)
    revision: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    # What the file on disk looked like when this process last wrote or read it.
    _seen: tuple[int, int, int, int] | None = field(default=None, repr=False, compare=False)

    # -- reading --------------------------------------------------------------
    @classmethod
    def load(cls, path: str) -> "ReviewFile":
        """Read a review file, whatever input it belongs to."""
        p = Path(path)
        if not p.is_file():
            raise InputError(path, "no such review file")
        with p.open("rb") as f:
            seen = _signature(os.fstat(f.fileno()))
            review = cls.from_dict(cls._parse(f.read(), path), path)
        review._seen = seen
        return review

    @staticmethod
    def _parse(data: bytes, path: str) -> Any:
        try:
            return json.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise InputError(path, "review file is not UTF-8") from None
        except json.JSONDecodeError as exc:
            raise InputError(path, f"review file is not valid JSON ({exc.msg})", line=exc.lineno) from None

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
            revision=_count(doc.get("revision"), path, "'revision'"),
        )
        position = doc.get("position")
        if isinstance(position, dict):
            review.position = {k: v for k, v in position.items() if k in ("segment", "finding") and isinstance(v, str)}
        decisions = doc.get("decisions") or {}
        corrections = doc.get("corrections") or {}
        reverted = doc.get("reverted") or {}
        if not all(isinstance(x, dict) for x in (decisions, corrections, reverted)):
            raise InputError(path, "review file: 'decisions', 'corrections' and 'reverted' must be objects")
        for fp, raw in decisions.items():
            if not isinstance(raw, dict) or raw.get("verdict") not in (*VERDICTS, None) or not isinstance(raw.get("code"), str):
                raise InputError(path, f"review file: decision {fp!r} is malformed")
            review.decisions[fp] = Decision(
                verdict=raw.get("verdict"),
                **{k: str(raw.get(k, "")) for k in ("code", "check", "segment", "text", "note", "reviewer", "time")},
                verdict_revision=_count(raw.get("verdict_revision"), path, f"decision {fp!r}"),
                note_revision=_count(raw.get("note_revision"), path, f"decision {fp!r}"),
            )
        for key, raw in corrections.items():
            if not isinstance(raw, dict) or not isinstance(raw.get("mt"), str):
                raise InputError(path, f"review file: correction of segment {key!r} is malformed")
            review.corrections[key] = Correction(
                raw["mt"], str(raw.get("reviewer", "")), str(raw.get("time", "")), _count(raw.get("revision"), path, f"correction {key!r}")
            )
        for key, raw in reverted.items():
            if not isinstance(raw, dict) or key in review.corrections:
                raise InputError(path, f"review file: reverted correction of segment {key!r} is malformed")
            review.reverted[key] = Correction(
                None, str(raw.get("reviewer", "")), str(raw.get("time", "")), _count(raw.get("revision"), path, f"reverted {key!r}")
            )
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

    # -- other writers --------------------------------------------------------
    def refresh(self) -> bool:
        """Take in what another process wrote to the file since we last saw it; True if anything came in.

        A file that cannot be read just now (or no longer belongs to this input) is
        left alone here; the next write says what is wrong with it.
        """
        with self._lock:
            try:
                return self._sync_locked()
            except InputError:
                return False

    def _sync_locked(self) -> bool:
        try:
            f = open(self.path, "rb")
        except FileNotFoundError:
            return False  # moved away or not written yet: the next write puts back all we have
        except OSError as exc:
            raise InputError(self.path, f"cannot read the review file: {exc.strerror}") from None
        with f:
            seen = _signature(os.fstat(f.fileno()))
            if seen == self._seen:
                return False
            theirs = self.from_dict(self._parse(f.read(), self.path), self.path)
        if theirs.digest != self.digest:
            raise InputError(
                self.path,
                "the review file was replaced on disk by the review of another input; move it away to go on saving",
            )
        changed = self._merge(theirs)
        self._seen = seen
        return changed

    def _merge(self, theirs: "ReviewFile") -> bool:
        """Merge the file on disk into this review, record by record; True if a record changed here.

        Records only we have are kept; records only the disk has are taken; of two
        versions the later wins, the disk's on a tie (this process holds nothing it
        has not written, so a difference is someone else's change or an older copy
        dropped in). A record that changes here is stamped past our revision, so
        that anyone who saw only our state finds it newer than what they saw.
        """
        past = self.revision + 1
        changed = False
        for fp, disk in theirs.decisions.items():
            mine = self.decisions.get(fp)
            if mine is not None and not _disk_wins(disk.time, mine.time):
                continue
            # A finding without a record has no verdict and no note: only what differs from that is news.
            if disk.verdict != (mine.verdict if mine else None):
                disk.verdict_revision = max(disk.verdict_revision, past)
            if disk.note != (mine.note if mine else ""):
                disk.note_revision = max(disk.note_revision, past)
            if mine is None or disk.to_dict() != mine.to_dict():
                self.decisions[fp] = disk
                changed = True
        for key in {**theirs.corrections, **theirs.reverted}:
            disk = theirs.corrections.get(key) or theirs.reverted[key]
            mine = self._correction(key)
            if mine is not None and not _disk_wins(disk.time, mine.time):
                continue
            if disk.mt != (mine.mt if mine else None):
                disk.revision = max(disk.revision, past)
            if mine is None or disk.to_dict() != mine.to_dict():
                self._put_correction(key, disk)
                changed = True
        if theirs.revision > self.revision and theirs.position:
            self.position = dict(theirs.position)
        revs = [d.revision for d in self.decisions.values()] + [c.revision for c in self._all_corrections().values()]
        self.revision = max([self.revision, theirs.revision, *revs])
        return changed

    # -- changing (each change is saved at once) ------------------------------
    def set_verdict(self, ref: FindingRef, verdict: str | None, reviewer: str, base: int | None = None) -> Decision:
        """Decide a finding. ``base``: the revision its author had seen; a verdict changed since is a Conflict."""
        if verdict not in (*VERDICTS, None):
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)} or null")
        with self._writing():
            current = self.decisions.get(ref.fingerprint)
            if current is not None and base is not None and current.verdict_revision > base:
                if current.verdict == verdict:
                    return current  # decided alike elsewhere: keep who did it first
                raise Conflict("decision", ref.fingerprint, replace(current))
            decision = self._decision(ref, current)
            decision.verdict = verdict
            decision.reviewer, decision.time = reviewer, now()
            decision.verdict_revision = self.revision + 1
            self._commit_decision(ref.fingerprint, current, decision)
            return decision

    def set_note(self, ref: FindingRef, note: str, reviewer: str, base: int | None = None) -> Decision:
        note = note.strip()
        if len(note) > MAX_NOTE_CHARS:
            raise ValueError(f"a note is at most {MAX_NOTE_CHARS} characters")
        with self._writing():
            current = self.decisions.get(ref.fingerprint)
            if current is None and not note:
                return self._decision(ref, None)  # nothing to clear: nothing to write
            if current is not None and base is not None and current.note_revision > base:
                if current.note == note:
                    return current
                raise Conflict("decision", ref.fingerprint, replace(current))
            decision = self._decision(ref, current)
            decision.note = note
            decision.reviewer, decision.time = reviewer, now()
            decision.note_revision = self.revision + 1
            # A decision with neither verdict nor note stays, so that clearing a note is a change others see.
            self._commit_decision(ref.fingerprint, current, decision)
            return decision

    def set_correction(self, segment: str, mt: str | None, reviewer: str, base: int | None = None) -> Correction | None:
        """Store a corrected translation; ``None`` takes the correction back."""
        with self._writing():
            current = self._correction(segment)
            if current is None and mt is None:
                return None
            if current is not None and base is not None and current.revision > base:
                if current.mt == mt:
                    return current if mt is not None else None
                raise Conflict("correction", segment, replace(current))
            new = Correction(mt, reviewer, now(), self.revision + 1)
            self._commit(lambda: self._put_correction(segment, new), lambda: self._put_correction(segment, current))
            return new if mt is not None else None

    def set_position(self, segment: str, finding: str | None) -> None:
        with self._writing():
            before = self.position
            after = {"segment": segment, **({"finding": finding} if finding else {})}
            self._commit(lambda: setattr(self, "position", after), lambda: setattr(self, "position", before))

    def set_flagged(self, by_code: Mapping[str, int]) -> None:
        """Record how many findings of each code the input had (for stats); saved with the next change."""
        with self._lock:
            self.flagged = {"findings": sum(by_code.values()), "by_code": dict(sorted(by_code.items()))}

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold both locks and bring this review up to date with the disk before a change."""
        with self._lock, _folder_lock(self.path):
            self._sync_locked()
            yield

    @staticmethod
    def _decision(ref: FindingRef, current: Decision | None) -> Decision:
        decision = replace(current) if current is not None else Decision(verdict=None, code=ref.code)
        decision.code, decision.check, decision.segment, decision.text = ref.code, ref.check, ref.segment, ref.text
        return decision

    def _commit_decision(self, fp: str, before: Decision | None, after: Decision) -> None:
        def undo() -> None:
            if before is None:
                self.decisions.pop(fp, None)
            else:
                self.decisions[fp] = before

        self._commit(lambda: self.decisions.__setitem__(fp, after), undo)

    def _commit(self, apply: Callable[[], None], undo: Callable[[], None]) -> None:
        """Apply a change as the next revision and save it; if saving fails, the review is as it was."""
        apply()
        self.revision += 1
        try:
            self._save_locked()
        except BaseException:
            undo()
            self.revision -= 1
            raise

    def _correction(self, key: str) -> Correction | None:
        return self.corrections.get(key) or self.reverted.get(key)

    def _put_correction(self, key: str, correction: Correction | None) -> None:
        self.corrections.pop(key, None)
        self.reverted.pop(key, None)
        if correction is not None:
            (self.corrections if correction.mt is not None else self.reverted)[key] = correction

    def _all_corrections(self) -> dict[str, Correction]:
        return {**self.reverted, **self.corrections}

    # -- writing --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "mtcheck_review": FORMAT_VERSION,
            "revision": self.revision,
            "input": {"label": self.label, "digest": self.digest, "segments": self.segments, "models": self.models},
            "flagged": self.flagged,
            "position": self.position,
            "decisions": {fp: d.to_dict() for fp, d in self.decisions.items()},
            "corrections": {key: c.to_dict() for key, c in self.corrections.items()},
            "reverted": {key: {k: v for k, v in c.to_dict().items() if k != "mt"} for key, c in self.reverted.items()},
        }

    def save(self) -> None:
        """Write the whole review (merged with the disk first) as the next revision."""
        with self._writing():
            self._commit(lambda: None, lambda: None)

    def _save_locked(self) -> None:
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"
        with atomic_output(self.path) as stream:
            stream.write(text)
            # Flushed to disk before the rename, so the file is either the old
            # review or the new one, never a torn write.
            stream.flush()
            os.fsync(stream.fileno())
        # Under the folder lock no one else wrote in between: this is our own file.
        self._seen = _signature(os.stat(self.path))

    # -- reading decisions ----------------------------------------------------
    def verdict(self, fingerprint: str) -> str | None:
        decision = self.decisions.get(fingerprint)
        return decision.verdict if decision else None

    def dismissed(self) -> dict[str, Decision]:
        return {fp: d for fp, d in self.decisions.items() if d.verdict == "dismissed"}

    def changes(self, since: int) -> tuple[int, dict[str, Decision], dict[str, Correction]]:
        """The revision now, and the decisions and corrections (``mt`` None: taken back) changed after ``since``."""
        with self._lock:
            decisions = {fp: replace(d) for fp, d in self.decisions.items() if d.revision > since}
            corrections = {k: replace(c) for k, c in self._all_corrections().items() if c.revision > since}
            return self.revision, decisions, corrections
