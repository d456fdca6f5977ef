"""The review rules: the site -> findings, each with file:line, rule id and reason.

A rule is a function; ``RULES`` maps every id in ``rulebook`` to one. Indicator rules
look at one indicator at a time, declaration rules at one declaration, site rules at
all of them (identical goals, a series' previous year). Every pass is linear in the
number of declarations and indicators.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator

from sitegen.config import ReviewSettings
from sitegen.model import Site
from sitegen.money import format_money
from sitegen import rulebook, words
from sitegen.history import Change, previous
from sitegen.schema import Declaration, Indicator


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    rule: str
    reason: str
    project_id: str
    indicator: str = ""  # the 三级指标, when the finding is about one
    target: str = ""  # its target as the form prints it

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.reason}"


def _finding(rule: str, decl: Declaration, line: int, reason: str, ind: Indicator | None = None) -> Finding:
    return Finding(decl.path, line, rule, reason, decl.id,
                   ind.name if ind else "", ind.target.display() if ind else "")


def _number(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


# --- indicator rules: (declaration, indicator) -> finding or None --------------------------

def target_without_number(decl: Declaration, ind: Indicator) -> Finding | None:
    said = words.measure(ind.name)
    if ind.target.quantitative or said is None:
        return None
    kind, word = said
    return _finding("target-without-number", decl, ind.line,
                    f"'{ind.name}' names {words.KIND_LABEL[kind]} ({word}) but its target "
                    f"'{ind.target.display()}' has no number; write the value to reach, "
                    f"e.g. {words.example_target(kind, word)}", ind)


def qualitative_target(decl: Declaration, ind: Indicator) -> Finding | None:
    if ind.target.quantitative or words.measure(ind.name) is not None:
        return None  # a measurable name without a number is target-without-number's case
    return _finding("qualitative-target", decl, ind.line,
                    f"target '{ind.target.display()}' of '{ind.name}' is qualitative and cannot be "
                    "checked at year end; quantify it (定量为主) or grade it (好/较好/一般/差)", ind)


def percentage_over_100(decl: Declaration, ind: Indicator) -> Finding | None:
    value = _number(ind.target.value)
    if value is None or not words.is_percent(ind.target.unit) or value <= 100:
        return None
    if words.GROWTH.search(words.fold(ind.name)):
        return None  # a growth rate may exceed 100%
    return _finding("percentage-over-100", decl, ind.line,
                    f"target {ind.target.display()} of '{ind.name}' is above 100%: a share cannot "
                    "exceed the whole; check the number or the unit", ind)


def satisfaction_100_percent(decl: Declaration, ind: Indicator) -> Finding | None:
    value = _number(ind.target.value)
    if value is None or value < 100 or ind.target.comparison in ("≤", "<"):
        return None
    if not words.is_satisfaction(ind.level1, ind.name):
        return None
    if ind.target.unit is not None and not words.is_percent(ind.target.unit):
        return None
    return _finding("satisfaction-100-percent", decl, ind.line,
                    f"satisfaction target {ind.target.display()} of '{ind.name}' leaves no margin: "
                    "one dissatisfied respondent misses it; set a realistic level below 100%, "
                    "e.g. ≥90(%)", ind)


def unit_contradicts_name(decl: Declaration, ind: Indicator) -> Finding | None:
    unit = words.fold(ind.target.unit) if ind.target.unit else None
    if not ind.target.quantitative or not unit:
        return None
    rate = words.rate_word(ind.name)
    if rate and unit not in words.SHARE_UNITS and unit in words.TIME_COUNT_UNITS:
        measured = "…时长" if unit in words.TIME_UNITS else "…次数, …人数"
        return _finding("unit-contradicts-name", decl, ind.line,
                        f"'{ind.name}' names a rate ({rate}) but is measured in {unit}; measure the "
                        f"rate in % (e.g. ≥95(%)) or name what is measured (e.g. {measured})", ind)
    duration = words.duration_word(ind.name)
    if duration and words.is_percent(unit) and not rate:
        return _finding("unit-contradicts-name", decl, ind.line,
                        f"'{ind.name}' names a time ({duration}) but is measured in %; measure it "
                        "in 小时/天 (e.g. ≤24(小时)) or name a rate (e.g. …及时率)", ind)
    return None


IndicatorRule = Callable[[Declaration, Indicator], "Finding | None"]
INDICATOR_RULES: dict[str, IndicatorRule] = {
    "target-without-number": target_without_number,
    "qualitative-target": qualitative_target,
    "percentage-over-100": percentage_over_100,
    "satisfaction-100-percent": satisfaction_100_percent,
    "unit-contradicts-name": unit_contradicts_name,
}


# --- declaration rules: (declaration, settings) -> findings ----------------------------------

_LEVELS = (("产出", "产出指标"), ("效益", "效益指标"), ("满意度", "满意度指标"))


def missing_indicator_level(decl: Declaration, settings: ReviewSettings) -> Iterator[Finding]:
    present = {words.fold(i.level1) for i in decl.indicators}
    missing = [label for prefix, label in _LEVELS if not any(p.startswith(prefix) for p in present)]
    if missing:
        yield _finding("missing-indicator-level", decl, decl.lines.get("indicators", 1),
                       f"no {' or '.join(missing)} indicator: the guidance asks every project for "
                       f"产出、效益 and 满意度 indicators; add a {missing[0]} row")


def missing_cost_indicator(decl: Declaration, settings: ReviewSettings) -> Iterator[Finding]:
    start = settings.cost_required_from
    if start is None or decl.year < start:
        return
    if any(words.fold(i.level1).startswith("成本") or words.fold(i.level2).startswith("成本")
           for i in decl.indicators):
        return
    yield _finding("missing-cost-indicator", decl, decl.lines.get("indicators", 1),
                   f"no 成本指标 indicator: from {start} (review.cost_required_from) the form asks for "
                   "cost indicators; add a 成本指标 row (经济成本指标, 社会成本指标 or 生态环境成本指标)")


def duplicate_indicator(decl: Declaration, settings: ReviewSettings) -> Iterator[Finding]:
    first: dict[str, Indicator] = {}
    for ind in decl.indicators:
        key = words.fold(ind.name)
        if key in first:
            yield _finding("duplicate-indicator", decl, ind.line,
                           f"'{ind.name}' appears twice in this declaration (first on line "
                           f"{first[key].line}); merge the two rows or tell them apart", ind)
        else:
            first[key] = ind


DeclarationRule = Callable[[Declaration, ReviewSettings], Iterator[Finding]]
DECLARATION_RULES: dict[str, DeclarationRule] = {
    "missing-indicator-level": missing_indicator_level,
    "missing-cost-indicator": missing_cost_indicator,
    "duplicate-indicator": duplicate_indicator,
}


# --- site rules: site -> findings --------------------------------------------------------------

def duplicate_goal(site: Site) -> Iterator[Finding]:
    """Declarations of one series may repeat their goal year after year; others may not."""
    same: dict[str, list[Declaration]] = {}
    for decl in site.projects:
        same.setdefault(words.fold(decl.goal), []).append(decl)
    for decls in same.values():
        if len(decls) < 2:
            continue
        decls = sorted(decls, key=lambda d: d.path)
        per_series: dict[str, int] = {}
        for d in decls:
            if d.series:
                per_series[d.series] = per_series.get(d.series, 0) + 1
        for d in decls:
            others = len(decls) - (per_series[d.series] if d.series else 1)
            if others == 0:
                continue
            other = next(o for o in decls if o is not d and not (d.series and o.series == d.series))
            more = f" and {others - 1} more" if others > 1 else ""
            yield _finding("duplicate-goal", d, d.lines.get("goal", 1),
                           f"年度总体目标 is word for word that of '{other.title}' ({other.path}:"
                           f"{other.lines.get('goal', 1)}){more}; state this project's own goal for the year")


def funds_change_unexplained(site: Site) -> Iterator[Finding]:
    threshold = site.settings.review.funds_change_threshold
    for series in site.series.values():
        for decl in series:
            prev = previous(series, decl)
            if prev is None:
                continue
            change = Change(prev.funds.requested, decl.funds.requested)
            if not change.exceeds(threshold) or _explained(decl):
                continue
            if change.before:
                how = (f"is {change.percent_text().lstrip('+-')} {'more' if change.delta > 0 else 'less'} "
                       f"than in {prev.year} ({format_money(prev.funds.requested)}, {prev.path})")
            else:
                how = f"follows 0.00 in {prev.year} ({prev.path})"
            yield _finding("funds-change-unexplained", decl, decl.lines.get("funds", 1),
                           f"年度资金申请总额 {format_money(decl.funds.requested)} {how} and nothing says "
                           f"why (threshold {_percent(threshold)}); explain the change in the notes or "
                           "in a corrections entry")


def _explained(decl: Declaration) -> bool:
    notes = [decl.body] + [f"{c.what} {c.why}" for c in decl.corrections]
    return any(words.explains_funds_change(text) for text in notes)


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


SiteRule = Callable[[Site], Iterator[Finding]]
SITE_RULES: dict[str, SiteRule] = {
    "duplicate-goal": duplicate_goal,
    "funds-change-unexplained": funds_change_unexplained,
}

assert set(INDICATOR_RULES) | set(DECLARATION_RULES) | set(SITE_RULES) == set(rulebook.RULE_IDS)


def review_site(site: Site) -> list[Finding]:
    """Every finding of every enabled rule, by file, line and rule."""
    settings = site.settings.review
    enabled = [r for r in rulebook.RULE_IDS if r not in settings.disable]
    indicator_rules = [INDICATOR_RULES[r] for r in enabled if r in INDICATOR_RULES]
    declaration_rules = [DECLARATION_RULES[r] for r in enabled if r in DECLARATION_RULES]
    findings: list[Finding] = []
    for decl in site.projects:
        for rule in declaration_rules:
            findings.extend(rule(decl, settings))
        for ind in decl.indicators:
            for check in indicator_rules:
                found = check(decl, ind)
                if found is not None:
                    findings.append(found)
    for r in enabled:
        if r in SITE_RULES:
            findings.extend(SITE_RULES[r](site))
    return sorted(findings)
