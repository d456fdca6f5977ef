"""Search in a real browser, on the bundled site served under /disclosure/2024/."""

from __future__ import annotations

import functools
from decimal import Decimal
import sys
import threading
import zlib
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from sitegen.build import build
from sitegen.search.terms import cover, query_tokens
from sitegen.search.text import fold
from test_search_index import RANKING_SITE

from .conftest import PREFIX, REPO, QuietHandler, served_site
from tests.browser.test_layout import describe

DONE = "['done', 'idle', 'error', 'refused'].includes(document.getElementById('search-app').dataset.state)"


def results(page) -> list[str]:
    page.wait_for_function(DONE)
    return page.locator("#search-results .result-title").all_inner_texts()


def hrefs(page) -> list[str]:
    page.wait_for_function(DONE)
    return [a.get_attribute("href") for a in page.locator("#search-results .result-title").all()]


def status(page) -> str:
    page.wait_for_function(DONE)
    return page.locator("#search-status").inner_text()


def params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def type_query(page, text: str) -> None:
    box = page.locator("#search-q")
    box.fill("")
    box.press_sequentially(text, delay=30)
    # The page waits 200 ms after the last keystroke; then wait for that search.
    page.wait_for_function(f"""document.getElementById('search-status').textContent.includes({text!r})
                               && {DONE}""")


def test_typing_canyin_lists_jiguan_fuwu_first_and_nothing_else(visit, site):
    v = visit("search/")
    type_query(v.page, "餐饮")
    assert results(v.page) == ["机关服务"]
    assert status(v.page) == "找到 1 个与“餐饮”匹配的项目，按相关程度排列。"
    item = v.page.locator("#search-results li").first
    assert item.locator(".result-meta").inner_text().split("\n") == [
        "上海推进科技创新中心建设办公室", "2024年度", "特定目标类", "2,231,300.00 元"]
    assert "餐饮" in item.locator(".result-snippet mark").all_inner_texts()
    href = item.locator("a").evaluate("a => a.href")
    assert urlsplit(href).path == PREFIX + "projects/2024-jiguan-fuwu/"
    assert params(v.page) == {"q": "餐饮"}  # shareable: the URL follows the query
    assert not v.problems
    assert all(urlsplit(u).path.startswith(PREFIX) for u in v.requests)  # all under the sub-path


def test_rengong_zhineng_finds_the_future_park_exhibition(visit):
    v = visit("search/?q=" + "人工智能")
    assert "未来公园展厅运营项目" in results(v.page)
    assert v.page.locator("#search-q").input_value() == "人工智能"
    assert v.page.locator("#search-results mark").first.inner_text() == "人工智能"
    assert not v.problems


def test_the_header_form_on_every_page_leads_to_results(visit):
    v = visit("projects/2024-xinxihua-yunwei/")
    v.page.locator("#site-search-q").fill("残疾人")
    v.page.locator("#site-search-q").press("Enter")
    v.page.wait_for_url("**/search/?q=*")
    assert urlsplit(v.page.url).path == PREFIX + "search/"
    assert results(v.page)[0] == "缴纳残疾人就业保障金"
    assert not v.problems


def test_a_query_with_no_match_says_so(visit):
    v = visit("search/?q=" + "不存在的词语")
    assert results(v.page) == []
    assert status(v.page) == "没有找到与“不存在的词语”匹配的项目。"
    assert v.page.locator("#search-status").get_attribute("aria-live") == "polite"
    assert not v.problems


@pytest.mark.parametrize("word", ["constructor", "__proto__", "toString", "hasOwnProperty"])
def test_an_object_property_name_is_a_word_like_any_other(visit, word):
    v = visit("search/?q=" + word)
    assert results(v.page) == []
    assert v.page.locator("#search-app").get_attribute("data-state") == "done"
    assert status(v.page) == f"没有找到与“{word}”匹配的项目。"
    assert not v.problems


def test_filters_work_and_are_kept_in_the_url(visit):
    v = visit("search/")
    page = v.page
    page.locator("#search-category").select_option("其他运转类")
    assert results(page) == ["信息化运维项目"]
    assert params(page) == {"category": "其他运转类"}

    page.locator("#search-category").select_option("")
    page.locator("#search-q").fill("展厅")
    page.locator("#search-q").press("Enter")
    assert results(page) == ["未来公园展厅运营项目", "科创中心展厅运营项目"]  # by amount
    page.locator("#search-max").fill("10,000,000")
    page.locator("#search-max").press("Enter")
    assert results(page) == ["科创中心展厅运营项目"]
    page.locator("#search-year").select_option("2024")
    page.locator("#search-department").select_option("上海推进科技创新中心建设办公室")
    assert results(page) == ["科创中心展厅运营项目"]
    kept = params(page)
    assert kept == {"q": "展厅", "max": "10,000,000", "year": "2024",
                    "department": "上海推进科技创新中心建设办公室"}

    page.locator("#search-min").fill("7000000")
    page.locator("#search-min").press("Enter")
    assert results(page) == []
    assert "没有找到" in status(page)

    again = visit("search/?" + urlsplit(page.url).query.replace("&min=7000000", ""))
    assert again.page.locator("#search-max").input_value() == "10,000,000"
    assert again.page.locator("#search-department").input_value() == "上海推进科技创新中心建设办公室"
    assert results(again.page) == ["科创中心展厅运营项目"]
    assert not v.problems and not again.problems


def test_amount_range_alone_lists_projects_by_amount(visit):
    v = visit("search/?min=600000&max=7000000")
    assert results(v.page) == ["科创中心展厅运营项目", "机关服务", "信息化运维项目"]
    assert not v.problems


def test_an_amount_in_wan_filters_exactly_as_in_yuan(visit):
    in_yuan = results(visit("search/?min=600000&max=7000000").page)
    v = visit("search/?min=60万&max=700万元")
    assert results(v.page) == in_yuan
    assert "600,000.00 至 7,000,000.00 元" in status(v.page)
    assert v.page.locator("#search-min").get_attribute("aria-invalid") == "false"


@pytest.mark.parametrize("typed", ["abc", "1.001", "100万万"])
def test_what_is_not_an_amount_is_refused_with_a_message(visit, typed):
    v = visit("search/")
    v.page.fill("#search-min", typed)
    v.page.press("#search-min", "Enter")
    assert status(v.page) == f"“{typed}”不是金额，未按它筛选；请写数字，如 100000、1,250,000.00 或 100万。"
    assert results(v.page) == []
    assert v.page.locator("#search-min").get_attribute("aria-invalid") == "true"
    v.page.fill("#search-min", "60万")
    v.page.press("#search-min", "Enter")
    assert results(v.page) == results(visit("search/?min=600000").page) and "不是金额" not in status(v.page)
    assert not v.problems


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """A generated site of 25 declarations: more results than a page shows."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus
    yield from served_site(corpus.generate(25, tmp_path_factory.mktemp("many") / "site"), tmp_path_factory)


@pytest.mark.parametrize("width", [360, 1280])
def test_the_results_page_through_with_links_at_top_and_foot_kept_in_the_address(visit, axe, many, width):
    page = visit("search/?min=1", width, served=many).page
    first = hrefs(page)
    assert len(first) == 20 and "这是第 1–20 个（第 1 页，共 2 页）" in status(page)
    for nav in ("#search-pages-top", "#search-pages"):
        assert page.locator(f"{nav} p").inner_text() == "第 1 页，共 2 页"
    page.click("#search-pages-top a[rel=next]")
    page.wait_for_function("document.querySelector('#search-pages [aria-current=page]').textContent === '2'")
    second = hrefs(page)
    assert len(second) == 5 and len(set(first + second)) == 25
    assert params(page) == {"min": "1", "page": "2"}
    assert page.evaluate("document.activeElement.className") == "result-title"
    assert page.evaluate("document.getElementById('search-results').start") == 21
    assert "这是第 21–25 个（第 2 页，共 2 页）" in status(page)
    page.go_back()
    page.wait_for_function("document.querySelector('#search-pages [aria-current=page]').textContent === '1'")
    assert hrefs(page) == first
    violations = axe(page)
    assert not violations, describe(violations)
    again = visit("search/?min=1&page=2", width, served=many).page
    assert hrefs(again) == second
    again.fill("#search-q", "项目")
    again.press("#search-q", "Enter")
    again.wait_for_function("!new URLSearchParams(location.search).has('page')")


def test_a_snippet_is_cut_from_the_field_that_matched(visit):
    v = visit("search/?q=其他经常性项目")
    assert results(v.page)  # (waits for them)
    snippets = v.page.locator("#search-results .result-snippet").all_inner_texts()
    assert snippets and all(s.strip("…") == "其他经常性项目" for s in snippets), snippets


def test_keyboard_only_from_query_to_project_page(visit):
    v = visit("search/")
    page = v.page
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # the site name... walk until the query box has focus
    for _ in range(10):
        if page.evaluate("document.activeElement.id") == "search-q":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("运维")
    page.keyboard.press("Enter")
    assert results(page) == ["信息化运维项目"]
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "result-title":
            break
    assert page.evaluate("document.activeElement.textContent") == "信息化运维项目"
    page.keyboard.press("Enter")
    page.wait_for_url("**/projects/2024-xinxihua-yunwei/")
    assert not v.problems


def test_without_javascript_the_page_leads_to_every_project(visit):
    v = visit("search/?q=" + "餐饮", java_script_enabled=False)
    page = v.page
    note = page.locator("noscript p")  # (Playwright's text search skips <noscript>)
    assert note.is_visible() and note.inner_text() == "搜索需要浏览器启用 JavaScript。"
    link = page.get_by_role("link", name="浏览全部 6 个项目")
    assert link.is_visible()
    link.click()
    page.wait_for_url("**" + PREFIX)
    assert page.locator("table.projects").first.is_visible()


@pytest.mark.parametrize("width", [360, 1280])
def test_search_page_with_results_has_no_axe_violations(visit, axe, width):
    v = visit("search/?q=" + "餐饮", width)
    assert results(v.page) == ["机关服务"]
    violations = axe(v.page)
    assert not violations, "\n".join(f"{x['id']}: {x['help']} {[n['target'] for n in x['nodes']]}"
                                     for x in violations)
    scroll, inner = v.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner


def test_javascript_tokenizes_and_hashes_like_python(visit):
    page = visit("search/").page
    api = "window.sitegenSearch"
    page.wait_for_function(api)
    for q in ("张江ＡＩ产业，2024 餐饮", "pm2.5 垃圾分类", "𠀀𠀁𠀂", "  ", "Ｇｐｕ算力"):
        js = page.evaluate(f"q => {api}.tokens({api}.fold(q)).map(t => [t.cjk ? 'cjk' : 'word', t.text])", q)
        assert [tuple(t) for t in js] == query_tokens(fold(q)), q
    for run in ("人工智能", "人工智", "残疾人就业保障金", "𠀀𠀁𠀂"):
        js = page.evaluate(f"r => {api}.cover(Array.from(r))", run)
        assert [tuple(x) for x in js] == cover(run), run
    for term in ("餐饮", "\x01d上海推进科技创新中心建设办公室", "𠀀𠀁", "ai", "\x01y2024"):
        assert page.evaluate(f"t => {api}.crc32(t)", term) == zlib.crc32(term.encode("utf-8")), term


@pytest.fixture(scope="module")
def ranking(browser, tmp_path_factory):
    """The ranking mini-site of test_search_index, served under the same sub-path."""
    root = tmp_path_factory.mktemp("ranking")
    site = root / "site"
    (site / "content").mkdir(parents=True)
    for ident, text in RANKING_SITE.items():
        (site / "content" / f"{ident}.md").write_text(text, "utf-8")
    www = root / "www"
    build(site, out_dir=www / PREFIX.strip("/"), base_url=PREFIX)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    context.set_default_timeout(15_000)
    errors: list[str] = []

    def open_search(query: str):
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"http://127.0.0.1:{server.server_port}{PREFIX}search/?{query}")
        page.wait_for_function(DONE)
        hrefs = page.locator("#search-results .result-title").evaluate_all("a => a.map(x => x.href)")
        page.close()
        return [unquote(urlsplit(h).path).split("/")[-2] for h in hrefs]

    yield open_search, errors
    context.close()
    server.shutdown()
    server.server_close()


def test_browser_ranking_verification_and_folding_match_the_python_engine(ranking):
    open_search, errors = ranking
    assert open_search("q=餐饮") == ["a-title", "b-indicator", "c-department", "d-goal-big", "e-goal-small"]
    assert open_search("q=人工智能") == ["g-ai"]  # 人工 + 工智 + 智能 apart do not count
    assert open_search("q=工智") == ["f-scattered", "g-ai"]
    assert open_search("q=ＡＩ") == open_search("q=ai") == ["g-ai"]
    assert open_search("q=gp") == ["g-ai"]
    assert open_search("q=餐饮+园区") == ["d-goal-big", "e-goal-small"]
    assert open_search("year=2025") == ["g-ai"]
    assert open_search("min=5000&max=50000") == ["e-goal-small", "c-department", "f-scattered", "b-indicator"]
    assert open_search("q=甲") == ["d-goal-big"]
    assert not errors


def csv_rows(data: bytes) -> list[str]:
    """A CSV file's records as their raw text (a quoted cell may hold line breaks)."""
    import csv
    import io
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    records, record = [], []
    for line in text[1:].split("\r\n")[:-1]:
        record.append(line)
        joined = "\r\n".join(record)
        if joined.count('"') % 2 == 0:
            records.append(joined)
            record = []
    assert not record
    assert all(len(next(csv.reader(io.StringIO(r)))) == len(next(csv.reader(io.StringIO(records[0]))))
               for r in records)
    return records


@pytest.mark.parametrize("width", [360, 1280])
def test_the_filtered_projects_download_as_the_same_rows_of_data_projects_csv(visit, many, width):
    full = csv_rows((many.out_dir / "data" / "projects.csv").read_bytes())
    import csv
    import io
    head = next(csv.reader(io.StringIO(full[0])))
    rows = [dict(zip(head, next(csv.reader(io.StringIO(r))))) | {"raw": r} for r in full[1:]]
    year = max(r["year"] for r in rows)
    department = max((r["department"] for r in rows if r["year"] == year),
                     key=lambda d: sum(r["department"] == d for r in rows if r["year"] == year))
    page = visit(f"search/?year={year}&department={department}&sort=amount_asc", width, served=many).page
    shown = results(page)
    with page.expect_download() as download:
        page.click("#search-download")
    got = csv_rows(open(download.value.path(), "rb").read())
    wanted = sorted((r for r in rows if r["year"] == year and r["department"] == department),
                    key=lambda r: Decimal(r["requested"]))
    assert got[0] == full[0] and got[1:] == [r["raw"] for r in wanted]  # byte for byte, in the order shown
    assert shown == [r["title"] for r in wanted][:10]
    assert "按年度资金申请总额从低到高排列" in status(page)


@pytest.mark.parametrize("order, key", [("amount_desc", lambda r: -Decimal(r["requested"])),
                                        ("year", lambda r: -int(r["year"]))])
def test_every_project_can_be_listed_in_an_order_and_downloaded(visit, many, order, key):
    import csv
    import io
    full = csv_rows((many.out_dir / "data" / "projects.csv").read_bytes())
    head = next(csv.reader(io.StringIO(full[0])))
    rows = [dict(zip(head, next(csv.reader(io.StringIO(r))))) | {"raw": r} for r in full[1:]]
    page = visit("search/", served=many).page
    page.select_option("#search-sort", order)  # no words, no filter: every project
    assert len(results(page)) == 20 and page.evaluate("new URL(location).searchParams.get('sort')") == order
    with page.expect_download() as download:
        page.click("#search-download")
    got = csv_rows(open(download.value.path(), "rb").read())[1:]
    assert got == [r["raw"] for r in sorted(rows, key=key)]  # ties keep the index order: sorted() is stable


def test_the_filter_lists_are_in_alphabetical_order_and_the_full_csv_needs_no_script(visit, many):
    page = visit("search/", served=many).page
    names = page.locator("#search-department option").evaluate_all("os => os.map(o => o.value)")
    assert names[0] == "" and names[1:] == page.evaluate(
        "ns => ns.slice().sort(new Intl.Collator('zh-CN').compare)", names[1:])
    plain = visit("search/", served=many, java_script_enabled=False).page
    link = plain.get_by_role("link", name="下载全部项目（CSV，可用 Excel 或 WPS 打开）")
    assert link.get_attribute("href") == "../data/projects.csv"
