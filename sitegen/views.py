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
from sitegen.review import history
from sitegen.schema import Correction, Declaration, Indicator


def site_view(site: Site) -> dict:
    """What every page may use: the settings and the site's navigation."""
    s = site.settings
    return {
        "title": s.title,
        "description": s.description,
        "lang": s.language,
        "base_path": s.base_path,
        "origin": s.origin,
        # Names and links only: every page sees this, so a figure here would make
        # every page change whenever any amount changes (see render.page keys).
        "departments": [nav_link(g) for g in site.departments],
        "categories": [nav_link(g) for g in site.categories],
        "years": [nav_link(g) for g in site.years],
    }


def nav_link(group: Group) -> dict:
    return {"name": group.name, "url": group.url}


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
        "series": decl.series,
        "history": history_view(decl, site),
        "corrections": corrections_view(decl),
    }


def history_view(decl: Declaration, site: Site) -> dict | None:
    """The project across the years of its series (None with fewer than two years):
    ``years`` oldest first, each with its amount and the change from the year before;
    ``chart``, the geometry of a bar chart of the same amounts; ``previous_year`` and
    ``changes``, the indicator targets added, removed or changed since that year."""
    series = site.series_of(decl)
    if len(series) < 2:
        return None
    years = []
    for i, d in enumerate(series):
        change = history.Change(series[i - 1].funds.requested, d.funds.requested) if i else None
        years.append({
            "year": d.year, "title": d.title, "url": project_url(d), "current": d is decl,
            "requested": d.funds.requested,
            "change": change.delta_text() if change else None,
            "change_percent": change.percent_text() if change else None,
        })
    before = history.previous(series, decl)
    return {
        "series": decl.series,
        "years": years,
        "first_year": series[0].year,
        "last_year": series[-1].year,
        "chart": history.bar_chart([(f"{d.year}年", d.funds.requested, d is decl) for d in series]),
        "previous_year": before.year if before else None,
        "changes": [vars(c) for c in history.target_changes(before, decl)] if before else [],
        "unchanged": history.unchanged_count(before, decl) if before else 0,
    }


def corrections_view(decl: Declaration) -> list[dict]:
    """更正说明, oldest first (entries of one day keep the order written)."""
    return [correction_row(c) for c in sorted(decl.corrections, key=lambda c: c.date)]


def correction_row(c: Correction) -> dict:
    return {"date": c.date.isoformat(), "what": c.what, "why": c.why}


def recent_corrections(site: Site) -> list[dict]:
    """Every correction on the site, newest first, with its project: for a feed."""
    rows = [{**correction_row(c), "title": d.title, "url": project_url(d), "year": d.year}
            for d in site.projects for c in d.corrections]
    return sorted(rows, key=lambda r: (r["date"], r["url"]), reverse=True)


def subtotals(groups: tuple[Group, ...]) -> list[dict]:
    return [group_link(g) for g in groups]


def page_count(items: int, size: int) -> int:
    return max(1, -(-items // size))


def page_url(url: str, number: int) -> str:
    """Page 1 of a listing is the listing itself; page k lives at URL/page/k/."""
    return url if number == 1 else f"{url}page/{number}/"


def pagination(url: str, number: int, pages: int) -> dict | None:
    """Links between the pages of a long listing: first, last, and two either side."""
    if pages <= 1:
        return None
    links: list[dict] = []
    last = 0
    for k in sorted({1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)}):
        if k - last > 1:
            links.append({"gap": True})
        links.append({"gap": False, "number": k, "url": page_url(url, k), "current": k == number})
        last = k
    return {"number": number, "pages": pages, "links": links,
            "prev": page_url(url, number - 1) if number > 1 else None,
            "next": page_url(url, number + 1) if number < pages else None}


def _page_of(projects, number: int, size: int):
    return projects[(number - 1) * size:number * size]


def index_view(site: Site, number: int = 1) -> dict:
    size = site.settings.page_size
    return {
        "projects": [project_row(p, site) for p in _page_of(site.projects, number, size)],
        "pagination": pagination("", number, page_count(len(site.projects), size)),
        "first_page": number == 1,
        "total": site.total,
        "project_count": len(site.projects),
        "indicator_count": site.indicator_count,
        "by_department": subtotals(site.departments),
        "by_category": subtotals(site.categories),
        "by_year": subtotals(site.years),
    }


def group_view(group: Group, site: Site, number: int = 1) -> dict:
    by_category: dict[str, list] = {}
    for p in group.projects:
        entry = by_category.setdefault(p.category, [Decimal("0.00"), 0])
        entry[0] += p.funds.requested
        entry[1] += 1
    return {
        **group_link(group),
        "kind": group.kind,
        "years": years_view(group, site) if group.kind == DEPARTMENT else None,
        "projects": [project_row(p, site) for p in _page_of(group.projects, number, site.settings.page_size)],
        "pagination": pagination(group.url, number, page_count(len(group.projects), site.settings.page_size)),
        "first_page": number == 1,
        "by_category": [{"name": k, "total": total, "count": count, "url": site.url_of(CATEGORY, k)}
                        for k, (total, count) in sorted(by_category.items(),
                                                         key=lambda kv: (-kv[1][0], kv[0]))],
    }


def years_view(group: Group, site: Site) -> dict | None:
    """A department's totals by year: ``rows`` oldest first, each with the change from
    the year before, and ``chart``, a bar chart of the same totals; None when all its
    projects are of one year (nothing to compare)."""
    totals: dict[int, list] = {}
    for p in group.projects:
        entry = totals.setdefault(p.year, [Decimal("0.00"), 0])
        entry[0] += p.funds.requested
        entry[1] += 1
    if len(totals) < 2:
        return None
    rows, before = [], None
    for year in sorted(totals):
        total, count = totals[year]
        change = history.Change(before, total) if before is not None else None
        rows.append({"year": year, "total": total, "count": count, "url": site.url_of(YEAR, str(year)),
                     "change": change.delta_text() if change else None,
                     "change_percent": change.percent_text() if change else None})
        before = total
    return {"rows": rows, "first_year": rows[0]["year"], "last_year": rows[-1]["year"],
            "chart": history.bar_chart([(f"{r['year']}年", r["total"], False) for r in rows])}
