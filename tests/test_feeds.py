"""feed.xml (Atom), sitemap.xml and robots.txt: well-formed, complete, dated by the content."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURE_SITE, REPO
from sitegen import feeds
from sitegen.build import build, load
from sitegen.model import project_url

TWO_YEARS = REPO / "tests" / "fixtures" / "two-years"
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITES = pytest.mark.parametrize("site_dir", [REPO, FIXTURE_SITE, TWO_YEARS], ids=["bundled", "fixture", "two-years"])


def built(site_dir: Path, tmp_path: Path, **kw) -> Path:
    out = tmp_path / "out"
    build(site_dir, out_dir=out, **kw)
    return out


@SITES
def test_feed_and_sitemap_parse_and_list_every_project(site_dir, tmp_path):
    out = built(site_dir, tmp_path)
    site, _ = load(site_dir)
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    links = {e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")}
    for d in site.projects:
        assert any(link.endswith(project_url(d)) for link in links), d.id
    for entry in feed.iter(f"{ATOM}entry"):  # what RFC 4287 asks of every entry
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text, required
    ids = [e.find(f"{ATOM}id").text for e in feed.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = [u.find(f"{SM}loc").text for u in sitemap.iter(f"{SM}url")]
    for d in site.projects:
        assert sum(loc.endswith(project_url(d)) for loc in locs) == 1, d.id
    assert not any(loc.endswith(("404.html", "search/")) for loc in locs)
    for loc in locs:  # every listed page exists
        rel = loc.removeprefix(site.settings.origin + site.settings.base_path)
        assert (out / (rel + "index.html" if not rel.endswith(".html") else rel)).is_file(), loc


def test_feed_dates_come_from_the_content(tmp_path):
    out = built(FIXTURE_SITE, tmp_path)
    feed = ET.parse(out / "feed.xml").getroot()
    entries = {e.find(f"{ATOM}id").text: e for e in feed.iter(f"{ATOM}entry")}
    base = "https://example.gov.cn/disclosure/projects/"
    canteen = entries[base + "2025-canteen/"]  # published 2025-02-10, updated and corrected 2025-03-05
    assert canteen.find(f"{ATOM}published").text == "2025-02-10T00:00:00+08:00"
    assert canteen.find(f"{ATOM}updated").text == "2025-03-05T00:00:00+08:00"
    road = entries[base + "2025-road-repair/"]  # no dates: 1 January of its year, not published
    assert road.find(f"{ATOM}updated").text == "2025-01-01T00:00:00+08:00"
    assert road.find(f"{ATOM}published") is None
    assert feed.find(f"{ATOM}updated").text == "2025-03-05T00:00:00+08:00"  # the newest entry's
    updated = [e.find(f"{ATOM}updated").text for e in feed.iter(f"{ATOM}entry")]
    assert updated == sorted(updated, reverse=True)


def test_corrections_are_entries_of_their_own(tmp_path):
    out = built(FIXTURE_SITE, tmp_path)
    feed = ET.parse(out / "feed.xml").getroot()
    entry = next(e for e in feed.iter(f"{ATOM}entry") if "#correction-" in e.find(f"{ATOM}id").text)
    assert entry.find(f"{ATOM}title").text.startswith("更正：机关食堂运营")
    assert entry.find(f"{ATOM}updated").text == "2025-03-05T00:00:00+08:00"
    assert entry.find(f"{ATOM}link").get("href").endswith("projects/2025-canteen/#corrections")
    assert "原表漏计上年结转资金" in entry.find(f"{ATOM}summary").text
    site, _ = load(TWO_YEARS)
    two = ET.parse(built(TWO_YEARS, tmp_path / "two")/ "feed.xml").getroot()
    corrections = [e for e in two.iter(f"{ATOM}entry") if "更正" in e.find(f"{ATOM}title").text]
    assert len(corrections) == sum(len(d.corrections) for d in site.projects) > 0


def test_the_build_clock_never_reaches_the_feed(tmp_path, monkeypatch):
    a = built(FIXTURE_SITE, tmp_path / "a")

    class Tomorrow(dt.date):
        @classmethod
        def today(cls):
            return dt.date(2099, 1, 1)

    monkeypatch.setattr(dt, "date", Tomorrow)
    b = built(FIXTURE_SITE, tmp_path / "b")
    for name in ("feed.xml", "sitemap.xml", "robots.txt"):
        assert (a / name).read_bytes() == (b / name).read_bytes()


def test_feed_keeps_the_most_recent_entries(monkeypatch):
    site, _ = load(FIXTURE_SITE)
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 2)
    feed = ET.fromstring(feeds.atom_feed(site))
    assert [e.find(f"{ATOM}id").text.rsplit("/projects/", 1)[1] for e in feed.iter(f"{ATOM}entry")] == [
        "2025-canteen/#correction-1", "2025-canteen/"]


def test_addresses_without_a_full_base_url(tmp_path):
    """A path base_url: feed links relative to the feed, sitemap paths from the base path,
    ids stable name-based UUIDs, and robots.txt says why it cannot name the sitemap."""
    out = built(REPO, tmp_path, base_url="/disclosure/2024/")
    feed = ET.parse(out / "feed.xml").getroot()
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}link").get("href").startswith("projects/")
    assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
    assert feed.find(f"{ATOM}link[@rel='self']") is None
    locs = [u.find(f"{SM}loc").text for u in ET.parse(out / "sitemap.xml").getroot().iter(f"{SM}url")]
    assert locs[0] == "/disclosure/2024/" and all(loc.startswith("/disclosure/2024/") for loc in locs)
    robots = (out / "robots.txt").read_text("utf-8")
    assert "Disallow: /disclosure/2024/search/" in robots
    assert not any(line.startswith("Sitemap:") for line in robots.splitlines())


def test_robots_names_the_sitemap_with_a_full_base_url(tmp_path):
    out = built(FIXTURE_SITE, tmp_path)
    robots = (out / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in robots
    assert "Sitemap: https://example.gov.cn/disclosure/sitemap.xml" in robots
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    lastmod = {u.find(f"{SM}loc").text: u.find(f"{SM}lastmod") for u in sitemap.iter(f"{SM}url")}
    assert lastmod["https://example.gov.cn/disclosure/projects/2025-canteen/"].text == "2025-03-05"
    assert lastmod["https://example.gov.cn/disclosure/projects/2025-road-repair/"] is None  # no date given


def test_a_large_site_gets_a_sitemap_index(monkeypatch):
    site, _ = load(FIXTURE_SITE)
    monkeypatch.setattr(feeds, "SITEMAP_LIMIT", 4)
    files = dict(feeds.sitemaps(site))
    index = ET.fromstring(files.pop("sitemap.xml"))
    assert index.tag == f"{SM}sitemapindex"
    parts = [s.find(f"{SM}loc").text for s in index.iter(f"{SM}sitemap")]
    assert parts == [f"https://example.gov.cn/disclosure/sitemaps/{n}.xml" for n in range(1, len(files) + 1)]
    urls = [u.find(f"{SM}loc").text for data in files.values() for u in ET.fromstring(data).iter(f"{SM}url")]
    assert len(urls) == len(feeds.sitemap_urls(site)) and all(
        len(list(ET.fromstring(d).iter(f"{SM}url"))) <= 4 for d in files.values())


def test_text_that_xml_cannot_hold_is_replaced(tmp_path, site_copy):
    site = site_copy()
    path = site / "content" / "2024-canteen.md"
    path.write_text(path.read_text("utf-8").replace("goal: 保障机关工作人员就餐需求。",
                                                   'goal: "保障\\uFFFE机关工作人员就餐需求。"'), "utf-8")
    build(site)  # check refuses control characters; a noncharacter passes it but not XML
    feed = ET.parse(site / "output" / "feed.xml").getroot()  # parses: the noncharacter is gone
    assert any("保障 机关" in (e.find(f"{ATOM}summary").text or "") for e in feed.iter(f"{ATOM}entry"))


def test_every_page_announces_the_feed(tmp_path):
    out = built(FIXTURE_SITE, tmp_path)
    html = (out / "projects" / "2024-canteen" / "index.html").read_text("utf-8")
    assert '<link rel="alternate" type="application/atom+xml" href="../../feed.xml"' in html


@pytest.mark.parametrize("text", ['a&b<c>d', 'say "hi"', "it's", '"both\' & <x>', 'tab\there\nnew\rline', '\x01ctl\x0c', ''])
def test_xml_escaping_is_the_standard_librarys(text):
    from xml.sax.saxutils import escape, quoteattr

    from sitegen import feeds

    assert feeds._x(text) == escape(feeds._NOT_XML.sub(" ", text))
    assert feeds._attr(text) == quoteattr(feeds._NOT_XML.sub(" ", text))


@pytest.mark.parametrize("base_url", ["https://example.gov.cn/disclosure/", "/disclosure/"])
def test_each_department_has_a_feed_of_its_own_beside_its_page(tmp_path, base_url):
    out = built(FIXTURE_SITE, tmp_path, base_url=base_url)
    site, _ = load(FIXTURE_SITE, base_url=base_url)
    assert len(site.departments) > 1
    for department in site.departments:
        path = out / department.url / "feed.xml"
        feed = ET.parse(path).getroot()
        assert department.name in feed.find(f"{ATOM}title").text
        ids = {d.id for d in department.projects}
        links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
        assert links and {link.split("projects/")[1].split("/")[0] for link in links} == ids
        for link in (link.split("#")[0] for link in links):  # each is the project's page, from the feed
            target = out / link.split(base_url, 1)[1] if link.startswith("http") else path.parent / link
            assert (target.resolve() / "index.html").is_file(), link
        page = (out / department.url / "index.html").read_text("utf-8")
        assert 'href="../../departments/' in page and f'{department.url}feed.xml' in page


def test_a_feed_names_its_stylesheet_relatively_so_a_browser_shows_it_readably(tmp_path):
    out = built(FIXTURE_SITE, tmp_path)  # a full base_url: still no request to that host
    site, _ = load(FIXTURE_SITE)
    for path, style in [(out / "feed.xml", "static/feed.css"),
                        (out / site.departments[0].url / "feed.xml", "../../static/feed.css")]:
        head = path.read_text("utf-8").split("\n")[1]
        assert head == f'<?xml-stylesheet type="text/css" href="{style}"?>'
        assert (path.parent / style).resolve().is_file()
