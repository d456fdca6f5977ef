"""The import report: each declaration, every unused source line, every warning.

Everything is a Message (sitegen/messages/import_*.py) until ``report`` says it in the
publisher's language; locations come first, as in every sitegen message.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sitegen.diagnostics import WARNING, Diagnostic, counted
from sitegen.importer import files
from sitegen.importer.cells import Cell
from sitegen.importer.decode import listed
from sitegen.importer.pdf import PDF_TEXT_LAYER
from sitegen.importer.run import Outcome
from sitegen.messages import DEFAULT, Message
from sitegen.money import format_money

# a Source's encoding as the report names it; the other names (UTF-8, GB18030, UTF-16) are said as they are
_ENCODINGS = {"": "import.encoding.unread", "UTF-8 with BOM": "import.encoding.utf8_bom",
              PDF_TEXT_LAYER: "import.encoding.pdf", "xlsx": "import.encoding.xlsx"}


def report(outcome: Outcome, language: str = DEFAULT) -> str:
    """What was (or, with --dry-run, would be) written, and everything worth a look."""
    return "".join(line.text(language) + "\n" for line in report_lines(outcome))


def report_lines(outcome: Outcome) -> list[Message | Diagnostic]:
    """The report's lines, each to be said in a language (``.text(language)``)."""
    out: list[Message | Diagnostic] = []
    by_draft = {id(draft): item for item in outcome.planned for draft in (item.draft, *item.also)}
    for source in outcome.sources:
        encoding = _ENCODINGS.get(source.encoding)
        out.append(Message("import.report.source", name=source.name,
                           encoding=Message(encoding) if encoding else source.encoding,
                           declarations=counted(len(source.drafts), "declarations")))
        for draft in source.drafts:
            out.append(_declaration_line(draft, by_draft.get(id(draft)), outcome))
        out.extend(Message("import.report.unused", where=f"{source.name}:{line}", text=text)
                   for line, text in unused_lines(source.unused))
    for item in outcome.planned:
        for d in item.check.sorted():
            out.append(Diagnostic(d.path, d.line, WARNING, Message(
                "import.report.check_will", severity=Message("severity." + d.severity), message=d.message)))
    out.extend(outcome.diags.sorted())
    out.append(_summary(outcome))
    return out


def _declaration_line(draft, item: files.Planned | None, outcome: Outcome) -> Message:
    amount = format_money(draft.funds["requested"][0]) if "requested" in draft.funds else "?"
    target = (Message("import.report.to", path=item.shown, state=_state(item, outcome)) if item
              else Message("import.report.not_written"))
    return Message("import.report.declaration", where=draft.where, title=draft.text("title"), amount=amount,
                   indicators=counted(len(draft.rows), "indicators"), target=target)


def _state_key(item: files.Planned, outcome: Outcome) -> str:
    if item.state == files.UNCHANGED:
        return "unchanged"
    if not outcome.ok:
        return "not_written"
    if item.state == files.CHANGED:
        return "would_overwrite" if outcome.dry_run else "overwritten"
    return "would_write" if outcome.dry_run else "written"


def _state(item: files.Planned, outcome: Outcome) -> Message:
    return Message("import.state." + _state_key(item, outcome))


def unused_lines(cells: list[Cell]) -> list[tuple[int, str]]:
    """Unused cells grouped by their source line."""
    lines: dict[int, list[str]] = defaultdict(list)
    for cell in cells:
        lines[cell.line].append(cell.text)
    return [(line, " ".join(texts)) for line, texts in sorted(lines.items())]


def _summary(outcome: Outcome) -> Message:
    drafts = [d for s in outcome.sources for d in s.drafts]
    total = sum((d.funds["requested"][0] for d in drafts if "requested" in d.funds), Decimal(0))
    rows = sum(len(d.rows) for d in drafts)
    failing = sum(bool(item.check.errors) for item in outcome.planned)
    if not outcome.ok:
        written = (Message("import.failed.partly", files=counted(len(outcome.written), "files"))
                   if outcome.written else Message("import.failed.nothing"))
        return Message("import.failed", summary=outcome.diags.summary(), written=written)
    states = [_state_key(item, outcome) for item in outcome.planned]
    done = [Message("import.done." + s, n=states.count(s)) for s in dict.fromkeys(states)]
    return Message("import.summary", declarations=counted(len(drafts), "declarations"),
                   indicators=counted(rows, "indicators"), amount=format_money(total),
                   done=listed(done) if done else "",
                   failing=Message("import.summary.failing", n=failing) if failing else "")
