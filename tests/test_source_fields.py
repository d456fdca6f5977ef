"""Where a declaration came from (source), its department's code and the indicator
columns some provinces add: checked, shown on the page only when given, and in every
data file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.cli import main
from sitegen.cache import BuildState

SHA = "35b6ffa77c409f11f96881b08a0157e28468f8c70abba274af11bc0e15083d77"
DECLARATION = """---
id: xinxihua
title: 信息化运行维护
year: 2026
department: 国家信访局
department_code: "292"
funds:
  requested: "21,348,700.00"
goal: 保障系统运转。
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 设备维护量, target: "≥330", unit: 台(套), kind: 定量, weight: "8", explanation: 维护的设备台数}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 满意率, target: "≥85", unit: "%"}
source:
  title: 国家信访局2026年度部门预算
  file: 08-national-xfj-2026.pdf
  sha256: SHA
  pages: "31-32"
  unit: 万元
---
""".replace("SHA", SHA)


def _site(root: Path, text: str = DECLARATION, settings: str = "title: 来源\n") -> Path:
    (root / "content").mkdir(parents=True)
    (root / "sitegen.yaml").write_text(settings, "utf-8")
    (root / "content" / "x.md").write_text(text, "utf-8")
    return root


def test_the_page_names_the_source_its_pages_and_unit(tmp_path):
    site = _site(tmp_path / "site")
    build(site, state=BuildState())
    page = (site / "output" / "projects" / "xinxihua" / "index.html").read_text("utf-8")
    assert "来源：《国家信访局2026年度部门预算》第 31–32 页" in page
    assert SHA in page and "原表单位：万元" in page
    assert "sources/" not in page  # not published with the site: no link
    basic = page.split('id="basic"')[1].split("</table>")[0]
    assert "主管部门编码</th><td>292<" in basic
    table = page.split('class="indicators"')[1].split("</table>")[0]
    heads = [h.split("</th>")[0] for h in table.split('<th scope="col">')[1:]]
    assert heads == ["一级指标", "二级指标", "三级指标", "年度指标值", "指标性质", "分值", "指标解释"]
    assert "<td>维护的设备台数</td>" in table


def test_published_sources_are_linked_at_the_forms_page(tmp_path):
    site = _site(tmp_path / "site", settings="title: 来源\nsource_files: sources\n")
    (site / "static" / "sources").mkdir(parents=True)
    (site / "static" / "sources" / "08-national-xfj-2026.pdf").write_bytes(b"%PDF-1.4\n")
    build(site, state=BuildState())
    page = (site / "output" / "projects" / "xinxihua" / "index.html").read_text("utf-8")
    assert 'href="../../static/sources/08-national-xfj-2026.pdf#page=31"' in page
    assert (site / "output" / "static" / "sources" / "08-national-xfj-2026.pdf").is_file()  # where it links


def test_data_files_carry_every_new_key(tmp_path):
    site = _site(tmp_path / "site")
    build(site, state=BuildState())
    data = site / "output" / "data"
    project = next(csv.DictReader(io.StringIO((data / "projects.csv").read_text("utf-8-sig"))))
    assert project["department_code"] == "292" and project["source_pages"] == "31-32"
    assert project["source"] == "国家信访局2026年度部门预算" and project["source_unit"] == "万元"
    assert project["source_sha256"] == SHA and project["source_file"] == "08-national-xfj-2026.pdf"
    rows = list(csv.DictReader(io.StringIO((data / "indicators.csv").read_text("utf-8-sig"))))
    assert (rows[0]["kind"], rows[0]["weight"], rows[0]["explanation"]) == ("定量", "8", "维护的设备台数")
    assert (rows[1]["kind"], rows[1]["weight"]) == ("", "")
    record = json.loads((site / "output" / "projects" / "xinxihua" / "index.json").read_text("utf-8"))
    assert record["source"]["pages"] == "31-32" and record["indicators"][0]["weight"] == "8"
    package = json.loads((site / "output" / "datapackage.json").read_text("utf-8"))
    names = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert names.index("department") < names.index("department_code") < names.index("implementing_unit")


def test_plain_text_source_is_still_a_title(tmp_path):
    text = DECLARATION.split("source:")[0] + "source: 某单位2026年度部门预算\n---\n"
    site = _site(tmp_path / "site", text)
    build(site, state=BuildState())
    page = (site / "output" / "projects" / "xinxihua" / "index.html").read_text("utf-8")
    assert "来源：《某单位2026年度部门预算》" in page and "原表单位" not in page


@pytest.mark.parametrize("key, bad, said", [
    ("sha256", "abc", "source.sha256 must be the 64 hexadecimal digits"),
    ("pages", '"32-31"', "source.pages '32-31' must be a page number or a range"),
    ("unit", "千元", "source.unit '千元' must be one of 元、万元"),
])
def test_a_wrong_source_key_is_named_on_its_line(tmp_path, capsys, key, bad, said):
    lines = DECLARATION.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"  {key}: "))
    lines[at] = f"  {key}: {bad}"
    site = _site(tmp_path / "site", "\n".join(lines))
    assert main(["check", "--lang", "en", "--site", str(site)]) == 1
    out = capsys.readouterr().err
    assert f"x.md:{at + 1}: error: {said}" in out, out


def test_a_weight_that_is_not_a_number_is_an_error(tmp_path, capsys):
    site = _site(tmp_path / "site", DECLARATION.replace('weight: "8"', "weight: 八分"))
    assert main(["check", "--lang", "en", "--site", str(site)]) == 1
    assert "indicators[1].weight (分值) '八分' must be a number of points" in capsys.readouterr().err


def test_source_files_must_stay_inside_the_site(tmp_path, capsys):
    site = _site(tmp_path / "site", settings="title: 来源\nsource_files: ../elsewhere\n")
    assert main(["check", "--lang", "en", "--site", str(site)]) == 1
    assert "source_files '../elsewhere' must be a folder inside the site" in capsys.readouterr().err
