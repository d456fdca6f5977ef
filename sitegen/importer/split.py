"""One source text -> its declarations: each starts at the heading 财政项目支出绩效目标申报表
(or 填报表).

The heading is followed by the budget year, ``（2024年度）``. A summary table's title
(``…2024年度项目绩效目标汇总表``) may open the text, or repeat on every page.
Texts without the heading (a declaration pasted from 项目名称 on) are split at each
``项目名称`` that starts a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitegen.importer import vocabulary as v

_HEADING = re.compile(rf"^(?:{'|'.join(map(re.escape, v.FORM_HEADINGS))})(?:\(?(?P<year>\d{{4}})年度?\)?)?$")
_TITLE = v.key("项目名称")


@dataclass
class Part:
    """The lines of one declaration: lines[first:end] (0-based), after its heading."""

    first: int
    end: int
    heading_line: int  # 1-based, for messages
    year: int | None = None


@dataclass
class Layout:
    parts: list[Part]
    summary_title: str = ""  # the 汇总表 title, as printed
    summary_year: int | None = None
    used_lines: set[int] = field(default_factory=set)  # 1-based lines read here
    page_numbers: set[int] = field(default_factory=set)  # 1-based lines of page furniture


def _next_text(lines: list[str], i: int) -> int | None:
    """Index of the first non-blank line after i."""
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            return j
    return None


def _heading_at(lines: list[str], i: int) -> tuple[int, str | None] | None:
    """(last line index of the heading, year in it) when a heading starts at line i."""
    k = v.key(lines[i])
    m = _HEADING.match(k)
    if m:
        return i, m["year"]
    if len(k) >= 4 and any(h.startswith(k) and k != h for h in v.FORM_HEADINGS):
        j = _next_text(lines, i)
        if j is not None:
            m = _HEADING.match(k + v.key(lines[j]))
            if m:
                return j, m["year"]
    return None


def split_declarations(lines: list[str]) -> Layout:
    layout = Layout([])
    starts: list[tuple[int, int, int | None]] = []  # (heading line, body start, year)
    i = 0
    while i < len(lines):
        if v.PAGE_NUMBER.match(v.key(lines[i])):
            layout.page_numbers.add(i + 1)
        m = v.SUMMARY_HEADING.match(v.key(lines[i]))
        if m:
            layout.summary_title = layout.summary_title or lines[i].strip()
            layout.summary_year = layout.summary_year or int(m["year"])
            layout.used_lines.add(i + 1)
        found = _heading_at(lines, i)
        if found:
            last, year = found
            layout.used_lines.update(range(i + 1, last + 2))
            year_at = _next_text(lines, last)
            if year is None and year_at is not None and v.YEAR_LINE.match(v.key(lines[year_at])):
                year = v.YEAR_LINE.match(v.key(lines[year_at]))["year"]  # type: ignore[index]
                layout.used_lines.add(year_at + 1)
                last = year_at
            starts.append((i, last + 1, int(year) if year else None))
            i = last + 1
            continue
        i += 1
    if not starts:
        starts = [(i, i, None) for i, line in enumerate(lines) if v.key(line).startswith(_TITLE)]
    for n, (head, body, year) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        layout.parts.append(Part(body, end, head + 1, year))
    return layout
