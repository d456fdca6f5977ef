"""A PDF's text layer, page by page, through pypdf (the optional ``pdf`` extra)."""

from __future__ import annotations

import io
import logging

from sitegen.importer.decode import Source, SourceError, split_lines, unify_radicals
from sitegen.importer.pages import FORM, NOT_PROJECTS, classify, meaning, pages_text, runs
from sitegen.messages import Message

INSTALL_HINT = Message("import.pdf.needs_pypdf")
PDF_TEXT_LAYER = "PDF text layer"  # a Source's encoding; the report says it in the publisher's language


def read_pdf_source(data: bytes, name: str) -> Source:
    """Extract the text of every page; pages are separated by a form feed, as pdftotext does."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise SourceError(1, INSTALL_HINT) from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceError(1, Message("import.pdf.encrypted"))
        pages = [_page_text(page, number) for number, page in enumerate(reader.pages, 1)]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise SourceError(1, Message("import.pdf.unreadable", reason=str(exc))) from None
    if not "".join(pages).strip():
        raise SourceError(1, Message("import.pdf.no_text"))
    pages = [unify_radicals(page) for page in pages]
    kinds = classify(pages)
    if FORM not in kinds:
        known = [kind for kind in NOT_PROJECTS if kind in kinds]
        if known:
            raise SourceError(1, Message("import.pdf.nothing_to_import", pages=pages_text(runs(kinds, known[0])),
                                         meaning=meaning(known[0])))
        raise SourceError(1, Message("import.pdf.no_form"))
    kept = [page if kind == FORM else "" for page, kind in zip(pages, kinds)]
    source = split_lines("\f".join(kept), name, PDF_TEXT_LAYER)
    source.form_pages = [n for n, kind in enumerate(kinds, 1) if kind == FORM]
    source.cover = pages[0]
    first_lines = [1]
    for page in kept[:-1]:
        first_lines.append(first_lines[-1] + page.count("\n") + 1)
    for kind in dict.fromkeys(k for k in kinds if k != FORM):
        ranges = runs(kinds, kind)
        source.notes.append((first_lines[ranges[0][0] - 1],
                             Message("import.pdf.skipped", pages=pages_text(ranges), meaning=meaning(kind))))
    return source


def read_pdf_tables(data: bytes, source: Source) -> list[tuple[int, list[str], list]]:
    """The ruled tables of the form pages (pdfplumber), with the lines printed outside
    them (a heading that names the project); [] when pdfplumber is not installed."""
    try:
        import pdfplumber
    except ImportError:
        return []
    from sitegen.importer.grid import page_grids
    out = []
    forms = set(source.form_pages)
    before = [n - 1 for n in source.form_pages if n > 1 and n - 1 not in forms]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number in sorted(forms | set(before)):
            page = pdf.pages[number - 1]
            tables = page.find_tables()
            if number not in forms:  # a form may start at the foot of the page before
                tables = _from_heading(tables)
                if not tables:
                    continue
            boxes = [t.bbox for t in tables]
            outside = page.filter(lambda o: not any(b[0] <= o.get("x0", 0) <= b[2] and b[1] <= o.get("top", 0) <= b[3]
                                                    for b in boxes))
            lines = [unify_radicals(line) for line in (outside.extract_text() or "").split("\n")]
            out.append((number, lines, page_grids(page, number, tables)))
    return out


def _from_heading(tables) -> list:
    """The tables that start with a form's heading (…绩效目标表)."""
    from sitegen.importer.labels import HEADING
    kept = []
    for table in tables:
        first = (table.extract() or [[]])[0]
        if kept or any(HEADING.search("".join((cell or "").split())) for cell in first):
            kept.append(table)
    return kept


class _Complaints(logging.Handler):
    """What pypdf logs while it reads a page: it logs a page it cannot decode, and
    gives its text as empty."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _page_text(page, number: int) -> str:
    complaints = _Complaints()
    logger = logging.getLogger("pypdf")
    logger.addHandler(complaints)
    try:
        text = page.extract_text() or ""
    except Exception as exc:  # pypdf raises many kinds on a damaged page
        raise SourceError(1, Message("import.pdf.page_unreadable", page=number,
                                     reason=f"{type(exc).__name__}: {exc}")) from None
    finally:
        logger.removeHandler(complaints)
    if not text.strip() and complaints.messages:
        raise SourceError(1, Message("import.pdf.page_unreadable", page=number, reason=complaints.messages[0]))
    return text
