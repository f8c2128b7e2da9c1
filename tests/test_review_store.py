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
from mtcheck.review.store import FindingRef, ReviewFile

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


def test_a_note_alone_keeps_no_verdict_and_an_empty_note_on_no_verdict_goes_away(tmp_path: Path) -> None:
    review = new_review(tmp_path)
    review.set_note(REF, "check with the desk", "ann")
    assert review.verdict("fp1") is None
    review.set_note(REF, "  ", "ann")
    assert "fp1" not in ReviewFile.load(review.path).decisions


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
