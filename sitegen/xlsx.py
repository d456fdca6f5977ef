"""A small writer of Office Open XML workbooks (.xlsx), byte for byte reproducible.

It writes what sitegen's workbooks need and nothing else: sheets of typed columns
(text, amount, number, date, link), a hidden row of keys above the titles, frozen
headers, an autofilter, column widths, list validations, external hyperlinks, and a
hidden sheet of choices. Cells are inline strings, so a sheet does not depend on a
table shared with the others. The archive has fixed times and attributes
(sitegen.deflate), and the document's dates are the caller's, so the same content
gives the same bytes. (Why not a library: see pyproject.toml.)
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from sitegen import deflate

TEXT, CODE, AMOUNT, NUMBER, INTEGER, DATE, LINK = "text", "code", "amount", "number", "integer", "date", "link"

# The cell formats (styles.xml cellXfs, in this order) and the number formats they use.
_NUMBER_FORMATS = ((164, "#,##0.00"), (165, "yyyy-mm-dd"))
_XF = {AMOUNT: 1, DATE: 2, CODE: 3, "title": 4, LINK: 5, "key": 6}
_XFS = ('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>',
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"'
        ' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
        '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
        '<xf numFmtId="49" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>')
_STYLE = {TEXT: 0, CODE: _XF[CODE], AMOUNT: _XF[AMOUNT], NUMBER: 0, INTEGER: 0, DATE: _XF[DATE], LINK: _XF[LINK]}

_WARN_ONLY = ' errorStyle="warning"'  # a value not in the list is asked about, not refused
_EPOCH = dt.date(1899, 12, 30)  # day 0 of the 1900 date system, as Excel counts
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Characters XML 1.0 cannot hold, and text that a reader would take for one of OOXML's
# own _xHHHH_ escapes: both written as such escapes.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


@dataclass(frozen=True)
class Column:
    key: str  # the hidden first row: what a program reads the column by
    title: str  # the second row, in the reader's language
    kind: str = TEXT
    width: float = 12


@dataclass
class Sheet:
    name: str
    columns: Sequence[Column]
    rows: Sequence[bytes] = ()  # made by Rows, in order
    links: Sequence[str | None] = ()  # beside each row, the address its LINK cell opens
    choices: dict[int, tuple[str, bool]] = field(default_factory=dict)  # column -> (range of values, strict)
    choice_rows: int = 0  # how many rows below the header the choices apply to
    hidden: bool = False
    keys: bool = True  # the hidden row of keys above the titles
    freeze: bool = True  # the header stays in view, with an autofilter on it
    pieces: Sequence[deflate.Segment] = ()  # or the rows numbered (numbered) and compressed apart
    count: int = 0  # with pieces: the rows they hold


_ROW = "\0"  # where a row template takes its row's number
FIRST_ROW = 3  # a sheet's first row of data, below its keys and titles


class Rows:
    """Row templates for ``columns``: a row's cells, its number left open, so that a
    project's rows are made once and placed wherever the sheet has it."""

    def __init__(self, columns: Sequence[Column]) -> None:
        letters = [column_letter(i) for i in range(len(columns))]
        self.writers = [_cells(c.kind, f"{letter}{_ROW}") for c, letter in zip(columns, letters)]

    def __call__(self, values: Sequence[object]) -> bytes:
        cells = "".join(w(v) for w, v in zip(self.writers, values) if v is not None and v != "")
        return f'<row r="{_ROW}">{cells}</row>'.encode("utf-8")


def column_letter(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def cell_name(column: int, row: int) -> str:
    return f"{column_letter(column)}{row}"


@functools.lru_cache(maxsize=1 << 14)  # most cells repeat a level, unit or name
def _text(value: str) -> str:
    if _NOT_XML.search(value):
        value = _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    body = escape(value)
    if value != value.strip() or "\n" in value:
        return f'<is><t xml:space="preserve">{body}</t></is>'
    return f"<is><t>{body}</t></is>"


def _cells(kind: str, ref: str) -> Callable[[object], str]:
    """A column's cell writer: value -> the cell's XML."""
    s = _STYLE[kind]
    head = f'<c r="{ref}"' + (f' s="{s}"' if s else "")
    if kind in (TEXT, CODE, LINK):
        return lambda v: f'{head} t="inlineStr">{_text(str(v))}</c>'
    if kind == DATE:  # a date, or its ISO text
        return lambda v: f"{head}><v>{((dt.date.fromisoformat(v) if isinstance(v, str) else v) - _EPOCH).days}</v></c>"
    if kind == AMOUNT:  # a Decimal, or its exact text ('6491700.00')
        return lambda v: f"{head}><v>{v if isinstance(v, str) else format(v, 'f')}</v></c>"
    return lambda v: f"{head}><v>{v}</v></c>"


def _sheet_xml(sheet: Sheet) -> tuple[list[bytes | deflate.Segment], list[str], str]:
    """The worksheet's XML in pieces (its rows' compressed already, or not), the targets
    of its hyperlinks (relationships rId1…), and the range its autofilter covers (''
    without one)."""
    ncols = len(sheet.columns)
    letters = [column_letter(i) for i in range(ncols)]
    head_rows = [[c.key for c in sheet.columns]] if sheet.keys else []
    head_rows.append([c.title for c in sheet.columns])
    out: list[bytes] = []
    for n, texts in enumerate(head_rows, 1):
        style = _XF["key"] if sheet.keys and n == 1 else _XF["title"]
        hidden = ' hidden="1"' if sheet.keys and n == 1 else ""
        out.append((f'<row r="{n}"{hidden}>' + "".join(
            f'<c r="{letters[i]}{n}" s="{style}" t="inlineStr">{_text(text)}</c>' for i, text in enumerate(texts))
            + "</row>").encode("utf-8"))
    head = len(head_rows)
    n = head + (sheet.count if sheet.pieces else len(sheet.rows))
    link_column = next((letters[i] for i, c in enumerate(sheet.columns) if c.kind == LINK), None)
    links = [(f"{link_column}{k}", url) for k, url in enumerate(sheet.links, head + 1)
             if link_column and url and url.startswith(("https://", "http://"))]
    last = max(n, head)
    before = [_XML, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
             f'<dimension ref="A1:{letters[-1]}{last}"/>' if ncols else "",
             '<sheetViews><sheetView workbookViewId="0">']
    if sheet.freeze:
        top = f"A{head + 1}"
        before.append(f'<pane ySplit="{head}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
                     f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>')
    before.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
    if ncols:
        before.append("<cols>" + "".join(f'<col min="{i + 1}" max="{i + 1}" width="{c.width}" customWidth="1"/>'
                                        for i, c in enumerate(sheet.columns)) + "</cols>")
    before.append("<sheetData>")
    after = ["</sheetData>"]
    filtered = f"A{head}:{letters[-1]}{last}" if sheet.freeze and ncols else ""
    if filtered:
        after.append(f'<autoFilter ref="{filtered}"/>')
    if sheet.choices:
        end = head + max(sheet.choice_rows, 1)
        after.append(f'<dataValidations count="{len(sheet.choices)}">' + "".join(
            f'<dataValidation type="list"{"" if strict else _WARN_ONLY} allowBlank="1" '
            f'showErrorMessage="1" sqref="{letters[i]}{head + 1}:{letters[i]}{end}">'
            f"<formula1>{escape(source)}</formula1></dataValidation>"
            for i, (source, strict) in sorted(sheet.choices.items())) + "</dataValidations>")
    if links:
        after.append("<hyperlinks>" + "".join(f'<hyperlink ref="{ref}" r:id="rId{k}"/>'
                                              for k, (ref, _) in enumerate(links, 1)) + "</hyperlinks>")
    after.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
    after.append("</worksheet>")
    body = list(sheet.pieces) or [numbered(sheet.rows, head + 1)]
    xml = ["".join(before).encode("utf-8") + b"".join(out), *body, "".join(after).encode("utf-8")]
    return xml, [target for _, target in links], filtered


def numbered(rows: Sequence[bytes], first: int) -> bytes:
    """Rows made by Rows, given their numbers from ``first`` on: a piece of sheetData."""
    placeholder = _ROW.encode()
    return b"".join(row.replace(placeholder, b"%d" % n) for n, row in enumerate(rows, first))


def quoted_sheet(name: str) -> str:
    """A sheet's name as a formula writes it: '绩效指标'!A1."""
    return "'" + name.replace("'", "''") + "'"


def _rels(entries: Iterable[tuple[str, str, str, bool]]) -> bytes:
    """A relationships part: (id, type, target, external)."""
    body = "".join(f'<Relationship Id="{i}" Type="{kind}" Target={quoteattr(target)}'
                   + (' TargetMode="External"' if external else "") + "/>"
                   for i, kind, target, external in entries)
    return f'{_XML}<Relationships xmlns="{_PKG_REL}">{body}</Relationships>'.encode("utf-8")


def _content_types(overrides: list[tuple[str, str]]) -> bytes:
    main = "application/vnd.openxmlformats-officedocument"
    fixed = [("/xl/workbook.xml", f"{main}.spreadsheetml.sheet.main+xml"),
             ("/xl/styles.xml", f"{main}.spreadsheetml.styles+xml"),
             ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
             ("/docProps/app.xml", f"{main}.extended-properties+xml")]
    body = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in fixed + overrides)
    return (f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{body}</Types>').encode("utf-8")


def _styles(font: str) -> bytes:
    formats = "".join(f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>' for i, code in _NUMBER_FORMATS)
    face = f'<sz val="11"/><name val={quoteattr(font)}/>'
    return (f'{_XML}<styleSheet xmlns="{_MAIN}"><numFmts count="{len(_NUMBER_FORMATS)}">{formats}</numFmts>'
            f'<fonts count="4"><font>{face}</font><font><b/>{face}</font>'
            f'<font><u/><color rgb="FF0B4F9C"/>{face}</font><font><color rgb="FF595959"/>{face}</font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            '</fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF6"/><bgColor indexed="64"/>'
            '</patternFill></fill></fills>'
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '<border><left/><right/><top/><bottom style="thin"><color rgb="FF4A4A4A"/></bottom><diagonal/></border>'
            '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(_XFS)}">{"".join(_XFS)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>').encode("utf-8")


def workbook(sheets: Sequence[Sheet], title: str, created: dt.datetime, font: str = "等线") -> bytes:
    """The .xlsx file of ``sheets``; ``created`` is its document date (made from the
    content, so that the file is reproducible). Each piece of a part is compressed
    apart (sitegen.deflate), unless it comes compressed."""
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    files: list[tuple[str, bytes | list]] = []
    overrides = []
    sheet_entries, sheet_rels, defined = [], [], []
    for k, sheet in enumerate(sheets, 1):
        xml, links, filtered = _sheet_xml(sheet)
        path = f"xl/worksheets/sheet{k}.xml"
        files.append((path, xml))
        overrides.append((f"/{path}", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"))
        if links:
            files.append((f"xl/worksheets/_rels/sheet{k}.xml.rels", _rels(
                (f"rId{i}", f"{_REL}/hyperlink", target, True) for i, target in enumerate(links, 1))))
        state = ' state="hidden"' if sheet.hidden else ""
        sheet_entries.append(f'<sheet name={quoteattr(sheet.name)} sheetId="{k}"{state} r:id="rId{k}"/>')
        sheet_rels.append((f"rId{k}", f"{_REL}/worksheet", f"worksheets/sheet{k}.xml", False))
        if filtered:  # the name Excel gives an autofilter's range
            absolute = "$" + filtered.replace(":", ":$")
            absolute = re.sub(r"([A-Z]+)(\d+)", r"\1$\2", absolute)
            defined.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{k - 1}" hidden="1">'
                           f"{escape(quoted_sheet(sheet.name))}!{absolute}</definedName>")
    n = len(sheets)
    sheet_rels.append((f"rId{n + 1}", f"{_REL}/styles", "styles.xml", False))
    first_visible = next((i for i, s in enumerate(sheets) if not s.hidden), 0)
    book = (f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
            f'<bookViews><workbookView activeTab="{first_visible}"/></bookViews>'
            f'<sheets>{"".join(sheet_entries)}</sheets>'
            + (f"<definedNames>{''.join(defined)}</definedNames>" if defined else "")
            + '<calcPr calcId="0"/></workbook>').encode("utf-8")
    files = [
        ("[Content_Types].xml", _content_types(overrides)),
        ("_rels/.rels", _rels([("rId1", f"{_REL}/officeDocument", "xl/workbook.xml", False),
                               ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                                        "core-properties", "docProps/core.xml", False),
                               ("rId3", f"{_REL}/extended-properties", "docProps/app.xml", False)])),
        ("docProps/app.xml", (f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                              'extended-properties"><Application>sitegen</Application></Properties>').encode("utf-8")),
        ("docProps/core.xml", (f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                               'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                               'xmlns:dcterms="http://purl.org/dc/terms/" '
                               'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                               f'<dc:title>{escape(title)}</dc:title><dc:creator>sitegen</dc:creator>'
                               f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
                               f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
                               '</cp:coreProperties>').encode("utf-8")),
        ("xl/workbook.xml", book),
        ("xl/_rels/workbook.xml.rels", _rels(sheet_rels)),
        ("xl/styles.xml", _styles(font)),
        *files,
    ]
    entries = [(name, deflate.joined(piece if isinstance(piece, deflate.Segment) else deflate.segment(piece)
                                     for piece in ([data] if isinstance(data, bytes) else data)))
               for name, data in files]
    return deflate.zip_file(entries)
