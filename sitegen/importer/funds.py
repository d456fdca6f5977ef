"""The funds block 项目资金（元）: an annual column and a whole-life project column.

    项目资金总额      [project]   年度资金申请总额   [annual]
    其中：财政资金    [project]   其中：当年财政拨款 [annual]
                                 上年结转资金       [annual]
    其他资金          [project]   其他资金           [annual]

Labels queue up in reading order; a run of amounts goes to the *last* labels waiting.
The annual column is always filled and comes after the project column, so when a row
shows two labels and one number (``项目资金总额 年度资金申请总额 6,491,700.00``) the
number is the annual one; with two numbers the first is the project column's.
"""

from __future__ import annotations

from decimal import Decimal

from sitegen.diagnostics import Diagnostics
from sitegen.importer import vocabulary as v
from sitegen.importer.cells import Cell
from sitegen.messages import Message
from sitegen.money import MoneyError, format_money, parse_money

LABELS = {"requested": "年度资金申请总额", "appropriation": "其中：当年财政拨款",
          "carryover": "上年结转资金", "other": "其他资金", "project_total": "项目资金总额",
          "project_fiscal": "其中：财政资金", "project_other": "其他资金 (项目)"}
REQUIRED = ("requested", "appropriation")
ZERO_IF_BLANK = ("carryover", "other")


def amount(text: str) -> Decimal | None:
    """The exact amount of a cell (read by sitegen.money), or None when it is not one."""
    try:
        return parse_money(text)
    except MoneyError:
        return None


def is_amount(text: str) -> bool:
    return amount(text) is not None


def read_funds(cells: list[Cell], diags: Diagnostics) -> dict[str, tuple[Decimal, int]]:
    """-> funds key -> (amount, line), keys as in sitegen.schema.FUNDS_KEYS."""
    pending: list[Cell] = []  # labels still waiting for an amount
    run: list[Cell] = []  # consecutive amounts not yet given to a label
    given: list[tuple[Cell, Cell | None]] = []  # (label, amount or None for a blank cell)

    def settle() -> None:
        if not run:
            return
        if len(run) > len(pending):
            for extra in run[:len(run) - len(pending)]:
                diags.error(extra.line, Message("import.funds.no_label", amount=extra.text))
        labels = pending[len(pending) - min(len(run), len(pending)):]
        blanks = pending[:len(pending) - len(labels)]
        given.extend((label, None) for label in blanks)
        given.extend(zip(labels, run[len(run) - len(labels):]))
        for cell in run:
            cell.used = True
        pending.clear()
        run.clear()

    for cell in cells:
        if cell.key in v.FUNDS_HEADING_WAN:
            diags.error(cell.line, Message("import.funds.wan"))
        elif cell.key in v.FUNDS_HEADINGS:
            cell.used = True
        elif cell.key in v.FUNDS:
            settle()
            pending.append(cell)
            cell.used = True
        elif is_amount(cell.text):
            run.append(cell)
        else:
            settle()
    settle()
    given.extend((label, None) for label in pending)
    return _columns(given, diags)


def _columns(given: list[tuple[Cell, Cell | None]], diags: Diagnostics
             ) -> dict[str, tuple[Decimal, int]]:
    """Name each amount by its label; two 其他资金 are project then annual, one is annual."""
    others = [pair for pair in given if v.FUNDS[pair[0].key] == "other"]
    if len(others) > 2:
        diags.error(others[2][0].line, Message("import.funds.other_thrice"))
    funds: dict[str, tuple[Decimal, int]] = {}
    for label, value in given:
        field = v.FUNDS[label.key]
        if field == "other" and len(others) == 2 and label is others[0][0]:
            field = "project_other"
        if value is None:
            continue
        if field in funds:
            diags.warning(label.line, Message("import.funds.twice", label=label.text,
                                              amount=format_money(funds[field][0])))
            value.used = False
            continue
        funds[field] = (amount(value.text), value.line)  # type: ignore[assignment]
    first = given[0][0].line if given else 0
    for field in REQUIRED:
        if field not in funds:
            diags.error(first, Message("import.funds.missing", label=LABELS[field]))
    for field in ZERO_IF_BLANK:
        if field not in funds:
            diags.warning(first, Message("import.funds.blank", label=LABELS[field]))
    return funds
