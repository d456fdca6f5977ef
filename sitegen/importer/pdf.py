"""A PDF's text layer, page by page, through pypdf (the optional ``pdf`` extra)."""

from __future__ import annotations

import io

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
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise SourceError(1, f"not a readable PDF ({exc})") from None
    text = "\f".join(pages)
    if not text.strip():
        raise SourceError(1, "the PDF has no text layer (a scan?); run OCR on it first")
    return split_lines(text, name, "PDF text layer")
