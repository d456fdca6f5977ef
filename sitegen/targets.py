"""Indicator targets: '≥200.00(批次)', '=100%', '985米', '全年正常运营'."""

from __future__ import annotations

import re
import unicodedata

from sitegen.frozen import frozen_record
from sitegen.messages import Message

# Every way publishers write a comparison, mapped to the form's symbol.
# NFKC has already turned full-width ＞＜＝ into ASCII before this table is used.
_COMPARISONS = {
    ">=": "≥", "≥": "≥", "≧": "≥", "⩾": "≥", "=>": "≥",
    "<=": "≤", "≤": "≤", "≦": "≤", "⩽": "≤", "=<": "≤",
    "==": "=", "=": "=",
    ">": ">", "<": "<",
}
_OP = "|".join(sorted(map(re.escape, _COMPARISONS), key=len, reverse=True))
_QUANTITATIVE = re.compile(
    rf"^(?P<op>{_OP})?\s*(?P<num>[+-]?\d+(?:\.\d+)?)\s*"
    r"(?:\((?P<paren>[^()]*)\)|(?P<bare>[^\d\s()+\-.][^()]*(?:\([^()]*\)[^()]*)?))?$"
)
_STARTS_WITH_OP = re.compile(rf"^({_OP})")


class TargetError(ValueError):
    pass


@frozen_record
class Target:
    """One 年度指标值. Quantitative when ``value`` is set, else a qualitative phrase."""

    text: str  # the phrase as written (normalized), for qualitative targets
    comparison: str | None = None  # one of ≥ ≤ = > <, or None ('985米')
    value: str | None = None  # the number exactly as written: '200.00', '5'
    unit: str | None = None

    @property
    def quantitative(self) -> bool:
        return self.value is not None

    def display(self) -> str:
        """As the form prints it: '≥200.00(批次)'; a bare value keeps its bare unit."""
        if not self.quantitative:
            return self.text
        if self.comparison:
            return f"{self.comparison}{self.value}" + (f"({self.unit})" if self.unit else "")
        return f"{self.value}{self.unit or ''}"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_target(raw: str, unit: str | None = None) -> Target:
    """Parse a target; ``unit`` is the indicator's separate ``unit`` key, if any."""
    text = _fold(raw)
    unit = _fold(unit) if unit is not None else None
    if not text:
        raise TargetError(Message("target.empty"))
    m = _QUANTITATIVE.match(text)
    if not m:
        if _STARTS_WITH_OP.match(text):
            raise TargetError(Message("target.comparison_without_number", raw=raw))
        if unit:
            raise TargetError(Message("target.unit_without_number", raw=raw, unit=unit))
        return Target(text=raw.strip())
    written_unit = (m["paren"] if m["paren"] is not None else m["bare"] or "").strip() or None
    if written_unit and unit and written_unit != unit:
        raise TargetError(Message("target.unit_conflict", raw=raw, written=written_unit, unit=unit))
    op = _COMPARISONS[m["op"]] if m["op"] else None
    return Target(text=text, comparison=op, value=m["num"], unit=written_unit or unit)
