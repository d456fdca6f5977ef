"""The content format's keys, each declared once.

A ``Field`` says a key's type, whether it is required, the form's label for it (shown
in messages, on the project page and as the Chinese column title), the other labels
forms print for it (the importer's vocabulary), its English title, and the type of its
own column in data/projects.csv. The checker (``schema``), the importers, the project
page's 项目基本信息 rows, the data files and both languages' column titles are made
from these lists, so that a new optional key is one line here and its reader.
"""

from __future__ import annotations

from dataclasses import dataclass

# How a key is written in the front matter (schema.py has one reader per type).
TEXT, CODE, YEAR, DATE, ID, SERIES = "text", "code", "year", "date", "id", "series"
FUNDS, INDICATORS, CORRECTIONS, SOURCE, AMOUNT, NUMBER, FLAG = (
    "funds", "indicators", "corrections", "source", "amount", "number", "flag")


@dataclass(frozen=True)
class Field:
    key: str
    kind: str
    label: str  # the form's own label
    english: str
    required: bool = False
    words: tuple[str, ...] = ()  # further labels the forms print for it
    column: str | None = None  # its Table Schema type in a CSV table; None: no column of its own
    basic: bool = False  # a row of the project page's 项目基本信息 table


DECLARATION: tuple[Field, ...] = (
    Field("id", ID, "项目标识", "Project id", column="string"),
    Field("title", TEXT, "项目名称", "Project name", True,
          ("专项（项目）名称", "专项资金名称", "单位（项目）名称"), "string", basic=True),
    Field("year", YEAR, "预算年度", "Budget year", True, column="year", basic=True),
    Field("project_code", CODE, "项目编码", "Project code", words=("项目代码",), column="string",
          basic=True),
    Field("department", TEXT, "主管部门", "Competent department", True, ("主管部门及代码", "单位名称"), "string",
          basic=True),
    Field("department_code", CODE, "主管部门编码", "Department code", words=("单位编码", "部门编码"),
          column="string", basic=True),
    Field("implementing_unit", TEXT, "实施单位", "Implementing unit", column="string", basic=True),
    Field("nature", TEXT, "项目性质", "Nature of the project", column="string", basic=True),
    Field("category", TEXT, "项目类别", "Project category", column="string", basic=True),
    Field("start_date", DATE, "计划开始日期", "Planned start", column="date", basic=True),
    Field("end_date", DATE, "计划完成日期", "Planned completion", column="date", basic=True),
    Field("funds", FUNDS, "项目资金", "Funds", True),
    Field("goal", TEXT, "年度总体目标", "Overall goal for the year", True,
          ("年度目标", "总体目标", "年度绩效目标", "绩效目标", "项目实施期目标"), "string"),
    Field("project_goal", TEXT, "项目总目标", "Overall goal of the project", words=("中期目标",), column="string"),
    Field("indicators", INDICATORS, "绩效指标", "Indicators", True),
    Field("series", SERIES, "项目系列", "Project series", column="string"),
    Field("published", DATE, "发布日期", "Published", column="date"),
    Field("updated", DATE, "更新日期", "Updated", column="date"),
    Field("corrections", CORRECTIONS, "更正说明", "Corrections"),
    Field("source", SOURCE, "资料来源", "Source"),
)

# Keys that tell sitegen what to do with a declaration: read, never published.
INSTRUCTIONS: tuple[Field, ...] = (
    Field("draft", FLAG, "草稿", "Draft"),  # true: left out of the site
)

# funds: amounts in 元. 其他资金 is in both columns: the importers tell them apart by place.
FUNDS_FIELDS: tuple[Field, ...] = (
    Field("requested", AMOUNT, "年度资金申请总额", "Amount requested this year", True,
          ("年度资金总额", "年度预算资金总额", "实施期资金总额", "资金总额", "项目总额"), "number"),
    Field("appropriation", AMOUNT, "其中：当年财政拨款", "of which this year's appropriation",
          words=("当年财政拨款", "其中：财政拨款", "财政拨款", "财政资金"), column="number"),
    Field("carryover", AMOUNT, "上年结转资金", "Carried over from last year", words=("上年结转",), column="number"),
    Field("other", AMOUNT, "其他资金（年度）", "Other sources, this year", words=("其他资金",),
          column="number"),
    Field("project_total", AMOUNT, "项目资金总额（全周期）", "Project total, whole life",
          words=("项目资金总额",), column="number"),
    Field("project_fiscal", AMOUNT, "其中：财政资金（全周期）", "of which fiscal funds, whole life",
          words=("其中：财政资金",), column="number"),
    Field("project_other", AMOUNT, "其他资金（全周期）", "Other sources, whole life", column="number"),
)

# One row of the indicator table. The last four are the columns some provinces add.
INDICATOR_FIELDS: tuple[Field, ...] = (
    Field("level1", TEXT, "一级指标", "Level-1 indicator", True, column="string"),
    Field("level2", TEXT, "二级指标", "Level-2 indicator", True, column="string"),
    Field("name", TEXT, "三级指标", "Indicator", True, ("指标内容",), "string"),
    Field("target", TEXT, "年度指标值", "Target for the year", True,
          ("指标值", "目标值", "年度(/项目)指标值", "本年绩效指标值", "项目指标值"), "string"),
    Field("unit", TEXT, "计量单位", "Unit", words=("度量单位", "绩效度量单位"), column="string"),
    Field("kind", TEXT, "指标性质", "Quantitative or qualitative", words=("指标值类型",),
          column="string"),
    Field("weight", NUMBER, "分值", "Weight", words=("分值权重", "权重"), column="number"),
    Field("explanation", TEXT, "指标解释", "Explanation", words=("指标值内容",), column="string"),
    Field("scoring", TEXT, "评（扣）分标准", "Scoring rule", column="string"),
)

CORRECTION_FIELDS: tuple[Field, ...] = (
    Field("date", DATE, "更正日期", "Date of correction", True, column="date"),
    Field("what", TEXT, "更正内容", "What was corrected", True, column="string"),
    Field("why", TEXT, "更正原因", "Why", True, column="string"),
)

# source: where the declaration was read from; the importer writes all but title.
SOURCE_FIELDS: tuple[Field, ...] = (
    Field("title", TEXT, "资料来源", "Source", column="string"),
    Field("file", TEXT, "原文文件", "Source file", column="string"),
    Field("sha256", TEXT, "原文 SHA-256", "Source SHA-256", column="string"),
    Field("pages", TEXT, "原文页码", "Source pages", column="string"),
    Field("unit", TEXT, "原表金额单位", "Unit of the source's amounts", column="string"),
)


def keys(fields: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(f.key for f in fields)


def required(fields: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(f.key for f in fields if f.required)


def labels(fields: tuple[Field, ...]) -> dict[str, str]:
    return {f.key: f.label for f in fields}


def words(fields: tuple[Field, ...]) -> dict[str, str]:
    """Every label a form may print -> its key."""
    return {w: f.key for f in fields for w in (f.label, *f.words)}


def column_name(fields: tuple[Field, ...], f: Field) -> str:
    """A key's CSV column: the key itself; a source key's is prefixed (source_file …), and
    the source's title keeps the column name it had as plain text (source)."""
    if fields is SOURCE_FIELDS:
        return "source" if f.key == "title" else f"source_{f.key}"
    return f.key


def column_titles() -> dict[str, tuple[str, str]]:
    """CSV column -> its (Chinese, English) title: the ``column.<name>`` messages."""
    out: dict[str, tuple[str, str]] = {}
    for group in (DECLARATION, FUNDS_FIELDS, INDICATOR_FIELDS, CORRECTION_FIELDS, SOURCE_FIELDS):
        for f in group:
            if not f.column:
                continue
            zh, en = f.label, f.english
            if f.kind == AMOUNT:
                zh = zh[:-1] + "，元）" if zh.endswith("）") else zh + "（元）"
                en += " (yuan)"
            out[column_name(group, f)] = (zh, en)
    return out
