"""Most provinces' forms print no 项目类别 and no plan dates: a declaration without them
builds, belongs to no category, and the total alone (no 当年财政拨款) is enough; every output leaves them out rather than inventing them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sitegen.build import build
from sitegen.cache import BuildState

WITH = """---
id: with-category
title: 有类别的项目
year: 2026
department: 甲局
category: 特定目标类
start_date: 2026-01-01
end_date: 2026-12-31
funds: {requested: "300.00", appropriation: "300.00"}
goal: 有类别。
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 数量, target: "≥1", unit: 次}
---
"""
WITHOUT = """---
id: without-category
title: 无类别的项目
year: 2026
department: 甲局
funds: {requested: "1,000.00"}
goal: 无类别。
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 数量, target: "≥1", unit: 次}
---
"""


def _site(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    (root / "sitegen.yaml").write_text("title: 可选栏目\n", "utf-8")
    (root / "content" / "with.md").write_text(WITH, "utf-8")
    (root / "content" / "without.md").write_text(WITHOUT, "utf-8")
    return root


def test_a_declaration_without_category_or_dates_builds_and_says_so(tmp_path):
    site = _site(tmp_path / "site")
    build(site, state=BuildState())  # raises on an error
    out = site / "output"
    page = (out / "projects" / "without-category" / "index.html").read_text("utf-8")
    assert "项目类别" not in page.split('id="basic"')[1].split("</table>")[0]
    assert "计划开始日期" not in page and "计划完成日期" not in page
    assert "1,000.00" in page and "当年财政拨款" not in page  # the form printed the total only
    index = (out / "index.html").read_text("utf-8")
    by_category = index.split('id="by-category"')[1].split("</table>")[0]
    assert "未填报项目类别" in by_category and "1,000.00" in by_category
    assert len(list((out / "categories").iterdir())) == 1  # only 特定目标类
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((out / "data" / "projects.csv").read_text("utf-8-sig")))}
    assert rows["without-category"]["category"] == "" and rows["without-category"]["start_date"] == ""
    assert rows["with-category"]["category"] == "特定目标类"
    record = json.loads((out / "projects" / "without-category" / "index.json").read_text("utf-8"))
    assert record["category"] is None and record["start_date"] is None
