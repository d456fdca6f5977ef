"""The importer's parts, one quirk of the form at a time."""

from __future__ import annotations

import re

import pytest
import yaml

from sitegen.diagnostics import Diagnostics
from sitegen.importer import vocabulary as v
from sitegen.importer.cells import cut_cells, rejoin_words, unglue_labels
from sitegen.importer.decode import SourceError, read_text_source
from sitegen.importer.emit import content_id, double_quoted, scalar
from sitegen.importer.fields import read_identity
from sitegen.importer.funds import is_amount, read_funds
from sitegen.importer.goal import read_goals
from sitegen.importer.indicators import read_table
from sitegen.messages import Message
from sitegen.schema import ID_PATTERN


def cells(text: str):
    """Cells as extract.py cuts them."""
    lines = text.split("\n")
    cs = unglue_labels(rejoin_words(cut_cells(lines, 0, len(lines))), set(v.IDENTITY))
    return unglue_labels(cs, set(v.FUNDS), value_ok=is_amount)


def unused(cs) -> list[str]:
    return [c.text for c in cs if not c.used]


# --- decoding ---------------------------------------------------------------------------

@pytest.mark.parametrize("data, encoding", [
    ("项目名称 甲\r\n".encode("utf-8"), "UTF-8"),
    (b"\xef\xbb\xbf" + "项目名称 甲\r\n".encode("utf-8"), "UTF-8 with BOM"),
    ("项目名称 甲\r\n".encode("gbk"), "GB18030"),
    ("项目名称 甲\r\n".encode("utf-16"), "UTF-16"),
])
def test_encodings_are_detected_and_line_ends_normalized(data, encoding):
    source = read_text_source(data, "a.txt")
    assert (source.lines[0], source.encoding) == ("项目名称 甲", encoding)


def test_form_feeds_break_lines_and_control_characters_are_noted():
    source = read_text_source("甲\f乙\x07丙\n".encode(), "a.txt")
    assert source.lines[:2] == ["甲", "乙丙"]
    assert [(line, note.text("en")) for line, note in source.notes] == [(2, "removed invisible control characters U+0007")]
    assert source.notes[0][1].text() == "已删除不可见的控制字符 U+0007"
    notes = read_text_source("甲\x07\x08乙\n".encode(), "a.txt").notes
    assert [note.text("en") for _, note in notes] == ["removed invisible control characters U+0007, U+0008"]
    assert [note.text() for _, note in notes] == ["已删除不可见的控制字符 U+0007、U+0008"]


def test_bytes_in_no_known_encoding_are_refused_with_their_line():
    with pytest.raises(SourceError) as exc:
        read_text_source(b"ok\n\xff\xfe\xfa\xff\xfa\x81\n", "a.txt")
    assert exc.value.line == 2 and exc.value.message == Message("import.unknown_encoding")
    assert exc.value.message.text("en") == "neither UTF-8 nor GB18030/GBK text; save the file as UTF-8"


# --- cells ------------------------------------------------------------------------------

def test_broken_words_of_the_form_are_rejoined_and_glued_labels_split():
    got = [c.text for c in cells("项目\n绩效\n目标\n服务对象满意度\n\n指标\n项目名称机关服务\n其他资金 其他资金 0.00")]
    assert got == ["项目绩效目标", "服务对象满意度指标", "项目名称", "机关服务", "其他资金", "其他资金", "0.00"]


def test_a_comparison_is_kept_with_its_number():
    assert [c.text for c in cells("参观人数 ≥ 2000.00(人)")] == ["参观人数", "≥2000.00(人)"]


# --- identity block ---------------------------------------------------------------------

def test_labels_and_values_pair_in_any_of_the_three_layouts():
    layouts = ["项目名称 甲 项目性质 乙 项目类别 丙",
               "项目名称 项目性质 项目类别\n甲　乙　丙",
               "项目名称\n甲\n项目性质\n乙\n项目类别\n丙"]
    for text in layouts:
        values = read_identity(cells(text), Diagnostics())
        assert {k: t for k, (t, _) in values.items()} == {"title": "甲", "nature": "乙", "category": "丙"}


def test_a_value_broken_over_lines_is_rejoined_without_a_space():
    values = read_identity(cells("主管部门\n上海推进科技创新中心建设办\n\n公室\n实施单位 上海推进科技创新中心建设办公室"),
                           Diagnostics())
    assert values["department"][0] == "上海推进科技创新中心建设办公室"


def test_values_of_labels_the_format_does_not_hold_are_left_for_the_report():
    cs = cells("项目名称 甲\n联系人 张三\n项目类别 丙")
    values = read_identity(cs, Diagnostics())
    assert values["title"][0] == "甲" and unused(cs) == ["联系人", "张三"]


def test_a_tail_under_a_row_of_several_values_is_left_for_the_report():
    """It could belong to any value of the row above, so it is not guessed."""
    cs = cells("项目名称 甲 项目性质 乙 项目类别 丙\n丁\n主管部门 戊")
    values = read_identity(cs, Diagnostics())
    assert (values["title"][0], values["category"][0]) == ("甲", "丙") and unused(cs) == ["丁"]


def test_a_label_glued_to_its_amount_is_split_but_not_a_label_glued_to_text():
    got = [c.text for c in cells("年度资金申请总额6,491,700.00 其他资金来源")]
    assert got == ["年度资金申请总额", "6,491,700.00", "其他资金来源"]


def test_a_missing_required_field_is_an_error():
    diags = Diagnostics("a.txt")
    read_identity(cells("项目名称 甲"), diags)
    assert "no 主管部门: every 申报表 has one" in [d.message.text("en") for d in diags.errors]
    assert "a.txt:1: 错误: 缺少主管部门：每份申报表都必须有主管部门；请核对原表" in [str(d) for d in diags.errors]


# --- funds block ------------------------------------------------------------------------

def funds_of(text: str, diags: Diagnostics | None = None) -> dict[str, str]:
    return {k: str(a) for k, (a, _) in read_funds(cells(text), diags or Diagnostics()).items()}


def test_two_labels_and_one_number_is_the_annual_column():
    assert funds_of("项目资金总额 年度资金申请总额 6,491,700.00\n其中：财政资金\n其中：当年财政拨款 6,491,700.00\n"
                    "上年结转资金 0.00\n其他资金 其他资金 0.00") == {
        "requested": "6491700.00", "appropriation": "6491700.00", "carryover": "0.00", "other": "0.00"}


MULTI_YEAR = {"project_total": "771325800.00", "requested": "226145100.00", "project_fiscal": "771325800.00",
              "appropriation": "216145100.00", "carryover": "10000000.00", "project_other": "0.00", "other": "0.00"}


@pytest.mark.parametrize("text", [
    # two numbers on a row: the first is the project column's
    "项目资金总额 年度资金申请总额 771,325,800.00 226,145,100.00\n其中：财政资金 其中：当年财政拨款 "
    "771,325,800.00 216,145,100.00\n上年结转资金 10,000,000.00\n其他资金 其他资金 0.00 0.00",
    # label, value, label, value
    "项目资金总额 771,325,800.00 年度资金申请总额 226,145,100.00\n其中：财政资金 771,325,800.00\n"
    "其中：当年财政拨款 216,145,100.00\n上年结转资金 10,000,000.00\n其他资金 0.00\n其他资金 0.00",
    # the left column, then the right column
    "项目资金总额 771,325,800.00\n其中：财政资金 771,325,800.00\n其他资金 0.00\n年度资金申请总额 226,145,100.00\n"
    "其中：当年财政拨款 216,145,100.00\n上年结转资金 10,000,000.00\n其他资金 0.00",
])
def test_the_project_column_is_read_in_every_layout(text):
    assert funds_of(text) == MULTI_YEAR


def test_an_amount_without_a_label_and_amounts_in_wanyuan_are_errors():
    diags = Diagnostics()
    funds_of("0.00 年度资金申请总额 1.00 其中：当年财政拨款 1.00", diags)
    assert [d.message.text("en") for d in diags.errors] == ["amount 0.00 has no label in the 项目资金 block"]
    diags = Diagnostics()
    funds_of("项目资金（万元）\n年度资金申请总额 649.17\n其中：当年财政拨款 649.17", diags)
    assert "amounts are in 万元" in diags.errors[0].message.text("en")


def test_a_blank_carryover_is_left_out_with_a_warning():
    diags = Diagnostics()
    assert funds_of("年度资金申请总额 1.00\n其中：当年财政拨款 1.00\n上年结转资金\n其他资金 0.00", diags) == {
        "requested": "1.00", "appropriation": "1.00", "other": "0.00"}
    assert [d.message.text("en") for d in diags.warnings] == ["上年结转资金 is blank; left out (read as 0.00)"]
    assert [d.message.text() for d in diags.warnings] == ["“上年结转资金”为空；未写入（按 0.00 计）"]


# --- goal block -------------------------------------------------------------------------

def test_a_wrapped_goal_is_rejoined_without_spurious_spaces():
    goals = read_goals(cells("项目总目标 年度总体目标\n2024年，上海科创办将坚持以习近平新时代中国特色社会主义思想为指导\n"
                             "，深入贯彻党的十九大精神，推动 AI\nagents 落地。"), Diagnostics())
    assert goals.goal == "2024年，上海科创办将坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻党的十九大精神，推动 AI agents 落地。"
    assert goals.project_goal == "" and goals.shared_cell


def test_numbered_items_keep_their_own_lines():
    goals = read_goals(cells("年度总体目标\n1.通过采购食堂餐饮服务，满足\n就餐需求；\n2.通过若干名聘用辅助人员\n（1）辅助\n完成1.5倍工作。"),
                       Diagnostics())
    assert goals.goal == "1.通过采购食堂餐饮服务，满足就餐需求；\n2.通过若干名聘用辅助人员\n（1）辅助完成1.5倍工作。"


def test_each_goal_label_takes_the_text_after_it():
    goals = read_goals(cells("项目\n绩效\n目标\n项目总目标\n建成。\n年度总体目标\n完成一期。"), Diagnostics())
    assert (goals.project_goal, goals.goal) == ("建成。", "完成一期。")


# --- indicator table --------------------------------------------------------------------

def rows_of(text: str, diags: Diagnostics | None = None) -> list[tuple[str, str, str, str]]:
    return [(r.level1, r.level2, r.name, r.target) for r in read_table(cells(text), diags or Diagnostics())]


def test_merged_level_cells_apply_to_the_rows_below_them():
    assert rows_of("一级指标 二级指标 三级指标 年度(/项目)指标值\n绩效\n指标\n产出指标\n数量指标 甲 =5(人)\n乙 ≥2(次)\n"
                   "效益指标 社会效益指标\n丙 全年正常运营\n丁 正常\n绩效\n指标") == [
        ("产出指标", "数量指标", "甲", "=5(人)"), ("产出指标", "数量指标", "乙", "≥2(次)"),
        ("效益指标", "社会效益指标", "丙", "全年正常运营"), ("效益指标", "社会效益指标", "丁", "正常")]


def test_a_missing_level1_is_inferred_from_the_official_vocabulary():
    assert rows_of("时效指标 甲 按时\n可持续影响指标 乙 985米") == [
        ("产出指标", "时效指标", "甲", "按时"), ("效益指标", "可持续影响指标", "乙", "985米")]


def test_cost_is_a_level2_under_outputs_and_a_level1_of_its_own():
    assert rows_of("产出指标\n成本指标 甲 ≤5(万元)\n成本指标\n经济成本指标 乙 ≤2(万元)\n社会成本指标 丙 可控") == [
        ("产出指标", "成本指标", "甲", "≤5(万元)"), ("成本指标", "经济成本指标", "乙", "≤2(万元)"),
        ("成本指标", "社会成本指标", "丙", "可控")]


def test_names_broken_over_lines_and_one_cell_per_line():
    assert rows_of("满意度指标\n服务对象满意度\n\n指标\n展厅参观者的\n满意度 ≥95.00(%)\n项目效果对科创中心\n建设贡献度 正常\n"
                   "丙的\n满意度\n≥90\n丁\n全年正常运营\n戊\n≥1") == [
        ("满意度指标", "服务对象满意度指标", "展厅参观者的满意度", "≥95.00(%)"),
        ("满意度指标", "服务对象满意度指标", "项目效果对科创中心建设贡献度", "正常"),
        ("满意度指标", "服务对象满意度指标", "丙的满意度", "≥90"),
        ("满意度指标", "服务对象满意度指标", "丁", "全年正常运营"),
        ("满意度指标", "服务对象满意度指标", "戊", "≥1")]


def test_a_row_of_names_then_a_row_of_numeric_targets():
    assert rows_of("质量指标\n甲 乙 丙\n=100.00(%) ≥95.00(%) ≥95.00(%)") == [
        ("产出指标", "质量指标", "甲", "=100.00(%)"), ("产出指标", "质量指标", "乙", "≥95.00(%)"),
        ("产出指标", "质量指标", "丙", "≥95.00(%)")]


def test_duplicated_names_are_kept_literally():
    assert rows_of("时效指标\n每日提供餐饮及时性餐饮提供及时性 =100(%)")[0][2] == "每日提供餐饮及时性餐饮提供及时性"


def test_table_errors_name_their_line():
    diags = Diagnostics("a.txt")
    rows_of("数量指标\n≥1\n甲\n质量指标 乙 ≥2", diags)
    assert [(d.line, d.message.text("en")) for d in diags.errors] == [
        (2, "target ≥1 has no indicator name before it"), (3, "indicator '甲' has no target value")]
    diags = Diagnostics("a.txt")
    rows_of("甲 ≥1", diags)
    assert diags.errors[0].message.text("en") == "indicator '甲' has no 一级指标 and 二级指标 cell before it"
    assert diags.errors[0].message.text("zh-CN") == "指标“甲”前没有一级指标和二级指标；请核对原表"


def test_thousands_separators_in_a_target_are_removed_with_a_warning():
    diags = Diagnostics()
    assert rows_of("成本指标\n经济成本指标 甲 ≤1,250.50(元)", diags)[0][3] == "≤1250.50(元)"
    assert "thousands separators removed" in diags.warnings[0].message.text("en")


# --- writing ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["yes", "null", "2024", "1.0", "2024-01-01", "- 甲", "a: b", "#甲", "甲 #乙", "{甲}",
                                  "%", "'甲'", '甲"乙', "≥95", "甲,乙", "[甲]", "甲:", "*甲", "&甲", "!甲", "@甲",
                                  "`甲", "|甲", ">甲", "甲\\乙", " 甲", "甲\u2028乙", "~", "0x1F", "=", "？甲"])
def test_scalars_read_back_as_the_same_string(text):
    assert yaml.safe_load(f"k: {scalar(text)}") == {"k": text}
    assert yaml.safe_load(f"- {{k: {scalar(text, flow=True)}}}") == [{"k": text}]


def test_plain_text_stays_plain_and_the_rest_is_double_quoted():
    assert scalar("科创中心展厅运营项目") == "科创中心展厅运营项目"
    assert scalar("%", flow=True) == '"%"' and scalar("甲,乙", flow=True) == '"甲,乙"'
    assert double_quoted('甲"乙\\') == '"甲\\"乙\\\\"'


def test_the_id_is_stable_ascii_from_year_department_and_title():
    id_ = content_id(2024, "上海推进科技创新中心建设办公室", "机关服务")
    assert id_ == content_id(2024, "上海推进科技创新中心建设办公室", "机关服务") == "2024-fb3b1516"
    assert ID_PATTERN.match(id_) and re.fullmatch(r"2024-[0-9a-f]{8}", id_)
    assert content_id(2024, "另一个部门", "机关服务") != id_
