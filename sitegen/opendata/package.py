"""The download files of a build: CSV tables, JSON, and datapackage.json."""

from __future__ import annotations

import json
from typing import Iterator

from sitegen.i18n import translator
from sitegen.model import Site, project_url, public_url
from sitegen.opendata.records import project_record
from sitegen.opendata.tables import TABLES, CsvText, csv_file
from sitegen.state import Fragments

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
         "encoding": "utf-8", "schema": table.schema(t)}
        for table in TABLES
    ]
    return package


def data_files(site: Site, memo: Fragments | None = None) -> Iterator[tuple[str, bytes]]:
    """Every download, in one pass over the projects. Each project's part of the files
    (its JSON and its CSV lines) is made once; ``memo`` keeps the parts between builds,
    by file digest and page address, so a rebuild after one edit encodes one project.
    Records are dropped once encoded."""
    csv_text = CsvText()
    parts: list[tuple[str, tuple[str, ...]]] = []
    kept: dict = {}
    made = 0
    for decl in site.projects:
        url = public_url(site.settings, project_url(decl))
        key = (decl.digest, url) if decl.digest else None  # declarations made in code have no digest
        part = memo.get(key) if memo is not None and key else None
        if part is None:
            record = project_record(decl, site.settings)
            part = (_compact(record), csv_text.lines(record))
            made += 1
        if memo is not None and key:
            kept[key] = part
        parts.append(part)
        yield project_json_path(decl), (part[0] + "\n").encode("utf-8")
    if memo is not None:  # only what this build used: edited and deleted projects drop out
        memo.changed = made > 0 or len(kept) != len(memo)
        memo.clear()
        memo.update(kept)
    head = _compact({"title": site.settings.title, "project_count": len(parts),
                     "total_requested": f"{site.total:.2f}"})[:-1]
    # One project a line: valid JSON that a person can still read and diff.
    yield PROJECTS_JSON, (head + ',"projects":[\n' + ",\n".join(text for text, _ in parts) + "\n]}\n").encode("utf-8")
    for n, table in enumerate(TABLES):
        yield table.path, csv_file(csv_text.header(table), (lines[n] for _, lines in parts))
    yield PACKAGE, json_bytes(descriptor(site))


def data_view(site: Site) -> dict:
    """The downloads page (data/): every file, and every column of every table."""
    t = translator(site.settings.language)
    return {
        "package": PACKAGE,
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
