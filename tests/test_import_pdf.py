"""sitegen import on a PDF: a CJK PDF made here, read through pypdf (the 'pdf' extra).

The PDF is written by a few lines below rather than by a PDF library: a Type0 font
with the predefined CMap UniGB-UCS2-H (Adobe-GB1, the encoding of the standard
Chinese fonts every PDF reader provides) needs no embedded font file, so the test
needs no font and no extra dependency, and its text layer is real CJK text.
Each declaration of the seed is one page; every table cell is placed on its own.
"""

from __future__ import annotations

import builtins
import importlib.util
import re

import pytest

from import_helpers import SEED, bundled_data, run_import, site_data

needs_pypdf = pytest.mark.skipif(
    importlib.util.find_spec("pypdf") is None,
    reason="reading PDFs needs the optional extra: pip install -e '.[pdf]'")


def _text(cell: str) -> bytes:
    return b"<" + cell.encode("utf-16-be").hex().encode() + b">"


def _page(lines: list[str]) -> bytes:
    """Each cell at its own position, as a table's cells are laid out."""
    ops, y = [b"BT /F1 9 Tf"], 810
    for line in lines:
        x = 30
        for cell in line.split():
            ops.append(b"1 0 0 1 %d %d Tm %s Tj" % (x, y, _text(cell)))
            x += 9 * len(cell) + 12
        y -= 11
    return b"\n".join(ops + [b"ET"])


def make_pdf(pages: list[list[str]]) -> bytes:
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    cid_font = add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                   b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
                   b"/FontDescriptor 2 0 R /DW 1000 >>")
    add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
               b"/DescendantFonts [%d 0 R] >>" % cid_font)
    contents = [add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(s), s))
                for s in map(_page, pages)]
    pages_id = len(objects) + len(contents) + 1
    kids = [add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources "
                b"<< /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, font, c))
            for c in contents]
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>"
               % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def seed_pages() -> list[list[str]]:
    """One page per declaration; the summary title heads the first."""
    text = SEED.read_text("utf-8")
    parts = re.split(r"\n(?=财政项目支出绩效目标申报表)", text.strip("\n"))
    return [[line for line in part.split("\n") if line.strip()] for part in parts[1:]]


@needs_pypdf
def test_a_pdf_imports_to_the_same_data_as_its_text(tmp_path, capsys):
    pages = seed_pages()
    pages[0].insert(0, "上海推进科技创新中心建设办公室2024年度项目绩效目标汇总表")
    source = tmp_path / "汇总表.pdf"
    source.write_bytes(make_pdf(pages))
    site = tmp_path / "site"
    assert run_import(source, "--site", site, lang="en") == 0
    assert site_data(site) == bundled_data()
    out = capsys.readouterr().out
    assert "(PDF text layer): 6 declarations" in out and "unused" not in out
    assert run_import(source, "--site", site) == 0
    out = capsys.readouterr().out
    assert "汇总表.pdf（PDF 文字层）：6 份申报表" in out and "未使用" not in out
    assert out.splitlines()[-1].endswith("：6 份未改变")


@needs_pypdf
def test_a_pdf_without_text_is_refused(tmp_path, capsys):
    source = tmp_path / "scan.pdf"
    source.write_bytes(make_pdf([[]]))
    assert run_import(source, "--site", tmp_path / "site", lang="en") == 1
    assert "scan.pdf:1: error: the PDF has no text layer (a scan?)" in capsys.readouterr().err


@needs_pypdf
def test_a_refused_pdf_is_explained_in_chinese_by_default(tmp_path, capsys):
    source = tmp_path / "scan.pdf"
    source.write_bytes(make_pdf([[]]))
    assert run_import(source, "--site", tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert "scan.pdf:1: 错误: PDF 没有文字层（可能是扫描件）；请先做文字识别（OCR），再导入" in err
    assert err.splitlines()[-1] == "导入失败：1 个错误，0 个警告；未写入任何文件"
    assert "error" not in err and not (tmp_path / "site").exists()


@needs_pypdf
def test_a_broken_pdf_is_refused(tmp_path, capsys):
    source = tmp_path / "broken.pdf"
    source.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    assert run_import(source, "--site", tmp_path / "site", lang="en") == 1
    assert "broken.pdf:1: error: not a readable PDF" in capsys.readouterr().err


def test_without_pypdf_the_error_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    real_import = builtins.__import__

    def no_pypdf(name, *args, **kwargs):
        if name == "pypdf" or name.startswith("pypdf."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pypdf)
    source = tmp_path / "a.pdf"
    source.write_bytes(make_pdf([["财政项目支出绩效目标申报表"]]))
    assert run_import(source, "--site", tmp_path / "site", lang="en") == 1
    assert "a.pdf:1: error: reading PDF files needs pypdf: pip install 'sitegen[pdf]'" in capsys.readouterr().err
    assert run_import(source, "--site", tmp_path / "site") == 1
    assert "a.pdf:1: 错误: 读取 PDF 文件需要安装 pypdf：pip install 'sitegen[pdf]'" in capsys.readouterr().err
