"""The HTML report in a real headless Chromium: highlighted spans next to the source, filters,
sorting by risk, and MT text carrying <script>/onerror payloads shown as text, never run.

Drives Debian's chromium (/usr/bin/chromium, installed by scripts/system-deps.sh) with playwright;
never `playwright install`. Every request other than the report file itself is refused.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Iterator

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PAYLOAD = (
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> Озвучить текст '
    "<svg onload=\"window.__pwned = 3\"></svg></script><!-- for for"
)
runner = CliRunner()


def html_report(tmp: Path, input_path: Path) -> Path:
    out = tmp / (input_path.stem + ".html")
    result = runner.invoke(app, ["check", str(input_path), "--no-models", "--fail-on", "never", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("html")
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(
        json.dumps({"id": "<b>x</b>", "mt": PAYLOAD, "src": "<img src=y onerror=\"window.__pwned = 4\">Озвучить текст"},
                   ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return {"pairs": html_report(tmp, SAMPLES / "pairs.jsonl"), "hostile": html_report(tmp, hostile)}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed (run scripts/system-deps.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=True)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    # Nothing but the report file itself may load.
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    yield pg
    context.close()


def rows(pg) -> list[str]:  # type: ignore[no-untyped-def]
    return pg.eval_on_selector_all("tr.seg-row", "els => els.map(e => e.dataset.segmentId)")


def test_negation_is_highlighted_next_to_its_source(page, reports) -> None:  # type: ignore[no-untyped-def]
    page.goto(reports["pairs"].as_uri())
    row = page.locator('tr.seg-row[data-segment-id="neg-1"]')
    marks = row.locator("td.side-mt mark.hl")
    texts = marks.all_inner_texts()
    # Other checks may flag a wider span around it; the phrase itself carries MT401's reason.
    assert "more considered" in texts
    mark = marks.nth(texts.index("more considered"))
    assert "MT401" in mark.get_attribute("title") and "no longer" in mark.get_attribute("title")
    assert "more considered relevant" in row.locator("td.side-mt").inner_text()
    assert "больше не считается актуальным" in row.locator("td.side-src").inner_text()
    assert "no longer considered relevant" in row.locator("td.side-ref").inner_text()
    # Source, reference and MT side by side, in that order, in one row.
    sides = row.locator("td.side").evaluate_all("els => els.map(e => e.dataset.side)")
    assert sides == ["src", "ref", "mt", "back"]
    reasons = page.locator('tr.finding-row[data-segment-id="neg-1"] li[data-code="MT401"]')
    assert "dropped negation" in reasons.inner_text()
    assert page.errors == []


def test_filters_by_severity_category_and_code(page, reports) -> None:  # type: ignore[no-untyped-def]
    page.goto(reports["pairs"].as_uri())
    everything = rows(page)
    assert "neg-1" in everything and "ok-1" not in everything  # clean segments hidden by default
    page.check("#show-clean")
    assert "ok-1" in rows(page)
    page.uncheck("#show-clean")

    segments = json.loads(_data(page))["segments"]

    def expected(keep) -> list[str]:  # type: ignore[no-untyped-def]
        return [s["id"] for s in segments if any(keep(f) for f in s["findings"])]

    page.uncheck('input[data-filter="severity"][value="major"]')
    assert rows(page) == expected(lambda f: f["severity"] != "major")
    assert page.locator('li[data-severity="major"]').count() == 0
    page.check('input[data-filter="severity"][value="major"]')
    assert rows(page) == everything

    page.uncheck('input[data-filter="category"][value="polarity"]')
    assert rows(page) == expected(lambda f: f["category"] != "polarity")
    assert "neg-1" in everything and page.locator('li[data-code^="MT4"]').count() == 0
    page.check('input[data-filter="category"][value="polarity"]')

    for box in page.locator('input[data-filter="code"]').all():
        if box.get_attribute("value") != "MT301":
            box.uncheck()
    assert rows(page) == expected(lambda f: f["code"] == "MT301") == ["rep-1"]
    assert page.locator("mark.hl").all_inner_texts() == ["for for"]
    assert page.inner_text("#counter") == f"showing 1 of {len(segments)} segments"


def _data(pg) -> str:  # type: ignore[no-untyped-def]
    return pg.eval_on_selector("#mtcheck-data", "e => e.textContent")


def test_sort_by_risk_puts_the_worst_first(page, reports) -> None:  # type: ignore[no-untyped-def]
    page.goto(reports["pairs"].as_uri())
    order_before = rows(page)
    page.select_option("#sort", "risk")
    order = rows(page)
    assert sorted(order) == sorted(order_before)
    weight = {"critical": 1000, "major": 100, "minor": 10, "info": 1}
    risks = []
    for seg_id in order:
        sevs = page.locator(f'tr.finding-row[data-segment-id="{seg_id}"] li').evaluate_all(
            "els => els.map(e => e.dataset.severity)"
        )
        risks.append(sum(weight[s] for s in sevs))
    assert risks == sorted(risks, reverse=True)


def test_payloads_in_mt_are_text_and_never_run(page, reports) -> None:  # type: ignore[no-untyped-def]
    page.goto(reports["hostile"].as_uri())
    page.check("#show-clean")
    page.select_option("#sort", "risk")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    mt_cell = page.locator("td.side-mt").first
    assert mt_cell.inner_text().strip() == " ".join(PAYLOAD.split())
    assert "<script>window.__pwned = 1</script>" in mt_cell.inner_text()
    assert page.locator("td.side-src").first.inner_text().startswith("<img src=y")
    assert page.locator("main img, main svg, main script").count() == 0
    assert page.locator("td.id").first.inner_text() == "<b>x</b>"
    # The flagged spans inside the payload are still highlighted, as text.
    assert "Озвучить текст" in page.locator("td.side-mt mark.hl").all_inner_texts()
    page.hover("td.side-mt mark.hl >> nth=0")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.errors == []
    assert all(url.startswith("file://") for url in page.requests)
