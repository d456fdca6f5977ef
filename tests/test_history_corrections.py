"""Corrections (更正说明): a `corrections` list of {date, what, why} in the content,
validated with file:line like every key, shown on the project page, and exposed in the
views for the feed (issue 7)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import read_tree
from sitegen.build import build, load
from sitegen.cli import main
from sitegen.views import corrections_view, project_inputs, project_view

TWO_YEARS = Path(__file__).parent / "fixtures" / "two-years"


def build_copy(tmp: Path) -> Path:
    """Build a copy of the fixture (a build keeps its cache in the site folder) -> output."""
    shutil.copytree(TWO_YEARS, tmp / "site", ignore=shutil.ignore_patterns(".sitegen-cache", "output"))
    build(tmp / "site", out_dir=tmp / "out")
    return tmp / "out"


def test_corrections_are_shown_under_their_heading_oldest_first(tmp_path):
    html = (build_copy(tmp_path) / "projects" / "2025-zhanting" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('<section aria-labelledby="corrections"'):]
    section = section[:section.index("</section>")]
    assert '<h2 id="corrections">更正说明</h2>' in section
    assert '<th scope="col">更正日期</th>' in section and '<th scope="col">更正原因</th>' in section
    first = section.index('<time datetime="2025-03-15">2025-03-15</time>')
    second = section.index('<time datetime="2025-04-02">2025-04-02</time>')
    assert first < second  # written in the other order; shown by date
    assert "<td>参观人数指标值由“≥2000.00(人)”更正为“≥2500.00(人)”</td>" in section
    assert "<td>原表漏计展厅改造费用</td>" in section
    assert html.index('id="corrections"') > html.index('id="indicators"')  # after the form's contents


def test_no_corrections_no_heading(tmp_path):
    pages = read_tree(build_copy(tmp_path))
    html = pages["projects/2024-zhanting/index.html"].decode()
    assert 'id="corrections"' not in html and "<h2 id=\"history\">" in html


def test_corrections_are_in_the_project_view():
    site, _ = load(TWO_YEARS)
    i, decl = next((i, d) for i, d in enumerate(site.projects) if d.id == "2025-zhanting")
    view = project_view(project_inputs(site, i), site.settings)
    assert view["corrections"] == corrections_view(decl) == [
        {"date": "2025-03-15", "what": "参观人数指标值由“≥2000.00(人)”更正为“≥2500.00(人)”", "why": "原表沿用上年指标值"},
        {"date": "2025-04-02", "what": "年度资金申请总额由“7,200,000.00”更正为“7,800,000.00”", "why": "原表漏计展厅改造费用"},
    ]
    assert [c.line for c in decl.corrections] == [21, 24]  # each entry's first line, as written


def check_with(site: Path, corrections: str, monkeypatch, capsys) -> tuple[int, list[str]]:
    path = site / "content" / "2024-zhanting.md"
    path.write_text(path.read_text(encoding="utf-8").replace("indicators:", corrections + "indicators:"),
                    encoding="utf-8")
    monkeypatch.chdir(site)
    code = main(["check", "--lang", "en"])
    return code, capsys.readouterr().err.splitlines()


F = "content/2024-zhanting.md"


@pytest.mark.parametrize("corrections, expected", [
    ("corrections: 2025-01-01 改正了金额\n",
     [f"{F}:14: error: corrections must be a list, one line starting with '- ' per correction, "
      "e.g. - {date: 2025-03-01, what: …, why: …}; not text"]),
    ("corrections:\n  - 改正了金额\n",
     [f"{F}:15: error: corrections[1] must be a mapping with the keys date, what, why, "
      "e.g. - {date: 2025-03-01, what: 年度资金申请总额由…改为…, why: 原表录入错误}"]),
    ("corrections:\n  - {date: 2024-03-01, what: 金额}\n",
     [f"{F}:15: error: corrections[1].why (更正原因) is missing; add it to this correction"]),
    ("corrections:\n  - {date: 2024-02-30, what: 金额, why: 录入错误}\n",
     [f"{F}:15: error: corrections[1].date (更正日期) 2024-02-30 is not a real date: 2024-02 has 29 days"]),
    ("corrections:\n  - {date: 下周, what: 金额, why: 录入错误}\n",
     [f"{F}:15: error: corrections[1].date (更正日期) '下周' is not a date (write it like 2024-01-01)"]),
    ("corrections:\n  - date: 2024-03-01\n    what: 金额\n    why:\n",
     [f"{F}:17: error: corrections[1].why (更正原因) is empty"]),
], ids=["not-a-list", "item-not-a-mapping", "missing-why", "date-not-real", "date-not-a-date", "empty-why"])
def test_corrections_are_validated_with_lines(site_copy, monkeypatch, capsys, corrections, expected):
    code, err = check_with(site_copy(TWO_YEARS), corrections, monkeypatch, capsys)
    assert code == 1
    assert err[:-1] == expected


def test_unknown_key_in_a_correction_is_reported_with_a_guess(site_copy, monkeypatch, capsys):
    code, err = check_with(site_copy(TWO_YEARS),
                           "corrections:\n  - {date: 2024-03-01, what: 金额, whyy: 录入错误, note: 补充}\n",
                           monkeypatch, capsys)
    assert code == 1  # the misspelt key leaves 'why' missing
    assert err[:-1] == [
        f"{F}:15: error: corrections[1].why (更正原因) is missing; add it to this correction",
        f"{F}:15: warning: unknown key 'whyy' in corrections[1]; did you mean 'why'?",
        f"{F}:15: warning: unknown key 'note' in corrections[1]; the known keys are date, what, why",
    ]


def test_an_empty_list_is_no_corrections(site_copy, monkeypatch, capsys):
    code, err = check_with(site_copy(TWO_YEARS), "corrections: []\n", monkeypatch, capsys)
    assert (code, err) == (0, [])
