"""The YAML that declarations are written in, read without libyaml.

``sitegen import`` and the documented format write front matter in a few line
shapes: ``key: value``, a ``funds:`` mapping of scalars (on lines of their own or
as ``{key: value, ...}``), a ``goal: |-`` block, and lists of ``- {key: value, ...}``
or ``- key: value`` mappings. ``read`` builds the
same values as ``yamlsrc``'s libyaml reader (same texts, same line numbers) for
exactly those shapes, about four times faster, and returns None for anything else
(comments, escapes, anchors, folded text, a tab, an error of any kind): the caller
then reads the file with libyaml, which also words every error message. Tests
check that the two agree on every file this one accepts.
"""

from __future__ import annotations

import re

from sitegen.yamlsrc import Mapping, Node, Scalar, Sequence

# Characters libyaml reads as something other than printable text or a newline
# (tabs, control characters, the BOM, Unicode line breaks): left to libyaml.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_ENTRY = re.compile(rf"({_KEY}):(?: +(.*))?$")  # 'key: value' or 'key:', indentation removed
# A value that starts like YAML syntax, not text.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_DOUBLE = re.compile(r'"([^"\\]*)"$')
_SINGLE = re.compile(r"'([^']*)'$")
# A flow mapping's 'key: value' (a double-quoted value, or plain text without the
# characters that would make it YAML syntax), and the whole of its inside.
_FLOW_VALUE = r'"[^"\\]*"|[^ ,\[\]{}#"\'&*!|>%@`?:-][^,\[\]{}#":]*?'
_FLOW_ENTRY = re.compile(rf' *({_KEY}): +({_FLOW_VALUE}) *(?:,|$)')
_FLOW_BODY = re.compile(rf'(?: *{_KEY}: +(?:{_FLOW_VALUE}) *,)* *{_KEY}: +(?:{_FLOW_VALUE}) *')

class _Unread(Exception):
    """A shape this reader leaves to libyaml."""


def read(text: str, first_line: int = 1) -> Node | None:
    """The front matter's values, or None when libyaml must read it."""
    if _UNUSUAL.search(text):
        return None
    try:
        return _Reader(text.split("\n"), first_line).document()
    except _Unread:
        return None


def _scalar(value: str, line: int) -> Scalar:
    """A scalar written on one line (trailing spaces already removed)."""
    first = value[0]
    if first == '"':
        m = _DOUBLE.match(value)
        if m:
            return Scalar(m.group(1), False, line)
    elif first == "'":
        m = _SINGLE.match(value)
        if m:
            return Scalar(m.group(1), False, line)
    elif first not in _INDICATORS and ": " not in value and " #" not in value and not value.endswith(":"):
        return Scalar(value, True, line)
    raise _Unread


def _add(mapping: Mapping, key: str, line: int, node: Node) -> None:
    if key in mapping:  # libyaml's reader reports it
        raise _Unread
    mapping[key] = node
    mapping.key_lines[key] = line


class _Reader:
    def __init__(self, lines: list[str], first_line: int) -> None:
        self.raw = lines  # as written: a block keeps its lines' trailing spaces
        self.lines = [line.rstrip(" ") for line in lines]
        self.first = first_line
        self.i = 0  # the next line to read

    def _next_content(self) -> int | None:
        """Index of the next non-blank line, or None at the end."""
        i = self.i
        while i < len(self.lines) and not self.lines[i]:
            i += 1
        return i if i < len(self.lines) else None

    def document(self) -> Mapping:
        root: Mapping | None = None
        while (i := self._next_content()) is not None:
            line = self.lines[i]
            if line[0] == " ":
                raise _Unread
            m = _ENTRY.match(line)
            if not m:
                raise _Unread
            if root is None:
                root = Mapping(self.first + i)
            self.i = i + 1
            key, value = m.group(1), m.group(2)
            if value is None:
                node: Node = self._nested()
            elif value in ("|-", "|"):
                node = self._block(self.first + i, keep_newline=value == "|")
            elif value[0] == "{":
                node = self._flow_mapping(value, self.first + i)
            else:
                node = _scalar(value, self.first + i)
            _add(root, key, self.first + i, node)
        if root is None:
            raise _Unread
        return root

    def _indent_of_next(self) -> tuple[int, int]:
        i = self._next_content()
        if i is None:
            raise _Unread  # 'key:' with nothing under it: an empty value
        line = self.lines[i]
        return i, len(line) - len(line.lstrip(" "))

    def _nested(self) -> Node:
        """What follows 'key:' on the lines below, indented: a list or a mapping."""
        i, indent = self._indent_of_next()
        if indent == 0:
            raise _Unread
        if self.lines[i][indent] == "-":
            return self._sequence(indent)
        return self._mapping(indent, self.first + i)

    def _mapping(self, indent: int, line_no: int) -> Mapping:
        """'key: scalar' lines at ``indent``, until a line indented less."""
        mapping = Mapping(line_no)
        while (i := self._next_content()) is not None:
            line = self.lines[i]
            here = len(line) - len(line.lstrip(" "))
            if here < indent:
                break
            if here > indent:
                raise _Unread
            self._entry(mapping, line[indent:], i)
        return mapping

    def _entry(self, mapping: Mapping, text: str, i: int) -> None:
        m = _ENTRY.match(text)
        if not m or m.group(2) is None:
            raise _Unread
        _add(mapping, m.group(1), self.first + i, _scalar(m.group(2), self.first + i))
        self.i = i + 1

    def _sequence(self, indent: int) -> Sequence:
        """'- {flow mapping}' or '- key: value' items at ``indent``."""
        sequence: Sequence | None = None
        while (i := self._next_content()) is not None:
            line = self.lines[i]
            here = len(line) - len(line.lstrip(" "))
            if here < indent:
                break
            if here > indent or not line.startswith("- ", indent):
                raise _Unread
            if sequence is None:
                sequence = Sequence(self.first + i)
            item = line[indent + 2:]
            if item.startswith("{"):
                sequence.append(self._flow_mapping(item, self.first + i))
                self.i = i + 1
            else:
                mapping = Mapping(self.first + i)
                self._entry(mapping, item, i)
                for key, value in self._mapping(indent + 2, self.first + i).items():
                    _add(mapping, key, value.line, value)  # each value is on its key's line
                sequence.append(mapping)
        if sequence is None:
            raise _Unread
        return sequence

    @staticmethod
    def _flow_mapping(item: str, line_no: int) -> Mapping:
        """'{key: value, ...}' on one line."""
        if not item.endswith("}") or not _FLOW_BODY.fullmatch(item, 1, len(item) - 1):
            raise _Unread
        mapping = Mapping(line_no)
        for key, value in _FLOW_ENTRY.findall(item, 1, len(item) - 1):  # as the body was matched
            if key in mapping:
                raise _Unread
            mapping[key] = Scalar(value[1:-1], False, line_no) if value[0] == '"' else Scalar(value, True, line_no)
        mapping.key_lines = dict.fromkeys(mapping, line_no)
        return mapping

    def _block(self, line_no: int, keep_newline: bool) -> Scalar:
        """A '|-' (or '|') block: its lines, less their common indentation."""
        start = self.i
        if start >= len(self.lines) or not self.lines[start]:
            raise _Unread  # no text, or a blank line first
        line = self.lines[start]
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            raise _Unread
        text: list[str] = []
        margin = " " * indent
        i = start
        while i < len(self.lines):
            line, raw = self.lines[i], self.raw[i]
            if not line:
                if raw:
                    raise _Unread  # a line of spaces only
                text.append("")
            elif raw.startswith(margin):
                text.append(raw[indent:])
            else:
                break
            i += 1
        if i == len(self.lines) and keep_newline:
            raise _Unread  # '|' at the very end: whether a newline is kept depends on the file's
        while text and not text[-1]:
            text.pop()
        self.i = i
        return Scalar("\n".join(text) + ("\n" if keep_newline else ""), False, line_no)
