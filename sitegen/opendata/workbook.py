"""data/projects.xlsx: the CSV tables as one workbook for Excel and WPS readers.

Its sheets are the CSV tables (``tables.TABLES``, the same columns in the same order,
each with its Chinese title under a hidden row of its key), a sheet per year when
the site has several, and a sheet that explains every column. The projects sheet
adds the declaration's notes (its Markdown body), so that a workbook carries every
key of the content format and ``sitegen import`` can read a site back from it.

The projects are cut into pieces of a few hundred (``plan``), and each piece's rows are
compressed apart in each sheet, keyed by what they show (``Slot``): the page workers
make them beside the projects' JSON files, a build after an edit only the pieces that
changed, and ``workbook_file`` joins them all. The writer is ``sitegen.xlsx``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from itertools import zip_longest
from typing import MutableMapping, NamedTuple, Sequence

from sitegen import deflate, xlsx
from sitegen.deflate import Segment
from sitegen.frozen import release
from sitegen.i18n import Translator, translator
from sitegen.schema import CATEGORIES, LEVELS
from sitegen.opendata.records import project_record
from sitegen.opendata.tables import CORRECTIONS, INDICATORS, PROJECTS, TABLES, Column, rows

WORKBOOK = "data/projects.xlsx"
NOTES = Column("notes", "string", operator.itemgetter("notes"))
SHEET_COLUMNS: tuple[tuple[Column, ...], ...] = (PROJECTS + (NOTES,), INDICATORS, CORRECTIONS)
SHEET_KEYS = ("projects", "indicators", "corrections")  # the sheets' names: t("workbook.sheet.<key>")
CODES = frozenset({"id", "project_id", "project_code", "department_code", "series", "source_sha256"})
_WIDE = {"title": 36, "goal": 48, "project_goal": 48, "notes": 48, "name": 28, "department": 24,
         "implementing_unit": 24, "url": 40, "source": 28, "explanation": 32, "scoring": 32, "what": 36, "why": 36}


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


# A project's rows of each sheet's table (xlsx.Rows templates, their numbers left open).
ProjectRows = tuple[tuple[bytes, ...], ...]

PIECE = 256  # projects a piece of the workbook holds (fewer where the year changes)


class _Maker:
    def __init__(self) -> None:
        self.rows = [xlsx.Rows([xlsx.Column(c.name, "", kind(c)) for c in columns]) for columns in SHEET_COLUMNS]
        self.getters = [[c.get for c in columns] for columns in SHEET_COLUMNS]

    def rows_of(self, record: dict) -> ProjectRows:
        """The record's values as they are (amounts and dates as exact text: the writer
        takes them so)."""
        return tuple(tuple(make([get(row) for get in getters]) for row in rows(table, record))
                     for table, make, getters in zip(TABLES, self.rows, self.getters))


_MAKER = _Maker()


def project_rows(record: dict) -> ProjectRows:
    """A project's rows of the workbook, from its open-data record."""
    return _MAKER.rows_of(record)


def row_counts(decl) -> tuple[int, int, int]:
    """How many rows a declaration has in each table (what rows() gives for its record)."""
    return 1, decl.indicator_count, len(decl.corrections)


class Slot(NamedTuple):
    """A piece's rows in one sheet: those of table ``table``, numbered from ``first``.
    ``key``: a digest of what they show (the table, the first number and each project's
    part key, see package.part_key): equal keys, equal bytes."""

    sheet: int
    table: int
    first: int
    key: str


class Piece(NamedTuple):
    """site.projects[start:end], compressed apart in each sheet it is in (deflate)."""

    start: int
    end: int
    slots: tuple[Slot, ...]


class SheetPlan(NamedTuple):
    name: str
    table: int
    start: int  # its projects: site.projects[start:end]
    end: int
    rows: int


class Plan(NamedTuple):
    """Where every project's rows go in the workbook."""

    sheets: tuple[SheetPlan, ...]
    pieces: tuple[Piece, ...]
    urls: tuple[str, ...]  # each project's address (its link in the sheets)


def plan(site, idents: Sequence) -> Plan:
    """The workbook's sheets and pieces; ``idents``: each project's package.ident (what
    its rows are made from, its address last), in the site's order."""
    t = translator(site.settings.language)
    projects = site.projects
    bounds, start = [], 0
    for i in range(1, len(projects) + 1):
        if i == len(projects) or i - start == PIECE or projects[i].year != projects[start].year:
            bounds.append((start, i))
            start = i
    sheets = [SheetPlan(t(f"workbook.sheet.{key}"), n, 0, len(projects), 0) for n, key in enumerate(SHEET_KEYS)]
    years = [(start, end) for start, end in bounds if start == 0 or projects[start - 1].year != projects[start].year]
    if len(years) > 1:  # a sheet per year: the year's projects are a run of the site's order (newest first)
        ends = [start for start, _ in years[1:]] + [len(projects)]
        for (start, _), end in zip(years, ends):
            sheets.append(SheetPlan(t("workbook.sheet.year", year=projects[start].year), 0, start, end, 0))
    first = [xlsx.FIRST_ROW] * len(sheets)
    pieces = []
    for start, end in bounds:
        counts = [sum(c) for c in zip(*(row_counts(d) for d in projects[start:end]))]
        slots = []
        for k, sheet in enumerate(sheets):
            if sheet.start <= start < sheet.end:
                key = hashlib.sha1(repr((sheet.table, first[k], idents[start:end])).encode()).hexdigest()
                slots.append(Slot(k, sheet.table, first[k], key))
                first[k] += counts[sheet.table]
        pieces.append(Piece(start, end, tuple(slots)))
    sheets = [s._replace(rows=first[k] - xlsx.FIRST_ROW) for k, s in enumerate(sheets)]
    return Plan(tuple(sheets), tuple(pieces), tuple(ident[-1] for ident in idents))


def piece_segments(piece: Piece, slots: Sequence[Slot], made: Sequence[ProjectRows]) -> list[tuple[str, Segment]]:
    """The ``slots`` of ``piece`` compressed, from its projects' rows."""
    return [(slot.key, deflate.segment(xlsx.numbered([r for rows in made for r in rows[slot.table]], slot.first)))
            for slot in slots]


def _rows_here(decl, settings) -> ProjectRows:
    rows = project_rows(project_record(decl, settings))
    release(decl)
    return rows


def workbook_file(site, book: Plan, segments: MutableMapping[str, Segment]) -> bytes:
    """The workbook of the site's projects from every piece's compressed rows: those
    ``segments`` has (by slot key: the page workers made them, or the last build), the
    others made here and added. ``segments`` is left holding only this build's."""
    for piece in book.pieces:
        missing = [slot for slot in piece.slots if slot.key not in segments]
        if missing:
            segments.update(piece_segments(piece, missing, [_rows_here(d, site.settings)
                                                            for d in site.projects[piece.start:piece.end]]))
    used = {slot.key for piece in book.pieces for slot in piece.slots}
    for key in [key for key in segments if key not in used]:
        del segments[key]
    t = translator(site.settings.language)
    columns = sheet_columns(t)
    by_sheet: list[list[Segment]] = [[] for _ in book.sheets]
    for piece in book.pieces:
        for slot in piece.slots:
            by_sheet[slot.sheet].append(segments[slot.key])
    sheets = [xlsx.Sheet(s.name, columns[s.table], pieces=by_sheet[k], count=s.rows,
                         links=book.urls[s.start:s.end] if s.table == 0 else ())
              for k, s in enumerate(book.sheets)]
    names = [s.name for s in book.sheets[:len(SHEET_KEYS)]]
    sheets.append(notes_sheet(t, names, columns))
    return xlsx.workbook(sheets, site.settings.title, document_date(site.projects), font=t("workbook.font"))


TEMPLATE = "申报表模板.xlsx"
_TEMPLATE_ROWS = 2000  # rows of the template's sheets that offer the choices


def template_file(language: str, url: str, part: ProjectRows) -> bytes:
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

    sheets = [xlsx.Sheet(names[0], columns[0], [part[0][0]], [url],
                         choices={at(0, "category"): (source(2), False)}, choice_rows=_TEMPLATE_ROWS),
              xlsx.Sheet(names[1], columns[1], list(part[1]),
                         choices={at(1, "level1"): (source(0), True), at(1, "level2"): (source(1), True)},
                         choice_rows=_TEMPLATE_ROWS * 10),
              xlsx.Sheet(names[2], columns[2], list(part[2])),
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


def document_date(projects) -> dt.datetime:
    """The workbook's own date: the latest date the declarations give (reproducible)."""
    day = max((d for p in projects for d in (p.published, p.updated) if d), default=dt.date(1980, 1, 1))
    return dt.datetime(day.year, day.month, day.day)
