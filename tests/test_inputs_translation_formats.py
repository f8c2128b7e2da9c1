"""XLIFF 1.2/2.0, TMX, PO (translate-toolkit) and RSS/Atom (feedparser) inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtcheck.cli import app
from mtcheck.errors import InputError
from mtcheck.inputs import InputSpec, load_segments
from mtcheck.readers.translation_formats import guess_format, html_to_text

runner = CliRunner()

SRC = "Кроме того, Рютте подтвердил, что вопрос о вступлении Украины в военный альянс больше не считается актуальным."
MT = "In addition, Rutte confirmed that the issue of Ukraine joining the military alliance is more considered relevant."
SRC2 = "Он также подчеркнул, что союзники смогут обсуждать гарантии безопасности."
MT2 = "He also stressed that the allies would be able to discuss security guarantees."

XLIFF12 = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="news.txt" source-language="ru" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="neg-1">
        <source>{SRC}</source>
        <target>{MT}</target>
      </trans-unit>
      <trans-unit id="todo">
        <source>Ещё не переведено.</source>
      </trans-unit>
      <trans-unit id="ok-2">
        <source>{SRC2}</source>
        <target state="translated">{MT2}</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ru" trgLang="en-US">
  <file id="f1">
    <unit id="u1">
      <segment id="s1">
        <source>{SRC}</source>
        <target>{MT}</target>
      </segment>
      <segment id="s2">
        <source>{SRC2}</source>
        <target>{MT2}</target>
      </segment>
    </unit>
  </file>
</xliff>
"""

TMX = f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ru" datatype="plaintext"/>
  <body>
    <tu tuid="neg-1">
      <tuv xml:lang="en-GB"><seg>{MT}</seg></tuv>
      <tuv xml:lang="ru-RU"><seg>{SRC}</seg></tuv>
    </tu>
    <tu tuid="ok-2">
      <tuv xml:lang="ru"><seg>{SRC2}</seg></tuv>
      <tuv xml:lang="en"><seg>{MT2}</seg></tuv>
    </tu>
  </body>
</tmx>
"""

PO = f"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"

#: news.txt:22
msgctxt "neg-1"
msgid "{SRC}"
msgstr "{MT}"

msgid "Ещё не переведено."
msgstr ""

#, fuzzy
msgid "{SRC2}"
msgstr ""
"{MT2}"

#~ msgid "Старое"
#~ msgstr "Old"
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>Translated feed</title>
  <item>
    <title>Rutte: Ukraine in NATO &amp; peace</title>
    <link>https://example.invalid/news/1</link>
    <guid>news-1</guid>
    <description>&lt;p&gt;In addition, Rutte confirmed that the issue of Ukraine joining the military alliance is more considered relevant. He spoke in Brussels.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;p&gt;Advertisement&lt;/p&gt;</description>
  </item>
  <item>
    <title>Second item</title>
    <link>https://example.invalid/news/2</link>
    <description>The talks went on for for hours.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Translated</title>
  <id>urn:feed</id>
  <updated>2025-03-14T10:00:00Z</updated>
  <entry>
    <title type="html">&lt;b&gt;Talks&lt;/b&gt; resume</title>
    <id>urn:entry:1</id>
    <updated>2025-03-14T10:00:00Z</updated>
    <content type="html">&lt;p&gt;Переведено сервисом «Яндекс Переводчик»&lt;/p&gt;</content>
  </entry>
</feed>
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "name,text,ids",
    [
        ("job.xlf", XLIFF12, ["neg-1", "ok-2"]),
        ("job.xliff", XLIFF20, ["u1::s1", "u1::s2"]),
        ("memory.tmx", TMX, ["neg-1", "ok-2"]),
        ("messages.po", PO, ["neg-1", "3"]),
    ],
)
def test_units_become_segments(tmp_path: Path, name: str, text: str, ids: list[str]) -> None:
    segments = load_segments(InputSpec(path=write(tmp_path, name, text)))
    assert [s.id for s in segments] == ids
    assert [(s.src, s.mt) for s in segments] == [(SRC, MT), (SRC2, MT2)]
    lines = text.split("\n")
    for seg in segments:
        origin = seg.origins["mt"]
        # The origin line is where the MT text is in the file.
        assert MT2[:20] in lines[origin.line - 1] or MT[:20] in lines[origin.line - 1]


def test_xml_file_is_sniffed(tmp_path: Path) -> None:
    assert guess_format(write(tmp_path, "export.xml", XLIFF12)) == "xliff"
    assert guess_format(write(tmp_path, "memory.xml", TMX)) == "tmx"
    assert guess_format(write(tmp_path, "feed.xml", RSS)) == "feed"
    assert guess_format(write(tmp_path, "atom.xml", ATOM)) == "feed"
    assert guess_format(write(tmp_path, "other.xml", "<html></html>")) is None


@pytest.mark.parametrize("name,text", [("job.xlf", XLIFF12), ("memory.tmx", TMX), ("messages.po", PO)])
def test_cli_checks_translation_files(tmp_path: Path, name: str, text: str) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["check", write(tmp_path, name, text), "--no-models", "-f", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    flagged = {(s["id"], f["code"]) for s in doc["segments"] for f in s["findings"]}
    assert ("neg-1", "MT401") in flagged


def test_feed_items_are_documents(tmp_path: Path) -> None:
    segments = load_segments(InputSpec(path=write(tmp_path, "news.rss", RSS)))
    docs = [s.doc for s in segments]
    assert docs[0] == "news-1" and docs[-1] == "https://example.invalid/news/2"
    first = [s.mt for s in segments if s.doc == "news-1"]
    assert first == [
        "Rutte: Ukraine in NATO & peace",
        "In addition, Rutte confirmed that the issue of Ukraine joining the military alliance is more considered relevant.",
        "He spoke in Brussels.",
        "Advertisement",
    ]
    assert not any("alert" in s.mt for s in segments)
    assert segments[0].origins["mt"].line == 5  # the <item> line
    assert segments[-1].origins["mt"].line == 11


def test_cli_checks_a_feed_document_by_document(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["check", write(tmp_path, "news.rss", RSS), "--no-models", "-f", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    flagged = {(s["doc"], f["code"]) for s in doc["segments"] for f in s["findings"]}
    assert ("news-1", "MT401") in flagged
    assert ("news-1", "MT201") in flagged  # "Advertisement" as its own paragraph
    assert ("https://example.invalid/news/2", "MT301") in flagged


def test_atom_feed_with_html_title(tmp_path: Path) -> None:
    segments = load_segments(InputSpec(path=write(tmp_path, "news.atom", ATOM)))
    assert [s.mt for s in segments] == ["Talks resume", "Переведено сервисом «Яндекс Переводчик»"]
    assert {s.doc for s in segments} == {"urn:entry:1"}


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    assert html_to_text("<p>One &amp; two.</p><div>Three<br>Four</div><style>p{}</style><script>x()</script>") == (
        "One & two.\nThree\nFour"
    )


BAD = [
    ("broken.xlf", "<xliff version='1.2'><file><body><trans-unit>", "cannot read as XLIFF"),
    ("wrong.xlf", XLIFF12.replace('target-language="en"', 'target-language="de"'), "target language is 'de'"),
    ("empty.xlf", XLIFF12.replace(f"<target>{MT}</target>", "").replace(f'<target state="translated">{MT2}</target>', ""), "no translated segments"),
    ("broken.tmx", "<tmx version='1.4'><body><tu>", "cannot read as TMX"),
    ("nolang.tmx", TMX.replace('xml:lang="en-GB"', 'xml:lang="de"').replace('xml:lang="en"', 'xml:lang="fr"'), "no translated segments"),
    ("broken.po", 'msgid "a"\nmsgstr "b\n', "cannot read as PO"),
    ("broken.rss", "<rss><channel><item><title>x", "cannot read as an RSS/Atom feed"),
    ("empty.rss", "<rss version='2.0'><channel><title>x</title></channel></rss>", "no items"),
]


@pytest.mark.parametrize("name,text,problem", BAD)
def test_bad_files_are_input_errors(tmp_path: Path, name: str, text: str, problem: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as info:
        load_segments(InputSpec(path=path))
    assert problem in str(info.value) and path in str(info.value)
    result = runner.invoke(app, ["check", path, "--no-models"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_sides_do_not_go_with_translation_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="do not go with"):
        load_segments(InputSpec(path=write(tmp_path, "job.xlf", XLIFF12), src="x.txt"))


def test_input_format_forces_the_reader(tmp_path: Path) -> None:
    path = write(tmp_path, "job.txt", TMX)
    segments = load_segments(InputSpec(path=path, format="tmx"))
    assert [s.id for s in segments] == ["neg-1", "ok-2"]
