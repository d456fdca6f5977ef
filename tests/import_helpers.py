"""Shared helpers for the importer's tests: run the command, compare declarations."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO
from sitegen import cli as sitegen_cli
from sitegen.content import load_declarations
from sitegen.diagnostics import Diagnostics

FIXTURES = REPO / "tests" / "import_fixtures"
SEED = FIXTURES / "seed.txt"


def run_import(*argv: str | Path, lang: str | None = None) -> int:
    """``sitegen import ...`` through sitegen.cli; ``lang="en"`` adds ``--lang en``
    (without it the command speaks Chinese, the default)."""
    args = ["import", *map(str, argv), *(("--lang", lang) if lang else ())]
    return sitegen_cli.main(args)


def declaration_data(decl) -> dict:
    """Every field a reader sees, ids and file paths aside."""
    return {
        "title": decl.title, "year": decl.year, "department": decl.department,
        "implementing_unit": decl.implementing_unit, "nature": decl.nature,
        "category": decl.category, "start_date": decl.start_date, "end_date": decl.end_date,
        "funds": decl.funds, "goal": decl.goal, "project_goal": decl.project_goal,
        "project_code": decl.project_code,
        "indicators": [(i.level1, i.level2, i.name, i.target.comparison, i.target.value,
                        i.target.unit, i.target.display()) for i in decl.indicators],
    }


def site_data(site: Path) -> dict[str, dict]:
    diags = Diagnostics()
    decls = load_declarations(site / "content", diags)
    assert not diags.items, [str(d) for d in diags.items]
    return {d.title: declaration_data(d) for d in decls}


def bundled_data() -> dict[str, dict]:
    return site_data(REPO)
