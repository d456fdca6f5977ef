"""data/projects.xlsx, both ways: what the build writes (typed, reproducible, opened by
LibreOffice as the same rows as the CSV files) and what ``sitegen import`` reads back
(the same declarations, field by field; every bad cell named)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURE_SITE, REPO
from import_helpers import run_import
from sitegen.build import build

sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402


def built(site: Path, tmp_path: Path, name: str = "out") -> Path:
    out = tmp_path / name
    build(site, out_dir=out, persist=False)
    return out


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    """The repo's own site, built."""
    tmp = tmp_path_factory.mktemp("bundled")
    site = tmp / "site"
    shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(
        ".git", ".venv", "output", ".sitegen-cache", "node_modules", "tests", "benchmarks", "docs", "sitegen"))
    return built(site, tmp)


def test_the_workbook_is_typed_frozen_filtered_and_reproducible(site_copy, tmp_path):
    site = site_copy()
    first = built(site, tmp_path, "a") / "data" / "projects.xlsx"
    again = built(site, tmp_path, "b") / "data" / "projects.xlsx"
    assert first.read_bytes() == again.read_bytes()
    book = openpyxl.load_workbook(first)
    assert book.sheetnames[:3] == ["项目", "绩效指标", "更正说明"] and book.sheetnames[-1] == "列说明"
    sheet = book["项目"]
    keys = [c.value for c in sheet[1]]
    assert sheet.row_dimensions[1].hidden and keys[:3] == ["id", "title", "year"]
    assert [c.value for c in sheet[2]][:3] == ["项目标识", "项目名称", "预算年度"]
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == f"A2:{sheet.cell(2, len(keys)).column_letter}{sheet.max_row}"
    row = {k: c for k, c in zip(keys, sheet[3])}
    assert row["requested"].data_type == "n" and row["requested"].number_format == "#,##0.00"
    assert isinstance(row["requested"].value, (int, float))
    assert row["id"].data_type == "s" and row["id"].number_format == "@"
    assert isinstance(row["start_date"].value, dt.datetime) and row["start_date"].number_format == "yyyy-mm-dd"
    out = tmp_path / "c"
    build(site, out_dir=out, persist=False, base_url="https://budget.example.gov.cn/jxmb/")
    linked = openpyxl.load_workbook(out / "data" / "projects.xlsx")["项目"]
    link = linked.cell(3, keys.index("url") + 1)
    assert link.hyperlink is not None and link.hyperlink.target == link.value
    assert link.value.startswith("https://budget.example.gov.cn/jxmb/projects/")


def test_codes_keep_their_leading_zeros_and_a_year_sheet_per_year(site_copy, tmp_path):
    site = site_copy()
    path = next((site / "content").glob("*.md"))
    text = path.read_text("utf-8")
    path.write_text(text.replace("\ntitle:", '\ndepartment_code: "007123"\ntitle:', 1), "utf-8")
    book = openpyxl.load_workbook(built(site, tmp_path) / "data" / "projects.xlsx")
    sheet = book["项目"]
    keys = [c.value for c in sheet[1]]
    codes = [r[keys.index("department_code")] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert "007123" in codes
    years = sorted({r[keys.index("year")] for r in sheet.iter_rows(min_row=3, values_only=True)}, reverse=True)
    assert len(years) > 1
    assert [s for s in book.sheetnames if s.endswith("年度")] == [f"{y}年度" for y in years]
    assert sum(book[f"{y}年度"].max_row - 2 for y in years) == sheet.max_row - 2


def _csv_rows(path: Path) -> list[list[str]]:
    """A CSV table as a reader gets it: the formula guard (a leading ') undone."""
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    return [[c[1:] if c.startswith("'") else c for c in row] for row in rows]


def _same_cell(ours: str, csv_cell: str) -> bool:
    if ours == csv_cell:
        return True
    try:  # a number as LibreOffice writes it: 6491700 for 6491700.00
        return Decimal(ours) == Decimal(csv_cell)
    except ArithmeticError:
        return False


def test_libreoffice_opens_the_workbook_as_the_rows_of_the_csv_files(bundled, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("SITEGEN_REQUIRE_BROWSER"):
            pytest.fail("soffice is missing: scripts/setup-tests installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed")
    book = bundled / "data" / "projects.xlsx"
    # every sheet as CSV (UTF-8), the values as stored, not as shown
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                           "--outdir", str(tmp_path), str(book)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    for sheet, table in (("项目", "projects"), ("绩效指标", "indicators"), ("更正说明", "corrections")):
        theirs = list(csv.reader(io.StringIO((tmp_path / f"projects-{sheet}.csv").read_text("utf-8"), newline="")))
        ours = _csv_rows(bundled / "data" / f"{table}.csv")
        assert theirs[0][:len(ours[0])] == ours[0]  # the hidden row: the CSV's header
        assert len(theirs) - 2 == len(ours) - 1 > 0 or table == "corrections"
        for got, want in zip(theirs[2:], ours[1:]):
            got = got[:len(want)]
            assert len(got) == len(want) and all(map(_same_cell, got, want)), (sheet, got, want)


def _round_trip(site: Path, tmp_path: Path) -> tuple[bytes, bytes]:
    out = built(site, tmp_path, "first")
    empty = tmp_path / "empty"
    empty.mkdir()
    if (site / "sitegen.yaml").exists():
        shutil.copy(site / "sitegen.yaml", empty / "sitegen.yaml")
    assert run_import(out / "data" / "projects.xlsx", "--site", empty) == 0
    again = built(empty, tmp_path, "second")
    return (out / "data" / "projects.json").read_bytes(), (again / "data" / "projects.json").read_bytes()


def test_the_bundled_site_comes_back_from_its_workbook_field_by_field(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "sitegen.yaml", site / "sitegen.yaml")
    before, after = _round_trip(site, tmp_path)
    assert before == after and b'"notes"' in after


def test_a_generated_thousand_come_back_from_their_workbook(tmp_path, capsys):
    site = corpus.generate(1000, tmp_path / "site")
    before, after = _round_trip(site, tmp_path)
    assert before.count(b"\n") > 1000 and before == after


REAL_FORMS = REPO.parent / "shared" / "real-forms"


@pytest.mark.skipif(not REAL_FORMS.is_dir(), reason="needs ../shared/real-forms beside the repo")
def test_a_real_budget_imported_from_pdf_comes_back_from_its_workbook(tmp_path, capsys):
    """The national 信访局 budget: amounts in 万元, pages and the PDF's digest as the
    source, a unit with its own parentheses (≥330(台(套)))."""
    site = tmp_path / "site"
    assert run_import(REAL_FORMS / "08-national-xfj-2026.pdf", "--site", site) == 0
    before, after = _round_trip(site, tmp_path)
    assert before == after and "台(套)".encode() in after
    assert '"unit":"万元"'.encode() in after and b'"requested":"21348700.00"' in after


def test_an_english_site_writes_english_sheets_that_import_back(site_copy, tmp_path, capsys):
    site = site_copy()
    with open(site / "sitegen.yaml", "a", encoding="utf-8") as f:
        f.write("language: en\n")
    book = openpyxl.load_workbook(built(site, tmp_path) / "data" / "projects.xlsx")
    assert book.sheetnames[:3] == ["Projects", "Indicators", "Corrections"] and book.sheetnames[-1] == "Columns"
    assert [c.value for c in book["Projects"][2]][:2] == ["Project id", "Project name"]
    before, after = _round_trip(site, tmp_path)
    assert before == after


def test_importing_the_same_workbook_again_writes_the_same_bytes(site_copy, tmp_path, capsys):
    book = built(site_copy(), tmp_path) / "data" / "projects.xlsx"
    target = tmp_path / "target"
    target.mkdir()
    assert run_import(book, "--site", target) == 0
    first = {p.name: p.read_bytes() for p in (target / "content").iterdir()}
    assert run_import(book, "--site", target) == 0
    assert {p.name: p.read_bytes() for p in (target / "content").iterdir()} == first
    capsys.readouterr()
    assert run_import(book, "--site", tmp_path / "dry", "--dry-run") == 0
    assert not (tmp_path / "dry" / "content").exists() and "---\nid: " in capsys.readouterr().out


def _edited(book: Path, tmp_path: Path, change) -> Path:
    wb = openpyxl.load_workbook(book)
    change(wb)
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    return path


def _cell(wb, sheet: str, key: str, row: int = 3):
    ws = wb[sheet]
    column = [c.value for c in ws[1]].index(key) + 1
    return ws.cell(row, column)


def _amount(value, number_format="General"):
    def change(wb):
        cell = _cell(wb, "项目", "requested")
        cell.value, cell.number_format = value, number_format
    return change


def _formula(wb):
    _cell(wb, "项目", "appropriation").value = "=L3*0.9"


def _merged(wb):
    wb["绩效指标"].merge_cells("C3:C4")


def _missing(wb):
    del wb["绩效指标"]


def _code_number(wb):
    _cell(wb, "项目", "department_code").value = 7123


def _no_goal(wb):
    _cell(wb, "项目", "goal").value = None


def _no_indicators(wb):
    ws = wb["绩效指标"]
    first = ws.cell(3, 1).value
    for row in range(ws.max_row, 2, -1):
        if ws.cell(row, 1).value == first:
            ws.delete_rows(row)


@pytest.mark.parametrize("change, where, words", [
    (_amount("六百万"), "项目!L3", "不是金额"),
    (_amount(6491700.000000001), "项目!L3", "多于两位小数，且单元格不是按两位小数显示"),
    (_formula, "项目!M3", "是公式（=L3*0.9）"),
    (_merged, "绩效指标!C3:C4", "合并了单元格"),
    (_missing, "", "缺少工作表“绩效指标”"),
    (_code_number, "项目!F3", "开头的 0 可能已丢失"),
    (_no_goal, "项目!S3", "“年度总体目标”（goal）必须填写"),
    (_no_indicators, "项目!A3", "没有一行指标"),
])
def test_a_bad_workbook_is_refused_naming_the_cell_and_nothing_is_written(site_copy, tmp_path, capsys, change,
                                                                         where, words):
    book = _edited(built(site_copy(), tmp_path) / "data" / "projects.xlsx", tmp_path, change)
    target = tmp_path / "target"
    assert run_import(book, "--site", target) == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if words in line)
    shown = os.path.relpath(book) if not os.path.relpath(book).startswith("..") else str(book)
    assert line.startswith(f"{shown}:{where}: 错误: " if where else f"{shown}:0: 错误: "), line
    assert "Traceback" not in err and not (target / "content").exists()


@pytest.mark.parametrize("name, data", [("old.xls", b"\xd0\xcf\x11\xe0"), ("broken.xlsx", b"not a zip")])
def test_a_file_that_is_not_a_workbook_is_refused_with_what_to_do(tmp_path, capsys, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert run_import(path, "--site", tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert "另存为“Excel 工作簿（*.xlsx）”" in err and "Traceback" not in err


def test_an_amount_the_cell_shows_with_two_decimals_is_rounded_and_said(site_copy, tmp_path, capsys):
    book = _edited(built(site_copy(), tmp_path) / "data" / "projects.xlsx", tmp_path,
                   _amount(6491700.000000001, "#,##0.00"))
    target = tmp_path / "target"
    assert run_import(book, "--site", target) == 0
    out = capsys.readouterr().out
    assert "项目!L3: 警告: 金额 6491700.000000001 多于两位小数，已按单元格显示的两位小数取为 6,491,700.00" in out
    assert any('requested: "6,491,700.00"' in p.read_text("utf-8") for p in (target / "content").iterdir())


def test_sitegen_new_writes_a_template_that_imports_to_its_example(tmp_path, capsys):
    from sitegen import cli
    assert cli.main(["new", str(tmp_path / "site")]) == 0
    template = tmp_path / "site" / "申报表模板.xlsx"
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["项目", "绩效指标", "更正说明", "列说明", "可选值"]
    assert book["可选值"].sheet_state == "hidden"
    lists = {str(v.sqref).split(":")[0][0]: v.formula1 for v in book["绩效指标"].data_validations.dataValidation}
    assert lists and all(f.startswith("'可选值'!$") for f in lists.values())
    notes = [r for r in book["列说明"].iter_rows(min_row=2, values_only=True)]
    assert ("项目", "年度资金申请总额（元）", "requested") == notes[[r[2] for r in notes].index("requested")][:3]
    target = tmp_path / "target"
    assert run_import(template, "--site", target) == 0
    (imported,) = (target / "content").iterdir()
    example = (tmp_path / "site" / "content" / "2025-example-project.md").read_text("utf-8")
    assert imported.name == "2025-example-project.md"
    body = example.split("\n---\n", 1)
    assert imported.read_text("utf-8").split("\n---\n", 1)[1] == body[1]
