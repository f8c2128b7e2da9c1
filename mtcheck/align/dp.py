"""Banded dynamic programming over sentence beads (Gale–Church style), with similarity.

Two sides A and B are sequences of *units* (sentences, or blocks of sentences on a
coarse pass). A path through the (|A|+1) x (|B|+1) grid is a sequence of beads
(1-1, 1-2, 2-1, 2-2, 1-0, 0-1): the cheapest path is the alignment. A bead's cost
adds

- a prior for its shape (1-1 is cheapest; merges and skips cost more),
- a length term: the Gale–Church deviation of the B length from ``ratio`` times
  the A length, squared,
- a similarity term per view (lexical anchors, sentence embeddings): ``1 - cosine``
  of the two groups' summed vectors, scaled by how many sentences the bead covers,
- a penalty for each paragraph break inside a merged group (translations keep
  paragraphs; page junk sits on lines of its own),

and a skip (1-0, 0-1) costs a constant per sentence.

Only cells in a band around a coarse path are computed: documents longer than
``full_limit`` cells are first cut into blocks of about equal character length,
the blocks are aligned (recursively, the same way), and the sentence-level search
is restricted to a margin around that path. Time and memory then grow linearly
with document length. Each DP row is computed with numpy over its band.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Protocol, Sequence

import numpy as np

from mtcheck.align.anchors import SparseRows, band_dots

Bead = tuple[tuple[int, ...], tuple[int, ...]]
"""Indices of the A units and the B units of one bead; one side may be empty."""


class View(Protocol):
    """One kind of similarity between the units of A and B."""

    weight: float

    def band(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Dots of A row r with B rows lo[r]..hi[r], flat (see :func:`band_dots`)."""
        ...

    def norms(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Squared norms of A and B rows, and dots of adjacent rows (A, B)."""
        ...

    def similarity(self, dots: np.ndarray, norm_a: np.ndarray, norm_b: np.ndarray) -> np.ndarray:
        """Similarity in [0, 1] from group dots and squared group norms."""
        ...

    def grouped(self, bounds_a: Sequence[int], bounds_b: Sequence[int]) -> "View | None":
        """The same view over blocks of units (None: not useful on a coarse pass)."""
        ...


def _cosine(dots: np.ndarray, norm_a: np.ndarray, norm_b: np.ndarray) -> np.ndarray:
    denom = np.sqrt(np.maximum(norm_a, 0.0) * np.maximum(norm_b, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = np.where(denom > 0, dots / np.where(denom > 0, denom, 1.0), 0.0)
    return np.clip(sim, 0.0, 1.0)


@dataclass
class SparseView:
    """Lexical anchors (sparse tf-idf vectors); cosine as is."""

    a: SparseRows
    b: SparseRows
    weight: float
    # The similarity of a group with no anchor at all ("The vote passed at the
    # second attempt."): unknown, not zero, or merging it into an anchored
    # neighbour would look better than pairing it on its own.
    neutral: float = 0.5

    def band(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        return band_dots(self.a, self.b, lo, hi)

    def norms(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return self.a.sq_norms(), self.b.sq_norms(), self.a.adjacent_dots(), self.b.adjacent_dots()

    def similarity(self, dots: np.ndarray, norm_a: np.ndarray, norm_b: np.ndarray) -> np.ndarray:
        return np.where((norm_a > 0) & (norm_b > 0), _cosine(dots, norm_a, norm_b), self.neutral)

    def grouped(self, bounds_a: Sequence[int], bounds_b: Sequence[int]) -> "SparseView":
        a, b = self.a.group(bounds_a), self.b.group(bounds_b)
        # On blocks only the rarer features are worth the join (names, numbers);
        # frequent ones would make it quadratic. They leave the norms too, so that
        # block cosines stay on the sentences' scale.
        size = int(max(a.indices.max(initial=0), b.indices.max(initial=0))) + 1
        limit = max(3, max(a.rows, b.rows) // 10)
        frequent = (a.doc_freq(size) > limit) | (b.doc_freq(size) > limit)
        return SparseView(a.without(frequent), b.without(frequent), self.weight, self.neutral)


@dataclass
class DenseView:
    """Sentence embeddings (unit vectors); the cosine is rescaled from [floor, ceil] to [0, 1]."""

    a: np.ndarray
    b: np.ndarray
    weight: float
    # multilingual-e5-small cosines crowd together: on WMT21 ru-en, translation
    # pairs sit above 0.88 (5th percentile), neighbouring non-pairs near 0.80.
    floor: float = 0.80
    ceil: float = 0.90

    def band(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        widths = np.maximum(hi - lo + 1, 0)
        out = np.zeros(int(widths.sum()))
        pos = 0
        for r in range(len(lo)):
            w = int(widths[r])
            if w:
                out[pos : pos + w] = self.b[lo[r] : hi[r] + 1] @ self.a[r]
            pos += w
        return out

    def norms(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        def adj(x: np.ndarray) -> np.ndarray:
            out = np.zeros(len(x))
            if len(x) > 1:
                out[1:] = np.einsum("ij,ij->i", x[:-1], x[1:])
            return out

        return (
            np.einsum("ij,ij->i", self.a, self.a).astype(np.float64),
            np.einsum("ij,ij->i", self.b, self.b).astype(np.float64),
            adj(self.a),
            adj(self.b),
        )

    def similarity(self, dots: np.ndarray, norm_a: np.ndarray, norm_b: np.ndarray) -> np.ndarray:
        cos = _cosine(dots, norm_a, norm_b)
        return np.clip((cos - self.floor) / (self.ceil - self.floor), 0.0, 1.0)

    def grouped(self, bounds_a: Sequence[int], bounds_b: Sequence[int]) -> "DenseView":
        def group(x: np.ndarray, bounds: Sequence[int]) -> np.ndarray:
            sums = np.add.reduceat(x, np.asarray(bounds[:-1]), axis=0)
            return sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)

        return DenseView(group(self.a, bounds_a), group(self.b, bounds_b), self.weight, self.floor, self.ceil)


@dataclass(frozen=True)
class Params:
    """Costs of the alignment model. Defaults were tuned on WMT21 ru-en (bench/align.py)."""

    # 3-1 and 1-3 too: a sentence splitter that does not split a quote, or a
    # headline run into the first sentence, makes them.
    beads: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3))
    prior: tuple[tuple[tuple[int, int], float], ...] = (
        ((2, 1), 1.5), ((1, 2), 1.5), ((2, 2), 3.0), ((3, 1), 2.0), ((1, 3), 2.0),
    )
    skip: float = 2.0  # per skipped sentence
    # A short unit costs less to skip (page junk is short): the skip cost falls
    # linearly to this share of ``skip`` as the unit's length goes from
    # ``short_length`` characters to 0.
    short_skip: float = 1.0
    short_length: float = 60.0
    length_weight: float = 0.35
    length_cap: float = 8.0
    para_penalty: float = 2.0  # per paragraph break inside a merged group
    # for a bead whose start and end both fall on a paragraph edge on one side
    # only: translations keep paragraphs, so a pairing that shears them is suspect
    para_edge: float = 0.0
    ratio: float = 1.0  # expected length of B / length of A
    variance: float = 6.8  # Gale–Church s^2 for characters
    full_limit: int = 250_000  # cells; larger grids get a coarse pass first
    block: int = 12  # units per block on a coarse pass
    margin: int = 8  # extra units around the coarse path, each way

    def prior_of(self, bead: tuple[int, int]) -> float:
        return dict(self.prior).get(bead, 0.0)


@dataclass
class Units:
    """One side: per-unit character lengths, paragraph ids and sentence counts."""

    lengths: np.ndarray
    para: np.ndarray
    count: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.lengths = np.asarray(self.lengths, dtype=np.float64)
        self.para = np.asarray(self.para, dtype=np.int64)
        if self.count is None:
            self.count = np.ones(len(self.lengths))
        self.count = np.asarray(self.count, dtype=np.float64)

    def __len__(self) -> int:
        return len(self.lengths)

    def blocks(self, nblocks: int) -> list[int]:
        """Bounds of ``nblocks`` runs of units with about equal character length."""
        n = len(self)
        cum = np.concatenate(([0.0], np.cumsum(self.lengths)))
        targets = cum[-1] * np.arange(1, nblocks) / nblocks
        inner = np.searchsorted(cum, targets, side="left")
        bounds = np.unique(np.concatenate(([0], np.clip(inner, 1, max(n - 1, 1)), [n])))
        return [int(x) for x in bounds]

    def grouped(self, bounds: Sequence[int]) -> "Units":
        starts = np.asarray(bounds[:-1])
        # A block counts as one unit: its costs stay on the scale of the priors, so
        # the coarse path prefers the diagonal unless the anchors say otherwise.
        # No paragraph penalty between blocks.
        return Units(np.add.reduceat(self.lengths, starts), np.zeros(len(starts), dtype=np.int64))


def align(a: Units, b: Units, views: Sequence[View], params: Params) -> list[Bead]:
    """The cheapest bead sequence covering every unit of ``a`` and ``b``, in order."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    if (n + 1) * (m + 1) <= params.full_limit:
        lo = np.zeros(n + 1, dtype=np.int64)
        hi = np.full(n + 1, m, dtype=np.int64)
    else:
        lo, hi = _band_from_coarse(a, b, views, params)
    return _dp(a, b, views, params, lo, hi)


def _band_from_coarse(a: Units, b: Units, views: Sequence[View], params: Params) -> tuple[np.ndarray, np.ndarray]:
    n, m = len(a), len(b)
    nblocks = max(2, -(-max(n, m) // params.block))
    bounds_a, bounds_b = a.blocks(nblocks), b.blocks(nblocks)
    coarse_views = [v for v in (view.grouped(bounds_a, bounds_b) for view in views) if v is not None]
    # Blocks are cut to equal shares of each side's length, so their lengths agree
    # by construction (at the document's own ratio): only the anchors tell blocks apart.
    coarse_params = replace(params, length_weight=0.0, ratio=float(b.lengths.sum() / max(a.lengths.sum(), 1.0)))
    coarse = align(a.grouped(bounds_a), b.grouped(bounds_b), coarse_views, coarse_params)
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    # Project each coarse bead onto the sentence grid: its rows may use its columns.
    row, col = 0, 0
    for blocks_a, blocks_b in coarse:
        row_end = bounds_a[blocks_a[-1] + 1] if blocks_a else row
        col_end = bounds_b[blocks_b[-1] + 1] if blocks_b else col
        lo[row : row_end + 1] = np.minimum(lo[row : row_end + 1], col)
        hi[row : row_end + 1] = np.maximum(hi[row : row_end + 1], col_end)
        row, col = row_end, col_end
    # Widen by a margin of whole blocks each way, in rows and in columns.
    per_block_b = max(1, m // max(1, len(bounds_b) - 1))
    per_block_a = max(1, n // max(1, len(bounds_a) - 1))
    margin_cols = params.margin + per_block_b
    margin_rows = params.margin + per_block_a
    lo = _sliding(lo, margin_rows, np.minimum) - margin_cols
    hi = _sliding(hi, margin_rows, np.maximum) + margin_cols
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 0, m)
    # A staircase: both edges non-decreasing, consecutive rows overlapping.
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[-1] = 0, m
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    return lo, hi


def _sliding(x: np.ndarray, radius: int, op: np.ufunc) -> np.ndarray:
    out = x.copy()
    for shift in range(1, radius + 1):
        out[shift:] = op(out[shift:], x[:-shift])
        out[:-shift] = op(out[:-shift], x[shift:])
    return out


def _prefix(x: np.ndarray) -> np.ndarray:
    return np.concatenate(([0.0], np.cumsum(x, dtype=np.float64)))


@dataclass
class _Grid:
    """The band of the DP grid, stored row after row in flat arrays."""

    lo: np.ndarray
    hi: np.ndarray

    def __post_init__(self) -> None:
        self.start = np.concatenate(([0], np.cumsum(self.hi - self.lo + 1))).astype(np.int64)

    @property
    def cells(self) -> int:
        return int(self.start[-1])

    def row_slice(self, values: np.ndarray, row: int, first: int, last: int) -> np.ndarray:
        """``values`` of ``row`` at columns first..last, +inf outside the band."""
        out = np.full(last - first + 1, np.inf)
        a, b = max(first, int(self.lo[row])), min(last, int(self.hi[row]))
        if a <= b:
            base = int(self.start[row]) - int(self.lo[row])
            out[a - first : b - first + 1] = values[base + a : base + b + 1]
        return out


class _Costs:
    """Costs of every bead ending in a run of rows, computed with whole-array numpy."""

    def __init__(self, a: Units, b: Units, views: Sequence[View], params: Params, grid: _Grid, beads: list[tuple[int, int]]) -> None:
        self.a, self.b, self.views, self.params, self.grid = a, b, views, params, grid
        self.beads = [bd for bd in beads if bd[0] and bd[1]]
        n, m = len(a), len(b)
        max_da = max(da for da, _ in self.beads)
        max_db = max(db for _, db in self.beads)
        # Unit r of A meets B units glo[r]..ghi[r]: every column a bead ending in its rows can reach.
        lo, hi = grid.lo, grid.hi
        self.glo = np.maximum(lo[1:] - max_db, 0)
        ghi = np.minimum(hi[np.minimum(np.arange(1, n + 1) + max_da - 1, n)] - 1, m - 1)
        self.ghi = np.maximum(ghi, self.glo - 1)
        self.gstart = np.concatenate(([0], np.cumsum(self.ghi - self.glo + 1))).astype(np.int64)
        self.dots = [v.band(self.glo, self.ghi) for v in views]
        self.norms = [tuple(_prefix(x) for x in v.norms()) for v in views]
        self.len_a, self.len_b = _prefix(a.lengths), _prefix(b.lengths)
        self.cnt_a, self.cnt_b = _prefix(a.count), _prefix(b.count)
        self.brk_a = _prefix(np.concatenate(([0.0], (a.para[1:] != a.para[:-1]).astype(np.float64))))
        self.brk_b = _prefix(np.concatenate(([0.0], (b.para[1:] != b.para[:-1]).astype(np.float64))))
        self.edge_a, self.edge_b = _edges(a.para), _edges(b.para)

    def chunk(self, first_row: int, last_row: int) -> dict[tuple[int, int], np.ndarray]:
        """Flat cost arrays (cells of rows first_row..last_row, in grid order) per bead."""
        grid = self.grid
        rows = np.arange(first_row, last_row + 1)
        widths = grid.hi[rows] - grid.lo[rows] + 1
        I = np.repeat(rows, widths)
        J = np.arange(len(I)) - np.repeat(np.cumsum(widths) - widths, widths) + np.repeat(grid.lo[rows], widths)
        # Dots of single units A[I-x] . B[J-y], for every offset pair a bead needs.
        single: dict[tuple[int, int], list[np.ndarray]] = {}
        for da, db in self.beads:
            for x in range(1, da + 1):
                for y in range(1, db + 1):
                    if (x, y) not in single:
                        single[(x, y)] = [self._gather(k, I - x, J - y) for k in range(len(self.views))]
        out: dict[tuple[int, int], np.ndarray] = {}
        p = self.params
        n, m = len(self.a), len(self.b)
        for da, db in self.beads:
            if da > n or db > m:
                out[(da, db)] = np.full(len(I), np.inf)
                continue
            ok = (I >= da) & (J >= db)
            i, j = np.where(ok, I, da), np.where(ok, J, db)
            la = self.len_a[i] - self.len_a[i - da]
            lb = self.len_b[j] - self.len_b[j - db]
            mean = (la + lb / p.ratio) / 2.0
            delta = (lb - p.ratio * la) / np.sqrt(p.variance * np.maximum(mean, 1.0))
            per_sentence = p.length_weight * np.minimum(delta * delta / 2.0, p.length_cap)
            for k, view in enumerate(self.views):
                sq_a, sq_b, adj_a, adj_b = self.norms[k]
                norm_a = (sq_a[i] - sq_a[i - da]) + 2.0 * (adj_a[i] - adj_a[i - da + 1])
                norm_b = (sq_b[j] - sq_b[j - db]) + 2.0 * (adj_b[j] - adj_b[j - db + 1])
                dots = sum(single[(x, y)][k] for x in range(1, da + 1) for y in range(1, db + 1))
                per_sentence = per_sentence + view.weight * (1.0 - view.similarity(dots, norm_a, norm_b))
            sentences = (self.cnt_a[i] - self.cnt_a[i - da]) + (self.cnt_b[j] - self.cnt_b[j - db])
            breaks = (self.brk_a[i] - self.brk_a[i - da + 1]) + (self.brk_b[j] - self.brk_b[j - db + 1])
            cost = p.prior_of((da, db)) + per_sentence * sentences / 2.0 + p.para_penalty * breaks
            if p.para_edge:
                # Both ends disagree: one alone is what a deleted sentence at the
                # start or end of a paragraph leaves behind.
                sheared = np.minimum(
                    np.abs(self.edge_a[i - da] - self.edge_b[j - db]), np.abs(self.edge_a[i] - self.edge_b[j])
                )
                cost = cost + p.para_edge * sheared
            out[(da, db)] = np.where(ok, cost, np.inf)
        return out

    def _gather(self, k: int, ra: np.ndarray, cb: np.ndarray) -> np.ndarray:
        ok = (ra >= 0) & (cb >= 0)
        r = np.where(ok, ra, 0)
        ok &= (cb >= self.glo[r]) & (cb <= self.ghi[r])
        flat = self.dots[k]
        idx = np.where(ok, self.gstart[r] + cb - self.glo[r], 0)
        return np.where(ok, flat[idx] if len(flat) else 0.0, 0.0)


def _edges(para: np.ndarray) -> np.ndarray:
    """1.0 at k when a paragraph boundary lies just before unit k (k = 0..len)."""
    return np.concatenate(([1.0], (para[1:] != para[:-1]).astype(np.float64), [1.0]))


def _skip_costs(units: Units, params: Params) -> np.ndarray:
    share = np.minimum(units.lengths / params.short_length, 1.0)
    return params.skip * units.count * (params.short_skip + (1.0 - params.short_skip) * share)


CHUNK_CELLS = 200_000  # bead costs are computed this many grid cells at a time


def _dp(a: Units, b: Units, views: Sequence[View], params: Params, lo: np.ndarray, hi: np.ndarray) -> list[Bead]:
    n, m = len(a), len(b)
    grid = _Grid(lo, hi)
    pair_beads = [bd for bd in params.beads if bd[0] and bd[1]]
    costs = _Costs(a, b, views, params, grid, pair_beads)
    moves = pair_beads + [bd for bd in ((1, 0),) if bd in params.beads]
    skip_code = len(moves)  # the 0-1 move, done along the row
    skip_a = _skip_costs(a, params)
    skip_b_cum = _prefix(_skip_costs(b, params))
    along_row = (0, 1) in params.beads

    total = np.full(grid.cells, np.inf)
    back = np.full(grid.cells, -1, dtype=np.int8)
    row = 0
    while row <= n:
        last = row
        while last < n and grid.start[last + 2] - grid.start[row] <= CHUNK_CELLS:
            last += 1
        chunk = costs.chunk(row, last)
        base = int(grid.start[row])
        for i in range(row, last + 1):
            first_col, last_col = int(lo[i]), int(hi[i])
            cells = slice(int(grid.start[i]) - base, int(grid.start[i + 1]) - base)
            best = np.full(last_col - first_col + 1, np.inf)
            arg = np.full(len(best), -1, dtype=np.int8)
            if i == 0 and first_col == 0:
                best[0] = 0.0
            for t, (da, db) in enumerate(moves):
                if da > i:
                    continue
                prev = grid.row_slice(total, i - da, first_col - db, last_col - db)
                cand = prev + (skip_a[i - 1] if db == 0 else chunk[(da, db)][cells])
                better = cand < best
                best = np.where(better, cand, best)
                arg[better] = t
            if along_row:
                # D[j] = min(E[j], D[j-1] + skip_b[j-1]), as a running minimum.
                c = skip_b_cum[first_col : last_col + 1]
                shifted = best - c
                running = np.minimum.accumulate(shifted)
                arg[shifted > running] = skip_code
                best = running + c
            total[grid.start[i] : grid.start[i + 1]] = best
            back[grid.start[i] : grid.start[i + 1]] = arg
        row = last + 1

    path: list[Bead] = []
    i, j = n, m
    all_moves = moves + [(0, 1)]
    while i > 0 or j > 0:
        t = int(back[grid.start[i] + j - lo[i]])
        if t < 0:
            raise RuntimeError("alignment band is disconnected")  # a bug, not an input problem
        da, db = all_moves[t]
        path.append((tuple(range(i - da, i)), tuple(range(j - db, j))))
        i, j = i - da, j - db
    path.reverse()
    return path
