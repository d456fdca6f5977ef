"""What ``sitegen import`` says, in English. See sitegen/messages/__init__.py.

Keys start with ``import.``: the command's help (``import.help…``), the problems found
in a source (decoding, the PDF's pages, each block of the form, the ruled tables of
the grid route, the content files to write) and the report's lines (each source, each
declaration, unused lines, the summary). Locations come first and are not messages:
``file:line``, a PDF's pages as ``p. 3`` / ``pp. 3–4`` (``import.where``).
The form's own labels (项目名称, 年度资金申请总额 …) stay as the form prints them.
"""

MESSAGES: dict[str, str] = {
    # --- the command ----------------------------------------------------------------
    "import.help": "turn 申报表 text or PDF files into content files",
    "import.help.description": ("Read the text of 财政项目支出绩效目标申报表 (one or many per file: UTF-8, "
                                "GB18030/GBK, or a PDF's text layer) and write one content file per "
                                "declaration into DIR/content/."),
    "import.help.files": "a .txt or .pdf file",
    "import.help.department": "the department, for forms that print none (Beijing's 预算12表)",
    "import.help.year": "the budget year, for texts whose heading lacks （YYYY年度）",
    "import.help.dry_run": "show what would be written; write nothing",
    "import.help.force": "overwrite content files that differ",
    "import.help.year_invalid": "'{text}' is not a four-digit year such as 2024",
    "import.dry_run.heading": "=== {path}",
    "import.list.one": "{a}",
    "import.list.pair": "{a}, {b}",
    "import.where": "{where}: {message}",
    "import.page": "p. {pages}",
    "import.pages": "pp. {pages}",
    "import.at_pages": "{source} {pages}",
    # --- reading a source -----------------------------------------------------------
    "import.cannot_read": "cannot read: {reason}",
    "import.utf16_invalid": "not valid UTF-16 ({reason}, byte {byte}); save the file again as UTF-8",
    "import.unknown_encoding": "neither UTF-8 nor GB18030/GBK text; save the file as UTF-8",
    "import.control_removed": "removed invisible control characters {codes}",
    "import.pdf.needs_pypdf": "reading PDF files needs pypdf: pip install 'sitegen[pdf]' (or pip install pypdf)",
    "import.pdf.encrypted": "the PDF is encrypted; save an unprotected copy first",
    "import.pdf.unreadable": "not a readable PDF ({reason})",
    "import.pdf.no_text": "the PDF has no text layer (a scan?); run OCR on it first",
    "import.pdf.nothing_to_import": "{pages}: {meaning}; nothing to import",
    "import.pdf.no_form": ("no page is a performance-target form: none prints 绩效目标 with an indicator "
                           "table (一级指标, 二级指标, 三级指标)"),
    "import.pdf.skipped": "{pages}: {meaning}; skipped",
    "import.pdf.page_unreadable": "page {page} cannot be read ({reason}); nothing was imported from this file",
    "import.page.self_evaluation": ("a performance self-evaluation (绩效自评表: 实际完成值, 得分), "
                                    "made after the year; not a performance-target declaration"),
    "import.page.department": "a department-level target form (部门整体), not a project declaration",
    "import.page.fund": "a special fund's overall target form (专项资金总体绩效目标表), not a project declaration",
    "import.page.other": "not a performance-target form",
    # --- the form, read as text -----------------------------------------------------
    "import.not_recognized": ("not recognized: expected a 财政项目支出绩效目标申报表: the heading "
                              "财政项目支出绩效目标申报表 or a 项目名称 label, then 项目资金, 项目绩效目标 "
                              "and the 绩效指标 table"),
    "import.year_differs": "the form says {stated}年度 but --year is {wanted}",
    "import.no_year": "no budget year: the heading's （YYYY年度） is missing; give it with --year",
    "import.no_block": ("this declaration has no {block}, or it is not where the form puts it; "
                        "nothing was imported from it"),
    "import.block.funds": "项目资金 block (年度资金申请总额 …)",
    "import.block.goal": "项目绩效目标 block (年度总体目标 …)",
    "import.block.table": "绩效指标 table (一级指标 二级指标 三级指标 …)",
    "import.field.no_value": "{label} has no value",
    "import.field.missing": "no {label}: every 申报表 has one",
    "import.field.twice": "{label} appears twice; the first value '{value}' is kept",
    "import.funds.no_label": "amount {amount} has no label in the 项目资金 block",
    "import.funds.wan": ("amounts are in 万元; sitegen stores yuan (元) exactly: "
                         "convert the form's amounts to 元 before importing"),
    "import.funds.other_thrice": "其他资金 appears more than twice in the 项目资金 block",
    "import.funds.twice": "{label} appears twice; the first amount {amount} is kept",
    "import.funds.missing": "no amount for {label}: every 申报表 states it",
    "import.funds.blank": "{label} is blank; left out (read as 0.00)",
    "import.goal.shared": ("项目总目标 and 年度总体目标 head one text here; it was read as 年度总体目标 (goal): "
                           "move any whole-life goal to project_goal"),
    "import.goal.second": "a second text for {label}; appended to the first",
    "import.goal.annual_empty": "年度总体目标 is empty; the 项目总目标 text is used as the goal",
    "import.goal.missing": "no 年度总体目标 text: every 申报表 states a goal",
    "import.table.target_without_name": "target {target} has no indicator name before it",
    "import.table.trailing": "'{text}' follows the last indicator row without a target value; it was not imported",
    "import.table.no_rows": "no indicator rows (三级指标 with a 年度指标值) in the 绩效指标 table",
    "import.table.no_levels": "indicator '{name}' has no 一级指标 and 二级指标 cell before it",
    "import.table.no_level2": "indicator '{name}' has no 二级指标 cell before it",
    "import.table.thousands": ("target {target}: thousands separators removed ({value}), "
                               "as targets are written without them"),
    "import.table.no_target": "indicator '{name}' has no target value",
    # --- the form, read from a PDF's ruled tables -----------------------------------
    "import.column_not_kept": "the column {column} is not kept: the content format has no place for it",
    "import.tables.no_year": "no budget year on the forms or the cover; give it with --year",
    "import.tables.no_department": "no 主管部门 on the forms or the cover; give it with --department",
    "import.tables.orphans": ("{n} indicator rows (the first: '{first}') belong to no project the table names; "
                              "nothing was imported from this file"),
    "import.tables.parts": ("《{title}》 prints {n} amounts under its one name, each with its goal and indicators; "
                            "imported as {n} declarations, 《{title}（子项1）》 to 《{title}（子项{n}）》"),
    "import.tables.no_title": "no 项目名称 on this form",
    "import.tables.no_amount": ("the form 《{title}》 prints no amount (资金总额); a declaration needs one, "
                                "so it was not imported"),
    "import.tables.not_amount": "{name} '{text}' is not an amount",
    "import.tables.not_amount_wan": "{name} '{text}' is not an amount in 元 to the fen once converted from 万元",
    "import.tables.no_requested": "no 资金总额 (年度资金总额 …) on the form",
    "import.tables.no_rows": "no row of the indicator table (一级指标 二级指标 三级指标 指标值) was read",
    "import.tables.row_lacks": ("an indicator row lacks a cell: 一级指标 '{level1}', 二级指标 '{level2}', "
                                "三级指标 '{name}', 指标值 '{target}'"),
    # --- the content files ----------------------------------------------------------
    "import.site_is_file": "is a file, not a folder; give --site the site's folder (it holds content/)",
    "import.exists_differs": "exists with other content; nothing was written (use --force to overwrite it)",
    "import.cannot_write": "cannot be written: {reason}",
    "import.path_is_folder": ("is a folder, so the declaration of this name cannot be written; "
                              "rename or remove the folder"),
    "import.printed_again": ("《{title}》 is printed again, with other figures, after {first}; both were imported "
                             "as printed (the form does not say which unit each is)"),
    "import.same_project": ("same 主管部门 and 项目名称 as the declaration at {where}, with other data; "
                            "import them separately or correct one"),
    "import.already_declared": ("{path} already declares this project (same year, 主管部门 and 项目名称); "
                                "the site will list it twice"),
    # --- the report -----------------------------------------------------------------
    "import.encoding.unread": "not imported",
    "import.encoding.utf8_bom": "UTF-8 with BOM",
    "import.encoding.xlsx": "Excel workbook",
    "import.xlsx.needs_openpyxl": "reading an .xlsx workbook needs openpyxl: run pip install 'sitegen[xlsx]'",
    "import.xlsx.unreadable": "not a readable .xlsx workbook ({reason}); save it from Excel or WPS as \"Excel Workbook (*.xlsx)\" and import that",
    "import.xlsx.missing_sheet": "the sheet \"{sheet}\" is missing (names it may have: {names}); fill in a workbook downloaded from the site or 申报表模板.xlsx",
    "import.xlsx.no_keys": "row 1 (hidden) must hold the columns' keys; {keys} missing: do not delete or change row 1 (unhide it in Excel to see it)",
    "import.xlsx.merged": "merged cells: every cell needs its own value; unmerge them and fill in each cell",
    "import.xlsx.formula": "is a formula ({formula}); formulas are not imported: copy and paste as values",
    "import.xlsx.not_date": "\"{text}\" is not a date; write a date such as 2025-02-01",
    "import.xlsx.not_integer": "\"{text}\" is not a whole number",
    "import.xlsx.not_number": "\"{text}\" is not a number",
    "import.xlsx.code_is_number": "the code is the number {text}: leading zeros may be lost; format the column as Text and type it again",
    "import.xlsx.rounded": "the amount {value} has more than two decimals; rounded to the two the cell shows: {shown}. Please check it",
    "import.xlsx.amount_decimals": "the amount {value} has more than two decimals and the cell does not show two; write the amount exact to the fen",
    "import.xlsx.unknown_project": "the project id \"{id}\" is not on the Projects sheet; write the id (column id) of its project there",
    "import.xlsx.same_id": "the project id \"{id}\" is also at {first}; every project needs its own id",
    "import.xlsx.empty": "{key} (“{title}”) must be filled in; this cell is empty",
    "import.xlsx.no_indicators": "the project \"{id}\" has no row on the Indicators sheet; every project needs at least one indicator (its id in column project_id)",
    "import.xlsx.other_format": "a {suffix} file cannot be imported as it is; save it from Excel or WPS as \"Excel Workbook (*.xlsx)\" and import that",
    "import.encoding.pdf": "PDF text layer",
    "import.report.source": "{name} ({encoding}): {declarations}",
    "import.report.declaration": "  {where}  {title}  {amount}  {indicators}  {target}",
    "import.report.to": "-> {path} ({state})",
    "import.report.not_written": "-> (not written)",
    "import.report.unused": "{where}: unused: {text}",
    "import.report.check_will": "sitegen check will report: {severity}: {message}",
    "import.state.unchanged": "unchanged",
    "import.state.not_written": "not written",
    "import.state.would_write": "would write",
    "import.state.written": "written",
    "import.state.would_overwrite": "would overwrite",
    "import.state.overwritten": "overwritten",
    "import.done.unchanged": "{n} unchanged",
    "import.done.not_written": "{n} not written",
    "import.done.would_write": "{n} would write",
    "import.done.written": "{n} written",
    "import.done.would_overwrite": "{n} would overwrite",
    "import.done.overwritten": "{n} overwritten",
    "import.summary": "{declarations}, {indicators}, {amount} yuan requested: {done}{failing}",
    "import.summary.failing": "; {n} will fail sitegen check until corrected",
    "import.failed": "import failed: {summary}; {written}",
    "import.failed.partly": "{files} written before it failed",
    "import.failed.nothing": "nothing was written",
}
