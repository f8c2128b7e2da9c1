"""The quality estimate: compute features, fit it on MLQE-PE train, and measure it.

    python bench/estimate.py features   # run mtcheck's scorers and rule checks on the data (slow: ~1 h on 2 busy cores)
    python bench/estimate.py fit        # ridge regression on MLQE-PE *train* -> mtcheck/data/estimate_v1.json
    python bench/estimate.py eval       # Pearson r with human scores on the held-out data
    python bench/estimate.py eval --rescore-fluency bfloat16   # the same with fluency from a bfloat16 model

Data (from ../shared/evaldata): MLQE-PE ru-en train (fit), dev (ridge strength), test20
(reported, reference-free); WMT22 ru-en crowd DA, a seeded sample of 1,500 scored system
outputs (reported, with the reference); WMT21 ru-en crowd DA, another 1,500 (a second
reference-based set). Features are cached in bench/results/estimate_features.jsonl, one
record per segment, so that fit and eval are quick.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EVALDATA = ROOT / ".." / "shared" / "evaldata"
RESULTS = ROOT / "bench" / "results"
FEATURES = RESULTS / "estimate_features.jsonl"
MODEL_OUT = ROOT / "mtcheck" / "data" / "estimate_v1.json"
SAMPLE = 1500
csv.field_size_limit(1 << 30)

# Feature sets, most informed first; the scorer uses the first whose features are all present.
_SOURCE = ["len_dev", "len_dev_sq", "src_words", "src_words_sq", "src_words_inv", "src_punct", "src_digit", "src_upper"]
_MODEL = ["fluency", "fluency_sq", "fluency_low", "surprisal"]
_FINDINGS = ["critical", "major", "minor"]
_COSINE = ["cos_src_mt", "cos_src_mt_sq", "cos_src_mt_cube", "cos_x_len_dev", "cos_x_src_words", "cos_x_fluency"]
MODELS = {
    "src+embeddings": _COSINE + _SOURCE + _MODEL + _FINDINGS,
    "src": _SOURCE + _MODEL + _FINDINGS,
}


def mlqe_rows() -> Iterator[dict[str, Any]]:
    with open(EVALDATA / "mlqe_pe_ruen" / "ru_en.jsonl", encoding="utf-8") as stream:
        for line in stream:
            row = json.loads(line)
            if row["split"] in ("train", "dev", "test20"):
                yield {
                    "set": f"mlqe-{row['split']}",
                    "id": row["id"],
                    "src": row["source"],
                    "mt": row["mt"],
                    "ref": None,
                    "da_z": row["da_z_mean"],
                    "da": row["da_mean"],
                }


def wmt_rows(year: str) -> list[dict[str, Any]]:
    folder = EVALDATA / "wmt_ruen_systems" / year
    with open(folder / "segments.tsv", encoding="utf-8") as stream:
        segments = {r["seg_idx"]: r for r in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)}
    with open(folder / "system_outputs.tsv", encoding="utf-8") as stream:
        outputs = [r for r in csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE) if r["da_z"]]
    rng = random.Random(0)
    picked = rng.sample(outputs, SAMPLE)
    return [
        {
            "set": f"{year}-da",
            "id": f"{year}-{r['seg_idx']}-{r['system']}",
            "src": segments[r["seg_idx"]]["source"],
            "mt": r["mt"],
            "ref": segments[r["seg_idx"]]["ref_A"],
            "da_z": float(r["da_z"]),
            "da": float(r["da_raw"]),
        }
        for r in picked
    ]


def compute_features(args: argparse.Namespace) -> None:
    from mtcheck.engine import Checker
    from mtcheck.records import Segment
    from mtcheck.scoring.estimate import finding_counts
    from mtcheck.scoring.fluency import Fluency, SurprisalCache
    from mtcheck.scoring.metrics import ReferenceMetrics
    from mtcheck.scoring.similarity import Similarity

    RESULTS.mkdir(parents=True, exist_ok=True)
    done: set[str] = set()
    if FEATURES.exists():
        done = {json.loads(line)["set"] for line in FEATURES.read_text(encoding="utf-8").splitlines() if line.strip()}
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in mlqe_rows():
        groups.setdefault(row["set"], []).append(row)
    groups["wmt22-da"] = wmt_rows("wmt22")
    groups["wmt21-da"] = wmt_rows("wmt21")
    cache = SurprisalCache(batch_size=args.batch_size, threads=args.threads)
    scorers = [ReferenceMetrics(), Fluency(cache, tokens=False), Similarity(threads=args.threads or 2)]
    # Rule checks only: the estimate counts findings of checks that use no model.
    checker = Checker(annotators=scorers, models=False)
    for name in ("mlqe-test20", "wmt22-da", "mlqe-dev", "wmt21-da", "mlqe-train"):
        if name in done:
            print(f"{name}: cached", file=sys.stderr)
            continue
        rows = groups[name]
        started = time.time()
        segments = [Segment(id=r["id"], mt=r["mt"], src=r["src"], ref=r["ref"]) for r in rows]
        run = checker.run(segments)
        with open(FEATURES, "a", encoding="utf-8") as stream:
            for row, result in zip(rows, run.results):
                record = {k: row[k] for k in ("set", "id", "da_z", "da", "src", "mt", "ref")}
                record["counts"] = finding_counts(result)
                record["scores"] = dict(result.scores)
                stream.write(json.dumps(record) + "\n")
        print(f"{name}: {len(rows)} segments in {time.time() - started:.0f} s", file=sys.stderr)


def load_features() -> dict[str, list[dict[str, Any]]]:
    """The cached records by set, with ``features`` recomputed by the scorer's own code."""
    from mtcheck.records import Segment
    from mtcheck.scoring.estimate import feature_values

    sets: dict[str, list[dict[str, Any]]] = {}
    for line in FEATURES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            sets.setdefault(record["set"], []).append(record)
    for records in sets.values():
        for r in records:
            segment = Segment(id=r["id"], mt=r["mt"], src=r["src"], ref=r["ref"])
            r["features"] = feature_values(segment, r["scores"], r["counts"])
    return sets


def _matrix(records: list[dict[str, Any]], names: list[str]) -> np.ndarray:
    return np.array([[r["features"][n] for n in names] for r in records], dtype=np.float64)


def ridge(x: np.ndarray, y: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Ridge on standardised features; returns mean, scale, weights, intercept."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    weights = np.linalg.solve(z.T @ z + alpha * np.eye(z.shape[1]), z.T @ (y - y.mean()))
    return mean, scale, weights, float(y.mean())


def pearson(a: Any, b: Any) -> float:
    return float(np.corrcoef(np.asarray(a, dtype=float), np.asarray(b, dtype=float))[0, 1])


def fit(args: argparse.Namespace) -> None:
    sets = load_features()
    train, dev = sets["mlqe-train"], sets["mlqe-dev"]
    models: dict[str, Any] = {}
    for name, feats in MODELS.items():
        x, y = _matrix(train, feats), np.array([r["da"] for r in train])
        xd, yd = _matrix(dev, feats), np.array([r["da_z"] for r in dev])
        best = None
        for alpha in (0.1, 1, 10, 100, 1000, 3000):
            mean, scale, w, b = ridge(x, y, alpha)
            r = pearson(((xd - mean) / scale) @ w + b, yd)
            if best is None or r > best[0]:
                best = (r, alpha, mean, scale, w, b)
        r, alpha, mean, scale, w, b = best  # type: ignore[misc]
        print(f"{name}: alpha {alpha}, dev r {r:.3f}")
        models[name] = {
            "features": feats,
            "mean": dict(zip(feats, map(float, mean))),
            "scale": dict(zip(feats, map(float, scale))),
            "weights": dict(zip(feats, map(float, w))),
            "intercept": b,
            "ridge_alpha": alpha,
            "dev_pearson_da_z": round(r, 4),
        }
    doc = {
        "version": "v1",
        "target": "MLQE-PE ru-en da_mean (0-100)",
        "fitted_on": f"MLQE-PE ru-en train split ({len(train)} segments); ridge strength chosen on dev ({len(dev)})",
        "command": "python bench/estimate.py features && python bench/estimate.py fit",
        "models": models,
    }
    MODEL_OUT.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_OUT.relative_to(ROOT)}")


def _rescore_fluency(sets: dict[str, list[dict[str, Any]]], dtype: str) -> None:
    """Replace the cached fluency of the reported sets by the language model's in ``dtype``:
    the features were cached in float32, and ``--lm-dtype auto`` may pick bfloat16."""
    from mtcheck.records import Segment
    from mtcheck.scoring.estimate import feature_values
    from mtcheck.scoring.fluency import SurprisalCache, calibration_for, fluency_score

    cache = SurprisalCache(dtype=dtype)
    for name in ("mlqe-test20", "wmt22-da", "wmt21-da"):
        records = sets.get(name, [])
        scored = cache.get([r["mt"] for r in records])
        calibration = calibration_for(cache.model.info)
        for r, s in zip(records, scored):
            r["scores"] = {**r["scores"], "fluency": fluency_score(s, calibration), "surprisal": s.mean_bits}
            segment = Segment(id=r["id"], mt=r["mt"], src=r["src"], ref=r["ref"])
            r["features"] = feature_values(segment, r["scores"], r["counts"])
    print(f"fluency rescored with {cache.model.signature()}")


def evaluate(args: argparse.Namespace) -> None:
    from mtcheck.scoring.estimate import estimate, load_models

    load_models.cache_clear()
    sets = load_features()
    if getattr(args, "rescore_fluency", None):
        _rescore_fluency(sets, args.rescore_fluency)
    for name in ("mlqe-test20", "mlqe-dev", "wmt22-da", "wmt21-da"):
        records = sets.get(name)
        if not records:
            continue
        rows = []
        for r in records:
            qe, quality = estimate(r["features"], r["scores"], has_src=True)
            scores = dict(r["scores"])
            if qe is not None:
                scores["qe"] = qe
            if quality is not None:
                scores["quality"] = quality
            scores["-len_dev"] = -r["features"]["len_dev"]
            rows.append((r, scores))
        print(f"\n{name} ({len(records)} segments): Pearson r with DA z (with raw DA)")
        for col in ("qe", "quality", "cos_src_mt", "-len_dev", "fluency", "surprisal", "chrf", "cos_ref_mt", "bleu", "ter"):
            pairs = [(s[col], r["da_z"], r["da"]) for r, s in rows if col in s]
            if len(pairs) < 10:
                continue
            print(
                f"  {col:12s} {pearson([p[0] for p in pairs], [p[1] for p in pairs]):+.3f}"
                f"  ({pearson([p[0] for p in pairs], [p[2] for p in pairs]):+.3f})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    feat = sub.add_parser("features", help="compute and cache features (slow)")
    feat.add_argument("--batch-size", type=int, default=32)
    feat.add_argument("--threads", type=int, default=None)
    sub.add_parser("fit", help="fit the ridge models on MLQE-PE train")
    ev = sub.add_parser("eval", help="Pearson r on MLQE-PE test20 and the WMT DA samples")
    ev.add_argument(
        "--rescore-fluency",
        choices=("float32", "bfloat16"),
        default=None,
        help="recompute fluency with the language model in this dtype instead of the cached values (minutes)",
    )
    args = parser.parse_args()
    {"features": compute_features, "fit": fit, "eval": evaluate}[args.command](args)


if __name__ == "__main__":
    main()
