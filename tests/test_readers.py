"""Readers: formats, encodings, document splitting, and origins back into the file."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from mtcheck.errors import InputError
from mtcheck.inputs import InputSpec, load_segments
from mtcheck.readers import read_aligned, read_document, read_table
from mtcheck.sentences import split_document, split_english

RU = "Рютте: НАТО не будет обеспечивать прекращение огня"
EN = "Rutte: NATO will not provide a cease-fire"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_jsonl_all_columns(tmp_path: Path) -> None:
    rows = [{"id": "a", "mt": EN, "src": RU, "ref": "x", "back": RU}, {"mt": "Second."}]
    p = write(tmp_path / "in.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n")
    segs = read_table(str(p))
    assert [s.id for s in segs] == ["a", "2"]  # id defaults to the line number
    assert segs[0].src == RU and segs[0].back == RU and segs[1].src is None
    assert segs[1].origins["mt"].line == 2


def test_tsv_columns_and_exact_origin(tmp_path: Path) -> None:
    p = write(tmp_path / "in.tsv", f"id\tsrc\tmt\n7\t{RU}\t{EN}\n")
    seg = read_table(str(p))[0]
    assert (seg.id, seg.src, seg.mt) == ("7", RU, EN)
    origin = seg.origins["mt"]
    line = p.read_text(encoding="utf-8").split("\n")[origin.line - 1]
    assert line[origin.column - 1 :].startswith(EN)
    assert origin.locate(seg.mt, 7) == (2, origin.column + 7)


def test_csv_with_quotes_and_extra_refs(tmp_path: Path) -> None:
    p = write(tmp_path / "in.csv", 'mt,ref,ref2,ignore\n"He said ""no"", twice.",A,B,"MT3, MT101"\n')
    seg = read_table(str(p))[0]
    assert seg.mt == 'He said "no", twice.' and seg.ref == "A" and seg.extra_refs == ("B",)
    assert seg.ignore == ("MT3", "MT101")


@pytest.mark.parametrize(
    "encoding,prefix",
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16", b""), ("cp1251", b"")],
)
def test_encodings_detected(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = f"mt\tsrc\n{EN}\t{RU}\n"
    p = tmp_path / "in.tsv"
    p.write_bytes(prefix + text.encode(encoding))  # Python's utf-16 codec writes a BOM
    seg = read_table(str(p))[0]
    assert seg.src == RU and seg.mt == EN


def test_forced_encoding(tmp_path: Path) -> None:
    p = write(tmp_path / "in.tsv", f"mt\tsrc\n{EN}\t{RU}\n", "koi8-r")
    with pytest.raises(InputError):
        read_table(str(p), encoding="utf-8")
    assert read_table(str(p), encoding="koi8-r")[0].src == RU


def test_line_aligned(tmp_path: Path) -> None:
    mt = write(tmp_path / "mt.txt", "One.\nTwo.\n")
    src = write(tmp_path / "src.txt", "Один.\nДва.\n")
    segs = read_aligned({"mt": str(mt), "src": str(src)})
    assert [(s.id, s.mt, s.src) for s in segs] == [("1", "One.", "Один."), ("2", "Two.", "Два.")]
    assert segs[1].origins["src"].path == str(src) and segs[1].origins["src"].line == 2


def test_document_mode_offsets(sample_article: Path) -> None:
    segs = read_document(str(sample_article))
    text = sample_article.read_text(encoding="utf-8")
    lines = text.split("\n")
    for seg in segs:
        o = seg.origins["mt"]
        assert text[o.offset : o.offset + len(seg.mt)] == seg.mt
        assert lines[o.line - 1][o.column - 1 :].startswith(seg.mt)
    ids = [s.id for s in segs]
    assert len(ids) == len(set(ids))
    assert any("more considered relevant" in s.mt for s in segs)
    assert "Skip to main content" in [s.mt for s in segs]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("He met Mr. Smith. Then he left.", ["He met Mr. Smith.", "Then he left."]),
        ("Donald J. Trump spoke. It rained.", ["Donald J. Trump spoke.", "It rained."]),
        ('"Yes, I am optimistic. I hope so," he said.', ['"Yes, I am optimistic.', 'I hope so," he said.']),
        ("It is difficult... but NATO will advise.", ["It is difficult... but NATO will advise."]),
        ("Prices rose 2.5 percent. Good?", ["Prices rose 2.5 percent.", "Good?"]),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_english(text)] == expected


def test_russian_document_split() -> None:
    doc = "Об этом 14 марта заявил генсек НАТО. Он также подчеркнул, что т. е. всё.\n\nВторой абзац."
    sents = split_document(doc, "ru")
    assert [s.id for s in sents] == ["1.1", "1.2", "2.1"]
    assert all(doc[s.start : s.end] == s.text for s in sents)


# --- bad input: typed errors that name file and line ------------------------
def bad(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


@pytest.mark.parametrize(
    "name,data,line,words",
    [
        ("a.jsonl", b'{"mt": "ok"}\n{"mt": broken}\n', 2, "not valid JSON"),
        ("b.jsonl", b'{"mt": "ok"}\n{"src": "x"}\n', 2, "no 'mt'"),
        ("c.jsonl", b'{"mt": "ok"}\n[1, 2]\n', 2, "JSON object"),
        ("d.jsonl", b'{"mt": 5}\n', 1, "must be a string"),
        ("e.tsv", b"mt\tsrc\na\tb\nc\n", 3, "1 columns, the header has 2"),
        ("f.tsv", b"src\tref\na\tb\n", 1, "no 'mt' column"),
        ("g.jsonl", b"\n\n", None, "empty"),
        ("h.jsonl", b"{\"mt\": \"a\"}\n{\"mt\": \"caf\xe9 r\xe9sum\xe9\"}\n", 2, "not valid UTF-8"),
        ("i.tsv", b"mt\nabc\x00def\n", 2, "binary"),
        ("j.jsonl", b'{"id": "1", "mt": "a"}\n{"id": "1", "mt": "b"}\n', 2, "appears twice"),
        ("k.csv", b'mt,src\n"unterminated,x\n', 2, "CSV"),
    ],
)
def test_bad_table_input(tmp_path: Path, name: str, data: bytes, line: int | None, words: str) -> None:
    path = bad(tmp_path, name, data)
    with pytest.raises(InputError) as err:
        read_table(path)
    assert err.value.path == path and err.value.line == line
    assert words in str(err.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_table(str(tmp_path / "nope.jsonl"))
    with pytest.raises(InputError, match="folder"):
        read_document(str(tmp_path))


def test_huge_line_is_refused(tmp_path: Path) -> None:
    path = bad(tmp_path, "big.jsonl", json.dumps({"mt": "word " * 210_000}).encode())
    with pytest.raises(InputError, match="over the limit") as err:
        read_table(path)
    assert err.value.line == 1


def test_aligned_files_of_different_lengths(tmp_path: Path) -> None:
    mt = write(tmp_path / "mt.txt", "One.\nTwo.\nThree.\n")
    src = write(tmp_path / "src.txt", "Один.\nДва.\n")
    with pytest.raises(InputError) as err:
        read_aligned({"mt": str(mt), "src": str(src)})
    assert err.value.path == str(src) and "2 lines" in str(err.value) and "3" in str(err.value)


def test_input_spec_conflicts(tmp_path: Path) -> None:
    p = write(tmp_path / "x.jsonl", '{"mt": "a"}\n')
    with pytest.raises(InputError, match="not both"):
        load_segments(InputSpec(path=str(p), mt=str(p)))
    with pytest.raises(InputError, match="columns"):
        load_segments(InputSpec(path=str(p), src=str(p)))
    with pytest.raises(InputError, match="no input"):
        load_segments(InputSpec())
