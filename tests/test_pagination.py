"""Long listings are split into pages; every project is listed exactly once."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import read_tree
from sitegen.build import build
from sitegen.cache import BuildState

DECLARATION = """---
id: p{n:02d}
title: 测试项目{n:02d}
year: 2024
department: {department}
category: 特定目标类
start_date: 2024-01-01
end_date: 2024-12-31
funds: {{requested: "{amount}.00", appropriation: "{amount}.00"}}
goal: 测试。
indicators:
  - {{level1: 产出指标, level2: 数量指标, name: 测试数量, target: "≥1", unit: 次}}
---
"""


def make_site(root: Path, count: int = 25) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "sitegen.yaml").write_text("title: 分页测试\npage_size: 10\n", "utf-8")
    for n in range(count):
        department = "甲部门" if n % 2 else "乙部门"
        (root / "content" / f"p{n:02d}.md").write_text(
            DECLARATION.format(n=n, department=department, amount=1000 + n), "utf-8")
    return root


def listed(html: str) -> list[str]:
    """The projects of the listing's table (not those of the index's chart)."""
    table = html[html.index('<table class="projects">'):]
    table = table[:table.index("</table>")]
    return re.findall(r'<th scope="row"><a href="[^"]*projects/(p\d\d)/">', table)


def test_index_is_split_into_pages_listing_each_project_once(tmp_path):
    site = make_site(tmp_path / "site")
    build(site)
    out = site / "output"
    pages = [out / "index.html", out / "page" / "2" / "index.html", out / "page" / "3" / "index.html"]
    assert not (out / "page" / "4").exists()
    seen = [pid for page in pages for pid in listed(page.read_text("utf-8"))]
    assert seen == [f"p{n:02d}" for n in range(24, -1, -1)]  # largest amount first, each once
    first, second = pages[0].read_text("utf-8"), pages[1].read_text("utf-8")
    assert "按主管部门汇总" in first and "按主管部门汇总" not in second
    assert '<a href="../../page/3/">3</a>' in second and 'aria-current="page">2</a>' in second
    assert "合计（25 个项目）" in second  # the total is the whole listing's
    department = next((out / "departments").iterdir())
    assert (department / "page" / "2" / "index.html").exists()


def test_amount_change_moving_a_project_across_pages_equals_clean_build(tmp_path):
    site = make_site(tmp_path / "site")
    state = BuildState()
    build(site, state=state)
    path = site / "content" / "p00.md"
    path.write_text(path.read_text("utf-8").replace("1000.00", "9000.00"), "utf-8")
    report = build(site, state=state)
    assert report.written < report.files  # most project pages are untouched
    incremental = read_tree(site / "output")
    build(site, out_dir=tmp_path / "clean", state=BuildState())
    assert incremental == read_tree(tmp_path / "clean")
    assert listed((site / "output" / "index.html").read_text("utf-8"))[0] == "p00"


def test_losing_the_last_page_rewrites_the_pager_of_the_others(tmp_path):
    """Pages 1 and 2 keep their rows when page 3's only project goes, but they must
    still lose the link to page 3 (each listing's page count is part of its keys)."""
    site = make_site(tmp_path / "site", count=21)
    newest = site / "content" / "p20.md"  # a second year, so year pages exist
    newest.write_text(newest.read_text("utf-8").replace("year: 2024", "year: 2025"), "utf-8")
    state = BuildState()
    build(site, state=state)
    assert (site / "output" / "page" / "3").exists()
    (site / "content" / "p00.md").unlink()  # the smallest amount: alone on page 3
    build(site, state=state)
    build(site, out_dir=tmp_path / "clean", state=BuildState())
    assert read_tree(site / "output") == read_tree(tmp_path / "clean")
    assert 'page/3/' not in (site / "output" / "index.html").read_text("utf-8")


def test_every_page_shows_the_new_total_after_an_amount_change(tmp_path):
    """The total row ends the table on every page: page 2 must change with an amount
    on page 1 even though its own rows did not."""
    site = make_site(tmp_path / "site")
    state = BuildState()
    build(site, state=state)
    path = site / "content" / "p24.md"  # the largest: first on page 1 before and after
    path.write_text(path.read_text("utf-8").replace("1024.00", "1124.00"), "utf-8")
    build(site, state=state)
    assert "1,124.00" not in (site / "output" / "page" / "2" / "index.html").read_text("utf-8")
    build(site, out_dir=tmp_path / "clean", state=BuildState())
    assert read_tree(site / "output") == read_tree(tmp_path / "clean")
