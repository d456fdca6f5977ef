"""The words of the ruled forms, by what they mean: the one table the grid route reads.

Every province prints the same few facts under its own words. A family of forms is
recognized by these labels, never by its file name; the next family is a few lines
here. Words are compared by ``vocabulary.key`` (NFKC, no whitespace), without a final
colon.
"""

from __future__ import annotations

import re

from sitegen import fields as F
from sitegen.importer.vocabulary import key

IDENTITY = tuple(f for f in F.DECLARATION if f.basic and f.kind != F.YEAR)  # the 项目基本信息 labels

# Label -> content key: the content format's labels (sitegen/fields.py), and the few
# words only a form's layout needs.
FIELDS = F.words(IDENTITY)
# 其他资金 beside 项目资金总额 is the whole-life column's (tables.py).
FUNDS = {**F.words(F.FUNDS_FIELDS), "年度资金总额(万元)": "requested"}
GOALS = F.words(tuple(f for f in F.DECLARATION if f.key in ("goal", "project_goal")))
# Indicator table columns; 绩效指标性质 prints the comparison (≥, ≤, 定性) of the target beside it.
COLUMNS = {**F.words(F.INDICATOR_FIELDS), "绩效指标性质": "comparison", "备注": "remark"}
# Columns a reader may want that the content format does not hold: named in the report.
NOT_KEPT = {"remark": "备注"}
# Words that head a block of rows; they carry no value of their own.
SECTIONS = ("项目资金", "专项资金情况", "资金金额", "绩效指标", "绩效目标指标", "项目绩效目标",
            "年度绩效指标", "执行率分值", "其中")

# A form's heading (a row of its own, or a line above the table) and what it may name.
HEADING = re.compile(r"(绩效目标表|绩效目标申报表|绩效目标填报表)")
NAMED_HEADING = re.compile(r"^(?:\d+[.、．])?(?P<title>.+?)项目绩效目标表$")
GENERIC_TITLE = re.compile(r"预算\d*表|表\d|项目支出|专项资金|政策和|部门|单位|汇总")
YEAR = re.compile(r"[（(]?(?P<year>20\d{2})\s*年度?[）)]?")

# The unit of the amounts: said by a section's label or a line of its own.
WAN = re.compile(r"万元")
SECTION_UNIT = re.compile(r"[(（](?P<unit>万元|元)[)）]")
UNIT_LINE = re.compile(r"(?:^|(?<=\S))(?:金额)?单位[:：](?P<unit>万元|元)$")

# Who publishes, and the year: a line above the forms, or the document's own title.
DEPARTMENT_LINE = re.compile(r"(?:部门|单位)名称[:：]\s*(?P<who>[^\s:：]+)")
DOCUMENT = re.compile(r"^(?P<who>\S.*?)(?P<year>20\d{2})年度?(?:区级|市级)?(?:部门|单位)(?:综合)?预算")
DOCUMENT_YEAR_FIRST = re.compile(r"^(?P<year>20\d{2})年度?(?P<who>\S.*?)(?:部门|单位)(?:综合)?预算")

# A code before a name ('[101001]办公厅') or a title ('11010122T000000404433-…').
CODED_NAME = re.compile(r"^[\[【(（]?(?P<code>\d{3,})[\]】)）_\-、\s]*(?P<name>\D.*)$")
CODED_TITLE = re.compile(r"^(?P<code>[0-9A-Z]{15,})-(?P<title>.+)$")
BLANK = {"", "-", "—", "--", "——", "/", "无"}  # a cell that prints no amount
COMPARISONS = ("≥", "≤", "=", "＝", ">", "<", "＞", "＜")
KINDS = ("定量", "定性")
EMPTY_ROW = {"", "-", "—", "/"}  # a row of the indicator table that holds no indicator


def _keyed(table: dict[str, str]) -> dict[str, str]:
    return {label_key(word): meaning for word, meaning in table.items()}


def label_key(text: str) -> str:
    return key(text).rstrip(":")


FIELD_KEYS, FUNDS_KEYS, GOAL_KEYS, COLUMN_KEYS = map(_keyed, (FIELDS, FUNDS, GOALS, COLUMNS))
SECTION_KEYS = tuple(label_key(w) for w in SECTIONS)


def role(text: str) -> tuple[str, str] | None:
    """What a cell's words label: ('field'|'funds'|'goal'|'column', key), or None."""
    k = label_key(text)
    for kind, table in (("field", FIELD_KEYS), ("funds", FUNDS_KEYS), ("goal", GOAL_KEYS),
                        ("column", COLUMN_KEYS)):
        if k in table:
            return kind, table[k]
    if re.fullmatch(r"(分值|分值权重)\(\d+分?\)", k):
        return "column", "weight"
    return None


def is_section(text: str) -> bool:
    k = label_key(text)
    return any(k.startswith(s) for s in SECTION_KEYS) and role(text) is None
