"""A PDF of the seed printed by Chromium (as a publisher printing a web page or a
document to PDF would make one) imports to the same data as the seed's text. Chromium
writes some ideographs as CJK radicals (主管部⻔ with U+2ED4): they are read as the
ideographs they stand for."""

from __future__ import annotations

import html
import importlib.util

import pytest

from import_helpers import SEED, bundled_data, run_import, site_data


@pytest.mark.skipif(importlib.util.find_spec("pypdf") is None, reason="needs the pdf extra")
def test_the_seed_printed_by_chromium_imports_as_its_text(browser, tmp_path, capsys):
    page = browser.new_page()
    page.set_content("<!DOCTYPE html><meta charset='utf-8'><pre style=\"font-family:'Noto Sans CJK SC'\">"
                     f"{html.escape(SEED.read_text('utf-8'))}</pre>")
    pdf = tmp_path / "汇总表.pdf"
    pdf.write_bytes(page.pdf())
    page.close()
    from pypdf import PdfReader

    printed = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert any("\u2e80" <= ch <= "\u2fdf" for ch in printed)  # the case this test is about
    assert run_import(pdf, "--site", tmp_path / "site") == 0, capsys.readouterr().err
    assert site_data(tmp_path / "site") == bundled_data()
