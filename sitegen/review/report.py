"""Findings -> a report: plain text (one finding a line), JSON, or a printable HTML page.

``report_data`` is the one description of a review; the three formats only lay it out,
so they always agree. Output is deterministic: findings by file, line and rule.
"""

from __future__ import annotations

import json
from pathlib import Path

from sitegen import theme
from sitegen.diagnostics import plural
from sitegen.i18n import translator
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
        "lang": site.settings.language,
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


def summary(data: dict) -> str:
    findings = data["findings"]
    flagged = sum(1 for p in data["projects"] if p["findings"])
    off = data["settings"]["disable"]
    return (f"review: {plural(len(findings), 'finding')} in {flagged} of "
            f"{plural(data['declarations'], 'declaration')} ({plural(data['indicators'], 'indicator')}); "
            f"rules off: {', '.join(off) if off else 'none'}. Advice only: nothing is blocked.")


def as_text(data: dict) -> str:
    lines = [f"{f['path']}:{f['line']}: {f['rule']}: {f['reason']}" for f in data["findings"]]
    return "\n".join(lines + [summary(data)]) + "\n"


def as_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_html(data: dict, site_dir: Path, theme_name: str) -> str:
    """Rendered with the site's theme chain, so a site may restyle its review.html.
    Raises theme.ThemeError (with the template's file and line) when the template fails."""
    t = translator(data["lang"])
    env = theme.make_environment(site_dir, theme_name, t)
    try:
        return env.get_template(TEMPLATE).render(review=data, t=t)
    except Exception as exc:
        raise theme.template_problem(exc, TEMPLATE) from None
