"""WMT21-23 ru-en: human references taken as MT; the share flagged is (nearly all) false alarms.

    .venv/bin/python bench/wmt_refs.py [--years wmt21,wmt22,wmt23] [--half all|a|b] [--models]
                                       [--ref ref_A|ref_B] [--select MT4] [--show N] [--json out.json]

Each human reference (ref_A) is checked as the MT of its Russian source (src + mt, no
reference), documents kept together so that document-scope checks run. Prints the
share of sentences with any finding at major or above, overall, per year, per domain
and per code; --show lists N flagged examples. --half a/b keeps the even/odd
documents of each year (sorted doc ids), for a tuning/held-out split; --ref ref_B
takes WMT21's second reference instead (another translator, never used for tuning).
Throughput is
measured by bench/rules_speed.py.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVALDATA = ROOT.parent / "shared" / "evaldata" / "wmt_ruen_systems"
sys.path.insert(0, str(ROOT))

from mtcheck import Checker, Segment  # noqa: E402
from mtcheck.records import Severity  # noqa: E402
from mtcheck.selection import Selection  # noqa: E402
from mtcheck.text import share_cyrillic  # noqa: E402


def load(year: str, half: str, ref: str = "ref_A") -> list[tuple[dict[str, str], Segment]]:
    csv.field_size_limit(1 << 30)
    with open(EVALDATA / year / "segments.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    docs = sorted({r["doc_id"] for r in rows})
    side = {d: "ab"[k % 2] for k, d in enumerate(docs)}
    out = []
    for r in rows:
        if half != "all" and side[r["doc_id"]] != half:
            continue
        if ref not in r:
            continue  # ref_B exists for wmt21 only
        if not r["source"].strip() or not r[ref].strip():
            continue
        seg = Segment(id=f"{year}:{r['seg_idx']}", mt=r[ref], src=r["source"], doc=f"{year}:{r['doc_id']}")
        out.append((r, seg))
    # Keep each document's sentences together, in order.
    out.sort(key=lambda p: (p[1].doc or "", int(p[0]["seg_in_doc"] or 0)))
    return out


def pct(k: int, n: int) -> str:
    return f"{k}/{n} ({100 * k / n:.2f}%)" if n else "0/0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", default="wmt21,wmt22,wmt23")
    parser.add_argument("--half", choices=("all", "a", "b"), default="all")
    parser.add_argument("--models", action="store_true")
    parser.add_argument(
        "--ref", choices=("ref_A", "ref_B"), default="ref_A",
        help="which human reference is the MT (ref_B: a second translation, WMT21 only)",
    )
    parser.add_argument("--select", default="", help="comma-separated code prefixes (default: every check)")
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    data: list[tuple[str, dict[str, str], Segment]] = []
    for year in args.years.split(","):
        data.extend((year, r, s) for r, s in load(year.strip(), args.half, args.ref))
    select = [p for p in args.select.split(",") if p.strip()]
    checker = Checker(selection=Selection.build(select=select) if select else None, models=args.models)
    t0 = time.perf_counter()
    run = checker.run([s for _, _, s in data])
    elapsed = time.perf_counter() - t0

    def flagged(i: int) -> list[str]:
        return sorted({f.code for f in run.results[i].findings if f.severity >= Severity.MAJOR})

    total = Counter()
    hits = Counter()
    # Some WMT23 "references" are the Russian source itself (a data error): counted in
    # every figure above, and also left out of one more figure below.
    russian = {i for i, (_, _, seg) in enumerate(data) if share_cyrillic(seg.mt) > 0.5}
    codes: Counter[str] = Counter()
    examples = []
    for i, (year, row, seg) in enumerate(data):
        keys = ("all", year, f"{year}/{row['domain']}")
        total.update(keys)
        got = flagged(i)
        if got:
            hits.update(keys)
            codes.update(got)
            examples.append((seg, run.results[i]))

    print(
        f"WMT ru-en human references ({args.ref}) as MT (src + mt), half={args.half}, "
        f"models={'yes' if args.models else 'no'}"
    )
    print(f"checks: {len(checker.specs)} ({checker.signature()})")
    print(f"flagged at major or above: {pct(hits['all'], total['all'])}   (target <= 2%)")
    latin_hits = sum(1 for i in range(len(data)) if i not in russian and flagged(i))
    print(
        f"  without the {len(russian)} references that are mostly Cyrillic (Russian text given as the "
        f"reference): {pct(latin_hits, total['all'] - len(russian))}"
    )
    for key in sorted(k for k in total if k != "all"):
        print(f"  {key:22s} {pct(hits[key], total[key])}")
    print("by code (sentences):")
    for code, n in codes.most_common():
        print(f"  {code}: {n} ({100 * n / total['all']:.2f}%)")
    print(f"{total['all']} sentences in {elapsed:.1f} s ({total['all'] / elapsed:.0f}/s, includes loading)")
    for seg, res in examples[: args.show]:
        print(f"\n{seg.id}\n  src: {seg.src}\n  mt:  {seg.mt}")
        for f in res.findings:
            if f.severity >= Severity.MAJOR:
                rel = f" <-> {f.related.field}:«{f.related.text_in(seg)}»" if f.related else ""
                print(f"  {f.code} {f.severity}: “{f.span.text_in(seg)}”{rel} {f.message}")

    figures: dict[str, Any] = {
        "half": args.half,
        "flagged": hits["all"],
        "total": total["all"],
        "by_key": {k: {"flagged": hits[k], "total": total[k]} for k in total},
        "codes": dict(codes),
        "russian_references": len(russian),
        "flagged_without_russian_references": latin_hits,
        "signature": checker.signature(),
    }
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
