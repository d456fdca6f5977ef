"""How the rules read an indicator's name and unit.

The name of a 三级指标 usually says what is measured: a rate (…率, …满意度), a count
(…人数, …次数) or a time (…及时性, …时长, …天数). These word lists are the whole of
that judgement; a false alarm is fixed here, with a test, not in the rules.
"""

from __future__ import annotations

import re
import unicodedata

RATE, COUNT, TIME = "rate", "count", "time"
EXAMPLE_TARGET = {RATE: "≥95(%)", COUNT: "≥200(次)", TIME: "≤30(天)"}
# The unit a count word suggests for its example target: 参观人数 -> ≥200(人).
_COUNT_UNITS = (("人次", "人次"), ("人", "人"), ("户", "户"), ("件", "件"), ("批", "批次"),
                ("场", "场"), ("个", "个"))


def example_target(kind: str, word: str) -> str:
    if kind == COUNT:
        unit = next((u for w, u in _COUNT_UNITS if w in word), "次")
        return f"≥200({unit})"
    return EXAMPLE_TARGET[kind]

# (kind, pattern), first match wins. 数 alone is a count (参观人数, 任务数), except in
# 数据/数字/数智/数码 (data, digital); 天 is a day, except in 天然 (天然气).
_MEASURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (RATE, re.compile(r"率|满意度|比例|占比|百分比")),
    (COUNT, re.compile(r"人数|次数|人次|户数|个数|件数|数量|批次|场次|频次|数(?![据字智码])")),
    (TIME, re.compile(r"及时|时间|时限|时长|时效|周期|工期|期限|小时|分钟|工作日|天(?!然)")),
)

# A rate whose unit is anything but a share contradicts its name. 频率 (times per period),
# 功率 (kW) and 效率 (items per day, say) are rates with units of their own.
_RATE_NAME = re.compile(r"(?<![频功效汇])率|比例|占比|百分比")
SHARE_UNITS = frozenset({"%", "‰", "百分比", "百分点"})
# Units that measure a time or a count, never a share.
TIME_COUNT_UNITS = frozenset({
    "小时", "时", "分钟", "分", "秒", "天", "日", "工作日", "周", "月", "个月", "年",
    "次", "人", "人次", "个", "件", "批次", "批", "场", "场次", "项", "户", "家", "台", "套",
})
TIME_UNITS = frozenset({"小时", "时", "分钟", "分", "秒", "天", "日", "工作日", "周", "月", "个月", "年"})
# A time (duration) name measured as a share also contradicts itself: 响应时间 ≤95(%).
_DURATION_NAME = re.compile(r"时间|时长|时限|天数|小时数|工作日")

SATISFACTION = re.compile(r"满意")
GROWTH = re.compile(r"增长|增幅|增速|同比|环比|比上年|提高|提升|倍")

# A note explains a change in funds when one line names the money and the change.
MONEY_WORDS = re.compile(r"资金|金额|预算|经费|拨款|元")
CHANGE_WORDS = re.compile(r"增|减|调整|变化|变动|上升|下降|提高|降低")


def fold(text: str) -> str:
    """Compare names as a reader would: full-width folded, spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def measure(name: str) -> tuple[str, str] | None:
    """-> (kind, the word that says so) when the name says what it measures."""
    folded = fold(name)
    for kind, pattern in _MEASURES:
        m = pattern.search(folded)
        if m:
            return kind, m[0]
    return None


def rate_word(name: str) -> str | None:
    m = _RATE_NAME.search(fold(name))
    return m[0] if m else None


def duration_word(name: str) -> str | None:
    m = _DURATION_NAME.search(fold(name))
    return m[0] if m else None


def is_percent(unit: str | None) -> bool:
    return unit is not None and fold(unit) in ("%", "百分比")


def is_satisfaction(level1: str, name: str) -> bool:
    return fold(level1).startswith("满意度") or bool(SATISFACTION.search(fold(name)))


def explains_funds_change(text: str) -> bool:
    """True when a line of ``text`` mentions both the money and a change to it."""
    return any(MONEY_WORDS.search(line) and CHANGE_WORDS.search(line) for line in text.split("\n"))
