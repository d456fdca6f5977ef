"""The download files of a build: CSV tables, JSON, and datapackage.json."""

from __future__ import annotations

import json
from typing import NamedTuple

from sitegen.frozen import release
from sitegen.i18n import translator
from sitegen.model import Site, project_url, public_url
from sitegen.opendata.records import project_record
from sitegen.opendata.tables import TABLES, TEXT_ESCAPE, CsvText, csv_prefix
from sitegen.opendata.workbook import WORKBOOK
from sitegen.cache import Fragments

# A project's JSON line and its lines of each table (project_part)
Part = tuple[bytes, tuple[bytes, ...]]

PACKAGE = "datapackage.json"
PROJECTS_JSON = "data/projects.json"
DATA_PAGE_URL = "data/"


def json_bytes(value: object) -> bytes:
    """Indented, for the small descriptor."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _compact(value: object) -> str:
    # The C encoder: indenting would take Python's pure encoder, four times slower
    # (seconds for 10,000 projects). Records are one line each instead.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def project_json_path(decl) -> str:
    """Beside the project's page: projects/<id>/index.json."""
    return project_url(decl) + "index.json"


def descriptor(site: Site) -> dict:
    """datapackage.json: a Frictionless Tabular Data Package describing the CSV tables."""
    t = translator(site.settings.language)
    package: dict = {
        "profile": "tabular-data-package",
        "name": "budget-performance-targets",
        "title": site.settings.title,
    }
    if site.settings.description:
        package["description"] = site.settings.description
    if site.settings.origin:
        package["homepage"] = public_url(site.settings, "")
    package["resources"] = [
        {"name": table.name, "path": table.path, "title": t(f"data.table.{table.name}"),
         "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
         "encoding": "utf-8", "description": t("data.text_escape"),
         "sitegen:textEscape": TEXT_ESCAPE, "schema": table.schema(t)}
        for table in TABLES
    ]
    return package


def part_key(decl, settings) -> tuple[str, str] | None:
    """What a project's part of the data files is made from: its file's digest and its
    page's address (declarations made in code have no digest: no key)."""
    return (decl.digest, public_url(settings, project_url(decl))) if decl.digest else None


def ident(decl, settings) -> tuple:
    """What a project's part is made from, for a declaration made in code too (the
    workbook's keys: opendata.workbook.plan)."""
    return part_key(decl, settings) or (repr(decl), public_url(settings, project_url(decl)))


def project_part(decl, settings) -> Part:
    """A project's part of the data files (see record_part)."""
    record = project_record(decl, settings)
    release(decl)  # every project is read once: do not hold all their detail
    return record_part(record)


def record_part(record: dict) -> Part:
    """A project's part of the data files, in UTF-8: its JSON record
    (projects/<id>/index.json, a line of data/projects.json) and its lines of each
    CSV table. (Bytes, not text: kept for the next build, they load faster without
    decoding, and are joined without encoding.)"""
    return _compact(record).encode("utf-8"), tuple(lines.encode("utf-8") for lines in _CSV.lines(record))


_CSV = CsvText()


def project_json(line: bytes) -> bytes:
    """projects/<id>/index.json: made beside the project's page (see build)."""
    return line + b"\n"


class Frame(NamedTuple):
    """How a whole-site data file joins the projects' parts (the n-th of each part,
    n = 0 for the JSON line, then one per table): prefix, parts, separator, suffix."""

    path: str
    n: int
    prefix: bytes
    separator: bytes
    suffix: bytes


def frames(site: Site) -> list[Frame]:
    """How each whole-site data file is joined: data/projects.json, then each table."""
    head = _compact({"title": site.settings.title, "project_count": len(site.projects),
                     "totals_by_year": [{"year": y.year, "project_count": y.count, "total_requested": f"{y.total:.2f}"}
                                        for y in site.year_totals]})[:-1]
    # One project a line: valid JSON that a person can still read and diff.
    return [Frame(PROJECTS_JSON, 0, (head + ',"projects":[\n').encode("utf-8"), b",\n", b"\n]}\n")] + [
        Frame(table.path, n, csv_prefix(_CSV.header(table)), b"", b"") for n, table in enumerate(TABLES, 1)]


def data_files(site: Site, memo: Fragments | None = None) -> list[tuple[str, bytes]]:
    """The whole-site downloads but the workbook (opendata.workbook): data/projects.json,
    the CSV tables, datapackage.json. Each project's part is taken from ``memo`` (kept from the last build, or made by
    the page workers beside its JSON file) or made here (and noted in ``memo.added``);
    ``memo`` is left holding just this build's parts."""
    parts: list[Part] = []
    keys = []
    for decl in site.projects:
        key = part_key(decl, site.settings)
        part = memo.get(key) if memo is not None and key else None
        if part is None:
            part = project_part(decl, site.settings)
            if memo is not None and key:
                memo.add(key, part)
        keys.append(key)
        parts.append(part)
    if memo is not None:
        memo.keep_only(keys)
    files = [(f.path, b"".join([f.prefix, f.separator.join(_nth(parts, f.n)), f.suffix])) for f in frames(site)]
    files.append((PACKAGE, json_bytes(descriptor(site))))
    return files


def _nth(parts: list[Part], n: int) -> list[bytes]:
    return [part[0] for part in parts] if n == 0 else [part[1][n - 1] for part in parts]


def data_view(site: Site) -> dict:
    """The downloads page (data/): every file, and every column of every table."""
    t = translator(site.settings.language)
    return {
        "package": PACKAGE,
        "workbook": WORKBOOK,
        "projects_json": PROJECTS_JSON,
        "project_count": len(site.projects),
        "indicator_count": site.indicator_count,
        "correction_count": sum(len(d.corrections) for d in site.projects),
        "example_json": project_json_path(site.projects[0]) if site.projects else None,
        "tables": [{"name": table.name, "path": table.path, "title": t(f"data.table.{table.name}"),
                    "columns": [{"name": c.name, "type": c.type, "title": t(f"column.{c.name}"),
                                 "required": c.required, "unit": c.unit} for c in table.columns]}
                   for table in TABLES],
    }
