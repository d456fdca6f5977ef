"""A PDF page's ruled tables as grids of cells, read from the ruling lines (pdfplumber).

Every position of a grid holds a cell. A position a merged cell covers holds that cell's
text too, with the position it was printed at (``origin``): a project's name merged down
its indicator rows is on every row, and what maps cells to fields can tell a cell that
spans columns (same row) from one merged down (an earlier row).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sitegen.importer.decode import unify_radicals


_LEADING = 0.5  # points: how far off a line may be printed and still be where it belongs


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
    below: tuple[str, ...] = ()  # by column: the words printed below the grid

    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


def page_grids(page, number: int, tables=None) -> list[Grid]:
    """The ruled tables of a pdfplumber page (or those already found on it), top to bottom."""
    tables = page.find_tables() if tables is None else tables
    words = page.extract_words() if tables else []
    grids = []
    for n, table in enumerate(tables):
        floor = tables[n - 1].bbox[3] if n else float("-inf")
        ceiling = tables[n + 1].bbox[1] if n + 1 < len(tables) else float("inf")
        grids.append(_grid(table, number, _between(table, words, floor, table.bbox[1]),
                           _placed(table, words), _between(table, words, table.bbox[3], ceiling)))
    return grids


def _between(table, words: list[dict], top: float, bottom: float) -> tuple[str, ...]:
    """The words whose middle is from ``top`` to ``bottom`` (above or below the table, up to the next one or
    past the page's edge), by the table's column their middle falls in: a merged cell cut by
    a page break may be printed there (pdfplumber gives words off the page a ``top`` below 0
    or past its height)."""
    columns = len(table.rows[0].cells) if table.rows else 0
    xs = [_span(table, 0, c) for c in range(columns)]
    lines: list[list[str]] = [[] for _ in range(columns)]
    for word in words:
        if not top <= (word["top"] + word["bottom"]) / 2 < bottom:
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


def _grid(table, page: int, above: tuple[str, ...] = (), words: tuple = (),
          below: tuple[str, ...] = ()) -> Grid:
    texts = _texts(table)
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
    return Grid(page, tuple(rows), above, columns, words, below)


def _texts(table) -> list[list[str | None]]:
    """Each cell's text, as pdfplumber's ``Table.extract`` gives it (a character is the
    cell's its middle is in), but for a cell's last line printed past its bottom ruling
    (Beijing: 结果合 / 法): that line, at the very top of the cell below and one line's
    pitch under the cell's last, is the cell's."""
    from pdfplumber.utils import extract_text

    chars: dict[tuple, list[dict]] = {}
    for row in table.rows:
        in_row = [char for char in table.page.chars if _middle_in(char, row.bbox)]
        for box in row.cells:
            if box is not None:
                chars[box] = [char for char in in_row if _middle_in(char, box)]
    pitch = _pitch(chars.values())
    ending: dict[float, list[tuple]] = {}
    for box in chars:
        ending.setdefault(box[3], []).append(box)
    for box, below in chars.items():
        middle = (box[0] + box[2]) / 2
        above = next((b for b in ending.get(box[1], ()) if b[0] <= middle < b[2]), None)
        moved = _overflow(chars[above], below, box[1], pitch) if above is not None else []
        if moved:
            chars[above] += moved
            gone = {id(char) for char in moved}
            chars[box] = [char for char in below if id(char) not in gone]
    return [[None if box is None else extract_text(chars[box]) for box in row.cells] for row in table.rows]


def _middle_in(char: dict, box: tuple) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _pitch(cells) -> float:
    """The table's line pitch: the commonest distance between a cell's lines."""
    steps: Counter = Counter()
    for chars in cells:
        tops = sorted({round(char["top"], 1) for char in chars})
        steps.update(round(b - a, 1) for a, b in zip(tops, tops[1:]))
    return steps.most_common(1)[0][0] if steps else 0.0


def _overflow(upper: list[dict], lower: list[dict], ruling: float, pitch: float) -> list[dict]:
    """The characters of ``lower``'s first line if that line goes on from ``upper``'s text."""
    first = [char for char in lower if char["top"] < ruling + _LEADING]
    if not (first and upper and pitch):
        return []
    last = max(char["top"] for char in upper)
    return first if abs(first[0]["top"] - last - pitch) < _LEADING else []


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
