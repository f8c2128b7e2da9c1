"""The review file: saved atomically on every action, resumed, refused for another input."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from mtcheck.errors import InputError
from mtcheck.records import Category, Finding, Segment, SegmentResult, Severity, Span
from mtcheck.review.session import ReviewSession, risk
from mtcheck.review.source import ReviewSource, segments_digest
from mtcheck.review.store import Conflict, FindingRef, ReviewFile

REF = FindingRef("fp1", "MT301", "doubled-word", "s1", "for for")
REF2 = FindingRef("fp2", "MT101", "cyrillic-in-mt", "s2", "Озвучить")


def new_review(tmp_path: Path, digest: str = "sha256:aaa") -> ReviewFile:
    return ReviewFile.open(str(tmp_path / "in.jsonl.mtcheck-review.json"), digest, "in.jsonl", 3)


def test_nothing_is_written_until_the_first_action(tmp_path: Path) -> None:
    review = new_review(tmp_path)
    assert not Path(review.path).exists()
    review.set_verdict(REF, "confirmed", "ann")
    doc = json.loads(Path(review.path).read_text(encoding="utf-8"))
    assert doc["mtcheck_review"] == 1
    assert doc["input"] == {"label": "in.jsonl", "digest": "sha256:aaa", "segments": 3, "models": True}
    assert doc["decisions"]["fp1"]["verdict"] == "confirmed"
    assert doc["decisions"]["fp1"]["reviewer"] == "ann"
    assert doc["decisions"]["fp1"]["code"] == "MT301"
    assert doc["decisions"]["fp1"]["time"].endswith("+00:00")


def test_every_action_is_on_disk_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    review = new_review(tmp_path)
    review.set_verdict(REF, "dismissed", "ann")
    review.set_note(REF2, "a label on the page, fine", "ann")
    review.set_correction("s1", "He waited for the talks.", "ann")
    review.set_position("s2", "fp2")
    # A second reader (another process, say) sees every one of them.
    again = ReviewFile.load(review.path)
    assert again.decisions["fp1"].verdict == "dismissed"
    assert again.decisions["fp2"].verdict is None and again.decisions["fp2"].note == "a label on the page, fine"
    assert again.corrections["s1"].mt == "He waited for the talks."
    assert again.position == {"segment": "s2", "finding": "fp2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl.mtcheck-review.json"]


def test_a_failed_save_leaves_the_previous_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    review = new_review(tmp_path)
    review.set_verdict(REF, "confirmed", "ann")
    before = Path(review.path).read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        review.set_verdict(REF2, "dismissed", "ann")
    assert Path(review.path).read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl.mtcheck-review.json"]


def test_reopening_resumes_decisions_corrections_and_position(tmp_path: Path) -> None:
    review = new_review(tmp_path)
    review.set_verdict(REF, "confirmed", "ann")
    review.set_correction("s1", "Fixed.", "ann")
    review.set_position("s2", "fp2")
    resumed = new_review(tmp_path)
    assert resumed.to_dict() == review.to_dict()
    assert resumed.position == {"segment": "s2", "finding": "fp2"}


def test_a_review_file_of_another_input_is_refused(tmp_path: Path) -> None:
    review = new_review(tmp_path, digest="sha256:aaa")
    review.set_verdict(REF, "confirmed", "ann")
    with pytest.raises(InputError, match="belongs to another input") as info:
        new_review(tmp_path, digest="sha256:bbb")
    assert info.value.path == review.path
    assert "in.jsonl (3 segments)" in str(info.value)


@pytest.mark.parametrize(
    "content, problem",
    [
        ("{not json", "not valid JSON"),
        ('{"entries": []}', "not an mtcheck review file"),
        ('{"mtcheck_review": 9, "input": {"digest": "x"}}', "version 9 is not supported"),
        ('{"mtcheck_review": 1}', "no input digest"),
        ('{"mtcheck_review": 1, "input": {"digest": "x"}, "decisions": {"a": {"verdict": "maybe", "code": "MT1"}}}', "malformed"),
        ('{"mtcheck_review": 1, "input": {"digest": "x"}, "corrections": {"s1": {"mt": 5}}}', "malformed"),
    ],
)
def test_bad_review_files_are_refused_with_a_message(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "x.mtcheck-review.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        ReviewFile.load(str(path))


def test_a_note_alone_keeps_no_verdict_and_clearing_it_leaves_an_empty_record(tmp_path: Path) -> None:
    review = new_review(tmp_path)
    review.set_note(REF, "check with the desk", "ann")
    assert review.verdict("fp1") is None
    review.set_note(REF, "  ", "bob")
    # Kept (empty), so that another window sees the note was cleared, and by whom.
    cleared = ReviewFile.load(review.path).decisions["fp1"]
    assert (cleared.verdict, cleared.note, cleared.reviewer) == (None, "", "bob")
    # Clearing the note of a finding nobody touched writes nothing.
    review.set_note(REF2, "", "ann")
    assert "fp2" not in ReviewFile.load(review.path).decisions


def test_unknown_verdicts_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        new_review(tmp_path).set_verdict(REF, "maybe", "ann")


def test_concurrent_actions_all_land_in_the_file(tmp_path: Path) -> None:
    review = new_review(tmp_path)
    refs = [FindingRef(f"fp{i}", "MT301", "doubled-word", f"s{i}", "x") for i in range(40)]
    threads = [threading.Thread(target=review.set_verdict, args=(r, "confirmed", "ann")) for r in refs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(ReviewFile.load(review.path).decisions) == {r.fingerprint for r in refs}


def _result(seg_id: str, *severities: Severity) -> SegmentResult:
    seg = Segment(id=seg_id, mt="word " * 6)
    findings = [
        Finding(f"MT30{i}", "x", Category.REPETITION, sev, "m", Span("mt", i * 5, i * 5 + 4)) for i, sev in enumerate(severities)
    ]
    return SegmentResult(segment=seg, findings=findings)


def test_the_queue_is_sorted_by_worst_severity_then_count_and_skips_clean_segments(tmp_path: Path) -> None:
    results = [
        _result("minor", Severity.MINOR),
        _result("clean"),
        _result("major-1", Severity.MAJOR),
        _result("major-2", Severity.MINOR, Severity.MAJOR),
        _result("critical", Severity.CRITICAL),
        _result("major-1b", Severity.MAJOR),
    ]
    source = ReviewSource("in.jsonl", results, "table", None)
    session = ReviewSession(source, new_review(tmp_path, source.digest), "ann")
    assert [r.segment.id for r in session.queue] == ["critical", "major-2", "major-1", "major-1b", "minor"]
    assert risk(results[3]) == (int(Severity.MAJOR), 2)
    assert session.progress() == {"findings": 6, "decided": 0, "segments": 5, "segments_done": 0, "corrected": 0}


def test_the_digest_changes_with_any_text_and_not_with_the_file_name() -> None:
    a = [Segment(id="1", mt="Hello.", src="Привет.")]
    assert segments_digest(a) == segments_digest([Segment(id="1", mt="Hello.", src="Привет.")])
    assert segments_digest(a) != segments_digest([Segment(id="1", mt="Hello!", src="Привет.")])
    assert segments_digest(a) != segments_digest([Segment(id="1", mt="Hello.", src="Привет!")])
    assert segments_digest(a) != segments_digest([Segment(id="2", mt="Hello.", src="Привет.")])


# -- several windows, editors and processes on one file ------------------------

FP1 = FindingRef("fp1", "MT301", "doubled-word", "s1", "for for")
FP2 = FindingRef("fp2", "MT101", "cyrillic-in-mt", "s2", "Озвучить")


def two_on_one_file(tmp_path: Path) -> tuple[ReviewFile, ReviewFile]:
    """Two processes' views of one review file (as two `mtcheck review` servers would hold it)."""
    a = new_review(tmp_path)
    a.set_position("s1", None)  # the file exists before the second one opens it
    return a, new_review(tmp_path)


def _act(review: ReviewFile, action: tuple, base: int | None) -> object:  # type: ignore[type-arg]
    kind, *args = action
    if kind == "verdict":
        return review.set_verdict(args[0], args[1], args[2], base)
    if kind == "note":
        return review.set_note(args[0], args[1], args[2], base)
    return review.set_correction(args[0], args[1], args[2], base)


# (what A does, then what B does having seen only the file as it was before A's change, what happens to B's)
CASES = [
    # Same finding, another verdict: refused, with A's decision.
    (("verdict", FP1, "confirmed", "ann"), ("verdict", FP1, "dismissed", "bob"), "conflict"),
    (("verdict", FP1, "confirmed", "ann"), ("verdict", FP1, None, "bob"), "conflict"),
    # Same finding, same verdict: nothing to refuse; who decided first stays.
    (("verdict", FP1, "confirmed", "ann"), ("verdict", FP1, "confirmed", "bob"), "kept"),
    # Another finding: merged.
    (("verdict", FP1, "confirmed", "ann"), ("verdict", FP2, "dismissed", "bob"), "applied"),
    # A note and a verdict on one finding do not overwrite each other.
    (("note", FP1, "ask the desk", "ann"), ("verdict", FP1, "dismissed", "bob"), "applied"),
    (("verdict", FP1, "confirmed", "ann"), ("note", FP1, "ask the desk", "bob"), "applied"),
    (("note", FP1, "ask the desk", "ann"), ("note", FP1, "fine as it is", "bob"), "conflict"),
    # Corrections of one segment.
    (("correction", "s1", "He waited.", "ann"), ("correction", "s1", "He was waiting.", "bob"), "conflict"),
    (("correction", "s1", "He waited.", "ann"), ("correction", "s1", "He waited.", "bob"), "kept"),
    (("correction", "s1", "He waited.", "ann"), ("correction", "s2", "The text.", "bob"), "applied"),
]


@pytest.mark.parametrize("first, second, outcome", CASES)
def test_a_stale_change_to_the_same_record_is_refused_and_others_merge(tmp_path: Path, first, second, outcome) -> None:  # type: ignore[no-untyped-def]
    a, b = two_on_one_file(tmp_path)
    seen = b.revision  # what B's window had seen
    _act(a, first, None)
    if outcome == "conflict":
        with pytest.raises(Conflict) as info:
            _act(b, second, seen)
        record = info.value.record
        assert record.reviewer == "ann"
        # B's change is not applied anywhere; A's is on disk and now in B's memory too.
        on_disk = ReviewFile.load(a.path)
        assert on_disk.to_dict() == a.to_dict()
        assert b.to_dict()["decisions"] == on_disk.to_dict()["decisions"]
        assert b.to_dict()["corrections"] == on_disk.to_dict()["corrections"]
        # Having seen A's change, B may change it.
        _act(b, second, b.revision)
    else:
        _act(b, second, seen)
    on_disk = ReviewFile.load(a.path)
    if outcome in ("applied", "kept"):
        a_kind, b_kind = first[0], second[0]
        for kind, args in ((a_kind, first[1:]), (b_kind, second[1:])):
            if kind == "correction":
                assert on_disk.corrections[args[0]].mt == args[1]
            elif kind == "verdict":
                assert on_disk.decisions[args[0].fingerprint].verdict == args[1]
            else:
                assert on_disk.decisions[args[0].fingerprint].note == args[1]
    if outcome == "kept":
        record = on_disk.decisions["fp1"] if first[0] == "verdict" else on_disk.corrections["s1"]
        assert record.reviewer == "ann"
    # Every write counted: the first position, A's, then B's (a refused or "kept" one writes nothing).
    assert on_disk.revision == 2 + (outcome != "kept")


def test_undoing_a_correction_is_a_change_the_others_see(tmp_path: Path) -> None:
    a, b = two_on_one_file(tmp_path)
    a.set_correction("s1", "He waited.", "ann")
    assert b.refresh() and b.corrections["s1"].mt == "He waited."
    seen = b.revision
    a.set_correction("s1", None, "ann")
    with pytest.raises(Conflict) as info:
        b.set_correction("s1", "He was waiting.", "bob", seen)
    assert info.value.record.mt is None and info.value.record.reviewer == "ann"
    assert "s1" not in ReviewFile.load(a.path).corrections
    assert ReviewFile.load(a.path).reverted["s1"].reviewer == "ann"


def test_a_change_without_a_revision_is_not_compared(tmp_path: Path) -> None:
    a, b = two_on_one_file(tmp_path)
    a.set_verdict(FP1, "confirmed", "ann")
    b.set_verdict(FP1, "dismissed", "bob")
    assert ReviewFile.load(a.path).decisions["fp1"].verdict == "dismissed"


def test_refresh_and_changes_bring_in_what_another_process_wrote(tmp_path: Path) -> None:
    a, b = two_on_one_file(tmp_path)
    since = b.revision
    assert not b.refresh()  # nothing new: the file is not even read
    a.set_verdict(FP1, "confirmed", "ann")
    a.set_correction("s2", "The text.", "ann")
    assert b.refresh()
    revision, decisions, corrections = b.changes(since)
    assert revision == a.revision == 3
    assert decisions["fp1"].verdict == "confirmed" and corrections["s2"].mt == "The text."
    assert b.changes(revision) == (revision, {}, {})


def test_an_old_file_without_revisions_loads_at_revision_0(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl.mtcheck-review.json"
    old = {
        "mtcheck_review": 1,
        "input": {"label": "in.jsonl", "digest": "sha256:aaa", "segments": 3},
        "decisions": {"fp1": {"verdict": "confirmed", "code": "MT301", "reviewer": "ann", "time": "2024-01-01T00:00:00+00:00"}},
        "corrections": {"s1": {"mt": "Fixed.", "reviewer": "ann", "time": "2024-01-01T00:00:00+00:00"}},
    }
    path.write_text(json.dumps(old), encoding="utf-8")
    review = new_review(tmp_path)
    assert review.revision == 0 and review.decisions["fp1"].revision == 0 and review.corrections["s1"].revision == 0
    # A window that saw revision 0 saw these records: changing them is no conflict.
    review.set_verdict(FP1, "dismissed", "bob", base=0)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["revision"] == 1 and saved["decisions"]["fp1"]["verdict_revision"] == 1
    assert saved["corrections"]["s1"]["mt"] == "Fixed."


def _copy_with(tmp_path: Path, review: ReviewFile, **decisions: dict) -> None:  # type: ignore[type-arg]
    """Drop a colleague's copy over the file: same input, its own records and an older revision."""
    doc = {
        "mtcheck_review": 1,
        "revision": 1,
        "input": {"label": "in.jsonl", "digest": review.digest, "segments": 3},
        "decisions": decisions,
    }
    Path(review.path).write_text(json.dumps(doc), encoding="utf-8")


def test_a_copy_dropped_in_on_disk_is_merged_record_by_record(tmp_path: Path) -> None:
    review = new_review(tmp_path)
    review.set_verdict(FP1, "confirmed", "ann")
    review.set_verdict(FP2, "dismissed", "ann")
    seen = review.revision
    _copy_with(
        tmp_path,
        review,
        # Older than ours: ours stays.
        fp1={"verdict": "dismissed", "code": "MT301", "reviewer": "cy", "time": "2000-01-01T00:00:00+00:00"},
        # Not ours: taken.
        fp3={"verdict": "confirmed", "code": "MT501", "reviewer": "cy", "time": "2000-01-01T00:00:00+00:00"},
        # Newer than ours: theirs wins, and counts as changed after anything a window had seen.
        fp2={"verdict": "confirmed", "code": "MT101", "reviewer": "cy", "time": "2999-01-01T00:00:00+00:00"},
    )
    review.set_position("s1", None)
    on_disk = ReviewFile.load(review.path)
    assert {fp: (d.verdict, d.reviewer) for fp, d in on_disk.decisions.items()} == {
        "fp1": ("confirmed", "ann"),
        "fp2": ("confirmed", "cy"),
        "fp3": ("confirmed", "cy"),
    }
    assert on_disk.revision > seen
    with pytest.raises(Conflict):
        review.set_verdict(FP2, "dismissed", "ann", seen)


def test_a_file_deleted_on_disk_is_written_again_whole(tmp_path: Path) -> None:
    review = new_review(tmp_path)
    review.set_verdict(FP1, "confirmed", "ann")
    os.unlink(review.path)
    review.set_verdict(FP2, "dismissed", "ann")
    assert set(ReviewFile.load(review.path).decisions) == {"fp1", "fp2"}


@pytest.mark.parametrize(
    "content, problem",
    [
        ("{torn", "not valid JSON"),
        ('{"mtcheck_review": 1, "input": {"digest": "sha256:other"}}', "review of another input"),
    ],
)
def test_a_file_on_disk_that_cannot_be_merged_is_never_overwritten(tmp_path: Path, content: str, problem: str) -> None:
    review = new_review(tmp_path)
    review.set_verdict(FP1, "confirmed", "ann")
    Path(review.path).write_text(content, encoding="utf-8")
    assert not review.refresh()  # reading quietly leaves it alone
    with pytest.raises(InputError, match=problem):
        review.set_verdict(FP2, "dismissed", "ann")
    assert Path(review.path).read_text(encoding="utf-8") == content
    assert "fp2" not in review.decisions


def test_a_failed_save_leaves_memory_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    review = new_review(tmp_path)
    review.set_verdict(FP1, "confirmed", "ann")
    before = review.to_dict()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    for change in (
        lambda: review.set_verdict(FP1, "dismissed", "ann"),
        lambda: review.set_verdict(FP2, "dismissed", "ann"),
        lambda: review.set_correction("s1", "Fixed.", "ann"),
    ):
        with pytest.raises(OSError):
            change()
        assert review.to_dict() == before


# Run in two processes at once: each decides its own findings, corrects its own segments and
# decides two findings both processes decide. Without the lock around read-merge-write, one
# process would write over a decision the other had just saved.
WORKER = """
import sys
from mtcheck.review.store import Conflict, FindingRef, ReviewFile
path, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
review = ReviewFile.open(path, "sha256:aaa", "in.jsonl", 3)
for i in range(n):
    review.set_verdict(FindingRef(f"{who}-{i}", "MT301", "doubled-word", f"s{i}", "x"), "confirmed", who)
    review.set_correction(f"{who}-seg-{i}", f"text {i} by {who}", who)
    if i % 10 == 0:
        review.set_verdict(FindingRef(f"shared-{i}", "MT301", "doubled-word", f"s{i}", "x"), "dismissed", who)
"""


def test_two_processes_on_one_file_lose_no_decision(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = str(tmp_path / "in.jsonl.mtcheck-review.json")
    n = 25
    procs = [
        subprocess.Popen([sys.executable, "-c", WORKER, path, who, str(n)], stderr=subprocess.PIPE, text=True)
        for who in ("ann", "bob")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    review = ReviewFile.load(path)
    for who in ("ann", "bob"):
        assert {f"{who}-{i}" for i in range(n)} <= set(review.decisions)
        assert all(review.corrections[f"{who}-seg-{i}"].mt == f"text {i} by {who}" for i in range(n))
    assert {fp for fp in review.decisions if fp.startswith("shared-")} == {f"shared-{i}" for i in range(0, n, 10)}
    # Every write counted once: no two writers took the same revision.
    assert review.revision == 2 * (2 * n + len(range(0, n, 10)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl.mtcheck-review.json"]
