"""The review rules that exist: id -> (Chinese name, what the rule asks).

The guidance these follow is the finance ministry's guidance on setting performance
targets (绩效目标设置指引, e.g. 财预〔2021〕101号): targets should be specific,
measurable and attainable, quantified where possible (定量为主、定性为辅); each project
has 产出、效益 and 满意度 indicators, and 成本 indicators where the year's form asks for
them. The settings loader checks ``review: {disable: [...]}`` against it; sitegen review
applies them (review/rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleInfo:
    id: str
    name: str  # 规则名称, shown in the HTML report
    asks: str  # one sentence: what a declaration should do, in English like the CLI's messages


RULES: tuple[RuleInfo, ...] = (
    RuleInfo("missing-indicator-level", "缺少产出、效益或满意度指标",
             "every project has at least one 产出指标, one 效益指标 and one 满意度指标"),
    RuleInfo("missing-cost-indicator", "缺少成本指标",
             "from the year set by review.cost_required_from, every project has a 成本指标"),
    RuleInfo("target-without-number", "可量化的指标未设数值",
             "an indicator whose name is a rate, count or time has a number as its target"),
    RuleInfo("qualitative-target", "定性指标值",
             "targets are quantified where possible, or graded (好/较好/一般/差), not just 正常"),
    RuleInfo("percentage-over-100", "百分比超过100%",
             "a percentage target is at most 100%"),
    RuleInfo("satisfaction-100-percent", "满意度指标值为100%",
             "a satisfaction target is a realistic share below 100%"),
    RuleInfo("unit-contradicts-name", "计量单位与指标名称不符",
             "a rate (率) is measured in %, not in hours, days, times or persons"),
    RuleInfo("duplicate-indicator", "指标重复",
             "each 三级指标 appears once in a declaration"),
    RuleInfo("duplicate-goal", "年度总体目标雷同",
             "each project states its own 年度总体目标, not another project's word for word"),
    RuleInfo("funds-change-unexplained", "资金变动未说明",
             "a recurring project (series) whose amount changed by more than "
             "review.funds_change_threshold from the previous year explains why"),
)
RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)
BY_ID: dict[str, RuleInfo] = {r.id: r for r in RULES}
