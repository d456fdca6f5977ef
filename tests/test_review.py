"""`sitegen review`: every rule with a case that triggers it and a clean case, its
settings in sitegen.yaml, and the three report formats.

Rules are tested on inline mini-sites: a few declarations written into tmp_path,
loaded as `sitegen review` loads them, so every finding's file:line is real.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.build import load
from sitegen.cli import main
from sitegen import rulebook
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
        assert finding.indicator and finding.indicator in finding.reason
        assert "\n" not in finding.reason
    else:
        assert only(findings, rule) == []
    # A clean declaration triggers no rule at all.
    assert review(tmp_path / "clean", {"a.md": declaration("a")}) == []


def test_duplicate_indicator_names_the_first_line(tmp_path):
    text = declaration("a", extra=[CLEAN_INDICATORS[2]])
    [f] = review(tmp_path, {"a.md": text})
    first = line_of(text, "参训人员满意度")
    assert (f.rule, f.line) == ("duplicate-indicator", line_of(text, "参训人员满意度", 2))
    assert f"first on line {first}" in f.reason


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
    assert "no 效益指标 or 满意度指标 indicator" in findings[0].reason


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
    assert "项目b" in findings[0].reason and "b.md:" in findings[0].reason


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
    reason = findings[0].reason
    assert "130,000.00 is 30.0% more than in 2024 (100,000.00" in reason and "threshold 20%" in reason


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
        assert main([command, "--site", "."]) == 1
        err = capsys.readouterr().err.splitlines()
        assert err[0] == expected


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


# The findings on the bundled site: (file, line, rule, words the reason must contain).
BUNDLED = [
    ("content/2024-canjiren-baozhangjin.md", 18, "missing-indicator-level", ["满意度指标"]),
    ("content/2024-kczx-zhanting-yunying.md", 23, "qualitative-target", ["全年正常运营", "展厅正常运营情况"]),
    ("content/2024-weilai-gongyuan-zhanting.md", 22, "qualitative-target", ["'正常'", "展厅正常运营情况"]),
    ("content/2024-weilai-gongyuan-zhanting.md", 23, "target-without-number", ["'正常'", "参观人数预期目标达标"]),
    ("content/2024-weilai-gongyuan-zhanting.md", 24, "satisfaction-100-percent", ["≥100.00(%)", "项目管理人员满意度"]),
    ("content/2024-xinxihua-yunwei.md", 21, "unit-contradicts-name", ["系统更新及时率", "小时"]),
]


def test_review_of_the_bundled_site(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    code, out, err = run(["review"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(BUNDLED) + 1
    for line, (path, number, rule, words) in zip(lines, BUNDLED):
        assert line.startswith(f"{path}:{number}: {rule}: ")
        assert all(w in line for w in words), line
    assert lines[-1] == ("review: 6 findings in 4 of 6 declarations (37 indicators); rules off: none. "
                         "Advice only: nothing is blocked.")


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


class Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_format_is_a_printable_accessible_page(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    code, out, err = run(["review", "--format", "html"], capsys)
    assert (code, err) == (0, "")
    page = Html()
    page.feed(out)
    tags = page.tags
    assert out.startswith("<!DOCTYPE html>")
    assert ("html", {"lang": "zh-CN"}) in tags
    assert sum(1 for t, _ in tags if t == "h1") == 1
    assert all("scope" in a for t, a in tags if t == "th"), "every header cell says what it heads"
    assert any(t == "caption" for t, _ in tags)
    assert "@media print" in out
    assert not any(t in ("script", "link", "img") for t, _ in tags), "standalone: nothing loaded"
    text = "".join(page.text)
    for path, line, rule, _ in BUNDLED:
        assert f"{path}:{line}" in text and rule in text
    assert "项目管理人员满意度" in text and "未来公园展厅运营项目（2024年度）" in text
    assert "科创中心建设工作经费" in text  # listed under 未发现问题的申报表
    assert run(["review", "--format", "html"], capsys)[1] == out


def test_html_template_can_be_overridden_and_its_errors_are_reported(site_copy, monkeypatch, capsys):
    site = site_copy()
    (site / "templates" / "review.html").write_text("<p>{{ review.no_such_key }}</p>\n", encoding="utf-8")
    monkeypatch.chdir(site)
    code, out, err = run(["review", "--format", "html"], capsys)
    assert code == 1 and out == ""
    assert err.splitlines()[0].startswith("templates/review.html:1: error: undefined variable")
    (site / "templates" / "review.html").write_text("<p>{{ review.findings|length }}</p>\n", encoding="utf-8")
    assert run(["review", "--format", "html"], capsys)[:2] == (0, "<p>6</p>\n")


def test_exit_1_with_a_clear_message_when_the_content_does_not_load(site_copy, monkeypatch, capsys):
    site = site_copy()
    path = site / "content" / "2024-canteen.md"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2024", "year: next"), encoding="utf-8")
    monkeypatch.chdir(site)
    code, out, err = run(["review"], capsys)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0] == "content/2024-canteen.md:4: error: year must be a four-digit year like 2024, not 'next'"
    assert lines[-1].startswith("review failed: the content does not load; fix the errors above")


def test_no_findings(tmp_path, monkeypatch, capsys):
    make_site(tmp_path / "site", {"a.md": declaration("a")})
    monkeypatch.chdir(tmp_path / "site")
    assert run(["review"], capsys) == (0, "review: 0 findings in 0 of 1 declaration (3 indicators); rules off: "
                                          "none. Advice only: nothing is blocked.\n", "")
    code, out, _ = run(["review", "--format", "html"], capsys)
    assert code == 0 and "未发现问题。" in out


def test_review_is_offered_by_the_command_line(capsys):
    with pytest.raises(SystemExit):
        main(["review", "--help"])
    assert "--format {text,json,html}" in capsys.readouterr().out
