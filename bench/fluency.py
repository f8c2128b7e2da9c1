"""Language-model fluency: speed, memory, calibration, DEMETR minor perturbations, MT901/MT902 rates.

    python bench/fluency.py speed [--n 256] [--batch-size 32] [--threads 2]
        First, each in a fresh subprocess: the first load from the GGUF (empty cache), a warm
        load, and the peak memory of a process that loads the model and scores the sentences.
        Then LM throughput on WMT22 ru-en references (WMT-length sentences), warm cache: the raw
        batched forward pass and mtcheck's fluency pipeline, alternating on the same chunks.
    python bench/fluency.py calibrate
        Fit the fluency scale's constants on WMT21 ru-en reference A (human translations).
    python bench/fluency.py demetr
        DEMETR ru-en: share of items whose perturbed MT gets a lower fluency than its clean MT.
    python bench/fluency.py checks
        How often MT901 (surprisal-spike) and MT902 (garbled) fire on human references
        (WMT21 ref A), DEMETR clean MT and DEMETR perturbations.

Timings on a shared machine are noisy: the speed command measures the raw forward pass
in the same run, so the ratio is the number to compare.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EVALDATA = ROOT / ".." / "shared" / "evaldata"
csv.field_size_limit(1 << 30)

MINOR = (
    "minor_id14_word_swap",
    "minor_id1_repeat2",
    "minor_id26_misspelled",
    "minor_id32_first_lower",
    "minor_id27_char_removed",
    "minor_id28_final_punc_removed",
)
OTHERS = ("minor_id2_repeat4", "minor_id13_pos_shift", "minor_id16_function_word", "critical_id8_negation",
          "critical_id7_antonym", "critical_id20_shuffled")


def wmt_refs(year: str, column: str = "ref_A") -> list[str]:
    with open(EVALDATA / "wmt_ruen_systems" / year / "segments.tsv", encoding="utf-8") as stream:
        rows = csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [r[column] for r in rows if r[column].strip()]


def demetr_rows() -> list[dict[str, Any]]:
    with open(EVALDATA / "demetr" / "ru_en_perturbations.jsonl", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


# -- speed ---------------------------------------------------------------------------------------


def raw_forward(model: Any, texts: list[str], batch_size: int) -> None:
    """What a bare transformers loop costs: tokenize, sort by length, pad, forward (logits)."""
    import torch

    tok = model.tokenizer
    rows = [[model.boundary_id, *tok(t, add_special_tokens=False)["input_ids"], model.boundary_id] for t in texts]
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]), reverse=True)
    with torch.inference_mode():
        for first in range(0, len(order), batch_size):
            batch = [rows[i] for i in order[first : first + batch_size]]
            width = max(len(r) for r in batch)
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros_like(ids)
            for k, r in enumerate(batch):
                ids[k, : len(r)] = torch.tensor(r)
                mask[k, : len(r)] = 1
            model.model(input_ids=ids, attention_mask=mask).logits


def speed(args: argparse.Namespace) -> None:
    texts = wmt_refs("wmt22")[: args.n]
    if not args.no_loads:
        # Fresh processes first, while this one is small: a child's ru_maxrss can inherit its parent's.
        print("fresh processes (peak memory: VmHWM of the child; ru_maxrss in brackets):")
        with tempfile.TemporaryDirectory(prefix="mtcheck-bench-cache-") as empty:
            first = _subprocess_load(empty, [])
            print(f"  first load from the GGUF (empty cache): {first['load_s']:.1f} s in load_lm, "
                  f"{first['total_s']:.1f} s with imports; peak {first['hwm_mb']:.0f} MB [{first['maxrss_mb']:.0f}]")
            warm = min((_subprocess_load(empty, []) for _ in range(2)), key=lambda r: r["load_s"])
            print(f"  warm load (cached safetensors, best of 2): {warm['load_s']:.2f} s in load_lm, "
                  f"{warm['total_s']:.2f} s with imports (torch and transformers alone: {warm['imports_s']:.2f} s); "
                  f"peak {warm['hwm_mb']:.0f} MB")
        scored = _subprocess_load(None, texts, batch_size=args.batch_size)
        print(f"  load + score {len(texts)} sentences in batches of {args.batch_size}: "
              f"peak {scored['hwm_mb']:.0f} MB [{scored['maxrss_mb']:.0f}]")
    import torch

    from mtcheck.models.lm import load_lm
    from mtcheck.records import Segment, SegmentResult
    from mtcheck.scoring.fluency import Fluency, SurprisalCache

    if args.threads:
        torch.set_num_threads(args.threads)
    model = load_lm(dtype=args.dtype)
    tokens = sum(len(model.tokenizer(t, add_special_tokens=False)["input_ids"]) for t in texts) / len(texts)
    print(f"throughput on {len(texts)} WMT22 ru-en references ({tokens:.1f} tokens on average), {args.dtype}, batch {args.batch_size}, "
          f"threads {torch.get_num_threads()}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}")
    raw_forward(model, texts[:8], args.batch_size)  # warm-up

    def pipeline(chunk: list[str]) -> None:
        results = [SegmentResult(Segment(id=str(i), mt=t)) for i, t in enumerate(chunk)]
        Fluency(SurprisalCache(batch_size=args.batch_size, dtype=args.dtype)).annotate(results)

    def with_checks(chunk: list[str]) -> None:
        from mtcheck.engine import Checker
        from mtcheck.scoring.fluency import LM_RESOURCE
        from mtcheck.selection import Selection

        cache = SurprisalCache(batch_size=args.batch_size, dtype=args.dtype)
        checker = Checker(selection=Selection.build(select=["MT901", "MT902"]), annotators=[Fluency(cache)],
                          resources={LM_RESOURCE: cache})
        checker.run([Segment(id=str(i), mt=t) for i, t in enumerate(chunk)])

    # Alternate the two on the same chunks, so that a change in the machine's load hits both.
    raw_rates, pipe_rates, check_rates, ratios, check_ratios = [], [], [], [], []
    seconds = {"raw": 0.0, "pipeline": 0.0, "checks": 0.0}
    done = 0
    for _ in range(args.repeat):
        for first in range(0, len(texts), args.chunk):
            chunk = texts[first : first + args.chunk]
            started = time.perf_counter()
            raw_forward(model, chunk, args.batch_size)
            raw = len(chunk) / (time.perf_counter() - started)
            started = time.perf_counter()
            pipeline(chunk)
            pipe = len(chunk) / (time.perf_counter() - started)
            started = time.perf_counter()
            with_checks(chunk)
            checked = len(chunk) / (time.perf_counter() - started)
            seconds["raw"] += len(chunk) / raw
            seconds["pipeline"] += len(chunk) / pipe
            seconds["checks"] += len(chunk) / checked
            done += len(chunk)
            raw_rates.append(raw)
            pipe_rates.append(pipe)
            check_rates.append(checked)
            ratios.append(pipe / raw)
            check_ratios.append(checked / raw)
    # "overall" is every sentence over all the time; chunks differ in length, so best and median differ from it.
    print(f"  raw batched forward:   overall {done / seconds['raw']:5.1f}, best chunk {max(raw_rates):5.1f}, "
          f"median chunk {np.median(raw_rates):5.1f} sentences/s")
    print(f"  fluency pipeline:      overall {done / seconds['pipeline']:5.1f}, best chunk {max(pipe_rates):5.1f}, "
          f"median chunk {np.median(pipe_rates):5.1f} sentences/s")
    print(f"  + MT901/MT902 checks:  overall {done / seconds['checks']:5.1f}, best chunk {max(check_rates):5.1f}, "
          f"median chunk {np.median(check_rates):5.1f} sentences/s")
    print(f"  pipeline / raw, same chunk ({len(ratios)} chunks of {args.chunk}): median {np.median(ratios):.2f} "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}); with the checks: median {np.median(check_ratios):.2f}")


_CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import torch, transformers  # noqa: F401
t1 = time.perf_counter()
from mtcheck.models.lm import load_lm
model = load_lm()
t2 = time.perf_counter()
texts = json.loads(sys.stdin.read())
if texts:
    model.surprisal(texts, batch_size=int(sys.argv[1]))
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"imports_s": t1 - t0, "load_s": t2 - t1, "total_s": t2 - t0, "hwm_mb": hwm / 1024,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _subprocess_load(cache: str | None, texts: list[str], batch_size: int = 32) -> dict[str, float]:
    env = dict(os.environ)
    if cache is not None:
        env["MTCHECK_CACHE_DIR"] = cache
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(batch_size)],
        input=json.dumps(texts), capture_output=True, text=True, env=env, check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- calibration -------------------------------------------------------------------------------


def calibrate(args: argparse.Namespace) -> None:
    from mtcheck.scoring.fluency import SurprisalCache, calibration_for, fluency_score

    refs = wmt_refs("wmt21")
    cache = SurprisalCache(batch_size=args.batch_size, dtype=args.dtype)
    scored = cache.get(refs)
    calibration = calibration_for(cache.model.info)
    n = np.array([len(s.tokens) for s in scored], dtype=float)
    m = np.array([s.mean_bits for s in scored])
    x = np.c_[np.ones_like(n), 1 / (n + 1)]
    (a, b), *_ = np.linalg.lstsq(x, m, rcond=None)
    resid = m - x @ np.array([a, b])
    (c, d), *_ = np.linalg.lstsq(x, resid**2, rcond=None)
    print(f"WMT21 ru-en reference A: {len(refs)} sentences, median {np.median(n):.0f} tokens, {cache.model.signature()}")
    print(f"fitted:  A={a:.4f} B={b:.3f} C={c:.4f} D={d:.3f}")
    print(f"in use:  A={calibration.a} B={calibration.b} C={calibration.c} D={calibration.d} ({calibration.dtype})")
    scores = np.array([fluency_score(s, calibration) for s in scored])
    print(f"fluency of these references (constants in use): median {np.median(scores):.1f}, "
          f"p10 {np.percentile(scores, 10):.1f}, p90 {np.percentile(scores, 90):.1f}")
    held_out = wmt_refs("wmt21", "ref_B")
    other = np.array([fluency_score(s, calibration) for s in cache.get(held_out)])
    print(f"WMT21 reference B (not fitted on): median {np.median(other):.1f}, p10 {np.percentile(other, 10):.1f}, "
          f"p90 {np.percentile(other, 90):.1f}")


# -- DEMETR ----------------------------------------------------------------------------------


def demetr(args: argparse.Namespace) -> None:
    from mtcheck.scoring.fluency import SurprisalCache, calibration_for, fluency_score

    rows = [r for r in demetr_rows() if r["pert_name"] in MINOR + OTHERS and r["label"] == 1 and r["perturbed"] != r["mt"]]
    cache = SurprisalCache(batch_size=args.batch_size, dtype=args.dtype)
    texts = sorted({t for r in rows for t in (r["mt"], r["perturbed"])})
    calibration = calibration_for(cache.model.info)
    fluency = dict(zip(texts, (fluency_score(s, calibration) for s in cache.get(texts))))
    print(f"DEMETR ru-en: perturbed MT less fluent than its clean MT ({cache.model.signature()})")
    total = [0, 0]
    for name in MINOR + OTHERS:
        pairs = [(fluency[r["mt"]], fluency[r["perturbed"]]) for r in rows if r["pert_name"] == name]
        lower = sum(1 for clean, bad in pairs if bad < clean)
        if name in MINOR:
            total[0] += lower
            total[1] += len(pairs)
        print(f"  {name:32s} {lower:3d}/{len(pairs):3d} = {100 * lower / len(pairs):5.1f}%"
              f"   median drop {np.median([c - b for c, b in pairs]):5.1f}" + ("" if name in MINOR else "   (not in the target)"))
    print(f"  the six minor perturbations together: {total[0]}/{total[1]} = {100 * total[0] / total[1]:.1f}%")


# -- MT901 / MT902 -----------------------------------------------------------------------------


def checks(args: argparse.Namespace) -> None:
    from mtcheck.engine import Checker
    from mtcheck.records import Segment
    from mtcheck.selection import Selection

    sets: dict[str, list[str]] = {"WMT21 ref A (human)": wmt_refs("wmt21")[: args.n]}
    rows = demetr_rows()
    sets["DEMETR clean MT"] = sorted({r["mt"] for r in rows})
    for name in ("minor_id14_word_swap", "minor_id1_repeat2", "minor_id26_misspelled", "minor_id16_function_word",
                 "critical_id8_negation", "critical_id20_shuffled"):
        sets[f"DEMETR {name}"] = [r["perturbed"] for r in rows if r["pert_name"] == name and r["label"] == 1]
    from mtcheck.scoring.fluency import LM_RESOURCE, SurprisalCache

    resources: dict[str, Any] = {LM_RESOURCE: SurprisalCache(dtype=args.dtype)}
    checker = Checker(selection=Selection.build(select=["MT901", "MT902"]), resources=resources)
    print("share of sentences flagged")
    for label, texts in sets.items():
        run = checker.run([Segment(id=str(i), mt=t) for i, t in enumerate(texts)])
        flagged = {code: sum(1 for r in run.results if any(f.code == code for f in r.findings)) for code in ("MT901", "MT902")}
        print(f"  {label:36s} n={len(texts):4d}  MT901 {100 * flagged['MT901'] / len(texts):5.1f}%"
              f"  MT902 {100 * flagged['MT902'] / len(texts):5.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("speed")
    p.add_argument("--n", type=int, default=256)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--chunk", type=int, default=256, help="sentences per alternating measurement (all of them, length-sorted together, by default)")
    p.add_argument("--dtype", default="auto", choices=("auto", "float32", "bfloat16"), help="the model's dtype (raw forward too)")
    p.add_argument("--no-loads", action="store_true", help="skip the fresh-process load and memory measurements")
    for name in ("calibrate", "demetr"):
        q = sub.add_parser(name)
        q.add_argument("--batch-size", type=int, default=32)
        q.add_argument("--dtype", default="auto", choices=("auto", "float32", "bfloat16"))
    q = sub.add_parser("checks")
    q.add_argument("--n", type=int, default=1000)
    q.add_argument("--dtype", default="auto", choices=("auto", "float32", "bfloat16"))
    args = parser.parse_args()
    {"speed": speed, "calibrate": calibrate, "demetr": demetr, "checks": checks}[args.command](args)


if __name__ == "__main__":
    main()
