"""Printing a project page to PDF, as a reader does: no page ends with a table's header
alone, and the printout says which site it is from and the page's address."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from sitegen.build import load
from tests.browser.conftest import REPO

HEADER = re.compile(r"一级指标\s*二级指标\s*三级指标")


def printed(visit, path: str, **options) -> list[str]:
    page = visit(path, **options).page
    page.emulate_media(media="print")
    # NFKC: the PDF's text names some ideographs by their radicals (⼼ for 心)
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]


@pytest.mark.parametrize("decl", load(REPO)[0].projects, ids=lambda d: d.id)
def test_the_indicator_tables_header_is_never_alone_at_a_pages_foot(visit, decl):
    pages = printed(visit, f"projects/{decl.id}/")
    starts = [i for i, text in enumerate(pages) if HEADER.search(text)]
    assert starts, "the indicator table is printed"
    names = [re.sub(r"\s", "", unicodedata.normalize("NFKC", i.name))[:4] for i in decl.indicators]
    for i in starts:  # a page that prints the header (it repeats) prints a row of the table under it
        after = re.sub(r"\s", "", HEADER.split(pages[i], 1)[1])
        assert any(name in after for name in names), f"page {i + 1} ends with the indicator table's header"


def test_the_printout_names_the_site_its_organizer_and_the_address(visit, site):
    pages = printed(visit, "projects/2024-jiguan-fuwu/")
    settings = load(REPO)[0].settings
    text = re.sub(r"\s", "", "".join(pages))
    assert re.sub(r"\s", "", settings.title) in text
    if settings.organizer:
        assert re.sub(r"\s", "", settings.organizer) in text
    assert f"{site.prefix}projects/2024-jiguan-fuwu/" in text.rsplit("2024年度项目绩效目标汇总表", 1)[1]  # at the end
