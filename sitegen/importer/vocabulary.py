"""The words printed on the form itself: labels, section words, table headings.

Words are compared by their *key*: NFKC-folded (full-width ``：（）`` become ASCII)
with every space removed, so ``其中：当年财政拨款`` and ``其中: 当年财政拨款`` match.
The indicator levels come from ``sitegen.schema.LEVELS``, the one official list.
"""

from __future__ import annotations

import re
import unicodedata

from sitegen.schema import LEVELS


def key(text: str) -> str:
    """The comparison key of a cell: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# The heading of one declaration, and of the summary table that bundles them.
# The form's heading: 申报表 where a department declares, 填报表 in some districts' budgets.
FORM_HEADINGS = (key("财政项目支出绩效目标申报表"), key("财政项目支出绩效目标填报表"))
SUMMARY_HEADING = re.compile(r"^(?P<who>.*?)(?P<year>\d{4})年度?项目绩效目标汇总表$")
YEAR_LINE = re.compile(r"^\(?(?P<year>\d{4})年度?\)?$")
# Page furniture between pages: '第2页', '第 2 页 共 6 页', '- 2 -', '2/6', 'Page 2 of 6'.
PAGE_NUMBER = re.compile(r"^(第\d+页(,?共\d+页)?|-\d+-|\d+/\d+|Page\d+(of\d+)?)$", re.IGNORECASE)

# Identity block: label -> content key.
IDENTITY = {
    key("项目名称"): "title",
    key("项目性质"): "nature",
    key("项目类别"): "category",
    key("主管部门"): "department",
    key("实施单位"): "implementing_unit",
    key("计划开始日期"): "start_date",
    key("计划完成日期"): "end_date",
    key("项目编码"): "project_code",
    key("项目代码"): "project_code",
}
# Fields whose value may wrap onto the next line of the cell.
WRAPPING = ("title", "nature", "category", "department", "implementing_unit")

# Funds block: label -> funds key. 其他资金 sits in both columns; funds.py tells them apart.
FUNDS_HEADINGS = {key("项目资金(元)"), key("项目资金"), key("(元)")}
FUNDS_HEADING_WAN = {key("项目资金(万元)"), key("(万元)")}
FUNDS = {
    key("项目资金总额"): "project_total",
    key("年度资金申请总额"): "requested",
    key("年度资金总额"): "requested",
    key("其中:财政资金"): "project_fiscal",
    key("其中:当年财政拨款"): "appropriation",
    key("当年财政拨款"): "appropriation",
    key("上年结转资金"): "carryover",
    key("其他资金"): "other",
}

# Goal block.
GOAL_SECTION = {key("项目绩效目标"), key("绩效目标")}
PROJECT_GOAL = {key("项目总目标"), key("项目总体目标")}
ANNUAL_GOAL = {key("年度总体目标"), key("年度目标")}

# Indicator table.
TABLE_SECTION = key("绩效指标")
TABLE_HEADINGS = {key(w) for w in ("一级指标", "二级指标", "三级指标", "年度(/项目)指标值",
                                   "年度指标值", "指标值", "项目指标值")}
LEVEL1 = {key(w): w for w in LEVELS}
LEVEL2 = {key(l2): l2 for l2s in LEVELS.values() for l2 in l2s}
OWNER = {l2: l1 for l1, l2s in LEVELS.items() for l2 in l2s}  # 二级指标 -> its 一级指标

# Labels found on some forms that the content format does not hold: recognized so that
# their values are reported as unused instead of being glued onto a neighbouring field.
OTHER_LABELS = {key(w) for w in ("联系人", "联系电话", "项目负责人", "填报单位", "填报日期",
                                 "单位名称", "预算单位", "部门名称")}

# Every word that may be broken over several lines and must be rejoined.
JOINABLE = (set(IDENTITY) | FUNDS_HEADINGS | FUNDS_HEADING_WAN | set(FUNDS) | GOAL_SECTION
            | PROJECT_GOAL | ANNUAL_GOAL | {TABLE_SECTION} | TABLE_HEADINGS | set(LEVEL1)
            | set(LEVEL2) | OTHER_LABELS | set(FORM_HEADINGS))
