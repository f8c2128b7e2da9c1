"""JSON (one document) and JSONL (one record per segment, streamed) reports."""

from __future__ import annotations

import json
from typing import IO

from mtcheck.report import Report, writer


@writer("json")
def write_json(report: Report, stream: IO[str]) -> None:
    doc = report.header()
    doc["summary"] = report.summary()
    doc["corpus"] = report.run.corpus
    doc["segments"] = [r.to_dict() for r in report.run.results]
    json.dump(doc, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


@writer("jsonl")
def write_jsonl(report: Report, stream: IO[str]) -> None:
    for result in report.run.results:
        stream.write(json.dumps(result.to_dict(), ensure_ascii=False))
        stream.write("\n")
