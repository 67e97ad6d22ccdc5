"""A readable report for staff at a terminal (Chinese labels; colour only when asked)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import click

from screening.findings import ENTITY_TYPES, SEVERITY_ORDER, Finding, Severity
from screening.results import DocumentResult, summarize

_COLOURS = {
    Severity.BLOCKING: "magenta",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: None,
}
_SEV_ZH = {
    Severity.BLOCKING: "禁止发布",
    Severity.HIGH: "高",
    Severity.MEDIUM: "中",
    Severity.LOW: "低",
    Severity.INFO: "提示",
}


def _where(f: Finding) -> str:
    loc = {k: v for k, v in f.location.items() if k not in ("offset", "bbox")}
    parts = [f"{k}={v}" for k, v in loc.items()]
    if f.start >= 0:
        parts.append(f"@{f.start}")
    return " ".join(parts)


def _line(f: Finding, colour: bool) -> str:
    label = ENTITY_TYPES[f.entity_type].label if f.entity_type in ENTITY_TYPES else f.entity_type
    sev = f"[{_SEV_ZH[f.severity]}]"
    if colour and _COLOURS[f.severity]:
        sev = click.style(sev, fg=_COLOURS[f.severity], bold=f.severity >= Severity.HIGH)
    text = f.text.replace("\n", "⏎")
    if len(text) > 40:
        text = text[:37] + "..."
    expl = f"  ({f.explanation})" if f.explanation else ""
    return f"  {sev} {label} {f.entity_type}: {text}  {_where(f)}{expl}"


def render_table(results: Iterable[DocumentResult], colour: bool = False, show_all: bool = True) -> str:
    """One block per document, then a summary line. ``show_all=False`` hides low/info findings."""
    return "\n".join(iter_table(results, colour, show_all))


def iter_table(results: Iterable[DocumentResult], colour: bool = False, show_all: bool = True) -> Iterator[str]:
    """The lines of :func:`render_table`, one at a time."""
    results = list(results)
    for r in results:
        if r.status != "ok":
            yield f"✗ {r.path}: 无法读取 / error: {r.error}"
            continue
        enc = f", {r.facts['encoding']}" if r.facts.get("encoding") else ""
        flagged = sum(1 for f in r.findings if f.is_flagged)
        mark = "✗" if flagged else "✓"
        yield f"{mark} {r.path} ({r.format}{enc}) — {len(r.findings)} 处发现，{flagged} 处需处理"
        for c in r.column_counts():
            label = ENTITY_TYPES[c["entity_type"]].label
            yield f"  列 {c['column']}（{c['sheet']}）{c['header'] or ''}：{c['count']} 处{label}"
        for f in sorted(r.findings, key=lambda f: (-int(f.severity), f.start)):
            if show_all or f.is_flagged:
                yield _line(f, colour)
    s = summarize(results)
    sev = "，".join(f"{_SEV_ZH[x]} {s['by_severity'][x.label]}" for x in SEVERITY_ORDER)
    verdict = "通过 PASS" if s["gate"] == "pass" else "不通过 FAIL"
    yield f"共 {s['documents']} 个文件（{s['errors']} 个无法读取），{s['findings']} 处发现（{sev}）。审查结论：{verdict}"
