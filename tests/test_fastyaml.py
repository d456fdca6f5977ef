"""The fast reader of the common front-matter shapes (sitegen.fastyaml) gives exactly
what libyaml gives (texts, plainness, line numbers), and leaves everything else to it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sitegen import content, fastyaml, sourcefile, yamlsrc
from sitegen.diagnostics import Diagnostics

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402


def shape(node):
    """A node as nested tuples, with every line number and scalar flag."""
    if isinstance(node, yamlsrc.Scalar):
        return ("scalar", node.text, node.plain, node.line, node.tag)
    if isinstance(node, yamlsrc.Sequence):
        return ("list", node.line, tuple(shape(x) for x in node))
    return ("map", node.line, tuple((k, node.key_lines[k], shape(v)) for k, v in node.items()))


def by_libyaml(text: str):
    diags = Diagnostics()
    node = yamlsrc.parse(text, diags, first_line=2)
    assert not diags.items, diags.items
    return node


def front_matters():
    """The repository's declarations and fixtures, and 300 generated ones."""
    for path in sorted([*REPO.glob("content/*.md"), *REPO.glob("tests/**/*.md")]):
        text = sourcefile.decode(path.read_bytes(), Diagnostics())
        parts = content.split_front_matter(text, Diagnostics()) if text is not None else None
        if parts is not None:
            yield str(path.relative_to(REPO)), parts[0]
    for name, text in corpus.declarations(300):
        yield name, content.split_front_matter(text, Diagnostics())[0]


def test_agrees_with_libyaml_on_every_declaration_it_reads():
    read = 0
    for name, text in front_matters():
        fast = fastyaml.read(text, first_line=2)
        if fast is not None:
            read += 1
            assert shape(fast) == shape(by_libyaml(text)), name
    assert read >= 340  # the bundled content and every generated declaration among them


ACCEPTED = {
    "scalars": 'id: a-1\ntitle: 关于"重点"项目\nyear: 2024\nunit: C#语言\nnote: \'单引号\'\nempty: ""\n',
    "spaces": "title:    多个空格   \nyear: 2024  \n",
    "colons and brackets inside": "title: 项目[一期]{二}\ntime: 10:00前\n",
    "block": "goal: |-\n  第一行  \n\n    缩进的行\n  末行\n\n\nyear: 2024\n",
    "block keeping its newline": "goal: |\n  一行\n  两行\n\nyear: 2024",
    "nested mapping": 'funds:\n    requested: "1,000.00"\n    other: 0.00\ntitle: x',
    "flow mapping": 'funds: {requested: "1,000.00", appropriation: 900.00 }\n',
    "flow items": ('indicators:\n  - {level1: 产出指标, level2: 数量指标, name: "a, b", target: ≥95 %, unit: "%"}\n'
                   '  - {level1: x,level2: y}\n'),
    "block items": "corrections:\n  - date: 2025-03-05\n    what: 更正\n\n    why: 漏计\n  - {date: 2025-04-01, what: a, why: b}\n",
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_reads_the_common_shapes_as_libyaml_does(name):
    text = ACCEPTED[name]
    fast = fastyaml.read(text, first_line=2)
    assert fast is not None
    assert shape(fast) == shape(by_libyaml(text))


LEFT_TO_LIBYAML = {
    "comment": "# 注释\ntitle: x\n",
    "comment after a value": "title: x # 注释\n",
    "tab": "title:\tx\n",
    "escape": 'title: "a\\tb"\n',
    "two single quotes": "title: 'it''s'\n",
    "anchor": "title: &a x\n",
    "alias": "title: *a\n",
    "tag": "title: !!str 2024\n",
    "folded": "goal: >\n  a\n  b\n",
    "keep chomping": "goal: |+\n  a\n\ntitle: x\n",
    "block at the end keeping its newline": "goal: |\n  a",
    "block with a line of spaces": "goal: |-\n  a\n   \n  b\n",
    "block not indented": "goal: |-\nx\n",
    "multi-line plain": "title: 很长的\n  名字\n",
    "empty value": "title:\nyear: 2024\n",
    "indentless list": "indicators:\n- {level1: a}\n",
    "list of text": "tags:\n  - a\n",
    "nested list": "indicators:\n  - level1: a\n    more:\n      - b\n",
    "trailing comma": "funds: {a: 1, }\n",
    "flow colon": "funds: {a: 10:00}\n",
    "flow list": "tags: [a, b]\n",
    "duplicate key": "title: a\ntitle: b\n",
    "duplicate flow key": "funds: {a: 1, a: 2}\n",
    "colon in value": "title: 项目: 一期\n",
    "value starting with a dash": "title: -x\n",
    "indented first key": "  title: x\n",
    "line separator": "title: a\u2028b\n",
    "byte-order mark": "title: \ufeffx\n",
    "nothing": "\n\n",
    "unclosed quote": 'title: "abc\n',
    "uneven mapping": "funds:\n    a: 1\n  b: 2\n",
}


@pytest.mark.parametrize("name", sorted(LEFT_TO_LIBYAML))
def test_leaves_everything_else_to_libyaml(name):
    assert fastyaml.read(LEFT_TO_LIBYAML[name], first_line=2) is None


def test_libyaml_plain_scalars_are_typed_as_yaml_would():
    """libyaml marks a plain scalar with style '' (the pure-Python parser, None): both
    must read as plain, so that `year: 2024` is a number, `~` empty, `"2024"` text."""
    node = by_libyaml('a: 2024\nb: "2024"\nc: ~\nd: |-\n  2024\ne: true\n')
    assert [node[k].plain for k in "abcde"] == [True, False, True, False, True]
    assert (node["a"].kind, node["b"].kind, node["c"].is_null, node["e"].kind) == ("int", "str", True, "bool")


def test_an_empty_amount_is_reported_as_empty():
    diags = Diagnostics("x.md")
    node = yamlsrc.parse("requested: ~\n", diags, first_line=2)
    from sitegen.schema import _read_money  # the reader every amount goes through
    assert _read_money(node["requested"], "requested", 2, diags) is None
    assert "not empty" in diags.items[0].message
