"""Write the seed's six declarations as two other PDF extractions would lay them out.

The source of truth is the bundled content/ (not the seed text, and not the importer),
so the layouts test the importer against data it never read:

    one-cell-per-line.txt   every label and every value on its own line
    two-columns.txt         two columns interleaved line by line: a row of labels, then
                            its values; the funds block's left and right columns alternating

Both keep the quirks of the real extraction: a wrapped 主管部门, broken section words
(项目/绩效/目标, 服务对象满意度/指标), merged level cells, hard-wrapped goals with
punctuation at line starts, form feeds and full-width spaces. Run from the repository:

    python tests/import_fixtures/make_layouts.py
"""

from __future__ import annotations

from pathlib import Path

from sitegen.content import load_declarations
from sitegen.diagnostics import Diagnostics
from sitegen.money import format_money

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SUMMARY = "上海推进科技创新中心建设办公室2024年度项目绩效目标汇总表"
ORDER = ["科创中心展厅运营项目", "机关服务", "缴纳残疾人就业保障金", "科创中心建设工作经费",
         "未来公园展厅运营项目", "信息化运维项目"]


def declarations():
    decls = {d.title: d for d in load_declarations(REPO / "content", Diagnostics())}
    return [decls[t] for t in ORDER]


def wrap(text: str, width: int) -> list[str]:
    """Hard-wrap each line of ``text`` at ``width`` characters, as a PDF cell does."""
    return [line[i:i + width] for line in text.split("\n") for i in range(0, len(line), width)]


def level_cell(level2: str) -> list[str]:
    """The form breaks the long level-2 cell over two lines."""
    return ["服务对象满意度", "指标"] if level2 == "服务对象满意度指标" else [level2]


def slash_date(d) -> str:
    return f"{d.year}/{d.month}/{d.day}"


def one_cell_per_line(d) -> list[str]:
    f = d.funds
    out = ["财政项目支出绩效目标申报表", "（2024年度）",
           "项目名称", d.title, "项目性质", d.nature, "项目类别", d.category,
           "主管部门", d.department[:13], d.department[13:], "实施单位", d.implementing_unit,
           "计划开始日期", slash_date(d.start_date), "计划完成日期", slash_date(d.end_date),
           "项目资金", "（元）", "项目资金总额", "年度资金申请总额", format_money(f.requested),
           "其中：财政资金", "其中：当年财政拨款", format_money(f.appropriation),
           "上年结转资金", format_money(f.carryover), "其他资金", "其他资金", format_money(f.other),
           "项目", "绩效", "目标", "项目总目标", "年度总体目标", *wrap(d.goal, 34),
           "一级指标", "二级指标", "三级指标", "年度(/项目)指标值", "绩效", "指标"]
    level1 = level2 = None
    for i in d.indicators:
        if i.level1 != level1:
            out.append(i.level1)
        if (i.level1, i.level2) != (level1, level2):
            out.extend(level_cell(i.level2))
        level1, level2 = i.level1, i.level2
        out += [i.name, i.target.display()]
    return out


def two_columns(d, n: int) -> list[str]:
    f = d.funds
    out = ["财政项目支出绩效目标申报表（2024年度）",
           "项目名称 项目性质 项目类别", f"{d.title}　{d.nature}　{d.category}",
           "主管部门 实施单位", f"{d.department} {d.implementing_unit}",
           "计划开始日期 计划完成日期", f"{d.start_date} {d.end_date}",
           "项目资金（元）",
           "项目资金总额", f"年度资金申请总额 {format_money(f.requested)}",
           "其中：财政资金", f"其中：当年财政拨款 {format_money(f.appropriation)}",
           f"上年结转资金 {format_money(f.carryover)}",
           "其他资金", f"其他资金 {format_money(f.other)}",
           "项目绩效目标", "项目总目标 年度总体目标", *wrap(d.goal, 29),
           "一级指标 二级指标", "三级指标 年度(/项目)指标值"]
    groups: list[list] = []
    for i in d.indicators:
        if groups and (groups[-1][0].level1, groups[-1][0].level2) == (i.level1, i.level2):
            groups[-1].append(i)
        else:
            groups.append([i])
    level1 = None
    for g, rows in enumerate(groups):
        first = rows[0]
        # Leave out one 一级指标 cell (the importer infers it from the level-2 cell).
        shown = first.level1 != level1 and not (n == 1 and g == 0)
        out.append(" ".join(([first.level1] if shown else []) + [first.level2]))
        level1 = first.level1
        if len(rows) > 1 and all(r.target.quantitative for r in rows):
            out += [" ".join(r.name for r in rows), " ".join(r.target.display() for r in rows)]
        else:
            for r in rows:
                out += [r.name, r.target.display()]
    return out


def render_all() -> dict[str, bytes]:
    """File name -> bytes, for every generated fixture."""
    decls = declarations()
    cells = [SUMMARY, ""] + [line for d in decls for line in one_cell_per_line(d) + [""]]
    pages = ["\n".join([SUMMARY, *two_columns(d, n)]) for n, d in enumerate(decls)]
    seed = (HERE / "seed.txt").read_text("utf-8")
    return {
        "one-cell-per-line.txt": "\n".join(cells).encode("utf-8"),
        "two-columns.txt": ("\n\f".join(pages) + "\n").encode("utf-8"),
        "seed-crlf-bom.txt": b"\xef\xbb\xbf" + seed.replace("\n", "\r\n").encode("utf-8"),
        "seed-gb18030.txt": seed.encode("gb18030"),
    }


def main() -> None:
    for name, data in render_all().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
