"""MT409 (opposite-word-model): antonym recall on DEMETR ru-en, false alarms on clean MTs and
human references, and cost.

    .venv/bin/python bench/antonym.py [--refs 300] [--years wmt21,wmt22,wmt23] [--show N]

Every DEMETR critical_id7_antonym item (src + perturbed MT, label 1) is checked: the
share flagged in category polarity at major or above by MT409 alone, by the rule
checks MT40x alone (no models) and by both; by data source (FLORES: tuning, WMT:
held out). False alarms: the 100 clean DEMETR MTs, and a random sample of ``--refs``
distinct WMT references (ref_A as the MT of its source) per year, flagged by MT409
(WMT21: tuning; WMT22, WMT23: held out). A table of other margin / min_lean settings
follows, from the same encodings. Seconds per sentence are for MT409 on each set
(noisy on a shared machine).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVALDATA = ROOT.parent / "shared" / "evaldata"
sys.path.insert(0, str(ROOT))

from mtcheck import Checker, Segment  # noqa: E402
from mtcheck.checks.antonym_model import ANTONYM_OPTIONS, ENCODER_RESOURCE, _encoder, best_swap, swaps  # noqa: E402
from mtcheck.lang.antonyms_en import candidates  # noqa: E402
from mtcheck.records import Category, Severity  # noqa: E402
from mtcheck.selection import Selection  # noqa: E402


def demetr() -> tuple[list[Segment], list[Segment]]:
    rows = [json.loads(line) for line in open(EVALDATA / "demetr" / "ru_en_perturbations.jsonl", encoding="utf-8")]
    antonyms = [
        Segment(id=r["data_source"], mt=r["perturbed"], src=r["source"])
        for r in rows
        if r["pert_name"] == "critical_id7_antonym" and r["label"] == 1
    ]
    with open(EVALDATA / "demetr" / "ru_en_base.tsv", encoding="utf-8") as f:
        base = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    clean = [Segment(id=b["data_source"], mt=b["mt"], src=b["source"]) for b in base]
    return antonyms, clean


def references(year: str, n: int) -> list[Segment]:
    csv.field_size_limit(1 << 30)
    with open(EVALDATA / "wmt_ruen_systems" / year / "segments.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    pairs = list(dict.fromkeys((r["source"], r["ref_A"]) for r in rows if r["source"].strip() and r["ref_A"].strip()))
    random.Random(0).shuffle(pairs)
    return [Segment(id=year, mt=ref, src=src) for src, ref in pairs[:n]]


def flagged(result) -> bool:  # type: ignore[no-untyped-def]
    return any(f.category == Category.POLARITY and f.severity >= Severity.MAJOR for f in result.findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refs", type=int, default=300, help="references sampled per year")
    parser.add_argument("--years", default="wmt21,wmt22,wmt23")
    parser.add_argument("--show", type=int, default=0, help="print N flagged references per year")
    args = parser.parse_args()

    antonyms, clean = demetr()
    sets: dict[str, list[Segment]] = {
        "antonym FLORES": [s for s in antonyms if s.id == "FLORES"],
        "antonym WMT": [s for s in antonyms if s.id == "WMT"],
        "clean MT": clean,
    }
    for year in args.years.split(","):
        sets[f"{year} refs"] = references(year.strip(), args.refs)

    encoder = _encoder()
    model = Checker(selection=Selection.build(select=["MT409"]), models=True, resources={ENCODER_RESOURCE: encoder})
    rules = Checker(selection=Selection.build(select=["MT40"]), models=False)
    opts = ANTONYM_OPTIONS
    print(f"MT409 margin {opts['margin']}, min_lean {opts['min_lean']}, affix_factor {opts['affix_factor']}, "
          f"max_words {opts['max_words']}, max_antonyms {opts['max_antonyms']}")
    print(f"{'set':16} {'n':>4} {'MT409':>15} {'MT40x rules':>15} {'both':>15} {'s/sent':>7}")
    all_swaps: dict[str, list] = {}
    for name, segs in sets.items():
        t = time.perf_counter()
        model_hits = [flagged(r) for r in model.run(segs).results]
        cost = (time.perf_counter() - t) / len(segs)
        rule_hits = [flagged(r) for r in rules.run(segs).results]
        both = [a or b for a, b in zip(model_hits, rule_hits)]
        # Same encodings as the run above (cached): for the settings table.
        all_swaps[name] = [
            swaps(encoder, s.src or "", s.mt, candidates(s.mt, opts["max_words"], opts["max_antonyms"])) for s in segs
        ]

        def pct(xs: list[bool]) -> str:
            return f"{sum(xs):3d} ({100 * sum(xs) / len(xs):5.1f}%)"

        print(f"{name:16} {len(segs):4d} {pct(model_hits):>15} {pct(rule_hits):>15} {pct(both):>15} {cost:7.3f}")
        if args.show and name.endswith("refs"):
            shown = 0
            for seg, result in zip(segs, model.run(segs).results):
                for f in result.findings:
                    if shown < args.show:
                        print(f"    {f.message} | {seg.mt[:140]}")
                        shown += 1

    print("\nother settings (share flagged by MT409):")
    names = list(sets)
    print(f"{'margin':>7} {'lean':>6} " + " ".join(f"{n:>15}" for n in names))
    for margin in (0.005, 0.008, 0.01, 0.015, 0.02):
        for lean in (-1.0, 0.0, 0.02, 0.04):
            cells = []
            for n in names:
                hits = [best_swap(sw, margin, lean, opts["affix_factor"]) is not None for sw in all_swaps[n]]
                cells.append(f"{100 * sum(hits) / len(hits):14.1f}%")
            print(f"{margin:7.3f} {lean if lean > -1 else 'none':>6} " + " ".join(cells))


if __name__ == "__main__":
    main()
