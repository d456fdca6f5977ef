"""A PDF's text layer, page by page, through pypdf (the optional ``pdf`` extra)."""

from __future__ import annotations

import io
import logging

from sitegen.importer.decode import Source, SourceError, split_lines

INSTALL_HINT = "reading PDF files needs pypdf: pip install 'sitegen[pdf]' (or pip install pypdf)"


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
            raise SourceError(1, "the PDF is encrypted; save an unprotected copy first")
        pages = [_page_text(page, number) for number, page in enumerate(reader.pages, 1)]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise SourceError(1, f"not a readable PDF ({exc})") from None
    text = "\f".join(pages)
    if not text.strip():
        raise SourceError(1, "the PDF has no text layer (a scan?); run OCR on it first")
    return split_lines(text, name, "PDF text layer")


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
        raise SourceError(1, f"page {number} cannot be read ({type(exc).__name__}: {exc}); "
                             "nothing was imported from this file") from None
    finally:
        logger.removeHandler(complaints)
    if not text.strip() and complaints.messages:
        raise SourceError(1, f"page {number} cannot be read ({complaints.messages[0]}); "
                             "nothing was imported from this file")
    return text
