"""Recall and false alarms of the number, named-entity and terminology checks (MT5xx, MT6xx, MT8xx).

    .venv/bin/python bench/numbers_names.py [--split all|flores|wmt] [--years wmt21,wmt22,wmt23] [--mlqe] [--show 20]

DEMETR ru-en, given only the source and the MT: the share of perturbed MTs
(label 1) flagged at major or above in the matching category, for
critical_id10_numbers_replaced (number), critical_id9_ne_replaced and
critical_id25_ne_removed (named-entity); and the share of the 100 clean MTs with
any MT5xx/MT6xx finding at major or above. WMT21-23 ru-en: each human reference
(ref_A) taken as the MT of its source, documents kept together (so the
document-scope checks run): the share of sentences with a finding at major or above.
With --mlqe, also MLQE-PE ru-en (Reddit, Wikiquote) MTs that post-editors left
unchanged (HTER 0), dev and test20 splits: the share flagged at major or above.
Only the checks named above run here; bench/demetr.py measures every check together.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVALDATA = ROOT.parent / "shared" / "evaldata"
sys.path.insert(0, str(ROOT))

from mtcheck import Checker, Segment  # noqa: E402
from mtcheck.engine import load_builtin_checks  # noqa: E402
from mtcheck.registry import REGISTRY  # noqa: E402
from mtcheck.records import Category, Severity  # noqa: E402
from mtcheck.selection import Selection  # noqa: E402

PERTURBATIONS = {
    "critical_id10_numbers_replaced": Category.NUMBER,
    "critical_id9_ne_replaced": Category.NAMED_ENTITY,
    "critical_id25_ne_removed": Category.NAMED_ENTITY,
}
SELECT = ["MT5", "MT6", "MT8"]


def checker() -> Checker:
    load_builtin_checks()
    present = [p for p in SELECT if any(spec.code.startswith(p) for spec in REGISTRY)]
    return Checker(selection=Selection.build(select=present), models=False)


def demetr(split: str, show: int) -> None:
    rows = [json.loads(line) for line in open(EVALDATA / "demetr" / "ru_en_perturbations.jsonl", encoding="utf-8")]
    if split != "all":
        rows = [r for r in rows if r["data_source"].lower() == split]
    print(f"DEMETR ru-en, split={split} (src + mt only)")
    for pert, category in PERTURBATIONS.items():
        items = [r for r in rows if r["pert_name"] == pert and r["label"] == 1]
        segs = [Segment(id=r["id"], mt=r["perturbed"], src=r["source"], doc=r["id"]) for r in items]
        run = checker().run(segs)
        hit = 0
        misses = []
        for r, res in zip(items, run.results):
            if any(f.category == category and f.severity >= Severity.MAJOR for f in res.findings):
                hit += 1
            else:
                misses.append(r)
        print(f"  {pert:34} flagged {hit}/{len(items)} = {hit / max(len(items), 1):.1%}")
        for r in misses[:show]:
            print(f"      MISS src: {r['source']}\n           mt: {r['mt']}\n         pert: {r['perturbed']}")
    clean = {r["item_id"]: r for r in rows}
    items = sorted(clean.values(), key=lambda r: r["item_id"])
    segs = [Segment(id=str(r["item_id"]), mt=r["mt"], src=r["source"], doc=str(r["item_id"])) for r in items]
    run = checker().run(segs)
    flagged = [res for res in run.results if any(f.severity >= Severity.MAJOR for f in res.findings)]
    print(f"  clean MTs with a major+ finding: {len(flagged)}/{len(items)} = {len(flagged) / max(len(items), 1):.1%}")
    _show(flagged, show)


def wmt(years: list[str], show: int) -> None:
    csv.field_size_limit(1 << 30)
    for year in years:
        with open(EVALDATA / "wmt_ruen_systems" / year / "segments.tsv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        rows.sort(key=lambda r: (r["doc_id"], int(r["seg_in_doc"])))
        segs = [
            Segment(id=f"{year}-{r['seg_idx']}", mt=r["ref_A"], src=r["source"], doc=r["doc_id"])
            for r in rows
            if r["ref_A"].strip() and r["source"].strip()
        ]
        t0 = time.perf_counter()
        run = checker().run(segs)
        elapsed = time.perf_counter() - t0
        flagged = [res for res in run.results if any(f.severity >= Severity.MAJOR for f in res.findings)]
        codes = Counter(f.code for res in flagged for f in res.findings if f.severity >= Severity.MAJOR)
        print(
            f"{year}: human refs as MT flagged major+: {len(flagged)}/{len(segs)} = {len(flagged) / len(segs):.2%}"
            f"  by code {dict(sorted(codes.items()))}  ({len(segs) / elapsed:.0f} segments/s)"
        )
        _show(flagged, show)


def mlqe(show: int) -> None:
    """MLQE-PE ru-en MTs that post-editors left unchanged (HTER 0): clean MT, real errors none."""
    csv.field_size_limit(1 << 30)
    with open(EVALDATA / "mlqe_pe_ruen" / "ru_en.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for split in ("dev", "test20"):
        items = [r for r in rows if r["split"] == split and r["hter"] and float(r["hter"]) == 0.0]
        segs = [Segment(id=r["id"], mt=r["mt"], src=r["source"], doc=r["id"]) for r in items]
        run = checker().run(segs)
        flagged = [res for res in run.results if any(f.severity >= Severity.MAJOR for f in res.findings)]
        codes = Counter(f.code for res in flagged for f in res.findings if f.severity >= Severity.MAJOR)
        print(
            f"MLQE-PE {split}, MTs with HTER 0, flagged major+: {len(flagged)}/{len(segs)} = {len(flagged) / max(len(segs), 1):.2%}"
            f"  by code {dict(sorted(codes.items()))}"
        )
        _show(flagged, show)


def _show(results, show: int) -> None:  # type: ignore[no-untyped-def]
    for res in results[:show]:
        seg = res.segment
        print(f"      FA {seg.id}\n         src: {seg.src}\n          mt: {seg.mt}")
        for f in res.findings:
            if f.severity >= Severity.MAJOR:
                rel = f" | related «{f.related.text_in(seg)}»" if f.related else ""
                print(f"         {f.code} {f.severity}: {f.message} [“{f.span.text_in(seg)[:60]}”{rel}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="all", choices=["all", "flores", "wmt"])
    parser.add_argument("--years", default="wmt21,wmt22,wmt23")
    parser.add_argument("--show", type=int, default=0, help="print up to N misses and false alarms of each kind")
    parser.add_argument("--skip-wmt", action="store_true")
    parser.add_argument("--mlqe", action="store_true", help="also MLQE-PE dev/test20 MTs with HTER 0 (unchanged by post-editors)")
    args = parser.parse_args()
    demetr(args.split, args.show)
    if not args.skip_wmt:
        wmt([y for y in args.years.split(",") if y], args.show)
    if args.mlqe:
        mlqe(args.show)


if __name__ == "__main__":
    main()
