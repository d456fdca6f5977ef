"""What ``sitegen review`` says, in Simplified Chinese (the default); review_en.py says
what its keys hold. The form's own words (一级指标, 指标值 …) name what a finding is about."""

MESSAGES: dict[str, str] = {
    # --- the command ----------------------------------------------------------------
    "review.help": "对照绩效目标设置指引审核指标和指标值，逐条列出意见（文件:行号、规则编号、说明）；不阻止发布",
    "review.help.description": ("对照绩效目标设置指引，检查各申报表的绩效指标和指标值，出具审核意见。"
                                "无论发现什么问题，退出码都是 0；只有内容无法读取时退出码为 1。"
                                "规则可在 sitegen.yaml 中关闭（如 {example}）。"),
    "review.help.format": "报告格式：text（每条意见一行，默认）、json，或 html（可在屏幕上阅读、可打印的网页）",
    "review.failed.load": ("审核未完成：内容无法读取；请先改正上面列出的错误（sitegen check 也会列出），"
                           "再运行 sitegen review"),
    "review.failed.template": "审核未完成：审核报告模板无法生成页面；请改正上面指出的模板错误",
    "review.summary": ("审核完成：{declarations}（{indicators}）中有 {flagged} 份有审核意见，共 {findings}；"
                       "已关闭的规则：{off}。以上意见仅供参考，不阻止发布。"),
    "review.summary.none_off": "无",
    "review.list.one": "{a}",
    "review.list.pair": "{a}、{b}",
    # --- the rules: name (shown in the HTML report) and what each asks ---------------
    "review.rule.missing-indicator-level.name": "缺少产出、效益或满意度指标",
    "review.rule.missing-indicator-level.asks": "每个项目至少设置一项产出指标、一项效益指标和一项满意度指标",
    "review.rule.missing-cost-indicator.name": "缺少成本指标",
    "review.rule.missing-cost-indicator.asks":
        "自 sitegen.yaml 中 review.cost_required_from 设定的年度起，每个项目都设置成本指标",
    "review.rule.target-without-number.name": "可量化的指标未设数值",
    "review.rule.target-without-number.asks": "指标名称表示比率、数量或时间的，指标值应写明数值",
    "review.rule.qualitative-target.name": "定性指标值",
    "review.rule.qualitative-target.asks":
        "指标值尽量量化（定量为主、定性为辅）；无法量化的，分级表述（好/较好/一般/差），不要只写“正常”",
    "review.rule.percentage-over-100.name": "百分比超过100%",
    "review.rule.percentage-over-100.asks": "以百分比表示的指标值不超过100%",
    "review.rule.satisfaction-100-percent.name": "满意度指标值为100%",
    "review.rule.satisfaction-100-percent.asks": "满意度指标值设为低于100%的合理水平",
    "review.rule.unit-contradicts-name.name": "计量单位与指标名称不符",
    "review.rule.unit-contradicts-name.asks": "“…率”类指标以%计量，而不是以小时、天、次或人计量",
    "review.rule.duplicate-indicator.name": "指标重复",
    "review.rule.duplicate-indicator.asks": "同一份申报表中，每个三级指标只出现一次",
    "review.rule.duplicate-goal.name": "年度总体目标雷同",
    "review.rule.duplicate-goal.asks": "每个项目写明本项目自己的年度总体目标，不照搬其他项目的",
    "review.rule.funds-change-unexplained.name": "资金变动未说明",
    "review.rule.funds-change-unexplained.asks":
        "连续多年申报的项目，年度资金申请总额比上年变动超过 review.funds_change_threshold 的，说明变动原因",
    # --- the findings' reasons -------------------------------------------------------
    "review.kind.rate": "比率",
    "review.kind.count": "数量",
    "review.kind.time": "时间",
    "review.target-without-number": ("指标“{name}”表示{kind}（“{word}”），但指标值“{target}”没有数值；"
                                     "请写明要达到的数值，如 {example}"),
    "review.qualitative-target": ("指标“{name}”的指标值“{target}”是定性表述，年终无法考核；"
                                  "请量化（定量为主），或改为分级表述（好/较好/一般/差）"),
    "review.percentage-over-100": ("指标“{name}”的指标值 {target} 超过100%：占比不会超过全部；"
                                   "请核对数值或计量单位"),
    "review.satisfaction-100-percent": ("满意度指标“{name}”的指标值 {target} 没有余地：只要有一人不满意就无法完成；"
                                        "请设为低于100%的合理水平，如 ≥90(%)"),
    "review.measured.time": "…时长",
    "review.measured.count": "…次数、…人数",
    "review.unit-contradicts-name.rate": ("指标“{name}”是比率（“{rate}”），计量单位却是“{unit}”；"
                                          "请以%计量（如 ≥95(%)），或把指标名称改为实际计量的内容（如 {measured}）"),
    "review.unit-contradicts-name.time": ("指标“{name}”表示时间（“{duration}”），计量单位却是%；"
                                          "请以小时或天计量（如 ≤24(小时)），或把指标名称改为比率（如 …及时率）"),
    "review.either.1": "{a}",
    "review.either.2": "{a}、{b}",
    "review.either.3": "{a}、{b}、{c}",
    "review.missing-indicator-level": ("缺少{missing}：绩效目标设置指引要求每个项目都设置产出、效益和满意度指标；"
                                       "请添加一行{first}"),
    "review.missing-cost-indicator": ("缺少成本指标：自 {start} 年度起（sitegen.yaml 中的 review.cost_required_from），"
                                      "申报表要求设置成本指标；请添加一行成本指标（经济成本指标、社会成本指标或"
                                      "生态环境成本指标）"),
    "review.duplicate-indicator": ("指标“{name}”在本申报表中出现了两次（第一次在第 {first} 行）；"
                                   "请合并这两行，或把两个指标区分开"),
    "review.duplicate-goal": ("本项目的年度总体目标与“{title}”（{path}:{line}）的一字不差；"
                              "请写明本项目自己的年度总体目标"),
    "review.duplicate-goal.more": ("本项目的年度总体目标与“{title}”（{path}:{line}）及另外 {more} 个项目的一字不差；"
                                   "请写明本项目自己的年度总体目标"),
    "review.funds-change.more": " 比 {year} 年度（{before}，{path}）增加 {percent}",
    "review.funds-change.less": " 比 {year} 年度（{before}，{path}）减少 {percent}",
    "review.funds-change.from_zero": "，上一年度（{year} 年度，{path}）为 0.00",
    "review.funds-change-unexplained": ("年度资金申请总额 {amount}{how}，但没有说明原因（变动阈值 {threshold}）；"
                                        "请在正文中说明变动原因，或添加一条更正记录（corrections）"),
}
