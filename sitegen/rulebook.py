"""The review rules that exist: their ids, in the order the report lists them, and
what each is called and asks (said in the publisher's language, from the catalogues
sitegen/messages/review_*.py: ``review.rule.<id>.name`` and ``review.rule.<id>.asks``).

The guidance these follow is the finance ministry's guidance on setting performance
targets (绩效目标设置指引, e.g. 财预〔2021〕101号): targets should be specific,
measurable and attainable, quantified where possible (定量为主、定性为辅); each project
has 产出、效益 and 满意度 indicators, and 成本 indicators where the year's form asks for
them. The settings loader checks ``review: {disable: [...]}`` against ``RULE_IDS``;
sitegen review applies them (review/rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.messages import Message


@dataclass(frozen=True)
class RuleInfo:
    id: str  # what the publisher writes in sitegen.yaml's review.disable; never translated

    @property
    def name(self) -> Message:
        """规则名称, shown in the HTML report."""
        return Message(f"review.rule.{self.id}.name")

    @property
    def asks(self) -> Message:
        """One sentence: what a declaration should do."""
        return Message(f"review.rule.{self.id}.asks")


RULES: tuple[RuleInfo, ...] = tuple(RuleInfo(id) for id in (
    "missing-indicator-level",
    "missing-cost-indicator",
    "target-without-number",
    "qualitative-target",
    "percentage-over-100",
    "satisfaction-100-percent",
    "unit-contradicts-name",
    "duplicate-indicator",
    "duplicate-goal",
    "funds-change-unexplained",
))
RULE_IDS: tuple[str, ...] = tuple(r.id for r in RULES)
BY_ID: dict[str, RuleInfo] = {r.id: r for r in RULES}
