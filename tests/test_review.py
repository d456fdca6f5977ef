"""`sitegen review`: every rule with a case that triggers it and a clean case, its
settings in sitegen.yaml, the three report formats, and their two languages (Chinese
by default, English with --lang en or sitegen.yaml's language: en).

Rules are tested on inline mini-sites: a few declarations written into tmp_path,
loaded as `sitegen review` loads them, so every finding's file:line is real.
"""

from __future__ import annotations

import json
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.build import load
from sitegen.cli import main
from sitegen import rulebook
from sitegen.messages import review_en, review_zh_CN
from sitegen.review import rules
from sitegen.review.rules import review_site

REPO = Path(__file__).resolve().parent.parent

# A clean declaration has one indicator of each required level, each quantified.
CLEAN_INDICATORS = [
    '{level1: 产出指标, level2: 数量指标, name: 培训人次, target: "≥600", unit: 人次}',
    '{level1: 效益指标, level2: 社会效益指标, name: 培训考核合格率, target: "≥90", unit: "%"}',
    '{level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: "≥90", unit: "%"}',
]


def declaration(id: str, *, year: int = 2024, indicators: list[str] | None = None, extra: list[str] = (),
                amount: str = "100,000.00", goal: str | None = None, series: str | None = None,
                body: str = "") -> str:
    lines = ["---", f"id: {id}", f"title: 项目{id}", f"year: {year}", "department: 示例部门",
             "category: 特定目标类", f"start_date: {year}-01-01", f"end_date: {year}-12-31",
             f'funds: {{requested: "{amount}", appropriation: "{amount}"}}',
             f"goal: {goal or '本项目' + id + '的年度目标。'}"]
    if series:
        lines.append(f"series: {series}")
    lines.append("indicators:")
    lines += [f"  - {i}" for i in (CLEAN_INDICATORS if indicators is None else indicators) + list(extra)]
    lines += ["---", body]
    return "\n".join(lines) + "\n"


def make_site(root: Path, files: dict[str, str], settings: str = "") -> Path:
    (root / "content").mkdir(parents=True)
    for name, text in files.items():
        (root / "content" / name).write_text(text, encoding="utf-8")
    if settings:
        (root / "sitegen.yaml").write_text(settings, encoding="utf-8")
    return root


def review(tmp_path: Path, files: dict[str, str], settings: str = "") -> list[rules.Finding]:
    site, _ = load(make_site(tmp_path / "site", files, settings))
    return review_site(site)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the nth line containing needle."""
    hits = [i + 1 for i, line in enumerate(text.split("\n")) if needle in line]
    return hits[nth - 1]


def only(findings: list[rules.Finding], rule: str) -> list[tuple[str, int]]:
    return [(Path(f.path).name, f.line) for f in findings if f.rule == rule]


# --- indicator rules: one extra indicator row, which triggers the rule or not ------------------

INDICATOR_CASES = [
    # rule, the extra indicator row, does it trigger
    ("target-without-number", "{level1: 产出指标, level2: 时效指标, name: 培训通知及时率, target: 正常}", True),
    ("target-without-number", "{level1: 效益指标, level2: 可持续影响指标, name: 参观人数预期目标达标, target: 正常}", True),
    ("target-without-number", "{level1: 产出指标, level2: 时效指标, name: 课程完成时间, target: 按时}", True),
    ("target-without-number", "{level1: 产出指标, level2: 质量指标, name: 培训合格人数, target: 合格}", True),
    ("target-without-number", '{level1: 产出指标, level2: 时效指标, name: 培训通知及时率, target: "≥95", unit: "%"}', False),
    ("target-without-number", "{level1: 效益指标, level2: 社会效益指标, name: 展厅正常运营情况, target: 全年正常运营}", False),
    ("target-without-number", "{level1: 产出指标, level2: 质量指标, name: 数据安全保障情况, target: 良好}", False),
    ("qualitative-target", "{level1: 效益指标, level2: 社会效益指标, name: 展厅正常运营情况, target: 全年正常运营}", True),
    ("qualitative-target", "{level1: 效益指标, level2: 社会效益指标, name: 后勤保障, target: 正常}", True),
    ("qualitative-target", '{level1: 产出指标, level2: 数量指标, name: 展厅开放天数, target: "≥300", unit: 天}', False),
    ("qualitative-target", "{level1: 产出指标, level2: 时效指标, name: 培训通知及时率, target: 正常}", False),
    ("percentage-over-100", '{level1: 产出指标, level2: 质量指标, name: 设备完好率, target: "≥120", unit: "%"}', True),
    ("percentage-over-100", '{level1: 产出指标, level2: 质量指标, name: 设备完好率, target: "=100.00(%)"}', False),
    ("percentage-over-100", '{level1: 效益指标, level2: 经济效益指标, name: 服务收入增长率, target: "≥150", unit: "%"}', False),
    ("satisfaction-100-percent", '{level1: 满意度指标, level2: 服务对象满意度指标, name: 项目管理人员满意度, target: "≥100.00", unit: "%"}', True),
    ("satisfaction-100-percent", '{level1: 满意度指标, level2: 服务对象满意度指标, name: 企业满意度, target: "=100"}', True),
    ("satisfaction-100-percent", '{level1: 满意度指标, level2: 服务对象满意度指标, name: 企业满意度, target: "≥95.00", unit: "%"}', False),
    ("satisfaction-100-percent", '{level1: 产出指标, level2: 质量指标, name: 档案归档率, target: "=100", unit: "%"}', False),
    ("unit-contradicts-name", '{level1: 效益指标, level2: 社会效益指标, name: 系统更新及时率, target: "≤24.00", unit: 小时}', True),
    ("unit-contradicts-name", '{level1: 产出指标, level2: 质量指标, name: 设备完好率, target: "≥3", unit: 台}', True),
    ("unit-contradicts-name", '{level1: 产出指标, level2: 时效指标, name: 故障响应时间, target: "≤95", unit: "%"}', True),
    ("unit-contradicts-name", '{level1: 效益指标, level2: 社会效益指标, name: 系统更新及时率, target: "≥95", unit: "%"}', False),
    ("unit-contradicts-name", '{level1: 产出指标, level2: 时效指标, name: 系统更新响应时长, target: "≤24", unit: 小时}', False),
    ("unit-contradicts-name", '{level1: 产出指标, level2: 数量指标, name: 巡查频率, target: "≥2", unit: 次}', False),
    ("duplicate-indicator", '{level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: "≥95", unit: "%"}', True),
    ("duplicate-indicator", '{level1: 满意度指标, level2: 服务对象满意度指标, name: 用人单位满意度, target: "≥95", unit: "%"}', False),
]


@pytest.mark.parametrize("rule, row, triggers", INDICATOR_CASES,
                         ids=[f"{r}-{'hit' if t else 'clean'}-{i}" for i, (r, _, t) in enumerate(INDICATOR_CASES)])
def test_indicator_rule(tmp_path, rule, row, triggers):
    text = declaration("a", extra=[row])
    findings = review(tmp_path, {"a.md": text})
    row_line = len(text.split("\n")) - 3  # the extra row is the last before the closing ---
    assert text.split("\n")[row_line - 1] == f"  - {row}"
    if triggers:
        assert only(findings, rule) == [("a.md", row_line)]
        finding = next(f for f in findings if f.rule == rule)
        for language in ("zh-CN", "en"):
            reason = finding.reason.text(language)
            assert finding.indicator and finding.indicator in reason
            assert "\n" not in reason
        assert str(finding) == f"{finding.path}:{finding.line}: {rule}: {finding.reason.text('zh-CN')}"
        assert english_left(str(finding.reason), {finding.indicator, finding.target}) == []
    else:
        assert only(findings, rule) == []
    # A clean declaration triggers no rule at all.
    assert review(tmp_path / "clean", {"a.md": declaration("a")}) == []


def test_duplicate_indicator_names_the_first_line(tmp_path):
    text = declaration("a", extra=[CLEAN_INDICATORS[2]])
    [f] = review(tmp_path, {"a.md": text})
    first = line_of(text, "参训人员满意度")
    assert (f.rule, f.line) == ("duplicate-indicator", line_of(text, "参训人员满意度", 2))
    assert f"first on line {first}" in f.reason.text("en")
    assert f"第一次在第 {first} 行" in str(f.reason)


def test_qualitative_and_unquantified_are_exclusive(tmp_path):
    """One finding per target: a measurable name is target-without-number, else qualitative."""
    text = declaration("a", extra=["{level1: 产出指标, level2: 时效指标, name: 培训通知及时率, target: 正常}",
                                   "{level1: 效益指标, level2: 社会效益指标, name: 后勤保障, target: 正常}"])
    assert [f.rule for f in review(tmp_path, {"a.md": text})] == ["target-without-number", "qualitative-target"]


# --- declaration rules ---------------------------------------------------------------------------

def test_missing_indicator_level_triggers_on_the_indicators_line(tmp_path):
    text = declaration("a", indicators=CLEAN_INDICATORS[:1])
    findings = review(tmp_path, {"a.md": text})
    assert only(findings, "missing-indicator-level") == [("a.md", line_of(text, "indicators:"))]
    assert "no 效益指标 or 满意度指标 indicator" in findings[0].reason.text("en")
    assert str(findings[0].reason).startswith("缺少效益指标、满意度指标：")


def test_missing_indicator_level_clean(tmp_path):
    assert only(review(tmp_path, {"a.md": declaration("a")}), "missing-indicator-level") == []


COST_ROW = '{level1: 成本指标, level2: 经济成本指标, name: 人均培训成本, target: "≤500", unit: 元}'


@pytest.mark.parametrize("settings, year, extra, triggers", [
    ("review: {cost_required_from: 2025}\n", 2025, [], True),
    ("review: {cost_required_from: 2025}\n", 2026, [], True),
    ("review: {cost_required_from: 2025}\n", 2024, [], False),  # before the form asked for it
    ("review: {cost_required_from: 2025}\n", 2025, [COST_ROW], False),
    ("review: {cost_required_from: 2025}\n", 2025,
     ['{level1: 产出指标, level2: 成本指标, name: 每公里修复成本, target: "≤1884542.50", unit: 元}'], False),
    ("", 2025, [], False),  # no year set: cost indicators are not required
], ids=["required", "later-year", "earlier-year", "level1-cost", "level2-cost", "no-setting"])
def test_missing_cost_indicator(tmp_path, settings, year, extra, triggers):
    text = declaration("a", year=year, extra=extra)
    findings = only(review(tmp_path, {"a.md": text}, settings), "missing-cost-indicator")
    assert findings == ([("a.md", line_of(text, "indicators:"))] if triggers else [])


# --- site rules ----------------------------------------------------------------------------------

def test_duplicate_goal_flags_every_project_sharing_it(tmp_path):
    goal = "保障机关工作人员就餐需求。"
    a, b = declaration("a", goal=goal), declaration("b", goal=goal)
    findings = review(tmp_path, {"a.md": a, "b.md": b, "c.md": declaration("c")})
    assert only(findings, "duplicate-goal") == [("a.md", line_of(a, "goal:")), ("b.md", line_of(b, "goal:"))]
    for language in ("zh-CN", "en"):
        reason = findings[0].reason.text(language)
        assert "项目b" in reason and "b.md:" in reason
    assert "word for word" in findings[0].reason.text("en") and "一字不差" in str(findings[0].reason)


def test_duplicate_goal_ignores_spacing_and_allows_a_series_to_repeat_its_goal(tmp_path):
    goal = "保障机关工作人员就餐需求。"
    files = {"a.md": declaration("a", goal=goal, series="canteen"),
             "b.md": declaration("b", year=2025, goal=goal, series="canteen")}
    assert only(review(tmp_path, files), "duplicate-goal") == []
    files["c.md"] = declaration("c", goal="保障机关工作人员 就餐需求。")
    assert [name for name, _ in only(review(tmp_path / "2", files), "duplicate-goal")] == ["a.md", "b.md", "c.md"]


def series_pair(amount_2025: str, body: str = "", corrections: str = "") -> dict[str, str]:
    later = declaration("b", year=2025, series="canteen", amount=amount_2025, body=body)
    if corrections:
        later = later.replace("indicators:", corrections + "indicators:")
    return {"a.md": declaration("a", series="canteen", amount="100,000.00"), "b.md": later}


def test_funds_change_unexplained_triggers_on_the_later_year(tmp_path):
    files = series_pair("130,000.00")
    findings = review(tmp_path, files)
    assert only(findings, "funds-change-unexplained") == [("b.md", line_of(files["b.md"], "funds:"))]
    reason = findings[0].reason.text("en")
    assert "130,000.00 is 30.0% more than in 2024 (100,000.00" in reason and "threshold 20%" in reason
    reason = str(findings[0].reason)
    assert "130,000.00 比 2024 年度（100,000.00" in reason and "增加 30.0%" in reason and "变动阈值 20%" in reason


def test_funds_change_from_zero_triggers(tmp_path):
    files = series_pair("50,000.00")
    files["a.md"] = declaration("a", series="canteen", amount="0.00")
    assert only(review(tmp_path, files), "funds-change-unexplained") == [("b.md", line_of(files["b.md"], "funds:"))]


@pytest.mark.parametrize("files", [
    series_pair("110,000.00"),  # 10%: within the default threshold of 20%
    series_pair("70,000.00", body="2025年度预算较上年压减三成，培训改为线上。"),
    series_pair("130,000.00", corrections="corrections:\n  - {date: 2025-04-01, what: 年度资金申请总额调整为130,000.00元,"
                                          " why: 新增一期培训}\n"),
    {"a.md": declaration("a", amount="100,000.00"), "b.md": declaration("b", year=2025, amount="300,000.00")},
], ids=["small-change", "explained-in-notes", "explained-in-corrections", "no-series"])
def test_funds_change_clean(tmp_path, files):
    assert only(review(tmp_path, files), "funds-change-unexplained") == []


def test_funds_change_note_must_name_money_and_change(tmp_path):
    files = series_pair("130,000.00", body="本申报表摘自2025年度项目绩效目标汇总表。")
    assert len(only(review(tmp_path, files), "funds-change-unexplained")) == 1


def test_funds_change_threshold_setting(tmp_path):
    files = series_pair("110,000.00")
    assert len(only(review(tmp_path, files, "review: {funds_change_threshold: 5%}\n"),
                    "funds-change-unexplained")) == 1
    assert only(review(tmp_path / "2", files, "review: {funds_change_threshold: 0.5}\n"),
                "funds-change-unexplained") == []


# --- settings ------------------------------------------------------------------------------------

def test_every_rule_has_one_implementation():
    implemented = set(rules.INDICATOR_RULES) | set(rules.DECLARATION_RULES) | set(rules.SITE_RULES)
    assert implemented == set(rulebook.RULE_IDS)
    assert len(rulebook.RULE_IDS) == len(set(rulebook.RULE_IDS))


def test_disable_switches_rules_off(tmp_path):
    text = declaration("a", indicators=CLEAN_INDICATORS[:1],
                       extra=["{level1: 效益指标, level2: 社会效益指标, name: 后勤保障, target: 正常}"])
    assert {f.rule for f in review(tmp_path, {"a.md": text})} == {"missing-indicator-level", "qualitative-target"}
    settings = "review:\n  disable: [qualitative-target]\n"
    assert {f.rule for f in review(tmp_path / "2", {"a.md": text}, settings)} == {"missing-indicator-level"}


@pytest.mark.parametrize("settings, expected", [
    ("review:\n  disable: [qualitative-targets, unit-contradicts-name]\n",
     "sitegen.yaml:2: error: review.disable: unknown rule 'qualitative-targets'; did you mean 'qualitative-target'?"),
    ("review:\n  disable: [no-such-thing]\n",
     "sitegen.yaml:2: error: review.disable: unknown rule 'no-such-thing'; the rules are " + ", ".join(rulebook.RULE_IDS)),
    ("review:\n  disable: qualitative-target\n",
     "sitegen.yaml:2: error: review.disable must be a list of rule ids, e.g. disable: [qualitative-target]"),
    ("review:\n  funds_change_threshold: lots\n",
     "sitegen.yaml:2: error: review.funds_change_threshold 'lots' must be a share such as 0.2 or 20% "
     "(a change of more than this from the previous year is reported)"),
    ("review:\n  funds_change_threshold: -0.1\n",
     "sitegen.yaml:2: error: review.funds_change_threshold '-0.1' must be a share such as 0.2 or 20% "
     "(a change of more than this from the previous year is reported)"),
    ("review:\n  cost_required_from: next year\n",
     "sitegen.yaml:2: error: review.cost_required_from must be a four-digit year like 2025, not 'next year'"),
    ("review:\n  disabled: [qualitative-target]\n",
     "sitegen.yaml:2: error: unknown key 'disabled' in review; did you mean 'disable'?"),
    ("title: 示例\nreview: qualitative-target\n",
     "sitegen.yaml:2: error: review must be a mapping, e.g. review: {disable: [qualitative-target], "
     "funds_change_threshold: 0.2}"),
], ids=["typo", "unknown", "not-a-list", "threshold-text", "threshold-negative", "cost-year", "unknown-key",
        "not-a-mapping"])
def test_review_settings_are_validated_with_lines(tmp_path, monkeypatch, capsys, settings, expected):
    site = make_site(tmp_path / "site", {"a.md": declaration("a")}, settings)
    monkeypatch.chdir(site)
    for command in ("check", "review"):
        assert main([command, "--site", ".", "--lang", "en"]) == 1
        err = capsys.readouterr().err.splitlines()
        assert err[0] == expected
        assert main([command, "--site", "."]) == 1  # by default, in Chinese
        err = capsys.readouterr().err.splitlines()
        assert err[0].startswith("sitegen.yaml:2: 错误: ")
    assert err[-1] == REVIEW_FAILED_ZH


def test_review_settings_are_read(tmp_path):
    from decimal import Decimal

    site = make_site(tmp_path / "site", {"a.md": declaration("a")},
                     "review:\n  disable: [duplicate-goal, duplicate-goal]\n  funds_change_threshold: 12.5%\n"
                     "  cost_required_from: 2025\n")
    settings = load(site)[0].settings.review
    assert settings.disable == ("duplicate-goal",)
    assert settings.funds_change_threshold == Decimal("0.125")
    assert settings.cost_required_from == 2025


# --- the command and its formats ---------------------------------------------------------------

def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


# The findings on the bundled site: (file, line, rule, words the English reason must contain,
# words the Chinese one must contain).
BUNDLED = [
    ("content/2024-canjiren-baozhangjin.md", 18, "missing-indicator-level", ["满意度指标"],
     ["缺少满意度指标：", "请添加一行满意度指标"]),
    ("content/2024-kczx-zhanting-yunying.md", 23, "qualitative-target", ["全年正常运营", "展厅正常运营情况"],
     ["指标“展厅正常运营情况”的指标值“全年正常运营”是定性表述"]),
    ("content/2024-weilai-gongyuan-zhanting.md", 22, "qualitative-target", ["'正常'", "展厅正常运营情况"],
     ["指标“展厅正常运营情况”的指标值“正常”是定性表述"]),
    ("content/2024-weilai-gongyuan-zhanting.md", 23, "target-without-number", ["'正常'", "参观人数预期目标达标"],
     ["指标“参观人数预期目标达标”表示数量", "指标值“正常”没有数值", "≥200(人)"]),
    ("content/2024-weilai-gongyuan-zhanting.md", 24, "satisfaction-100-percent", ["≥100.00(%)", "项目管理人员满意度"],
     ["满意度指标“项目管理人员满意度”的指标值 ≥100.00(%) 没有余地", "≥90(%)"]),
    ("content/2024-xinxihua-yunwei.md", 21, "unit-contradicts-name", ["系统更新及时率", "小时"],
     ["指标“系统更新及时率”是比率", "计量单位却是“小时”", "…时长"]),
]
SUMMARY_EN = ("review: 6 findings in 4 of 6 declarations (37 indicators); rules off: none. "
              "Advice only: nothing is blocked.")
SUMMARY_ZH = ("审核完成：6 份申报表（37 项绩效指标）中有 4 份有审核意见，共 6 条意见；已关闭的规则：无。"
              "以上意见仅供参考，不阻止发布。")
REVIEW_FAILED_ZH = ("审核未完成：内容无法读取；请先改正上面列出的错误（sitegen check 也会列出），"
                    "再运行 sitegen review")

# What a Chinese report may still spell in Latin letters, besides rule ids, file paths and
# the content itself: the names a publisher writes, in sitegen.yaml (the settings) or in a
# declaration (corrections); like the rule ids, they are not translated.
SETTING_NAMES = {"sitegen.yaml", "review.disable", "review.cost_required_from", "review.funds_change_threshold",
                 "cost_required_from", "corrections"}


def english_left(text: str, allowed: set[str]) -> list[str]:
    """The Latin-letter words of ``text`` once the allowed strings (rule ids, settings,
    content), file paths (…/x.md:12) and the lone format names of a help text are taken out."""
    for a in sorted((a for a in allowed | set(rulebook.RULE_IDS) | SETTING_NAMES if a), key=len, reverse=True):
        text = text.replace(a, " ")
    text = re.sub(r"[\w./-]+\.md(:\d+)?", " ", text)
    return re.findall(r"[A-Za-z]+", text)


def content_of(data: dict) -> set[str]:
    """The site's own words in a JSON report: its title, projects' titles, indicators, targets."""
    words = {data["site"]} | {p["title"] for p in data["projects"]}
    for f in data["findings"]:
        words |= {f["indicator"], f["target"], f["project"]["title"]}
    return words


def bundled_content(capsys) -> set[str]:
    code, out, _ = run(["review", "--format", "json"], capsys)
    assert code == 0
    return content_of(json.loads(out))


def test_review_of_the_bundled_site(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    code, out, err = run(["review", "--lang", "en"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(BUNDLED) + 1
    for line, (path, number, rule, words, _) in zip(lines, BUNDLED):
        assert line.startswith(f"{path}:{number}: {rule}: ")
        assert all(w in line for w in words), line
    assert lines[-1] == SUMMARY_EN


def test_review_speaks_chinese_by_default(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    content = bundled_content(capsys)
    code, out, err = run(["review"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(BUNDLED) + 1
    for line, (path, number, rule, _, words) in zip(lines, BUNDLED):
        prefix = f"{path}:{number}: {rule}: "
        assert line.startswith(prefix)  # the rule id stays: it is what review.disable names
        assert all(w in line for w in words), line
        assert english_left(line[len(prefix):], content) == [], line
    assert lines[-1] == SUMMARY_ZH
    assert run(["review", "--lang", "zh-CN"], capsys)[1] == out


def test_sitegen_yaml_language_en_makes_the_review_english(tmp_path, monkeypatch, capsys):
    text = declaration("a", indicators=CLEAN_INDICATORS[:1])
    make_site(tmp_path / "site", {"a.md": text}, "language: en\nreview: {disable: [duplicate-goal, qualitative-target]}\n")
    monkeypatch.chdir(tmp_path / "site")
    code, out, _ = run(["review"], capsys)
    assert code == 0
    assert out.splitlines() == [
        f"content/a.md:{line_of(text, 'indicators:')}: missing-indicator-level: no 效益指标 or 满意度指标 indicator: "
        "the guidance asks every project for 产出、效益 and 满意度 indicators; add a 效益指标 row",
        "review: 1 finding in 1 of 1 declaration (1 indicator); rules off: duplicate-goal, qualitative-target. "
        "Advice only: nothing is blocked."]
    # --lang says otherwise
    assert run(["review", "--lang", "zh-CN"], capsys)[1].splitlines()[-1] == (
        "审核完成：1 份申报表（1 项绩效指标）中有 1 份有审核意见，共 1 条意见；"
        "已关闭的规则：duplicate-goal、qualitative-target。以上意见仅供参考，不阻止发布。")


def test_bundled_findings_point_at_the_indicator_line():
    site, _ = load(REPO)
    for f in review_site(site):
        source = (REPO / f.path).read_text(encoding="utf-8").split("\n")[f.line - 1]
        assert (f.indicator in source) if f.indicator else source.startswith("indicators:")


def test_json_format_is_the_same_findings_and_deterministic(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    code, out, _ = run(["review", "--format", "json"], capsys)
    assert code == 0
    assert run(["review", "--format", "json"], capsys)[1] == out
    data = json.loads(out)
    assert [(f["path"], f["line"], f["rule"]) for f in data["findings"]] == [b[:3] for b in BUNDLED]
    assert data["findings"][4]["project"] == {"id": "2024-weilai-gongyuan-zhanting", "title": "未来公园展厅运营项目",
                                              "year": 2024}
    assert data["findings"][4]["target"] == "≥100.00(%)"
    statuses = {r["id"]: r["status"] for r in data["rules"]}
    assert statuses["missing-cost-indicator"] == "idle" and statuses["qualitative-target"] == "on"
    assert [r["id"] for r in data["rules"]] == list(rulebook.RULE_IDS)


def test_json_keeps_its_keys_and_says_its_words_in_the_language(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    zh = json.loads(run(["review", "--format", "json"], capsys)[1])
    en = json.loads(run(["review", "--format", "json", "--lang", "en"], capsys)[1])
    assert (zh["lang"], en["lang"]) == ("zh-CN", "en")

    def keys(value):
        if isinstance(value, dict):
            return {k: keys(v) for k, v in value.items()}
        return [keys(v) for v in value] if isinstance(value, list) else None

    assert keys(zh) == keys(en)
    for z, e, (_, _, rule, en_words, zh_words) in zip(zh["findings"], en["findings"], BUNDLED):
        assert z["rule"] == e["rule"] == rule
        assert all(w in z["reason"] for w in zh_words) and all(w in e["reason"] for w in en_words)
        assert z["reason"] != e["reason"] and z["rule_name"] != e["rule_name"]
    content = content_of(zh)
    for r in zh["rules"]:
        assert english_left(r["name"] + r["asks"], content) == [], r
    assert {r["id"]: r["name"] for r in zh["rules"]}["qualitative-target"] == "定性指标值"
    assert {r["id"]: r["name"] for r in en["rules"]}["qualitative-target"] == "Qualitative target"
    assert zh["findings"][0]["rule_name"] == "缺少产出、效益或满意度指标"


class Html(HTMLParser):
    """The page's tags and its text as a reader (or a screen reader) meets it: the text
    of every element but <style>, and the labels in aria-label and title attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.text += [v for k, v in attrs if k in ("aria-label", "title") and v]
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]

    def handle_data(self, data):
        if "style" not in self.open:
            self.text.append(data)


def page_of(out: str) -> Html:
    page = Html()
    page.feed(out)
    return page


def test_html_format_is_a_printable_accessible_page(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    code, out, err = run(["review", "--format", "html"], capsys)
    assert (code, err) == (0, "")
    page = page_of(out)
    tags = page.tags
    assert out.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "zh-CN"}) in tags
    assert sum(1 for t, _ in tags if t == "h1") == 1
    assert all("scope" in a for t, a in tags if t == "th"), "every header cell says what it heads"
    assert any(t == "caption" for t, _ in tags)
    assert "@media print" in out
    assert not any(t in ("script", "link", "img") for t, _ in tags), "standalone: nothing loaded"
    assert not any(a.get("lang") == "en" for _, a in tags), "nothing in the page is marked as English"
    text = "".join(page.text)
    for path, line, rule, _, zh_words in BUNDLED:
        assert f"{path}:{line}" in text and rule in text
        assert all(w in text for w in zh_words)
    assert "项目管理人员满意度" in text and "未来公园展厅运营项目（2024年度）" in text
    assert "科创中心建设工作经费" in text  # listed under 未发现问题的申报表
    assert "定性指标值" in text and "满意度指标值设为低于100%的合理水平" in text  # the rules, in Chinese
    assert run(["review", "--format", "html"], capsys)[1] == out


def test_chinese_html_report_has_no_english_left(monkeypatch, capsys):
    """Every heading, label, rule and reason of the default report is Chinese: what is
    left in Latin letters is rule ids, settings, file paths and the content."""
    monkeypatch.chdir(REPO)
    content = bundled_content(capsys)
    zh = page_of(run(["review", "--format", "html"], capsys)[1])
    assert [(i, w) for i, chunk in enumerate(zh.text) for w in english_left(chunk, content)] == []
    # The check can fail: the English report is full of words it finds.
    en = page_of(run(["review", "--format", "html", "--lang", "en"], capsys)[1])
    left = {w for chunk in en.text for w in english_left(chunk, content)}
    assert {"Review", "Rules", "Findings", "satisfaction", "qualitative"} <= left
    assert ("html", {"lang": "en"}) in en.tags


def every_rule_site(root: Path) -> Path:
    """A site on which every rule finds something."""
    goal = "保障机关工作人员就餐需求。"
    rows = [CLEAN_INDICATORS[0], row_of("target-without-number"), row_of("qualitative-target"),
            row_of("percentage-over-100"), row_of("satisfaction-100-percent"), row_of("unit-contradicts-name"),
            row_of("unit-contradicts-name", 2), row_of("duplicate-indicator")]
    files = {"a.md": declaration("a", year=2025, indicators=rows, goal=goal),
             "b.md": declaration("b", goal=goal), "c.md": declaration("c", goal=goal, indicators=CLEAN_INDICATORS[:1]),
             **{k.replace(".md", "-s.md"): v.replace("id: ", "id: s").replace("title: 项目", "title: 系列")
                for k, v in series_pair("130,000.00").items()},
             "z.md": declaration("z", series="zero", amount="0.00"),
             "z2.md": declaration("z2", year=2025, series="zero", amount="10.00")}
    return make_site(root, files, "review: {cost_required_from: 2025}\n")


def row_of(rule: str, nth: int = 1) -> str:
    return [row for r, row, triggers in INDICATOR_CASES if r == rule and triggers][nth - 1]


def test_every_rule_speaks_chinese_in_every_format(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(every_rule_site(tmp_path / "site"))
    data = json.loads(run(["review", "--format", "json"], capsys)[1])
    assert {f["rule"] for f in data["findings"]} == set(rulebook.RULE_IDS)
    content = content_of(data)
    for f in data["findings"]:
        assert english_left(f["reason"] + f["rule_name"], content) == [], f
    code, out, _ = run(["review"], capsys)
    assert code == 0 and len(out.splitlines()) == len(data["findings"]) + 1
    assert [w for line in out.splitlines() for w in english_left(line, content)] == []
    page = page_of(run(["review", "--format", "html"], capsys)[1])
    assert [w for chunk in page.text for w in english_left(chunk, content)] == []
    en = run(["review", "--lang", "en"], capsys)[1]
    assert "is 30.0% more than in 2024" in en and "follows 0.00 in 2024" in en and "and 1 more" in en


def test_english_html_report(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    code, out, err = run(["review", "--format", "html", "--lang", "en"], capsys)
    assert (code, err) == (0, "")
    text = "".join(page_of(out).text)
    assert "Review of performance targets" in text and "Qualitative target" in text
    assert "未来公园展厅运营项目 (2024)" in text
    for path, line, rule, en_words, _ in BUNDLED:
        assert f"{path}:{line}" in text and rule in text and all(w in text for w in en_words)
    assert "缺少产出、效益或满意度指标" not in text and "审核意见" not in text


def test_html_template_can_be_overridden_and_its_errors_are_reported(site_copy, monkeypatch, capsys):
    site = site_copy()
    (site / "templates" / "review.html").write_text("<p>{{ review.no_such_key }}</p>\n", encoding="utf-8")
    monkeypatch.chdir(site)
    code, out, err = run(["review", "--format", "html", "--lang", "en"], capsys)
    assert code == 1 and out == ""
    assert err.splitlines()[0].startswith("templates/review.html:1: error: undefined variable")
    assert err.splitlines()[-1] == "review failed: the report template does not render"
    code, out, err = run(["review", "--format", "html"], capsys)
    assert code == 1 and out == ""
    assert err.splitlines()[0].startswith("templates/review.html:1: 错误: ")
    assert err.splitlines()[-1] == "审核未完成：审核报告模板无法生成页面；请改正上面指出的模板错误"
    (site / "templates" / "review.html").write_text("<p>{{ review.findings|length }}</p>\n", encoding="utf-8")
    assert run(["review", "--format", "html"], capsys)[:2] == (0, "<p>6</p>\n")
    # a site's own template gets the words already said in the report's language
    (site / "templates" / "review.html").write_text("{{ review.lang }} {{ review.rules[0].name }}\n", encoding="utf-8")
    assert run(["review", "--format", "html"], capsys)[1] == "zh-CN 缺少产出、效益或满意度指标\n"
    assert run(["review", "--format", "html", "--lang", "en"], capsys)[1] == "en No 产出, 效益 or 满意度 indicator\n"


def test_exit_1_with_a_clear_message_when_the_content_does_not_load(site_copy, monkeypatch, capsys):
    site = site_copy()
    path = site / "content" / "2024-canteen.md"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2024", "year: next"), encoding="utf-8")
    monkeypatch.chdir(site)
    code, out, err = run(["review", "--lang", "en"], capsys)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == "content/2024-canteen.md:4: error: year must be a four-digit year like 2024, not 'next'"
    assert lines[-1] == ("review failed: the content does not load; fix the errors above "
                         "(sitegen check lists them), then run sitegen review again")
    code, out, err = run(["review"], capsys)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith("content/2024-canteen.md:4: 错误: ")
    assert lines[-1] == REVIEW_FAILED_ZH


def test_no_findings(tmp_path, monkeypatch, capsys):
    make_site(tmp_path / "site", {"a.md": declaration("a")})
    monkeypatch.chdir(tmp_path / "site")
    assert run(["review", "--lang", "en"], capsys) == (
        0, "review: 0 findings in 0 of 1 declaration (3 indicators); rules off: none. "
           "Advice only: nothing is blocked.\n", "")
    assert run(["review"], capsys) == (
        0, "审核完成：1 份申报表（3 项绩效指标）中有 0 份有审核意见，共 0 条意见；已关闭的规则：无。"
           "以上意见仅供参考，不阻止发布。\n", "")
    code, out, _ = run(["review", "--format", "html"], capsys)
    assert code == 0 and "未发现问题。" in out
    code, out, _ = run(["review", "--format", "html", "--lang", "en"], capsys)
    assert code == 0 and "Nothing found." in out and "未发现问题。" not in out


def test_review_is_offered_by_the_command_line(capsys):
    with pytest.raises(SystemExit):
        main(["review", "--help", "--lang", "en"])
    out = capsys.readouterr().out
    assert "--format {text,json,html}" in out
    assert "text (one finding a line, default), json, or html" in " ".join(out.split())
    with pytest.raises(SystemExit):
        main(["review", "--help"])
    out = capsys.readouterr().out
    assert "--format {text,json,html}" in out
    said = " ".join(out.split())
    assert "报告格式：text（每条意见一行，默认）" in said and "对照绩效目标设置指引" in said
    assert "A quality report" not in said and "the site folder" not in said


# --- the catalogues ----------------------------------------------------------------------------

def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_review_catalogues_have_the_same_keys_and_placeholders():
    zh, en = review_zh_CN.MESSAGES, review_en.MESSAGES
    assert set(zh) == set(en)
    assert all(key.startswith("review.") for key in zh)
    assert [k for k in zh if placeholders(zh[k]) != placeholders(en[k])] == []
    for rule in rulebook.RULES:  # every rule is named and says what it asks, in both languages
        for message in (rule.name, rule.asks):
            assert message.text("zh-CN") != message.text("en")
            assert english_left(message.text("zh-CN"), set()) == []
