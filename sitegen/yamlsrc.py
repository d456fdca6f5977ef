"""YAML parsing that remembers where every value came from.

PyYAML's node tree (``compose``) keeps line numbers; plain ``safe_load`` throws
them away. We turn nodes into ``Mapping``/``Sequence``/``Scalar`` values that
carry their line, and keep each scalar's *source text* so that the schema, not
YAML's implicit typing, decides what ``6491700.00`` or ``2024-02-30`` means.
"""

from __future__ import annotations

import difflib
import re

import yaml

try:  # libyaml is several times faster; fall back to the pure-Python parser
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from sitegen.diagnostics import Diagnostics
from sitegen.messages import Message

_TAG = "tag:yaml.org,2002:"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1 but tab, LF, CR
_BLOCK_START = re.compile(r"^\s*(?:- )?([^:#]*?):\s+([>|])")  # key: >200, read by YAML as a folded block
_KEY_BEFORE = re.compile(r"([A-Za-z_][\w.]*)\s*:\s*$")  # the key just before a value
_OPENS_QUOTE = re.compile(r'(?:^|[:,\[{-])\s*"')  # a '"' that starts a value, not 27" in prose


_RESOLVER = yaml.resolver.Resolver()
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class Scalar:
    """A scalar and where it was. (A plain class, not a dataclass: a declaration has a
    hundred of them, and a frozen dataclass takes twice as long to make.)"""

    __slots__ = ("text", "plain", "line", "tag")

    def __init__(self, text: str, plain: bool, line: int, tag: str | None = None) -> None:
        self.text = text  # the scalar's text after YAML unquoting, before any typing
        self.plain = plain  # unquoted, not a block: YAML would type it implicitly
        self.line = line
        self.tag = tag  # an explicit tag such as !!str, rarely written

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scalar) and (self.text, self.plain, self.line, self.tag) == (
            other.text, other.plain, other.line, other.tag)

    def __repr__(self) -> str:
        return f"Scalar({self.text!r}, {self.plain!r}, {self.line!r}, {self.tag!r})"

    @property
    def kind(self) -> str:
        """YAML's type for the scalar: str, int, float, bool, null, timestamp."""
        if self.tag:
            return self.tag[len(_TAG):] if self.tag.startswith(_TAG) else "str"
        if not self.plain:
            return "str"
        resolved = _RESOLVER.resolve(yaml.ScalarNode, self.text, (True, False))
        return resolved[len(_TAG):] if resolved.startswith(_TAG) else "str"

    @property
    def is_null(self) -> bool:
        return self.plain and self.tag is None and self.text in _NULLS


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


def kind_name(node: Node) -> Message:
    """How a node reads to a publisher, for 'must be X, not Y' messages."""
    if isinstance(node, Mapping):
        return Message("kind.mapping")
    if isinstance(node, Sequence):
        return Message("kind.list")
    return Message({"int": "kind.number", "float": "kind.number", "bool": "kind.bool",
                    "null": "kind.empty", "timestamp": "kind.date"}.get(node.kind, "kind.text"))


def parse(text: str, diags: Diagnostics, first_line: int = 1) -> Node | None:
    """Parse one YAML document. Problems go to ``diags``; returns None on a syntax error.

    ``first_line`` is the file line on which ``text`` starts (front matter starts
    on line 2, after the opening fence).
    """
    try:
        loader = _Loader(text)
        try:
            return _build(loader.get_event, diags, first_line)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        line, column, message = _full_width(text, first_line, exc) or _explain(exc, text, first_line)
        diags.error(line, Message("yaml.syntax", reason=message), column=column)
        return None
    except yaml.reader.ReaderError as exc:  # a control character, e.g. a form feed pasted from a PDF
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = first_line + (text.count("\n", 0, at) if at >= 0 else 0)
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        diags.error(line, Message("yaml.control", code=code))
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises the two above
        diags.error(first_line, Message("yaml.other", reason=str(exc)))
        return None


def _key_of(before: str) -> str:
    """The key of the value that starts after ``before``, for an example of the fix
    ('target' if none shows)."""
    key = _KEY_BEFORE.search(before)
    return key[1] if key else "target"


def _explain(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> tuple[int, int, Message]:
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
    column = mark.column + 1 if mark else 0
    if "flow sequence" in context:
        return opened, 0, Message("yaml.unclosed_bracket")
    if "flow mapping" in context:
        return opened, 0, Message("yaml.unclosed_brace")
    if "quoted scalar" in context:
        return opened, 0, Message("yaml.unclosed_quote")
    if "expected chomping or indentation indicators" in problem or (
            "comment or line break" in problem and _BLOCK_START.match(source)):
        block = _BLOCK_START.match(source)
        return line, column, Message("yaml.block_indicator", key=block[1] if block else "target",
                                     char=block[2] if block else ">")
    if "mapping values are not allowed" in problem:
        return line, column, Message("yaml.colon_in_value")
    if "cannot start any token" in problem:
        if char == "\t":
            return line, column, Message("yaml.tab")
        return line, column, Message("yaml.cannot_start", char=char, key=_key_of(source[:column - 1]))
    if "undefined alias" in problem:
        return line, column, Message("yaml.cannot_start", char="*", key=_key_of(source[:column - 1]))
    if "expected key" in problem or "expected <block end>" in problem:
        # Usually a quote opened further up swallowed the lines in between...
        for above in range(min(at, len(lines)) - 1, -1, -1):
            if lines[above].count('"') % 2 and _OPENS_QUOTE.search(lines[above]):
                return first_line + above, 0, Message("yaml.unclosed_quote")
        # ...or a value such as [重点]项目 goes on after its closing bracket or quote...
        if mark and source[:mark.column].strip():
            return line, column, Message("yaml.goes_on")
        # ...or the line is indented more or less than its neighbours.
        return line, 0, Message("yaml.indentation")
    return line, column, Message("yaml.invalid", reason=problem or context)


# A key followed by a full-width colon, or a full-width space where YAML needs a space.
_FULL_WIDTH_COLON = re.compile(r"^\s*(?:- )?([^\s:：#'\"\[{][^:：#]*?)\s*：")
_FULL_WIDTH_SPACE = re.compile(r"^(?:\s*)\u3000|^[^#]*?:\u3000")


def _full_width(text: str, first_line: int, exc: yaml.MarkedYAMLError) -> tuple[int, int, Message] | None:
    """A syntax error caused by full-width punctuation typed with a Chinese input method,
    named on its own line (YAML itself stumbles only on a later one)."""
    mark = exc.problem_mark or exc.context_mark
    lines = text.split("\n")[:(mark.line + 1) if mark else None]
    for at, source in enumerate(lines):
        if ": " in source.split("：")[0] or source.lstrip().startswith("#"):
            continue
        colon = _FULL_WIDTH_COLON.match(source)
        if colon:
            return first_line + at, source.index("：") + 1, Message("yaml.full_width_colon", key=colon[1])
        space = _FULL_WIDTH_SPACE.match(source)
        if space:
            return first_line + at, source.index("\u3000") + 1, Message("yaml.full_width_space")
    return None


def _build(next_event, diags: Diagnostics, first_line: int) -> Node | None:
    """Values straight from libyaml's events (``next_event`` gives one a call, as
    yaml.parse does, less its generator): no intermediate node tree and no implicit
    typing of every scalar, which is most of the cost of ``compose``."""
    stack: list[Mapping | Sequence] = []
    pending_key: list[Scalar | None] = []  # per open mapping: its key awaiting a value
    root: Node | None = None
    alias_reported = False
    while True:
        event = next_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            node: Node = Scalar(event.value, event.implicit[0] and not event.style,  # libyaml: style "" when plain
                                first_line + event.start_mark.line,
                                event.tag if event.tag not in (None, "!") else None)
        elif kind is yaml.MappingStartEvent:
            stack.append(Mapping(first_line + event.start_mark.line))
            pending_key.append(None)
            continue
        elif kind is yaml.SequenceStartEvent:
            stack.append(Sequence(first_line + event.start_mark.line))
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            node = stack.pop()
            if kind is yaml.MappingEndEvent:
                pending_key.pop()
        elif kind is yaml.AliasEvent:
            # Declarations never need aliases, and nested ones can multiply a small
            # file into billions of values: refuse them.
            line = first_line + event.start_mark.line
            if not alias_reported:
                alias_reported = True
                diags.error(line, Message("yaml.alias", anchor=event.anchor))
            node = Scalar("", True, line)
        elif kind is yaml.StreamEndEvent:
            break
        else:  # stream start, document start and end
            continue
        if not stack:
            root = node
            continue
        parent = stack[-1]
        if isinstance(parent, Sequence):
            parent.append(node)
            continue
        key = pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                diags.error(node.line, Message("yaml.key_not_text"))
                pending_key[-1] = Scalar("", True, node.line, "invalid-key")
            else:
                pending_key[-1] = node
            continue
        pending_key[-1] = None
        if key.tag == "invalid-key":
            continue
        if key.text in parent:
            diags.error(key.line, Message("yaml.duplicate_key", key=key.text, first=parent.key_lines[key.text]))
            continue
        parent[key.text] = node
        parent.key_lines[key.text] = key.line
    return root


def warn_unknown_keys(mapping: Mapping, known: tuple[str, ...] | list[str], where: Message | str,
                      diags: Diagnostics, as_error: bool = False, labels: dict[str, str] | None = None) -> None:
    """Unknown keys get a 'did you mean' so a typo is never silently ignored; a key
    written as the form's label (``labels``: label -> key) is told its key."""
    for key in mapping:
        if key in known:
            continue
        if labels and key.strip() in labels:  # its value would be lost: an error, always
            diags.error(mapping.line_of(key), Message("yaml.label_as_key", label=key, key=labels[key.strip()]))
            continue
        report = diags.error if as_error else diags.warning
        guess = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
        hint = (Message("yaml.did_you_mean", guess=guess[0]) if guess
                else Message("yaml.known_keys", keys=", ".join(known)))
        report(mapping.line_of(key), Message("yaml.unknown_key", key=key, where=where, hint=hint))


def read_text(node: Node, name: str, line: int, diags: Diagnostics) -> str | None:
    if not isinstance(node, Scalar):
        diags.error(line, Message("yaml.not_text", name=name, kind=kind_name(node)))
        return None
    text = node.text.strip()
    if node.is_null or not text:
        diags.error(line, Message("yaml.empty", name=name))
        return None
    control = _CONTROL.search(text)
    if control:  # written as a YAML escape such as "\x01": libyaml refuses only raw ones
        diags.error(line, Message("yaml.control_escape", name=name, code=f"U+{ord(control[0]):04X}"))
        return None
    return text
