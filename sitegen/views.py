"""The site model -> plain dicts for templates.

Templates see only what is built here (never the loader's objects), so a theme
author can read this file to learn every variable a template may use. URLs in
views are site-relative ('projects/x/'); templates prefix them with ``root``.
"""

from __future__ import annotations

import heapq
from decimal import Decimal
from typing import Callable, NamedTuple
from itertools import groupby
from urllib.parse import quote

from sitegen import charts
from sitegen.config import Settings
from sitegen.layout import STATIC
from sitegen.i18n import translator
from sitegen.markup import render_markdown
from sitegen.model import CATEGORY, DEPARTMENT, YEAR, Group, Site, YearTotal, project_url
from sitegen.money import format_money
from sitegen import history
from sitegen.fields import DATE, DECLARATION, INDICATOR_FIELDS
from sitegen.schema import LEVELS, Correction, Declaration, Indicator, Source

ABOUT_URL = "about/"  # 关于本站 / 如何阅读: linked from every page's footer
BASIC_FIELDS = tuple(f for f in DECLARATION if f.basic)
EXTRA_COLUMNS = tuple(f.key for f in INDICATOR_FIELDS if not f.required and f.key != "unit")


def site_view(site: Site) -> dict:
    """What every page may use: the settings and the site's navigation."""
    s = site.settings
    return {
        "title": s.title,
        "description": s.description,
        "lang": s.language,
        "base_path": s.base_path,
        "origin": s.origin,
        "domain": s.domain,  # SiteDomain; '' unless base_url is a full URL
        # The footer and metadata of a Chinese government website, each '' when not set.
        "organizer": s.organizer,  # 主办单位
        "contact": s.contact,  # 联系方式
        "site_id_code": s.site_id_code,  # 网站标识码
        "icp_record": s.icp_record,  # ICP备案号
        "police_record": s.police_record,  # 公安备案号
        "police_record_code": s.police_record_code,
        # Names and links only: every page sees this, so a figure here would make
        # every page change whenever any amount changes (see render.page keys).
        "departments": [nav_link(g) for g in site.departments],
        "categories": [nav_link(g) for g in site.categories],
        "years": [nav_link(g) for g in site.years],
    }


def nav_link(group: Group) -> dict:
    return {"name": group.name, "url": group.url}


def group_link(group: Group) -> dict:
    return {"name": group.name, "url": group.url, "count": len(group.projects)}


def totals_view(totals: tuple[YearTotal, ...], site: Site) -> list[dict]:
    """Each year's total, the latest year first, with its year page (None: no such page)."""
    return [{"year": y.year, "name": str(y.year), "total": y.total, "count": y.count,
             "url": site.url_of(YEAR, str(y.year))} for y in totals]


class GroupUrls(NamedTuple):
    """The group pages a project links to (None: the site has no such page)."""

    year: str | None
    department: str | None
    category: str | None


def group_urls(decl: Declaration, site: Site) -> GroupUrls:
    return GroupUrls(site.url_of(YEAR, str(decl.year)), site.url_of(DEPARTMENT, decl.department),
                     site.url_of(CATEGORY, decl.category))


def project_row(decl: Declaration, site: Site, urls: GroupUrls | None = None) -> dict:
    """What a table of projects shows about one project."""
    urls = urls or group_urls(decl, site)
    return {
        "id": decl.id,
        "title": decl.title,
        "url": project_url(decl),
        "year": decl.year,
        "department": decl.department,
        "department_url": urls.department,
        "category": decl.category,
        "category_url": urls.category,
        "requested": decl.funds.requested,
        "corrected": bool(decl.corrections),  # 已更正: a published figure was changed since
    }


def indicator_extras(indicators: tuple[Indicator, ...]) -> tuple[str, ...]:
    """The columns some forms add (指标性质, 分值, 指标解释, 评（扣）分标准) that this
    declaration fills: the indicator table shows only those."""
    return tuple(key for key in EXTRA_COLUMNS if any(getattr(i, key) not in ("", None) for i in indicators))


def _extra(value: object) -> str:
    return "" if value is None else str(value)


def indicator_groups(indicators: tuple[Indicator, ...], extras: tuple[str, ...] = ()) -> list[dict]:
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
                    "extras": [_extra(getattr(ind, key)) for key in extras],
                })
        groups.append({"level1": level1, "span": len(rows), "rows": rows})
    return groups


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


class ProjectInputs(NamedTuple):
    """Everything a project page is made from besides the settings: project_view reads
    nothing else, and the page's key is made of these (render.site_pages)."""

    decl: Declaration
    prev: tuple[str, str] | None  # (URL, title) of the project before it in the index order
    next: tuple[str, str] | None
    urls: GroupUrls
    series: tuple[Declaration, ...]  # every year's declaration of its project (site.series_of)


def project_inputs(site: Site, index: int) -> ProjectInputs:
    projects = site.projects
    decl = projects[index]
    prev = projects[index - 1] if index > 0 else None
    nxt = projects[index + 1] if index + 1 < len(projects) else None
    return ProjectInputs(decl, prev and (project_url(prev), prev.title), nxt and (project_url(nxt), nxt.title),
                         group_urls(decl, site), site.series_of(decl))


def project_view(inputs: ProjectInputs, settings: Settings) -> dict:
    decl, urls = inputs.decl, inputs.urls
    f = decl.funds
    return {
        **project_row(decl, None, urls),
        "basic": basic_rows(decl, urls),
        "source": source_view(decl.source, settings.source_files),
        "unit": decl.source.unit if decl.source else "",
        "year_url": urls.year,
        "funds": {
            "requested": f.requested, "appropriation": f.appropriation,
            "carryover": f.carryover, "other": f.other,
            "project_total": f.project_total, "project_fiscal": f.project_fiscal,
            "project_other": f.project_other, "has_project_column": f.has_project_column,
        },
        "goal": paragraphs(decl.goal),
        "project_goal": paragraphs(decl.project_goal),
        "indicator_extras": (extras := indicator_extras(decl.indicators)),
        "indicator_groups": indicator_groups(decl.indicators, extras),
        "indicator_count": len(decl.indicators),
        "body_html": render_markdown(decl.body),
        "json_url": project_url(decl) + "index.json",  # its data, beside the page (sitegen.opendata)
        "published": decl.published.isoformat() if decl.published else None,
        "updated": decl.updated.isoformat() if decl.updated else None,
        "prev": {"url": inputs.prev[0], "title": inputs.prev[1]} if inputs.prev else None,
        "next": {"url": inputs.next[0], "title": inputs.next[1]} if inputs.next else None,
        "series": decl.series,
        "history": history_view(decl, inputs.series, settings.language),
        "corrections": corrections_view(decl),
    }


def basic_rows(decl: Declaration, urls: GroupUrls) -> list[dict]:
    """The 项目基本信息 table: a row per key of the content format that declares one
    (sitegen/fields.py) and that this declaration gives; its label is ``column.<key>``."""
    links = {"year": urls.year, "department": urls.department, "category": urls.category}
    rows = []
    for f in BASIC_FIELDS:
        value = getattr(decl, f.key)
        if value in ("", None):
            continue
        rows.append({"key": f.key, "value": str(value), "url": links.get(f.key),
                     "date": f.kind == DATE})
    return rows


def source_view(source: Source | None, published_under: str) -> dict | None:
    """来源：《…》第 31–32 页; ``url`` the PDF's first page of the form when the site
    publishes the source files (``source_files`` in sitegen.yaml)."""
    if source is None:
        return None
    pages = source.page_range
    url = None
    if published_under and source.file:
        url = f"{STATIC}/{published_under}{quote(source.file)}" + (f"#page={pages[0]}" if pages else "")
    return {"title": source.title or source.file, "pages": pages, "url": url, "sha256": source.sha256}


def history_view(decl: Declaration, series: tuple[Declaration, ...], language: str) -> dict | None:
    """The project across the years of its series (None with fewer than two years):
    ``years`` oldest first, each with its amount and the change from the year before;
    ``chart``, the geometry of a bar chart of the same amounts; ``previous_year`` and
    ``changes``, the indicator targets added, removed or changed since that year."""
    if len(series) < 2:
        return None
    t = translator(language)
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
        "chart": history.bar_chart([(t("chart.year", year=d.year), d.funds.requested, d is decl) for d in series]),
        "previous_year": before.year if before else None,
        "changes": [vars(c) for c in history.target_changes(before, decl)] if before else [],
        "unchanged": history.unchanged_count(before, decl) if before else 0,
    }


def corrections_view(decl: Declaration) -> list[dict]:
    """更正说明, oldest first (entries of one day keep the order written)."""
    return [correction_row(c) for c in sorted(decl.corrections, key=lambda c: c.date)]


def correction_row(c: Correction) -> dict:
    return {"date": c.date.isoformat(), "what": c.what, "why": c.why}


def breakdown(projects, kind: str, site: Site) -> dict:
    """The projects' subtotals by department or by 项目类别 (``kind``): the largest amount
    first, then by name; the projects whose form prints no category in a row of their
    own (name None), last. Of one year's projects: a total is one year's."""
    sums: dict[str, list] = {}
    for p in projects:
        entry = sums.setdefault(getattr(p, kind), [Decimal("0.00"), 0])
        entry[0] += p.funds.requested
        entry[1] += 1
    rows = [{"name": name or None, "url": site.url_of(kind, name), "total": total, "count": count}
            for name, (total, count) in sorted(sums.items(), key=lambda kv: (not kv[0], -kv[1][0], kv[0]))]
    return {"rows": rows, "total": sum((r["total"] for r in rows), Decimal("0.00"))}


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


CHART_BARS = 20  # bars in a chart of projects or departments: the largest amounts


def top_projects(projects) -> list[Declaration]:
    """The CHART_BARS largest annual amounts (ties: newer year, then id): O(N log k)."""
    return heapq.nsmallest(CHART_BARS, projects, key=lambda d: (-d.funds.requested, -d.year, d.id))


def amounts_charts(site: Site, by_department: dict) -> dict:
    """Page 1 of the index: the latest year's amounts by project and by department
    (``by_department``: its breakdown), each as a bar chart and the rows of the table
    beside it (the same figures, with their share of the year's total). At most
    CHART_BARS bars, largest first; the rest are summed in ``others``. A chart of
    fewer than two bars is None (nothing to compare)."""
    latest = site.latest_year
    total = by_department["total"]
    projects = [{"name": d.title, "label": d.title, "url": project_url(d), "year": d.year,
                 "amount": d.funds.requested, "share": charts.share(d.funds.requested, total)}
                for d in top_projects(latest)]
    departments = [{"name": r["name"], "label": r["name"], "url": r["url"], "count": r["count"],
                    "amount": r["total"], "share": charts.share(r["total"], total)}
                   for r in by_department["rows"][:CHART_BARS]]
    return {
        "total": total,
        "projects": _chart_of(projects, len(latest), total),
        "departments": _chart_of(departments, len(by_department["rows"]), total),
    }


def _chart_of(rows: list[dict], everything: int, total: Decimal) -> dict | None:
    if len(rows) < 2:
        return None
    shown = sum((r["amount"] for r in rows), Decimal("0.00"))
    rest = everything - len(rows)
    return {
        "chart": charts.bar_chart([charts.Point(r["label"], r["amount"], format_money(r["amount"])) for r in rows]),
        "rows": rows,
        "others": {"count": rest, "amount": total - shown, "share": charts.share(total - shown, total)}
        if rest else None,
        "count": everything,
    }


def indicator_mix(projects) -> list[tuple[str, int]]:
    """(一级指标, how many indicators) over the projects: the official levels in the
    form's order, then any other level by count. One pass over the indicators."""
    counts: dict[str, int] = {}
    for p in projects:
        for level, n in p.indicator_levels:
            counts[level] = counts.get(level, 0) + n
    official = [(level, counts[level]) for level in LEVELS if level in counts]
    others = sorted(((k, n) for k, n in counts.items() if k not in LEVELS), key=lambda kv: (-kv[1], kv[0]))
    return official + others


def indicator_mix_view(group: Group, site: Site) -> dict:
    """A department's indicators by 一级指标: a bar chart and the same counts as a table."""
    t = translator(site.settings.language)
    mix = indicator_mix(group.projects)
    total = sum(n for _, n in mix)
    return {
        "chart": charts.bar_chart([charts.Point(level, Decimal(n), t("chart.count", count=n)) for level, n in mix]),
        "rows": [{"level1": level, "count": n, "share": charts.share(n, total)} for level, n in mix],
        "total": total,
    }


def index_view(site: Site, number: int = 1, row: Callable[[Declaration], dict] | None = None) -> dict:
    """``row``: a project's row (project_row), which the caller may make once per project."""
    size = site.settings.page_size
    row = row or (lambda p: project_row(p, site))
    first = number == 1  # the summaries and charts, of the latest year, are on page 1 only
    by_department = breakdown(site.latest_year, DEPARTMENT, site) if first else None
    totals = totals_view(site.year_totals, site)
    return {
        "charts": amounts_charts(site, by_department) if first else None,
        "projects": [row(p) for p in _page_of(site.projects, number, size)],
        "pagination": pagination("", number, page_count(len(site.projects), size)),
        "first_page": first,
        "totals": totals,  # each year's, the latest first
        # the year the breakdowns are of, when the site has several
        "year": totals[0]["year"] if len(totals) > 1 else None,
        "project_count": len(site.projects),
        "indicator_count": site.indicator_count,
        "by_department": by_department,
        "by_category": breakdown(site.latest_year, CATEGORY, site) if first else None,
    }


def group_view(group: Group, site: Site, number: int = 1, row: Callable[[Declaration], dict] | None = None) -> dict:
    first = number == 1  # summaries and charts are on a group's first page only
    row = row or (lambda p: project_row(p, site))
    totals = totals_view(group.year_totals, site)
    return {
        **group_link(group),
        "kind": group.kind,
        "totals": totals,  # each year's, the latest first
        "year": totals[0]["year"] if len(totals) > 1 else None,  # the year the breakdown is of
        "years": years_view(group, site) if group.kind == DEPARTMENT and first else None,
        "indicator_mix": indicator_mix_view(group, site) if group.kind == DEPARTMENT and first else None,
        "projects": [row(p) for p in _page_of(group.projects, number, site.settings.page_size)],
        "pagination": pagination(group.url, number, page_count(len(group.projects), site.settings.page_size)),
        "first_page": first,
        "by_category": breakdown(group.latest_year, CATEGORY, site) if first and group.kind != CATEGORY else None,
        "by_department": breakdown(group.projects, DEPARTMENT, site) if first and group.kind == YEAR else None,
    }


def years_view(group: Group, site: Site) -> dict | None:
    """A department's totals by year: ``rows`` oldest first, each with the change from
    the year before, and ``chart``, a bar chart of the same totals; None when all its
    projects are of one year (nothing to compare)."""
    if len(group.year_totals) < 2:
        return None
    t = translator(site.settings.language)
    rows, before = [], None
    for year, total, count in reversed(group.year_totals):
        change = history.Change(before, total) if before is not None else None
        rows.append({"year": year, "total": total, "count": count, "url": site.url_of(YEAR, str(year)),
                     "change": change.delta_text() if change else None,
                     "change_percent": change.percent_text() if change else None})
        before = total
    return {"rows": rows, "first_year": rows[0]["year"], "last_year": rows[-1]["year"],
            "chart": history.bar_chart([(t("chart.year", year=r["year"]), r["total"], False) for r in rows])}


# What each 一级指标 measures, as the about page says it (catalogue keys).
_LEVEL_MEANINGS = {"产出指标": "about.level.output", "效益指标": "about.level.outcome",
                   "满意度指标": "about.level.satisfaction", "成本指标": "about.level.cost"}


def about_view(site: Site) -> dict:
    """关于本站: how to read a declaration (its three levels of indicators, as the form
    names them) and what the site holds. (Each project page names its own source: a
    list of them here would read every declaration's details.)"""
    return {
        "levels": [{"level1": level1, "level2": list(level2), "meaning": _LEVEL_MEANINGS[level1]}
                   for level1, level2 in LEVELS.items()],
        "years": [y.year for y in site.year_totals],
        "departments": len(site.departments),
        "project_count": len(site.projects),
    }
