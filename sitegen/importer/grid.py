"""A PDF page's ruled tables as grids of cells, read from the ruling lines (pdfplumber).

Every position of a grid holds a cell. A position a merged cell covers holds that cell's
text too, with the position it was printed at (``origin``): a project's name merged down
its indicator rows is on every row, and what maps cells to fields can tell a cell that
spans columns (same row) from one merged down (an earlier row).
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.importer.decode import unify_radicals


@dataclass(frozen=True)
class Cell:
    page: int  # 1-based
    row: int
    col: int
    text: str  # as printed, radicals unified; '' for an empty cell
    origin: tuple[int, int]  # (row, col) of the cell as printed: itself unless merged

    @property
    def merged_down(self) -> bool:
        return self.origin[0] < self.row


@dataclass(frozen=True)
class Grid:
    page: int
    rows: tuple[tuple[Cell, ...], ...]

    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


def page_grids(page, number: int, tables=None) -> list[Grid]:
    """The ruled tables of a pdfplumber page (or those already found on it), top to bottom."""
    return [_grid(table, number) for table in (page.find_tables() if tables is None else tables)]


def _grid(table, page: int) -> Grid:
    texts = table.extract()
    printed: dict[tuple, tuple[int, int]] = {}  # bbox -> (row, col) where its text is
    for r, row in enumerate(table.rows):
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                printed[bbox] = (r, c)
    rows = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, bbox in enumerate(row.cells):
            origin = (r, c) if bbox is not None else _covering(table, printed, r, c)
            text = texts[origin[0]][origin[1]] if origin is not None else None
            cells.append(Cell(page, r, c, unify_radicals(text or ""), origin or (r, c)))
        rows.append(tuple(cells))
    return Grid(page, tuple(rows))


def _covering(table, printed: dict[tuple, tuple[int, int]], r: int, c: int) -> tuple[int, int] | None:
    """Where the merged cell that covers position (r, c) is printed, if one does."""
    x = sum(_span(table, 0, c)) / 2
    y = sum(_span(table, 1, r)) / 2
    for (x0, top, x1, bottom), at in printed.items():
        if x0 <= x < x1 and top <= y < bottom and at != (r, c):
            return at
    return None


def _span(table, axis: int, n: int) -> tuple[float, float]:
    """Column n's x-range (axis 0) or row n's y-range (axis 1): from its edge to the next."""
    edges = sorted({bbox[axis] for bbox in table.cells} | {table.bbox[axis + 2]})
    return edges[n], edges[n + 1]
