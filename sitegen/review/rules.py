"""The review rules: the site -> findings, each with file:line, rule id and reason.

A reason is a ``Message`` (keys ``review.<rule-id>…`` in sitegen/messages/review_*.py),
said in the publisher's language only when the report is shown (review/report.py).

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
from sitegen.messages import DEFAULT, Message
from sitegen.model import Site
from sitegen.money import format_money
from sitegen import rulebook, words
from sitegen.history import Change, previous
from sitegen.schema import Declaration, Indicator


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    rule: str  # the rule id, never translated: what sitegen.yaml's review.disable names
    reason: Message
    project_id: str
    indicator: str = ""  # the 三级指标, when the finding is about one
    target: str = ""  # its target as the form prints it

    def text(self, language: str = DEFAULT) -> str:
        """``file:line: rule-id: reason``, the reason in ``language``."""
        return f"{self.path}:{self.line}: {self.rule}: {self.reason.text(language)}"

    def __str__(self) -> str:
        return self.text()


def _finding(rule: str, decl: Declaration, line: int, reason: Message, ind: Indicator | None = None) -> Finding:
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
                    Message("review.target-without-number", name=ind.name, kind=Message(f"review.kind.{kind}"),
                            word=word, target=ind.target.display(), example=words.example_target(kind, word)),
                    ind)


def qualitative_target(decl: Declaration, ind: Indicator) -> Finding | None:
    if ind.target.quantitative or words.measure(ind.name) is not None:
        return None  # a measurable name without a number is target-without-number's case
    return _finding("qualitative-target", decl, ind.line,
                    Message("review.qualitative-target", name=ind.name, target=ind.target.display()), ind)


def percentage_over_100(decl: Declaration, ind: Indicator) -> Finding | None:
    value = _number(ind.target.value)
    if value is None or not words.is_percent(ind.target.unit) or value <= 100:
        return None
    if words.GROWTH.search(words.fold(ind.name)):
        return None  # a growth rate may exceed 100%
    return _finding("percentage-over-100", decl, ind.line,
                    Message("review.percentage-over-100", name=ind.name, target=ind.target.display()), ind)


def satisfaction_100_percent(decl: Declaration, ind: Indicator) -> Finding | None:
    value = _number(ind.target.value)
    if value is None or value < 100 or ind.target.comparison in ("≤", "<"):
        return None
    if not words.is_satisfaction(ind.level1, ind.name):
        return None
    if ind.target.unit is not None and not words.is_percent(ind.target.unit):
        return None
    return _finding("satisfaction-100-percent", decl, ind.line,
                    Message("review.satisfaction-100-percent", name=ind.name, target=ind.target.display()), ind)


def unit_contradicts_name(decl: Declaration, ind: Indicator) -> Finding | None:
    unit = words.fold(ind.target.unit) if ind.target.unit else None
    if not ind.target.quantitative or not unit:
        return None
    rate = words.rate_word(ind.name)
    if rate and unit not in words.SHARE_UNITS and unit in words.TIME_COUNT_UNITS:
        measured = Message("review.measured.time" if unit in words.TIME_UNITS else "review.measured.count")
        return _finding("unit-contradicts-name", decl, ind.line,
                        Message("review.unit-contradicts-name.rate", name=ind.name, rate=rate, unit=unit,
                                measured=measured), ind)
    duration = words.duration_word(ind.name)
    if duration and words.is_percent(unit) and not rate:
        return _finding("unit-contradicts-name", decl, ind.line,
                        Message("review.unit-contradicts-name.time", name=ind.name, duration=duration), ind)
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
        levels = Message(f"review.either.{len(missing)}", **dict(zip("abc", missing)))
        yield _finding("missing-indicator-level", decl, decl.lines.get("indicators", 1),
                       Message("review.missing-indicator-level", missing=levels, first=missing[0]))


def missing_cost_indicator(decl: Declaration, settings: ReviewSettings) -> Iterator[Finding]:
    start = settings.cost_required_from
    if start is None or decl.year < start:
        return
    if any(words.fold(i.level1).startswith("成本") or words.fold(i.level2).startswith("成本")
           for i in decl.indicators):
        return
    yield _finding("missing-cost-indicator", decl, decl.lines.get("indicators", 1),
                   Message("review.missing-cost-indicator", start=start))


def duplicate_indicator(decl: Declaration, settings: ReviewSettings) -> Iterator[Finding]:
    first: dict[str, Indicator] = {}
    for ind in decl.indicators:
        key = words.fold(ind.name)
        if key in first:
            yield _finding("duplicate-indicator", decl, ind.line,
                           Message("review.duplicate-indicator", name=ind.name, first=first[key].line), ind)
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
            said = {"title": other.title, "path": other.path, "line": other.lines.get("goal", 1)}
            reason = (Message("review.duplicate-goal.more", more=others - 1, **said) if others > 1
                      else Message("review.duplicate-goal", **said))
            yield _finding("duplicate-goal", d, d.lines.get("goal", 1), reason)


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
                how = Message("review.funds-change.more" if change.delta > 0 else "review.funds-change.less",
                              percent=change.percent_text().lstrip("+-"), year=prev.year,
                              before=format_money(prev.funds.requested), path=prev.path)
            else:
                how = Message("review.funds-change.from_zero", year=prev.year, path=prev.path)
            yield _finding("funds-change-unexplained", decl, decl.lines.get("funds", 1),
                           Message("review.funds-change-unexplained", amount=format_money(decl.funds.requested),
                                   how=how, threshold=_percent(threshold)))


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
    # by file, line and rule; findings that tie keep the order the rules found them in
    return sorted(findings, key=lambda f: (f.path, f.line, f.rule))
