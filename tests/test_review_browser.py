"""End to end in a real headless Chromium: review the sample with the keyboard, reload, kill, export.

Runs the real `mtcheck review` server in a subprocess and drives Debian's chromium
with playwright (never `playwright install`: the browser is /usr/bin/chromium, from
scripts/system-deps.sh).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest
from typer.testing import CliRunner

from mtcheck.baseline import Baseline
from mtcheck.cli import app
from mtcheck.review.store import ReviewFile

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PAYLOAD = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> Озвучить текст'
FIXED = "The corrected translation, typed by the editor."


class Server:
    """`mtcheck review` in a subprocess; the URL is read off its stdout."""

    def __init__(self, feed: Path) -> None:
        env = {**os.environ, "MTCHECK_REVIEWER": "ann", "PYTHONUNBUFFERED": "1"}
        cmd = [
            sys.executable, "-c", "from mtcheck.cli import main; main()",
            "review", str(feed), "--no-browser", "--no-models", "--select", "MT101,MT201,MT301,MT401",
        ]
        # One pipe for both streams, always drained, so the server never blocks on a full pipe.
        self.proc = subprocess.Popen(cmd, cwd=feed.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = ""
        self.output: list[str] = []
        found = threading.Event()

        def read() -> None:
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                self.output.append(line)
                if m := re.match(r"Review page: (http://127\.0\.0\.1:\d+/\?token=[\w-]+)$", line.strip()):
                    self.url = m.group(1)
                    found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(60):
            self.kill()
            raise AssertionError("no URL from mtcheck review: " + "".join(self.output))

    def kill(self) -> None:
        self.proc.kill()  # SIGKILL: no chance to flush anything on the way out
        self.proc.wait(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("no /usr/bin/chromium (run scripts/system-deps.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    shutil.copy(SAMPLES / "pairs.jsonl", path)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"id": "xss-1", "mt": PAYLOAD, "src": "Озвучить текст"}, ensure_ascii=False) + "\n")
    return path


def current(page) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The segment key and fingerprint of the finding under the cursor."""
    return (
        page.get_attribute("#segment-title", "data-key"),
        page.get_attribute("li.finding.current", "data-fingerprint"),
    )


def saved(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#save-status[data-pending='0'][data-error='0']")


def verdict_shown(page, fp: str) -> str:  # type: ignore[no-untyped-def]
    return page.text_content(f"li.finding[data-fingerprint='{fp}'] .verdict").strip()


def test_review_with_the_keyboard_reload_kill_and_export(browser, feed: Path) -> None:  # type: ignore[no-untyped-def]
    server = Server(feed)
    try:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server.url)
        page.wait_for_selector("body[data-ready='1']")
        progress = page.text_content("#progress-text")
        total = int(re.match(r"0 of (\d+) findings reviewed", progress).group(1))

        # The worst segment comes first: the payload (untranslated, with its source copy), shown as text.
        assert current(page)[0] == "xss-1"
        assert PAYLOAD in page.text_content(".side-mt .text")
        assert page.locator("#sides script, #sides img").count() == 0
        assert page.evaluate("window.__pwned") is None
        # Spans are linked across the sides: hovering the source copy lights up the MT span.
        page.hover(".side-src mark.hl")
        assert page.locator(".side-mt mark.hl.linked").count() >= 1

        # Keyboard: confirm the first finding, move on and back, dismiss another.
        first_key, first = current(page)
        page.keyboard.press("c")
        second_key, second = current(page)
        assert second != first
        page.keyboard.press("j")
        assert current(page)[1] != second
        page.keyboard.press("k")
        assert current(page) == (second_key, second)
        page.keyboard.press("d")
        # Edit the translation of the segment now under the cursor, and add a note.
        edit_key, at = current(page)
        page.keyboard.press("e")
        assert page.is_visible("#edit-box")
        page.fill("#edit-box", FIXED)
        page.keyboard.press("Enter")
        page.keyboard.press("n")
        page.keyboard.type("checked with the desk")
        page.keyboard.press("Enter")
        saved(page)
        assert page.text_content("#corrected-text") == FIXED
        assert page.text_content("#progress-text").startswith(f"2 of {total} findings reviewed")
        page.keyboard.press("?")
        assert page.is_visible("#help")
        page.keyboard.press("Escape")
        assert not page.is_visible("#help")

        # Reload: everything is kept, and the page resumes where the editor stopped.
        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        assert current(page) == (edit_key, at)
        assert page.text_content("#corrected-text") == FIXED
        assert "checked with the desk" in page.text_content("li.finding.current")

        # Kill the server outright and start it again: nothing saved is lost.
        server.kill()
        server = Server(feed)
        page.goto(server.url)
        page.wait_for_selector("body[data-ready='1']")
        assert current(page) == (edit_key, at)
        assert page.text_content("#progress-text").startswith(f"2 of {total} findings reviewed")
        while current(page)[1] != first:
            page.keyboard.press("k")
        assert verdict_shown(page, first) == "confirmed"
        page.keyboard.press("j")
        assert verdict_shown(page, second) == "dismissed"
        assert errors == []
    finally:
        server.kill()

    review = ReviewFile.load(str(feed) + ".mtcheck-review.json")
    assert review.decisions[first].verdict == "confirmed" and review.decisions[second].verdict == "dismissed"
    assert review.decisions[at].note == "checked with the desk"

    result = CliRunner().invoke(app, ["review", "export", str(feed)])
    assert result.exit_code == 0, result.output
    corrected = [json.loads(line) for line in (feed.parent / "pairs.corrected.jsonl").read_text(encoding="utf-8").splitlines()]
    originals = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    for new, old in zip(corrected, originals):
        assert new == ({**old, "mt": FIXED} if old["id"] == edit_key else old)
    baseline = Baseline.load(str(feed.parent / "pairs.baseline.json"))
    assert [e.fingerprint for e in baseline.entries] == [second]


def test_two_pages_on_one_review_see_each_other_and_never_overwrite_a_decision(browser, feed: Path) -> None:  # type: ignore[no-untyped-def]
    """Window A confirms a finding; window B, which had not seen that, dismisses it: B is told, A's stands."""
    import datetime

    server = Server(feed)
    contexts = []
    try:
        pages = []
        errors: list[str] = []
        for _ in range(2):
            context = browser.new_context()
            contexts.append(context)
            # Each window's own fake clock: the 5-second poll runs only when the test moves time on.
            context.clock.install(time=datetime.datetime(2025, 3, 14, 10, 0, 0))
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url)
            page.wait_for_selector("body[data-ready='1']")
            page.clock.pause_at(datetime.datetime(2025, 3, 14, 10, 0, 1))
            pages.append(page)
        a, b = pages
        assert current(a) == current(b)
        key, x = current(a)

        a.keyboard.press("c")
        saved(a)
        # B still shows the finding open, and dismisses it.
        assert verdict_shown(b, x) == "not reviewed"
        b.keyboard.press("d")
        b.wait_for_selector("#notice:not([hidden])")
        saved(b)  # a conflict is not a failed save
        notice = b.text_content("#notice")
        assert "changed in another window: now confirmed by ann" in notice and "not applied" in notice
        while current(b)[1] != x:
            b.keyboard.press("k")
        assert verdict_shown(b, x) == "confirmed"

        # Another finding decided in B sticks, and A picks it up on its next poll.
        b.keyboard.press("j")
        _, y = current(b)
        assert y != x
        b.keyboard.press("d")
        saved(b)
        assert verdict_shown(b, y) == "dismissed"
        while current(a)[1] != y:
            a.keyboard.press("j" if a.get_attribute(f"li.finding[data-fingerprint='{x}']", "aria-current") else "k")
        assert verdict_shown(a, y) == "not reviewed"
        a.clock.run_for(5500)
        a.wait_for_selector(f"li.finding[data-fingerprint='{y}'] .verdict.dismissed")

        # Reloaded, both windows show both decisions.
        for page in pages:
            page.reload()
            page.wait_for_selector("body[data-ready='1']")
            assert page.text_content("#progress-text").startswith("2 of ")
        assert errors == []
    finally:
        for context in contexts:
            context.close()
        server.kill()

    review = ReviewFile.load(str(feed) + ".mtcheck-review.json")
    assert (review.decisions[x].verdict, review.decisions[y].verdict) == ("confirmed", "dismissed")
    assert review.decisions[x].segment == key
