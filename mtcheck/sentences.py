"""Split a document into paragraphs and sentences, keeping character offsets.

A paragraph is a non-empty line: web pages and feeds put one paragraph (or one
piece of page furniture) per line, and page furniture must stay a unit of its own.
English sentences are split by a small rule set tuned for news (abbreviations,
initials, quotes); Russian by razdel, which knows Russian abbreviations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from mtcheck.text import share_cyrillic


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset into the whole document
    end: int
    para: int  # 1-based paragraph number
    index: int  # 1-based sentence number within the paragraph
    line: int  # 1-based line of the document where the sentence starts
    column: int  # 1-based column of its first character

    @property
    def id(self) -> str:
        return f"{self.para}.{self.index}"


_EN_ABBREV = frozenset(
    """mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm gov sen rep rev fr vs etc inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec no nos vol fig approx dept est univ ave blvd
    mt ft e.g i.e u.s u.k u.n a.m p.m""".split()
)
# End of a sentence: terminal punctuation, closing quotes/brackets, white space,
# then something that can open a sentence.
_EN_BOUNDARY = re.compile(r"""([.!?…]+)(["'”’»)\]]*)(\s+)(?=["'“‘«(\[]?[A-Z0-9А-ЯЁ])""")


def split_english(text: str) -> list[tuple[int, int]]:
    """Sentence offsets in one English paragraph."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _EN_BOUNDARY.finditer(text):
        if m.group(1) == "." and _abbreviation_before(text, m.start()):
            continue
        spans.append((start, m.end(2)))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _abbreviation_before(text: str, dot: int) -> bool:
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot])
    if not m:
        return False
    word = m.group(1).lower()
    # A single capital letter before the dot is an initial ("Donald J. Trump").
    return word in _EN_ABBREV or (len(word) == 1 and m.group(1).isupper())


def split_russian(text: str) -> list[tuple[int, int]]:
    """Sentence offsets in one Russian paragraph (razdel)."""
    return [(s.start, s.stop) for s in _razdel_sentenize()(text)]


@lru_cache(maxsize=1)
def _razdel_sentenize():  # type: ignore[no-untyped-def]
    from razdel import sentenize

    return sentenize


def split_paragraph(text: str, language: str | None = None) -> list[tuple[int, int]]:
    lang = language or ("ru" if share_cyrillic(text) > 0.5 else "en")
    return split_russian(text) if lang == "ru" else split_english(text)


def split_document(text: str, language: str | None = None) -> list[Sentence]:
    """Every sentence of a document, paragraph by paragraph, with offsets.

    ``language`` ("en" or "ru") picks the splitter; without it each paragraph is
    judged by its script, so a Russian line left in an English page is split as
    Russian.
    """
    out: list[Sentence] = []
    para = 0
    for line_no, line_start, line in _lines(text):
        if not line.strip():
            continue
        para += 1
        for idx, (a, b) in enumerate(split_paragraph(line, language), 1):
            while a < b and line[a].isspace():
                a += 1
            while b > a and line[b - 1].isspace():
                b -= 1
            out.append(Sentence(line[a:b], line_start + a, line_start + b, para, idx, line_no, a + 1))
    return out


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        yield number, offset, line
        offset += len(line) + 1
