"""Rules-only throughput next to sacrebleu's sentence chrF, on the same pairs, in one run.

    .venv/bin/python bench/rules_speed.py [--n 10000] [--repeat 3]

Reads WMT21-23 ru-en system outputs (with their source and reference) from
../shared/evaldata, runs every rule-based check (no model) over N segments, and
times sacrebleu's sentence-level chrF on the same (mt, ref) pairs. Prints
sentences per second for both and the ratio (target: >= 1.0).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVALDATA = ROOT.parent / "shared" / "evaldata" / "wmt_ruen_systems"
sys.path.insert(0, str(ROOT))

from mtcheck import Checker, Segment  # noqa: E402


def load_pairs(n: int) -> list[Segment]:
    csv.field_size_limit(1 << 30)
    segments: list[Segment] = []
    for year in ("wmt21", "wmt22", "wmt23"):
        folder = EVALDATA / year
        with open(folder / "segments.tsv", encoding="utf-8") as f:
            meta = {r["seg_idx"]: r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}
        with open(folder / "system_outputs.tsv", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                seg = meta[row["seg_idx"]]
                segments.append(
                    Segment(id=f"{year}-{row['seg_idx']}-{row['system']}", mt=row["mt"], src=seg["source"], ref=seg["ref_A"])
                )
                if len(segments) >= n:
                    return segments
    return segments


def best_of(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from sacrebleu.metrics import CHRF

    segments = load_pairs(args.n)
    n = len(segments)
    chrf = CHRF()

    def run_chrf() -> None:
        for s in segments:
            chrf.sentence_score(s.mt, [s.ref or ""])

    def run_rules() -> None:
        # A fresh checker each time: per-run caches are part of the cost.
        Checker(models=False).run(segments)

    # Warm up: imports, morphology dictionaries, compiled patterns.
    Checker(models=False).run(segments[:200])
    t_rules = best_of(args.repeat, run_rules)
    t_chrf = best_of(args.repeat, run_chrf)
    checker = Checker(models=False)
    run = checker.run(segments)
    flagged = sum(1 for r in run.results if r.findings)
    print(f"segments: {n} (WMT21-23 ru-en system outputs with source and reference)")
    print(f"checks: {len(checker.specs)} rule-based ({', '.join(s.code for s in checker.specs)})")
    print(f"mtcheck rules-only : {n / t_rules:9.0f} sentences/s  ({t_rules:.2f} s, best of {args.repeat})")
    print(f"sacrebleu chrF     : {n / t_chrf:9.0f} sentences/s  ({t_chrf:.2f} s, best of {args.repeat})")
    print(f"ratio rules/chrF   : {t_chrf / t_rules:9.2f}x  (target >= 1.0)")
    print(f"segments with a finding: {flagged} ({100 * flagged / n:.1f}%)")


if __name__ == "__main__":
    main()
