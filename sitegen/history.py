"""One project across years, tied by its ``series`` key.

Shared by the project page (sitegen.views) and the funds rule: the previous year's
declaration, how the annual amount changed, which indicator targets were added,
removed or changed, and the geometry of a small bar chart, all computed at build
time from Decimals (no floating point, so output is the same on every machine).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sitegen import charts
from sitegen.money import format_money
from sitegen.words import fold
from sitegen.schema import Declaration, Indicator

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


def previous(series: tuple[Declaration, ...], decl: Declaration) -> Declaration | None:
    """The declaration of the nearest earlier year in ``series`` (oldest first)."""
    before = None
    for d in series:
        if d.year >= decl.year:
            break
        before = d
    return before


@dataclass(frozen=True)
class Change:
    """A change of an amount from one year to the next."""

    before: Decimal
    after: Decimal

    @property
    def delta(self) -> Decimal:
        return self.after - self.before

    @property
    def share(self) -> Decimal | None:
        """The change as a share of the previous amount; None when that was 0.00."""
        return None if self.before == 0 else abs(self.delta) / self.before

    def exceeds(self, threshold: Decimal) -> bool:
        if self.before == 0:
            return self.after != 0
        return abs(self.delta) > threshold * self.before

    def delta_text(self) -> str:
        """'+1,508,300.00', '-20,000.00' or '0.00'."""
        return ("+" if self.delta > 0 else "") + format_money(self.delta)

    def percent_text(self) -> str:
        """'+23.2%', '-1.5%', '0.0%'; '—' when the previous amount was 0.00."""
        if self.before == 0:
            return "—"
        pct = (self.delta * 100 / self.before).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return ("+" if pct > 0 else "") + f"{pct}%"


@dataclass(frozen=True)
class TargetChange:
    kind: str  # added | removed | changed
    level1: str
    level2: str
    name: str
    before: str | None  # the previous year's target as the form prints it
    after: str | None


def _by_name(indicators: tuple[Indicator, ...]) -> dict[str, Indicator]:
    found: dict[str, Indicator] = {}
    for ind in indicators:  # a name given twice is the duplicate rule's business; first wins
        found.setdefault(fold(ind.name), ind)
    return found


def target_changes(before: Declaration, after: Declaration) -> list[TargetChange]:
    """Indicators matched by name (folded): added and changed in this year's order,
    then removed in the previous year's order."""
    old, new = _by_name(before.indicators), _by_name(after.indicators)
    changes: list[TargetChange] = []
    for key, ind in new.items():
        was = old.get(key)
        if was is None:
            changes.append(TargetChange(ADDED, ind.level1, ind.level2, ind.name, None, ind.target.display()))
        elif was.target.display() != ind.target.display():
            changes.append(TargetChange(CHANGED, ind.level1, ind.level2, ind.name,
                                        was.target.display(), ind.target.display()))
    for key, was in old.items():
        if key not in new:
            changes.append(TargetChange(REMOVED, was.level1, was.level2, was.name, was.target.display(), None))
    return changes


def unchanged_count(before: Declaration, after: Declaration) -> int:
    old, new = _by_name(before.indicators), _by_name(after.indicators)
    return sum(1 for k, ind in new.items() if k in old and old[k].target.display() == ind.target.display())


def bar_chart(points: list[tuple[str, Decimal, bool]]) -> dict:
    """points: (label, amount, is this page's) in display order -> the geometry of a
    column chart of the amounts (see sitegen.charts), each figure as the form prints it."""
    return charts.column_chart([charts.Point(label, amount, format_money(amount), current)
                                for label, amount, current in points])
