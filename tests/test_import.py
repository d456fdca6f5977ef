"""sitegen import: the seed and its other extractions become the bundled content, exactly."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from conftest import read_tree
from import_helpers import FIXTURES, SEED, bundled_data, run_import, site_data
from sitegen.build import build
from sitegen.content import load_declarations
from sitegen.diagnostics import Diagnostics


def test_seed_imports_to_the_bundled_content_field_by_field(tmp_path, capsys):
    site = tmp_path / "site"
    assert run_import(SEED, "--site", site, lang="en") == 0
    got, want = site_data(site), bundled_data()
    assert sorted(got) == sorted(want) and len(got) == 6
    for title in want:  # one by one, so a failure names the declaration and the field
        for key in want[title]:
            assert got[title][key] == want[title][key], (title, key)
    assert sum(len(d["indicators"]) for d in got.values()) == 37
    report = capsys.readouterr().out
    assert "6 declarations, 37 indicators, 48,241,798.00 yuan requested: 6 written" in report
    assert "unused" not in report and "warning" not in report


def content_warnings(report) -> list:
    """The build's warnings but the advice before publishing (a site without settings
    has a path base_url; the forms print no publication date): about the content only."""
    return [w for w in report.warnings if not w.message.key.startswith("publish.")]


def test_imported_seed_builds_without_a_warning(tmp_path):
    site = tmp_path / "site"
    assert run_import(SEED, "--site", site) == 0
    result = build(site, tmp_path / "out")
    assert content_warnings(result) == []
    assert "48,241,798.00" in (tmp_path / "out" / "index.html").read_text("utf-8")


def test_imported_files_look_like_the_bundled_ones(tmp_path):
    """Same YAML layout, byte for byte, except the id line."""
    site = tmp_path / "site"
    run_import(SEED, "--site", site)
    bundled = {p.read_text("utf-8").split("\n")[2]: p for p in (FIXTURES.parent.parent / "content").glob("*.md")}
    for path in (site / "content").glob("*.md"):
        text = path.read_text("utf-8")
        mine = [line for line in text.split("\n") if not line.startswith("id: ")]
        theirs = [line for line in bundled[text.split("\n")[2]].read_text("utf-8").split("\n")
                  if not line.startswith("id: ")]
        assert mine == theirs, path.name


@pytest.mark.parametrize("fixture", ["one-cell-per-line.txt", "two-columns.txt",
                                     "seed-crlf-bom.txt", "seed-gb18030.txt"])
def test_other_extractions_import_to_the_same_data(fixture, tmp_path, capsys):
    site = tmp_path / "site"
    assert run_import(FIXTURES / fixture, "--site", site, lang="en") == 0
    assert site_data(site) == bundled_data()
    assert "unused" not in capsys.readouterr().out


def test_encodings_and_layouts_give_the_same_bytes(tmp_path):
    trees = []
    for n, fixture in enumerate(["seed.txt", "seed-gb18030.txt", "one-cell-per-line.txt", "two-columns.txt"]):
        run_import(FIXTURES / fixture, "--site", tmp_path / str(n))
        trees.append(read_tree(tmp_path / str(n) / "content"))
    assert trees[0] == trees[1] == trees[2] == trees[3]


def test_multi_year_declaration_with_project_column_goal_and_cost_rows(tmp_path, capsys):
    """Project column filled, 项目总目标 and 年度总体目标, 成本指标 as a level 1 and as a
    level 2, a missing 一级指标, 2026/1/1 dates, 985米, a form feed, a page number."""
    site = tmp_path / "site"
    assert run_import(FIXTURES / "multi-year.txt", "--site", site, lang="en") == 0
    written = list((site / "content").glob("*.md"))
    assert [p.name for p in written] == ["2026-ff816d84.md"]
    assert written[0].read_text("utf-8") == (FIXTURES / "multi-year.expected.md").read_text("utf-8")
    decl = load_declarations(site / "content", Diagnostics())[0]
    assert (str(decl.funds.project_total), str(decl.funds.requested)) == ("771325800.00", "226145100.00")
    assert decl.project_goal.startswith("全面完成苏州河沿岸12.6公里防汛墙改造")
    assert decl.goal == "1.完成一期4.2公里防汛墙主体结构施工；\n2.完成沿岸步道985米的贯通工程，做到安全文明施工。"
    assert [(i.level1, i.level2) for i in decl.indicators if "成本" in i.level2 or "成本" in i.level1] == [
        ("产出指标", "成本指标"), ("成本指标", "经济成本指标"), ("成本指标", "社会成本指标")]
    assert decl.indicators[0].level1 == "产出指标"  # inferred: the form has no 产出指标 cell
    assert decl.indicators[1].target.display() == "985米"
    out = capsys.readouterr().out
    assert "multi-year.txt:69: unused: 第 2 页" in out
    assert content_warnings(build(site, tmp_path / "out")) == []


def test_report_lists_each_declaration_and_every_unused_line(tmp_path, capsys):
    text = SEED.read_text("utf-8").replace("显示度。\n", "显示度。\n\n联系人 张三\n", 1)
    text = text.replace("（2024年度）\n", "（2024年度）\n页眉：内部资料\n", 1)
    source = tmp_path / "seed.txt"
    source.write_text(text + "\n附注：以上数据为预算数。\n", "utf-8")
    assert run_import(source, "--site", tmp_path / "site", lang="en") == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].split("  ")[2:5] == ["科创中心展厅运营项目", "6,491,700.00", "7 indicators"]
    assert lines[1].endswith("(written)") and "content/2024-9d0a9c6f.md" in lines[1]
    assert "seed.txt:6: unused: 页眉：内部资料" in out
    assert "seed.txt:40: unused: 联系人 张三" in out
    last = len(text.splitlines()) + 2
    assert f"seed.txt:{last}: unused: 附注：以上数据为预算数。" in out
    assert f"seed.txt:{last}: warning: '附注：以上数据为预算数。' follows the last indicator row" in out


def test_a_text_that_is_not_the_form_is_refused(tmp_path, capsys):
    memo = tmp_path / "memo.txt"
    memo.write_text("\n会议纪要\n今天讨论了明年的预算安排。\n", "utf-8")
    assert run_import(memo, "--site", tmp_path / "site", lang="en") == 1
    err = capsys.readouterr().err
    assert f"{memo}:2: error: not recognized: expected a 财政项目支出绩效目标申报表" in err
    assert "nothing was written" in err
    assert not (tmp_path / "site").exists()


def test_a_declaration_missing_a_block_is_refused_not_guessed(tmp_path, capsys):
    text = SEED.read_text("utf-8")
    cut = text.index("一级指标 二级指标", text.index("机关服务"))
    broken = text[:cut] + text[text.index("财政项目支出绩效目标申报表", cut):]
    source = tmp_path / "broken.txt"
    source.write_text(broken, "utf-8")
    assert run_import(source, "--site", tmp_path / "site", lang="en") == 1
    err = capsys.readouterr().err
    assert "broken.txt:70: error: this declaration has no 绩效指标 table (一级指标 二级指标 三级指标 …)" in err
    assert not (tmp_path / "site").exists()


def test_an_amount_that_does_not_add_up_is_imported_faithfully_with_a_warning(tmp_path, capsys):
    text = SEED.read_text("utf-8").replace("其中：当年财政拨款 6,491,700.00", "其中：当年财政拨款 6,491,600.00")
    source = tmp_path / "typo.txt"
    source.write_text(text, "utf-8")
    site = tmp_path / "site"
    assert run_import(source, "--site", site, lang="en") == 0
    out = capsys.readouterr().out
    assert "2024-9d0a9c6f.md:12: warning: sitegen check will report: error: funds.requested 6,491,700.00" in out
    assert "1 will fail sitegen check until corrected" in out
    written = (site / "content" / "2024-9d0a9c6f.md").read_text("utf-8")
    assert 'appropriation: "6,491,600.00"' in written


def test_same_text_twice_gives_the_same_bytes_and_changes_nothing(tmp_path, capsys):
    site = tmp_path / "site"
    run_import(SEED, "--site", site)
    first = read_tree(site)
    assert run_import(SEED, "--site", site, lang="en") == 0
    assert read_tree(site) == first
    assert "6 unchanged" in capsys.readouterr().out


def test_existing_files_are_overwritten_only_with_force(tmp_path, capsys):
    site = tmp_path / "site"
    run_import(SEED, "--site", site)
    target = site / "content" / "2024-9d0a9c6f.md"
    target.write_text(target.read_text("utf-8") + "我的补充说明。\n", "utf-8")
    edited = read_tree(site)
    capsys.readouterr()
    assert run_import(SEED, "--site", site, lang="en") == 1
    err = capsys.readouterr().err
    assert "2024-9d0a9c6f.md:0: error: exists with other content" in err and "--force" in err
    assert read_tree(site) == edited  # all or nothing: not even the unchanged ones were touched
    assert run_import(SEED, "--site", site, "--force", lang="en") == 0
    assert "1 overwritten" in capsys.readouterr().out
    assert "我的补充说明" not in target.read_text("utf-8")


def test_dry_run_shows_the_files_and_writes_nothing(tmp_path, capsys):
    site = tmp_path / "site"
    assert run_import(SEED, "--site", site, "--dry-run", lang="en") == 0
    out = capsys.readouterr().out
    assert not site.exists()
    assert out.count("(would write)") == 6
    assert "=== " in out and 'requested: "27,565,700.00"' in out


def test_an_existing_declaration_of_the_same_project_is_pointed_out(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES.parent.parent / "content", site / "content")
    assert run_import(SEED, "--site", site, "--dry-run", lang="en") == 0
    out = capsys.readouterr().out
    assert out.count("already declares this project") == 6
    assert "2024-jiguan-fuwu.md already declares this project" in out


def test_year_comes_from_the_heading_or_from_year(tmp_path, capsys):
    text = SEED.read_text("utf-8").replace("（2024年度）\n", "").replace("2024年度项目绩效目标汇总表", "项目表")
    source = tmp_path / "noyear.txt"
    source.write_text(text, "utf-8")
    assert run_import(source, "--site", tmp_path / "a", lang="en") == 1
    assert "noyear.txt:4: error: no budget year" in capsys.readouterr().err
    assert run_import(source, "--site", tmp_path / "b", "--year", "2024") == 0
    assert run_import(SEED, "--site", tmp_path / "c", "--year", "2025", lang="en") == 1
    assert "the form says 2024年度 but --year is 2025" in capsys.readouterr().err


def test_unreadable_and_undecodable_files_are_refused(tmp_path, capsys):
    assert run_import(tmp_path / "missing.txt", "--site", tmp_path / "site", lang="en") == 1
    assert "missing.txt:0: error: cannot read" in capsys.readouterr().err
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\xff\xfe\xfa" * 3 + b"\x81")
    assert run_import(junk, "--site", tmp_path / "site") == 1


def test_generated_fixtures_are_up_to_date():
    """The layouts are rendered from the bundled content; regenerate with make_layouts.py."""
    spec = importlib.util.spec_from_file_location("make_layouts", FIXTURES / "make_layouts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, data in module.render_all().items():
        assert (FIXTURES / name).read_bytes() == data, f"run python tests/import_fixtures/make_layouts.py ({name})"


def test_the_same_declaration_in_two_sources_is_written_once(tmp_path, capsys):
    site = tmp_path / "site"
    assert run_import(SEED, FIXTURES / "seed-gb18030.txt", "--site", site, lang="en") == 0
    out = capsys.readouterr().out
    assert len(list((site / "content").glob("*.md"))) == 6
    assert out.count("2024-fb3b1516.md (written)") == 2


# --- the publisher's language: Chinese by default, English with --lang en ----------------

def test_the_report_is_in_chinese_by_default(tmp_path, capsys):
    site = tmp_path / "site"
    assert run_import(SEED, "--site", site) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].endswith("seed.txt（UTF-8）：6 份申报表")
    assert lines[1].split("  ")[2:5] == ["科创中心展厅运营项目", "6,491,700.00", "7 项绩效指标"]
    assert lines[1].endswith("content/2024-9d0a9c6f.md（已写入）")
    assert lines[-1] == "6 份申报表，37 项绩效指标，申请资金合计 48,241,798.00 元：6 份已写入"
    assert "declaration" not in out and "written" not in out
    assert run_import(SEED, "--site", site) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("：6 份未改变")


def test_problems_are_in_chinese_by_default_and_keep_their_location_first(tmp_path, capsys):
    memo = tmp_path / "memo.txt"
    memo.write_text("\n会议纪要\n今天讨论了明年的预算安排。\n", "utf-8")
    assert run_import(memo, "--site", tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert f"{memo}:2: 错误: 无法识别为申报表：" in err
    assert err.splitlines()[-1] == "导入失败：1 个错误，0 个警告；未写入任何文件"
    assert "error" not in err and not (tmp_path / "site").exists()
    text = SEED.read_text("utf-8").replace("（2024年度）\n", "").replace("2024年度项目绩效目标汇总表", "项目表")
    source = tmp_path / "noyear.txt"
    source.write_text(text, "utf-8")
    assert run_import(source, "--site", tmp_path / "a") == 1
    assert "noyear.txt:4: 错误: 没有预算年度：标题下缺少“（YYYY年度）”；请用 --year 给出年度" in capsys.readouterr().err


def test_dry_run_is_in_chinese_by_default(tmp_path, capsys):
    site = tmp_path / "site"
    assert run_import(SEED, "--site", site, "--dry-run") == 0
    out = capsys.readouterr().out
    assert not site.exists()
    assert out.count("（将写入）") == 6 and "would write" not in out
    headings = [line for line in out.splitlines() if line.startswith("=== ")]
    assert len(headings) == 6 and all(line.endswith(" 将写入以下内容：") for line in headings)
    assert out.splitlines()[-1].endswith("：6 份将写入")
    assert run_import(SEED, "--site", site, "--dry-run", lang="en") == 0
    out = capsys.readouterr().out
    assert out.count("(would write)") == 6 and "将写入" not in out
    assert all(len(line.split()) == 2 for line in out.splitlines() if line.startswith("=== "))


def test_import_help_is_in_chinese_by_default_and_english_with_lang_en(capsys):
    with pytest.raises(SystemExit) as exit_:
        run_import("--help")
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "读取财政项目支出绩效目标申报表的文字" in out and "用法：" in out
    for words in ("要导入的 .txt 或 .pdf 文件", "只显示将写入的内容，不写入任何文件", "覆盖内容不同的已有内容文件",
                  "预算年度，用于标题下没有“（YYYY年度）”的申报表"):
        assert words in out
    assert "write nothing" not in out
    with pytest.raises(SystemExit):
        run_import("--help", lang="en")
    out = capsys.readouterr().out
    assert "show what would be written; write nothing" in out and "overwrite content files that differ" in out
    assert "Read the text of 财政项目支出绩效目标申报表" in out
    assert "不写入任何文件" not in out


def test_a_year_that_is_not_four_digits_is_refused_in_the_publishers_language(tmp_path, capsys):
    for lang, words in ((None, "“20x”不是四位数的年份"), ("en", "'20x' is not a four-digit year such as 2024")):
        with pytest.raises(SystemExit) as exit_:
            run_import(SEED, "--site", tmp_path / "site", "--year", "20x", lang=lang)
        assert exit_.value.code == 2
        assert words in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_the_import_catalogues_have_the_same_keys_and_placeholders():
    from string import Formatter

    from sitegen.messages import import_en, import_zh_CN

    assert set(import_en.MESSAGES) == set(import_zh_CN.MESSAGES)
    for key, english in import_en.MESSAGES.items():
        assert key.startswith("import."), key
        names = [{f[1] for f in Formatter().parse(text) if f[1]} for text in (english, import_zh_CN.MESSAGES[key])]
        assert names[0] == names[1], key


def test_every_message_the_importer_names_is_in_the_catalogues():
    import re

    from conftest import REPO
    from sitegen.messages import import_en

    named = set()
    for path in (REPO / "sitegen" / "importer").glob("*.py"):
        named |= set(re.findall(r'"(import\.[a-z0-9_.]+)"', path.read_text("utf-8")))
    prefixes = {key for key in named if key.endswith(".")}  # import.state. + a state, import.done. …
    assert named - prefixes <= set(import_en.MESSAGES), sorted(named - prefixes - set(import_en.MESSAGES))
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in import_en.MESSAGES), prefix
