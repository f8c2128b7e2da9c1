"""DEMETR ru-en: how many critical perturbations each check category catches, and false alarms.

    .venv/bin/python bench/demetr.py [--models] [--split all|flores|wmt] [--show N] [--json out.json]

Every row of ../shared/evaldata/demetr/ru_en_perturbations.jsonl is checked given only
its Russian source and the (perturbed) MT, with every registered check (rule checks
only unless --models). For each critical perturbation the share of perturbed MTs
(label 1) that get a finding in the matching category at severity major or above is
printed, overall and by data_source (FLORES / WMT); then the share of the 100 clean
MTs (ru_en_base.tsv) with any finding at major or above from any check (false alarms),
with the codes that fired. Checks of every engineer show up here as they land.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVALDATA = ROOT.parent / "shared" / "evaldata" / "demetr"
sys.path.insert(0, str(ROOT))

from mtcheck import Checker, Segment  # noqa: E402
from mtcheck.records import Category, SegmentResult, Severity  # noqa: E402

# Critical perturbation -> the category a finding must have to count as caught.
CATEGORY = {
    "critical_id8_negation": Category.POLARITY,
    "critical_id7_antonym": Category.POLARITY,
    "critical_id10_numbers_replaced": Category.NUMBER,
    "critical_id9_ne_replaced": Category.NAMED_ENTITY,
    "critical_id25_ne_removed": Category.NAMED_ENTITY,
    "critical_id4_codemix": Category.UNTRANSLATED,
    "critical_id6_addition": Category.ADDITION,
    "critical_id21_adj_adv_removed": Category.OMISSION,
    "critical_id22_verb_removed": Category.OMISSION,
    "critical_id23_noun_removed": Category.OMISSION,
    "critical_id24_subj_removed": Category.OMISSION,
}
SPLITS = ("FLORES", "WMT")


def caught(result: SegmentResult, category: Category) -> bool:
    return any(f.category == category and f.severity >= Severity.MAJOR for f in result.findings)


def alarms(result: SegmentResult) -> list[str]:
    return sorted({f.code for f in result.findings if f.severity >= Severity.MAJOR})


def load(split: str) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    rows = [json.loads(line) for line in open(EVALDATA / "ru_en_perturbations.jsonl", encoding="utf-8")]
    with open(EVALDATA / "ru_en_base.tsv", encoding="utf-8") as f:
        base = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    if split != "all":
        rows = [r for r in rows if r["data_source"].lower() == split]
        base = [b for b in base if b["data_source"].lower() == split]
    return rows, base


def share(hits: int, total: int) -> str:
    return f"{hits:3d}/{total:<3d} {100 * hits / total:5.1f}%" if total else "  -/-      -  "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", action="store_true", help="also run model-based checks")
    parser.add_argument("--split", choices=("all", "flores", "wmt"), default="all")
    parser.add_argument("--show", type=int, default=0, help="print N missed items per perturbation and every false alarm")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    args = parser.parse_args()

    rows, base = load(args.split)
    checker = Checker(models=args.models)
    t0 = time.perf_counter()
    items = [r for r in rows if r["pert_name"] in CATEGORY and r["label"] == 1]
    # Each row is its own document, so document-scope checks see one sentence at a time.
    segs = [Segment(id=r["id"], mt=r["perturbed"], src=r["source"], doc=r["id"]) for r in items]
    clean = [Segment(id=f"base-{b['item_id']}", mt=b["mt"], src=b["source"], doc=b["item_id"]) for b in base]
    run = checker.run(segs + clean)
    elapsed = time.perf_counter() - t0
    results = run.results[: len(segs)]
    clean_results = run.results[len(segs) :]

    print(f"DEMETR ru-en, split={args.split}, given src + mt only, models={'yes' if args.models else 'no'}")
    print(f"checks: {len(checker.specs)} ({checker.signature()})")
    print(f"{'perturbation':32s} {'category':13s} {'all':>14s}   " + "   ".join(f"{s:>14s}" for s in SPLITS))
    figures: dict[str, Any] = {"split": args.split, "models": args.models, "perturbations": {}}
    by_pert: dict[str, list[tuple[dict[str, Any], SegmentResult]]] = defaultdict(list)
    for r, res in zip(items, results):
        by_pert[r["pert_name"]].append((r, res))
    for pert, category in CATEGORY.items():
        pairs = by_pert.get(pert, [])
        hit = sum(caught(res, category) for _, res in pairs)
        per_split = {
            s: (sum(caught(res, category) for r, res in pairs if r["data_source"] == s), sum(1 for r, _ in pairs if r["data_source"] == s))
            for s in SPLITS
        }
        print(f"{pert:32s} {str(category):13s} {share(hit, len(pairs))}   " + "   ".join(share(*per_split[s]) for s in SPLITS))
        figures["perturbations"][pert] = {
            "category": str(category),
            "caught": hit,
            "total": len(pairs),
            "by_split": {s: {"caught": h, "total": t} for s, (h, t) in per_split.items()},
        }
        if args.show:
            missed = [(r, res) for r, res in pairs if not caught(res, category)]
            for r, res in missed[: args.show]:
                print(f"    missed {r['id']}: {r['perturbed'][:150]}")

    false = [(b, res) for b, res in zip(base, clean_results) if alarms(res)]
    codes = Counter(code for _, res in false for code in alarms(res))
    per_split_fa = {s: (sum(1 for b, _ in false if b["data_source"] == s), sum(1 for b in base if b["data_source"] == s)) for s in SPLITS}
    print(
        f"{'clean MT, any finding >= major':46s} {share(len(false), len(base))}   "
        + "   ".join(share(*per_split_fa[s]) for s in SPLITS)
    )
    print(f"    false alarms by code: {dict(codes) or 'none'}")
    if args.show:
        for b, res in false:
            for f in res.findings:
                if f.severity >= Severity.MAJOR:
                    print(f"    FA item {b['item_id']} {f.code} {f.message[:140]}")
    n = len(segs) + len(clean)
    print(f"{n} segments in {elapsed:.1f} s ({n / elapsed:.0f} segments/s, includes loading)")
    figures["false_alarms"] = {
        "flagged": len(false),
        "total": len(base),
        "by_split": {s: {"flagged": h, "total": t} for s, (h, t) in per_split_fa.items()},
        "codes": dict(codes),
    }
    figures["signature"] = checker.signature()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
