"""The goal block 项目绩效目标: 项目总目标 (whole life) and 年度总体目标 (the year).

The text is hard-wrapped by the PDF, often mid-word and with punctuation starting a
line. Lines are rejoined without spaces (Chinese has none), except between two Latin
letters; numbered items (``1.`` ``2.`` ``（1）`` ``一、``) keep their own lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitegen.diagnostics import Diagnostics
from sitegen.importer import vocabulary as v
from sitegen.importer.cells import Cell

_ITEM = re.compile(r"^(\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}[、．.])")
PROJECT, ANNUAL = "project_goal", "goal"


@dataclass
class Goals:
    goal: str = ""
    project_goal: str = ""
    goal_line: int = 0
    shared_cell: bool = False  # both labels head one text: it was read as the year's goal


def read_goals(cells: list[Cell], diags: Diagnostics) -> Goals:
    goals = Goals()
    pending: list[str] = []  # goal labels waiting for their text
    block: list[Cell] = []

    def settle() -> None:
        if not block:
            return
        if len(set(pending)) == 2:
            goals.shared_cell = True
        kind = ANNUAL if goals.shared_cell or not pending else pending[-1]
        if getattr(goals, kind):
            diags.warning(block[0].line, f"a second text for {_label(kind)}; appended to the first")
        text = rejoin_lines(block)
        setattr(goals, kind, f"{getattr(goals, kind)}\n{text}".strip("\n"))
        goals.goal_line = goals.goal_line or (block[0].line if kind == ANNUAL else 0)
        for cell in block:
            cell.used = True
        pending.clear()
        block.clear()

    for cell in cells:
        if cell.key in v.GOAL_SECTION:
            cell.used = True
        elif cell.key in v.PROJECT_GOAL or cell.key in v.ANNUAL_GOAL:
            settle()
            pending.append(PROJECT if cell.key in v.PROJECT_GOAL else ANNUAL)
            cell.used = True
        else:
            block.append(cell)
    settle()
    if not goals.goal and goals.project_goal:
        diags.warning(cells[0].line, "年度总体目标 is empty; the 项目总目标 text is used as the goal")
        goals.goal, goals.project_goal = goals.project_goal, ""
    if not goals.goal:
        diags.error(cells[0].line if cells else 0, "no 年度总体目标 text: every 申报表 states a goal")
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
    """Join a hard-wrapped line: no space, except between two Latin letters or digits."""
    latin = re.compile(r"[A-Za-z0-9]")
    if latin.match(before[-1]) and latin.match(after[0]) and not (before[-1].isdigit() and after[0].isdigit()):
        return f"{before} {after}"
    return before + after
