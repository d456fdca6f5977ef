"""The identity block: 项目名称, 项目性质, 项目类别, 主管部门, 实施单位, the two dates.

Labels and values are paired in reading order through a queue, so all of these
extractions read the same:

    项目名称 X 项目性质 Y             (label, value, label, value)
    项目名称 项目性质 / X Y           (a row of labels, then a row of values)
    项目名称 / X / 项目性质 / Y       (one cell per line)

A value broken over lines (``上海推进科技创新中心建设办 / 公室``) is rejoined when its
tail sits alone at the start of the next line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque

from sitegen import schema
from sitegen.diagnostics import Diagnostics
from sitegen.importer import vocabulary as v
from sitegen.importer.cells import Cell
from sitegen.messages import Message
from sitegen.yamlsrc import Scalar

REQUIRED = {"title": "项目名称", "department": "主管部门"}
_CHINESE_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$")


def read_identity(cells: list[Cell], diags: Diagnostics) -> dict[str, tuple[str, int]]:
    """-> field -> (text, line). Unpaired cells stay unused, for the report."""
    found: dict[str, list[Cell]] = {}
    pending: deque[tuple[str, Cell]] = deque()
    last = ""  # the field whose value may still continue on the next line
    for i, cell in enumerate(cells):
        if cell.key in v.IDENTITY or cell.key in v.OTHER_LABELS:
            cell.used = cell.key in v.IDENTITY  # other labels are reported with their value
            pending.append((v.IDENTITY.get(cell.key, ""), cell))
            last = ""
        elif pending:
            field, label = pending.popleft()
            last = _take(found, field, label, cell, diags)
        elif last in v.WRAPPING and _wraps(cells, i, found[last][-1], found):
            found[last].append(cell)
            cell.used = True
        else:
            last = ""
    for field, label in pending:
        if field:
            diags.warning(label.line, Message("import.field.no_value", label=label.text))
    values = {field: (join_cell_texts(parts), parts[0].line) for field, parts in found.items()}
    for field, label in REQUIRED.items():
        if field not in values:
            diags.error(cells[0].line if cells else 0, Message("import.field.missing", label=label))
    return values


def _take(found: dict[str, list[Cell]], field: str, label: Cell, cell: Cell,
          diags: Diagnostics) -> str:
    """Give ``cell`` to ``field``; returns the field that may continue, or ''."""
    if not field:
        return ""  # the value of a label the content format does not hold: left unused
    if field in found:
        diags.warning(label.line, Message("import.field.twice", label=label.text,
                                          value=join_cell_texts(found[field])))
        return ""
    found[field] = [cell]
    cell.used = True
    return field


def _wraps(cells: list[Cell], i: int, previous: Cell, found: dict[str, list[Cell]]) -> bool:
    """Is cells[i] the tail of ``previous``? Only when ``previous`` is the one value on its
    line and cells[i] stands alone at the start of the next: under a row of several values
    a tail could belong to any of them, so it is left for the report instead."""
    cell = cells[i]
    if not cell.starts_line or cell.line <= previous.end_line:
        return False
    values = {id(c) for parts in found.values() for c in parts}
    if any(id(c) in values and c is not previous for c in cells if c.line == previous.end_line):
        return False
    after = cells[i + 1] if i + 1 < len(cells) else None
    return after is None or after.line != cell.line or after.key in v.JOINABLE


def join_cell_texts(parts: list[Cell]) -> str:
    """Cells of one value: a space within a line, nothing across a line break."""
    text = parts[0].text
    for before, cell in zip(parts, parts[1:]):
        text += (" " if cell.line == before.end_line else "") + cell.text
    return text


def read_date_text(text: str, line: int, diags: Diagnostics) -> dt.date | None:
    """A date as the form prints it (2024-01-01, 2026/1/1, 2024年1月1日), read by the schema."""
    m = _CHINESE_DATE.match(v.key(text))
    shown = f"{m[1]}-{m[2]}-{m[3]}" if m else v.key(text)
    return schema.read_date(Scalar(shown, "str", line), "date", line, diags)
