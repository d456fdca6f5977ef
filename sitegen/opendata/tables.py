"""The CSV tables and their Table Schemas, from one list of columns per table.

Each ``Column`` says its name (the CSV header: the content format's key, so scripts
can rely on it, whatever the site's language), its Table Schema type, whether it is
required, its unit, and how to read it from a record (``records.project_record``).
The CSV writer and datapackage.json are both made from these lists, so the files and
their description cannot disagree.
"""

from __future__ import annotations

import csv
import io
import operator
from dataclasses import dataclass
from typing import Callable, Iterable

from sitegen.i18n import Translator
from sitegen import fields as F
from sitegen.schema import FUNDS_KEYS, FUNDS_REQUIRED, ID_PATTERN

BOM = "\ufeff"  # so that Excel opens the UTF-8 file with the Chinese intact

# A text cell that Excel or WPS would take for a formula (=100.00(%), +86, @SUM, a
# leading tab or CR) gets one apostrophe in front, as does a cell that starts with an
# apostrophe, so that a reader undoes it exactly: drop the first ' of a text cell that
# starts with one. Declared in datapackage.json (TEXT_ESCAPE) and on the data page.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
ESCAPED_STARTS = (*FORMULA_STARTS, ESCAPE)
TEXT_ESCAPE = {"prefix": ESCAPE, "startsWith": list(ESCAPED_STARTS)}


def spreadsheet_safe(value: object) -> object:
    """A text cell as a spreadsheet shows it, not runs it (see FORMULA_STARTS)."""
    if isinstance(value, str) and value.startswith(ESCAPED_STARTS):
        return ESCAPE + value
    return value


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number, date, year
    get: Callable[[dict], object]
    required: bool = False
    unit: str | None = None
    pattern: str | None = None
    minimum: int | None = None

    def field(self, t: Translator) -> dict:
        """The Table Schema field descriptor; its title in the site's language."""
        f: dict = {"name": self.name, "type": self.type, "title": t(f"column.{self.name}")}
        if self.unit:
            f["unit"] = self.unit  # not a Table Schema property; tools keep and show it
            f["description"] = t(f"unit.{self.unit}")
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.pattern:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if constraints:
            f["constraints"] = constraints
        return f


_ID = ID_PATTERN.pattern  # unanchored, as Table Schema patterns are


def _key(name: str) -> Callable[[dict], object]:
    return operator.itemgetter(name)


def _amount(name: str) -> Column:
    return Column(name, "number", lambda r: r["funds"][name],
                  required=name in FUNDS_REQUIRED, unit="CNY", minimum=0)


def _project_columns() -> Iterable[Column]:
    """projects.csv: a column per key of the content format, in its order."""
    for f in F.DECLARATION:
        if f.kind == F.FUNDS:
            yield from (_amount(k) for k in FUNDS_KEYS)
        elif f.kind == F.INDICATORS:
            yield Column("indicator_count", "integer", lambda r: len(r["indicators"]), required=True, minimum=1)
        elif f.kind == F.CORRECTIONS:
            yield Column("correction_count", "integer", lambda r: len(r["corrections"]), required=True,
                         minimum=0)
        elif f.kind == F.SOURCE:
            yield from (Column(F.column_name(F.SOURCE_FIELDS, s), "string",
                               lambda r, k=s.key: (r["source"] or {}).get(k)) for s in F.SOURCE_FIELDS)
        else:
            yield Column(f.key, f.column or "string", _key(f.key), required=f.required or f.kind == F.ID,
                         pattern=_ID if f.kind in (F.ID, F.SERIES) else None)
    yield Column("url", "string", _key("url"), required=True)


def _item_columns(fields: tuple[F.Field, ...]) -> Iterable[Column]:
    """A child table's columns (rows are (project record, its item, position from 1))."""
    yield Column("project_id", "string", lambda r: r[0]["id"], required=True, pattern=_ID)
    yield Column("position", "integer", lambda r: r[2], required=True, minimum=1)
    for f in fields:
        yield Column(f.key, f.column or "string", lambda r, k=f.key: r[1][k], required=f.required)
        if f.key == "target":  # the target read as comparison, number and unit
            yield Column("comparison", "string", lambda r: r[1]["comparison"])
            yield Column("value", "number", lambda r: r[1]["value"])


PROJECTS: tuple[Column, ...] = tuple(_project_columns())
INDICATORS: tuple[Column, ...] = tuple(_item_columns(F.INDICATOR_FIELDS))
CORRECTIONS: tuple[Column, ...] = tuple(_item_columns(F.CORRECTION_FIELDS))


@dataclass(frozen=True)
class Table:
    name: str  # the resource name in datapackage.json; its title is t("data.table.<name>")
    path: str  # in the output
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict, ...] = ()

    def schema(self, t: Translator) -> dict:
        s: dict = {"fields": [c.field(t) for c in self.columns],
                   "primaryKey": list(self.primary_key) if len(self.primary_key) > 1 else self.primary_key[0]}
        if self.foreign_keys:
            s["foreignKeys"] = list(self.foreign_keys)
        return s


_TO_PROJECT = {"fields": "project_id", "reference": {"resource": "projects", "fields": "id"}}
TABLES: tuple[Table, ...] = (
    Table("projects", "data/projects.csv", PROJECTS, ("id",)),
    Table("indicators", "data/indicators.csv", INDICATORS,
          ("project_id", "position"), (_TO_PROJECT,)),
    Table("corrections", "data/corrections.csv", CORRECTIONS,
          ("project_id", "position"), (_TO_PROJECT,)),
)


def rows(table: Table, record: dict) -> Iterable:
    """The table's rows for one project's record."""
    if table.name == "projects":
        return (record,)
    items = "indicators" if table.name == "indicators" else "corrections"
    return ((record, item, k) for k, item in enumerate(record[items], 1))


class CsvText:
    """The CSV lines of the tables, a project at a time: RFC 4180, CRLF line ends."""

    def __init__(self) -> None:
        self.out = io.StringIO(newline="")
        self.writer = csv.writer(self.out, lineterminator="\r\n")
        self.getters = [[_escaped(c.get) if c.type == "string" else c.get for c in table.columns]
                        for table in TABLES]

    def header(self, table: Table) -> str:
        return self._text([[c.name for c in table.columns]])

    def lines(self, record: dict) -> tuple[str, ...]:
        """Each table's lines for one project's record (its part of each file)."""
        # None is an empty cell (csv writes None as ''); everything else as str() writes it.
        return tuple(self._text([get(row) for get in getters] for row in rows(table, record))
                     for table, getters in zip(TABLES, self.getters))

    def _text(self, table_rows) -> str:
        self.out.seek(0)
        self.out.truncate()
        self.writer.writerows(table_rows)
        return self.out.getvalue()


def _escaped(get: Callable[[dict], object]) -> Callable[[dict], object]:
    return lambda row: spreadsheet_safe(get(row))


def csv_prefix(header: str) -> bytes:
    """What a CSV file starts with: UTF-8 with a byte-order mark, as Excel expects."""
    return (BOM + header).encode("utf-8")
