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
from sitegen.schema import FUNDS_KEYS, Declaration


def amount(value: Decimal | None) -> str | None:
    """Decimal('6491700.00') -> '6491700.00' (no thousands separators: machine-readable)."""
    return None if value is None else f"{value:.2f}"


def day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def text(value: str) -> str | None:
    return value or None


def project_record(decl: Declaration, settings: Settings) -> dict:
    """The declaration with every key of the content format, plus its page's URL."""
    return {
        "id": decl.id,
        "url": public_url(settings, project_url(decl)),
        "title": decl.title,
        "year": decl.year,
        "project_code": text(decl.project_code),
        "department": decl.department,
        "implementing_unit": text(decl.implementing_unit),
        "nature": text(decl.nature),
        "category": text(decl.category),
        "start_date": day(decl.start_date),
        "end_date": day(decl.end_date),
        "funds": {key: amount(getattr(decl.funds, key)) for key in FUNDS_KEYS},
        "goal": decl.goal,
        "project_goal": text(decl.project_goal),
        "indicators": [
            {"level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target.display(),
             "comparison": i.target.comparison, "value": i.target.value, "unit": i.target.unit}
            for i in decl.indicators
        ],
        "series": text(decl.series),
        "published": day(decl.published),
        "updated": day(decl.updated),
        "corrections": [{"date": day(c.date), "what": c.what, "why": c.why} for c in decl.corrections],
        "source": text(decl.source),
        "notes": text(decl.body.strip()),
    }
