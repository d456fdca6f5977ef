"""The grid route: the ruled tables of a PDF's form pages -> drafts of declarations.

Every family is read by one walk over the tables' rows, page after page; what a cell
means comes from the words of ``labels.py`` alone. A row is one of:

- a heading (``…绩效目标表``, ``（2026年度）``): a new form starts; it may name the project;
- labels with their values beside them (``项目名称 | 信息化运行维护``);
- column headings (``一级指标 | 二级指标 | 三级指标 | 指标值``, or ``项目总目标 | 年度总体目标``);
  the rows below give one value per column until the next labels or heading;
- a wide table's row: column headings that name the project too (项目名称, 项目总额 …,
  Beijing, Changsha, Changchun): one indicator per row, the project's cells merged down
  its rows and over page breaks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from itertools import groupby

from sitegen.diagnostics import Diagnostics
from sitegen.importer import labels as L
from sitegen.importer.decode import tidy_spaces
from sitegen.importer.extract import Draft
from sitegen.importer.goal import Goals
from sitegen.importer.grid import Grid
from sitegen.importer.indicators import Row
from sitegen.importer.pages import pages_text
from sitegen.messages import Message
from sitegen.schema import LEVELS

PROJECT_KEYS = ("title", "project_code", "requested", "appropriation", "other", "goal")
_ITEM = re.compile(r"^(\d{1,2}[.．、](?!\d)|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}[、．.]|目标\d)")
_YUAN = Decimal("0.01")


@dataclass
class Span:
    """One printed cell of a row: its text and the columns it covers."""

    text: str
    first: int
    last: int
    down: bool  # merged down from a row above
    page: int

    @property
    def flat(self) -> str:
        return "".join(self.text.split("\n")).strip()


@dataclass
class Form:
    """A declaration being read: what its cells gave, by content key."""

    pages: list[int]
    heading_title: str = ""
    year: int | None = None
    wan: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    amounts: dict[str, str] = field(default_factory=dict)
    goals: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    origin: tuple = ()  # a wide table's project cell, to tell where the next project starts
    printed_over: list[tuple[int, str, str]] = field(default_factory=list)  # (row, level key, words)
    name_over: str = ""  # a wide table's name printed over the rows, its cell left empty
    part: tuple[int, int] = (0, 0)  # (i, n): the i-th of the n amounts printed under one name

    def empty(self) -> bool:
        return not (self.fields or self.amounts or self.rows)


@dataclass
class Reading:
    """The document-wide facts a form may lack (its department, its year) and what was read."""

    department: str = ""
    year: int | None = None
    title: str = ""  # the document's, as its cover prints it: 国家信访局2026年度部门预算
    forms: list[Form] = field(default_factory=list)
    not_kept: set[str] = field(default_factory=set)
    orphans: list[Row] = field(default_factory=list)  # indicator rows no project's cells claimed


def spans(row, place=lambda col: col) -> list[Span]:
    """A row's printed cells; ``place`` gives a column's index under the table's headings."""
    out: list[Span] = []
    for cell in row:
        if out and cell.origin == last_origin:
            out[-1].last = place(cell.col)
            continue
        last_origin = cell.origin
        out.append(Span(cell.text.strip(), place(cell.col), place(cell.col), cell.merged_down, cell.page))
    return out


def read_tables(pages: list[tuple[int, list[str], list[Grid]]], document: Reading) -> Reading:
    """``pages``: (page number, the lines printed outside its tables, its grids)."""
    walker = _Walker(document)
    for number, outside, grids in pages:
        for line in outside:
            flat = "".join(line.split())
            if L.HEADING.search(flat) or L.YEAR.fullmatch(flat):
                walker.heading(flat, number)
            if L.UNIT_LINE.search(flat):
                walker.unit(flat)
            named = L.DEPARTMENT_LINE.search(line)
            if named:
                document.department = document.department or named["who"]
        for grid in grids:
            walker.grid_start(grid)
            for n, row in enumerate(grid.rows):
                walker.row_index = n
                walker.row(spans(row, walker.place), number)
                walker.first_row = False
            walker.grid_end()
    walker.finish()
    _name_parts(document.forms)
    document.orphans = walker.pending
    return document


class _Walker:
    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.form: Form | None = None
        self.columns: dict[int, str] = {}  # column index -> column key, under a heading row
        self.header_rows = 0
        self.wide = False
        self.first_data_row = True
        self.pending: list[Row] = []  # a wide table's rows printed without their project cells
        self.wan = False
        self.last_value: tuple[dict, str, int] | None = None  # where the last label's value went
        self.continues: tuple[dict, str, int] | None = None
        self.first_row = False  # the row is its grid's first
        self.above_unread = False  # the words above the grid may still start a project
        self.top: list[str] = []  # by heading column: those words, and those printed over headings
        self.row_index = 0
        self.grid: Grid | None = None
        self.header_x: tuple[tuple[float, float], ...] = ()  # the column headings' x-ranges
        self.moved: dict[int, int] = {}  # this grid's column -> the heading's column
        self.header_words: dict[int, list[str]] = {}  # the headings' words, by column
        self.overprint = False  # the last row was a project's cells printed over a header
        self.goal_above = ""  # a goal's start, printed above a header repeated on a new page
        self.unnamed = False  # the rows read belong to a project whose name comes further on

    # -- forms --------------------------------------------------------------------------
    def start(self, page: int) -> Form:
        self.finish()
        self.form = Form([page], wan=self.wan)
        return self.form

    def current(self, page: int) -> Form:
        form = self.form or self.start(page)
        if form.pages[-1] != page:
            form.pages.append(page)
        return form

    def finish(self) -> None:
        if self.form is not None and not self.form.empty():
            self.reading.forms.append(self.form)
        self.form = None

    def grid_start(self, grid: Grid) -> None:
        self.first_data_row = True
        self.first_row, self.grid, self.above_unread = True, grid, True
        self.moved = {}  # a grid that continues a wide table may lack its empty first column
        lost = len(grid.columns) != len(self.header_x)  # a column printed outside the rules (Xi'an 2020)
        if self.columns and self.header_x and grid.columns != self.header_x and (self.wide or lost):
            for c, (x0, x1) in enumerate(grid.columns):
                middle = (x0 + x1) / 2
                self.moved[c] = next((h for h, (h0, h1) in enumerate(self.header_x) if h0 <= middle < h1), c)
        self.top = self.placed(grid.above)
        self.continues = self.last_value  # a cell cut by the page break goes on in the next grid

    def grid_end(self) -> None:
        """A part at a table's foot whose name cell is empty takes the name printed below
        the table (Beijing: a name merged over a page break, printed past the page's edge)."""
        form = self.form
        if form is None or not form.origin or form.fields.get("title") or self.grid is None:
            return
        below = self.placed(self.grid.below)
        title = next((c for c, key in self.columns.items() if key == "title"), len(below))
        if title < len(below) and below[title]:
            form.name_over = "\n".join(filter(None, (form.name_over, below[title])))

    def place(self, col: int) -> int:
        return self.moved.get(col, col)

    def placed(self, texts: tuple[str, ...]) -> list[str]:
        """A grid's texts by column -> by heading column."""
        out = [""] * (max(self.moved.values(), default=len(texts) - 1) + 1)
        for c, text in enumerate(texts):
            out[self.place(c)] = (out[self.place(c)] + "\n" + text).strip("\n")
        return out

    def row_words(self) -> list[str]:
        words = self.grid.words if self.grid else ()
        return self.placed(words[self.row_index]) if self.row_index < len(words) else []

    def heading(self, text: str, page: int) -> None:
        year = L.YEAR.search(text) if "年" in text else None
        named = L.NAMED_HEADING.match(L.label_key(text))
        if L.HEADING.search(text):
            if self.wide and self.columns:
                return  # a wide table's heading, repeated on every page
            form = self.start(page)
            if named and not L.GENERIC_TITLE.search(named["title"]):
                form.heading_title = named["title"]
            self.columns, self.header_rows = ({}, 0) if not self.wide else (self.columns, self.header_rows)
        elif self.form is None:
            self.start(page)
        if year and self.form is not None:
            self.form.year = int(year["year"])

    # -- rows ---------------------------------------------------------------------------
    def row(self, row: list[Span], page: int) -> None:
        texts = [s for s in row if s.flat]
        continues, self.continues = self.continues, None
        if not texts:
            return
        if continues and len(texts) == 1 and not row[0].flat and L.role(texts[0].text) is None:
            store, name, first = continues
            if texts[0].first == first:  # the rest of the value cell above the page break
                store[name] += texts[0].flat
                return
        self.last_value = None
        alone = texts[0].flat if len(texts) == 1 else ""
        if len({(s.first, s.last) for s in row}) == 1 or L.HEADING.search(alone) \
                or L.YEAR.fullmatch(alone) or L.UNIT_LINE.search(alone):
            self.whole_row(texts[0], page)
            return
        kinds = [L.role(s.text) if not L.is_section(s.text) else ("section", "") for s in row]
        if self.wide and self.columns and not self.header_rows and self._repeats_header(row, kinds):
            self.overprinted(row, page)  # the wide table's header again, on its next page
            return
        if any(L.UNIT_LINE.search(s.flat) for s in texts) and self.columns:
            return
        for s, k in zip(row, kinds):
            if k and k[0] == "section" and L.SECTION_UNIT.search(s.flat):  # 项目资金（万元）
                self.current(page).wan = L.SECTION_UNIT.search(s.flat)["unit"] == "万元"  # type: ignore[index]
        labelled = [(s, k) for s, k in zip(row, kinds) if s.flat and (k is None or k[0] != "section")]
        if labelled and all(k is not None for _, k in labelled) and not all(s.down for s, _ in labelled):
            self.heading_row(row, kinds, page)
        elif any(k is not None and k[0] != "column" and not s.down for s, k in zip(row, kinds)
                 if k is None or k[0] != "section"):
            self.columns, self.wide = {}, False
            self.label_row(row, kinds, page)
        elif self.columns:
            self.data_row(row, page)
        else:
            self.label_row(row, kinds, page)

    def overprinted(self, row: list[Span], page: int) -> None:
        """A project's cells, merged over a page break, may be printed across the header
        repeated on the next page and above it (Beijing): what is not a heading there is
        the project's, and its rows at the foot of the last page are its too."""
        text: dict[str, str] = {}
        for span in row:
            meaning = self.columns.get(span.first)
            if span.down or meaning not in PROJECT_KEYS or meaning in text:
                continue
            lines = [_without(line, self.header_words.get(span.first, ())) for line in span.text.split("\n")
                     if line.strip() and L.role(line) is None and not L.is_section(line)]
            above = self.top[span.first].strip("\n") if self.above_unread and span.first < len(self.top) else ""
            text[meaning] = "\n".join(filter(None, (above, *lines)))
        self.above_unread = False
        if not (text.get("title") or text.get("requested")):
            return
        self.start_project({k: (paragraph(v) if k == "goal" else _joined(v)) for k, v in text.items()}, page)
        self.overprint = True

    def project_above(self, page: int) -> None:
        """A project whose merged cells run over the page break may be printed above the
        next page's table (Beijing): its name and an amount there start it."""
        text: dict[str, str] = {}
        for col, words in enumerate(w.strip("\n") for w in self.top):
            meaning = self.columns.get(col)
            if words and meaning in PROJECT_KEYS and meaning not in text:
                text[meaning] = paragraph(words) if meaning == "goal" else _joined(words)
        try:
            amount = yuan(text.get("requested", ""), False)
        except ValueError:
            amount = None
        if text.get("title") and amount is not None:
            self.start_project(text, page)

    def _repeats_header(self, row: list[Span], kinds) -> bool:
        same = sum(1 for s, k in zip(row, kinds) if k is not None and k[0] != "section"
                   and self.columns.get(s.first) in (k[1], "requested"))
        return same >= 3

    def whole_row(self, span: Span, page: int) -> None:
        text = span.flat
        if self.above_unread and self.wide and self.columns:  # a continuing project printed over it
            self.top = [top + "\n" + _without(words, [text]) if words and words not in text else top
                        for top, words in zip(self.top, self.row_words())]
        if L.HEADING.search(text) or L.YEAR.fullmatch(text):
            self.heading(text, page)
        elif L.UNIT_LINE.search(text):
            self.unit(text)

    def unit(self, text: str) -> None:
        """金额单位：万元 over a table: its amounts, and the next forms', are in 万元."""
        self.wan = L.UNIT_LINE.search(text)["unit"] == "万元"  # type: ignore[index]
        if self.form is not None and not self.form.amounts:
            self.form.wan = self.wan

    def heading_row(self, row: list[Span], kinds, page: int) -> None:
        """Column headings: a later row of headings refines the one above it (其中： / 财政资金)."""
        if self.header_rows == 0 or not self.columns:
            self.columns = {}
            self.header_rows = 0
        self.header_rows += 1
        self.header_x, self.moved = (self.grid.columns if self.grid else ()), {}
        if self.header_rows == 1:
            self.header_words = {}
        for span in row:
            for col in range(span.first, span.last + 1):
                self.header_words.setdefault(col, []).append(span.flat)
        for span, kind in zip(row, kinds):
            if kind is None or kind[0] == "section" or span.down:
                continue
            if kind[0] == "funds" and L.WAN.search(span.flat):  # 年度资金总额(万元)
                self.wan = True
            meaning = kind[1] if kind[0] != "funds" or kind[1] != "project_total" else "requested"
            for col in range(span.first, span.last + 1):
                self.columns[col] = meaning
        self.wide = any(k in self.columns.values() for k in ("title", "requested"))
        for col_key in set(self.columns.values()) & set(L.NOT_KEPT):
            self.reading.not_kept.add(L.NOT_KEPT[col_key])
        self.first_data_row = True
        if not self.wide:
            self.current(page)

    def label_row(self, row: list[Span], kinds, page: int) -> None:
        self.header_rows = 0
        form = self.current(page)
        i = 0
        while i < len(row):
            span, kind = row[i], kinds[i]
            if kind is None or kind[0] in ("section", "column"):
                i += 1
                continue
            value = row[i + 1] if i + 1 < len(row) else None
            if value is not None and kinds[i + 1] is not None and kinds[i + 1][0] != "section":
                value = None  # a label beside a label: this one heads a block
            what, name = kind
            if what == "field" and name in ("title", "project_code") and name in form.fields \
                    and not span.down:
                form = self.start(page)
            text = value.text if value is not None else ""
            if what == "field":
                form.fields.setdefault(name, _joined(text))
                if value is not None:
                    self.last_value = (form.fields, name, value.first)
            elif what == "funds":
                if name == "other" and "project_total" in form.amounts and "requested" not in form.amounts:
                    name = "project_other"  # the whole-life column's 其他资金
                elif name == "other" and "other" in form.amounts and "project_total" in form.amounts:
                    form.amounts["project_other"] = form.amounts.pop("other")
                if not (span.down and name in form.amounts):
                    form.amounts[name] = _joined(text)
            elif what == "goal" and value is not None:
                form.goals.setdefault(name, paragraph(value.text))
            i += 2 if value is not None else 1

    def data_row(self, row: list[Span], page: int) -> None:
        self.header_rows = 0
        cells: dict[str, Span] = {}
        for span in row:
            meaning = self.columns.get(span.first)
            if meaning and meaning not in cells:
                cells[meaning] = span
        text = {k: (paragraph(s.text) if k == "goal" else _joined(s.text)) for k, s in cells.items()}
        indicator = _indicator(text, page)
        if not self.wide:
            if "goal" in text or "project_goal" in text:  # a row of goals under their labels
                form = self.current(page)
                for k in ("goal", "project_goal"):
                    if text.get(k):
                        form.goals.setdefault(k, text[k])
                return
            if indicator is not None:
                form = self.current(page)
                words = self.row_words()
                for key in ("level1", "level2"):  # a level printed over rows its ruling does not merge
                    span = cells.get(key)
                    if span is not None and not span.text and span.first < len(words) and words[span.first]:
                        form.printed_over.append((len(form.rows), key, words[span.first]))
                form.rows.append(indicator)
            return
        self.wide_row(cells, text, indicator, page)

    def wide_row(self, cells: dict[str, Span], text: dict[str, str], indicator: Row | None,
                 page: int) -> None:
        project = {k: text.get(k, "") for k in PROJECT_KEYS}
        above, self.above_unread = self.above_unread, False
        if above and not any(project.values()):
            self.project_above(page)
        overprinted, self.overprint = self.overprint, False
        if overprinted and self._rest_of_overprint(project):
            self._complete(text, cells)
            project = dict.fromkeys(project, "")
        if self.first_row and indicator is None and project["goal"] and not project["title"]:
            self.goal_above = cells["goal"].text  # a goal cut by the page break, then the header
            return
        first, self.first_data_row = self.first_data_row, False
        if not any(project.values()):
            # Empty project cells: merged down from the row above, they are that row's project;
            # printed afresh, a new project's whose name is printed further on (or, on a
            # page's first row, the project that runs on from the page before).
            down = any(cells[k].down for k in ("title", "requested") if k in cells)
            if not down:
                self.unnamed = not first or self.form is None
            if indicator is not None:
                (self.pending if self.unnamed else self.current(page).rows).append(indicator)
            return
        if indicator is None:  # a department's own row (Changsha): its name and code, or a 合计
            if project["title"] and not project["goal"] and project["title"] not in ("合计", "总计") \
                    and not self.reading.department:
                self.reading.department = project["title"]
            return
        named, amount, goal = cells.get("title"), cells.get("requested"), cells.get("goal")
        if named is not None and named.flat:  # a name, or one merged over several amounts (parts)
            starts = not named.down or (_fresh(amount) and _fresh(goal))
        else:  # a name printed over the rows, not in its cell
            starts = _fresh(amount)
        same = self.form is not None and self.form.origin == _identity(project)
        if starts and not (first and same):
            self.start_project(text, page)
        elif not starts and project["goal"] and not cells["goal"].down:
            if overprinted and self.form is not None:  # the rest of the goal printed over the header
                self.form.goals["goal"] = paragraph(self.form.goals.get("goal", "") + "\n" + cells["goal"].text)
            else:  # a project whose name and amount are printed further on (over the next header)
                self.unnamed, self.goal_above = True, cells["goal"].text
        if self.unnamed:
            self.pending.append(indicator)
            return
        form = self.current(page)
        self.printed_over(form, cells)
        form.rows.append(indicator)

    def printed_over(self, form: Form, cells: dict[str, Span]) -> None:
        """A project's cell left empty, its words printed over the rows (no ruling closes
        the cell, Beijing): the name of a project of several parts, an amount."""
        words = self.row_words()
        for key in ("title", "requested"):
            span = cells.get(key)
            if span is None or span.flat or span.first >= len(words) or not words[span.first]:
                continue
            if key == "title" and not form.fields.get("title"):
                form.name_over = "\n".join(filter(None, (form.name_over, words[span.first])))
            elif key == "requested" and not form.amounts.get("requested"):
                form.amounts["requested"] = _joined(words[span.first])

    def _rest_of_overprint(self, project: dict[str, str]) -> bool:
        """The row under a project printed over the header: the rest of its name, and
        the amounts the header's words hid, or the next project."""
        form = self.form
        return form is not None and bool(project["title"]) and not project["project_code"] \
            and not L.CODED_TITLE.match(project["title"]) \
            and not (project["requested"] and form.amounts.get("requested"))

    def _complete(self, text: dict[str, str], cells: dict[str, Span]) -> None:
        form = self.form
        assert form is not None
        form.fields["title"] = form.fields.get("title", "") + text["title"]
        for key in ("requested", "appropriation", "other"):
            if text.get(key) and not form.amounts.get(key):
                form.amounts[key] = text[key]
        goal = cells.get("goal")
        if goal is not None and goal.flat and not goal.down:
            form.goals["goal"] = paragraph(form.goals.get("goal", "") + "\n" + goal.text)
        form.origin = _identity({**dict.fromkeys(PROJECT_KEYS, ""), **form.fields, **form.amounts})

    def start_project(self, text: dict[str, str], page: int) -> None:
        """A wide table's next project, from its cells; the rows printed before them are its."""
        if self.goal_above:
            text = {**text, "goal": paragraph(self.goal_above + "\n" + text.get("goal", ""))}
        self.goal_above, self.unnamed = "", False
        project = {k: text.get(k, "") for k in PROJECT_KEYS}
        form = self.start(page)
        form.origin = _identity(project)
        for k in ("title", "project_code", "department", "department_code"):
            if text.get(k):
                form.fields[k] = text[k]
        form.amounts.update({k: text[k] for k in ("requested", "appropriation", "other") if k in text})
        if text.get("goal"):
            form.goals["goal"] = text["goal"]
        form.rows.extend(self.pending)
        self.pending = []


def _fresh(span: Span | None) -> bool:
    return span is not None and not span.down and bool(span.flat)


def _name_parts(forms: list[Form]) -> None:
    """A wide table's name may be merged over several amounts, each with its goal and
    indicators (Beijing): each amount is a declaration, a part of that project. The name,
    printed once over a run of parts whose cells are empty, is each one's; the parts,
    one after another under one name and code, are numbered."""
    for nameless, run in groupby(forms, key=lambda f: bool(f.origin) and not f.fields.get("title")):
        run = list(run)
        names = {_joined(f.name_over) for f in run if f.name_over}
        if nameless and len(names) == 1:
            name = names.pop()
            for f in run:
                f.fields["title"] = name
    for _, run in groupby(forms, key=lambda f: (f.fields.get("title"), f.fields.get("project_code"))
                          if f.origin and f.fields.get("title") else id(f)):
        run = list(run)
        for i, f in enumerate(run if len(run) > 1 else (), 1):
            f.part = (i, len(run))


def _without(line: str, headings) -> str:
    """A line with a heading's characters printed over it (项7目00总0.额000000) less
    them: the heading's characters, in order, with others between, are taken out."""
    for heading in headings:
        if len(heading) < 2:
            continue
        out, k = [], 0
        for ch in line:
            if k < len(heading) and ch == heading[k]:
                k += 1
            else:
                out.append(ch)
        if k == len(heading):
            return "".join(out)
    return line


def _identity(project: dict[str, str]) -> tuple:
    """What tells a wide table's project from the next: a goal cut by a page break may print
    differently on each side, its name and amount do not."""
    return project["title"], project["project_code"], project["requested"]


def _indicator(text: dict[str, str], page: int) -> Row | None:
    name, target = text.get("name", ""), text.get("target", "")
    if name in L.EMPTY_ROW and target in L.EMPTY_ROW:
        return None
    comparison, kind = text.get("comparison", ""), text.get("kind", "")
    if kind.startswith(L.COMPARISONS):  # a 指标性质 column that prints the comparison
        comparison, kind = kind, ""
    if comparison in L.KINDS:
        comparison, kind = "", kind or comparison
    unit = text.get("unit", "")
    shown = target
    if comparison and not shown.startswith(L.COMPARISONS):
        shown = comparison + shown
    if unit and unit not in shown:
        shown += unit
    shown = unicodedata.normalize("NFKC", shown)  # ＝ （ ） ％ as the target grammar reads them
    weight = text.get("weight", "").removesuffix("分")
    return Row(text.get("level1", ""), text.get("level2", ""), name, shown, page, kind,
               "" if weight in L.BLANK else weight, _kept(text.get("explanation", "")),
               _kept(text.get("scoring", "")))


def _kept(text: str) -> str:
    return "" if text in L.BLANK else text


def _joined(text: str) -> str:
    """A cell's words, the lines the table wrapped them over joined again."""
    return tidy_spaces("".join(line.strip() for line in text.split("\n")).strip())


def paragraph(text: str) -> str:
    """A goal: wrapped lines joined; numbered items keep their own lines."""
    out: list[str] = []
    for line in (part.strip() for part in text.split("\n")):
        if not line:
            continue
        if out and not _ITEM.match(line):
            out[-1] += line
        else:
            out.append(line)
    return tidy_spaces("\n".join(out))


def yuan(text: str, wan: bool) -> Decimal | None:
    """The amount in 元, exactly: a 万元 figure times 10,000; None for a blank cell."""
    shown = text.replace(",", "").replace("，", "").strip()
    if shown in L.BLANK:
        return None
    try:
        value = Decimal(shown)
    except InvalidOperation:
        raise ValueError(text) from None
    if wan:
        value *= 10000
    if value != value.quantize(_YUAN):
        raise ValueError(text)
    return value.quantize(_YUAN)


def cover_facts(cover: str) -> Reading:
    """The department and year a budget's first page names: 国家信访局 2026 年度部门预算."""
    for line in cover.split("\n"):
        flat = re.sub(r"\s+", "", line)
        for pattern in (L.DOCUMENT, L.DOCUMENT_YEAR_FIRST):
            m = pattern.match(flat)
            if m and m["who"]:
                return Reading(department=m["who"], year=int(m["year"]), title=m[0])
    flat = re.sub(r"\s+", "", cover)
    m = L.DOCUMENT.search(flat) or L.DOCUMENT_YEAR_FIRST.search(flat)
    return Reading(department=m["who"] if m else "", year=int(m["year"]) if m else None,
                   title=m[0] if m else "")


def drafts_of(reading: Reading, source: str, given_year: int | None, department: str | None,
              diags: Diagnostics) -> list[Draft]:
    out = []
    lacking = [f.pages[0] for f in reading.forms if not (given_year or f.year or reading.year)]
    if lacking:
        diags.error(0, _at(_pages(lacking, many=True), "import.tables.no_year"))
    unnamed = [f.pages[0] for f in reading.forms if not (f.fields.get("department") or department
                                                         or reading.department)]
    if unnamed:
        diags.error(0, _at(_pages(unnamed, many=True), "import.tables.no_department"))
    if reading.orphans:
        diags.error(0, _at(_pages([r.line for r in reading.orphans], many=True), "import.tables.orphans",
                           n=len(reading.orphans), first=reading.orphans[0].name))
    for form in reading.forms:
        draft = _draft(form, reading, source, given_year, department, diags)
        if draft is not None:
            out.append(draft)
    return out


def _draft(form: Form, reading: Reading, source: str, given_year: int | None,
           department: str | None, diags: Diagnostics) -> Draft | None:
    where = _pages(form.pages)
    before = len(diags.errors)
    form.rows = _levels_printed_over(form)
    fields = dict(form.fields)
    if not fields.get("title") and form.heading_title:
        fields["title"] = form.heading_title
    if fields.get("title"):
        coded = L.CODED_TITLE.match(fields["title"])
        if coded and "project_code" not in fields:
            fields["project_code"], fields["title"] = coded["code"], coded["title"]
    i, n = form.part
    if n:
        if i == 1:
            diags.warning(0, _at(where, "import.tables.parts", title=fields["title"], n=n))
        fields["title"] += f"（子项{i}）"
    dept = fields.get("department") or department or reading.department
    coded = L.CODED_NAME.match(dept or "")
    if coded:
        fields.setdefault("department_code", coded["code"])
        dept = coded["name"].strip()
    if dept:
        fields["department"] = dept
    year = form.year or reading.year
    if given_year and year and given_year != year:
        diags.error(0, _at(where, "import.year_differs", stated=year, wanted=given_year))
    year = given_year or year
    if not fields.get("title"):
        diags.error(0, _at(where, "import.tables.no_title"))
    if not dept:
        return None  # said once for the document
    if year is None:
        return None  # said once for the document
    if not form.amounts and len(diags.errors) == before:
        diags.warning(0, _at(where, "import.tables.no_amount", title=fields.get("title", "")))
        return None
    funds: dict[str, tuple[Decimal, int]] = {}
    for name, text in form.amounts.items():
        try:
            value = yuan(text, form.wan)
        except ValueError:
            diags.error(0, _at(where, "import.tables.not_amount_wan" if form.wan else "import.tables.not_amount",
                               name=name, text=text))
            continue
        if value is not None:
            funds[name] = (value, form.pages[0])
    if "requested" not in funds:
        diags.error(0, _at(where, "import.tables.no_requested"))
    if not form.rows:
        diags.error(0, _at(where, "import.tables.no_rows"))
    for row in form.rows:
        if not (row.level1 and row.level2 and row.name and row.target):
            diags.error(0, _at(_pages([row.line]), "import.tables.row_lacks", level1=row.level1, level2=row.level2,
                               name=row.name, target=row.target))
    if len(diags.errors) > before:
        return None
    goals = Goals(form.goals.get("goal", ""), form.goals.get("project_goal", ""))
    texts = {k: (v, form.pages[0]) for k, v in fields.items() if v}
    draft = Draft(source, form.pages[0], year, texts, funds, goals, list(form.rows))  # type: ignore[arg-type]
    draft.pages = (form.pages[0], form.pages[-1])
    draft.wan = form.wan
    draft.document = reading.title
    return draft


def _levels_printed_over(form: Form) -> list[Row]:
    """A level cell whose rows have no ruling between them, its words printed one
    character per line across some of them (Xi'an 2020): the run of rows whose cell is
    empty takes the words printed over it, when they are one official level."""
    rows = list(form.rows)
    for key in ("level1", "level2"):
        over: dict[int, str] = {}
        for index, k, words in form.printed_over:
            if k == key:
                over[index] = over.get(index, "") + words
        n = 0
        while n < len(rows):
            if getattr(rows[n], key):
                n += 1
                continue
            end = n
            while end < len(rows) and not getattr(rows[end], key):
                end += 1
            words = "".join("".join(over.get(i, "").split()) for i in range(n, end))
            if words in LEVEL_WORDS[key]:
                rows[n:end] = [replace(r, **{key: words}) for r in rows[n:end]]
            n = end
    return rows


LEVEL_WORDS = {"level1": set(LEVELS), "level2": {w for ws in LEVELS.values() for w in ws} | set(LEVELS)}


def _at(where: Message, key: str, **values: object) -> Message:
    """A message about the form's pages, the pages first: '第 3–4 页：…'."""
    return Message("import.where", where=where, message=Message(key, **values))


def _pages(pages: list[int], many: bool = False) -> Message:
    """'第 3 页', '第 3–4 页' (a form's first and last page) or, with ``many``, '第 3, 5, 9 页'."""
    if many:
        shown = sorted(set(pages))
        return pages_text([(p, p) for p in shown])
    return pages_text([(pages[0], pages[-1])])
