"""A draft -> the text of its content file, laid out like the bundled content/.

A small YAML emitter of our own, so that the output is byte-for-byte predictable:
block keys, amounts quoted as the form prints them (``"6,491,700.00"``), the goal as
a ``|-`` block, one flow mapping per indicator. A scalar is written plain only when
YAML reads it back as the same string; otherwise it is double-quoted.
"""

from __future__ import annotations

import hashlib
import unicodedata

import yaml

from sitegen.diagnostics import Diagnostics
from sitegen.importer.extract import Draft
from sitegen.importer.fields import read_date_text
from sitegen.importer.indicators import Row
from sitegen.money import format_money
from sitegen.schema import FUNDS_KEYS
from sitegen.targets import TargetError, parse_target

_INDICATORS_FIRST = "-?:,[]{}#&*!|>'\"%@`"
_FLOW_SPECIAL = ",[]{}"
_TEXT_KEYS = ("department", "implementing_unit", "nature", "category")  # after title and year
EXTRAS = ("kind", "weight", "explanation", "scoring")  # an indicator's keys after its target


def content_id(year: int, department: str, title: str, *distinct: str) -> str:
    """``<year>-<8 hex digits of SHA-256 of 主管部门 + newline + 项目名称>``: stable, ASCII.
    ``distinct`` (实施单位, 项目编码) tells apart declarations that share both."""
    digest = hashlib.sha256("\n".join((department, *distinct, title)).encode("utf-8")).hexdigest()
    return f"{year}-{digest[:8]}"


def render(draft: Draft, id_: str) -> str:
    """The content file, keys in the order of docs/content-format.md."""
    out = ["---", f"id: {id_}", f"title: {scalar(draft.text('title'))}", f"year: {draft.year}"]
    out.extend(f"{key}: {scalar(draft.text(key))}" for key in _TEXT_KEYS if key in draft.fields)
    out.extend(f"{key}: {scalar(draft.text(key), quote=True)}"  # quoted, so that leading zeros stay
               for key in ("project_code", "department_code") if key in draft.fields)
    out.extend(f"{key}: {_date(draft, key)}" for key in ("start_date", "end_date") if key in draft.fields)
    out.append("funds:")
    out.extend(f"  {key}: \"{format_money(draft.funds[key][0])}\"" for key in FUNDS_KEYS
               if key in draft.funds)
    out.extend(block_text("goal", draft.goals.goal))
    if draft.goals.project_goal:
        out.extend(block_text("project_goal", draft.goals.project_goal))
    out.append("indicators:")
    out.extend(f"  - {indicator(row)}" for row in draft.rows)
    if "series" in draft.fields:
        out.append(f"series: {scalar(draft.text('series'))}")
    out.extend(f"{key}: {_date(draft, key)}" for key in ("published", "updated") if key in draft.fields)
    if draft.corrections:
        out.append("corrections:")
        for date, what, why in draft.corrections:
            out.extend((f"  - date: {date}", f"    what: {scalar(what)}", f"    why: {scalar(why)}"))
    if draft.origin is not None:
        out.extend(source_block(draft))
    out.append("---")
    if draft.note:
        out.append(draft.note)
    return "\n".join(out) + "\n"


def _date(draft: Draft, key: str) -> str:
    """ISO when it is a real date; otherwise as printed, quoted (sitegen check will say why)."""
    text, line = draft.fields[key]
    date = read_date_text(text, line, Diagnostics())
    return date.isoformat() if date else double_quoted(text)


def indicator(row: Row) -> str:
    """One flow mapping; a numeric target is split into its comparison+number and unit."""
    parts = [f"level1: {scalar(row.level1, flow=True)}", f"level2: {scalar(row.level2, flow=True)}",
             f"name: {scalar(row.name, flow=True)}"]
    try:
        target = parse_target(row.target, row.unit or None)
    except TargetError:
        target = None
    if target is not None and target.quantitative:
        parts.append(f"target: {scalar((target.comparison or '') + target.value, flow=True, quote=True)}")
        if target.unit:
            parts.append(f"unit: {scalar(target.unit, flow=True)}")
    else:
        parts.append(f"target: {scalar(row.target, flow=True)}")
    parts.extend(f"{key}: {scalar(getattr(row, key), flow=True)}" for key in EXTRAS if getattr(row, key))
    return "{" + ", ".join(parts) + "}"


def source_block(draft: Draft) -> list[str]:
    """Where the declaration came from: the PDF, its SHA-256, the form's pages, its unit."""
    file, sha256 = draft.origin  # type: ignore[misc]
    out = ["source:", *([f"  title: {scalar(draft.document)}"] if draft.document else []),
           f"  file: {scalar(file)}", f"  sha256: {sha256}"]
    if draft.pages is not None:
        a, b = draft.pages
        out.append(f"  pages: {scalar(str(a) if a == b else f'{a}-{b}', quote=True)}")
    out.append(f"  unit: {'万元' if draft.wan else '元'}")
    return out


def block_text(key: str, text: str) -> list[str]:
    """``key: |-`` and the lines indented by two spaces."""
    lines = text.split("\n")
    if not all(map(_printable, "".join(lines))) or any(not line or line != line.strip() for line in lines):
        return [f"{key}: {scalar(text)}"]
    return [f"{key}: |-", *(f"  {line}" for line in lines)]


def scalar(text: str, flow: bool = False, quote: bool = False) -> str:
    return text if not quote and plain_ok(text, flow) else double_quoted(text)


def plain_ok(text: str, flow: bool = False) -> bool:
    """Can ``text`` be written unquoted and still read back as this very string?"""
    if not text or text != text.strip() or text[0] in _INDICATORS_FIRST:
        return False
    if ": " in text or " #" in text or text.endswith(":") or not all(map(_printable, text)):
        return False
    if flow and any(ch in text for ch in _FLOW_SPECIAL):
        return False
    try:  # numbers, dates, true/false, null … are not strings to YAML
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        return False


def double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def _printable(ch: str) -> bool:
    """Characters YAML accepts as they are (no controls, line or paragraph separators)."""
    return ch == " " or not unicodedata.category(ch).startswith(("C", "Z")) or ch == "\u3000"
