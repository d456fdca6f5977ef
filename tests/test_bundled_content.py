"""The repository's own content/ is the seed summary table (项目绩效目标汇总表) of
上海推进科技创新中心建设办公室, 2024. Hold it to the seed's figures, so an edit that
drops an indicator or mistypes an amount is caught before it is published."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.content import load_declarations
from sitegen.diagnostics import Diagnostics
from sitegen.money import format_money

REPO = Path(__file__).resolve().parent.parent

# 项目名称 -> (年度资金申请总额, 项目类别), as printed in the seed.
AMOUNTS = {
    "科创中心展厅运营项目": ("6,491,700.00", "特定目标类"),
    "机关服务": ("2,231,300.00", "特定目标类"),
    "缴纳残疾人就业保障金": ("50,000.00", "其他人员类"),
    "科创中心建设工作经费": ("27,565,700.00", "特定目标类"),
    "未来公园展厅运营项目": ("11,219,208.00", "特定目标类"),
    "信息化运维项目": ("683,890.00", "其他运转类"),
}

# Every indicator row of the seed: (一级指标, 二级指标, 三级指标, 年度指标值 as the form prints it).
INDICATORS = {
    "科创中心展厅运营项目": [
        ("产出指标", "数量指标", "年度完成接待任务数", "≥200.00(批次)"),
        ("产出指标", "质量指标", "房租租赁计划完成率", "=100.00(%)"),
        ("产出指标", "质量指标", "后勤保障服务验收通过率", "≥95.00(%)"),
        ("产出指标", "质量指标", "物业服务验收通过率", "≥95.00(%)"),
        ("效益指标", "社会效益指标", "展厅正常运营情况", "全年正常运营"),
        ("效益指标", "社会效益指标", "参观人数", "≥2000.00(人)"),
        ("满意度指标", "服务对象满意度指标", "展厅参观者的满意度", "≥95.00(%)"),
    ],
    "机关服务": [
        ("产出指标", "数量指标", "辅助人员的到岗人数", "=5(人)"),
        ("产出指标", "数量指标", "日均餐饮伙食供应人数", "≥300.00(人)"),
        ("产出指标", "数量指标", "对辅助人员的工作考核次数", "≥2(次)"),
        ("产出指标", "质量指标", "辅助人员的工作考核合格率", "=100(%)"),
        ("产出指标", "质量指标", "卫生安全事故发生率", "=0.00(%)"),
        ("产出指标", "质量指标", "交通事故发生率", "=0(%)"),
        # The seed's own duplicated name (a PDF-extraction scar) is kept as published.
        ("产出指标", "时效指标", "每日提供餐饮及时性餐饮提供及时性", "=100(%)"),
        ("产出指标", "时效指标", "辅助人员经费拨付及时性", "=100(%)"),
        ("效益指标", "社会效益指标", "解决就业人数", "=5(人)"),
        ("效益指标", "可持续影响指标", "餐饮设施利用率", "=100(%)"),
        ("满意度指标", "服务对象满意度指标", "公务车辆使用者的满意度", "≥95(%)"),
        ("满意度指标", "服务对象满意度指标", "就餐者满意度", "≥95(%)"),
    ],
    "缴纳残疾人就业保障金": [
        ("产出指标", "数量指标", "缴纳残疾人就业保障金", "=1.00(次)"),
        ("产出指标", "质量指标", "残疾人基金缴纳率", "=100.00(%)"),
        ("效益指标", "社会效益指标", "政策知晓率", "=100.00(%)"),
    ],
    "科创中心建设工作经费": [
        ("产出指标", "数量指标", "项目完成率", "≥95.00(%)"),
        ("产出指标", "质量指标", "项目目标实现率", "≥95.00(%)"),
        ("产出指标", "时效指标", "项目完成及时性", "≥95.00(%)"),
        ("效益指标", "社会效益指标", "项目效果对科创中心建设贡献度", "≥90.00(%)"),
        ("满意度指标", "服务对象满意度指标", "项目管理者满意度", "≥95.00(%)"),
    ],
    "未来公园展厅运营项目": [
        ("产出指标", "数量指标", "房租租赁计划完成率", "=100.00(%)"),
        ("产出指标", "质量指标", "接待服务验收通过率", "≥95.00(%)"),
        ("产出指标", "时效指标", "房屋租赁工作完成及时性", "=100.00(%)"),
        ("效益指标", "社会效益指标", "展厅正常运营情况", "正常"),
        ("效益指标", "可持续影响指标", "参观人数预期目标达标", "正常"),
        ("满意度指标", "服务对象满意度指标", "项目管理人员满意度", "≥100.00(%)"),
    ],
    "信息化运维项目": [
        ("产出指标", "数量指标", "业务模块优化", "≥3.00(个)"),
        ("产出指标", "质量指标", "系统故障", "≤3.00(%)"),
        ("效益指标", "社会效益指标", "系统更新及时率", "≤24.00(小时)"),
        ("满意度指标", "服务对象满意度指标", "使用人员满意度", "≥95.00(%)"),
    ],
}


@pytest.fixture(scope="module")
def loaded():
    diags = Diagnostics()
    declarations = load_declarations(REPO / "content", diags)
    return declarations, diags


@pytest.fixture(scope="module")
def by_title(loaded):
    declarations, _ = loaded
    return {d.title: d for d in declarations}


def test_loads_without_any_problem(loaded):
    _, diags = loaded
    assert [str(d) for d in diags.items] == []


def test_six_declarations_and_37_indicators(loaded):
    declarations, _ = loaded
    assert len(declarations) == 6
    assert sum(len(d.indicators) for d in declarations) == 37
    assert len({d.id for d in declarations}) == 6


def test_total_requested_is_exact(loaded):
    declarations, _ = loaded
    total = sum((d.funds.requested for d in declarations), Decimal("0.00"))
    assert isinstance(total, Decimal)
    assert total == Decimal("48241798.00")
    assert str(total) == "48241798.00"
    assert format_money(total) == "48,241,798.00"


def test_titles_and_amounts(by_title):
    assert set(by_title) == set(AMOUNTS)
    for title, (amount, category) in AMOUNTS.items():
        d = by_title[title]
        assert format_money(d.funds.requested) == amount, title
        assert format_money(d.funds.appropriation) == amount, title  # all this year's appropriation
        assert d.funds.carryover == d.funds.other == Decimal("0.00"), title
        assert not d.funds.has_project_column, title  # recurring projects leave it blank
        assert d.category == category, title


@pytest.mark.parametrize("title, count", [
    ("科创中心展厅运营项目", 7), ("机关服务", 12), ("缴纳残疾人就业保障金", 3),
    ("科创中心建设工作经费", 5), ("未来公园展厅运营项目", 6), ("信息化运维项目", 4),
])
def test_indicator_count_per_declaration(by_title, title, count):
    assert len(by_title[title].indicators) == count


def test_every_indicator_row_matches_the_seed(by_title):
    for title, rows in INDICATORS.items():
        got = [(i.level1, i.level2, i.name, i.target.display()) for i in by_title[title].indicators]
        assert got == rows, title


@pytest.mark.parametrize("title, name, shown", [
    ("科创中心展厅运营项目", "年度完成接待任务数", "≥200.00(批次)"),
    ("信息化运维项目", "系统更新及时率", "≤24.00(小时)"),  # odd, but faithful to the form
    ("未来公园展厅运营项目", "项目管理人员满意度", "≥100.00(%)"),
    ("未来公园展厅运营项目", "展厅正常运营情况", "正常"),
    ("科创中心展厅运营项目", "展厅正常运营情况", "全年正常运营"),
    ("机关服务", "辅助人员的到岗人数", "=5(人)"),
])
def test_target_spot_checks(by_title, title, name, shown):
    [indicator] = [i for i in by_title[title].indicators if i.name == name]
    assert indicator.target.display() == shown


def test_qualitative_and_quantitative_targets(by_title):
    t = {i.name: i.target for i in by_title["未来公园展厅运营项目"].indicators}
    assert not t["展厅正常运营情况"].quantitative
    q = t["项目管理人员满意度"]
    assert (q.comparison, q.value, q.unit) == ("≥", "100.00", "%")


def test_common_fields(loaded):
    declarations, _ = loaded
    for d in declarations:
        assert d.year == 2024
        assert d.department == d.implementing_unit == "上海推进科技创新中心建设办公室"
        assert d.nature == "其他经常性项目"
        assert (str(d.start_date), str(d.end_date)) == ("2024-01-01", "2024-12-31")
        assert d.goal


def test_check_strict_passes_on_the_repository(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    code = main(["check", "--strict", "--site", str(REPO)])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err == ""
    assert "6 份申报表，37 项绩效指标，0 个错误，0 个警告：通过" in captured.out
