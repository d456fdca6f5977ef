"""What ``sitegen review`` says, in English. See sitegen/messages/__init__.py.

Keys start with ``review.``: the command (its help, failures and summary line), the
rules' names and what they ask (``review.rule.<id>.name`` / ``.asks``, listed by
sitegen/rulebook.py) and the findings' reasons (``review.<rule-id>…``, built in
sitegen/review/rules.py). Rule ids are never translated: the publisher writes them in
sitegen.yaml to switch a rule off. The HTML report's headings and labels are the
site's words (``review.*`` in sitegen/i18n/).
"""

MESSAGES: dict[str, str] = {
    # --- the command ----------------------------------------------------------------
    "review.help": "advise on weak targets (file:line, rule id, reason); never blocks",
    "review.help.description": ("A quality report of the indicators against the guidance on setting performance "
                                "targets. Exit 0 whatever it finds; exit 1 only when the content does not load. "
                                "Rules can be switched off in sitegen.yaml ({example})."),
    "review.help.format": "text (one finding a line, default), json, or html (a page to read and print)",
    "review.failed.load": ("review failed: the content does not load; fix the errors above "
                           "(sitegen check lists them), then run sitegen review again"),
    "review.failed.template": "review failed: the report template does not render",
    "review.summary": ("review: {findings} in {flagged} of {declarations} ({indicators}); rules off: {off}. "
                       "Advice only: nothing is blocked."),
    "review.summary.none_off": "none",
    "review.list.one": "{a}",
    "review.list.pair": "{a}, {b}",
    # --- the rules: name (shown in the HTML report) and what each asks ---------------
    "review.rule.missing-indicator-level.name": "No 产出, 效益 or 满意度 indicator",
    "review.rule.missing-indicator-level.asks":
        "every project has at least one 产出指标, one 效益指标 and one 满意度指标",
    "review.rule.missing-cost-indicator.name": "No 成本指标 (cost indicator)",
    "review.rule.missing-cost-indicator.asks":
        "from the year set by review.cost_required_from, every project has a 成本指标",
    "review.rule.target-without-number.name": "Measurable indicator without a number",
    "review.rule.target-without-number.asks":
        "an indicator whose name is a rate, count or time has a number as its target",
    "review.rule.qualitative-target.name": "Qualitative target",
    "review.rule.qualitative-target.asks":
        "targets are quantified where possible, or graded (好/较好/一般/差), not just 正常",
    "review.rule.percentage-over-100.name": "Percentage above 100%",
    "review.rule.percentage-over-100.asks": "a percentage target is at most 100%",
    "review.rule.satisfaction-100-percent.name": "Satisfaction target of 100%",
    "review.rule.satisfaction-100-percent.asks": "a satisfaction target is a realistic share below 100%",
    "review.rule.unit-contradicts-name.name": "Unit contradicts the indicator's name",
    "review.rule.unit-contradicts-name.asks":
        "a rate (率) is measured in %, not in hours, days, times or persons",
    "review.rule.duplicate-indicator.name": "Duplicate indicator",
    "review.rule.duplicate-indicator.asks": "each 三级指标 appears once in a declaration",
    "review.rule.duplicate-goal.name": "Same 年度总体目标 as another project",
    "review.rule.duplicate-goal.asks":
        "each project states its own 年度总体目标, not another project's word for word",
    "review.rule.funds-change-unexplained.name": "Change in funds not explained",
    "review.rule.funds-change-unexplained.asks":
        ("a recurring project (series) whose amount changed by more than review.funds_change_threshold "
         "from the previous year explains why"),
    # --- the findings' reasons -------------------------------------------------------
    "review.kind.rate": "a rate",
    "review.kind.count": "a count",
    "review.kind.time": "a time",
    "review.target-without-number": ("'{name}' names {kind} ({word}) but its target '{target}' has no number; "
                                     "write the value to reach, e.g. {example}"),
    "review.qualitative-target": ("target '{target}' of '{name}' is qualitative and cannot be checked at year end; "
                                  "quantify it (定量为主) or grade it (好/较好/一般/差)"),
    "review.percentage-over-100": ("target {target} of '{name}' is above 100%: a share cannot exceed the whole; "
                                   "check the number or the unit"),
    "review.satisfaction-100-percent": ("satisfaction target {target} of '{name}' leaves no margin: one dissatisfied "
                                        "respondent misses it; set a realistic level below 100%, e.g. ≥90(%)"),
    "review.measured.time": "…时长",
    "review.measured.count": "…次数, …人数",
    "review.unit-contradicts-name.rate": ("'{name}' names a rate ({rate}) but is measured in {unit}; measure the "
                                          "rate in % (e.g. ≥95(%)) or name what is measured (e.g. {measured})"),
    "review.unit-contradicts-name.time": ("'{name}' names a time ({duration}) but is measured in %; measure it in "
                                          "小时/天 (e.g. ≤24(小时)) or name a rate (e.g. …及时率)"),
    "review.either.1": "{a}",
    "review.either.2": "{a} or {b}",
    "review.either.3": "{a}, {b} or {c}",
    "review.missing-indicator-level": ("no {missing} indicator: the guidance asks every project for "
                                       "产出、效益 and 满意度 indicators; add a {first} row"),
    "review.missing-cost-indicator": ("no 成本指标 indicator: from {start} (review.cost_required_from) the form asks "
                                      "for cost indicators; add a 成本指标 row (经济成本指标, 社会成本指标 or "
                                      "生态环境成本指标)"),
    "review.duplicate-indicator": ("'{name}' appears twice in this declaration (first on line {first}); "
                                   "merge the two rows or tell them apart"),
    "review.duplicate-goal": ("年度总体目标 is word for word that of '{title}' ({path}:{line}); "
                              "state this project's own goal for the year"),
    "review.duplicate-goal.more": ("年度总体目标 is word for word that of '{title}' ({path}:{line}) and {more} more; "
                                   "state this project's own goal for the year"),
    "review.funds-change.more": "is {percent} more than in {year} ({before}, {path})",
    "review.funds-change.less": "is {percent} less than in {year} ({before}, {path})",
    "review.funds-change.from_zero": "follows 0.00 in {year} ({path})",
    "review.funds-change-unexplained": ("年度资金申请总额 {amount} {how} and nothing says why (threshold {threshold}); "
                                        "explain the change in the notes or in a corrections entry"),
}
