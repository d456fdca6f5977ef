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
from sitegen.model import Site, index_order, project_url
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


def inputs_key(inputs: tuple) -> tuple:
    """A page's inputs as a key: each declaration by its digest (a digest of its file and
    of what it was parsed with), everything else as it is."""
    return tuple((v.digest or id(v)) if isinstance(v, Declaration) else
                 inputs_key(v) if isinstance(v, tuple) else v for v in inputs)


class _Rows:
    """Each project's row of a listing (views.project_row) and its text, made once: a
    project is listed on up to four pages, and its row is most of what a key reads."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.rows: dict[int, dict] = {}  # id(declaration) -> its row
        self.texts: dict[int, str] = {}  # id(row) -> repr(row)

    def row(self, decl: Declaration) -> dict:
        row = self.rows.get(id(decl))
        if row is None:
            row = self.rows[id(decl)] = views.project_row(decl, self.site)
            self.texts[id(row)] = repr(row)
        return row

    def text(self, view: dict) -> str:
        """The view as text: its rows' texts as made once, the rest ``repr``'s."""
        rest = repr({k: v for k, v in view.items() if k != "projects"})
        return "\n".join([rest, *(self.texts[id(row)] for row in view.get("projects", ()))])


def _listing(url: str, template: str, name: str, view: Callable[[], dict], rows: _Rows) -> Page:
    """A page of few instances (listings, the data page): its key is a digest of its
    view itself, made once and kept for rendering, so it cannot miss what the page shows."""
    made: list[dict] = []

    def context() -> dict:
        if not made:
            made.append({name: view()})
        return made[0]

    return Page(url, template, context,
                lambda: (name, hashlib.sha1(rows.text(context()[name]).encode()).hexdigest()))


def listing_urls(site: Site) -> set[str]:
    """The URLs of the pages keyed by their views (see _listing)."""
    return {page.url for page in site_pages(site) if page.template != "project.html"}


def site_pages(site: Site) -> Iterator[Page]:
    size = site.settings.page_size
    rows = _Rows(site)
    for n in range(1, views.page_count(len(site.projects), size) + 1):
        yield _listing(views.page_url("", n), "index.html", "index",
                       lambda n=n: views.index_view(site, n, rows.row), rows)
    for i, decl in enumerate(site.projects):
        yield Page(project_url(decl), "project.html",
                   lambda i=i: {"project": views.project_view(views.project_inputs(site, i), site.settings)},
                   lambda i=i: ("project", inputs_key(views.project_inputs(site, i))))
    for group in site.departments + site.categories + site.years:
        for n in range(1, views.page_count(len(group.projects), size) + 1):
            yield _listing(views.page_url(group.url, n), "group.html", "group",
                           lambda group=group, n=n: views.group_view(group, site, n, rows.row), rows)
    yield _listing(opendata.DATA_PAGE_URL, "data.html", "data", lambda: opendata.data_view(site), rows)
    yield _listing(views.ABOUT_URL, "about.html", "about", lambda: views.about_view(site), rows)
    yield Page(search.PAGE_URL, "search.html", lambda: {"search": search.search_view(site)})
    yield Page("404.html", "404.html", {}, ("404",))


def pages_showing(site: Site, edited: list[Declaration], moved: list[Declaration] = ()) -> set[str]:
    """The URLs of every page whose key may read one of the ``edited`` projects, when
    each was edited in place (its model.placement unchanged: no project moved between
    groups or series, and no file went): every listing page (keyed by its view, so
    comparing its key is exact) and the project pages showing them. Every other
    project page's key is then unchanged, and a build after a few edits makes only these.

    ``moved``: the previous versions of the edited projects whose amount changed, and
    nothing else of their placement (model.membership): their neighbours in the index
    order before the edit too (their previous and next links)."""
    urls = listing_urls(site) | {search.PAGE_URL, "404.html"}
    wanted = {id(d) for d in edited}
    for i, p in enumerate(site.projects):
        if id(p) in wanted:  # the index order: the neighbours' prev and next links
            urls.update(project_url(n) for n in site.projects[max(0, i - 1):i + 2])
    moved_ids = {d.id for d in moved}
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
