"""A budget total is one year's: on a site of three years every total shown is a
year's, the latest year first, and no figure adds years together."""

from __future__ import annotations

import html
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from sitegen.build import build, load
from sitegen.money import format_money

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    site_dir = corpus.generate(300, tmp_path_factory.mktemp("years") / "site")
    out = site_dir / "output"
    build(site_dir, out_dir=out)
    site, _ = load(site_dir)
    assert len({d.year for d in site.projects}) == 3
    return site, out


def sums(projects, key) -> dict:
    totals: dict = {}
    for d in projects:
        totals[key(d)] = totals.get(key(d), Decimal("0.00")) + d.funds.requested
    return totals


def cards(page: str) -> list[tuple[int, str]]:
    return [(int(y), amount) for y, amount in
            re.findall(r"<dt>(\d{4})年度资金申请总额</dt><dd class=\"num\">([\d,]+\.\d\d) 元</dd>", page)]


def table(page: str, section: str) -> list[list[str]]:
    """The cells of the first table after id="SECTION", row by row, as text."""
    body = page.split(f'id="{section}"', 1)[1].split("</table>", 1)[0]
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_index_shows_each_years_total_the_latest_first_and_never_their_sum(three_years):
    site, out = three_years
    page = (out / "index.html").read_text("utf-8")
    by_year = sums(site.projects, lambda d: d.year)
    assert cards(page) == [(y, format_money(by_year[y])) for y in sorted(by_year, reverse=True)]
    everything = sum(by_year.values(), Decimal("0.00"))
    assert format_money(everything) not in page
    footer = [row for row in table(page, "all-projects") if "年度合计" in row[0]]
    assert [(row[0][:4], row[-1]) for row in footer] == [(str(y), format_money(by_year[y]))
                                                         for y in sorted(by_year, reverse=True)]


def test_the_index_breakdowns_are_of_the_latest_year(three_years):
    site, out = three_years
    page = (out / "index.html").read_text("utf-8")
    latest = max(d.year for d in site.projects)
    of_latest = [d for d in site.projects if d.year == latest]
    departments = sums(of_latest, lambda d: d.department)
    rows = table(page, "by-department")
    assert rows[0][0] == "主管部门" and rows[-1][0] == "合计"
    assert {r[0]: r[2] for r in rows[1:-1]} == {k: format_money(v) for k, v in departments.items()}
    assert rows[-1][2] == format_money(sum(departments.values(), Decimal("0.00")))
    assert f"{latest}年度按主管部门汇总" in page


def test_a_department_page_has_a_year_column_each_years_total_and_year_then_amount_order(three_years):
    site, out = three_years
    department = max(site.departments, key=lambda g: len({d.year for d in g.projects}))
    assert len({d.year for d in department.projects}) > 1
    page = (out / department.url / "index.html").read_text("utf-8")
    by_year = sums(department.projects, lambda d: d.year)
    assert cards(page) == [(y, format_money(by_year[y])) for y in sorted(by_year, reverse=True)]
    rows = table(page, "group-projects")
    assert rows[0][:2] == ["项目名称", "年度"]
    listed = [(int(r[1]), Decimal(r[-1].replace(",", ""))) for r in rows[1:] if "合计" not in r[0]]
    assert listed == sorted(listed, key=lambda ya: (-ya[0], -ya[1]))
    assert format_money(sum(by_year.values(), Decimal("0.00"))) not in page


def test_a_year_page_breaks_the_year_down_by_department(three_years):
    site, out = three_years
    year = site.years[-1]
    page = (out / year.url / "index.html").read_text("utf-8")
    departments = sums(year.projects, lambda d: d.department)
    rows = table(page, "group-departments")
    assert {r[0]: r[2] for r in rows[1:-1]} == {k: format_money(v) for k, v in departments.items()}
    assert [r[2] for r in rows[1:-1]] == sorted((r[2] for r in rows[1:-1]),
                                               key=lambda a: -Decimal(a.replace(",", "")))
    assert rows[-1][2] == format_money(sum(departments.values(), Decimal("0.00")))


def test_projects_json_gives_each_years_total(three_years):
    site, out = three_years
    data = json.loads((out / "data" / "projects.json").read_text("utf-8"))
    by_year = sums(site.projects, lambda d: d.year)
    assert [(t["year"], t["total_requested"]) for t in data["totals_by_year"]] == [
        (y, f"{by_year[y]:.2f}") for y in sorted(by_year, reverse=True)]
    assert "total_requested" not in {k for k in data if k != "totals_by_year"}
