"""Charts, the downloads page and the footer in a real browser, under /disclosure/2024/."""

from __future__ import annotations

import pytest

from tests.browser.test_layout import describe


def department(site) -> str:
    [page] = sorted(site.out_dir.glob("departments/*/index.html"))
    return page.parent.relative_to(site.out_dir).as_posix() + "/"


@pytest.mark.parametrize("width", [360, 1280], ids=["360px", "1280px"])
@pytest.mark.parametrize("which", ["data", "department"])
def test_axe_finds_no_violations(visit, axe, site, which, width):
    path = "data/" if which == "data" else department(site)
    v = visit(path, width)
    violations = axe(v.page)
    assert not violations, f"axe found {len(violations)} violations:\n{describe(violations)}"
    assert not v.problems
    scroll, inner = v.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"page is {scroll} px wide in a {inner} px viewport"


def test_index_chart_sits_beside_its_table_on_a_desktop_and_above_it_on_a_phone(visit):
    wide = visit("", 1280).page
    chart = wide.locator("#amounts-by-project ~ .chart-figure svg.chart").first
    table = wide.locator("#amounts-by-project ~ .chart-figure table").first
    c, t = chart.bounding_box(), table.bounding_box()
    assert chart.locator("rect").count() == 6
    assert t["x"] >= c["x"] + c["width"] - 1 and abs(t["y"] - c["y"]) < 80, (c, t)  # side by side
    narrow = visit("", 360).page
    c = narrow.locator("#amounts-by-project ~ .chart-figure svg.chart").first.bounding_box()
    t = narrow.locator("#amounts-by-project ~ .chart-figure table").first.bounding_box()
    assert t["y"] >= c["y"] + c["height"] - 1 and c["width"] <= 360  # stacked, and the chart fits


def test_the_chart_is_an_image_named_by_its_title_and_figures(visit):
    page = visit("").page
    chart = page.get_by_role("img", name="各项目的年度资金申请总额（元）")
    assert chart.count() == 1
    assert "科创中心建设工作经费：27,565,700.00元" in chart.locator("desc").text_content()


def test_charts_print_in_full(visit):
    page = visit("").page
    page.emulate_media(media="print")
    chart = page.locator("svg.chart").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 200 and box["height"] > 100
    assert page.locator(".site-footer").is_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_every_page_links_to_the_downloads_that_load(visit, site):
    page = visit("projects/2024-jiguan-fuwu/").page
    page.get_by_role("link", name="下载数据").click()
    page.wait_for_load_state()
    assert page.url == site.url + "data/"
    assert page.locator("h1").text_content() == "下载数据"
    for name in ("data/projects.csv", "data/projects.json", "datapackage.json"):
        response = page.request.get(site.url + name)
        assert response.ok, name
    csv = page.request.get(site.url + "data/projects.csv").body()
    assert csv.startswith(b"\xef\xbb\xbf") and "科创中心展厅运营项目".encode() in csv


@pytest.fixture(scope="module")
def english_site(tmp_path_factory):
    """The bundled site with `language: en`, served like the `site` fixture."""
    import functools
    import shutil
    import threading
    from http.server import ThreadingHTTPServer

    from sitegen.build import build
    from tests.browser.conftest import PREFIX, REPO, QuietHandler

    src = tmp_path_factory.mktemp("en-src") / "site"
    shutil.copytree(REPO / "content", src / "content")
    text = (REPO / "sitegen.yaml").read_text("utf-8").replace("language: zh-CN", "language: en")
    (src / "sitegen.yaml").write_text(text, "utf-8")
    www = tmp_path_factory.mktemp("en-www")
    build(src, out_dir=www / PREFIX.strip("/"), base_url=PREFIX)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{PREFIX}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["", "projects/2024-jiguan-fuwu/", "data/", "search/?q=餐饮"])
def test_english_pages_pass_axe(browser, axe, english_site, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(english_site + path, wait_until="load")
        assert page.locator("html[lang='en']").count() == 1
        assert page.get_by_role("link", name="Download the data").count() == 1
        if path.startswith("search/"):
            page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
            assert "match" in page.locator("#search-status").text_content()
        violations = axe(page)
        assert not violations, f"axe found {len(violations)} violations:\n{describe(violations)}"
    finally:
        context.close()
