"""Untranslated, omission and addition checks (MT1xx, MT7xx) on DEMETR and WMT references.

Measures, for the checks whose codes start with ``--select`` (default MT1 and MT7):
- DEMETR ru-en, given only src + perturbed MT: the share of perturbed MTs flagged at
  major or above in the matching category (codemix -> untranslated, addition ->
  addition, adj/adv, verb, noun, subject removed -> omission), per data source
  (FLORES / WMT items) and overall; and the share of the 100 clean MTs with any
  finding at major or above from these checks (false alarms).
- WMT21-23 ru-en human references taken as the MT of their source: the share with any
  finding at major or above (nearly all of them false alarms).

    .venv/bin/python bench/omission.py                       # rules and model checks
    .venv/bin/python bench/omission.py --no-models           # rules only
    .venv/bin/python bench/omission.py --wmt-sample 300      # model checks on 300 refs a year
    .venv/bin/python bench/omission.py --show addition       # print the flagged cases of one row
    .venv/bin/python bench/omission.py --demetr-source WMT --years wmt22 wmt23 --wmt-sample 150
    .venv/bin/python bench/omission.py --skip-demetr --years wmt22 --wmt-sample 0 --synthetic 60

Reads ../shared/evaldata relative to the repository root.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVALDATA = ROOT / ".." / "shared" / "evaldata"
sys.path.insert(0, str(ROOT))

from mtcheck import Checker, Segment  # noqa: E402
from mtcheck.records import Category, Severity  # noqa: E402
from mtcheck.selection import Selection  # noqa: E402

TARGETS = {
    "critical_id4_codemix": Category.UNTRANSLATED,
    "critical_id6_addition": Category.ADDITION,
    "critical_id21_adj_adv_removed": Category.OMISSION,
    "critical_id22_verb_removed": Category.OMISSION,
    "critical_id23_noun_removed": Category.OMISSION,
    "critical_id24_subj_removed": Category.OMISSION,
}


def demetr_segments(only: str | None = None) -> tuple[list[Segment], dict[str, tuple[str, str]]]:
    """Clean MTs (one per item) and the perturbed MTs of the target perturbations;
    ``only`` keeps the items of one data source (FLORES or WMT)."""
    rows = [json.loads(line) for line in open(EVALDATA / "demetr" / "ru_en_perturbations.jsonl", encoding="utf-8")]
    segments: list[Segment] = []
    meta: dict[str, tuple[str, str]] = {}
    seen: set[int] = set()
    for r in rows:
        if only and r["data_source"] != only:
            continue
        if r["item_id"] not in seen:
            seen.add(r["item_id"])
            sid = f"clean-{r['item_id']}"
            segments.append(Segment(id=sid, mt=r["mt"], src=r["source"]))
            meta[sid] = ("clean", r["data_source"])
        if r["pert_name"] in TARGETS and r["label"] == 1:
            sid = r["id"]
            segments.append(Segment(id=sid, mt=r["perturbed"], src=r["source"]))
            meta[sid] = (r["pert_name"], r["data_source"])
    return segments, meta


def wmt_segments(sample: int | None, seed: int, years: list[str]) -> dict[str, list[Segment]]:
    csv.field_size_limit(1 << 30)
    out: dict[str, list[Segment]] = {}
    for year in years:
        path = EVALDATA / "wmt_ruen_systems" / year / "segments.tsv"
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        segs = [Segment(id=f"{year}-{r['seg_idx']}", mt=r["ref_A"], src=r["source"]) for r in rows]
        if sample is not None and sample < len(segs):
            segs = random.Random(seed).sample(segs, sample)
        out[year] = segs
    return out


def synthetic_segments(refs: list[Segment], n: int, seed: int) -> tuple[list[Segment], list[Segment]]:
    """Human references with one clause cut out (an omission) and with a clause of
    another reference pasted on (an addition), for references of two clauses or more."""
    from mtcheck.models.coverage import clauses, without

    rnd = random.Random(seed)
    dropped: list[Segment] = []
    added: list[Segment] = []
    for seg in rnd.sample(refs, len(refs)):
        if len(dropped) >= n:
            break
        parts = clauses(seg.mt)
        if len(parts) < 2:
            continue
        cut = rnd.choice(parts)
        dropped.append(Segment(id=seg.id + "-drop", mt=without(seg.mt, cut), src=seg.src))
        donor = rnd.choice(refs).mt
        extra = (clauses(donor) or [None])[0]
        text = extra.text_in(donor) if extra else donor.rstrip(".!? ")
        body = seg.mt.rstrip()
        end = body[-1] if body and body[-1] in ".!?" else ""
        added.append(Segment(id=seg.id + "-add", mt=body[: len(body) - len(end)] + ", " + text[:1].lower() + text[1:] + end, src=seg.src))
    return dropped, added


def pct(k: int, n: int) -> str:
    return f"{100 * k / n:5.1f}% ({k}/{n})" if n else "   n/a"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--select", nargs="*", default=["MT1", "MT7"])
    ap.add_argument("--no-models", action="store_true", help="rules only (skip checks that load a model)")
    ap.add_argument("--wmt-sample", type=int, default=None, help="check a random sample of this many refs per year")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--skip-wmt", action="store_true")
    ap.add_argument("--demetr-source", choices=["FLORES", "WMT"], default=None, help="only DEMETR items from this source")
    ap.add_argument("--years", nargs="*", default=["wmt21", "wmt22", "wmt23"])
    ap.add_argument("--synthetic", type=int, default=0, help="also cut a clause from / paste one into N refs of each year")
    ap.add_argument("--skip-demetr", action="store_true")
    ap.add_argument("--show", default=None, help="print flagged cases of one DEMETR row (e.g. clean, addition)")
    args = ap.parse_args()

    checker = Checker(selection=Selection.build(select=args.select), models=not args.no_models)
    print(f"checks: {', '.join(s.code for s in checker.specs)}  ({checker.signature()})")

    if args.skip_demetr:
        wmt_report(checker, args)
        return
    segments, meta = demetr_segments(args.demetr_source)
    t0 = time.perf_counter()
    run = checker.run(segments)
    took = time.perf_counter() - t0
    flagged: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    shown = []
    for res in run.results:
        name, source = meta[res.segment.id]
        major = [f for f in res.findings if f.severity >= Severity.MAJOR]
        if name == "clean":
            hit = bool(major)
        else:
            hit = any(f.category == TARGETS[name] for f in major)
        for key in (source, "all"):
            flagged[name][key][0] += int(hit)
            flagged[name][key][1] += 1
        if args.show and args.show in name and (hit or name != "clean"):
            shown.append((hit, res))
    print(f"\nDEMETR ru-en ({len(segments)} segments, {took:.1f} s, {len(segments) / took:.1f} seg/s)")
    print(f"{'row':34} {'FLORES items':>18} {'WMT items':>18} {'all':>18}")
    for name in ["clean", *TARGETS]:
        cells = [pct(*flagged[name][k]) for k in ("FLORES", "WMT", "all")]
        label = "clean MT: any major+ (false alarm)" if name == "clean" else f"{name} -> {TARGETS[name]}"
        print(f"{label:34} {cells[0]:>18} {cells[1]:>18} {cells[2]:>18}")
    for hit, res in shown:
        print(("FLAGGED " if hit else "missed  ") + res.segment.id + ": " + res.segment.mt)
        for f in res.findings:
            print(f"    {f.code} {f.severity} {f.message} [{f.span.text_in(res.segment)}]"
                  + (f" <- [{f.related.text_in(res.segment)[:80]}]" if f.related else ""))

    if not args.skip_wmt:
        wmt_report(checker, args)


def wmt_report(checker: Checker, args: argparse.Namespace) -> None:
    print("\nWMT human references taken as MT: share with any major+ finding from these checks")
    codes: dict[str, int] = defaultdict(int)
    for year, segs in wmt_segments(args.wmt_sample, args.seed, args.years).items():
        t0 = time.perf_counter()
        wrun = checker.run(segs)
        took = time.perf_counter() - t0
        n = 0
        for res in wrun.results:
            major = [f for f in res.findings if f.severity >= Severity.MAJOR]
            n += bool(major)
            for f in major:
                codes[f.code] += 1
            if args.show == "wmt" and major:
                print(f"  {res.segment.id}: {res.segment.mt[:160]}")
                for f in major:
                    print(f"    {f.code} {f.severity} {f.message} [{f.span.text_in(res.segment)[:60]}]")
        print(f"  {year}: {pct(n, len(segs))}   ({len(segs) / took:.1f} seg/s)")
    print("  major+ findings by code: " + ", ".join(f"{c} {k}" for c, k in sorted(codes.items())))
    if args.synthetic:
        print("\nSynthetic: a clause cut from / pasted into a human reference, share flagged major+ in the category")
        for year, segs in wmt_segments(None, args.seed, args.years).items():
            dropped, added = synthetic_segments(segs, args.synthetic, args.seed)
            for label, group, category in (("clause cut", dropped, Category.OMISSION), ("clause pasted", added, Category.ADDITION)):
                results = checker.run(group).results
                k = sum(any(f.category == category and f.severity >= Severity.MAJOR for f in r.findings) for r in results)
                print(f"  {year} {label:13} -> {category}: {pct(k, len(group))}")


if __name__ == "__main__":
    main()
