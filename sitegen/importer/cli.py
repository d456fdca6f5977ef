"""``sitegen import``: the subcommand, registered by sitegen.cli like check and build.
Everything it prints is said in ``args.language`` (sitegen/messages/import_*.py)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sitegen.messages import DEFAULT, Message


def year_type(language: str = DEFAULT):
    """--year's type: a four-digit year, or an error said in ``language``."""

    def year(text: str) -> int:
        if not re.fullmatch(r"\d{4}", text):
            raise argparse.ArgumentTypeError(Message("import.help.year_invalid", text=text).text(language))
        return int(text)

    return year


def register(subparsers: argparse._SubParsersAction, language: str = DEFAULT) -> argparse.ArgumentParser:
    """Add ``import`` to sitegen's subcommands, its help in ``language``."""

    def say(key: str) -> str:
        return Message(key).text(language)

    p = subparsers.add_parser("import", language=language, help=say("import.help"),
                              description=say("import.help.description"))
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help=say("import.help.files"))
    p.add_argument("--site", type=Path, default=Path("."), metavar="DIR", help=say("help.site"))
    p.add_argument("--department", metavar="主管部门", help=say("import.help.department"))
    p.add_argument("--year", type=year_type(language), metavar="YYYY", help=say("import.help.year"))
    p.add_argument("--dry-run", action="store_true", help=say("import.help.dry_run"))
    p.add_argument("--force", action="store_true", help=say("import.help.force"))
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    # imported here, so that other commands start without loading the importer
    from sitegen.importer.report import report
    from sitegen.importer.run import import_files

    language = getattr(args, "language", DEFAULT)
    outcome = import_files(args.files, args.site, args.year, args.dry_run, args.force, args.department)
    text = report(outcome, language)
    if outcome.ok and args.dry_run:
        for item in outcome.planned:
            if item.state != "unchanged":
                print(Message("import.dry_run.heading", path=item.shown).text(language) + "\n" + item.text, end="")
    (sys.stdout if outcome.ok else sys.stderr).write(text)
    return 0 if outcome.ok else 1
