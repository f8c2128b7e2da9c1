"""Writing a :class:`~mtcheck.compare.Comparison`: terminal, JSON or Markdown."""

from __future__ import annotations

import json
from typing import IO, Any, Callable

from rich.console import Console
from rich.table import Table

from mtcheck import __version__
from mtcheck.compare import Comparison, MetricDelta
from mtcheck.records import Finding, SegmentResult
from mtcheck.report.markdown import md_escape


def _verdict(m: MetricDelta, alpha: float) -> str:
    if m.p_value is None:
        return ""
    if not m.significant:
        return f"not significant (p = {m.p_value:.4f})"
    return f"{'worse' if m.worse else 'better'} (p = {m.p_value:.4f} < {alpha:g})"


def _pair_line(pair: tuple[SegmentResult, Finding]) -> tuple[str, str, str, str]:
    result, f = pair
    label = f"{result.segment.doc}/{result.segment.id}" if result.segment.doc else result.segment.id
    return label, f"{f.code} {f.severity}", f.span.text_in(result.segment), f.message


def write_terminal(cmp: Comparison, stream: IO[str]) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    console.print(f"[bold]{cmp.new_name}[/bold] against [bold]{cmp.base_name}[/bold]: {cmp.segments} segments")
    if cmp.metrics:
        table = Table(title="Corpus metrics (paired bootstrap)", title_justify="left")
        for col in ("metric", "base", "new", "delta", "verdict"):
            table.add_column(col, justify="right" if col in ("base", "new", "delta") else "left")
        for m in cmp.metrics:
            style = "red" if m.significant and m.worse else "green" if m.significant else ""
            table.add_row(m.name, f"{m.base:.2f}", f"{m.new:.2f}", f"{m.delta:+.2f}", _verdict(m, cmp.alpha), style=style)
        console.print(table)
    for name, (b, n) in cmp.corpus.items():
        console.print(f"  {name}: {b:.2f} -> {n:.2f} ({n - b:+.2f})", markup=False)
    for note in cmp.notes:
        console.print(f"note: {note}", style="dim", markup=False)
    for title, pairs in (("New in " + cmp.new_name, cmp.new_findings), ("Fixed since " + cmp.base_name, cmp.fixed_findings)):
        console.print(f"[bold]{title}[/bold]: {len(pairs)}")
        for pair in pairs:
            label, code, text, message = _pair_line(pair)
            console.print(f"  [{label}] {code} “{text}”  {message}", markup=False)
    console.print(f"{cmp.unchanged} finding(s) in both", style="dim")


def write_json(cmp: Comparison, stream: IO[str]) -> None:
    doc: dict[str, Any] = {"tool": {"name": "mtcheck", "version": __version__}}
    doc.update(cmp.to_dict())
    json.dump(doc, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_markdown(cmp: Comparison, stream: IO[str]) -> None:
    w = stream.write
    w(f"## mtcheck compare: {md_escape(cmp.new_name)} against {md_escape(cmp.base_name)} ({cmp.segments} segments)\n\n")
    if cmp.metrics:
        w("| metric | base | new | delta | verdict |\n|---|---:|---:|---:|---|\n")
        for m in cmp.metrics:
            w(f"| {m.name} | {m.base:.2f} | {m.new:.2f} | {m.delta:+.2f} | {_verdict(m, cmp.alpha)} |\n")
        w("\n")
    for note in cmp.notes:
        w(f"_{md_escape(note)}_\n\n")
    for title, pairs in (("New in NEW", cmp.new_findings), ("Fixed since BASE", cmp.fixed_findings)):
        w(f"### {title}: {len(pairs)}\n\n")
        for pair in pairs[:100]:
            label, code, text, message = _pair_line(pair)
            w(f"- **{md_escape(label)}** {md_escape(code)} “{md_escape(text)}”: {md_escape(message)}\n")
        if len(pairs) > 100:
            w(f"- …and {len(pairs) - 100} more\n")
        w("\n")
    w(f"{cmp.unchanged} finding(s) in both.\n")


WRITERS: dict[str, Callable[[Comparison, IO[str]], None]] = {
    "terminal": write_terminal,
    "json": write_json,
    "markdown": write_markdown,
}
