"""data/projects.xlsx: the CSV tables as one workbook for Excel and WPS readers.

Its sheets are the CSV tables (``tables.TABLES``, the same columns in the same order,
each with its Chinese title under a hidden row of its key), a sheet per year when
the site has several, and a sheet that explains every column. The projects sheet
adds the declaration's notes (its Markdown body), so that a workbook carries every
key of the content format and ``sitegen import`` can read a site back from it.

A project's rows are made once, beside its CSV lines (``project_rows``), and placed
by ``workbook_file``; the writer is ``sitegen.xlsx``.
"""

from __future__ import annotations

import datetime as dt
import operator
from itertools import zip_longest
from typing import Sequence

from sitegen import xlsx
from sitegen.i18n import Translator, translator
from sitegen.schema import CATEGORIES, LEVELS
from sitegen.opendata.tables import CORRECTIONS, INDICATORS, PROJECTS, TABLES, Column, rows

WORKBOOK = "data/projects.xlsx"
NOTES = Column("notes", "string", operator.itemgetter("notes"))
SHEET_COLUMNS: tuple[tuple[Column, ...], ...] = (PROJECTS + (NOTES,), INDICATORS, CORRECTIONS)
SHEET_KEYS = ("projects", "indicators", "corrections")  # the sheets' names: t("workbook.sheet.<key>")
CODES = frozenset({"id", "project_id", "project_code", "department_code", "series", "source_sha256"})
_WIDE = {"title": 36, "goal": 48, "project_goal": 48, "notes": 48, "name": 28, "department": 24,
         "implementing_unit": 24, "url": 40, "source": 28, "explanation": 32, "scoring": 32, "what": 36, "why": 36}


# A project's part of the workbook: its page's address, its latest date (ISO, or None),
# and its rows of each sheet (xlsx.Rows templates). A plain tuple: the cache keeps it.
XlsxPart = tuple[str, "str | None", tuple[tuple[bytes, ...], ...]]


def kind(column: Column) -> str:
    """How the workbook writes a table's column."""
    if column.name == "url":
        return xlsx.LINK
    if column.name in CODES:
        return xlsx.CODE
    if column.unit == "CNY":
        return xlsx.AMOUNT
    return {"date": xlsx.DATE, "integer": xlsx.INTEGER, "year": xlsx.INTEGER, "number": xlsx.NUMBER}.get(
        column.type, xlsx.TEXT)


def _width(column: Column) -> float:
    k = kind(column)
    return _WIDE.get(column.name) or {xlsx.AMOUNT: 18, xlsx.DATE: 12, xlsx.INTEGER: 10, xlsx.CODE: 16}.get(k, 14)


def sheet_columns(t: Translator) -> list[list[xlsx.Column]]:
    return [[xlsx.Column(c.name, t(f"column.{c.name}"), kind(c), _width(c)) for c in columns]
            for columns in SHEET_COLUMNS]


class _Maker:
    def __init__(self) -> None:
        self.rows = [xlsx.Rows([xlsx.Column(c.name, "", kind(c)) for c in columns]) for columns in SHEET_COLUMNS]
        self.getters = [[c.get for c in columns] for columns in SHEET_COLUMNS]

    def part(self, record: dict) -> XlsxPart:
        """The record's values as they are (amounts and dates as exact text: the writer
        takes them so)."""
        sheets = tuple(tuple(make([get(row) for get in getters]) for row in rows(table, record))
                       for table, make, getters in zip(TABLES, self.rows, self.getters))
        day = max((d for d in (record["published"], record["updated"]) if d), default=None)
        return record["url"], day, sheets


_MAKER = _Maker()


def project_rows(record: dict) -> XlsxPart:
    """A project's rows of the workbook, from its open-data record."""
    return _MAKER.part(record)


def workbook_file(site, parts: Sequence[XlsxPart], memo: dict | None = None) -> bytes:
    """The workbook of the site's projects (``parts`` in the site's order); ``memo``:
    see xlsx.workbook."""
    t = translator(site.settings.language)
    columns = sheet_columns(t)
    names = [t(f"workbook.sheet.{key}") for key in SHEET_KEYS]
    sheets = [xlsx.Sheet(names[0], columns[0], [p[2][0][0] for p in parts], [p[0] for p in parts])]
    for n in (1, 2):
        sheets.append(xlsx.Sheet(names[n], columns[n], [row for p in parts for row in p[2][n]]))
    years = sorted({d.year for d in site.projects}, reverse=True)
    if len(years) > 1:
        for year in years:
            mine = [p for p, d in zip(parts, site.projects) if d.year == year]
            sheets.append(xlsx.Sheet(t("workbook.sheet.year", year=year), columns[0],
                                     [p[2][0][0] for p in mine], [p[0] for p in mine]))
    sheets.append(notes_sheet(t, names, columns))
    return xlsx.workbook(sheets, site.settings.title, document_date(parts), font=t("workbook.font"), memo=memo)


TEMPLATE = "申报表模板.xlsx"
_TEMPLATE_ROWS = 2000  # rows of the template's sheets that offer the choices


def template_file(language: str, part: XlsxPart) -> bytes:
    """申报表模板.xlsx: the workbook's sheets with one example declaration, lists to
    choose 一级/二级指标 and 项目类别 from, and the notes sheet."""
    t = translator(language)
    columns = sheet_columns(t)
    names = [t(f"workbook.sheet.{key}") for key in SHEET_KEYS]
    lists = [("level1", tuple(LEVELS)), ("level2", tuple(dict.fromkeys(v for vs in LEVELS.values() for v in vs))),
             ("category", CATEGORIES)]
    choices_name = t("workbook.sheet.choices")
    head = [xlsx.Column(key, t(f"column.{key}"), width=20) for key, _ in lists]
    make = xlsx.Rows(head)
    choices = xlsx.Sheet(choices_name, head, [make(row) for row in zip_longest(*(v for _, v in lists))],
                         hidden=True, keys=False, freeze=False)

    def source(n: int) -> str:
        letter = xlsx.column_letter(n)
        return f"{xlsx.quoted_sheet(choices_name)}!${letter}$2:${letter}${len(lists[n][1]) + 1}"

    def at(sheet: int, key: str) -> int:
        return [c.key for c in columns[sheet]].index(key)

    sheets = [xlsx.Sheet(names[0], columns[0], [part[2][0][0]], [part[0]],
                         choices={at(0, "category"): (source(2), False)}, choice_rows=_TEMPLATE_ROWS),
              xlsx.Sheet(names[1], columns[1], list(part[2][1]),
                         choices={at(1, "level1"): (source(0), True), at(1, "level2"): (source(1), True)},
                         choice_rows=_TEMPLATE_ROWS * 10),
              xlsx.Sheet(names[2], columns[2], list(part[2][2])),
              notes_sheet(t, names, columns), choices]
    return xlsx.workbook(sheets, t("workbook.template_title"), dt.datetime(1980, 1, 1), font=t("workbook.font"))


def notes_sheet(t: Translator, names: list[str], columns: list[list[xlsx.Column]]) -> xlsx.Sheet:
    """What each column holds, for the person who opens the file."""
    head = [xlsx.Column("sheet", t("workbook.notes.sheet"), width=12),
            xlsx.Column("title", t("workbook.notes.title"), width=24),
            xlsx.Column("key", t("workbook.notes.key"), xlsx.CODE, 20),
            xlsx.Column("format", t("workbook.notes.format"), width=60)]
    make = xlsx.Rows(head)
    body = [make([name, c.title, c.key, t(f"workbook.format.{c.kind}")])
            for name, cols in zip(names, columns) for c in cols]
    return xlsx.Sheet(t("workbook.sheet.notes"), head, body, keys=False)


def document_date(parts: Sequence[XlsxPart]) -> dt.datetime:
    """The workbook's own date: the latest date the declarations give (reproducible)."""
    day = dt.date.fromisoformat(max((p[1] for p in parts if p[1]), default="1980-01-01"))
    return dt.datetime(day.year, day.month, day.day)
