"""The goal block 项目绩效目标: 项目总目标 (whole life) and 年度总体目标 (the year).

The text is hard-wrapped by the PDF, often mid-word and with punctuation starting a
line. Lines are rejoined without spaces (Chinese has none), except between two Latin
words; numbered items (``1.`` ``2.`` ``（1）`` ``一、``) keep their own lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitegen.diagnostics import Diagnostics
from sitegen.importer import vocabulary as v
from sitegen.importer.cells import Cell
from sitegen.messages import Message

_ITEM = re.compile(r"^(\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}[、．.])")
_LATIN = re.compile(r"[A-Za-z0-9]")
PROJECT, ANNUAL = "project_goal", "goal"


@dataclass
class Goals:
    goal: str = ""
    project_goal: str = ""
    shared_cell: bool = False  # both labels head one text: it was read as the year's goal


def read_goals(cells: list[Cell], diags: Diagnostics) -> Goals:
    """Each label takes the text after it; both labels with one text below them are the
    form's two-column header over a blank 项目总目标, so the text is the year's goal."""
    goals = Goals()
    pending: list[str] = []  # goal labels waiting for their text
    block: list[Cell] = []

    def settle() -> None:
        if not block:
            return
        goals.shared_cell = goals.shared_cell or len(set(pending)) == 2
        kind = ANNUAL if goals.shared_cell or not pending else pending[-1]
        if getattr(goals, kind):
            diags.warning(block[0].line, Message("import.goal.second", label=_label(kind)))
        setattr(goals, kind, f"{getattr(goals, kind)}\n{rejoin_lines(block)}".strip("\n"))
        for cell in block:
            cell.used = True
        pending.clear()
        block.clear()

    skipped_line = 0  # a line starting with a label the content format does not hold
    for cell in cells:
        if cell.line == skipped_line:
            continue
        if cell.key in v.OTHER_LABELS and cell.starts_line:
            settle()
            skipped_line = cell.line
        elif cell.key in v.GOAL_SECTION:
            cell.used = True
        elif cell.key in v.PROJECT_GOAL or cell.key in v.ANNUAL_GOAL:
            settle()
            pending.append(PROJECT if cell.key in v.PROJECT_GOAL else ANNUAL)
            cell.used = True
        else:
            block.append(cell)
    settle()
    if not goals.goal and goals.project_goal:
        diags.warning(cells[0].line, Message("import.goal.annual_empty"))
        goals.goal, goals.project_goal = goals.project_goal, ""
    if not goals.goal:
        diags.error(cells[0].line if cells else 0, Message("import.goal.missing"))
    return goals


def _label(kind: str) -> str:
    return "项目总目标" if kind == PROJECT else "年度总体目标"


def rejoin_lines(cells: list[Cell]) -> str:
    """Cells of a wrapped paragraph -> text; numbered items start their own line."""
    lines: list[str] = []
    for cell in cells:
        if lines and not cell.starts_line:
            lines[-1] += " " + cell.text
        else:
            lines.append(cell.text)
    out: list[str] = []
    for line in lines:
        if out and not _ITEM.match(line):
            out[-1] = _glue(out[-1], line)
        else:
            out.append(line)
    return "\n".join(out)


def _glue(before: str, after: str) -> str:
    """Join a hard-wrapped line: no space, except between two Latin words ('AI agents')."""
    if _LATIN.match(before[-1]) and _LATIN.match(after[0]) and not (before[-1].isdigit() and after[0].isdigit()):
        return f"{before} {after}"
    return before + after
