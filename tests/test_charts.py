"""Build-time SVG charts: exact geometry, and figures equal to the content's."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

from conftest import FIXTURE_SITE, REPO
from sitegen import charts
from sitegen.build import build, load
from sitegen.money import format_money
from sitegen.views import CHART_BARS


class Chart(HTMLParser):
    """The first <svg class="chart ..."> after a given heading id, and the table after it."""

    def __init__(self, heading: str) -> None:
        super().__init__()
        self.heading, self.found, self.in_svg, self.tag = heading, False, False, ""
        self.title = self.desc = ""
        self.rects: list[dict] = []
        self.texts: list[str] = []
        self.table: list[list[str]] = []
        self.in_table = self.done = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if a.get("id") == self.heading:
            self.found = True
        if not self.found:
            return
        if tag == "svg" and "chart" in a.get("class", "") and not self.rects:
            self.in_svg = True
        if self.in_svg:
            self.tag = tag
            if tag == "rect":
                self.rects.append(a)
        if tag == "table" and not self.in_svg:
            self.in_table = True
        if self.in_table and tag == "tr":
            self.table.append([])
        if self.in_table and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        self.tag = ""
        if tag == "svg":
            self.in_svg = False
        if self.in_table and tag in ("td", "th") and self.cell is not None:
            self.table[-1].append("".join(self.cell).strip())
            self.cell = None
        if self.in_table and tag == "table":
            self.in_table, self.done = False, True

    def handle_data(self, data):
        if self.in_svg and self.tag == "title":
            self.title += data
        elif self.in_svg and self.tag == "desc":
            self.desc += data
        elif self.in_svg and self.tag == "text":
            self.texts.append(data)
        if self.cell is not None:
            self.cell.append(data)


def chart(html: str, heading: str) -> Chart:
    c = Chart(heading)
    c.feed(html)
    assert c.found and c.rects, f"no chart after #{heading}"
    return c


def test_bar_chart_geometry_is_exact_and_proportional():
    points = [charts.Point("甲", Decimal("200.00"), "200.00"), charts.Point("乙", Decimal("50.00"), "50.00"),
              charts.Point("丙", Decimal("0.00"), "0.00")]
    c = charts.bar_chart(points)
    plot = charts.WIDTH - charts.LEFT * 2 - charts.FIGURE_PAD - charts.FIGURE_CHAR * len("200.00")
    assert [b["width"] for b in c["bars"]] == [Decimal(plot).quantize(Decimal("0.1")),
                                             (Decimal(plot) / 4).quantize(Decimal("0.1")), Decimal("0.0")]
    assert [b["y"] for b in c["bars"]] == [charts.BAR_Y, charts.ROW + charts.BAR_Y, 2 * charts.ROW + charts.BAR_Y]
    assert all(b["text_x"] + charts.FIGURE_CHAR * len(b["text"]) <= c["width"] for b in c["bars"])
    assert c["height"] == 3 * charts.ROW + 4
    assert charts.bar_chart([])["bars"] == []


def test_long_labels_are_cut_in_the_chart_only():
    label = "上海推进科技创新中心建设办公室" * 3
    bar = charts.bar_chart([charts.Point(label, Decimal(1), "1")])["bars"][0]
    assert bar["label"].endswith("…") and len(bar["label"]) == charts.LABEL_CHARS
    assert bar["full_label"] == label  # the text alternative keeps it whole


def test_share_is_exact():
    assert charts.share(Decimal("27565700.00"), Decimal("48241798.00")) == "57.1%"
    assert charts.share(1, 3) == "33.3%" and charts.share(0, 0) == "—"


def test_index_chart_shows_the_six_amounts_with_a_table_beside_it(tmp_path):
    out = tmp_path / "out"
    build(REPO, out_dir=out)
    site, _ = load(REPO)
    c = chart((out / "index.html").read_text("utf-8"), "amounts-by-project")
    amounts = sorted((d.funds.requested for d in site.projects), reverse=True)
    assert len(amounts) == 6
    assert [t for t in c.texts if re.fullmatch(r"[\d,]+\.\d\d", t)] == [format_money(a) for a in amounts]
    assert c.desc == "；".join(f"{d.title}：{format_money(d.funds.requested)}元" for d in
                              sorted(site.projects, key=lambda d: -d.funds.requested)) + "。"
    assert c.title == "各项目的年度资金申请总额（元）"
    widths = [Decimal(r["width"]) for r in c.rects]
    top = widths[0]
    for width, amount in zip(widths, amounts):  # proportional to the amounts, to 0.1
        assert abs(width - top * amount / amounts[0]) <= Decimal("0.1")
    body = c.table[1:-1]  # without header and total
    assert [row[1] for row in body] == [format_money(a) for a in amounts]  # the same figures
    assert c.table[-1][:2] == ["合计（6 个项目）", "48,241,798.00"]


def test_index_chart_of_departments_equals_their_totals_of_the_latest_year(tmp_path):
    out = tmp_path / "out"
    build(FIXTURE_SITE, out_dir=out)
    site, _ = load(FIXTURE_SITE)
    c = chart((out / "index.html").read_text("utf-8"), "by-department")
    latest = max(d.year for d in site.projects)
    assert len({d.year for d in site.projects}) > 1 and c.title.startswith(f"{latest}年度")
    totals: dict[str, Decimal] = {}
    for d in site.projects:
        if d.year == latest:  # a budget total is one year's
            totals[d.department] = totals.get(d.department, Decimal("0.00")) + d.funds.requested
    expected = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    assert c.desc == "；".join(f"{name}：{format_money(total)}元" for name, total in expected) + "。"
    assert [row[2] for row in c.table[1:-1]] == [format_money(t) for _, t in expected]


def test_department_page_shows_its_indicators_by_level(tmp_path):
    out = tmp_path / "out"
    build(FIXTURE_SITE, out_dir=out)
    site, _ = load(FIXTURE_SITE)
    for group in site.departments:
        html = (out / group.url / "index.html").read_text("utf-8")
        c = chart(html, "indicator-mix")
        counts = Counter(i.level1 for d in group.projects for i in d.indicators)
        rows = {row[0]: int(row[1]) for row in c.table[1:-1]}
        assert rows == dict(counts)
        assert c.table[-1][1] == str(sum(counts.values()))
        assert c.desc == "；".join(f"{level}：{n} 项" for level, n in rows.items()) + "。"
        assert list(rows)[0] == "产出指标"  # the form's order
    category = (out / site.categories[0].url / "index.html").read_text("utf-8")
    assert 'id="indicator-mix"' not in category


def _many(root: Path, count: int) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "sitegen.yaml").write_text("title: 图表测试\n", "utf-8")
    for n in range(count):
        (root / "content" / f"p{n:02d}.md").write_text(f"""---
title: 测试项目{n:02d}
year: 2024
department: 部门{n % 3}
category: 特定目标类
start_date: 2024-01-01
end_date: 2024-12-31
funds: {{requested: "{1000 + n}.00", appropriation: "{1000 + n}.00"}}
goal: 测试。
indicators:
  - {{level1: 产出指标, level2: 数量指标, name: 测试数量, target: "≥1", unit: 次}}
---
""", "utf-8")
    return root


def test_a_chart_of_many_projects_shows_the_largest_and_sums_the_rest(tmp_path):
    site_dir = _many(tmp_path / "site", CHART_BARS + 5)
    build(site_dir)
    c = chart((site_dir / "output" / "index.html").read_text("utf-8"), "amounts-by-project")
    assert len(c.rects) == CHART_BARS
    assert c.title == f"年度资金申请总额最多的 {CHART_BARS} 个项目（元）"
    others = c.table[-2]
    rest = sum(Decimal(1000 + n) for n in range(5))
    assert others[:2] == ["其余 5 个项目", format_money(rest)]
    total = sum(Decimal(1000 + n) for n in range(CHART_BARS + 5))
    assert c.table[-1][:2] == [f"合计（{CHART_BARS + 5} 个项目）", format_money(total)]


def test_charts_print(tmp_path):
    css = (REPO / "themes" / "default" / "static" / "print.css").read_text("utf-8")
    assert "svg.chart" in css and "break-inside: avoid" in css
