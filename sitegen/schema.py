"""The declaration: its fields, their types and the rules they obey.

This module is the one truth about the content format, shared by the loader,
the importer and the exports. ``read_declaration`` turns a parsed front-matter
mapping into a typed ``Declaration`` and reports every problem with its line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import functools
import hashlib
import re
from dataclasses import field
from decimal import Decimal

from sitegen import fields as F
from sitegen.diagnostics import Diagnostics
from sitegen.messages import Message
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

# 项目类别 as the budget systems name them (the template's list; other values are read too).
CATEGORIES: tuple[str, ...] = ("特定目标类", "其他运转类", "公用经费类", "其他人员类", "人员类")

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
    draft: bool = False  # left out of the site until the line is removed
    links: tuple[tuple[int, str], ...] = ()  # (line, target) of the body's links to the site's files: links.py
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
                          **F.labels(F.FUNDS_FIELDS), **F.labels(F.DECLARATION + F.INSTRUCTIONS)}
SOURCE_UNITS = ("元", "万元")
# The labels a form prints, where a publisher may write one as a key: -> the key to write.
_LABELED = {"": F.words(F.DECLARATION), "funds": F.words(F.FUNDS_FIELDS),
            "indicators": F.words(F.INDICATOR_FIELDS), "corrections": F.words(F.CORRECTION_FIELDS)}


@functools.cache  # asked for every value read, of a few dozen keys
def named(key: str) -> Message:
    """A key as messages name it, with the form's label: 'funds.requested（年度资金申请总额）'."""
    label = LABELS.get(key.rsplit(".", 1)[-1])
    return Message("field.named", key=key, label=label) if label else Message("field.key", key=key)


def read_date(node: Node, name: str, line: int, diags: Diagnostics) -> dt.date | None:
    text = read_text(node, name, line, diags)
    if text is None:
        return None
    m = _DATE.match(text)
    if not m:
        diags.error(line, Message("date.not_a_date", name=name, text=text))
        return None
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if year not in YEARS:
        diags.error(line, Message("date.out_of_range", name=name, text=text, first=YEARS.start, last=YEARS.stop - 1))
        return None
    if not 1 <= month <= 12:
        diags.error(line, Message("date.no_month", name=name, text=text, month=month))
        return None
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        diags.error(line, Message("date.no_day", name=name, text=text, month=f"{year}-{month:02d}", days=days))
        return None
    return dt.date(year, month, day)


def _read_money(node: Node, name: str, line: int, diags: Diagnostics) -> Decimal | None:
    if not isinstance(node, Scalar) or node.is_null or node.kind == "bool":
        diags.error(line, Message("money.not_scalar", name=name, kind=kind_name(node)))
        return None
    try:
        value = parse_money(node.text)
    except MoneyError as exc:
        diags.error(line, Message("field.problem", name=name, reason=exc.args[0]))
        return None
    if value < 0:
        diags.error(line, Message("money.negative", name=name, value=format_money(value)))
        return None
    return value


def _read_year(node: Node, name: str, line: int, diags: Diagnostics) -> int | None:
    if not isinstance(node, Scalar) or not re.fullmatch(r"\d{4}", node.text.strip()):
        shown = node.text if isinstance(node, Scalar) else kind_name(node)
        diags.error(line, Message("year.not_a_year", shown=shown))
        return None
    year = int(node.text)
    if year not in YEARS:
        diags.error(line, Message("year.out_of_range", year=node.text.strip(), first=YEARS.start, last=YEARS.stop - 1))
        return None
    return year


def id_problem(text: str) -> Message | None:
    """Why ``text`` cannot be an id (a folder name and part of URLs), or None."""
    if len(text) > MAX_ID_LENGTH:
        return Message("id.too_long", length=len(text), most=MAX_ID_LENGTH)
    if not ID_PATTERN.fullmatch(text):
        return Message("id.characters")
    return None


def derived_id(name: str) -> str:
    """An id for a file whose name cannot be one (Chinese, spaces, capitals): its letters
    and digits, then a digest of the whole name, so that it never changes and two
    names never share it. '2025年 食堂运营' -> '2025-3f0c2a1b'."""
    plain = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:MAX_ID_LENGTH - 9]
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"{plain}-{digest}".strip("-") if plain else f"p-{digest}"


def _id_reader(key: str):
    """The reader of ``id`` or ``series``: text an id can be (id_problem), else ``KEY.bad``."""
    def read(node: Node, name: str, line: int, diags: Diagnostics) -> str | None:
        text = read_text(node, key, line, diags)
        problem = None if text is None else id_problem(text)
        if problem:
            diags.error(line, Message(f"{key}.bad", text=text, problem=problem))
            return None
        return text
    return read


def _read_correction(node: Node, index: int, diags: Diagnostics) -> Correction | None:
    where = f"corrections[{index + 1}]"
    if not isinstance(node, Mapping):
        diags.error(node.line, Message("correction.not_mapping", where=where))
        return None
    warn_unknown_keys(node, CORRECTION_KEYS, Message("key.in", where=where), diags, labels=_LABELED["corrections"])
    ok = True
    for key in CORRECTION_KEYS:
        if key not in node:
            diags.error(node.line, Message("correction.missing", name=named(f"{where}.{key}")))
            ok = False
    if not ok:
        return None
    date = read_date(node["date"], named(f"{where}.date"), node.line_of("date"), diags)
    what = read_text(node["what"], named(f"{where}.what"), node.line_of("what"), diags)
    why = read_text(node["why"], named(f"{where}.why"), node.line_of("why"), diags)
    if date is None or what is None or why is None:
        return None
    return Correction(date, what, why, node.line)


def _read_list(node: Node, line: int, diags: Diagnostics, read_item, not_list: str) -> tuple | None:
    """A list whose every item ``read_item(item, index, diags)`` reads; None if any cannot."""
    if not isinstance(node, Sequence):
        diags.error(line, Message(not_list, kind=kind_name(node)))
        return None
    read = [read_item(item, i, diags) for i, item in enumerate(node)]
    return None if any(r is None for r in read) else tuple(read)


def _read_corrections(node: Node, name: str, line: int, diags: Diagnostics) -> tuple[Correction, ...] | None:
    return _read_list(node, line, diags, _read_correction, "correction.not_list")


def _read_funds(node: Node, name: str, line: int, diags: Diagnostics) -> Funds | None:
    if not isinstance(node, Mapping):
        diags.error(line, Message("funds.not_mapping", kind=kind_name(node)))
        return None
    warn_unknown_keys(node, FUNDS_KEYS, Message("key.in", where="funds"), diags, labels=_LABELED["funds"])
    ok = True
    amounts: dict[str, Decimal] = {}
    for key in FUNDS_KEYS:
        if key not in node:
            if key in FUNDS_REQUIRED:
                diags.error(node.line, Message("funds.missing", name=named(f"funds.{key}")))
                ok = False
            continue
        value = _read_money(node[key], named(f"funds.{key}"), node.line_of(key), diags)
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
        diags.error(node.line_of("requested"), Message(
            "funds.requested_sum", requested=format_money(f.requested), appropriation=format_money(f.appropriation),
            carryover=format_money(f.carryover), other=format_money(f.other), parts=format_money(parts)))
    has_parts = f.project_fiscal is not None or f.project_other is not None
    if f.project_total is None:
        if has_parts:
            key = "project_fiscal" if f.project_fiscal is not None else "project_other"
            diags.error(node.line_of(key), Message("funds.part_without_total", name=named(f"funds.{key}"), key=key))
        return
    if has_parts:
        whole = (f.project_fiscal or Decimal(0)) + (f.project_other or Decimal(0))
        if f.project_total != whole:
            diags.error(node.line_of("project_total"), Message(
                "funds.total_sum", total=format_money(f.project_total),
                fiscal=format_money(f.project_fiscal or Decimal(0)), other=format_money(f.project_other or Decimal(0)),
                whole=format_money(whole)))
    if f.requested > f.project_total:
        diags.error(node.line_of("requested"), Message(
            "funds.requested_above_total", requested=format_money(f.requested), total=format_money(f.project_total)))


def _read_indicator(node: Node, index: int, diags: Diagnostics) -> Indicator | None:
    where = f"indicators[{index + 1}]"
    line = node.line if isinstance(node, (Mapping, Sequence, Scalar)) else 0
    if not isinstance(node, Mapping):
        diags.error(line, Message("indicator.not_mapping", where=where))
        return None
    warn_unknown_keys(node, INDICATOR_KEYS, Message("key.in", where=where), diags, labels=_LABELED["indicators"])
    values: dict[str, str] = {}
    for key in INDICATOR_KEYS:
        if key not in node:
            if key in INDICATOR_REQUIRED:
                diags.error(node.line, Message("indicator.missing", name=named(f"{where}.{key}")))
            continue
        text = read_text(node[key], named(f"{where}.{key}"), node.line_of(key), diags)
        if text is not None:
            values[key] = text
    if any(k not in values for k in INDICATOR_REQUIRED):
        return None
    try:
        target = parse_target(values["target"], values.get("unit"))
    except TargetError as exc:
        diags.error(node.line_of("target"), Message("target.problem", where=where, reason=exc.args[0]))
        return None
    weight = None
    if "weight" in values:
        if not _WEIGHT.fullmatch(values["weight"]):
            diags.error(node.line_of("weight"), Message("indicator.weight", name=named(f"{where}.weight"),
                                                        text=values["weight"]))
            return None
        weight = Decimal(values["weight"])
    level1, level2 = values["level1"], values["level2"]
    _check_levels(level1, level2, node, where, diags)
    return Indicator(level1, level2, values["name"], target, node.line, values.get("kind", ""), weight,
                     values.get("explanation", ""), values.get("scoring", ""))


def _check_levels(level1: str, level2: str, node: Mapping, where: str, diags: Diagnostics) -> None:
    if level1 not in LEVELS:
        guess = difflib.get_close_matches(level1, list(LEVELS), n=1, cutoff=0.5)
        hint = (Message("yaml.did_you_mean", guess=guess[0]) if guess
                else Message("indicator.official", names="、".join(LEVELS)))
        diags.warning(node.line_of("level1"), Message("indicator.level1", where=where, level1=level1, hint=hint))
        return
    allowed = LEVELS[level1]
    if level2 not in allowed:
        diags.warning(node.line_of("level2"), Message("indicator.level2", where=where, level1=level1, level2=level2,
                                                      names="、".join(allowed)))


def _read_indicators(node: Node, name: str, line: int, diags: Diagnostics) -> tuple[Indicator, ...] | None:
    if isinstance(node, Sequence) and not node:
        diags.error(line, Message("indicator.none"))
        return None
    return _read_list(node, line, diags, _read_indicator, "indicator.not_list")


def _read_source(node: Node, name: str, line: int, diags: Diagnostics) -> Source | None:
    """Plain text (the source's title), or the mapping the importer writes."""
    if isinstance(node, Scalar):
        title = read_text(node, name, line, diags)
        return None if title is None else Source(title=title)
    if not isinstance(node, Mapping):
        diags.error(line, Message("source.kind", keys=", ".join(SOURCE_KEYS), kind=kind_name(node)))
        return None
    warn_unknown_keys(node, SOURCE_KEYS, Message("key.in", where="source"), diags)
    values = {k: read_text(node[k], named(f"source.{k}"), node.line_of(k), diags) for k in SOURCE_KEYS if k in node}
    if any(v is None for v in values.values()):
        return None
    problems = []
    if "sha256" in values and not _SHA256.fullmatch(values["sha256"]):
        problems.append(("sha256", Message("source.sha256")))
    pages = _PAGES.fullmatch(values.get("pages", "1"))
    if not pages or int(pages[1]) < 1 or (pages[2] and int(pages[2]) < int(pages[1])):
        problems.append(("pages", Message("source.pages", text=values["pages"])))
    if values.get("unit", "元") not in SOURCE_UNITS:
        problems.append(("unit", Message("source.unit", text=values["unit"], units="、".join(SOURCE_UNITS))))
    for key, message in problems:
        diags.error(node.line_of(key), message)
    if problems:
        return None
    return Source(**values)


def _read_flag(node: Node, name: str, line: int, diags: Diagnostics) -> bool | None:
    if isinstance(node, Scalar) and node.kind == "bool":
        return node.text.strip().lower() in ("true", "yes", "on")
    diags.error(line, Message("flag.not_flag", name=name, text=node.text if isinstance(node, Scalar) else ""))
    return None


_READERS = {F.FLAG: _read_flag, F.TEXT: read_text, F.CODE: read_text, F.YEAR: _read_year, F.DATE: read_date,
            F.ID: _id_reader("id"), F.SERIES: _id_reader("series"), F.FUNDS: _read_funds,
            F.INDICATORS: _read_indicators, F.CORRECTIONS: _read_corrections, F.SOURCE: _read_source}


def read_declaration(front: Node | None, default_id: str | None, body: str, path: str,
                     diags: Diagnostics, links: tuple[tuple[int, str], ...] = ()) -> Declaration | None:
    """Validate a parsed front matter. Returns None when any error was reported."""
    if not isinstance(front, Mapping):
        diags.error(1 if front is None else front.line, Message("content.front_not_mapping"))
        return None
    before = len(diags.errors)
    warn_unknown_keys(front, F.keys(F.DECLARATION + F.INSTRUCTIONS), "", diags, labels=_LABELED[""])
    values: dict[str, object] = {}
    labelled = {_LABELED[""][k.strip()] for k in front if k.strip() in _LABELED[""]}  # told as such above
    for f in F.DECLARATION + F.INSTRUCTIONS:
        if f.key not in front:
            if f.required and f.key not in labelled:
                diags.error(front.line, Message("content.required", key=f.key, label=f.label))
            continue
        node, line = front[f.key], front.line_of(f.key)
        value = _READERS[f.kind](node, named(f.key), line, diags)
        if value is not None:
            values[f.key] = value
    if "id" not in values and "id" not in front:
        values["id"] = default_id if default_id and not id_problem(default_id) else derived_id(default_id or "")
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and start > end:  # type: ignore[operator]
        diags.error(front.line_of("end_date"), Message("date.end_before_start", end=end, start=start))
    if len(diags.errors) > before:
        return None
    _check_plan_dates(values, front, diags)
    lines = dict(front.key_lines)
    return Declaration(**values, body=body, path=path, lines=lines, links=links)  # type: ignore[arg-type]


RECURRING_SPAN = 5  # years past the budget year that a recurring project's plan may reach


def _check_plan_dates(values: dict, front: Mapping, diags: Diagnostics) -> None:
    """Warnings for plan dates that do not fit the budget year: often a typed year."""
    year, start, end = values.get("year"), values.get("start_date"), values.get("end_date")
    if year is None:
        return
    if (start and start.year > year) or (end and end.year < year):
        key = "start_date" if start and start.year > year else "end_date"
        diags.warning(front.line_of(key), Message("date.outside_year", name=named(key), date=values[key], year=year))
    elif end and "经常性" in values.get("nature", "") and end.year - year > RECURRING_SPAN:
        diags.warning(front.line_of("end_date"), Message("date.far_for_recurring", end=end, year=year,
                                                         years=end.year - year, nature=values["nature"]))
