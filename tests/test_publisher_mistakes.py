"""What a publisher gets wrong most, beside the invalid-site cases: file names that
cannot be ids, drafts, the example of `sitegen new`, and warnings before publishing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sitegen.build import build, load
from sitegen.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "site"


def site_from_fixture(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns("output", ".sitegen-cache"))
    return site


def test_a_file_name_in_chinese_or_with_spaces_gets_a_stable_id(tmp_path):
    site = site_from_fixture(tmp_path)
    source = site / "content" / "2025-canteen.md"
    text = source.read_text("utf-8").replace("id: 2025-canteen\n", "")
    source.unlink()
    (site / "content" / "2025年 机关食堂.md").write_text(text, "utf-8")
    first, _ = load(site)
    (ours,) = [p for p in first.projects if p.title.endswith("保障")]
    assert ours.id.startswith("2025-") and ours.id != "2025"
    again, _ = load(site)
    assert [p.id for p in again.projects] == [p.id for p in first.projects]  # the same every time
    (site / "content" / "2025年 机关食堂（二）.md").write_text(text.replace("保障", "保障二"), "utf-8")
    both = [p.id for p in load(site)[0].projects if "保障" in p.title]
    assert len(set(both)) == 2  # two such names never share an id
    build(site)
    assert (site / "output" / "projects" / ours.id / "index.html").is_file()


def test_a_draft_is_left_out_and_counted(tmp_path, capsys):
    site = site_from_fixture(tmp_path)
    before = len(load(site)[0].projects)
    path = site / "content" / "2025-canteen.md"
    path.write_text(path.read_text("utf-8").replace("---\n", "---\ndraft: true\n", 1), "utf-8")
    site_model, _ = load(site)
    assert len(site_model.projects) == before - 1 and site_model.drafts == 1
    assert main(["build", "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert "1 份草稿（draft: true）未发布" in out
    assert not (site / "output" / "projects" / "2025-canteen").exists()
    data = json.loads((site / "output" / "data" / "projects.json").read_text("utf-8"))
    assert "2025-canteen" not in json.dumps(data)
    assert main(["build", "--site", str(site), "--lang", "en"]) == 0  # no change: said again
    assert "1 draft (draft: true) left out" in capsys.readouterr().out


def test_the_example_of_a_new_site_is_never_published(tmp_path, capsys):
    site = tmp_path / "新站点"
    assert main(["new", str(site)]) == 0
    out = capsys.readouterr().out
    assert "已创建" in out and "下一步：sitegen serve" in out
    assert main(["build", "--site", str(site)]) == 0
    assert "1 份草稿" in capsys.readouterr().out
    assert main(["check", "--site", str(site)]) == 0  # check names the draft too, not just "0 份申报表"
    assert "0 份申报表，0 项绩效指标，0 个错误，0 个警告：通过；另有 1 份草稿（draft: true）已检查，不会发布" in capsys.readouterr().out
    index = (site / "output" / "index.html").read_text("utf-8")
    assert "示例项目" not in index and "100,000.00" not in index
    assert "# 网站设置" in (site / "sitegen.yaml").read_text("utf-8")


def test_a_new_site_in_english_says_so_in_its_settings(tmp_path, capsys):
    assert main(["new", str(tmp_path / "s"), "--lang", "en"]) == 0
    assert "created " in capsys.readouterr().out
    assert "\nlanguage: en\n" in (tmp_path / "s" / "sitegen.yaml").read_text("utf-8")


def test_publishing_warnings_are_said_once_by_build_and_not_by_check(tmp_path, capsys):
    site = site_from_fixture(tmp_path)
    settings = site / "sitegen.yaml"
    settings.write_text(settings.read_text("utf-8").replace("base_url: https://example.gov.cn/disclosure/", "base_url: /d/"), "utf-8")
    for path in (site / "content").glob("*.md"):
        text = path.read_text("utf-8")
        path.write_text("\n".join(l for l in text.split("\n") if not l.startswith("published:")), "utf-8")
    assert main(["check", "--site", str(site)]) == 0
    assert "published" not in capsys.readouterr().err
    assert main(["build", "--site", str(site)]) == 0
    err = capsys.readouterr().err
    assert err.count("没有写 published") == 1 and err.count("base_url 是路径“/d/”") == 1
    assert f"{site / 'sitegen.yaml'}:0: 警告" in err  # named where it is
    assert main(["build", "--site", str(site), "--base-url", "/e/"]) == 0
    err = capsys.readouterr().err  # given on the command line: said of the option, not of sitegen.yaml
    assert "--base-url:0: 警告: --base-url 给的是路径“/e/”" in err and "sitegen.yaml:0" not in err
    assert main(["build", "--strict", "--site", str(site), "--base-url", "https://example.gov.cn/d/"]) == 0
    err = capsys.readouterr().err
    assert "base_url" not in err and "没有写 published" in err  # advice: --strict does not refuse it


def test_a_link_in_the_notes_to_a_file_not_published_is_named(tmp_path, capsys):
    site = site_from_fixture(tmp_path)
    (site / "static").mkdir(exist_ok=True)
    (site / "static" / "原文.pdf").write_bytes(b"%PDF-1.4\n")
    path = site / "content" / "2025-canteen.md"
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n见[原文](static/原文.pdf)，"
                    "[另一份](../../static/原文.pdf)、[道路](../2025-road-repair/)和[外站](https://example.org/a.pdf)。\n",
                    "utf-8")
    line = path.read_text("utf-8").split("\n").index(next(l for l in path.read_text("utf-8").split("\n")
                                                          if l.startswith("见["))) + 1
    assert main(["build", "--site", str(site)]) == 0
    err = capsys.readouterr().err.splitlines()
    broken = [l for l in err if "正文中的链接" in l and "2025-canteen.md" in l]
    assert len(broken) == 1, broken  # the page link, the published file and the other host are fine
    assert broken[0].endswith(f"2025-canteen.md:{line}: 警告: 正文中的链接“static/原文.pdf”指向 "
                              "projects/2025-canteen/static/原文.pdf，但网站里没有这个文件；附件请放在 static/ 里，"
                              "并按项目页面的位置写链接（如 ../../static/原文.pdf）")
    assert main(["build", "--site", str(site)]) == 0  # no change: the warning is said again
    assert "正文中的链接" in capsys.readouterr().err
