"""A workbook (.xlsx) -> drafts: the layout of data/projects.xlsx read back.

The sheets are found by their names in either language (项目 / Projects, 绩效指标,
更正说明), the columns by the keys in each sheet's first (hidden) row, so that
columns may be moved and a workbook edited in Excel or WPS reads the same. Only
the columns the content format holds are read; counts, the page address and the
parts of a target (comparison, value) are the build's, not read. Every problem
names its cell (``文件:工作表!单元格``); nothing is guessed: a formula, merged cells
where a value belongs, an amount with more than two decimals that the cell does not
round to two, a code typed as a number are refused.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import defaultdict
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP
from io import BytesIO

from sitegen import xlsx
from sitegen.diagnostics import Diagnostics
from sitegen.i18n import CATALOGUES
from sitegen.importer.extract import Draft
from sitegen.importer.fields import read_date_text
from sitegen.importer.goal import Goals
from sitegen.importer.indicators import Row
from sitegen.messages import Message
from sitegen.money import CENT, MoneyError, parse_money
from sitegen.opendata.workbook import SHEET_COLUMNS, SHEET_KEYS, kind
from sitegen.schema import FUNDS_KEYS

HEAD = 2  # rows above the data: the keys (hidden), the titles
_TWO_PLACES = re.compile(r"0\.00(?![0#])")
# What each sheet's columns are read as (the workbook writer's kinds).
_KINDS = [{c.name: kind(c) for c in columns} for columns in SHEET_COLUMNS]
_NOT_READ = {"indicator_count", "correction_count", "url", "comparison", "value"}
# The columns each sheet must have, and every row fill in (the content format's required keys).
_REQUIRED = ({"title", "year", "department", "requested", "goal"}, {"project_id", "level1", "level2", "name", "target"},
             {"project_id", "date", "what", "why"})


class _Skip(Exception):
    """A cell refused (its error already said)."""


def read_workbook(data: bytes, name: str, diags: Diagnostics) -> list[Draft]:
    """Every declaration of the workbook; errors to ``diags`` (path = ``name``)."""
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:
        diags.error(0, Message("import.xlsx.needs_openpyxl"), path=name)
        return []
    try:
        book = openpyxl.load_workbook(BytesIO(data), data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        diags.error(0, Message("import.xlsx.unreadable", reason=str(exc) or type(exc).__name__), path=name)
        return []
    tables = []
    for n, key in enumerate(SHEET_KEYS):
        names = {catalogue[f"workbook.sheet.{key}"] for catalogue in CATALOGUES.values()}
        sheet = next((book[s] for s in book.sheetnames if s.strip() in names), None)
        if sheet is None:
            if key != "corrections":
                diags.error(0, Message("import.xlsx.missing_sheet", sheet=CATALOGUES["zh-CN"][f"workbook.sheet.{key}"],
                                       names="、".join(sorted(names))), path=name)
            tables.append([])
            continue
        tables.append(_Table(sheet, n, name, diags).rows())
    if diags.errors:
        return []
    return _drafts(*tables, name, diags)


class _Table:
    """One sheet's rows as {key: (value, cell name)}."""

    def __init__(self, sheet, n: int, source: str, diags: Diagnostics) -> None:
        self.sheet, self.kinds, self.source, self.diags = sheet, _KINDS[n], source, diags
        self.required = _REQUIRED[n]

    def where(self, column: int, row: int) -> str:
        return f"{self.sheet.title}!{xlsx.cell_name(column - 1, row)}"

    def error(self, row: int, cell: str, message: Message) -> None:
        self.diags.error(row, message, path=self.source, cell=cell)

    def rows(self) -> list[dict]:
        keys = {}
        for cell in self.sheet[1]:
            if isinstance(cell.value, str) and cell.value.strip() in self.kinds:
                keys[cell.column] = cell.value.strip()
        missing = sorted(self.required - set(keys.values()))
        if missing:
            self.error(1, f"{self.sheet.title}!A1", Message("import.xlsx.no_keys", keys="、".join(missing)))
            return []
        for merged in self.sheet.merged_cells.ranges:
            if merged.max_row > HEAD:
                self.error(merged.min_row, f"{self.sheet.title}!{merged.coord}", Message("import.xlsx.merged"))
        at = {key: column for column, key in keys.items()}
        out = []
        for cells in self.sheet.iter_rows(min_row=HEAD + 1):
            values = {}
            for cell in cells:
                key = keys.get(cell.column)
                if key is None or key in _NOT_READ or cell.value is None or cell.value == "":
                    continue
                where = self.where(cell.column, cell.row)
                try:
                    values[key] = (self.value(cell, self.kinds[key], where), where)
                except _Skip:
                    values[key] = (None, where)
            if values:
                row = cells[0].row
                values["_row"] = (row, self.where(1, row))
                for key in sorted(self.required - set(values), key=at.__getitem__):
                    where = self.where(at[key], row)
                    self.error(row, where, Message("import.xlsx.empty", key=key,
                                                               title=CATALOGUES["zh-CN"][f"column.{key}"]))
                out.append(values)
        return out

    def value(self, cell, k: str, where: str):
        """The cell's value for a column of kind ``k``: str, Decimal, date or int."""
        v, row = cell.value, cell.row
        if cell.data_type == "f":
            self.error(row, where, Message("import.xlsx.formula", formula=str(v)))
            raise _Skip
        if k == xlsx.AMOUNT:
            return self.amount(cell, where)
        if k == xlsx.DATE:
            if isinstance(v, dt.datetime):
                return v.date()
            if isinstance(v, dt.date):
                return v
            date = read_date_text(str(v).strip(), row, Diagnostics())  # as a content file's dates are read
            if date is not None:
                return date
            self.error(row, where, Message("import.xlsx.not_date", text=str(v)))
            raise _Skip
        if k == xlsx.INTEGER:
            if isinstance(v, bool) or not (isinstance(v, int) or (isinstance(v, float) and v.is_integer())
                                           or (isinstance(v, str) and v.strip().isdigit())):
                self.error(row, where, Message("import.xlsx.not_integer", text=str(v)))
                raise _Skip
            return int(v)
        if k == xlsx.NUMBER:
            try:
                number = Decimal(repr(v)) if isinstance(v, float) else Decimal(str(v).strip())
            except InvalidOperation:
                self.error(row, where, Message("import.xlsx.not_number", text=str(v)))
                raise _Skip from None
            return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
        if k == xlsx.CODE and isinstance(v, (int, float)):
            self.error(row, where, Message("import.xlsx.code_is_number", text=_number_text(v)))
            raise _Skip
        if isinstance(v, dt.datetime):
            return v.date().isoformat()
        return _number_text(v) if isinstance(v, (int, float)) else str(v)

    def amount(self, cell, where: str) -> Decimal:
        v = cell.value
        if isinstance(v, str):
            try:
                return parse_money(v)
            except MoneyError as exc:
                self.error(cell.row, where, exc.args[0])
                raise _Skip from None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.error(cell.row, where, Message("money.not_amount", text=str(v)))
            raise _Skip
        exact = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        if exact == exact.quantize(CENT):
            return exact.quantize(CENT)
        if _TWO_PLACES.search(cell.number_format or ""):  # the cell shows two decimals: what the reader sees
            rounded = exact.quantize(CENT, ROUND_HALF_UP)
            self.diags.warning(cell.row, Message("import.xlsx.rounded", value=repr(v), shown=f"{rounded:,.2f}"),
                               path=self.source, cell=where)
            return rounded
        self.error(cell.row, where, Message("import.xlsx.amount_decimals", value=repr(v)))
        raise _Skip


def _number_text(v: int | float) -> str:
    return str(int(v)) if isinstance(v, int) or v.is_integer() else repr(v)


def _drafts(projects: list[dict], indicators: list[dict], corrections: list[dict], name: str,
            diags: Diagnostics) -> list[Draft]:
    by_project: dict[str, list] = defaultdict(list)
    fixes: dict[str, list] = defaultdict(list)
    ids = {row["id"][0] for row in projects if row.get("id", (None,))[0]}
    for items, into in ((indicators, by_project), (corrections, fixes)):
        for row in items:
            pid, where = row.get("project_id", (None, row["_row"][1]))
            if pid not in ids:
                diags.error(row["_row"][0], Message("import.xlsx.unknown_project", id=str(pid)), path=name, cell=where)
                continue
            position = row.get("position", (None,))[0]
            into[pid].append((position if position is not None else row["_row"][0], row["_row"][0], row))
    drafts = []
    seen: dict[str, str] = {}
    for row in projects:
        number, where = row["_row"]
        get = lambda key: row.get(key, (None,))[0]  # noqa: E731
        id_ = get("id") or ""
        if id_ in seen:
            diags.error(number, Message("import.xlsx.same_id", id=id_, first=seen[id_]), path=name, cell=row["id"][1])
            continue
        if id_:
            seen[id_] = row["id"][1]
        if get("year") is None:
            continue  # refused or missing: said
        if id_ and not by_project.get(id_):
            diags.error(number, Message("import.xlsx.no_indicators", id=id_), path=name, cell=row["id"][1])
        fields = {key: (str(get(key)) if not isinstance(get(key), dt.date) else get(key).isoformat(), number)
                  for key in ("title", "department", "implementing_unit", "nature", "category", "project_code",
                              "department_code", "start_date", "end_date", "series", "published", "updated")
                  if get(key) not in (None, "")}
        funds = {key: (get(key), number) for key in FUNDS_KEYS if get(key) is not None}
        rows = [_indicator(r, line) for _, line, r in sorted(by_project.get(id_, []), key=lambda x: (x[0], x[1]))]
        fixed = [(r["date"][0].isoformat(), str(r["what"][0]), str(r["why"][0]))
                 for _, _, r in sorted(fixes.get(id_, []), key=lambda x: (x[0], x[1]))
                 if all(r.get(k, (None,))[0] is not None for k in ("date", "what", "why"))]
        draft = Draft(name, number, get("year"), fields, funds, Goals(get("goal") or "", get("project_goal") or ""),
                      rows, note=get("notes") or "", id=id_, corrections=fixed, cell=where)
        if get("source_file") and get("source_sha256"):
            draft.origin = (get("source_file"), get("source_sha256"))
            draft.document = get("source") or ""
            draft.wan = get("source_unit") == "万元"
            pages = re.fullmatch(r"(\d+)(?:[-–](\d+))?", str(get("source_pages") or ""))
            if pages:
                draft.pages = (int(pages.group(1)), int(pages.group(2) or pages.group(1)))
        drafts.append(draft)
    return drafts


def _indicator(r: dict, line: int) -> Row:
    """An indicator row; its target as the form prints it ('≥330(台(套))') and its unit
    column ('台(套)') give the target's number and unit apart."""
    target, unit = _text(r, "target"), _text(r, "unit")
    if unit and target.endswith(f"({unit})"):
        target = target[:-len(unit) - 2]
    elif unit and target.endswith(unit):
        target = target[:-len(unit)]
    else:
        unit = ""
    return Row(_text(r, "level1"), _text(r, "level2"), _text(r, "name"), target, line, _text(r, "kind"),
               _text(r, "weight"), _text(r, "explanation"), _text(r, "scoring"), unit)


def _text(row: dict, key: str) -> str:
    value = row.get(key, (None,))[0]
    return "" if value is None else str(value)
