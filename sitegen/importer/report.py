"""The import report: each declaration, every unused source line, every warning."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sitegen.diagnostics import plural
from sitegen.importer import files
from sitegen.importer.cells import Cell
from sitegen.importer.run import Outcome
from sitegen.money import format_money


def report(outcome: Outcome) -> str:
    """What was (or, with --dry-run, would be) written, and everything worth a look."""
    out: list[str] = []
    by_draft = {id(draft): item for item in outcome.planned for draft in (item.draft, *item.also)}
    for source in outcome.sources:
        out.append(f"{source.name} ({source.encoding or 'unread'}): "
                   f"{plural(len(source.drafts), 'declaration')}")
        for draft in source.drafts:
            out.append("  " + _declaration_line(draft, by_draft.get(id(draft)), outcome))
        out.extend(f"{source.name}:{line}: unused: {text}" for line, text in unused_lines(source.unused))
    for item in outcome.planned:
        for d in item.check.sorted():
            out.append(f"{d.path}:{d.line}: warning: sitegen check will report: {d.severity}: {d.message}")
    out.extend(str(d) for d in outcome.diags.sorted())
    out.append(_summary(outcome))
    return "\n".join(out) + "\n"


def _declaration_line(draft, item: files.Planned | None, outcome: Outcome) -> str:
    amount = format_money(draft.funds["requested"][0]) if "requested" in draft.funds else "?"
    where = f"-> {item.shown} ({_state(item, outcome)})" if item else "-> (not written)"
    return (f"{draft.where}  {draft.text('title')}  {amount}  "
            f"{plural(len(draft.rows), 'indicator')}  {where}")



def _state(item: files.Planned, outcome: Outcome) -> str:
    if item.state == files.UNCHANGED:
        return "unchanged"
    if not outcome.ok:
        return "not written"
    verb = "would " if outcome.dry_run else ""
    if item.state == files.CHANGED:
        return f"{verb}overwrite" if outcome.dry_run else "overwritten"
    return f"{verb}write" if outcome.dry_run else "written"


def unused_lines(cells: list[Cell]) -> list[tuple[int, str]]:
    """Unused cells grouped by their source line."""
    lines: dict[int, list[str]] = defaultdict(list)
    for cell in cells:
        lines[cell.line].append(cell.text)
    return [(line, " ".join(texts)) for line, texts in sorted(lines.items())]


def _summary(outcome: Outcome) -> str:
    drafts = [d for s in outcome.sources for d in s.drafts]
    total = sum((d.funds["requested"][0] for d in drafts if "requested" in d.funds), Decimal(0))
    rows = sum(len(d.rows) for d in drafts)
    failing = sum(bool(item.check.errors) for item in outcome.planned)
    head = (f"{plural(len(drafts), 'declaration')}, {plural(rows, 'indicator')}, "
            f"{format_money(total)} yuan requested")
    if not outcome.ok:
        written = (f"{plural(len(outcome.written), 'file')} written before it failed" if outcome.written
                   else "nothing was written")
        return f"import failed: {outcome.diags.summary()}; {written}"
    states = [_state(item, outcome) for item in outcome.planned]
    done = ", ".join(f"{states.count(s)} {s}" for s in dict.fromkeys(states))
    tail = f"; {failing} will fail sitegen check until corrected" if failing else ""
    return f"{head}: {done}{tail}"
