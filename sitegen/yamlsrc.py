"""YAML parsing that remembers where every value came from.

PyYAML's node tree (``compose``) keeps line numbers; plain ``safe_load`` throws
them away. We turn nodes into ``Mapping``/``Sequence``/``Scalar`` values that
carry their line, and keep each scalar's *source text* so that the schema, not
YAML's implicit typing, decides what ``6491700.00`` or ``2024-02-30`` means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

try:  # libyaml is several times faster; fall back to the pure-Python parser
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from sitegen.diagnostics import Diagnostics

_TAG = "tag:yaml.org,2002:"
_OPENS_QUOTE = re.compile(r'(?:^|[:,\[{-])\s*"')  # a '"' that starts a value, not 27" in prose


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
        line, message = _explain(exc, text, first_line)
        diags.error(line, f"YAML syntax error: {message}")
        return None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. a form feed pasted from a PDF
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = first_line + (text.count("\n", 0, at) if at >= 0 else 0)
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a control character"
        diags.error(line, f"invisible control character {code} is not allowed (often pasted from a PDF); "
                          "delete it or retype the line")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises the two above
        diags.error(first_line, f"YAML error: {exc}")
        return None
    if root is None:
        return None
    return _convert(root, diags, first_line, set())


def _explain(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> tuple[int, str]:
    """A syntax error as a publisher can act on it: the line, and what to fix.

    libyaml and the pure-Python parser word their errors differently; both are
    mapped to the same explanation so messages do not depend on how PyYAML was built.
    """
    mark = exc.problem_mark or exc.context_mark
    at = mark.line if mark else 0
    line = first_line + at
    problem, context = exc.problem or "", exc.context or ""
    opened = first_line + exc.context_mark.line if exc.context_mark else line
    lines = text.split("\n")
    source = lines[at] if at < len(lines) else ""
    char = source[mark.column] if mark and mark.column < len(source) else ""
    if "flow sequence" in context:
        return opened, "the '[' on this line is not closed with ']', or its items are not separated by ','"
    if "flow mapping" in context:
        return opened, "the '{' on this line is not closed with '}', or its entries are not separated by ','"
    if "quoted scalar" in context:
        return opened, "a quotation mark opened on this line is never closed; add the closing quote"
    if "mapping values are not allowed" in problem:
        return line, "a value contains ': ' (colon and space); put the whole value in quotes"
    if "cannot start any token" in problem:
        if char == "\t":
            return line, "a tab is used for indenting; indent with spaces only"
        return line, f"a value cannot start with '{char}'; put the whole value in quotes"
    if "undefined alias" in problem:
        return line, "a value cannot start with '*'; put the whole value in quotes"
    if "expected key" in problem or "expected <block end>" in problem:
        # Usually a quote opened further up swallowed the lines in between...
        for above in range(min(at, len(lines)) - 1, -1, -1):
            if lines[above].count('"') % 2 and _OPENS_QUOTE.search(lines[above]):
                return first_line + above, ("a quotation mark opened on this line is never closed; "
                                            "add the closing quote")
        # ...or a value such as [重点]项目 goes on after its closing bracket or quote...
        if mark and source[:mark.column].strip():
            return line, ("the value on this line goes on after a closing bracket or quote; "
                          "put the whole value in quotes")
        # ...or the line is indented more or less than its neighbours.
        return line, "this line does not line up with the lines above it; check its indentation"
    return line, problem or context or "invalid YAML"


def _convert(node: yaml.Node, diags: Diagnostics, first_line: int, seen: set[int]) -> Node:
    line = first_line + node.start_mark.line
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        # An alias (*name) reuses a node; nested aliases can multiply a small file
        # into billions of values, and no declaration needs them.
        if id(node) in seen:
            if -1 not in seen:  # say it once per file
                seen.add(-1)
                diags.error(line, "anchors and aliases (&name, *name) are not supported; write the values out")
            return Scalar("", "null", line)
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out = Mapping(line)
        for key_node, value_node in node.value:
            key_line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                diags.error(key_line, "a key must be plain text")
                continue
            key = key_node.value
            if key in out:
                diags.error(key_line, f"duplicate key '{key}' (first on line {out.key_lines[key]}); "
                                      "keep only one of them")
                continue
            out[key] = _convert(value_node, diags, first_line, seen)
            out.key_lines[key] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence(line)
        seq.extend(_convert(item, diags, first_line, seen) for item in node.value)
        return seq
    tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else "str"
    if node.style in ("'", '"', "|", ">"):
        tag = "str"
    return Scalar(node.value, tag, line)
