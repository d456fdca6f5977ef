"""The site model -> plain dicts for templates.

Templates see only what is built here (never the loader's objects), so a theme
author can read this file to learn every variable a template may use. URLs in
views are site-relative ('projects/x/'); templates prefix them with ``root``.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby

from sitegen.markup import render_markdown
from sitegen.model import CATEGORY, DEPARTMENT, YEAR, Group, Site, project_url
from sitegen.schema import Declaration, Indicator


def site_view(site: Site) -> dict:
    s = site.settings
    return {
        "title": s.title,
        "description": s.description,
        "lang": s.language,
        "base_path": s.base_path,
        "origin": s.origin,
        "total": site.total,
        "project_count": len(site.projects),
        "indicator_count": site.indicator_count,
        "departments": [group_link(g) for g in site.departments],
        "categories": [group_link(g) for g in site.categories],
        "years": [group_link(g) for g in site.years],
    }


def group_link(group: Group) -> dict:
    return {"name": group.name, "url": group.url, "total": group.total,
            "count": len(group.projects)}


def project_row(decl: Declaration, site: Site) -> dict:
    """What a table of projects shows about one project."""
    return {
        "id": decl.id,
        "title": decl.title,
        "url": project_url(decl),
        "year": decl.year,
        "department": decl.department,
        "department_url": site.url_of(DEPARTMENT, decl.department),
        "category": decl.category,
        "category_url": site.url_of(CATEGORY, decl.category),
        "requested": decl.funds.requested,
    }


def indicator_groups(indicators: tuple[Indicator, ...]) -> list[dict]:
    """The indicator table with the paper form's merged cells: one group per run of
    the same 一级指标 (a <tbody>), its 二级指标 cell on the first row of its run with
    the run's length as rowspan. Runs keep the order the declaration gives."""
    groups: list[dict] = []
    for level1, run1 in groupby(indicators, key=lambda i: i.level1):
        rows: list[dict] = []
        for level2, run2 in groupby(run1, key=lambda i: i.level2):
            run2 = list(run2)
            for k, ind in enumerate(run2):
                rows.append({
                    "level2": level2 if k == 0 else None,
                    "level2_span": len(run2),
                    "name": ind.name,
                    "target": ind.target.display(),
                    "quantitative": ind.target.quantitative,
                })
        groups.append({"level1": level1, "span": len(rows), "rows": rows})
    return groups


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def project_view(decl: Declaration, site: Site, index: int) -> dict:
    f = decl.funds
    neighbours = site.projects
    prev = neighbours[index - 1] if index > 0 else None
    nxt = neighbours[index + 1] if index + 1 < len(neighbours) else None
    return {
        **project_row(decl, site),
        "nature": decl.nature,
        "implementing_unit": decl.implementing_unit,
        "project_code": decl.project_code,
        "source": decl.source,
        "start_date": decl.start_date.isoformat(),
        "end_date": decl.end_date.isoformat(),
        "year_url": site.url_of(YEAR, str(decl.year)),
        "funds": {
            "requested": f.requested, "appropriation": f.appropriation,
            "carryover": f.carryover, "other": f.other,
            "project_total": f.project_total, "project_fiscal": f.project_fiscal,
            "project_other": f.project_other, "has_project_column": f.has_project_column,
        },
        "goal": paragraphs(decl.goal),
        "project_goal": paragraphs(decl.project_goal),
        "indicator_groups": indicator_groups(decl.indicators),
        "indicator_count": len(decl.indicators),
        "body_html": render_markdown(decl.body),
        "prev": {"title": prev.title, "url": project_url(prev)} if prev else None,
        "next": {"title": nxt.title, "url": project_url(nxt)} if nxt else None,
    }


def subtotals(groups: tuple[Group, ...]) -> list[dict]:
    return [group_link(g) for g in groups]


def index_view(site: Site) -> dict:
    return {
        "projects": [project_row(p, site) for p in site.projects],
        "total": site.total,
        "by_department": subtotals(site.departments),
        "by_category": subtotals(site.categories),
        "by_year": subtotals(site.years),
    }


def group_view(group: Group, site: Site) -> dict:
    by_category: dict[str, list] = {}
    for p in group.projects:
        entry = by_category.setdefault(p.category, [Decimal("0.00"), 0])
        entry[0] += p.funds.requested
        entry[1] += 1
    return {
        **group_link(group),
        "kind": group.kind,
        "projects": [project_row(p, site) for p in group.projects],
        "by_category": [{"name": k, "total": total, "count": count, "url": site.url_of(CATEGORY, k)}
                        for k, (total, count) in sorted(by_category.items(),
                                                         key=lambda kv: (-kv[1][0], kv[0]))],
    }
