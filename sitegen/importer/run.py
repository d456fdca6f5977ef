"""``sitegen import`` as one readable function: read -> extract -> plan -> verify -> write.

All or nothing: when any source has an error, or a file would be overwritten without
--force, nothing is written at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.diagnostics import Diagnostics, display_path
from sitegen.importer import files
from sitegen.importer.cells import Cell
from sitegen.importer.decode import Source, SourceError, read_text_source
from sitegen.importer.extract import Draft, extract
from sitegen.importer.pdf import read_pdf_source, read_pdf_tables
from sitegen.importer.tables import cover_facts, drafts_of, read_tables
from sitegen.importer.workbook import read_workbook
from sitegen.messages import Message


@dataclass
class SourceResult:
    name: str
    encoding: str = ""
    drafts: list[Draft] = field(default_factory=list)
    unused: list[Cell] = field(default_factory=list)


@dataclass
class Outcome:
    sources: list[SourceResult]
    planned: list[files.Planned]
    diags: Diagnostics  # errors stop the import; warnings are reported
    dry_run: bool = False
    written: list[files.Planned] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.diags.errors


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(0, Message("import.cannot_read", reason=exc.strerror)) from None


def read_source(path: Path) -> tuple[Source, bytes]:
    """A text file in any of the supported encodings, or a PDF's text layer; and the bytes."""
    name = display_path(path)
    data = read_bytes(path)
    if is_pdf(path, data):
        return read_pdf_source(data, name), data
    return read_text_source(data, name), data


def is_pdf(path: Path, data: bytes) -> bool:
    return path.suffix.lower() == ".pdf" or data.startswith(b"%PDF-")


def import_files(paths: list[Path], site_dir: Path, year: int | None = None,
                 dry_run: bool = False, force: bool = False, department: str | None = None) -> Outcome:
    diags = Diagnostics()
    results = [_read_one(path, year, department, diags) for path in paths]
    drafts = [d for r in results for d in r.drafts]
    outcome = Outcome(results, [], diags, dry_run)
    for folder in (site_dir, site_dir / "content"):
        if folder.exists() and not folder.is_dir():
            diags.error(0, Message("import.site_is_file"), path=display_path(folder))
    if diags.errors:
        return outcome
    outcome.planned = files.plan(drafts, site_dir / "content", diags)
    for item in outcome.planned:
        if item.state == files.CHANGED and not force:
            diags.error(0, Message("import.exists_differs"), path=item.shown)
    if diags.errors or dry_run:
        return outcome
    changed = [item for item in outcome.planned if item.state != files.UNCHANGED]
    failed = files.write_all(changed)
    if failed is not None:
        item, why, written = failed
        diags.error(0, Message("import.cannot_write", reason=why), path=item.shown)
        outcome.written = changed[:written]
        return outcome
    outcome.written = changed
    return outcome


def _read_one(path: Path, year: int | None, department: str | None, diags: Diagnostics) -> SourceResult:
    result = SourceResult(display_path(path))
    if path.suffix.lower() in (".xls", ".et", ".ods"):  # other spreadsheets: said, not read as text
        diags.error(0, Message("import.xlsx.other_format", suffix=path.suffix), path=result.name)
        return result
    try:
        if path.suffix.lower() == ".xlsx":
            result.encoding = "xlsx"
            result.drafts = read_workbook(read_bytes(path), result.name, diags)
            return result
        source, data = read_source(path)
    except SourceError as exc:
        diags.error(exc.line, exc.message, path=result.name)
        return result
    result.encoding = source.encoding
    for line, note in source.notes:
        diags.warning(line, note, path=source.name)
    source_diags = Diagnostics(source.name)
    if source.form_pages:
        tables = read_pdf_tables(data, source)
        reading = read_tables(tables, cover_facts(source.cover))
        if reading.forms:
            result.drafts = drafts_of(reading, source.name, year, department, source_diags)
            for column in sorted(reading.not_kept):
                source_diags.warning(0, Message("import.column_not_kept", column=column))
            diags.extend(source_diags)
            return _with_origin(result, path, data)
    extraction = extract(source, year, source_diags)
    diags.extend(source_diags)
    result.drafts, result.unused = extraction.drafts, extraction.unused
    return _with_origin(result, path, data) if is_pdf(path, data) else result


def _with_origin(result: SourceResult, path: Path, data: bytes) -> SourceResult:
    """A PDF's declarations say which file they came from (a text is an extraction of one)."""
    origin = (path.name, hashlib.sha256(data).hexdigest())
    for draft in result.drafts:
        draft.origin = origin
    return result
