"""The declaration: its fields, their types and the rules they obey.

This module is the one truth about the content format, shared by the loader,
the importer and the exports. ``read_declaration`` turns a parsed front-matter
mapping into a typed ``Declaration`` and reports every problem with its line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from dataclasses import field
from decimal import Decimal

from sitegen import fields as F
from sitegen.diagnostics import Diagnostics
from sitegen.frozen import frozen_record
from sitegen.money import MoneyError, format_money, parse_money
from sitegen.targets import Target, TargetError, parse_target
from sitegen.yamlsrc import Mapping, Node, Scalar, Sequence, kind_name, read_text, warn_unknown_keys

# The official vocabulary of indicator levels: 一级指标 -> its 二级指标.
LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
}

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # used with fullmatch: '$' would allow a final newline
MAX_ID_LENGTH = 100  # an id is a folder name and part of every URL of the project
YEARS = range(1990, 2101)  # budget years and dates a declaration may give
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PAGES = re.compile(r"(\d{1,5})(?:-(\d{1,5}))?")
_WEIGHT = re.compile(r"\d{1,3}(?:\.\d{1,2})?")


@frozen_record(detail=("appropriation", "carryover", "other", "project_total", "project_fiscal", "project_other"))
class Funds:
    """项目资金 in yuan. The annual column is always present; the whole-life
    project column only for multi-year projects. Listings and totals read only
    ``requested``: the rest is detail (see frozen.py), as for the declaration."""

    requested: Decimal  # 年度资金申请总额
    appropriation: Decimal | None = None  # 其中：当年财政拨款; None where the form prints only the total
    carryover: Decimal = Decimal("0.00")  # 上年结转资金
    other: Decimal = Decimal("0.00")  # 其他资金 (annual)
    project_total: Decimal | None = None  # 项目资金总额
    project_fiscal: Decimal | None = None  # 其中：财政资金
    project_other: Decimal | None = None  # 其他资金 (whole life)
    _detail: bytes | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def has_project_column(self) -> bool:
        return self.project_total is not None


@frozen_record
class Indicator:
    level1: str  # 一级指标
    level2: str  # 二级指标
    name: str  # 三级指标
    target: Target  # 年度(/项目)指标值
    line: int = 0
    kind: str = ""  # 指标性质 / 指标值类型: 定量 or 定性, where the form prints it
    weight: Decimal | None = None  # 分值 / 权重
    explanation: str = ""  # 指标解释 / 指标值内容
    scoring: str = ""  # 评（扣）分标准


@frozen_record
class Source:
    """Where a declaration was read from: the importer writes the file, its digest, the
    pages of the form and the unit its amounts were printed in."""

    title: str = ""
    file: str = ""
    sha256: str = ""
    pages: str = ""  # '31' or '31-32'
    unit: str = ""  # 元 or 万元; amounts are stored in 元 whatever the source printed

    @property
    def page_range(self) -> tuple[int, int] | None:
        if not self.pages:
            return None
        first, _, last = self.pages.partition("-")
        return int(first), int(last or first)


@frozen_record
class Correction:
    """One entry of 更正说明: a published figure was changed, when, what and why."""

    date: dt.date
    what: str  # 更正内容
    why: str  # 更正原因
    line: int = 0


@frozen_record(detail=("start_date", "end_date", "goal", "project_goal", "indicators", "source", "body",
                       "lines"))
class Declaration:
    """One 财政项目支出绩效目标申报表. Its detail fields are read from a pickle only
    when first used (see frozen.py): listings and page keys need only the rest.
    (Unpickling 10,000 summaries took 0.12 s with the dates and every amount in
    them, 0.09 s without.)"""

    id: str
    title: str
    year: int
    department: str
    funds: Funds
    goal: str
    indicators: tuple[Indicator, ...]
    category: str = ""  # 项目类别, 项目性质 and the plan dates: most provinces' forms print none
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    nature: str = ""
    implementing_unit: str = ""
    project_goal: str = ""
    project_code: str = ""
    department_code: str = ""
    source: Source | None = None
    published: dt.date | None = None
    updated: dt.date | None = None
    series: str = ""  # ties one project's declarations of different years together
    corrections: tuple[Correction, ...] = ()
    body: str = ""  # the Markdown after the front matter
    path: str = ""  # the content file, as shown in diagnostics
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    digest: str = field(default="", compare=False)  # of the file's bytes: the cache key of its pages
    # Kept beside the indicators, so that totals and a department's chart of its
    # indicators by 一级指标 need not unpickle them: their number, and how many
    # there are of each 一级指标 (in the order they first appear).
    indicator_count: int = field(default=0, init=False, compare=False)
    indicator_levels: tuple[tuple[str, int], ...] = field(default=(), init=False, compare=False)
    _detail: bytes | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        levels: dict[str, int] = {}
        for ind in self.indicators:
            levels[ind.level1] = levels.get(ind.level1, 0) + 1
        object.__setattr__(self, "indicator_count", len(self.indicators))
        object.__setattr__(self, "indicator_levels", tuple(levels.items()))


FUNDS_KEYS, FUNDS_REQUIRED = F.keys(F.FUNDS_FIELDS), F.required(F.FUNDS_FIELDS)
INDICATOR_KEYS, INDICATOR_REQUIRED = F.keys(F.INDICATOR_FIELDS), F.required(F.INDICATOR_FIELDS)
CORRECTION_KEYS, SOURCE_KEYS = F.keys(F.CORRECTION_FIELDS), F.keys(F.SOURCE_FIELDS)
# The form's own label for each key, so that a message speaks the publisher's language.
LABELS: dict[str, str] = {**F.labels(F.CORRECTION_FIELDS), **F.labels(F.INDICATOR_FIELDS),
                          **F.labels(F.FUNDS_FIELDS), **F.labels(F.DECLARATION)}
SOURCE_UNITS = ("元", "万元")


def read_date(node: Node, name: str, line: int, diags: Diagnostics) -> dt.date | None:
    text = read_text(node, name, line, diags)
    if text is None:
        return None
    m = _DATE.match(text)
    if not m:
        diags.error(line, f"{name} '{text}' is not a date (write it like 2024-01-01)")
        return None
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if year not in YEARS:
        diags.error(line, f"{name} {text} is out of range: a date must lie in the years "
                          f"{YEARS.start}-{YEARS.stop - 1}")
        return None
    if not 1 <= month <= 12:
        diags.error(line, f"{name} {text} is not a real date: there is no month {month}")
        return None
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        diags.error(line, f"{name} {text} is not a real date: {year}-{month:02d} has {days} days")
        return None
    return dt.date(year, month, day)


def _read_money(node: Node, name: str, line: int, diags: Diagnostics) -> Decimal | None:
    if not isinstance(node, Scalar) or node.is_null or node.kind == "bool":
        diags.error(line, f"{name} must be an amount like \"6,491,700.00\", not {kind_name(node)}")
        return None
    try:
        value = parse_money(node.text)
    except MoneyError as exc:
        diags.error(line, f"{name}: {exc}")
        return None
    if value < 0:
        diags.error(line, f"{name} must not be negative ({format_money(value)}); "
                          "write the amount without a minus sign, or 0.00")
        return None
    return value


def _read_year(node: Node, name: str, line: int, diags: Diagnostics) -> int | None:
    if not isinstance(node, Scalar) or not re.fullmatch(r"\d{4}", node.text.strip()):
        shown = node.text if isinstance(node, Scalar) else kind_name(node)
        diags.error(line, f"year must be a four-digit year like 2024, not '{shown}'")
        return None
    year = int(node.text)
    if year not in YEARS:
        diags.error(line, f"year {node.text.strip()} is out of range: write the budget year, "
                          f"from {YEARS.start} to {YEARS.stop - 1}")
        return None
    return year


def id_problem(text: str) -> str | None:
    """Why ``text`` cannot be an id (a folder name and part of URLs), or None."""
    if len(text) > MAX_ID_LENGTH:
        return f"is {len(text)} characters long; an id may have at most {MAX_ID_LENGTH}"
    if not ID_PATTERN.fullmatch(text):
        return "may only use lowercase a-z, 0-9 and single hyphens"
    return None


def _read_id(node: Node, name: str, line: int, diags: Diagnostics) -> str | None:
    text = read_text(node, "id", line, diags)
    problem = None if text is None else id_problem(text)
    if problem:
        diags.error(line, f"id {text!r} {problem}, because it becomes the page's URL; "
                          "e.g. id: 2024-zhanting-yunying")
        return None
    return text


def _read_series(node: Node, name: str, line: int, diags: Diagnostics) -> str | None:
    text = read_text(node, "series", line, diags)
    problem = None if text is None else id_problem(text)
    if problem:
        diags.error(line, f"series {text!r} {problem}, like an id; use the same series in every year's declaration of the project, "
                          "e.g. series: kczx-zhanting-yunying")
        return None
    return text


def _read_correction(node: Node, index: int, diags: Diagnostics) -> Correction | None:
    where = f"corrections[{index + 1}]"
    if not isinstance(node, Mapping):
        diags.error(node.line, f"{where} must be a mapping with the keys date, what, why, "
                               "e.g. - {date: 2025-03-01, what: 年度资金申请总额由…改为…, why: 原表录入错误}")
        return None
    warn_unknown_keys(node, CORRECTION_KEYS, f" in {where}", diags)
    ok = True
    for key in CORRECTION_KEYS:
        if key not in node:
            diags.error(node.line, f"{where}.{key} ({LABELS[key]}) is missing; add it to this correction")
            ok = False
    if not ok:
        return None
    date = read_date(node["date"], f"{where}.date", node.line_of("date"), diags)
    what = read_text(node["what"], f"{where}.what", node.line_of("what"), diags)
    why = read_text(node["why"], f"{where}.why", node.line_of("why"), diags)
    if date is None or what is None or why is None:
        return None
    return Correction(date, what, why, node.line)


def _read_corrections(node: Node, name: str, line: int, diags: Diagnostics) -> tuple[Correction, ...] | None:
    if not isinstance(node, Sequence):
        diags.error(line, "corrections must be a list, one line starting with '- ' per correction, "
                          f"e.g. - {{date: 2025-03-01, what: …, why: …}}; not {kind_name(node)}")
        return None
    read = [_read_correction(item, i, diags) for i, item in enumerate(node)]
    if any(r is None for r in read):
        return None
    return tuple(read)  # type: ignore[arg-type]


def _read_funds(node: Node, name: str, line: int, diags: Diagnostics) -> Funds | None:
    if not isinstance(node, Mapping):
        diags.error(line, f"funds must be a mapping of amounts, not {kind_name(node)}")
        return None
    warn_unknown_keys(node, FUNDS_KEYS, " in funds", diags)
    ok = True
    amounts: dict[str, Decimal] = {}
    for key in FUNDS_KEYS:
        if key not in node:
            if key in FUNDS_REQUIRED:
                diags.error(node.line, f"funds.{key} ({LABELS[key]}) is missing; add it under funds")
                ok = False
            continue
        value = _read_money(node[key], f"funds.{key}", node.line_of(key), diags)
        if value is None:
            ok = False
        else:
            amounts[key] = value
    if not ok:
        return None
    funds = Funds(**amounts)
    _check_funds_arithmetic(funds, node, diags)
    return funds


def _check_funds_arithmetic(f: Funds, node: Mapping, diags: Diagnostics) -> None:
    parts = (f.appropriation or Decimal(0)) + f.carryover + f.other
    if f.appropriation is not None and f.requested != parts:
        diags.error(node.line_of("requested"),
                    f"funds.requested {format_money(f.requested)} does not add up: appropriation "
                    f"{format_money(f.appropriation or Decimal(0))} + carryover {format_money(f.carryover)} + other "
                    f"{format_money(f.other)} = {format_money(parts)}; correct the amount that is wrong")
    has_parts = f.project_fiscal is not None or f.project_other is not None
    if f.project_total is None:
        if has_parts:
            key = "project_fiscal" if f.project_fiscal is not None else "project_other"
            diags.error(node.line_of(key), f"funds.{key} is given without funds.project_total "
                                           f"({LABELS['project_total']}); add project_total or remove {key}")
        return
    if has_parts:
        whole = (f.project_fiscal or Decimal(0)) + (f.project_other or Decimal(0))
        if f.project_total != whole:
            diags.error(node.line_of("project_total"),
                        f"funds.project_total {format_money(f.project_total)} does not add up: "
                        f"project_fiscal {format_money(f.project_fiscal or Decimal(0))} + project_other "
                        f"{format_money(f.project_other or Decimal(0))} = {format_money(whole)}; "
                        "correct the amount that is wrong")
    if f.requested > f.project_total:
        diags.error(node.line_of("requested"),
                    f"funds.requested {format_money(f.requested)} is more than funds.project_total "
                    f"{format_money(f.project_total)}: one year cannot ask for more than the whole "
                    "project; correct one of them")


def _read_indicator(node: Node, index: int, diags: Diagnostics) -> Indicator | None:
    where = f"indicators[{index + 1}]"
    line = node.line if isinstance(node, (Mapping, Sequence, Scalar)) else 0
    if not isinstance(node, Mapping):
        diags.error(line, f"{where} must be a mapping with the keys level1, level2, name, target, "
                          "e.g. - {level1: 产出指标, level2: 数量指标, name: 参观人数, target: \"≥2000\", unit: 人}")
        return None
    warn_unknown_keys(node, INDICATOR_KEYS, f" in {where}", diags)
    values: dict[str, str] = {}
    for key in INDICATOR_KEYS:
        if key not in node:
            if key in INDICATOR_REQUIRED:
                diags.error(node.line, f"{where}.{key} ({LABELS[key]}) is missing; add it to this indicator")
            continue
        text = read_text(node[key], f"{where}.{key}", node.line_of(key), diags)
        if text is not None:
            values[key] = text
    if any(k not in values for k in INDICATOR_REQUIRED):
        return None
    try:
        target = parse_target(values["target"], values.get("unit"))
    except TargetError as exc:
        diags.error(node.line_of("target"), f"{where}.{exc}")
        return None
    weight = None
    if "weight" in values:
        if not _WEIGHT.fullmatch(values["weight"]):
            diags.error(node.line_of("weight"), f"{where}.weight '{values['weight']}' must be a number "
                                                "of points such as 10 or 2.5 (分值)")
            return None
        weight = Decimal(values["weight"])
    level1, level2 = values["level1"], values["level2"]
    _check_levels(level1, level2, node, where, diags)
    return Indicator(level1, level2, values["name"], target, node.line, values.get("kind", ""), weight,
                     values.get("explanation", ""), values.get("scoring", ""))


def _check_levels(level1: str, level2: str, node: Mapping, where: str, diags: Diagnostics) -> None:
    if level1 not in LEVELS:
        guess = difflib.get_close_matches(level1, list(LEVELS), n=1, cutoff=0.5)
        hint = f"; did you mean '{guess[0]}'?" if guess else f" (official: {'、'.join(LEVELS)})"
        diags.warning(node.line_of("level1"), f"{where}.level1: '{level1}' is not an official 一级指标{hint}")
        return
    allowed = LEVELS[level1]
    if level2 not in allowed:
        diags.warning(node.line_of("level2"),
                      f"{where}.level2: '{level2}' is not a 二级指标 of '{level1}' "
                      f"(official: {'、'.join(allowed)})")


def _read_indicators(node: Node, name: str, line: int, diags: Diagnostics) -> tuple[Indicator, ...] | None:
    if not isinstance(node, Sequence):
        diags.error(line, f"indicators must be a list, one line starting with '- ' per indicator, "
                          f"not {kind_name(node)}")
        return None
    if not node:
        diags.error(line, "indicators is empty: a declaration needs at least one indicator; "
                          "add the rows of its 绩效指标 table")
        return None
    read = [_read_indicator(item, i, diags) for i, item in enumerate(node)]
    if any(r is None for r in read):
        return None
    return tuple(read)  # type: ignore[arg-type]


def _read_source(node: Node, name: str, line: int, diags: Diagnostics) -> Source | None:
    """Plain text (the source's title), or the mapping the importer writes."""
    if isinstance(node, Scalar):
        title = read_text(node, name, line, diags)
        return None if title is None else Source(title=title)
    if not isinstance(node, Mapping):
        diags.error(line, f"source must be text (the title of the source) or a mapping of "
                          f"{', '.join(SOURCE_KEYS)}, not {kind_name(node)}")
        return None
    warn_unknown_keys(node, SOURCE_KEYS, " in source", diags)
    values = {k: read_text(node[k], f"source.{k}", node.line_of(k), diags) for k in SOURCE_KEYS if k in node}
    if any(v is None for v in values.values()):
        return None
    problems = []
    if "sha256" in values and not _SHA256.fullmatch(values["sha256"]):
        problems.append(("sha256", "source.sha256 must be the 64 hexadecimal digits of the file's SHA-256"))
    pages = _PAGES.fullmatch(values.get("pages", "1"))
    if not pages or int(pages[1]) < 1 or (pages[2] and int(pages[2]) < int(pages[1])):
        problems.append(("pages", f"source.pages '{values['pages']}' must be a page number or a range "
                                  "such as 31-32"))
    if values.get("unit", "元") not in SOURCE_UNITS:
        problems.append(("unit", f"source.unit '{values['unit']}' must be one of {'、'.join(SOURCE_UNITS)}: "
                                 "the unit the source printed its amounts in (amounts are always in 元)"))
    for key, message in problems:
        diags.error(node.line_of(key), message)
    if problems:
        return None
    return Source(**values)


_READERS = {F.TEXT: read_text, F.CODE: read_text, F.YEAR: _read_year, F.DATE: read_date,
            F.ID: _read_id, F.SERIES: _read_series, F.FUNDS: _read_funds,
            F.INDICATORS: _read_indicators, F.CORRECTIONS: _read_corrections, F.SOURCE: _read_source}


def read_declaration(front: Node | None, default_id: str | None, body: str, path: str,
                     diags: Diagnostics) -> Declaration | None:
    """Validate a parsed front matter. Returns None when any error was reported."""
    if not isinstance(front, Mapping):
        diags.error(1 if front is None else front.line,
                    "front matter must be a mapping of keys such as title, year, funds")
        return None
    before = len(diags.errors)
    warn_unknown_keys(front, F.keys(F.DECLARATION), "", diags)
    values: dict[str, object] = {}
    for f in F.DECLARATION:
        if f.key not in front:
            if f.required:
                diags.error(front.line, f"required key '{f.key}' ({f.label}) is missing; "
                                        "add it to the front matter")
            continue
        node, line = front[f.key], front.line_of(f.key)
        value = _READERS[f.kind](node, f.key, line, diags)
        if value is not None:
            values[f.key] = value
    if "id" not in values and "id" not in front:
        problem = id_problem(default_id) if default_id else "is empty"
        if not problem:
            values["id"] = default_id
        else:
            diags.error(1, f"file name {default_id!r} cannot become a URL: it {problem}; add an id of "
                           "lowercase letters, digits and hyphens, e.g. id: 2024-zhanting-yunying")
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and start > end:  # type: ignore[operator]
        diags.error(front.line_of("end_date"), f"end_date {end} is before start_date {start}; "
                                               "correct one of the two dates")
    if len(diags.errors) > before:
        return None
    lines = dict(front.key_lines)
    return Declaration(**values, body=body, path=path, lines=lines)  # type: ignore[arg-type]
