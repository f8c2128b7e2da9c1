"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1251."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from mtcheck.errors import InputError

MAX_BYTES = 512 * 1024 * 1024
_CYRILLIC = re.compile(r"[\u0410-\u044F\u0401\u0451]")


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """Read and decode a whole file; newlines are normalised to ``\\n``."""
    name = str(path)
    p = Path(path)
    if name == "-":
        raise InputError(name, "reading standard input is not supported; give a file")
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a folder, not a file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(name, f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit")
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror}") from None
    return decode(data, name, encoding)


def decode(data: bytes, name: str, encoding: str | None = None) -> str:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(name, f"unknown encoding {encoding!r}") from None
        text = _decode_strict(data, name, encoding)
    elif data.startswith(codecs.BOM_UTF8):
        text = _decode_strict(data[3:], name, "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_strict(data, name, "utf-16")
    else:
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise InputError(name, "looks like a binary file (NUL byte); expected text", line=line)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = _guess_cp1251(data, name, exc)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(name, "looks like a binary file (NUL character); expected text", line=line)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_strict(data: bytes, name: str, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(name, f"cannot decode as {encoding} (byte 0x{data[exc.start]:02x})", line=line) from None


def _guess_cp1251(data: bytes, name: str, utf8_error: UnicodeDecodeError) -> str:
    """Not UTF-8: accept Windows-1251 when that reads as mostly Cyrillic text."""
    line = data[: utf8_error.start].count(b"\n") + 1
    problem = (
        f"not valid UTF-8 (byte 0x{data[utf8_error.start]:02x}) and does not look like Windows-1251 either; "
        "pass --encoding"
    )
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        raise InputError(name, problem, line=line) from None
    high = [ch for ch in text if ord(ch) > 127]
    cyrillic = sum(1 for ch in high if _CYRILLIC.match(ch))
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if not high or cyrillic / len(high) < 0.8 or controls or _mixed_script_words(text):
        raise InputError(name, problem, line=line)
    return text


def _mixed_script_words(text: str) -> bool:
    """Latin-1 text misread as Windows-1251 puts Cyrillic letters inside Latin
    words ("cafй"); real Russian text keeps scripts in separate words."""
    cyrillic_words = mixed = 0
    for word in re.findall(r"[^\W\d_]+", text):
        if _CYRILLIC.search(word):
            cyrillic_words += 1
            if re.search(r"[A-Za-z]", word):
                mixed += 1
    return cyrillic_words > 0 and mixed / cyrillic_words > 0.1
