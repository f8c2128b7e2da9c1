"""Lexical anchors between sentences: what two sentences share besides their length.

Each sentence becomes a sparse tf-idf vector of *anchor features*; the cosine of two
such vectors says how likely the sentences are to translate each other.

- **Numbers** (``14``, ``30-day``, ``1 000``/``1,000``) are kept as digit strings and
  weigh the most: they survive translation unchanged.
- **Month names** in either language map to one key (``марта`` = ``March``).
- **Word keys** (across languages): every word is romanised, folded and reduced
  to its first consonants (:func:`word_key`), so
  names and their transliterations (``Рютте``/``Rutte``, ``Ушакова``/``Ushakov``)
  and cognates (``конфликте``/``conflict``) share a key, inflection endings aside.
- **Character n-grams** (within one language, MT against the English reference):
  the chrF view of the pair.

Inverse document frequency is computed over both sides together, so a key that
occurs in every sentence (``the``) counts for almost nothing. No I/O here.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np


# Weight of each feature kind, on top of tf-idf.
NUMBER_WEIGHT = 3.0
MONTH_WEIGHT = 2.0
KEY_WEIGHT = 1.0
NGRAM_WEIGHT = 1.0
# Word keys keep this many consonants: enough to tell names apart, few enough
# that Russian case endings (Ушаков-ым) fall outside.
KEY_CONSONANTS = 4

_NUMBER_RE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*")
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# (Russian forms, English name and abbreviation, key): case endings spelled out, so
# that "майор" or "маршрут" are not months.
_MONTHS = (
    ("январ(?:ь|я|е|ю|ём|ем)", "january|jan", "jan"),
    ("феврал(?:ь|я|е|ю|ём|ем)", "february|feb", "feb"),
    ("март(?:а|е|у|ом)?", "march|mar", "mar"),
    ("апрел(?:ь|я|е|ю|ем)", "april|apr", "apr"),
    ("ма(?:й|я|е|ю|ем)", "may", "may"),
    ("июн(?:ь|я|е|ю|ем)", "june|jun", "jun"),
    ("июл(?:ь|я|е|ю|ем)", "july|jul", "jul"),
    ("август(?:а|е|у|ом)?", "august|aug", "aug"),
    ("сентябр(?:ь|я|е|ю|ём|ем)", "september|sept?", "sep"),
    ("октябр(?:ь|я|е|ю|ём|ем)", "october|oct", "oct"),
    ("ноябр(?:ь|я|е|ю|ём|ем)", "november|nov", "nov"),
    ("декабр(?:ь|я|е|ю|ём|ем)", "december|dec", "dec"),
)
_MONTH_RES = tuple((re.compile(rf"^(?:{ru}|{en})$", re.IGNORECASE), key) for ru, en, key in _MONTHS)


def number_keys(text: str) -> list[str]:
    """Numbers as digit strings: ``1 000``, ``1,000`` and ``1000`` agree; so do ``2,5`` and ``2.5``."""
    return [re.sub(r"\D", "", m.group()) for m in _NUMBER_RE.finditer(text)]


def month_key(word: str) -> str | None:
    if len(word) < 3:
        return None
    for rx, key in _MONTH_RES:
        if rx.match(word):
            return key
    return None


# Romanise and fold in one pass per step. Cyrillic letters map straight to a
# consonant class (upper-case letters mark sounds English spells with two letters);
# vowels, й, ъ and ь vanish, as vowels do below: they vary most between spellings.
_CYRILLIC = str.maketrans(
    {
        "б": "b", "в": "v", "г": "g", "д": "d", "ж": "Z", "з": "s", "к": "k", "л": "l", "м": "m",
        "н": "n", "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f", "х": "h", "ц": "t", "ч": "C",
        "ш": "S", "щ": "S", **{ch: "" for ch in "аеёиоуыэюяйъь"},
    }
)
_DIGRAPHS = re.compile(r"shch|tch|sch|sh|ch|zh|kh|ts|tz|ck|ph|x")
_DIGRAPH_CLASS = {
    "shch": "S", "tch": "C", "sch": "S", "sh": "S", "ch": "C", "zh": "Z", "kh": "h",
    "ts": "t", "tz": "t", "ck": "k", "ph": "f", "x": "ks",
}
_LATIN = str.maketrans({"c": "k", "q": "k", "w": "v", "z": "s", **{ch: "" for ch in "aeiouyj"}})
_NOT_LETTER = re.compile(r"[^a-zA-Z]")
_DOUBLE = re.compile(r"(.)\1+")


def word_key(word: str) -> str:
    """The first consonants of a word, folded across Russian and its Latin spellings.

    ``Рютте`` and ``Rutte`` both give ``rt``; ``президента`` and ``president``
    ``prsd``; ``Москва`` and ``Moscow`` ``mskv``; '' when fewer than two remain.
    The same idea as :func:`mtcheck.lang.translit.latin_key`, cut down to what
    alignment needs and fast enough for documents of 10,000 sentences.
    """
    folded = word.lower().translate(_CYRILLIC)
    folded = _DIGRAPHS.sub(lambda m: _DIGRAPH_CLASS[m.group()], folded).translate(_LATIN)
    skeleton = _DOUBLE.sub(r"\1", _NOT_LETTER.sub("", folded))
    return skeleton[:KEY_CONSONANTS] if len(skeleton) >= 2 else ""


@lru_cache(maxsize=200_000)
def _word_features(word: str, ngrams: bool) -> tuple[str, ...]:
    """Features of one word (cached: news repeats its words)."""
    month = month_key(word)
    if month:
        return ("@" + month,)
    if ngrams:
        padded = f" {word.lower()} "
        return tuple("~" + padded[k : k + 3] for k in range(len(padded) - 2))
    key = word_key(word)
    if len(key) > 3:
        # The shorter key too: Latin loans end differently (оппозиция/opposition: pst/pstn).
        return (":" + key, ":" + key[:3])
    return (":" + key,) if key else ()


def _name_like(word: str, first: bool) -> bool:
    """A capitalised word inside a sentence, or an acronym: a name, most likely."""
    if len(word) >= 2 and word.isupper():
        return True
    return not first and word[0].isupper()


def sentence_features(text: str, ngrams: bool) -> Counter[str]:
    """Raw anchor features of one sentence: kind-prefixed keys with counts.

    Kinds: ``#`` number, ``@`` month, ``!`` name (the word key of a capitalised
    word), ``:`` word key, ``~`` character trigram. Numbers, months and names are
    the *strong* anchors (:data:`STRONG`).
    """
    feats: Counter[str] = Counter("#" + num for num in number_keys(text))
    for k, word in enumerate(_WORD_RE.findall(text)):
        feats.update(_word_features(word, ngrams))
        if _name_like(word, k == 0) and not month_key(word):
            key = word_key(word)
            if key:
                feats["!" + key] += 1
    return feats


STRONG = frozenset("#@!")
"""Feature kinds that survive translation nearly always: numbers, months, names."""


_KIND_WEIGHT = {"#": NUMBER_WEIGHT, "@": MONTH_WEIGHT, "!": KEY_WEIGHT, ":": KEY_WEIGHT, "~": NGRAM_WEIGHT}


@dataclass(frozen=True)
class SparseRows:
    """Sentences as sparse vectors in CSR form: row ``r`` is ``indices[indptr[r]:indptr[r+1]]``."""

    indptr: np.ndarray  # int64, len rows + 1
    indices: np.ndarray  # int64 feature ids, sorted within a row
    data: np.ndarray  # float64 weights

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def row_of(self) -> np.ndarray:
        """The row number of every stored entry."""
        return np.repeat(np.arange(self.rows), np.diff(self.indptr))

    def sq_norms(self) -> np.ndarray:
        return np.bincount(self.row_of(), weights=self.data**2, minlength=self.rows)

    def adjacent_dots(self) -> np.ndarray:
        """``dot(row r-1, row r)`` for every r >= 1 (index 0 is 0)."""
        out = np.zeros(self.rows)
        if self.rows < 2:
            return out
        rows = self.row_of()
        # Join on (feature) between consecutive rows: key = row * F + feature.
        span = int(self.indices.max(initial=0)) + 1
        key_here = rows * span + self.indices
        key_next = (rows + 1) * span + self.indices
        pos = np.searchsorted(key_here, key_next)
        pos_clipped = np.minimum(pos, len(key_here) - 1)
        hit = key_here[pos_clipped] == key_next
        np.add.at(out, rows[hit] + 1, self.data[hit] * self.data[pos_clipped[hit]])
        return out

    def without(self, features: np.ndarray) -> "SparseRows":
        """The same rows with the given feature ids removed (a boolean mask over ids)."""
        keep = ~features[self.indices] if len(self.indices) else np.zeros(0, dtype=bool)
        rows = self.row_of()[keep]
        indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=self.rows)))).astype(np.int64)
        return SparseRows(indptr, self.indices[keep], self.data[keep])

    def doc_freq(self, size: int) -> np.ndarray:
        """In how many rows each feature id (below ``size``) occurs."""
        return np.bincount(self.indices, minlength=size)[:size]

    def group(self, bounds: Sequence[int]) -> "SparseRows":
        """Rows summed over consecutive groups: group g is rows ``bounds[g]:bounds[g+1]``."""
        rows = self.row_of()
        group_of_row = np.searchsorted(np.asarray(bounds), np.arange(self.rows), side="right") - 1
        groups = group_of_row[rows]
        span = int(self.indices.max(initial=0)) + 1
        keys, inverse = np.unique(groups * span + self.indices, return_inverse=True)
        data = np.bincount(inverse, weights=self.data, minlength=len(keys))
        g = keys // span
        indptr = np.searchsorted(g, np.arange(len(bounds)), side="left")
        return SparseRows(indptr.astype(np.int64), (keys % span).astype(np.int64), data)


def vectorize(
    left: Sequence[str], right: Sequence[str], ngrams: bool, kinds: frozenset[str] | None = None
) -> tuple[SparseRows, SparseRows]:
    """tf-idf anchor vectors for both sides, in one feature space (``kinds``: only these)."""
    return tfidf(
        [sentence_features(t, ngrams) for t in left], [sentence_features(t, ngrams) for t in right], kinds
    )


def tfidf(
    left: Sequence[Counter[str]], right: Sequence[Counter[str]], kinds: frozenset[str] | None = None
) -> tuple[SparseRows, SparseRows]:
    """tf-idf vectors from raw features (see :func:`sentence_features`)."""
    feats = list(left) + list(right)
    if kinds is not None:
        feats = [Counter({k: v for k, v in f.items() if k[0] in kinds}) for f in feats]
    vocab: dict[str, int] = {}
    df: Counter[int] = Counter()
    encoded: list[list[tuple[int, float]]] = []
    for f in feats:
        row = []
        for name, count in f.items():
            fid = vocab.setdefault(name, len(vocab))
            df[fid] += 1
            row.append((fid, (1.0 + math.log(count)) * _KIND_WEIGHT[name[0]]))
        encoded.append(row)
    total = len(feats)
    idf = np.zeros(len(vocab))
    for fid, n in df.items():
        idf[fid] = math.log((total + 1) / (n + 1)) + 1.0
    # A feature found on one side only cannot make two sentences alike; it would
    # only dilute the cosine ("the", "that" against Russian).
    left_ids = {fid for row in encoded[: len(left)] for fid, _ in row}
    right_ids = {fid for row in encoded[len(left) :] for fid, _ in row}
    for fid in left_ids ^ right_ids:
        idf[fid] = 0.0
    return _csr(encoded[: len(left)], idf), _csr(encoded[len(left) :], idf)


def _csr(rows: list[list[tuple[int, float]]], idf: np.ndarray) -> SparseRows:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indices: list[int] = []
    data: list[float] = []
    for r, row in enumerate(rows):
        row.sort()
        indices.extend(fid for fid, _ in row)
        data.extend(w for _, w in row)
        indptr[r + 1] = len(indices)
    idx = np.asarray(indices, dtype=np.int64)
    values = np.asarray(data, dtype=np.float64) * (idf[idx] if len(idx) else 1.0)
    keep = values > 0
    if not keep.all():
        rows_of = np.repeat(np.arange(len(rows)), np.diff(indptr))[keep]
        indptr = np.concatenate(([0], np.cumsum(np.bincount(rows_of, minlength=len(rows))))).astype(np.int64)
        idx, values = idx[keep], values[keep]
    return SparseRows(indptr, idx, values)


def band_dots(a: SparseRows, b: SparseRows, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Dot products of row ``r`` of ``a`` with rows ``lo[r]..hi[r]`` (inclusive) of ``b``.

    Returns a flat array: row r's values start at ``offsets[r] = sum(hi - lo + 1 for
    earlier rows)``. The join touches only entries that share a feature and fall
    in the band, so its cost follows the band, not the whole grid.
    """
    widths = np.maximum(hi - lo + 1, 0)
    offsets = np.concatenate(([0], np.cumsum(widths)))
    out = np.zeros(int(offsets[-1]))
    if not len(a.indices) or not len(b.indices):
        return out
    b_rows = b.row_of()
    span = b.rows + 1
    # B entries sorted by (feature, row): the rows holding a feature are one run.
    order = np.lexsort((b_rows, b.indices))
    b_key = b.indices[order] * span + b_rows[order]
    b_data = b.data[order]
    a_rows = a.row_of()
    a_idx, a_data = a.indices, a.data
    chunk = 200_000
    for s in range(0, len(a_idx), chunk):
        rows, idx, vals = a_rows[s : s + chunk], a_idx[s : s + chunk], a_data[s : s + chunk]
        first = np.searchsorted(b_key, idx * span + lo[rows], side="left")
        last = np.searchsorted(b_key, idx * span + hi[rows], side="right")
        n = last - first
        if not n.sum():
            continue
        which = np.repeat(np.arange(len(rows)), n)
        within = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
        pos = first[which] + within
        cols = b_key[pos] % span
        r = rows[which]
        np.add.at(out, offsets[r] + (cols - lo[r]), vals[which] * b_data[pos])
    return out
