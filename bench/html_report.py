"""How the HTML report copes with large runs: file size, time to first render, time to filter.

    .venv/bin/python bench/html_report.py [--n 1000 10000 50000] [--repeat 2] [--keep DIR]

Builds N synthetic segments (made-up Russian/English text, not evaldata) in
documents of 25, about 40% of them with one to three findings of mixed
severity, category and code, writes the report with mtcheck's HTML writer and
opens it in Debian's headless Chromium (/usr/bin/chromium, driven by
playwright, never `playwright install`). For each N it prints:

- the file size;
- ``open``: from navigation to the first painted frame after the page's script
  has rendered the default view (wall clock in Python, so it includes reading
  and parsing the file);
- ``filter``: unchecking the "minor" severity box until the next painted frame
  (measured inside the page with performance.now());
- ``sort``: switching the sort to "risk" until the next painted frame;
- ``rows``: how many segment rows are in the DOM after the first render.

Best of ``--repeat`` runs, each in a fresh page. Timings on a shared machine are
noisy; compare runs made on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtcheck.engine import RunResult  # noqa: E402
from mtcheck.records import Category, Finding, Segment, SegmentResult, Severity, Span  # noqa: E402
from mtcheck.report import Report  # noqa: E402
from mtcheck.report.html import render_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

RU = "в на по министр заявил переговоры продолжатся завтра правительство города области сообщил пресс-служба".split()
EN = "the minister said that talks will continue tomorrow in the city government region press office reported".split()
KINDS = [
    ("MT401", "negation", Category.POLARITY, Severity.CRITICAL, "dropped negation"),
    ("MT501", "numbers", Category.NUMBER, Severity.MAJOR, "number 12 in the source is missing"),
    ("MT601", "names", Category.NAMED_ENTITY, Severity.MAJOR, "name not carried over"),
    ("MT301", "repetition", Category.REPETITION, Severity.MINOR, "repeated word"),
    ("MT101", "untranslated", Category.UNTRANSLATED, Severity.MINOR, "Cyrillic left in the MT"),
    ("MT702", "omission", Category.OMISSION, Severity.INFO, "source clause has no counterpart"),
]


def sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(12, 30))).capitalize() + "."


def synthetic_report(n: int, seed: int = 1) -> Report:
    rng = random.Random(seed)
    results = []
    for i in range(n):
        mt = sentence(rng, EN)
        seg = Segment(id=f"s{i}", mt=mt, src=sentence(rng, RU), ref=sentence(rng, EN), doc=f"article-{i // 25:05d}")
        findings = []
        if rng.random() < 0.4:
            for code, check, category, severity, message in rng.sample(KINDS, rng.randint(1, 3)):
                start = rng.randrange(0, max(1, len(mt) - 12))
                findings.append(Finding(code, check, category, severity, message, Span("mt", start, start + rng.randint(3, 12))))
        results.append(SegmentResult(segment=seg, findings=findings))
    return Report(run=RunResult(results=results, signature="bench|synthetic", checks=[]), inputs=["synthetic.jsonl"])


# Resolves after the next frame has been produced, so layout and paint are included.
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"
TIMED = """([selector, kind]) => new Promise(resolve => {
  const t0 = performance.now();
  const el = document.querySelector(selector);
  if (kind === 'select') { el.value = 'risk'; el.dispatchEvent(new Event('change')); } else { el.click(); }
  requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
})"""


def measure(browser, path: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.set_default_timeout(600_000)
    try:
        t0 = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("document.getElementById('counter').textContent !== ''")
        page.evaluate(NEXT_FRAME)
        opened = time.perf_counter() - t0
        rows = page.evaluate("document.querySelectorAll('tr.seg-row').length")
        filtered = page.evaluate(TIMED, ['input[data-filter="severity"][value="minor"]', "click"]) / 1000
        page.evaluate(TIMED, ['input[data-filter="severity"][value="minor"]', "click"])
        sorted_ = page.evaluate(TIMED, ["#sort", "select"]) / 1000
        return {"open": opened, "filter": filtered, "sort": sorted_, "rows": rows}
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write the reports into this folder and keep them")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing (run scripts/system-deps.sh)")
    from playwright.sync_api import sync_playwright

    folder = args.keep or Path(tempfile.mkdtemp(prefix="mtcheck-html-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'N':>7} {'size MB':>8} {'write s':>8} {'open s':>7} {'filter s':>9} {'sort s':>7} {'rows':>6}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.n:
            report = synthetic_report(n)
            t0 = time.perf_counter()
            page_text = render_html(report)
            written = time.perf_counter() - t0
            path = folder / f"report-{n}.html"
            path.write_text(page_text, encoding="utf-8")
            runs = [measure(browser, path) for _ in range(args.repeat)]
            best = {k: min(r[k] for r in runs) for k in runs[0]}
            size = path.stat().st_size / 1e6
            print(f"{n:>7} {size:>8.1f} {written:>8.2f} {best['open']:>7.2f} {best['filter']:>9.2f} "
                  f"{best['sort']:>7.2f} {int(best['rows']):>6}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
