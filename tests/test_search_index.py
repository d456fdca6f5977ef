"""The search index as built files: ranking, real substring containment, filters,
what a query fetches, determinism. Queries run through sitegen.search.query, the
Python twin of search.js (the browser tests run the same cases through the JS)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from conftest import REPO, read_tree
from sitegen.build import build, load
from sitegen.search import index as search_index
from sitegen.search.query import open_index, search

CORPUS = REPO / "benchmarks" / "corpus.py"


def declaration(ident: str, title: str, amount: str, goal: str, *, department: str = "上海市示范局",
                unit: str = "", indicator: str = "年度完成率", year: int = 2024,
                category: str = "特定目标类") -> str:
    unit_line = f"implementing_unit: {unit}\n" if unit else ""
    return (f"---\nid: {ident}\ntitle: {title}\nyear: {year}\ndepartment: {department}\n{unit_line}"
            f"category: {category}\nstart_date: {year}-01-01\nend_date: {year}-12-31\n"
            f"funds: {{requested: \"{amount}\", appropriation: \"{amount}\"}}\n"
            f"goal: {goal}\nindicators:\n"
            f"  - {{level1: 产出指标, level2: 数量指标, name: {indicator}, target: \"≥1\", unit: 次}}\n---\n")


# Each project has 餐饮 in a different field class; amounts run against the ranking.
RANKING_SITE = {
    "a-title": declaration("a-title", "食堂餐饮服务", "1,000.00", "保障就餐。"),
    "b-indicator": declaration("b-indicator", "后勤保障", "5,000.00", "保障后勤。", indicator="餐饮供应人数"),
    "c-department": declaration("c-department", "行业培训", "9,000.00", "开展培训。",
                                department="上海市餐饮行业协会"),
    "d-goal-big": declaration("d-goal-big", "园区服务甲", "100,000.00", "提供餐饮服务，满足需求。"),
    "e-goal-small": declaration("e-goal-small", "园区服务乙", "50,000.00", "改善餐饮环境。"),
    # 人工, 工智 and 智能 all occur, but never 人工智能: bigram intersection alone would match.
    "f-scattered": declaration("f-scattered", "设备采购", "7,000.00", "人工巡检与工智结合，采购智能设备。"),
    "g-ai": declaration("g-ai", "产业创新", "3,000.00", "推进人工智能ＡＩ应用，建设ＧＰＵ算力平台。",
                        year=2025, category="其他运转类", unit="上海市示范局信息中心"),
}


@pytest.fixture(scope="module")
def ranking_site(tmp_path_factory) -> tuple[Path, dict[int, str]]:
    site = tmp_path_factory.mktemp("ranking")
    (site / "content").mkdir()
    for ident, text in RANKING_SITE.items():
        (site / "content" / f"{ident}.md").write_text(text, "utf-8")
    out = site / "output"
    build(site, out_dir=out)
    idx = open_index(out)
    ids = {n: idx.record(n)["u"].split("/")[1] for n in range(idx.docs)}
    return out, ids


def ids_of(ranking_site, **query) -> list[str]:
    out, ids = ranking_site
    return [ids[n] for n in search(open_index(out), **query)]


def test_title_outranks_indicator_department_and_goal_then_amount_breaks_ties(ranking_site):
    assert ids_of(ranking_site, q="餐饮") == ["a-title", "b-indicator", "c-department", "d-goal-big",
                                             "e-goal-small"]


def test_a_run_of_characters_must_really_occur(ranking_site):
    assert ids_of(ranking_site, q="人工智能") == ["g-ai"]
    assert ids_of(ranking_site, q="人工智") == ["g-ai"]
    assert ids_of(ranking_site, q="工智") == ["f-scattered", "g-ai"]  # two characters: the bigram
    assert ids_of(ranking_site, q="智能设备") == ["f-scattered"]
    assert ids_of(ranking_site, q="人工智能设备") == []


def test_single_characters_latin_prefixes_and_folding(ranking_site):
    assert ids_of(ranking_site, q="甲") == ["d-goal-big"]
    assert ids_of(ranking_site, q="ai") == ids_of(ranking_site, q="ＡＩ") == ["g-ai"]
    assert ids_of(ranking_site, q="gp") == ["g-ai"]  # GPU by prefix
    assert ids_of(ranking_site, q="gpux") == []


def test_every_term_must_match(ranking_site):
    assert ids_of(ranking_site, q="餐饮 园区") == ["d-goal-big", "e-goal-small"]
    assert ids_of(ranking_site, q="餐饮 人工智能") == []
    assert ids_of(ranking_site, q="信息中心") == ["g-ai"]  # the implementing unit is indexed


def test_filters_alone_and_with_a_query(ranking_site):
    assert ids_of(ranking_site, year="2025") == ["g-ai"]
    assert ids_of(ranking_site, q="餐饮", department="上海市餐饮行业协会") == ["c-department"]
    assert ids_of(ranking_site, category="其他运转类") == ["g-ai"]
    assert ids_of(ranking_site, q="餐饮", year="2025") == []
    # Amounts are inclusive at both ends; projects come in amount order.
    assert ids_of(ranking_site, min_amount="5000", max_amount="50000") == [
        "e-goal-small", "c-department", "f-scattered", "b-indicator"]
    assert ids_of(ranking_site, q="餐饮", max_amount="5000") == ["a-title", "b-indicator"]
    assert ids_of(ranking_site, q="餐饮", min_amount="1000000") == []


def _corpus_site(tmp: Path, n: int) -> Path:
    spec = importlib.util.spec_from_file_location("corpus", CORPUS)
    corpus = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("corpus", corpus)
    spec.loader.exec_module(corpus)  # type: ignore[union-attr]
    return corpus.generate(n, tmp / "site")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    site_dir = _corpus_site(tmp_path_factory.mktemp("corpus"), 600)
    site, _ = load(site_dir)
    return site_dir, site


def test_parallel_and_serial_indexing_write_the_same_bytes(corpus_site):
    _, site = corpus_site
    serial = dict(search_index.search_files(site, workers=1))
    for workers in (2, 3, 7):  # ranges of projects that do not divide evenly too
        assert dict(search_index.search_files(site, workers=workers)) == serial, workers
    assert any(p.startswith("search/data/h/") for p in serial), "the corpus should have heavy terms"
    assert any(p.startswith("search/data/hp/") for p in serial)


def test_index_files_are_deterministic_and_listed_in_the_build(tmp_path):
    build(REPO, out_dir=tmp_path / "a")
    build(REPO, out_dir=tmp_path / "b")
    a = {k: v for k, v in read_tree(tmp_path / "a").items() if k.startswith("search/")}
    assert a == {k: v for k, v in read_tree(tmp_path / "b").items() if k.startswith("search/")}
    names = sorted(a)
    assert "search/index.html" in names
    assert [n for n in names if n.startswith("search/data/d/")] == ["search/data/d/0.json"]
    assert len(json.loads(a["search/data/d/0.json"])) == 6  # the records of projects 0 to 5
    assert {"search/data/s/0.json", "search/data/a/top.json", "search/data/a/0.json"} <= set(a)
    for name, data in a.items():
        if name.endswith(".json"):
            json.loads(data)


def test_bundled_site_answers_the_issue_queries(tmp_path):
    out = tmp_path / "out"
    build(REPO, out_dir=out)
    idx = open_index(out)
    titles = lambda q: [idx.record(n)["t"] for n in search(idx, q=q)]  # noqa: E731
    assert titles("餐饮") == ["机关服务"]
    assert "未来公园展厅运营项目" in titles("人工智能")
    assert titles("残疾人")[0] == "缴纳残疾人就业保障金"
    assert titles("不存在的词语") == []
    assert idx.record(search(idx, q="餐饮")[0])["a"] == "2,231,300.00"


def test_a_query_fetches_only_the_shards_its_terms_need(corpus_site, tmp_path):
    site_dir, site = corpus_site
    out = tmp_path / "out"
    build(site_dir, out_dir=out)
    shards = search_index.shard_count(600)
    assert shards > 1
    idx = open_index(out)
    found = search(idx, q="餐饮")
    assert found
    fetched = [p for p in idx.fetched if not p.startswith("d/")]
    assert fetched[0] == f"s/{search_index.shard_of('餐饮', shards)}.json"
    assert len(fetched) <= 2 and not any(p.startswith(("hp/", "a/")) for p in fetched)

    idx = open_index(out)
    search(idx, q="人工智能")
    kinds = {p.split("/")[0] for p in idx.fetched}
    assert kinds <= {"s", "h", "hp"}
    assert len(idx.fetched) <= 6  # two pinned bigrams: a shard (+ heavy files) each


def test_verification_matches_brute_force_on_a_generated_corpus(corpus_site, tmp_path):
    """Every CJK query finds exactly the projects whose folded text contains it."""
    from sitegen.search.text import field_texts, fold

    site_dir, site = corpus_site
    out = tmp_path / "out"
    build(site_dir, out_dir=out)
    idx = open_index(out)
    order = search_index.search_order(site)
    texts = ["\n".join(fold(t) for t in field_texts(d)) for d in order]
    for q in ("人工智能", "餐饮服务", "智能产业", "服务中心", "残疾人就业", "垃圾分类", "满意度", "务中"):
        expected = {n for n, t in enumerate(texts) if q in t}
        assert set(search(idx, q=q)) == expected, q


def test_search_page_offers_filters_and_a_way_without_javascript(tmp_path):
    build(REPO, out_dir=tmp_path / "out")
    page = (tmp_path / "out" / "search" / "index.html").read_text("utf-8")
    assert 'data-index="data/"' in page and 'data-shards="1"' in page and 'data-docs="6"' in page
    assert re.search(r'data-version="[0-9a-f]{12}"', page)
    for name in ("q", "year", "department", "category", "min", "max"):
        assert f'name="{name}"' in page
    assert '<option value="上海推进科技创新中心建设办公室">' in page
    assert "<noscript>" in page and '<a href="../">浏览全部 6 个项目</a>' in page
    assert 'role="status" aria-live="polite"' in page
    assert '<script src="../static/search.js" defer></script>' in page
    assert 'class="site-search"' not in page  # the page's own form replaces the header's


def test_every_other_page_has_the_search_form(tmp_path):
    build(REPO, out_dir=tmp_path / "out", base_url="/disclosure/2024/")
    expected = {"index.html": "./search/", "projects/2024-jiguan-fuwu/index.html": "../../search/",
                "404.html": "/disclosure/2024/search/"}
    for rel, action in expected.items():
        page = (tmp_path / "out" / rel).read_text("utf-8")
        assert f'<form class="site-search" role="search" action="{action}" method="get">' in page, rel
        assert '<label for="site-search-q" class="visually-hidden">搜索项目</label>' in page
        assert '<input id="site-search-q" type="search" name="q"' in page


def test_index_version_follows_every_file_and_name(tmp_path):
    """The version a browser adds to each fetch changes with any file's text and with
    an id taken from a file's name (which the file's digest does not cover), and
    only then: two loads of the same content give the same version."""
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    for ident, text in list(RANKING_SITE.items())[:3]:
        (site / "content" / f"{ident}.md").write_text(text, "utf-8")

    def version() -> str:
        return search_index.index_version(load(site)[0])

    first = version()
    assert version() == first
    path = site / "content" / "b-indicator.md"
    path.write_text(path.read_text("utf-8").replace("保障后勤。", "保障后勤工作。"), "utf-8")
    edited = version()
    assert edited != first
    # No id in the front matter: the id is the file's name; renaming changes only that.
    path.write_text(path.read_text("utf-8").replace("id: b-indicator\n", ""), "utf-8")
    unnamed = version()
    path.rename(site / "content" / "b-renamed.md")
    assert version() not in (unnamed, edited, first)
