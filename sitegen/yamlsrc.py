"""YAML parsing that remembers where every value came from.

PyYAML's node tree (``compose``) keeps line numbers; plain ``safe_load`` throws
them away. We turn nodes into ``Mapping``/``Sequence``/``Scalar`` values that
carry their line, and keep each scalar's *source text* so that the schema, not
YAML's implicit typing, decides what ``6491700.00`` or ``2024-02-30`` means.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

try:  # libyaml is several times faster; fall back to the pure-Python parser
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from sitegen.diagnostics import Diagnostics

_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class Scalar:
    text: str  # the scalar's text after YAML unquoting, before any typing
    kind: str  # YAML's implicit type: str, int, float, bool, null, timestamp
    line: int

    @property
    def is_null(self) -> bool:
        return self.kind == "null"


class Mapping(dict):
    """A YAML mapping: str key -> node, with the line of the mapping and each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


Node = Mapping | Sequence | Scalar


def kind_name(node: Node) -> str:
    """How a node reads to a publisher, for 'must be X, not Y' messages."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
            "null": "empty", "timestamp": "a date"}.get(node.kind, "text")


def parse(text: str, diags: Diagnostics, first_line: int = 1) -> Node | None:
    """Parse one YAML document. Problems go to ``diags``; returns None on a syntax error.

    ``first_line`` is the file line on which ``text`` starts (front matter starts
    on line 2, after the opening fence).
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.context}: {exc.problem}" if "while" not in exc.context else exc.problem
        diags.error(line, f"YAML syntax error: {problem}")
        return None
    except yaml.YAMLError as exc:  # e.g. a ReaderError for control characters
        diags.error(first_line, f"YAML error: {exc}")
        return None
    if root is None:
        return None
    return _convert(root, diags, first_line)


def _convert(node: yaml.Node, diags: Diagnostics, first_line: int) -> Node:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        out = Mapping(line)
        for key_node, value_node in node.value:
            key_line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                diags.error(key_line, "a key must be plain text")
                continue
            key = key_node.value
            if key in out:
                diags.error(key_line, f"duplicate key '{key}' (first on line {out.key_lines[key]})")
                continue
            out[key] = _convert(value_node, diags, first_line)
            out.key_lines[key] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence(line)
        seq.extend(_convert(item, diags, first_line) for item in node.value)
        return seq
    tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else "str"
    if node.style in ("'", '"', "|", ">"):
        tag = "str"
    return Scalar(node.value, tag, line)
