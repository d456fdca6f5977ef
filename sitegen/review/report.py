"""Findings -> a report: plain text (one finding a line), JSON, or a printable HTML page.

``report_data`` is the one description of a review; the three formats only lay it out,
so they always agree. Its words (rule names, what the rules ask, the findings' reasons)
are Messages until a format says them in the publisher's language (``said_in``).
Output is deterministic: findings by file, line and rule.
"""

from __future__ import annotations

import json
from pathlib import Path

from sitegen import theme
from sitegen.i18n import translator
from sitegen.diagnostics import counted
from sitegen.messages import DEFAULT, Message
from sitegen.model import Site
from sitegen import rulebook
from sitegen.review.rules import Finding

TEMPLATE = "review.html"


def report_data(site: Site, findings: list[Finding]) -> dict:
    settings = site.settings.review
    counts: dict[str, int] = {}
    by_project: dict[str, list[Finding]] = {}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
        by_project.setdefault(f.project_id, []).append(f)
    declarations = sorted(site.projects, key=lambda d: d.path)
    about = {d.id: {"id": d.id, "title": d.title, "year": d.year} for d in declarations}
    return {
        "site": site.settings.title,
        "lang": DEFAULT,  # the language the report is said in: set by said_in
        "declarations": len(site.projects),
        "indicators": site.indicator_count,
        "settings": {
            "disable": list(settings.disable),
            "funds_change_threshold": str(settings.funds_change_threshold),
            "cost_required_from": settings.cost_required_from,
        },
        "rules": [{"id": r.id, "name": r.name, "asks": r.asks, "status": _status(r.id, settings),
                   "findings": counts.get(r.id, 0)} for r in rulebook.RULES],
        "findings": [_finding(f, about) for f in findings],
        "projects": [{"id": d.id, "title": d.title, "year": d.year, "path": d.path,
                      "findings": [_finding(f, about) for f in by_project.get(d.id, [])]}
                     for d in declarations],
    }


def _status(rule: str, settings) -> str:
    """'on'; 'off' when switched off in sitegen.yaml; 'idle' for the cost rule without a year."""
    if rule in settings.disable:
        return "off"
    if rule == "missing-cost-indicator" and settings.cost_required_from is None:
        return "idle"
    return "on"


def _finding(f: Finding, about: dict[str, dict]) -> dict:
    return {"path": f.path, "line": f.line, "rule": f.rule, "rule_name": rulebook.BY_ID[f.rule].name,
            "reason": f.reason, "project": about[f.project_id], "indicator": f.indicator,
            "target": f.target}


def said_in(data: dict, language: str) -> dict:
    """``report_data``'s description with every Message said in ``language`` (and
    ``lang`` set to it): what the formats lay out."""
    return {**_said(data, language), "lang": language}


def _said(value: object, language: str) -> object:
    if isinstance(value, Message):
        return value.text(language)
    if isinstance(value, dict):
        return {key: _said(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [_said(item, language) for item in value]
    return value


def _listed(ids: list[str]) -> Message:
    """Rule ids (never translated), one after another with the language's separator."""
    if len(ids) == 1:
        return Message("review.list.one", a=ids[0])
    return Message("review.list.pair", a=ids[0], b=_listed(ids[1:]))


def summary(data: dict) -> Message:
    """The last line of the text report: how many findings in how many declarations."""
    flagged = sum(1 for p in data["projects"] if p["findings"])
    off = data["settings"]["disable"]
    return Message("review.summary", findings=counted(len(data["findings"]), "findings"), flagged=flagged,
                   declarations=counted(data["declarations"], "declarations"),
                   indicators=counted(data["indicators"], "indicators"),
                   off=_listed(off) if off else Message("review.summary.none_off"))


def as_text(data: dict, language: str = DEFAULT) -> str:
    lines = [f"{f['path']}:{f['line']}: {f['rule']}: {f['reason'].text(language)}" for f in data["findings"]]
    return "\n".join(lines + [summary(data).text(language)]) + "\n"


def as_json(data: dict, language: str = DEFAULT) -> str:
    return json.dumps(said_in(data, language), ensure_ascii=False, indent=2) + "\n"


def as_html(data: dict, site_dir: Path, theme_name: str, language: str = DEFAULT) -> str:
    """Rendered with the site's theme chain, so a site may restyle its review.html; its
    headings and labels are the site's words (sitegen/i18n/) in ``language``.
    Raises theme.ThemeError (with the template's file and line) when the template fails."""
    t = translator(language)
    env = theme.make_environment(site_dir, theme_name, t)
    try:
        return env.get_template(TEMPLATE).render(review=said_in(data, language), t=t)
    except Exception as exc:
        raise theme.template_problem(exc, TEMPLATE) from None
