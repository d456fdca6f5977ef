"""The site as data: projects in reading order, the groups they form, the totals,
and the one place where every URL and output path is assigned."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import NamedTuple

from sitegen.config import Settings
from sitegen.diagnostics import Diagnostics
from sitegen.messages import Message
from sitegen.schema import Declaration

DEPARTMENT, CATEGORY, YEAR = "department", "category", "year"


class YearTotal(NamedTuple):
    """A budget total is one year's: never add years together."""

    year: int
    total: Decimal
    count: int


def year_totals(projects) -> tuple[YearTotal, ...]:
    """Each year's total and number of projects, the latest year first: one pass."""
    totals: dict[int, list] = {}
    for p in projects:
        entry = totals.setdefault(p.year, [Decimal("0.00"), 0])
        entry[0] += p.funds.requested
        entry[1] += 1
    return tuple(YearTotal(year, *totals[year]) for year in sorted(totals, reverse=True))


class _Years:
    """What a group and the whole site alike say of their projects' years."""

    projects: tuple[Declaration, ...]

    @cached_property  # asked by every page that lists them: sum once
    def year_totals(self) -> tuple[YearTotal, ...]:
        return year_totals(self.projects)

    @property
    def latest_year(self) -> tuple[Declaration, ...]:
        """The projects of the latest year (they come first: index order)."""
        return self.projects[:self.year_totals[0].count] if self.projects else ()


@dataclass(frozen=True)
class Group(_Years):
    """Projects sharing a department, a category or a year."""

    kind: str
    name: str
    url: str
    projects: tuple[Declaration, ...]



@dataclass(frozen=True)
class Site(_Years):
    settings: Settings
    projects: tuple[Declaration, ...]  # index order: newest year, largest amount first
    departments: tuple[Group, ...]
    categories: tuple[Group, ...]
    years: tuple[Group, ...]  # pages only when there is more than one year
    group_urls: dict[tuple[str, str], str]
    # series -> its declarations, oldest year first (only series named by a declaration)
    series: dict[str, tuple[Declaration, ...]] = field(default_factory=dict)
    drafts: int = 0  # declarations marked draft: true, left out

    @cached_property
    def indicator_count(self) -> int:
        return sum(p.indicator_count for p in self.projects)

    def url_of(self, kind: str, name: str) -> str | None:
        return self.group_urls.get((kind, name))

    def series_of(self, decl: Declaration) -> tuple[Declaration, ...]:
        """Every year's declaration of ``decl``'s project, oldest first; () without a series."""
        return self.series.get(decl.series, ()) if decl.series else ()


def placement(decl: Declaration) -> tuple:
    """What places a declaration in the site: its file and URL, its place in the index
    order, its groups and its series. An edit that keeps these changes no other page
    than the ones showing the project (render.pages_showing)."""
    return (*membership(decl), decl.funds.requested)


def membership(decl: Declaration) -> tuple:
    """``placement`` but the amount: an edit that keeps these and changes the amount
    moves the project within its listings and changes their totals, and no more
    (render.pages_showing's ``moved``)."""
    return (decl.path, decl.id, decl.year, decl.department, decl.category, decl.series)


def index_order(decl: Declaration) -> tuple:
    """A declaration's place in the index: newest year, largest amount, then id."""
    return (-decl.year, -decl.funds.requested, decl.id)


def project_url(decl: Declaration) -> str:
    return f"projects/{decl.id}/"


def public_url(settings: Settings, url: str) -> str:
    """A page's address for other sites and tools (feeds, sitemap, data files): absolute
    when base_url is a full URL ('https://example.gov.cn/disclosure/projects/x/'), else
    from the base path ('/disclosure/projects/x/'). Pages themselves link relatively."""
    return settings.origin + settings.base_path + url


def output_path(url: str) -> str:
    """'projects/x/' -> 'projects/x/index.html'; '' -> 'index.html'; '404.html' stays."""
    return url if url.endswith(".html") else url + "index.html"


def _slug(prefix: str, name: str) -> str:
    # Names are Chinese; a short digest gives a safe, stable [a-z0-9-] path segment.
    return f"{prefix}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:10]}"


def _groups(kind: str, folder: str, prefix: str, projects: tuple[Declaration, ...],
            key, order) -> tuple[Group, ...]:
    members: dict[str, list[Declaration]] = {}
    for p in projects:  # one pass: linear in N
        name = str(key(p))
        if name:  # a declaration without a 项目类别 is in no category
            members.setdefault(name, []).append(p)
    groups = [
        Group(kind, name, f"{folder}/{name if kind == YEAR else _slug(prefix, name)}/", tuple(ps))
        for name, ps in members.items()
    ]
    return tuple(sorted(groups, key=order))


def _largest_first(group: Group) -> tuple:
    """The groups of the latest year first, by that year's amount, then by name."""
    latest = group.year_totals[0]
    return (-latest.year, -latest.total, group.name)


def build_site(declarations: list[Declaration], settings: Settings, diags: Diagnostics) -> Site:
    drafts = sum(d.draft for d in declarations)
    projects = tuple(sorted((d for d in declarations if not d.draft), key=index_order))
    departments = _groups(DEPARTMENT, "departments", "d", projects, lambda p: p.department, _largest_first)
    categories = _groups(CATEGORY, "categories", "c", projects, lambda p: p.category, _largest_first)
    years = _groups(YEAR, "years", "y", projects, lambda p: p.year, lambda g: -int(g.name))
    if len(years) < 2:
        years = ()
    _check_unique_paths(projects, departments + categories + years, diags)
    urls = {(g.kind, g.name): g.url for g in departments + categories + years}
    return Site(settings, projects, departments, categories, years, urls, _series(projects, diags), drafts)


def _series(projects: tuple[Declaration, ...], diags: Diagnostics) -> dict[str, tuple[Declaration, ...]]:
    """One project's declarations across years, by its ``series`` key: one pass, one per year."""
    by_year: dict[str, dict[int, Declaration]] = {}
    for p in projects:
        if not p.series:
            continue
        years = by_year.setdefault(p.series, {})
        first = years.get(p.year)
        if first is not None:
            diags.error(p.lines.get("series", 1), Message("model.series_year_taken", series=p.series,
                                                          year=p.year, first=first.path), path=p.path)
            continue
        years[p.year] = p
    return {name: tuple(years[y] for y in sorted(years)) for name, years in sorted(by_year.items())}


def _check_unique_paths(projects, groups, diags: Diagnostics) -> None:
    """Two things that would write the same file are an error, never a race."""
    claimed: dict[str, Message] = {"index.html": Message("model.the_index"), "404.html": Message("model.the_404")}
    for what, url, path, decl in (
        [(Message("model.project", id=p.id), project_url(p), p.path, p) for p in projects]
        + [(Message(f"model.group_{g.kind}", name=g.name), g.url, g.projects[0].path, None) for g in groups]
    ):
        out = output_path(url)
        if out in claimed:
            line = decl.lines.get("id", 1) if decl is not None else 1  # read only here: lines are detail
            diags.error(line, Message("model.same_file", what=what, out=out, other=claimed[out]), path=path)
        else:
            claimed[out] = what
