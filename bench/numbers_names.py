"""Recall and false alarms of the number, named-entity and terminology checks (MT5xx, MT6xx, MT8xx).

    .venv/bin/python bench/numbers_names.py [--split all|flores|wmt] [--years wmt21,wmt22,wmt23] [--mlqe] [--show 20]
    .venv/bin/python bench/numbers_names.py --synthetic [--seed 0] [--show 20]

DEMETR ru-en, given only the source and the MT: the share of perturbed MTs
(label 1) flagged at major or above in the matching category, for
critical_id10_numbers_replaced (number), critical_id9_ne_replaced and
critical_id25_ne_removed (named-entity); and the share of the 100 clean MTs with
any MT5xx/MT6xx finding at major or above. WMT21-23 ru-en: each human reference
(ref_A) taken as the MT of its source, documents kept together (so the
document-scope checks run): the share of sentences with a finding at major or above.
With --mlqe, also MLQE-PE ru-en (Reddit, Wikiquote) MTs that post-editors left
unchanged (HTER 0), dev and test20 splits: the share flagged at major or above.

With --synthetic (held out: WMT23 was not used to tune the MT6xx checks), names are
taken out of WMT23 human references: a name is a run of capitalised words inside a
sentence whose transliteration key is close to a capitalised word of the source. One
name per sentence is removed (with "the" before it, "'s" after it, and a preposition
before it when nothing follows) or replaced by a name of the same length from another
document that shares no key with the source. Printed: the share of perturbed
references flagged major+ in the named-entity category (recall, MT601/MT602), and the
share of the untouched references of the same documents flagged major+ by MT6xx
(false alarms).
Only the checks named above run here; bench/demetr.py measures every check together.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
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


_REF_CAP = re.compile(r"[A-Z](?<![\w'’-][A-Z])[a-z]+(?:-[A-Z][a-z]+)*")
_SRC_CAP = re.compile(r"(?<![А-ЯЁа-яё])[А-ЯЁ][а-яё]+")
_NOT_NAMES = frozenset(
    """January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday The This That These Those It He She They We You I In On At Of""".split()
)


def _initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'“‘(«")
    return not before or before[-1] in ".!?:;—–-\n"


def _shared_names(src: str, ref: str) -> list[tuple[int, int]]:
    """Runs of capitalised reference words inside a sentence ("Vladimir Putin") whose
    first or last word transliterates a capitalised source word (BGN key, case ending
    cut, rapidfuzz ratio >= 75)."""
    from rapidfuzz import fuzz

    from mtcheck.lang.translit import latin_key

    src_keys = set()
    for m in _SRC_CAP.finditer(src):
        if _initial(src, m.start()):
            continue
        word = m.group().lower()
        for cut in (0, 1, 2):
            if len(word) - cut >= 3:
                src_keys.add(latin_key(word[: len(word) - cut]))
    runs: list[list[int]] = []
    for m in _REF_CAP.finditer(ref):
        if _initial(ref, m.start()) or m.group() in _NOT_NAMES:
            runs.append([])
            continue
        if runs and runs[-1] and ref[runs[-1][1] : m.start()] == " ":
            runs[-1][1] = m.end()
        else:
            runs.append([m.start(), m.end()])
    out = []
    for run in runs:
        if not run:
            continue
        words = ref[run[0] : run[1]].split()
        keys = {latin_key(w) for w in (words[0], words[-1])}
        if any(fuzz.ratio(k, s) >= 75 for k in keys for s in src_keys if len(k) >= 3):
            out.append((run[0], run[1]))
    return out


def _remove(ref: str, start: int, end: int) -> str:
    before, after = ref[:start], ref[end:]
    if after.startswith(("'s", "’s")):
        after = after[2:]
    before = re.sub(r"\b(?:the|The) $", "", before)
    if re.match(r"\s*[.,;:!?)]", after) or not after.strip():
        before = re.sub(r"\b(?:in|from|to|at|of|by|with|for|on) $", "", before)
    after = after.lstrip()
    text = before.rstrip() + (" " if after[:1].isalnum() or after[:1] in "(\"“«" else "") + after if before.strip() else after
    return re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"  +", " ", text)).strip()


def synthetic(year: str, seed: int, show: int) -> None:
    from mtcheck.lang.translit import latin_key

    csv.field_size_limit(1 << 30)
    with open(EVALDATA / "wmt_ruen_systems" / year / "segments.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if r["source"].strip() and r["ref_A"].strip()]
    rows.sort(key=lambda r: (r["doc_id"], int(r["seg_in_doc"])))
    rng = random.Random(seed)
    found = [(r, _shared_names(r["source"], r["ref_A"])) for r in rows]
    pool: dict[int, list[tuple[str, str]]] = {}
    for r, spans in found:
        for start, end in spans:
            name = r["ref_A"][start:end]
            pool.setdefault(len(name.split()), []).append((r["doc_id"], name))
    removed: list[Segment] = []
    replaced: list[Segment] = []
    docs = set()
    for r, spans in found:
        if not spans:
            continue
        start, end = rng.choice(spans)
        ref, src = r["ref_A"], r["source"]
        removed.append(Segment(id=f"rm-{r['seg_idx']}", mt=_remove(ref, start, end), src=src, doc=f"rm-{r['seg_idx']}"))
        src_keys = {latin_key(w.lower()[:5]) for w in re.findall(r"[А-ЯЁ][а-яё]+", src)}
        others = [
            name
            for doc, name in pool.get(len(ref[start:end].split()), [])
            if doc != r["doc_id"] and not {latin_key(w.lower()[:5]) for w in name.split()} & src_keys
        ]
        if others:
            other = rng.choice(others)
            replaced.append(Segment(id=f"rp-{r['seg_idx']}", mt=ref[:start] + other + ref[end:], src=src, doc=f"rp-{r['seg_idx']}"))
        docs.add(r["doc_id"])
    clean = [
        Segment(id=f"{year}-{r['seg_idx']}", mt=r["ref_A"], src=r["source"], doc=r["doc_id"]) for r in rows if r["doc_id"] in docs
    ]
    mt6 = Checker(selection=Selection.build(select=["MT6"]), models=False)
    print(f"Synthetic named-entity errors in {year} human references (held out; seed {seed})")
    for label, segs in (("name removed", removed), ("name replaced", replaced)):
        run = mt6.run(segs)
        missed = [
            res for res in run.results
            if not any(f.category == Category.NAMED_ENTITY and f.severity >= Severity.MAJOR for f in res.findings)
        ]
        hit = len(segs) - len(missed)
        print(f"  {label:14} flagged {hit}/{len(segs)} = {hit / max(len(segs), 1):.1%}")
        for res in missed[:show]:
            print(f"      MISS {res.segment.id}\n         src: {res.segment.src}\n          mt: {res.segment.mt}")
    run = mt6.run(clean)
    flagged = [res for res in run.results if any(f.severity >= Severity.MAJOR for f in res.findings)]
    print(
        f"  untouched references of the same {len(docs)} documents flagged major+ by MT6xx: "
        f"{len(flagged)}/{len(clean)} = {len(flagged) / max(len(clean), 1):.2%}"
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
    parser.add_argument("--synthetic", action="store_true", help="only the synthetic name errors in held-out WMT23 references")
    parser.add_argument("--synthetic-year", default="wmt23")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.synthetic:
        synthetic(args.synthetic_year, args.seed, args.show)
        return
    demetr(args.split, args.show)
    if not args.skip_wmt:
        wmt([y for y in args.years.split(",") if y], args.show)
    if args.mlqe:
        mlqe(args.show)


if __name__ == "__main__":
    main()
