"""The built site in a real browser, served under /disclosure/2024/ as a publisher would."""

from __future__ import annotations

import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

PAGES = {"index": "", "project": "projects/2024-jiguan-fuwu/", "about": "about/"}
WIDTHS = [360, 1280]

by_page = pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
by_width = pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} - {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            related = [r["target"] for check in node["any"] + node["all"] + node["none"]
                       for r in check.get("relatedNodes", [])]
            if related:
                lines.append(f"      related: {related}")
    return "\n".join(lines)


@by_page
@by_width
def test_axe_finds_no_violations(visit, axe, path, width):
    violations = axe(visit(path, width).page)
    assert not violations, f"axe found {len(violations)} violations:\n{describe(violations)}"


@by_page
def test_no_horizontal_overflow_on_a_phone(visit, path):
    page = visit(path, 360).page
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"page is {scroll} px wide in a {inner} px viewport"


@by_page
@by_width
def test_loads_cleanly_from_this_server_only(visit, path, width):
    v = visit(path, width)
    assert not v.problems
    assert [u for u in v.requests if urlsplit(u).hostname != "127.0.0.1"] == []


@by_page
def test_one_h1_and_chinese_language(visit, path):
    page = visit(path).page
    assert page.locator("h1").count() == 1
    assert page.locator("html[lang='zh-CN']").count() == 1


class Links(HTMLParser):
    """Collects a page's <a href> values and element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href") is not None:
            self.hrefs.append(a["href"])


def fetch(url: str) -> tuple[int, str]:
    """HTTP status and, for an HTML page, its text."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            html = r.headers.get_content_type() == "text/html"
            return r.status, r.read().decode("utf-8") if html else ""
    except urllib.error.HTTPError as e:
        return e.code, ""


def test_every_link_resolves_inside_the_sub_path(site):
    """Crawl from the index, plus every page on disk so unlinked ones (404.html) count too."""
    on_disk = [site.url + p.relative_to(site.out_dir).as_posix().removesuffix("index.html")
               for p in sorted(site.out_dir.rglob("*.html"))]
    queue = [(url, "(start)") for url in [site.url, *on_disk]]  # (page, linked from)
    seen = set()
    ids: dict[str, set[str]] = {}  # page -> its element ids, to check #fragments
    links: list[tuple[str, str]] = []  # (page, absolute link)
    problems = []
    while queue:
        url, source = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, html = fetch(url)
        if status != 200:
            problems.append(f"{source}: link to {url} gives HTTP {status}")
            continue
        parser = Links()
        parser.feed(html)
        ids[url] = parser.ids
        for href in parser.hrefs:
            link = urljoin(url, href)
            links.append((url, link))
            if link.startswith(site.url):
                queue.append((urldefrag(link).url, url))
            else:  # another host, or this host outside the sub-path
                problems.append(f"{url}: link leaves {site.prefix}: {href}")
    for page, link in links:
        target, fragment = urldefrag(link)
        if fragment and fragment not in ids.get(target, set()):
            problems.append(f"{page}: no id '{fragment}' on {target}")
    assert not problems, "\n".join(problems)
    # Every page but the 404 page is linked from some other page.
    linked = {urldefrag(link).url for page, link in links if urldefrag(link).url != page}
    assert set(on_disk) - linked == {site.url + "404.html"}, "pages no other page links to"


def test_print_hides_navigation_and_shows_indicators(visit):
    page = visit(PAGES["project"]).page
    page.emulate_media(media="print")
    for selector in (".site-header", ".pager"):
        assert page.locator(selector).is_hidden(), f"{selector} is visible in print"
    assert page.locator("table.indicators").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


def test_project_page_is_complete_without_javascript(visit):
    page = visit(PAGES["project"], java_script_enabled=False).page
    assert page.locator("table.indicators tbody tr").count() == 12
    assert page.locator("table.indicators").get_by_text("就餐者满意度").is_visible()


@pytest.mark.parametrize("feed", ["feed.xml", "department"])
def test_a_feed_opens_as_a_readable_page(visit, site, feed):
    if feed == "department":
        feed = next(p for p in sorted((site.out_dir / "departments").iterdir()) if p.is_dir()).name
        feed = f"departments/{feed}/feed.xml"
    v = visit(feed)
    style = v.page.evaluate("""() => {
        const title = document.querySelector('feed > title'), entry = document.querySelector('entry');
        return [getComputedStyle(title).display, getComputedStyle(title).fontWeight,
                getComputedStyle(entry).display, getComputedStyle(document.querySelector('entry > id')).display];
    }""")
    assert style == ["block", "700", "block", "none"]  # static/feed.css applied: not raw XML
    # (but the browser's own ask for the host's /favicon.ico, which an XML file cannot turn off)
    assert not [p for p in v.problems if not p.endswith("/favicon.ico")]
    assert [u for u in v.requests if urlsplit(u).hostname != "127.0.0.1"] == []
