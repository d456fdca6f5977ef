"""History across years: a `series` ties one project's declarations together; its page
shows the amounts by year (table and a build-time SVG chart) and the targets added,
removed or changed; a department page compares its years' totals.

The two-year fixture (tests/fixtures/two-years/) holds 科创中心展厅运营项目 in 2024
and 2025 (series kczx-zhanting) and a second 2025 project of the same department.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURE_SITE, read_tree
from sitegen.build import build, load
from sitegen.cli import main
from sitegen.model import DEPARTMENT
from sitegen import history
from sitegen.views import history_view, years_view

TWO_YEARS = Path(__file__).parent / "fixtures" / "two-years"


class Tables(HTMLParser):
    """Each <table class=...> as rows of cell texts, plus the page's <svg> markup facts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.headers_without_scope = 0
        self.svg: list[tuple[str, dict]] = []
        self.in_svg = False
        self.svg_text: dict[str, str] = {}
        self.svg_tag = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "column-chart" in a.get("class", ""):  # the chart of years, not others
            self.in_svg = True
        if self.in_svg:
            self.svg.append((tag, a))
            self.svg_tag = tag
        if tag == "table":
            self.current = self.tables.setdefault(a.get("class", ""), [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("td", "th") and self.current is not None:
            self.cell = []
            self.headers_without_scope += tag == "th" and "scope" not in a

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg = False
        if self.in_svg:
            self.svg_tag = ""
        if tag in ("td", "th") and self.cell is not None and self.current is not None:
            self.current[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if self.in_svg and self.svg_tag in ("title", "desc"):
            self.svg_text[self.svg_tag] = self.svg_text.get(self.svg_tag, "") + data


def build_copy(src: Path, tmp: Path) -> Path:
    """Build a copy of a fixture site (a build keeps its cache in the site folder) -> output."""
    site = tmp / "site"
    shutil.copytree(src, site, ignore=shutil.ignore_patterns(".sitegen-cache", "output"))
    build(site, out_dir=tmp / "out")
    return tmp / "out"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, str]:
    out = build_copy(TWO_YEARS, tmp_path_factory.mktemp("two-years"))
    return {k: v.decode() for k, v in read_tree(out).items() if k.endswith(".html")}


def tables(html: str) -> Tables:
    t = Tables()
    t.feed(html)
    return t


def test_project_page_shows_amounts_by_year_side_by_side(built):
    page = tables(built["projects/2025-zhanting/index.html"])
    assert page.tables["history"] == [
        ["年度", "项目名称", "年度资金申请总额（元）", "较上年增减（元）", "增减幅度"],
        ["2024", "科创中心展厅运营项目", "6,491,700.00", "—", "—"],
        ["2025", "科创中心展厅运营项目（本页）", "7,800,000.00", "+1,308,300.00", "+20.2%"],
    ]
    assert page.headers_without_scope == 0


def test_project_page_shows_targets_added_removed_and_changed_with_the_previous_value(built):
    html = built["projects/2025-zhanting/index.html"]
    page = tables(html)
    assert page.tables["history-changes"] == [
        ["三级指标", "一级指标", "变化", "2024年度指标值", "2025年度指标值"],
        ["年度完成接待任务数", "产出指标", "调整", "≥200.00(批次)", "≥240.00(批次)"],
        ["展厅开放天数", "产出指标", "新增", "—", "≥300(天)"],
        ["参观人数", "效益指标", "调整", "≥2000.00(人)", "≥2500.00(人)"],
        ["展厅正常运营情况", "效益指标", "删除", "全年正常运营", "—"],
    ]
    assert "其余 2 项指标的指标值与2024年度相同。" in html
    assert '<h3 id="history-changes">绩效指标与2024年度相比</h3>' in html


def test_the_chart_is_an_inline_svg_with_a_title_and_the_tables_figures(built):
    html = built["projects/2025-zhanting/index.html"]
    page = tables(html)
    svg_tag, svg = page.svg[0]
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "history-chart-title history-chart-desc"
    assert page.svg_text["title"] == "本项目2024—2025年度的年度资金申请总额（元）"
    assert page.svg_text["desc"] == "2024年：6,491,700.00元；2025年：7,800,000.00元。"
    for row in page.tables["history"][1:]:  # the same figures as the table
        assert row[2] in page.svg_text["desc"]
    rects = [a for t, a in page.svg if t == "rect"]
    heights = [Decimal(r["height"]) for r in rects]
    assert heights == [Decimal("133.2"), Decimal("160.0")]  # proportional: 6,491,700 / 7,800,000 * 160
    assert [r["fill"] for r in rects] == ["#0a4a94", "#9b1c1c"]  # this page's year stands out
    assert html.count("<script") == html.count('static/reading.js"></script>') == 1  # drawn without scripts


def test_the_first_year_page_links_to_the_later_year_and_has_no_changes(built):
    html = built["projects/2024-zhanting/index.html"]
    page = tables(html)
    assert page.tables["history"][1] == ["2024", "科创中心展厅运营项目（本页）", "6,491,700.00", "—", "—"]
    assert '<a href="../../projects/2025-zhanting/">科创中心展厅运营项目</a>' in html
    assert "history-changes" not in page.tables and "绩效指标与" not in html


def test_a_project_without_series_has_no_history(built):
    assert "历年情况" not in built["projects/2025-peixun/index.html"]


def test_department_page_compares_the_years_totals(built):
    [dept] = [k for k in built if k.startswith("departments/")]
    page = tables(built[dept])
    assert page.tables["history"] == [
        ["年度", "项目数", "年度资金申请总额合计（元）", "较上年增减（元）", "增减幅度"],
        ["2024", "1", "6,491,700.00", "—", "—"],
        ["2025", "2", "8,300,000.00", "+1,808,300.00", "+27.9%"],
    ]
    assert page.svg_text["desc"] == "2024年：6,491,700.00元；2025年：8,300,000.00元。"
    assert '<a href="../../years/2024/">2024</a>' in built[dept]
    assert page.headers_without_scope == 0


def test_one_year_departments_and_other_groups_have_no_comparison(tmp_path):
    out = build_copy(FIXTURE_SITE, tmp_path)
    pages = {k: v.decode() for k, v in read_tree(out).items() if k.endswith(".html")}
    compared = sorted(k for k, v in pages.items() if "历年对比" in v)
    site, _ = load(FIXTURE_SITE)
    many_years = [g.url + "index.html" for g in site.departments if len({p.year for p in g.projects}) > 1]
    assert compared == many_years == ["departments/d-82be53e9ce/index.html"]


def test_history_output_is_deterministic(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert read_tree(build_copy(TWO_YEARS, tmp_path / "a")) == read_tree(build_copy(TWO_YEARS, tmp_path / "b"))


# --- the data behind the pages -------------------------------------------------------------------

def test_series_groups_declarations_oldest_first_and_views_keep_money_decimal():
    site, _ = load(TWO_YEARS)
    assert {k: [d.id for d in v] for k, v in site.series.items()} == {"kczx-zhanting": ["2024-zhanting", "2025-zhanting"]}
    decl = next(d for d in site.projects if d.id == "2025-zhanting")
    view = history_view(decl, site.series_of(decl), site.settings.language)
    assert [y["requested"] for y in view["years"]] == [Decimal("6491700.00"), Decimal("7800000.00")]
    assert all(isinstance(y["requested"], Decimal) for y in view["years"])
    assert view["previous_year"] == 2024 and view["unchanged"] == 2
    peixun = next(d for d in site.projects if d.id == "2025-peixun")
    assert history_view(peixun, site.series_of(peixun), site.settings.language) is None
    [dept] = [g for g in site.departments if g.kind == DEPARTMENT]
    assert [(r["year"], r["total"]) for r in years_view(dept, site)["rows"]] == [
        (2024, Decimal("6491700.00")), (2025, Decimal("8300000.00"))]


def test_previous_is_the_nearest_earlier_year():
    site, _ = load(TWO_YEARS)
    a, b = site.series["kczx-zhanting"]
    assert history.previous((a, b), b) is a and history.previous((a, b), a) is None


@pytest.mark.parametrize("before, after, delta, percent, exceeds_20", [
    ("100.00", "130.00", "+30.00", "+30.0%", True),
    ("100.00", "120.00", "+20.00", "+20.0%", False),  # exactly the threshold is not more than it
    ("100.00", "70.00", "-30.00", "-30.0%", True),
    ("100.00", "100.00", "0.00", "0.0%", False),
    ("0.00", "50.00", "+50.00", "—", True),
    ("0.00", "0.00", "0.00", "—", False),
    ("3.00", "4.00", "+1.00", "+33.3%", True),
])
def test_change(before, after, delta, percent, exceeds_20):
    c = history.Change(Decimal(before), Decimal(after))
    assert (c.delta_text(), c.percent_text(), c.exceeds(Decimal("0.2"))) == (delta, percent, exceeds_20)


def test_bar_chart_geometry_is_exact():
    chart = history.bar_chart([("2023年", Decimal("0.00"), False), ("2024年", Decimal("50.00"), False),
                               ("2025年", Decimal("200.00"), True)])
    assert (chart["width"], chart["height"], chart["baseline"]) == (20 * 2 + 3 * 120 + 2 * 40, 216, 188)
    assert [str(b["height"]) for b in chart["bars"]] == ["0.0", "40.0", "160.0"]
    assert [str(b["y"]) for b in chart["bars"]] == ["188.0", "148.0", "28.0"]
    assert [b["text"] for b in chart["bars"]] == ["0.00", "50.00", "200.00"]
    assert history.bar_chart([])["bars"] == []


# --- series validation ---------------------------------------------------------------------------

def write(site: Path, name: str, text: str) -> None:
    (site / "content" / name).write_text(text, encoding="utf-8")


def test_two_declarations_of_one_series_in_one_year_are_an_error(site_copy, monkeypatch, capsys):
    site = site_copy(TWO_YEARS)
    path = site / "content" / "2025-zhanting.md"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2025", "year: 2024"), encoding="utf-8")
    monkeypatch.chdir(site)
    assert main(["check", "--lang", "en"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ("content/2024-zhanting.md:3: error: series 'kczx-zhanting' already has a declaration for "
                      "2024 (content/2025-zhanting.md); a series holds one declaration per year: correct the "
                      "year, or give one of them another series")


@pytest.mark.parametrize("value, expected", [
    ("Kczx_Zhanting", "content/2024-zhanting.md:3: error: series 'Kczx_Zhanting' may only use lowercase a-z, "
                      "0-9 and single hyphens, like an id; use the same series in every year's declaration of "
                      "the project, e.g. series: kczx-zhanting-yunying"),
    ("[a, b]", "content/2024-zhanting.md:3: error: series must be text, not a list; if the text starts with "
               "[ or {, put it in quotes"),
    ('""', "content/2024-zhanting.md:3: error: series is empty"),
])
def test_series_is_validated_like_an_id(site_copy, monkeypatch, capsys, value, expected):
    site = site_copy(TWO_YEARS)
    path = site / "content" / "2024-zhanting.md"
    path.write_text(path.read_text(encoding="utf-8").replace("series: kczx-zhanting", f"series: {value}"),
                    encoding="utf-8")
    monkeypatch.chdir(site)
    assert main(["check", "--lang", "en"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == expected


def test_series_grouping_is_linear():
    """Many series of many years: grouping is one pass (no pairwise comparison)."""
    import time

    from sitegen.model import _series
    from sitegen.diagnostics import Diagnostics

    site, _ = load(TWO_YEARS)
    base = site.projects[0]
    import dataclasses
    projects = tuple(dataclasses.replace(base, id=f"p{i}", series=f"s{i % 2000}", year=2000 + i // 2000)
                     for i in range(20000))
    diags = Diagnostics()
    started = time.perf_counter()
    grouped = _series(projects, diags)
    assert not diags.items
    assert len(grouped) == 2000 and all(len(v) == 10 for v in grouped.values())
    assert [d.year for d in grouped["s7"]] == list(range(2000, 2010))
    assert time.perf_counter() - started < 5  # generous: a quadratic pass would take minutes
