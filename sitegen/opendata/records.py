"""One declaration as open data: the record that data/projects.json lists and that
projects/<id>/index.json holds, and the rows of the CSV tables (see ``tables``).

Amounts are exact: strings with two decimals ("6491700.00"), never floats, so a
reader's tools see exactly the form's figures. Dates are ISO 8601 strings. A key the
declaration leaves out is null in JSON and empty in CSV.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sitegen.model import project_url, public_url
from sitegen.config import Settings
from sitegen import fields as F
from sitegen.schema import FUNDS_KEYS, SOURCE_KEYS, Declaration, Indicator, Source


def amount(value: Decimal | None) -> str | None:
    """Decimal('6491700.00') -> '6491700.00' (no thousands separators: machine-readable)."""
    return None if value is None else f"{value:.2f}"


def day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def text(value: str) -> str | None:
    return value or None


def project_record(decl: Declaration, settings: Settings) -> dict:
    """The declaration with every key of the content format (sitegen/fields.py, in its
    order), plus its page's URL and its notes."""
    record: dict = {"id": decl.id, "url": public_url(settings, project_url(decl))}
    for f in F.DECLARATION[1:]:
        record[f.key] = _VALUE[f.kind](getattr(decl, f.key))
    record["notes"] = text(decl.body.strip())
    return record


def _indicator(i: Indicator) -> dict:
    return {"level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target.display(),
            "comparison": i.target.comparison, "value": i.target.value, "unit": i.target.unit,
            "kind": text(i.kind), "weight": None if i.weight is None else str(i.weight),
            "explanation": text(i.explanation), "scoring": text(i.scoring)}


def _source(source: Source | None) -> dict | None:
    return None if source is None else {k: text(getattr(source, k)) for k in SOURCE_KEYS}


_VALUE = {
    F.TEXT: text, F.CODE: text, F.SERIES: text, F.ID: text, F.YEAR: lambda year: year, F.DATE: day,
    F.FUNDS: lambda funds: {key: amount(getattr(funds, key)) for key in FUNDS_KEYS},
    F.INDICATORS: lambda indicators: [_indicator(i) for i in indicators],
    F.CORRECTIONS: lambda corrections: [{"date": day(c.date), "what": c.what, "why": c.why}
                                        for c in corrections],
    F.SOURCE: _source,
}
