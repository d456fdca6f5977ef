"""What ``sitegen import`` says, in Simplified Chinese (the default). See
sitegen/messages/__init__.py.

Keys start with ``import.``: the command's help (``import.help…``), the problems found
in a source (decoding, the PDF's pages, each block of the form, the ruled tables of
the grid route, the content files to write) and the report's lines (each source, each
declaration, unused lines, the summary). Locations come first and are not messages:
``file:line``, a PDF's pages as ``第 3 页`` / ``第 3–4 页`` (``import.where``).
Messages use the form's own labels (项目名称, 年度资金申请总额, 一级指标 …) and say what to do.
"""

MESSAGES: dict[str, str] = {
    # --- the command ----------------------------------------------------------------
    "import.help": "把申报表的文本或 PDF 文件转换为内容文件",
    "import.help.description": ("读取财政项目支出绩效目标申报表的文字（每个文件可含一份或多份申报表；"
                                "支持 UTF-8、GB18030/GBK 编码的文本，以及 PDF 的文字层），"
                                "每份申报表写成一个内容文件，放在 站点目录/content/ 中。"),
    "import.help.files": "要导入的 .txt 或 .pdf 文件",
    "import.help.department": "主管部门，用于表中没有印主管部门的申报表（如北京的预算12表）",
    "import.help.year": "预算年度，用于标题下没有“（YYYY年度）”的申报表",
    "import.help.dry_run": "只显示将写入的内容，不写入任何文件",
    "import.help.force": "覆盖内容不同的已有内容文件",
    "import.help.year_invalid": "“{text}”不是四位数的年份；请写成 2024 这样的年份",
    "import.dry_run.heading": "=== {path} 将写入以下内容：",
    "import.list.one": "{a}",
    "import.list.pair": "{a}、{b}",
    "import.where": "{where}：{message}",
    "import.page": "第 {pages} 页",
    "import.pages": "第 {pages} 页",
    "import.at_pages": "{source} {pages}",
    # --- reading a source -----------------------------------------------------------
    "import.cannot_read": "无法读取：{reason}",
    "import.utf16_invalid": "不是有效的 UTF-16 文本（{reason}，第 {byte} 个字节）；请用 UTF-8 编码重新保存文件",
    "import.unknown_encoding": "既不是 UTF-8 也不是 GB18030/GBK 编码的文本；请用 UTF-8 编码重新保存文件",
    "import.control_removed": "已删除不可见的控制字符 {codes}",
    "import.pdf.needs_pypdf": "读取 PDF 文件需要安装 pypdf：pip install 'sitegen[pdf]'（或 pip install pypdf）",
    "import.pdf.encrypted": "PDF 文件已加密；请先另存一份未加密的副本，再导入副本",
    "import.pdf.unreadable": "无法读取此 PDF 文件（{reason}）；请确认文件完整，必要时重新下载",
    "import.pdf.no_text": "PDF 没有文字层（可能是扫描件）；请先做文字识别（OCR），再导入",
    "import.pdf.nothing_to_import": "{pages}：{meaning}；没有可导入的申报表",
    "import.pdf.no_form": ("没有一页是绩效目标表：没有哪一页既印有“绩效目标”，又有指标表"
                           "（一级指标、二级指标、三级指标）；请确认选对了文件"),
    "import.pdf.skipped": "{pages}：{meaning}；已跳过",
    "import.pdf.page_unreadable": "第 {page} 页无法读取（{reason}）；此文件未导入任何内容，请确认文件完整",
    "import.page.self_evaluation": "绩效自评表（印有实际完成值、得分），是年度结束后的自评，不是绩效目标申报表",
    "import.page.department": "部门整体绩效目标表，不是项目申报表",
    "import.page.fund": "专项资金总体绩效目标表，不是项目申报表",
    "import.page.other": "不是绩效目标表",
    # --- the form, read as text -----------------------------------------------------
    "import.not_recognized": ("无法识别为申报表：财政项目支出绩效目标申报表应以标题“财政项目支出绩效目标申报表”"
                              "或“项目名称”开头，其后依次是项目资金、项目绩效目标和绩效指标表；请确认选对了文件"),
    "import.year_differs": "申报表写的是 {stated}年度，但 --year 是 {wanted}；请改正 --year，或不写 --year",
    "import.no_year": "没有预算年度：标题下缺少“（YYYY年度）”；请用 --year 给出年度，如 --year 2024",
    "import.no_block": "这份申报表缺少{block}，或它不在表中应在的位置；这份申报表未导入，请核对原表",
    "import.block.funds": "项目资金部分（年度资金申请总额 …）",
    "import.block.goal": "项目绩效目标部分（年度总体目标 …）",
    "import.block.table": "绩效指标表（一级指标 二级指标 三级指标 …）",
    "import.field.no_value": "“{label}”没有填写内容",
    "import.field.missing": "缺少{label}：每份申报表都必须有{label}；请核对原表",
    "import.field.twice": "“{label}”出现了两次；保留第一次的内容“{value}”",
    "import.funds.no_label": "项目资金部分的金额 {amount} 没有对应的栏目名称；请核对原表",
    "import.funds.wan": "金额单位是万元；sitegen 按元精确保存金额：请先把表中的金额换算成元，再导入",
    "import.funds.other_thrice": "项目资金部分中“其他资金”出现了两次以上；请核对原表",
    "import.funds.twice": "“{label}”出现了两次；保留第一次的金额 {amount}",
    "import.funds.missing": "“{label}”没有金额：每份申报表都必须填写；请核对原表",
    "import.funds.blank": "“{label}”为空；未写入（按 0.00 计）",
    "import.goal.shared": ("此处项目总目标和年度总体目标共用一段文字，已按年度总体目标（goal）导入；"
                           "如其中有整个项目期的目标，请移到 project_goal"),
    "import.goal.second": "{label}有第二段文字；已接在第一段之后",
    "import.goal.annual_empty": "年度总体目标为空；已用项目总目标的文字作为年度总体目标（goal）",
    "import.goal.missing": "没有年度总体目标的文字：每份申报表都必须填写年度总体目标；请核对原表",
    "import.table.target_without_name": "指标值 {target} 前没有三级指标名称；请核对原表",
    "import.table.trailing": "“{text}”在最后一行指标之后，没有指标值；未导入",
    "import.table.no_rows": "绩效指标表中没有指标行（带有年度指标值的三级指标）；请核对原表",
    "import.table.no_levels": "指标“{name}”前没有一级指标和二级指标；请核对原表",
    "import.table.no_level2": "指标“{name}”前没有二级指标；请核对原表",
    "import.table.thousands": "指标值 {target}：已去掉千位分隔符，写为 {value}（指标值不用千位分隔符）",
    "import.table.no_target": "指标“{name}”没有指标值；请核对原表",
    # --- the form, read from a PDF's ruled tables -----------------------------------
    "import.column_not_kept": "“{column}”一栏未导入：内容格式中没有对应的字段",
    "import.tables.no_year": "申报表和封面上都没有预算年度；请用 --year 给出年度，如 --year 2026",
    "import.tables.no_department": "申报表和封面上都没有主管部门；请用 --department 给出主管部门",
    "import.tables.orphans": "有 {n} 行指标（第一行：“{first}”）不属于表中列出的任何项目；此文件未导入任何内容",
    "import.tables.parts": ("《{title}》一个项目名称下印有 {n} 个金额，各有目标和指标；已导入为 {n} 份申报表："
                            "《{title}（子项1）》至《{title}（子项{n}）》"),
    "import.tables.no_title": "这张表没有项目名称；请核对原表",
    "import.tables.no_amount": "《{title}》表中没有金额（资金总额）；申报表必须有金额，因此未导入",
    "import.tables.not_amount": "{name}“{text}”不是金额；请核对原表",
    "import.tables.not_amount_wan": "{name}“{text}”从万元换算成元后不是精确到分的金额；请核对原表",
    "import.tables.no_requested": "表中没有资金总额（年度资金总额 …）；请核对原表",
    "import.tables.no_rows": "没有读到指标表（一级指标 二级指标 三级指标 指标值）的任何一行；请核对原表",
    "import.tables.row_lacks": ("一行指标缺少内容：一级指标“{level1}”，二级指标“{level2}”，"
                                "三级指标“{name}”，指标值“{target}”；请核对原表"),
    # --- the content files ----------------------------------------------------------
    "import.site_is_file": "这是一个文件，不是文件夹；--site 请给出站点文件夹（其中有 content/）",
    "import.exists_differs": "已存在，且内容不同；所有文件均未写入（如要覆盖，请加 --force）",
    "import.cannot_write": "无法写入：{reason}",
    "import.path_is_folder": "这是一个文件夹，同名的申报表无法写入；请重命名或删除该文件夹",
    "import.printed_again": ("《{title}》在{first}之后再次出现，数字不同；两份都已按原样导入"
                             "（表中没有写明各属于哪个单位）"),
    "import.same_project": "与 {where} 的申报表主管部门和项目名称相同，但内容不同；请分开导入，或改正其中一份",
    "import.already_declared": "{path} 已有这个项目的申报表（年度、主管部门和项目名称都相同）；网站上会列出两次",
    # --- the report -----------------------------------------------------------------
    "import.encoding.unread": "未导入",
    "import.encoding.utf8_bom": "UTF-8，带 BOM",
    "import.encoding.pdf": "PDF 文字层",
    "import.report.source": "{name}（{encoding}）：{declarations}",
    "import.report.declaration": "  {where}  {title}  {amount}  {indicators}  {target}",
    "import.report.to": "-> {path}（{state}）",
    "import.report.not_written": "-> （未写入）",
    "import.report.unused": "{where}: 未使用: {text}",
    "import.report.check_will": "sitegen check 会报{severity}：{message}",
    "import.state.unchanged": "未改变",
    "import.state.not_written": "未写入",
    "import.state.would_write": "将写入",
    "import.state.written": "已写入",
    "import.state.would_overwrite": "将覆盖",
    "import.state.overwritten": "已覆盖",
    "import.done.unchanged": "{n} 份未改变",
    "import.done.not_written": "{n} 份未写入",
    "import.done.would_write": "{n} 份将写入",
    "import.done.written": "{n} 份已写入",
    "import.done.would_overwrite": "{n} 份将覆盖",
    "import.done.overwritten": "{n} 份已覆盖",
    "import.summary": "{declarations}，{indicators}，申请资金合计 {amount} 元：{done}{failing}",
    "import.summary.failing": "；其中 {n} 份在改正前 sitegen check 不会通过",
    "import.failed": "导入失败：{summary}；{written}",
    "import.failed.partly": "失败前已写入 {files}",
    "import.failed.nothing": "未写入任何文件",
}
