"""sitegen import on the real published budgets of ../shared/real-forms/ (read from
there, never copied here): which pages are project forms, and what is refused by name.

The page ranges are those of real-forms/README.md, checked page by page against the
PDFs (06's forms run on over pp. 13-19, one wide table; the README names p. 12 only)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import REPO
from import_helpers import run_import

REAL_FORMS = REPO.parent / "shared" / "real-forms"

pytestmark = [
    pytest.mark.skipif(not REAL_FORMS.is_dir(), reason="needs ../shared/real-forms beside the repo"),
    pytest.mark.skipif(importlib.util.find_spec("pypdf") is None, reason="needs the pdf extra"),
]

# file -> {kind: page ranges} (kinds of pages that are not 'other')
PAGES = {
    "01-shanghai-putuo-wanli-2023.pdf": {"form": [(31, 35)]},
    "04-beijing-ybj-2026.pdf": {"form": [(15, 26)], "department": [(27, 28)]},
    "05-beijing-tjj-2026.pdf": {"form": [(27, 40)], "department": [(41, 41)]},
    "06-beijing-sjj-2026-tables.pdf": {"form": [(12, 19)], "department": [(20, 21)]},
    "07-beijing-scjg-2026.pdf": {"form": [(22, 38)], "department": [(39, 40)]},
    "08-national-xfj-2026.pdf": {"form": [(30, 32)]},
    "09-changsha-xfj-2026.pdf": {"form": [(22, 29)], "department": [(30, 32)]},
    "10-changsha-gaj-2025.pdf": {"form": [(23, 50)], "department": [(51, 53)]},
    "11-changchun-xfj-2026.pdf": {"form": [(16, 16)]},
    "12-fuzhou-zazd-2026.pdf": {"form": [(29, 30)]},
    "13-fuzhou-ybj-2026.pdf": {"form": [(27, 39)]},
    "14-quanzhou-zfb-2026.pdf": {"form": [(29, 36)], "department": [(37, 37)]},
    "15-xian-zfb-2026.pdf": {"form": [(34, 42)], "department": [(43, 43)], "fund": [(44, 44)]},
    "16-xian-xzsp-2025.pdf": {"form": [(36, 44)], "department": [(45, 45)], "fund": [(46, 46)]},
    "17-xian-rsj-2020.pdf": {"form": [(50, 55)], "department": [(56, 57)], "fund": [(58, 64)]},
    "18-yantai-tjj-2026.pdf": {"form": [(30, 33)]},
    "19-yantai-scjg-2026.pdf": {"form": [(45, 81)]},
    "20-yantai-swj-2026.pdf": {"form": [(37, 49)]},
    "21-guangzhou-sthj-2026-dept.pdf": {"department": [(1, 1)]},
    "22-national-xfj-2024-final.pdf": {"self-evaluation": [(30, 36)]},
}


def page_texts(name: str) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(REAL_FORMS / name).pages]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_forms_are_found_by_their_labels(name):
    from sitegen.importer.pages import OTHER, classify, runs

    kinds = classify(page_texts(name))
    found = {kind: runs(kinds, kind) for kind in dict.fromkeys(kinds) if kind != OTHER}
    assert found == PAGES[name]


@pytest.mark.parametrize("name, words", [
    ("21-guangzhou-sthj-2026-dept.pdf", "p. 1: a department-level target form (部门整体), not a project declaration"),
    ("22-national-xfj-2024-final.pdf", "pp. 30–36: a performance self-evaluation (绩效自评表"),
])
def test_what_is_not_a_project_declaration_is_refused_by_name(tmp_path, capsys, name, words):
    assert run_import(REAL_FORMS / name, "--site", tmp_path / "site", lang="en") == 1
    err = capsys.readouterr().err
    assert f"{name}:1: error: {words}" in err and "Traceback" not in err
    assert err.count("error:") == 1  # one message, not a cascade
    assert not (tmp_path / "site" / "content").exists()


@pytest.mark.parametrize("name, words", [
    ("21-guangzhou-sthj-2026-dept.pdf", "第 1 页：部门整体绩效目标表，不是项目申报表；没有可导入的申报表"),
    ("22-national-xfj-2024-final.pdf", "第 30–36 页：绩效自评表（印有实际完成值、得分）"),
])
def test_what_is_not_a_project_declaration_is_refused_in_chinese_by_default(tmp_path, capsys, name, words):
    assert run_import(REAL_FORMS / name, "--site", tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert f"{name}:1: 错误: {words}" in err and err.count("错误:") == 1
    assert err.splitlines()[-1] == "导入失败：1 个错误，0 个警告；未写入任何文件"


def test_the_pages_before_the_forms_are_one_line_and_shanghai_imports(tmp_path, capsys):
    """01 heads its forms 填报表, not 申报表: the heading still gives the year."""
    name = "01-shanghai-putuo-wanli-2023.pdf"
    assert run_import(REAL_FORMS / name, "--site", tmp_path / "site", lang="en") == 0
    out = capsys.readouterr().out
    assert f"{name}:1: warning: pp. 1–30: not a performance-target form; skipped" in out
    assert "pp. 1–30" in out and out.count("unused:") < 40  # not the 500 lines of pp. 1–30
    files = sorted((tmp_path / "site" / "content").glob("2023-*.md"))
    assert len(files) == 5


def test_pages_in_a_series_under_one_heading_keep_its_kind():
    from sitegen.importer.pages import DEPARTMENT, FORM, FUND, OTHER, classify

    form = "表14 部门专项业务经费绩效目标表 项目名称 甲 年度目标 一级指标 二级指标 三级指标 产出指标"
    untitled = "项目名称 乙 年度绩效目标 一级指标 三级指标 产出指标 效益指标"
    rows = "效益指标 社会效益指标 满意度指标"
    fund = "表16 专项资金整体绩效目标表 项目名称 丙 绩效目标 一级指标 三级指标 产出指标"
    dept = "部门整体支出绩效目标表 部门名称 一级指标 三级指标 产出指标 绩效目标"
    contents = "报表目录 表15 部门整体支出绩效目标表 表16 专项资金整体绩效目标表"
    assert classify([contents, form, untitled, rows, dept, rows, fund, untitled, "说明"]) == [
        OTHER, FORM, FORM, FORM, DEPARTMENT, DEPARTMENT, FUND, FUND, OTHER]


def test_kangxi_radicals_become_the_ideographs_and_nothing_else_changes():
    from sitegen.importer.decode import unify_radicals

    assert unify_radicals("⼀级指标 项⽬ 中⼼ 主管部⻔ ＡＢ１２（％）") == "一级指标 项目 中心 主管部门 ＡＢ１２（％）"


def test_a_ruled_table_is_read_as_cells_with_merged_cells_on_every_row():
    import pdfplumber

    from sitegen.importer.grid import page_grids

    with pdfplumber.open(REAL_FORMS / "01-shanghai-putuo-wanli-2023.pdf") as pdf:
        (shanghai,) = page_grids(pdf.pages[30], 31)
    rows = shanghai.texts()
    goals = next(n for n, row in enumerate(rows) if "项目总目标" in row)
    assert rows[goals][1] == "项目总目标" and rows[goals][5] == "年度总体目标"  # two cells, not one text
    assert rows[goals + 1][1].startswith("建成后作为万里街道社区事务受理、社区管理、社区文化艺术活动场所。更\n有效")
    assert rows[goals + 1][5].startswith("建成后作为万里街道社区事务受理、社区管\n理")
    indicators = [row for row in rows[goals + 3:]]
    assert [(r[1], r[2], r[3], r[6]) for r in indicators][:2] == [
        ("产出指标", "数量指标", "规划建筑面积", "≥13459.00(平方米)"), ("产出指标", "质量指标", "完工及时率", "及时率")]
    assert shanghai.rows[goals + 4][1].merged_down and not shanghai.rows[goals + 3][1].merged_down

    with pdfplumber.open(REAL_FORMS / "04-beijing-ybj-2026.pdf") as pdf:
        (beijing,) = page_grids(pdf.pages[14], 15)
    rows = beijing.texts()
    first = next(n for n, row in enumerate(rows) if row[1].startswith("76.436"))
    assert rows[first][1] == rows[first + 3][1] and beijing.rows[first + 3][1].merged_down  # the amount, merged down
    assert rows[first][8:11] == ["＝", "1", "份"]  # comparison, value and unit in columns of their own


def test_a_cells_last_line_printed_past_its_ruling_stays_in_its_cell():
    import pdfplumber

    from sitegen.importer.grid import page_grids

    with pdfplumber.open(REAL_FORMS / "07-beijing-scjg-2026.pdf") as pdf:
        (grid,) = page_grids(pdf.pages[23], 24)
    rows = [[text.replace("\n", "") for text in row] for row in grid.texts()]
    legal = next(n for n, row in enumerate(rows) if row[8].startswith("协助提供法律咨询服务"))
    assert rows[legal][8].endswith("出具法律意见等") and rows[legal + 1][8] == "过程完整，档案齐全，时限、结果合法"
    assert rows[legal + 1][10].endswith("结果合法") and rows[legal + 2][10] == "178.2"


@pytest.mark.skipif(importlib.util.find_spec("pdfplumber") is None, reason="needs the pdf extra")
def test_a_name_merged_over_several_amounts_gives_one_declaration_per_amount(tmp_path, capsys):
    from sitegen.importer.run import import_files

    outcome = import_files([REAL_FORMS / "07-beijing-scjg-2026.pdf"], tmp_path / "site", 2026,
                           department=BEIJING["07"])
    parts = [d for d in outcome.sources[0].drafts if d.text("title").startswith("信息系统运维类项目（子项")]
    # p. 23: the name is printed once, over the rows, in a cell no ruling closes; the sixth
    # amount is printed over p. 24's header, the name above it.
    assert [(d.text("title")[-4:], str(d.funds["requested"][0]), len(d.rows)) for d in parts] == [
        ("子项1）", "80000.00", 7), ("子项2）", "889920.00", 6), ("子项3）", "544000.00", 5),
        ("子项4）", "22210000.00", 7), ("子项5）", "2100000.00", 6), ("子项6）", "261080.00", 4)]
    assert {d.text("project_code") for d in parts} == {"11000021Y000000390843"}
    said = [w.text("en") for w in outcome.diags.warnings if "信息系统运维类项目" in w.text("en")]
    assert len(said) == 1 and "6 amounts under its one name" in said[0]
    chinese = [str(w) for w in outcome.diags.warnings if "信息系统运维类项目" in str(w)]
    assert len(chinese) == 1 and "一个项目名称下印有 6 个金额" in chinese[0]


# file -> (declarations, indicator rows, (first title, its 年度资金总额 in 元), (last title, …)),
# as the grid route reads them; the first declarations' figures checked against the PDF's page.
IMPORTED = {
    "01-shanghai-putuo-wanli-2023.pdf": (5, 65, ("新建万里街道社区公共服务中心", "4100000.00"), None),
    "04-beijing-ybj-2026.pdf": (27, 360, ("医疗保障公众评价", "764363.38"), ("医保信息化安全审计项目", "4710923.20")),
    "05-beijing-tjj-2026.pdf": (21, 144, ("统计监测分析及统计资料编印工作经费", "766400.00"), ("办公用房租赁费", "835456.00")),
    "06-beijing-sjj-2026-tables.pdf": (17, 168, ("《北京审计》杂志办刊经费", "173980.00"),
                                       ("审计及审计调查数据信息", "816000.00")),
    "07-beijing-scjg-2026.pdf": (80, 588, ("食品安全抽检监测服务", "117000000.00"), ("科普教育培训基地修缮改造", "2610000.00")),
    "08-national-xfj-2026.pdf": (3, 29, ("信息化运行维护", "21348700.00"), ("信访业务培训", "1180100.00")),
    "09-changsha-xfj-2026.pdf": (4, 76, ("基层及其他信访业务工作经费专项", "357800.00"), ("信访业务工作专项", "1381100.00")),
    "10-changsha-gaj-2025.pdf": (14, 218, ("大型警保卫及基础设施安全保护工作经费", "4286900.00"),
                                 ("装备、服装及其他设备购置费", "22106000.00")),
    "11-changchun-xfj-2026.pdf": (4, 16, ("2026年信访专项经费", "300000.00"), ("信访局临聘人员经费", "165600.00")),
    "12-fuzhou-zazd-2026.pdf": (2, 12, ("警务辅助人员经费", "444700.00"), ("民警法定工作日之外加班补贴", "562300.00")),
    "13-fuzhou-ybj-2026.pdf": (13, 104, ("2026年医疗服务与保障能力提升补助资金", "7450000.00"), ("综合工作经费", "380000.00")),
    "14-quanzhou-zfb-2026.pdf": (8, 48, ("市级机关保留公务用车委托管理费", "17783100.00"), ("驻沪办房屋修缮经费", "285000.00")),
    "15-xian-zfb-2026.pdf": (9, 94, ("法律顾问服务", "50000.00"), ("政府驻外办保障", "6961000.00")),
    "16-xian-xzsp-2025.pdf": (9, 55, ("办公区室外绿化项目", "297800.00"), ("专项购置", "8370900.00")),
    "18-yantai-tjj-2026.pdf": (4, 27, ("实施公车统管费用", "250000.00"), ("1%人口抽样调查", "100000.00")),
    "19-yantai-scjg-2026.pdf": (35, 281, ("公务用车集中统管", "170000.00"), ("药品审评查验专项经费", "700000.00")),
    "20-yantai-swj-2026.pdf": (12, 122, ("会展业发展专项资金", "22000000.00"), ("实施公车统管费用", "30000.00")),
}


BEIJING = {"04": "北京市医疗保障局", "05": "北京市统计局", "06": "北京市审计局", "07": "北京市市场监督管理局"}  # given with --department


@pytest.mark.skipif(importlib.util.find_spec("pdfplumber") is None, reason="needs the pdf extra")
@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_each_family_imports_from_its_ruled_tables(tmp_path, name):
    from decimal import Decimal

    from sitegen.importer.run import import_files

    count, rows, first, last = IMPORTED[name]
    department = BEIJING.get(name[:2])
    year = 2026 if department else None  # Beijing's tables print neither
    outcome = import_files([REAL_FORMS / name], tmp_path / "site", year, department=department)
    assert outcome.ok, [d.text("en") for d in outcome.diags.errors]
    drafts = outcome.sources[0].drafts
    assert (len(drafts), sum(len(d.rows) for d in drafts)) == (count, rows)
    for draft, pinned in ((drafts[0], first), (drafts[-1], last)):
        if pinned:
            assert (draft.text("title"), draft.funds["requested"][0]) == (pinned[0], Decimal(pinned[1]))
    for draft in drafts:
        assert draft.text("department") and draft.goals.goal, draft.where
        assert all(r.level1 and r.level2 and r.name and r.target for r in draft.rows), draft.where
    assert all(item.check.errors == [] or name.startswith("01-") for item in outcome.planned)


# The first and last declaration of each file, every field the importer reads, as
# import_fixtures/real_forms_pins.json holds them. Each was checked against the PDF: by
# eye against the page's ruled table (08, 12, 15, 18, 04, 05, 06 first declarations),
# and for all of them by a second extraction (pypdf's text of the form's pages, spaces
# removed): every title, goal start, indicator name, target number and amount (in 元, or
# the 万元 figure printed) is found there.
PINS = json.loads((REPO / "tests" / "import_fixtures" / "real_forms_pins.json").read_text("utf-8"))


@pytest.mark.skipif(importlib.util.find_spec("pdfplumber") is None, reason="needs the pdf extra")
@pytest.mark.parametrize("name", sorted(PINS))
def test_first_and_last_declaration_field_by_field(tmp_path, name):
    from sitegen.importer.run import import_files

    department = BEIJING.get(name[:2])
    outcome = import_files([REAL_FORMS / name], tmp_path / "site", 2026 if department else None,
                           department=department)
    drafts = outcome.sources[0].drafts
    for which, draft in (("first", drafts[0]), ("last", drafts[-1])):
        want = PINS[name][which]
        got = {"title": draft.text("title"), "department": draft.text("department"),
               "pages": list(draft.pages),
               **{k: draft.text(k) for k in ("project_code", "department_code", "implementing_unit")
                  if draft.text(k)},
               "funds": {k: str(v[0]) for k, v in draft.funds.items()},
               "goal_start": draft.goals.goal[:24],
               "indicators": [[r.level1, r.level2, r.name, r.target] for r in draft.rows]}
        for key in sorted(set(want) | set(got)):  # one by one, so a failure names the field
            assert got.get(key) == want.get(key), (which, key)
