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
    above: tuple[str, ...] = ()  # by column: the words printed above the grid, over its width
    columns: tuple[tuple[float, float], ...] = ()  # each column's x-range on the page
    words: tuple[tuple[str, ...], ...] = ()  # by row and column: the words printed there

    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


def page_grids(page, number: int, tables=None) -> list[Grid]:
    """The ruled tables of a pdfplumber page (or those already found on it), top to bottom."""
    tables = page.find_tables() if tables is None else tables
    words = page.extract_words() if tables else []
    grids, floor = [], float("-inf")
    for table in tables:
        grids.append(_grid(table, number, _above(table, words, floor), _placed(table, words)))
        floor = table.bbox[3]
    return grids


def _above(table, words: list[dict], floor: float) -> tuple[str, ...]:
    """The words between ``floor`` (the table before, or the page's top) and the table,
    by the table's column their middle falls in: a merged cell cut by a page break may
    be printed there (pdfplumber gives words above the page's top a negative ``top``)."""
    columns = len(table.rows[0].cells) if table.rows else 0
    xs = [_span(table, 0, c) for c in range(columns)]
    lines: list[list[str]] = [[] for _ in range(columns)]
    for word in words:
        if not (floor <= word["top"] and word["bottom"] <= table.bbox[1] + 1):
            continue
        middle = (word["x0"] + word["x1"]) / 2
        for c, (x0, x1) in enumerate(xs):
            if x0 <= middle < x1:
                lines[c].append(unify_radicals(word["text"]))
                break
    return tuple("\n".join(words_) for words_ in lines)


def _placed(table, words: list[dict]) -> tuple[tuple[str, ...], ...]:
    """The words inside the table, by the row and the column their middle falls in,
    whatever cell they were printed for (text may be printed over a row it is not of)."""
    rows = len(table.rows)
    columns = len(table.rows[0].cells) if rows else 0
    xs = [_span(table, 0, c) for c in range(columns)]
    ys = [_span(table, 1, r) for r in range(rows)]
    placed = [[[] for _ in range(columns)] for _ in range(rows)]
    for word in words:
        x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        r = next((i for i, (y0, y1) in enumerate(ys) if y0 <= y < y1), None)
        c = next((i for i, (x0, x1) in enumerate(xs) if x0 <= x < x1), None)
        if r is not None and c is not None:
            placed[r][c].append(unify_radicals(word["text"]))
    return tuple(tuple("\n".join(cell) for cell in row) for row in placed)


def _grid(table, page: int, above: tuple[str, ...] = (), words: tuple = ()) -> Grid:
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
    columns = tuple(_span(table, 0, c) for c in range(len(rows[0]))) if rows else ()
    return Grid(page, tuple(rows), above, columns, words)


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
