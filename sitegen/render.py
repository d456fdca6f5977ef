"""Pure rendering: the site's pages with their keys, and one page -> bytes.

Every page kind is one entry of ``site_pages``; nothing here touches the disk.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Iterator

import jinja2

from sitegen import opendata, search, views
from sitegen.i18n import translator
from sitegen.model import CATEGORY, DEPARTMENT, YEAR, Site, index_order, project_url
from sitegen.schema import Declaration
from sitegen.theme import template_problem


@dataclass(slots=True)
class Page:
    """One page to render. ``context`` may be a function, so a page whose ``key``
    shows it unchanged since the last build costs nothing to skip.

    ``key`` must capture everything the page's context is made from (besides what
    every page shares: settings, navigation, templates); None means 'always render'.
    """

    url: str  # site-relative: '' for the index, 'projects/x/', '404.html'
    template: str
    context: dict | Callable[[], dict]
    key: tuple | Callable[[], tuple] | None = None  # a function too: the sitemap needs only URLs

    def make_context(self) -> dict:
        return self.context() if callable(self.context) else self.context

    def make_key(self) -> tuple | None:
        return self.key() if callable(self.key) else self.key


def root_for(url: str, base_path: str) -> str:
    """The prefix that turns a site-relative URL into a link from this page.

    Relative ('../../') so the output works under any sub-path of any static
    server; the 404 page is served at arbitrary depths, so it uses the base path.
    """
    if url == "404.html":
        return base_path
    depth = url.count("/")
    return "../" * depth if depth else "./"


def _row_key(decl: Declaration) -> tuple:
    """What a listing shows of a project (see views.project_row)."""
    return (decl.id, decl.title, decl.year, decl.department, decl.category, str(decl.funds.requested))


def _project_key(site: Site, i: int) -> tuple:
    decl = site.projects[i]
    prev = site.projects[i - 1] if i > 0 else None
    nxt = site.projects[i + 1] if i + 1 < len(site.projects) else None
    series = site.series.get(decl.series, ()) if decl.series else ()
    return (decl.digest or id(decl), prev and (prev.id, prev.title), nxt and (nxt.id, nxt.title),
            bool(site.years), tuple(d.digest or id(d) for d in series))


def _members_key(projects) -> str:
    """What page 1 of a listing adds (totals, subtotals, charts, a department's
    indicators by 一级指标) is made from its projects' files alone: one digest of
    their ids and file digests stands for it. Any edit of a member then re-renders
    that one page, and the key costs no unpickled indicator and a 40-character repr
    (a tuple of every member's figures cost 0.1 s at 10,000)."""
    return hashlib.sha1("\n".join([f"{p.id} {p.digest or id(p)}" for p in projects]).encode()).hexdigest()


def site_pages(site: Site) -> Iterator[Page]:
    size = site.settings.page_size
    row_keys: dict[int, tuple] = {}  # each project is listed 4 times: its row key made once

    def row_key(decl: Declaration) -> tuple:
        key = row_keys.get(id(decl))
        if key is None:
            key = row_keys[id(decl)] = _row_key(decl)
        return key

    def listing_key(projects, n: int, total) -> tuple:
        """A listing page's rows, how many pages there are, and the listing's total
        (every page's table ends with it)."""
        rows = tuple([row_key(p) for p in projects[(n - 1) * size:n * size]])
        return n, views.page_count(len(projects), size), len(projects), str(total), rows

    for n in range(1, views.page_count(len(site.projects), size) + 1):
        yield Page(views.page_url("", n), "index.html", lambda n=n: {"index": views.index_view(site, n)},
                   lambda n=n: ("index", listing_key(site.projects, n, site.total), bool(site.years),
                                _members_key(site.projects) if n == 1 else None))
    for i, decl in enumerate(site.projects):
        yield Page(project_url(decl), "project.html",
                   lambda i=i, decl=decl: {"project": views.project_view(decl, site, i)},
                   lambda i=i: ("project", _project_key(site, i)))
    for group in site.departments + site.categories + site.years:
        for n in range(1, views.page_count(len(group.projects), size) + 1):
            yield Page(views.page_url(group.url, n), "group.html",
                       lambda group=group, n=n: {"group": views.group_view(group, site, n)},
                       lambda group=group, n=n: (
                           "group", group.kind, group.name, listing_key(group.projects, n, group.total),
                           _members_key(group.projects) if n == 1 else None))
    yield Page(opendata.DATA_PAGE_URL, "data.html", lambda: {"data": opendata.data_view(site)},
               ("data", len(site.projects), site.indicator_count, sum(len(d.corrections) for d in site.projects),
                site.projects[0].id if site.projects else None))
    yield Page(search.PAGE_URL, "search.html", lambda: {"search": search.search_view(site)})
    yield Page("404.html", "404.html", {}, ("404",))


def pages_showing(site: Site, edited: list[Declaration], moved: list[Declaration] = ()) -> set[str]:
    """The URLs of every page whose key (above) reads one of the ``edited`` projects,
    when each was edited in place (its model.placement unchanged: no project moved in
    the index order, between groups or series, and no total changed). Every other
    page's key is then unchanged, and a build after a few edits makes only these.

    ``moved``: the previous versions of the edited projects whose amount changed, and
    nothing else of their placement (model.membership). Each moved within its
    listings, whose totals every page of them shows: those pages too, and its
    neighbours in the index order before the edit (their previous and next links)."""
    size = site.settings.page_size
    urls = {opendata.DATA_PAGE_URL, search.PAGE_URL, "404.html"}
    wanted = {id(d) for d in edited}
    groups = {(g.kind, g.name): g for g in site.departments + site.categories + site.years}
    listings = [("", site.projects)]  # the index, then the edited projects' groups
    for d in edited:
        for kind, name in ((DEPARTMENT, d.department), (CATEGORY, d.category), (YEAR, str(d.year))):
            group = groups.get((kind, name))
            if group is not None:  # (no year pages on a site of one year)
                listings.append((group.url, group.projects))
    moved_ids = {d.id for d in moved}
    for listing_url, projects in listings:
        for i, p in enumerate(projects):
            if id(p) not in wanted:
                continue
            urls.add(views.page_url(listing_url, 1))  # its totals and charts
            urls.add(views.page_url(listing_url, i // size + 1))  # its row
            if listing_url == "":  # the index order: the neighbours' prev and next links
                urls.update(project_url(n) for n in projects[max(0, i - 1):i + 2])
            if p.id in moved_ids:  # a new total, at the foot of every page
                urls.update(views.page_url(listing_url, n)
                            for n in range(1, views.page_count(len(projects), size) + 1))
    if moved:  # the index order before the edits: the moved projects' neighbours there
        before = sorted([p for p in site.projects if p.id not in moved_ids] + list(moved), key=index_order)
        for i, p in enumerate(before):
            if p.id in moved_ids:
                urls.update(project_url(n) for n in before[max(0, i - 1):i + 2])
    for d in edited:
        urls.update(project_url(s) for s in site.series_of(d))  # their history tables
    return urls


def render_page(env: jinja2.Environment, page: Page, site_context: dict) -> bytes:
    try:
        template = env.get_template(page.template)
        html = template.render(site=site_context, root=root_for(page.url, site_context["base_path"]),
                               page_url=page.url, t=translator(site_context["lang"]), **page.make_context())
    except Exception as exc:  # every template failure becomes a file:line diagnostic
        raise template_problem(exc, page.template) from None
    return html.encode("utf-8")
