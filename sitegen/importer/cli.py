"""``sitegen import``: the subcommand, registered by sitegen.cli like check and build."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a four-digit year such as 2024")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``import`` to sitegen's subcommands."""
    p = subparsers.add_parser(
        "import", help="turn 申报表 text or PDF files into content files",
        description="Read the text of 财政项目支出绩效目标申报表 (one or many per file: UTF-8, "
                    "GB18030/GBK, or a PDF's text layer) and write one content file per "
                    "declaration into DIR/content/.")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a .txt or .pdf file")
    p.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                   help="the site folder (holds sitegen.yaml and content/); default: here")
    p.add_argument("--department", metavar="主管部门",
                   help="the department, for forms that print none (Beijing's 预算12表)")
    p.add_argument("--year", type=_year, metavar="YYYY",
                   help="the budget year, for texts whose heading lacks （YYYY年度）")
    p.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")
    p.add_argument("--force", action="store_true", help="overwrite content files that differ")
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    # imported here, so that other commands start without loading the importer
    from sitegen.importer.report import report
    from sitegen.importer.run import import_files

    outcome = import_files(args.files, args.site, args.year, args.dry_run, args.force, args.department)
    text = report(outcome)
    if outcome.ok and args.dry_run:
        for item in outcome.planned:
            if item.state != "unchanged":
                print(f"=== {item.shown}\n{item.text}", end="")
    (sys.stdout if outcome.ok else sys.stderr).write(text)
    return 0 if outcome.ok else 1
