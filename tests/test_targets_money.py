"""Targets (年度指标值) and money (元): the two kinds of value publishers type most."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.money import MoneyError, format_money, parse_money
from sitegen.targets import Target, TargetError, parse_target


# --- targets ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw, unit, comparison, value, shown_unit, display", [
    ("≥200.00(批次)", None, "≥", "200.00", "批次", "≥200.00(批次)"),
    ("≥200.00", "批次", "≥", "200.00", "批次", "≥200.00(批次)"),
    ("≥200.00(批次)", "批次", "≥", "200.00", "批次", "≥200.00(批次)"),
    (">=95", "%", "≥", "95", "%", "≥95(%)"),
    ("=>95", "%", "≥", "95", "%", "≥95(%)"),
    ("≧95.00", "%", "≥", "95.00", "%", "≥95.00(%)"),
    ("<=24.00", "小时", "≤", "24.00", "小时", "≤24.00(小时)"),
    ("≦3", None, "≤", "3", None, "≤3"),
    ("＞８５", "%", ">", "85", "%", ">85(%)"),  # full-width comparison and digits
    ("＜＝３", None, "≤", "3", None, "≤3"),
    ("＝１００．００（％）", None, "=", "100.00", "%", "=100.00(%)"),
    ("≥95%", None, "≥", "95", "%", "≥95(%)"),  # % without parentheses
    ("≥95.00 %", None, "≥", "95.00", "%", "≥95.00(%)"),
    ("≥95％", "%", "≥", "95", "%", "≥95(%)"),  # full-width % agrees with the unit key
    ("=5(人)", None, "=", "5", "人", "=5(人)"),
    ("==0", "%", "=", "0", "%", "=0(%)"),
    ("≥ 2000.00 (人)", None, "≥", "2000.00", "人", "≥2000.00(人)"),
    ("985米", None, None, "985", "米", "985米"),  # a value without an operator keeps its bare unit
    ("985", "米", None, "985", "米", "985米"),
])
def test_quantitative_targets(raw, unit, comparison, value, shown_unit, display):
    t = parse_target(raw, unit)
    assert t.quantitative
    assert (t.comparison, t.value, t.unit) == (comparison, value, shown_unit)
    assert t.display() == display


def test_number_is_kept_exactly_as_written():
    # '200.00' and '200' are shown as the form wrote them, never reformatted.
    assert parse_target("≥200.00").value == "200.00"
    assert parse_target("≥200").value == "200"
    assert parse_target("=0.00(%)").display() == "=0.00(%)"


@pytest.mark.parametrize("raw", ["全年正常运营", "正常", "按时", "合格", "1-3个", "有效提升"])
def test_qualitative_targets_are_shown_as_written(raw):
    t = parse_target(raw)
    assert t == Target(text=raw)
    assert not t.quantitative
    assert t.display() == raw


def test_qualitative_target_keeps_surrounding_text_but_not_outer_spaces():
    assert parse_target("  全年正常运营 ").display() == "全年正常运营"


@pytest.mark.parametrize("raw", ["≥abc", ">=", "≤ 高", "＞良好"])
def test_comparison_without_number_is_an_error(raw):
    with pytest.raises(TargetError, match="比较符（≥ ≤ = > <）后面必须是数字"):
        parse_target(raw)


@pytest.mark.parametrize("raw, unit", [
    ("≥200.00(人)", "批次"),
    ("≥95%", "个"),
    ("985米", "公里"),
])
def test_unit_conflict_is_an_error(raw, unit):
    with pytest.raises(TargetError, match=r"中的单位是“.+”，而 unit 写的是“.+”；请删除其中一个"):
        parse_target(raw, unit)


def test_unit_on_qualitative_target_is_an_error():
    with pytest.raises(TargetError, match="没有数字，计量单位“个”无从说起"):
        parse_target("全年正常运营", "个")


def test_empty_target_is_an_error():
    with pytest.raises(TargetError, match="指标值是空的"):
        parse_target("   ")


# --- money -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, amount", [
    ("6,491,700.00", "6491700.00"),
    ("6491700.00", "6491700.00"),
    ("6491700", "6491700.00"),
    ("48,241,798.00", "48241798.00"),
    ("1,234.5", "1234.50"),
    ("0", "0.00"),
    ("0.00", "0.00"),
    ("６，４９１，７００．００", "6491700.00"),  # full-width digits, comma and point
    ("６４９１７００", "6491700.00"),
    (" 683,890.00 ", "683890.00"),
    ("-5,000.00", "-5000.00"),  # parsed; the schema rejects it with its own message
])
def test_parse_money(text, amount):
    value = parse_money(text)
    assert value == Decimal(amount)
    assert str(value) == amount  # exactly two decimals, never a float


def test_parse_money_is_exact():
    total = sum(parse_money(a) for a in ["0.10", "0.20"])
    assert total == Decimal("0.30")
    assert isinstance(total, Decimal)


def test_negative_zero_is_plain_zero():
    # '-0.00' is not a negative amount; it must never print as '-0.00'.
    assert format_money(parse_money("-0.00")) == "0.00"


@pytest.mark.parametrize("text", [
    "1,2,3",  # commas that are not thousands separators
    "12,34.00",
    "1,000,00",
    "abc",
    "",
    "六十八万",
    "6491700元",
    "1e3",
    "NaN",
    "Infinity",
    "+5",
    "١٢٣",  # Arabic-Indic digits: not digits any form uses
])
def test_parse_money_rejects_what_is_not_an_amount(text):
    with pytest.raises(MoneyError, match=r"不是金额（请写成 6,491,700.00 的形式）"):
        parse_money(text)


@pytest.mark.parametrize("text", ["1.234", "683.890", "0.001"])
def test_parse_money_rejects_more_than_two_decimals(text):
    with pytest.raises(MoneyError, match="小数超过两位"):
        parse_money(text)


@pytest.mark.parametrize("amount, shown", [
    ("6491700", "6,491,700.00"),
    ("6491700.00", "6,491,700.00"),
    ("48241798.00", "48,241,798.00"),
    ("50000", "50,000.00"),
    ("683890.5", "683,890.50"),
    ("999.99", "999.99"),
    ("0", "0.00"),
])
def test_format_money(amount, shown):
    assert format_money(Decimal(amount)) == shown


def test_format_then_parse_round_trips():
    for amount in ["6491700.00", "0.01", "1000000000.00"]:
        assert parse_money(format_money(Decimal(amount))) == Decimal(amount)


# --- --strict --------------------------------------------------------------------------

SITE_WITH_ONE_WARNING = """---
id: 2024-xinxihua-yunwei
title: 信息化运维项目
year: 2024
department: 上海推进科技创新中心建设办公室
category: 其他运转类
start_date: 2024-01-01
end_date: 2024-12-31
funds: {requested: "683,890.00", appropriation: "683,890.00"}
goal: 系统保持稳定运行。
indicators:
  - {level1: 产出指标, level2: 社会效益指标, name: 业务模块优化, target: "≥3.00", unit: 个}
---
"""


def test_strict_turns_a_warning_into_exit_1(tmp_path: Path, monkeypatch, capsys):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "2024-xinxihua-yunwei.md").write_text(SITE_WITH_ONE_WARNING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    warning = ("content/2024-xinxihua-yunwei.md:12: warning: indicators[1].level2: '社会效益指标' "
               "is not a 二级指标 of '产出指标' (official: 数量指标、质量指标、时效指标、成本指标)")

    assert main(["check", "--lang", "en", "--site", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [warning]
    assert captured.out.endswith("0 errors, 1 warning: ok\n")

    assert main(["check", "--lang", "en", "--strict", "--site", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[0] == warning
    assert captured.err.splitlines()[-1].endswith("(warnings are errors with --strict)")


def test_declarations_survive_the_parse_cache_round_trip():
    """The parse cache pickles declarations as tuples of their fields (sitegen.frozen)."""
    import pickle
    from pathlib import Path

    from conftest import FIXTURE_SITE
    from sitegen import content
    from sitegen.diagnostics import Diagnostics

    for decl in content.load_declarations(Path(FIXTURE_SITE) / "content", Diagnostics()):
        copy = pickle.loads(pickle.dumps(decl, protocol=pickle.HIGHEST_PROTOCOL))
        assert copy == decl and copy.digest == decl.digest and copy.lines == decl.lines
        assert copy.indicators[0].target == decl.indicators[0].target


def test_unpickled_declarations_read_their_detail_only_when_asked():
    """Listings and page keys read a declaration's summary; its indicators, texts and
    lines stay one pickled blob until a page that shows them reads them."""
    import dataclasses
    import pickle
    from pathlib import Path

    from conftest import FIXTURE_SITE
    from sitegen import content
    from sitegen.diagnostics import Diagnostics
    from sitegen.frozen import release

    decl = content.load_declarations(Path(FIXTURE_SITE) / "content", Diagnostics())[0]
    copy = pickle.loads(pickle.dumps(decl, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy._detail is not None
    assert (copy.id, copy.title, copy.funds, copy.digest) == (decl.id, decl.title, decl.funds, decl.digest)
    assert copy.indicator_count == len(decl.indicators) > 0
    with pytest.raises(AttributeError):  # the summary did not unpickle the detail
        object.__getattribute__(copy, "indicators")
    again = pickle.loads(pickle.dumps(copy, protocol=pickle.HIGHEST_PROTOCOL))  # still unread: blob passed on
    assert again.body == decl.body
    assert copy.indicators == decl.indicators
    assert copy.goal == decl.goal and copy.lines == decl.lines and copy == decl
    with pytest.raises(AttributeError):
        copy.no_such_field
    # Released, the detail is read again from the blob when next asked for.
    release(copy)
    with pytest.raises(AttributeError):
        object.__getattribute__(copy, "indicators")
    assert copy.indicators == decl.indicators and copy == decl
    made = dataclasses.replace(decl, title="另一个项目")  # made in code, no blob: it keeps its detail
    release(made)
    assert made._detail is None and object.__getattribute__(made, "indicators") == decl.indicators
