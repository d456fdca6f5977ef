"""Pure rendering: (environment, site) -> pages as {output path: bytes}.

Every page kind is one entry of ``site_pages``; nothing here touches the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import jinja2

from sitegen import views
from sitegen.model import Site, output_path, project_url
from sitegen.theme import template_problem


@dataclass(frozen=True)
class Page:
    url: str  # site-relative: '' for the index, 'projects/x/', '404.html'
    template: str
    context: dict


def root_for(url: str, base_path: str) -> str:
    """The prefix that turns a site-relative URL into a link from this page.

    Relative ('../../') so the output works under any sub-path of any static
    server; the 404 page is served at arbitrary depths, so it uses the base path.
    """
    if url == "404.html":
        return base_path
    depth = url.count("/")
    return "../" * depth if depth else "./"


def site_pages(site: Site) -> Iterator[Page]:
    yield Page("", "index.html", {"index": views.index_view(site)})
    for i, decl in enumerate(site.projects):
        yield Page(project_url(decl), "project.html", {"project": views.project_view(decl, site, i)})
    for group in site.departments + site.categories + site.years:
        yield Page(group.url, "group.html", {"group": views.group_view(group, site)})
    yield Page("404.html", "404.html", {})


def render_page(env: jinja2.Environment, page: Page, site_context: dict) -> bytes:
    try:
        template = env.get_template(page.template)
        html = template.render(site=site_context, root=root_for(page.url, site_context["base_path"]),
                               page_url=page.url, **page.context)
    except Exception as exc:  # every template failure becomes a file:line diagnostic
        raise template_problem(exc, page.template) from None
    return html.encode("utf-8")


def render_site(env: jinja2.Environment, site: Site) -> Iterator[tuple[str, bytes]]:
    site_context = views.site_view(site)
    for page in site_pages(site):
        yield output_path(page.url), render_page(env, page, site_context)
