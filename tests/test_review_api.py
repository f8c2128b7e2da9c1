"""The review app's HTTP side: the token, cross-origin refusal, and decisions reaching the review file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mtcheck.inputs import InputSpec
from mtcheck.review.app import create_app
from mtcheck.review.session import ReviewSession
from mtcheck.review.source import open_source
from mtcheck.review.store import ReviewFile
from mtcheck.selection import Selection
from mtcheck.settings import Settings

TOKEN = "test-token-123"
AUTH = {"X-Mtcheck-Token": TOKEN}
ROWS = [
    {"id": "rep", "mt": "He stressed that the allies would discuss guarantees for for Kiev."},
    {"id": "ok", "mt": "The talks went on for three hours."},
    {"id": "ru", "mt": "Озвучить текст"},
]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[TestClient, ReviewSession, Path]:
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    settings = Settings(selection=Selection.build(select=["MT101", "MT201", "MT301"]), models=False)
    source = open_source(InputSpec(path=str(path)), settings)
    review = ReviewFile.open(source.default_review_path(), source.digest, source.label, len(source.results))
    session = ReviewSession(source, review, "ann", settings)
    client = TestClient(create_app(session, TOKEN), base_url="http://127.0.0.1:8765")
    return client, session, Path(review.path)


def fingerprint_of(session: ReviewSession, code: str) -> str:
    state = session.state()
    return next(f["fingerprint"] for seg in state["queue"] for f in seg["findings"] if f["code"] == code)


def test_the_page_needs_the_token_in_its_url(setup) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = setup
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    page = client.get(f"/?token={TOKEN}")
    assert page.status_code == 200
    assert f'src="/static/app.js?token={TOKEN}"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"


def test_assets_are_bundled_and_need_the_token(setup) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = setup
    assert client.get("/static/app.js").status_code == 403
    js = client.get(f"/static/app.js?token={TOKEN}")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in js.text.replace("(never innerHTML)", "")
    assert client.get(f"/static/app.css?token={TOKEN}").status_code == 200
    assert client.get(f"/static/../store.py?token={TOKEN}").status_code == 404


def test_the_api_needs_the_token_header_not_a_query_parameter(setup) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = setup
    assert client.get("/api/state").status_code == 403
    assert client.get(f"/api/state?token={TOKEN}").status_code == 403
    assert client.get("/api/state", headers={"X-Mtcheck-Token": "nope"}).status_code == 403
    state = client.get("/api/state", headers=AUTH).json()
    assert [seg["key"] for seg in state["queue"]] == ["ru", "rep"]  # two findings (major) before one (minor)
    assert state["progress"]["findings"] == 3 and state["reviewer"] == "ann"


def test_an_unknown_host_is_refused_even_with_the_token(setup) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = setup
    response = client.get("/api/state", headers={**AUTH, "Host": "attacker.example:8765"})
    assert response.status_code == 403


def test_a_decision_is_saved_to_the_review_file(setup) -> None:  # type: ignore[no-untyped-def]
    client, session, review_path = setup
    fp = fingerprint_of(session, "MT301")
    response = client.post("/api/decision", json={"fingerprint": fp, "verdict": "confirmed"}, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["progress"]["decided"] == 1
    saved = ReviewFile.load(str(review_path))
    assert saved.decisions[fp].verdict == "confirmed"
    assert saved.decisions[fp].code == "MT301" and saved.decisions[fp].text == "for for"


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"Origin": "http://attacker.example"}, 403),
        ({"Origin": "http://127.0.0.1:9999"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"X-Mtcheck-Token": ""}, 403),
    ],
)
def test_cross_origin_or_tokenless_writes_are_refused(setup, headers: dict[str, str], status: int) -> None:  # type: ignore[no-untyped-def]
    client, session, review_path = setup
    fp = fingerprint_of(session, "MT301")
    response = client.post("/api/decision", json={"fingerprint": fp, "verdict": "dismissed"}, headers={**AUTH, **headers})
    assert response.status_code == status
    assert not review_path.exists()


def test_a_same_origin_write_from_the_page_is_accepted(setup) -> None:  # type: ignore[no-untyped-def]
    client, session, review_path = setup
    fp = fingerprint_of(session, "MT301")
    headers = {**AUTH, "Origin": "http://127.0.0.1:8765", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/api/decision", json={"fingerprint": fp, "verdict": "dismissed"}, headers=headers).status_code == 200
    assert ReviewFile.load(str(review_path)).decisions[fp].verdict == "dismissed"


def test_writes_must_be_json(setup) -> None:  # type: ignore[no-untyped-def]
    client, session, review_path = setup
    fp = fingerprint_of(session, "MT301")
    body = json.dumps({"fingerprint": fp, "verdict": "dismissed"})
    form = client.post("/api/decision", content=body, headers={**AUTH, "Content-Type": "text/plain"})
    assert form.status_code == 415
    broken = client.post("/api/decision", content="{", headers={**AUTH, "Content-Type": "application/json"})
    assert broken.status_code == 400
    assert not review_path.exists()


@pytest.mark.parametrize(
    "path, body, status",
    [
        ("/api/decision", {"fingerprint": "nope", "verdict": "confirmed"}, 404),
        ("/api/decision", {"verdict": "confirmed"}, 404),
        ("/api/decision", {"fingerprint": "FP", "verdict": "maybe"}, 400),
        ("/api/note", {"fingerprint": "FP", "note": 5}, 400),
        ("/api/correction", {"segment": "nope", "mt": "x"}, 404),
        ("/api/correction", {"segment": "rep", "mt": "   "}, 400),
        ("/api/position", {"segment": "rep", "finding": "nope"}, 404),
    ],
)
def test_bad_requests_are_refused_with_a_reason(setup, path: str, body: dict, status: int) -> None:  # type: ignore[no-untyped-def,type-arg]
    client, session, review_path = setup
    body = {k: (fingerprint_of(session, "MT301") if v == "FP" else v) for k, v in body.items()}
    response = client.post(path, json=body, headers=AUTH)
    assert response.status_code == status
    assert response.json()["error"]
    assert not review_path.exists()


def test_a_correction_is_saved_one_line_and_rechecked(setup) -> None:  # type: ignore[no-untyped-def]
    client, _, review_path = setup
    fixed = client.post("/api/correction", json={"segment": "rep", "mt": "He stressed that the allies\nwould discuss guarantees for Kiev."}, headers=AUTH)
    assert fixed.status_code == 200
    assert fixed.json()["recheck"] == []
    assert ReviewFile.load(str(review_path)).corrections["rep"].mt == "He stressed that the allies would discuss guarantees for Kiev."
    still = client.post("/api/correction", json={"segment": "rep", "mt": "The the allies would discuss it."}, headers=AUTH).json()
    assert [f["code"] for f in still["recheck"]] == ["MT301"]
    # Back to the original text: no correction any more.
    back = client.post("/api/correction", json={"segment": "rep", "mt": ROWS[0]["mt"]}, headers=AUTH).json()
    assert back["correction"] is None
    assert "rep" not in ReviewFile.load(str(review_path)).corrections


def test_notes_and_position_come_back_in_the_state(setup) -> None:  # type: ignore[no-untyped-def]
    client, session, _ = setup
    fp = fingerprint_of(session, "MT101")
    assert client.post("/api/note", json={"fingerprint": fp, "note": "button label"}, headers=AUTH).status_code == 200
    assert client.post("/api/position", json={"segment": "ru", "finding": fp}, headers=AUTH).status_code == 200
    state = client.get("/api/state", headers=AUTH).json()
    assert state["decisions"][fp]["note"] == "button label" and state["decisions"][fp]["verdict"] is None
    assert state["position"] == {"segment": "ru", "finding": fp}
    assert state["progress"]["decided"] == 0


# -- two windows, two editors, two servers --------------------------------------


def test_a_stale_revision_on_the_same_finding_is_refused_with_the_current_record(setup) -> None:  # type: ignore[no-untyped-def]
    client, session, review_path = setup
    fp = fingerprint_of(session, "MT301")
    seen = client.get("/api/state", headers=AUTH).json()["revision"]
    assert seen == 0
    # Window A confirms; window B, still at revision 0, dismisses the same finding.
    a = client.post("/api/decision", json={"fingerprint": fp, "verdict": "confirmed", "revision": seen}, headers=AUTH)
    assert a.status_code == 200 and a.json()["revision"] == 1
    b = client.post("/api/decision", json={"fingerprint": fp, "verdict": "dismissed", "revision": seen}, headers=AUTH)
    assert b.status_code == 409
    body = b.json()
    assert body["error"] == "changed in another window: now confirmed by ann"
    assert body["conflict"]["kind"] == "decision" and body["conflict"]["key"] == fp
    assert body["conflict"]["record"]["verdict"] == "confirmed"
    # What changed since B's revision comes along, so B's window catches up at once.
    assert body["revision"] == 1 and body["decisions"][fp]["verdict"] == "confirmed"
    assert "content-security-policy" in b.headers
    assert ReviewFile.load(str(review_path)).decisions[fp].verdict == "confirmed"
    # Having seen it, B may change it.
    again = client.post("/api/decision", json={"fingerprint": fp, "verdict": "dismissed", "revision": 1}, headers=AUTH)
    assert again.status_code == 200 and ReviewFile.load(str(review_path)).decisions[fp].verdict == "dismissed"


def test_a_stale_revision_on_another_finding_is_applied_and_brings_the_other_change(setup) -> None:  # type: ignore[no-untyped-def]
    client, session, review_path = setup
    rep, ru = fingerprint_of(session, "MT301"), fingerprint_of(session, "MT101")
    client.post("/api/decision", json={"fingerprint": rep, "verdict": "confirmed", "revision": 0}, headers=AUTH)
    b = client.post("/api/decision", json={"fingerprint": ru, "verdict": "dismissed", "revision": 0}, headers=AUTH)
    assert b.status_code == 200
    body = b.json()
    assert body["revision"] == 2
    assert {fp: d["verdict"] for fp, d in body["decisions"].items()} == {rep: "confirmed", ru: "dismissed"}
    assert body["progress"]["decided"] == 2
    saved = ReviewFile.load(str(review_path))
    assert (saved.decisions[rep].verdict, saved.decisions[ru].verdict) == ("confirmed", "dismissed")


def test_stale_notes_and_corrections_are_refused_too(setup) -> None:  # type: ignore[no-untyped-def]
    client, session, _ = setup
    fp = fingerprint_of(session, "MT301")
    assert client.post("/api/note", json={"fingerprint": fp, "note": "ask", "revision": 0}, headers=AUTH).status_code == 200
    note = client.post("/api/note", json={"fingerprint": fp, "note": "fine", "revision": 0}, headers=AUTH)
    assert note.status_code == 409 and note.json()["conflict"]["record"]["note"] == "ask"
    # A verdict is another part of the record: the note does not stand in its way.
    assert client.post("/api/decision", json={"fingerprint": fp, "verdict": "confirmed", "revision": 0}, headers=AUTH).status_code == 200
    assert client.post("/api/correction", json={"segment": "rep", "mt": "One.", "revision": 0}, headers=AUTH).status_code == 200
    fix = client.post("/api/correction", json={"segment": "rep", "mt": "Two.", "revision": 0}, headers=AUTH)
    assert fix.status_code == 409
    assert fix.json()["conflict"] == {"kind": "correction", "key": "rep", "record": fix.json()["corrections"]["rep"]}
    assert fix.json()["conflict"]["record"]["mt"] == "One." and fix.json()["error"].endswith("now corrected by ann")


@pytest.mark.parametrize("revision", [-1, "3", 1.5, True])
def test_a_revision_that_is_not_a_number_is_refused(setup, revision: object) -> None:  # type: ignore[no-untyped-def]
    client, session, review_path = setup
    fp = fingerprint_of(session, "MT301")
    response = client.post("/api/decision", json={"fingerprint": fp, "verdict": "confirmed", "revision": revision}, headers=AUTH)
    assert response.status_code == 400 and "revision" in response.json()["error"]
    assert not review_path.exists()


def test_changes_since_a_revision(setup) -> None:  # type: ignore[no-untyped-def]
    client, session, _ = setup
    fp = fingerprint_of(session, "MT301")
    assert client.get("/api/changes?since=0").status_code == 403
    assert client.get("/api/changes?since=0", headers=AUTH).json()["decisions"] == {}
    client.post("/api/decision", json={"fingerprint": fp, "verdict": "confirmed"}, headers=AUTH)
    client.post("/api/correction", json={"segment": "rep", "mt": "Fixed."}, headers=AUTH)
    client.post("/api/position", json={"segment": "rep"}, headers=AUTH)
    changes = client.get("/api/changes?since=0", headers=AUTH).json()
    assert changes["revision"] == 3
    assert changes["decisions"][fp]["verdict"] == "confirmed" and changes["corrections"]["rep"]["mt"] == "Fixed."
    assert changes["progress"]["decided"] == 1
    later = client.get("/api/changes?since=2", headers=AUTH).json()
    assert (later["revision"], later["decisions"], later["corrections"]) == (3, {}, {})
    # Taken back: the correction comes with its mt null (and its revision, to order it).
    client.post("/api/correction", json={"segment": "rep", "mt": ROWS[0]["mt"]}, headers=AUTH)
    back = client.get("/api/changes?since=3", headers=AUTH).json()["corrections"]
    assert back["rep"]["mt"] is None and back["rep"]["revision"] == 4
    for bad in ("", "x", "-1"):
        assert client.get(f"/api/changes?since={bad}", headers=AUTH).status_code == 400


def test_two_servers_on_one_review_file_merge_and_refuse_stale_changes(setup) -> None:  # type: ignore[no-untyped-def]
    client_a, session_a, review_path = setup
    # A second `mtcheck review` of the same input: its own session and memory, the same file.
    review_b = ReviewFile.open(str(review_path), session_a.source.digest, session_a.source.label, len(session_a.source.results))
    session_b = ReviewSession(session_a.source, review_b, "bob", session_a.settings)
    client_b = TestClient(create_app(session_b, TOKEN), base_url="http://127.0.0.1:8766")
    rep, ru = fingerprint_of(session_a, "MT301"), fingerprint_of(session_a, "MT101")

    assert client_a.post("/api/decision", json={"fingerprint": rep, "verdict": "confirmed", "revision": 0}, headers=AUTH).status_code == 200
    # B's page polls: A's decision comes from the file.
    polled = client_b.get("/api/changes?since=0", headers=AUTH).json()
    assert polled["revision"] == 1 and polled["decisions"][rep]["reviewer"] == "ann"
    # B acts on what it saw before: the same finding is refused, another one merges.
    stale = client_b.post("/api/decision", json={"fingerprint": rep, "verdict": "dismissed", "revision": 0}, headers=AUTH)
    assert stale.status_code == 409 and stale.json()["error"] == "changed in another window: now confirmed by ann"
    assert client_b.post("/api/decision", json={"fingerprint": ru, "verdict": "dismissed", "revision": 0}, headers=AUTH).status_code == 200
    assert client_a.post("/api/note", json={"fingerprint": ru, "note": "a UI label", "revision": 1}, headers=AUTH).status_code == 200
    saved = ReviewFile.load(str(review_path))
    assert {fp: (d.verdict, d.note) for fp, d in saved.decisions.items()} == {rep: ("confirmed", ""), ru: ("dismissed", "a UI label")}
    assert saved.revision == 3
    assert client_a.get("/api/state", headers=AUTH).json()["progress"]["decided"] == 2


def test_a_review_file_on_disk_that_cannot_be_merged_is_not_overwritten(setup) -> None:  # type: ignore[no-untyped-def]
    client, session, review_path = setup
    fp = fingerprint_of(session, "MT301")
    assert client.post("/api/decision", json={"fingerprint": fp, "verdict": "confirmed"}, headers=AUTH).status_code == 200
    review_path.write_text('{"mtcheck_review": 1, "decisions": {', encoding="utf-8")  # someone's half-saved edit
    assert client.get("/api/changes?since=0", headers=AUTH).status_code == 200  # polling stays quiet
    response = client.post("/api/decision", json={"fingerprint": fp, "verdict": "dismissed"}, headers=AUTH)
    assert response.status_code == 500
    assert "could not save the review" in response.json()["error"] and "not valid JSON" in response.json()["error"]
    assert review_path.read_text(encoding="utf-8") == '{"mtcheck_review": 1, "decisions": {'
