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
from mtcheck.engine import RunResult
from mtcheck.records import Category, Finding, Segment, SegmentResult, Severity, Span
from mtcheck.report import Report
from mtcheck.report.html import render_html

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


# -- large reports: one page in the DOM, paging, filters over the whole data set ---------------------

LARGE_N = 5000
PAYLOAD_AT = 4990  # on the last page: the payload is only ever drawn after paging
KINDS = (
    ("MT401", "negation", Category.POLARITY, Severity.CRITICAL),
    ("MT501", "numbers", Category.NUMBER, Severity.MAJOR),
    ("MT301", "repetition", Category.REPETITION, Severity.MINOR),
)


def _large_results() -> list[SegmentResult]:
    results = []
    for i in range(LARGE_N):
        mt = PAYLOAD if i == PAYLOAD_AT else f"Talks in city {i} will continue tomorrow, the office said."
        seg = Segment(id=f"seg-{i:04d}", mt=mt, src=f"Переговоры в городе {i} продолжатся завтра.", doc=f"doc-{i // 50:03d}")
        findings = []
        if i == PAYLOAD_AT:
            start = PAYLOAD.index("Озвучить текст")
            findings.append(Finding("MT101", "untranslated", Category.UNTRANSLATED, Severity.MAJOR, "Cyrillic left",
                                    Span("mt", start, start + len("Озвучить текст"))))
        elif i % 3:
            # Varied so that sorting by risk and filtering by severity both reorder and thin the list.
            first = (i // 3) % 3
            for code, name, category, severity in KINDS[first : first + 1 + i % 2]:
                findings.append(Finding(code, name, category, severity, f"{name} problem", Span("mt", 0, 5)))
        results.append(SegmentResult(segment=seg, findings=findings))
    return results


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SegmentResult]]:
    results = _large_results()
    report = Report(run=RunResult(results=results, signature="test", checks=[]), inputs=["large.jsonl"])
    path = tmp_path_factory.mktemp("large") / "large.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path, results


def _expected(results: list[SegmentResult], keep=lambda f: True, by_risk: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    weight = {Severity.CRITICAL: 1000, Severity.MAJOR: 100, Severity.MINOR: 10, Severity.INFO: 1}
    groups: list[list[tuple[int, int, str]]] = []
    for doc in sorted({r.segment.doc for r in results}):
        items = []
        for order, r in enumerate(results):
            if r.segment.doc == doc and (shown := [f for f in r.findings if keep(f)]):
                items.append((sum(weight[f.severity] for f in shown), order, r.segment.id))
        if by_risk:
            items.sort(key=lambda it: (-it[0], it[1]))
        groups.append(items)
    if by_risk:
        groups.sort(key=lambda items: -max((it[0] for it in items), default=0))  # stable: input order on ties
    return [it[2] for items in groups for it in items]


def _all_pages(pg) -> list[str]:  # type: ignore[no-untyped-def]
    seen = rows(pg)
    while not pg.locator("#next").is_disabled():
        pg.click("#next")
        seen += rows(pg)
    return seen


def test_large_report_draws_one_page_of_rows(page, large) -> None:  # type: ignore[no-untyped-def]
    path, results = large
    page.goto(path.as_uri())
    expected = _expected(results)
    shown = rows(page)
    # One page, not thousands of rows; clean segments hidden and input order by default, as before.
    assert shown == expected[:200]
    assert page.inner_text("#counter") == f"showing {len(expected)} of {LARGE_N} segments"
    pages = -(-len(expected) // 200)
    assert page.inner_text("#page-count") == str(pages) and page.input_value("#page-input") == "1"
    assert page.locator("#prev").is_disabled() and not page.locator("#next").is_disabled()
    assert page.locator("section.group").count() <= 200 // 2
    assert page.errors == []


def test_paging_reaches_the_last_segment_in_order(page, large) -> None:  # type: ignore[no-untyped-def]
    path, results = large
    page.goto(path.as_uri())
    assert _all_pages(page) == _expected(results)
    assert rows(page)[-1] == "seg-4999" and page.locator("#next").is_disabled()
    pages = int(page.inner_text("#page-count"))
    assert page.url.endswith(f"#page={pages}")
    page.keyboard.press("p")
    assert page.input_value("#page-input") == str(pages - 1)
    # The page number in the URL survives a reload; a number past the end shows the last page.
    page.goto(path.as_uri() + "#page=3")
    page.reload()
    assert rows(page) == _expected(results)[400:600]
    page.goto(path.as_uri() + "#page=9999")
    page.reload()
    assert page.input_value("#page-input") == str(pages) and rows(page)[-1] == "seg-4999"
    # Typing a page number jumps there; a larger page size means fewer pages.
    page.fill("#page-input", "2")
    page.press("#page-input", "Enter")
    assert rows(page) == _expected(results)[200:400]
    page.select_option("#page-size", "1000")
    assert page.inner_text("#page-count") == str(-(-len(_expected(results)) // 1000)) and len(rows(page)) == 1000


def test_sort_by_risk_spans_every_page(page, large) -> None:  # type: ignore[no-untyped-def]
    path, results = large
    page.goto(path.as_uri())
    page.select_option("#sort", "risk")
    assert page.input_value("#page-input") == "1"
    assert _all_pages(page) == _expected(results, by_risk=True)


def test_filter_changes_the_count_and_the_rows_on_every_page(page, large) -> None:  # type: ignore[no-untyped-def]
    path, results = large
    page.goto(path.as_uri())
    before = page.inner_text("#page-count")
    page.click("#next")
    page.uncheck('input[data-filter="severity"][value="minor"]')
    expected = _expected(results, keep=lambda f: f.severity is not Severity.MINOR)
    assert len(expected) < len(_expected(results))
    # A new filter starts again at page 1, over the whole data set.
    assert page.input_value("#page-input") == "1"
    assert page.inner_text("#counter") == f"showing {len(expected)} of {LARGE_N} segments"
    assert page.inner_text("#page-count") != before
    findings = sum(1 for r in results for f in r.findings if f.severity is not Severity.MINOR)
    assert page.inner_text("#shown-findings") == f"· {findings} findings"
    assert page.locator('li[data-severity="minor"]').count() == 0
    assert _all_pages(page) == expected
    for box in page.locator('input[data-filter="code"]').all():
        if box.get_attribute("value") != "MT101":
            box.uncheck()
    assert rows(page) == ["seg-4990"] and page.inner_text("#page-count") == "1"


def test_payload_on_a_later_page_is_text_and_never_runs(page, large) -> None:  # type: ignore[no-untyped-def]
    path, _ = large
    page.goto(path.as_uri())
    assert "seg-4990" not in rows(page)
    page.click("#last")
    row = page.locator('tr.seg-row[data-segment-id="seg-4990"]')
    assert row.count() == 1
    mt_cell = row.locator("td.side-mt")
    assert mt_cell.inner_text().strip() == " ".join(PAYLOAD.split())
    assert mt_cell.locator("mark.hl").all_inner_texts() == ["Озвучить текст"]
    mt_cell.locator("mark.hl").hover()
    assert page.locator("main img, main svg, main script").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.errors == []
    assert all(url.startswith("file://") for url in page.requests)
