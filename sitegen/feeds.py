"""Files for feed readers and crawlers: the site's Atom feed and one per department
(beside its page), sitemap.xml and robots.txt. A feed names static/feed.css, so a
browser shows it as a readable page, not raw XML.

Every date comes from the content, never from the build clock, so the same content
gives the same bytes on every build:

- a declaration's entry is ``published`` on its ``published`` date and ``updated`` on
  the latest of ``published``, ``updated`` and its corrections' dates; a declaration
  with none of these is dated 1 January of its budget year (documented in
  docs/content-format.md), so it is still in the feed, at a stable place;
- each correction (更正说明) is an entry of its own, dated by its ``date``, so that a
  changed figure reaches subscribers as news, never silently;
- dates are days in China Standard Time (T00:00:00+08:00).

Addresses follow ``base_url``: with a full URL they are absolute, as the sitemap
protocol and robots.txt require; with a path, links in the feed are relative to the
feed (so they work under any sub-path), the sitemap
lists root-relative paths, and robots.txt cannot name the sitemap (see README).
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
import uuid
from typing import Iterator

from sitegen import render, search
from sitegen.i18n import translator
from sitegen.model import Group, Site, project_url, public_url
from sitegen.money import format_money
from sitegen.schema import Declaration

FEED = "feed.xml"  # the site's; a department's is FEED beside its page
FEED_STYLE = "static/feed.css"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
FEED_ENTRIES = 100  # the most recent; every declaration is in data/ and sitemap.xml
DEPARTMENT_FEED_ENTRIES = 20  # a department's: its news, without reading half the site's details
SITEMAP_LIMIT = 50_000  # URLs per sitemap file, as the protocol allows
_ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # PDF form feeds and the like


def _x(text: str) -> str:
    """Text for XML content: as xml.sax.saxutils.escape (whose module imports
    urllib.request, 13 ms of every build's start)."""
    return _NOT_XML.sub(" ", text).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _attr(text: str) -> str:
    """A quoted XML attribute value, as xml.sax.saxutils.quoteattr writes it."""
    value = _x(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def entry_dates(decl: Declaration) -> tuple[dt.date | None, dt.date]:
    """(published, updated) of a declaration's feed entry; see the module's docstring."""
    known = [d for d in (decl.published, decl.updated, *(c.date for c in decl.corrections)) if d]
    return decl.published, max(known) if known else dt.date(decl.year, 1, 1)


def content_date(decl: Declaration) -> dt.date | None:
    """The latest date the content gives (None when it gives none): the sitemap's lastmod."""
    known = [d for d in (decl.published, decl.updated, *(c.date for c in decl.corrections)) if d]
    return max(known) if known else None


def _link(site: Site, url: str, feed_at: str = "") -> str:
    """Absolute with a full base_url; else relative to the feed (at ``feed_at``, '' for
    the site's root, 'departments/d-…/' for a department's)."""
    if site.settings.origin:
        return public_url(site.settings, url)
    return "../" * feed_at.count("/") + url or "./"


def _id(site: Site, url: str) -> str:
    """An entry's permanent id: its address, or a name-based UUID without a full base_url."""
    if site.settings.origin:
        return public_url(site.settings, url)
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"sitegen:{site.settings.title}:{site.settings.base_path}{url}"))


def _entries(projects) -> list[tuple]:
    """(updated, published, id-url, kind, declaration, correction index) for every entry."""
    entries = []
    for decl in projects:
        published, updated = entry_dates(decl)
        url = project_url(decl)
        entries.append((updated, published or updated, url, "declaration", decl, -1))
        for k, c in enumerate(decl.corrections):
            entries.append((c.date, c.date, f"{url}#correction-{k + 1}", "correction", decl, k))
    return entries


def atom_feed(site: Site, department: Group | None = None) -> bytes:
    """The FEED_ENTRIES most recent entries, newest first (ties by address): of the
    whole site, or of one ``department`` (its feed sits beside its page)."""
    t = translator(site.settings.language)
    s = site.settings
    at = department.url if department else ""
    chosen = heapq.nsmallest(DEPARTMENT_FEED_ENTRIES if department else FEED_ENTRIES,
                             _entries(department.projects if department else site.projects),
                             key=lambda e: (-e[0].toordinal(), -e[1].toordinal(), e[2]))
    newest = chosen[0][0] if chosen else dt.date(1970, 1, 1)
    title = t("feed.department_title", department=department.name, site=s.title) if department else s.title
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           # relative always: the stylesheet comes from where the feed was opened
           f'<?xml-stylesheet type="text/css" href={_attr("../" * at.count("/") + FEED_STYLE)}?>',
           f'<feed xmlns="{_ATOM}" xml:lang={_attr(s.language)}>',
           f"  <title>{_x(title)}</title>"]
    if s.description and not department:
        out.append(f"  <subtitle>{_x(s.description)}</subtitle>")
    out.append(f"  <id>{_x(_id(site, at))}</id>")
    if s.origin:
        out.append(f'  <link rel="self" type="application/atom+xml" href={_attr(public_url(s, at + FEED))}/>')
    out.append(f'  <link rel="alternate" type="text/html" href={_attr(_link(site, at, at))}/>')
    out.append(f"  <updated>{_stamp(newest)}</updated>")
    out.append(f"  <author><name>{_x(s.organizer or s.title)}</name></author>")
    out.append('  <generator uri="https://pypi.org/project/sitegen/">sitegen</generator>')
    for updated, published, url, kind, decl, k in chosen:
        out.extend(_entry(site, t, updated, published, url, kind, decl, k, at))
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _entry(site, t, updated, published, url, kind, decl: Declaration, k: int, at: str) -> list[str]:
    if kind == "declaration":
        title = t("feed.entry_title", title=decl.title, year=decl.year)
        link = _link(site, project_url(decl), at)
        summary = t("feed.entry_summary", department=decl.department, category=decl.category or "—",
                    amount=format_money(decl.funds.requested), count=decl.indicator_count,
                    goal=" ".join(line.strip() for line in decl.goal.splitlines() if line.strip()))
        pub = decl.published
    else:
        c = decl.corrections[k]
        title = t("feed.correction_title", title=decl.title, year=decl.year)
        link = _link(site, project_url(decl), at) + "#corrections"
        summary = t("feed.correction_summary", date=c.date.isoformat(), what=c.what, why=c.why)
        pub = c.date
    lines = ["  <entry>",
             f"    <title>{_x(title)}</title>",
             f'    <link rel="alternate" type="text/html" href={_attr(link)}/>',
             f"    <id>{_x(_id(site, url))}</id>"]
    if pub:
        lines.append(f"    <published>{_stamp(pub)}</published>")
    lines += [f"    <updated>{_stamp(updated)}</updated>",
              f"    <author><name>{_x(decl.department)}</name></author>",
              *([f"    <category term={_attr(decl.category)}/>"] if decl.category else []),
              f"    <summary>{_x(summary)}</summary>",
              "  </entry>"]
    return lines


def sitemap_urls(site: Site) -> list[tuple[str, dt.date | None]]:
    """(page URL, lastmod) of every page worth crawling: all but 404 and search."""
    lastmod = {project_url(d): content_date(d) for d in site.projects}
    return [(p.url, lastmod.get(p.url)) for p in render.site_pages(site)
            if p.url not in ("404.html", search.PAGE_URL)]


def _urlset(site: Site, urls: list[tuple[str, dt.date | None]]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, day in urls:
        mod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        out.append(f"  <url><loc>{_x(public_url(site.settings, url))}</loc>{mod}</url>")
    out.append("</urlset>")
    return ("\n".join(out) + "\n").encode("utf-8")


def sitemaps(site: Site) -> Iterator[tuple[str, bytes]]:
    """sitemap.xml; past SITEMAP_LIMIT URLs, an index of sitemaps/N.xml files."""
    urls = sitemap_urls(site)
    if len(urls) <= SITEMAP_LIMIT:
        yield SITEMAP, _urlset(site, urls)
        return
    parts = [urls[i:i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)]
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for n, part in enumerate(parts, 1):
        yield f"sitemaps/{n}.xml", _urlset(site, part)
        out.append(f"  <sitemap><loc>{_x(public_url(site.settings, f'sitemaps/{n}.xml'))}</loc></sitemap>")
    out.append("</sitemapindex>")
    yield SITEMAP, ("\n".join(out) + "\n").encode("utf-8")


def robots_txt(site: Site) -> bytes:
    s = site.settings
    lines = ["# Every page may be crawled; the search page's results are made in the browser.",
             "User-agent: *",
             f"Disallow: {s.base_path}{search.PAGE_URL}"]
    if s.origin:
        lines.append(f"Sitemap: {public_url(s, SITEMAP)}")
    else:
        lines.append(f"# The sitemap is {s.base_path}{SITEMAP}; robots.txt can only name it by its full")
        lines.append("# address: set base_url in sitegen.yaml to a full URL (https://...) to add it here.")
    return ("\n".join(lines) + "\n").encode("utf-8")


def feed_files(site: Site) -> Iterator[tuple[str, bytes]]:
    yield FEED, atom_feed(site)
    for department in site.departments:
        yield department.url + FEED, atom_feed(site, department)
    yield from sitemaps(site)
    yield ROBOTS, robots_txt(site)
