"""The indicator table 绩效指标: 一级指标 → 二级指标 → 三级指标 → 年度指标值.

Level cells are merged on the form, so they appear once before (or amid) their rows;
each row is a name and a target. A target is recognized by what it is when it has a
number (``≥95.00(%)``, ``985米``), and by where it is when it is a phrase (``正常``):
the cell after a name, unless that cell is the rest of a name broken over lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sitegen.diagnostics import Diagnostics
from sitegen.importer import vocabulary as v
from sitegen.importer.cells import Cell
from sitegen.importer.fields import join_cell_texts
from sitegen.messages import Message
from sitegen.targets import TargetError, parse_target

COST = "成本指标"  # a 一级指标 on newer forms, a 二级指标 under 产出指标 on older ones
_GROUPED = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@dataclass(frozen=True)
class Row:
    level1: str
    level2: str
    name: str
    target: str  # the cell as printed (thousands separators removed, see below)
    line: int
    kind: str = ""  # the columns some forms add (sitegen/fields.py INDICATOR_FIELDS)
    weight: str = ""
    explanation: str = ""
    scoring: str = ""
    unit: str = ""  # given apart from the target (a workbook's unit column)


def is_target(cell: Cell) -> bool:
    """A cell that can only be a target value: a comparison or a number with a short unit."""
    text = unicodedata.normalize("NFKC", cell.text)
    try:
        target = parse_target(_GROUPED.sub("", text))
    except TargetError:
        return True  # starts with a comparison but has no number: a (broken) target all the same
    if not target.quantitative:
        return False
    return bool(target.comparison) or target.unit is None or "(" in text or len(target.unit) <= 2


def is_level(cell: Cell) -> bool:
    return cell.key in v.LEVEL1 or cell.key in v.LEVEL2


class TableReader:
    """Walks the table's cells once, keeping the current level cells."""

    def __init__(self, cells: list[Cell], diags: Diagnostics) -> None:
        self.cells = [c for c in cells if not self._heading(c)]
        self.diags = diags
        self.level1 = ""
        self.level2 = ""
        self.rows: list[Row] = []

    @staticmethod
    def _heading(cell: Cell) -> bool:
        """一级指标 … 年度(/项目)指标值, and the section word 绩效指标 wherever it strays."""
        if cell.key in v.TABLE_HEADINGS or cell.key == v.TABLE_SECTION:
            cell.used = True
            return True
        return False

    def read(self) -> list[Row]:
        name: list[Cell] = []
        i = 0
        while i < len(self.cells):
            cell = self.cells[i]
            if is_level(cell):
                self._close_without_target(name)
                name = []
                self._set_level(cell, self._next(i))
            elif not name and (pairs := self._names_then_targets(i)):
                i += 2 * pairs
                continue
            elif is_target(cell) or (name and not self._continues_name(i, name)):
                if name:
                    self._add_row(name, cell)
                else:
                    self.diags.error(cell.line, Message("import.table.target_without_name", target=cell.text))
                name = []
            else:
                name.append(cell)
            i += 1
        if name:  # text after the last row (a footnote?): reported, not imported
            self.diags.warning(name[0].line, Message("import.table.trailing", text=join_cell_texts(name)))
        if not self.rows:
            line = self.cells[0].line if self.cells else 0
            self.diags.error(line, Message("import.table.no_rows"))
        return self.rows

    def _next(self, i: int) -> Cell | None:
        return self.cells[i + 1] if i + 1 < len(self.cells) else None

    def _continues_name(self, i: int, name: list[Cell]) -> bool:
        """Is cells[i] (a phrase) more of the name rather than its target?"""
        after = self._next(i)
        if after is None or is_level(after):
            return False
        if is_target(after):
            return True  # 'name part / name part ≥95%'
        cell = self.cells[i]
        return cell.line > name[-1].end_line and after.line == cell.line

    def _names_then_targets(self, i: int) -> int:
        """A line of n names followed by a line of n numeric targets (two columns
        interleaved line by line). Returns n, or 0 when the cells are not laid out so."""
        names = self._line_from(i)
        if len(names) < 2 or not names[0].starts_line or any(is_level(c) or is_target(c) for c in names):
            return 0
        targets = self._line_from(i + len(names))
        if len(targets) != len(names) or not all(is_target(c) and not is_level(c) for c in targets):
            return 0
        for name, target in zip(names, targets):
            self._add_row([name], target)
        return len(names)

    def _line_from(self, i: int) -> list[Cell]:
        if i >= len(self.cells):
            return []
        line = self.cells[i].line
        run = []
        while i < len(self.cells) and self.cells[i].line == line:
            run.append(self.cells[i])
            i += 1
        return run

    def _set_level(self, cell: Cell, after: Cell | None) -> None:
        cell.used = True
        key = cell.key
        if key == COST:
            cost_level2_follows = after is not None and v.OWNER.get(v.LEVEL2.get(after.key, "")) == COST
            if cost_level2_follows or self.level1 not in ("", "产出指标"):
                self.level1, self.level2 = COST, ""
            else:
                self.level1, self.level2 = "产出指标", COST
        elif key in v.LEVEL1:
            self.level1 = v.LEVEL1[key]
            if v.OWNER.get(self.level2) != self.level1:
                self.level2 = ""
        else:  # a 二级指标; its 一级指标 follows from the official vocabulary when missing
            self.level2 = v.LEVEL2[key]
            self.level1 = v.OWNER[self.level2]

    def _add_row(self, name: list[Cell], target: Cell) -> None:
        text = join_cell_texts(name)
        if not (self.level1 and self.level2):
            missing = "import.table.no_levels" if not self.level1 else "import.table.no_level2"
            self.diags.error(name[0].line, Message(missing, name=text))
            return
        value = target.text
        if _GROUPED.search(unicodedata.normalize("NFKC", value)):
            value = _GROUPED.sub("", unicodedata.normalize("NFKC", value))
            self.diags.warning(target.line, Message("import.table.thousands", target=target.text, value=value))
        for cell in (*name, target):
            cell.used = True
        self.rows.append(Row(self.level1, self.level2, text, value, name[0].line))

    def _close_without_target(self, name: list[Cell]) -> None:
        if name:
            self.diags.error(name[0].line, Message("import.table.no_target", name=join_cell_texts(name)))


def read_table(cells: list[Cell], diags: Diagnostics) -> list[Row]:
    return TableReader(cells, diags).read()
