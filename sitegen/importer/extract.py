"""One source -> drafts of its declarations, each read section by section.

A declaration's cells are cut into the form's four blocks by the first word of each:
identity (项目名称 …), funds (项目资金 …), goal (项目绩效目标 …) and the indicator table
(一级指标 … / 绩效指标 / a level cell). Every cell a block does not use is kept for the
report: nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sitegen.diagnostics import Diagnostics
from sitegen.importer import vocabulary as v
from sitegen.importer.cells import Cell, cut_cells, rejoin_words, unglue_labels
from sitegen.importer.decode import Source
from sitegen.importer.fields import read_identity
from sitegen.importer.pages import pages_text
from sitegen.importer.funds import is_amount, read_funds
from sitegen.importer.goal import Goals, read_goals
from sitegen.importer.indicators import Row, read_table
from sitegen.importer.split import Layout, Part, split_declarations
from sitegen.messages import Message

FUNDS_START = v.FUNDS_HEADINGS | v.FUNDS_HEADING_WAN | set(v.FUNDS)
GOAL_START = v.GOAL_SECTION | v.PROJECT_GOAL | v.ANNUAL_GOAL
TABLE_START = v.TABLE_HEADINGS | {v.TABLE_SECTION} | set(v.LEVEL1) | set(v.LEVEL2)


@dataclass
class Draft:
    """One declaration as read from the source, before it is written."""

    source: str
    line: int  # where it starts in the source
    year: int
    fields: dict[str, tuple[str, int]]  # title, department, ... -> (text, line)
    funds: dict[str, tuple[Decimal, int]]
    goals: Goals
    rows: list[Row]
    note: str = ""  # the Markdown body
    pages: tuple[int, int] | None = None  # a PDF's first and last page of the form
    wan: bool = False  # the form printed its amounts in 万元
    origin: tuple[str, str] | None = None  # a PDF's file name and SHA-256, written as source
    document: str = ""  # the title its cover prints
    id: str = ""  # given by the source (a workbook's id column); else made from the names
    corrections: list[tuple[str, str, str]] = field(default_factory=list)  # (date, what, why)
    cell: str = ""  # a workbook's row: '项目!A5'

    @property
    def where(self) -> str | Message:
        """'file:line' of a text, 'file 第 31–32 页' ('file pp. 31–32') of a PDF's form,
        'file:项目!A5' of a workbook's row."""
        if self.cell:
            return f"{self.source}:{self.cell}"
        if self.pages is None:
            return f"{self.source}:{self.line}"
        return Message("import.at_pages", source=self.source, pages=pages_text([self.pages]))

    def text(self, name: str) -> str:
        return self.fields[name][0] if name in self.fields else ""


@dataclass
class Extraction:
    drafts: list[Draft]
    unused: list[Cell]  # every source cell no block used, in source order


def extract(source: Source, year: int | None, diags: Diagnostics) -> Extraction:
    """Read every declaration of ``source``. Errors go to ``diags`` (path = source name)."""
    layout = split_declarations(source.lines)
    if not layout.parts:
        diags.error(_first_text_line(source.lines), Message("import.not_recognized"))
        return Extraction([], [])
    skip = layout.used_lines | layout.page_numbers
    unused = cut_cells(source.lines, 0, layout.parts[0].heading_line - 1, skip)
    unused += [Cell(source.lines[n - 1].strip(), n) for n in sorted(layout.page_numbers)]
    drafts = []
    for part in layout.parts:
        draft, cells = _read_part(source, layout, part, year, diags)
        unused.extend(c for c in cells if not c.used)
        if draft is not None:
            drafts.append(draft)
    return Extraction(drafts, sorted(unused, key=lambda c: c.line))


def _first_text_line(lines: list[str]) -> int:
    return next((i + 1 for i, line in enumerate(lines) if line.strip()), 1)


def _year(layout: Layout, part: Part, wanted: int | None, diags: Diagnostics) -> int | None:
    stated = part.year or layout.summary_year
    if wanted and stated and wanted != stated:
        diags.error(part.heading_line, Message("import.year_differs", stated=stated, wanted=wanted))
        return None
    if not (wanted or stated):
        diags.error(part.heading_line, Message("import.no_year"))
    return wanted or stated


def _read_part(source: Source, layout: Layout, part: Part, wanted_year: int | None,
               diags: Diagnostics) -> tuple[Draft | None, list[Cell]]:
    part_diags = Diagnostics(source.name)
    cells = cut_cells(source.lines, part.first, part.end, layout.used_lines | layout.page_numbers)
    cells = unglue_labels(rejoin_words(cells), set(v.IDENTITY))
    cells = unglue_labels(cells, set(v.FUNDS), value_ok=is_amount)
    year = _year(layout, part, wanted_year, part_diags)
    blocks = _blocks(cells, part, part_diags)
    if blocks is None or year is None:
        diags.extend(part_diags)
        return None, []  # the error says why; listing every cell as unused would bury it
    identity, funds, goal, table = blocks
    draft = Draft(source.name, part.heading_line, year, read_identity(identity, part_diags),
                  read_funds(funds, part_diags), read_goals(goal, part_diags),
                  read_table(table, part_diags))
    if layout.summary_title:
        draft.note = f"本申报表摘自《{layout.summary_title}》。"
    if draft.goals.shared_cell and "project_total" in draft.funds:
        part_diags.warning(goal[0].line, Message("import.goal.shared"))
    diags.extend(part_diags)
    return (None if part_diags.errors else draft), cells


def _blocks(cells: list[Cell], part: Part, diags: Diagnostics
            ) -> tuple[list[Cell], list[Cell], list[Cell], list[Cell]] | None:
    """Cut the cells at the first word of the funds, goal and table blocks."""
    funds = _find(cells, 0, FUNDS_START)
    goal = _find(cells, funds, GOAL_START) if funds is not None else None
    table = _find(cells, goal + 1, TABLE_START, line_start=True) if goal is not None else None
    for at, what in ((funds, "import.block.funds"), (goal, "import.block.goal"), (table, "import.block.table")):
        if at is None:
            diags.error(part.heading_line, Message("import.no_block", block=Message(what)))
            return None
    return cells[:funds], cells[funds:goal], cells[goal:table], cells[table:]  # type: ignore[misc]


def _find(cells: list[Cell], start: int, words: set[str], line_start: bool = False) -> int | None:
    for i in range(start, len(cells)):
        if cells[i].key in words and (cells[i].starts_line or not line_start):
            return i
    return None
