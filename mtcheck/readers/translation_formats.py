"""Inputs from the translation world: XLIFF 1.2/2.0, TMX and PO (translate-toolkit), RSS/Atom (feedparser).

In XLIFF, TMX and PO each translation unit is a segment: the source is ``src``
(Russian), the target is ``mt``; units without a target are not translated yet
and are left out. In a feed each item is a document: its title and text (HTML
reduced to plain text) are split into sentences, and ``doc`` names the item.
Every parse error becomes an :class:`~mtcheck.errors.InputError` naming the file
and, where the parser knows it, the line. Origins carry the line of the target
(or of the item) in the file; the text inside XML is escaped, so columns are not
exact there.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from mtcheck.errors import InputError
from mtcheck.readers.decode import MAX_BYTES, decode
from mtcheck.readers.fields import MAX_SEGMENT_CHARS, build_segment
from mtcheck.records import Origin, Segment

FORMATS = ("xliff", "tmx", "po", "feed")
EXTENSIONS = {
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".tmx": "tmx",
    ".po": "po",
    ".rss": "feed",
    ".atom": "feed",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def guess_format(path: str, head: bytes | None = None) -> str | None:
    """The translation format of ``path`` by extension, or for ``.xml`` by its root element."""
    suffix = Path(path).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if suffix == ".xml":
        if head is None:
            try:
                with open(path, "rb") as fh:
                    head = fh.read(4096)
            except OSError:
                return None
        return sniff_xml(head)
    return None


def sniff_xml(head: bytes) -> str | None:
    text = head.decode("utf-8", "replace")
    m = re.search(r"<(?!\?|!)([\w:.-]+)", text)
    if not m:
        return None
    root = m.group(1).split(":")[-1].lower()
    return {"xliff": "xliff", "tmx": "tmx", "rss": "feed", "feed": "feed", "rdf": "feed"}.get(root)


def read_translation_file(path: str, fmt: str | None = None, encoding: str | None = None) -> list[Segment]:
    """Read an XLIFF, TMX, PO or feed file into segments."""
    data = _read_bytes(path)
    fmt = fmt or guess_format(path, data[:4096])
    if fmt not in FORMATS:
        raise InputError(path, f"not a translation file format mtcheck reads ({', '.join(FORMATS)})")
    if fmt == "feed":
        segments = read_feed(path, data, encoding)
    else:
        segments = read_store(path, data, fmt)
    if not segments:
        raise InputError(path, "no translated segments in the file (every target is empty)")
    return segments


def _read_bytes(path: str) -> bytes:
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file")
    if p.is_dir():
        raise InputError(path, "is a folder, not a file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(path, f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit")
        return p.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


# -- XLIFF, TMX, PO --------------------------------------------------------------


def _parse_store(path: str, data: bytes, fmt: str) -> Any:
    try:
        if fmt == "tmx":
            from translate.storage.tmx import tmxfile

            return tmxfile(io.BytesIO(data), sourcelanguage="ru", targetlanguage="en")
        if fmt == "po":
            from translate.storage.po import pofile

            return pofile.parsestring(data)
        if re.search(rb"urn:oasis:names:tc:xliff:document:2\.|<xliff[^>]*version=[\"']2\.", data[:4096]):
            from translate.storage.xliff2 import Xliff2File

            return Xliff2File.parsestring(data)
        from translate.storage.xliff import xlifffile

        return xlifffile.parsestring(data)
    except Exception as exc:  # translate-toolkit raises many types (lxml, ValueError, AssertionError)
        line = getattr(exc, "lineno", None)
        if isinstance(line, int) and line <= 0:
            line = None
        message = str(exc).strip() or type(exc).__name__
        raise InputError(path, f"cannot read as {fmt.upper()}: {message}", line=line) from None


def _language(code: str | None) -> str:
    return (code or "").strip().lower().replace("_", "-").split("-")[0]


def read_store(path: str, data: bytes, fmt: str) -> list[Segment]:
    store = _parse_store(path, data, fmt)
    if fmt == "xliff":
        target = _language(getattr(store, "targetlanguage", None))
        source = _language(getattr(store, "sourcelanguage", None))
        if target and target != "en":
            raise InputError(path, f"target language is {target!r}; mtcheck checks Russian-to-English MT (target 'en')")
        if source and source not in ("ru", "en"):
            raise InputError(path, f"source language is {source!r}; mtcheck checks Russian-to-English MT (source 'ru')")
    po_lines = _po_msgstr_lines(data) if fmt == "po" else []
    segments: list[Segment] = []
    seen: dict[str, int] = {}
    po_index = 0
    for number, unit in enumerate(u for u in store.units if not _skip_unit(u)):
        line = None
        if fmt == "po":
            if po_index < len(po_lines):
                line = po_lines[po_index]
            po_index += 1
            if unit.isheader():
                continue
        source, target = _tmx_texts(unit) if fmt == "tmx" else (_text(unit.source), _text(unit.target))
        if not target.strip():
            continue
        src_line, mt_line = _xml_lines(unit, fmt)
        mt_line = mt_line or line or 1
        seg_id = _unit_id(unit, fmt, number)
        if seg_id in seen:
            seen[seg_id] += 1
            seg_id = f"{seg_id}#{seen[seg_id]}"
        else:
            seen[seg_id] = 1
        values = {"id": seg_id, "mt": target, "src": source or None}
        origins = {"mt": Origin(path, mt_line, 1, exact=False)}
        if values["src"] is not None:
            origins["src"] = Origin(path, src_line or mt_line, 1, exact=False)
        segments.append(
            build_segment(values, path=path, line=mt_line, default_id=seg_id, origins=origins, max_chars=MAX_SEGMENT_CHARS)
        )
    return segments


def _skip_unit(unit: Any) -> bool:
    obsolete = getattr(unit, "isobsolete", None)
    return bool(obsolete()) if callable(obsolete) else False


def _text(value: Any) -> str:
    if value is None:
        return ""
    # Plural PO entries are multistrings; str() gives the first form.
    return str(value)


# TMX inline elements that hold native markup codes, not text.
_TMX_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})


def _seg_text(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if local and local not in _TMX_CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _tmx_texts(unit: Any) -> tuple[str, str]:
    """The Russian and the English variant of a TMX unit, by language (ru-RU and en-GB count)."""
    texts: dict[str, str] = {}
    for tuv in unit.xmlelement:
        if not isinstance(tuv.tag, str) or tuv.tag.rsplit("}", 1)[-1] != "tuv":
            continue
        lang = _language(tuv.get(XML_LANG) or tuv.get("lang"))
        seg = next((c for c in tuv if isinstance(c.tag, str) and c.tag.rsplit("}", 1)[-1] == "seg"), None)
        if lang in ("ru", "en") and lang not in texts and seg is not None:
            texts[lang] = _seg_text(seg)
    return texts.get("ru", ""), texts.get("en", "")


def _unit_id(unit: Any, fmt: str, number: int) -> str:
    if fmt == "po":
        context = unit.getcontext() if hasattr(unit, "getcontext") else ""
        return context or str(number)
    element = getattr(unit, "xmlelement", None)
    if fmt == "xliff" and element is not None and element.get("id") and not element.tag.endswith("segment"):
        return str(element.get("id"))
    raw = str(unit.getid() or "")
    return raw.split("\x04")[-1] or str(number + 1)


def _xml_lines(unit: Any, fmt: str) -> tuple[int | None, int | None]:
    """Lines of the source and target text of an XLIFF or TMX unit."""
    element = getattr(unit, "xmlelement", None)
    if element is None:
        return None, None
    src = tgt = None
    for child in element.iter():
        if not isinstance(child.tag, str):
            continue
        local = child.tag.rsplit("}", 1)[-1]
        if fmt == "tmx" and local == "tuv":
            lang = _language(child.get(XML_LANG) or child.get("lang"))
            if lang == "ru" and src is None:
                src = child.sourceline
            elif lang == "en" and tgt is None:
                tgt = child.sourceline
        elif local == "source" and src is None:
            src = child.sourceline
        elif local == "target" and tgt is None:
            tgt = child.sourceline
    return src or element.sourceline, tgt or element.sourceline


def _po_msgstr_lines(data: bytes) -> list[int]:
    """Line of each entry's (first) msgstr, in file order, obsolete entries left out."""
    lines = []
    text = data.decode("utf-8", "replace").splitlines()
    for number, raw in enumerate(text, 1):
        stripped = raw.strip()
        if stripped.startswith("msgstr ") or stripped.startswith("msgstr[0]"):
            # `msgstr ""` followed by continuation lines: the text starts on the next line.
            wrapped = stripped.endswith('""') and number < len(text) and text[number].strip().startswith('"')
            lines.append(number + 1 if wrapped else number)
    return lines


# -- RSS / Atom -----------------------------------------------------------------------

_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li "
    "main nav ol p pre section table td th tr ul".split()
)
_SKIP = frozenset({"script", "style", "template", "noscript"})


class _TextExtractor(HTMLParser):
    """HTML to plain text: block elements become line breaks (paragraphs), the rest runs on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _entry_text(entry: Any) -> str:
    title = entry.get("title") or ""
    if (entry.get("title_detail") or {}).get("type") == "text/html":
        title = html_to_text(title)
    body = ""
    contents = entry.get("content") or []
    if contents:
        body = "\n".join(c.get("value", "") for c in contents)
    elif entry.get("summary"):
        body = entry["summary"]
    paragraphs = [" ".join(title.split())] if title.strip() else []
    if body:
        paragraphs.append(html_to_text(body))
    return "\n".join(p for p in paragraphs if p)


def _item_lines(text: str) -> list[int]:
    """The line where each <item> or <entry> element starts, in order."""
    return [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<(?:\w+:)?(?:item|entry)[\s>/]", text)]


def read_feed(path: str, data: bytes, encoding: str | None = None) -> list[Segment]:
    import feedparser

    from mtcheck.sentences import split_document

    # Bytes, never a str: feedparser takes a str for a URL or a file name.
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = "no items in the feed"
        line = None
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            problem = f"cannot read as an RSS/Atom feed: {exc}"
            getline = getattr(exc, "getLineNumber", None)
            line = getline() if callable(getline) else None
        raise InputError(path, problem, line=line)
    try:
        raw = decode(data, path, encoding)
    except InputError:
        raw = data.decode("utf-8", "replace")
    lines = _item_lines(raw)
    segments: list[Segment] = []
    if parsed.get("bozo") and not any(_entry_text(e) for e in parsed.entries):
        raise InputError(path, f"cannot read as an RSS/Atom feed: {parsed.get('bozo_exception')}")
    labels: dict[str, int] = {}
    for number, entry in enumerate(parsed.entries, 1):
        label = str(entry.get("id") or entry.get("link") or entry.get("title") or f"item {number}")
        if label in labels:
            labels[label] += 1
            label = f"{label} #{labels[label]}"
        else:
            labels[label] = 1
        item_line = lines[number - 1] if number - 1 < len(lines) else 1
        text = _entry_text(entry)
        for sentence in split_document(text, "en"):
            if len(sentence.text) > MAX_SEGMENT_CHARS:
                raise InputError(path, f"item {label!r} has a sentence over {MAX_SEGMENT_CHARS:,} characters", line=item_line)
            segments.append(
                Segment(
                    id=sentence.id,
                    mt=sentence.text,
                    doc=label,
                    origins={"mt": Origin(path, item_line, 1, exact=False)},
                )
            )
    return segments
