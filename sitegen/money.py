"""Exact money: parse the form's amounts into Decimal and print them as the form does."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from sitegen.messages import Message

# ASCII digits only (full-width ones are folded by NFKC first); \d alone would also
# accept Arabic-Indic and other digits that no form uses.
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)
CENT = Decimal("0.01")
# The largest amount a declaration may give: 15 digits of yuan, 1,000 万亿 less a fen, far
# above any budget; sums of a million of them stay exact within Decimal's 28 digits.
MAX_AMOUNT = Decimal("999999999999999.99")


class MoneyError(ValueError):
    pass


def parse_money(text: str) -> Decimal:
    """'6,491,700.00' -> Decimal('6491700.00'). Full-width digits are accepted.

    Raises MoneyError with a reader-facing reason for anything that is not an
    exact amount of yuan with at most two decimals.
    """
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not (_PLAIN.match(s) or _GROUPED.match(s)):
        raise MoneyError(Message("money.not_amount", text=text))
    value = Decimal(s.replace(",", ""))
    if abs(value) > MAX_AMOUNT:
        raise MoneyError(Message("money.too_large", text=text, most=format_money(MAX_AMOUNT)))
    if value.as_tuple().exponent < -2:
        raise MoneyError(Message("money.three_decimals", text=text))
    value = value.quantize(CENT)
    return value.copy_abs() if value == 0 else value  # '-0.00' is zero, not a negative amount


def format_money(value: Decimal) -> str:
    """Decimal('6491700') -> '6,491,700.00', exactly as the form prints amounts."""
    return f"{value.quantize(CENT):,.2f}"
