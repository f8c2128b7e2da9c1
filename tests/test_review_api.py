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
