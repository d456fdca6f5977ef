"""Lines -> cells: the whitespace-separated pieces of text, each remembering its line.

PDF extraction breaks the form's words (``项目\\n绩效\\n目标``, ``服务对象满意度\\n\\n指标``)
and glues others (``项目名称科创中心展厅运营项目``). ``rejoin_words`` and
``unglue_labels`` undo both, but only for the form's own vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sitegen.importer import vocabulary as v

# '≥ 95.00(%)' -> '≥95.00(%)': a comparison is never separated from its number.
_SPACED_COMPARISON = re.compile(r"([≥≤=<>≧≦＞＜＝])[ \t\u3000]+(?=[0-9０-９])")


@dataclass
class Cell:
    text: str  # as in the source, without surrounding whitespace
    line: int  # the source line it starts on (1-based)
    end_line: int = 0  # the line it ends on (a rejoined word may span lines)
    starts_line: bool = True  # first cell on its line
    used: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        self.end_line = self.end_line or self.line

    @property
    def key(self) -> str:
        return v.key(self.text)


def cut_cells(lines: list[str], first: int, last: int, skip: set[int] = frozenset()) -> list[Cell]:
    """The cells of lines[first:last] (0-based slice), except the 1-based line numbers in
    ``skip`` (headings already read); cells carry 1-based line numbers."""
    cells = []
    for index in range(first, last):
        if index + 1 in skip:
            continue
        parts = _SPACED_COMPARISON.sub(r"\1", lines[index]).split()
        cells.extend(Cell(text, index + 1, starts_line=(n == 0)) for n, text in enumerate(parts))
    return cells


def rejoin_words(cells: list[Cell], longest: int = 4) -> list[Cell]:
    """Merge runs of 2..longest cells whose text together is one word of the form."""
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        for n in range(min(longest, len(cells) - i), 1, -1):
            run = cells[i:i + n]
            if "".join(c.key for c in run) in v.JOINABLE:
                out.append(Cell("".join(c.text for c in run), run[0].line, run[-1].end_line,
                                run[0].starts_line))
                i += n
                break
        else:
            out.append(cells[i])
            i += 1
    return out


def unglue_labels(cells: list[Cell], labels: set[str],
                  value_ok: Callable[[str], bool] = lambda text: True) -> list[Cell]:
    """'项目名称科创中心展厅运营项目' -> '项目名称', '科创中心展厅运营项目', when the part
    after the label passes ``value_ok``."""
    out: list[Cell] = []
    for cell in cells:
        label = _glued_label(cell.text, labels) if cell.key not in v.JOINABLE else None
        if label is None or not value_ok(cell.text[label:].strip()):
            out.append(cell)
            continue
        out.append(Cell(cell.text[:label], cell.line, starts_line=cell.starts_line))
        out.append(Cell(cell.text[label:].strip(), cell.line, starts_line=False))
    return out


def _glued_label(text: str, labels: set[str]) -> int | None:
    """The length of the longest label that starts ``text`` with something after it."""
    best = None
    for end in range(1, len(text)):
        if v.key(text[:end]) in labels:
            best = end
    return best if best is not None and v.key(text[best:]) else None
