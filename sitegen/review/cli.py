"""``sitegen review``: registered by sitegen.cli like check and build. Everything it
prints is said in ``args.language`` (sitegen/messages/review_*.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitegen.diagnostics import SiteError
from sitegen.messages import Message

FORMATS = ("text", "json", "html")
HELP_EXAMPLE = "review: {disable: [qualitative-target]}"  # sitegen.yaml, in any language


def cmd_review(args: argparse.Namespace) -> int:
    # imported here, so other commands start without loading the renderer
    from sitegen.build import load
    from sitegen.review import report
    from sitegen.review.rules import review_site
    from sitegen.theme import ThemeError

    language = args.language
    try:
        site, _ = load(args.site)
    except SiteError as exc:
        for d in exc.diagnostics:
            print(d.text(language), file=sys.stderr)
        print(Message("review.failed.load").text(language), file=sys.stderr)
        return 1
    data = report.report_data(site, review_site(site))
    if args.format == "json":
        out = report.as_json(data, language)
    elif args.format == "html":
        try:
            out = report.as_html(data, args.site, site.settings.theme, language)
        except ThemeError as exc:
            print(exc.diagnostic.text(language), file=sys.stderr)
            print(Message("review.failed.template").text(language), file=sys.stderr)
            return 1
    else:
        out = report.as_text(data, language)
    sys.stdout.write(out)
    return 0


def register(subparsers: argparse._SubParsersAction, language: str) -> None:
    def say(key: str, **values: object) -> str:
        return Message(key, **values).text(language)

    r = subparsers.add_parser("review", language=language, help=say("review.help"),
                              description=say("review.help.description", example=HELP_EXAMPLE))
    r.add_argument("--site", type=Path, default=Path("."), metavar="DIR", help=say("help.site"))
    r.add_argument("--format", choices=FORMATS, default="text", help=say("review.help.format"))
    r.set_defaults(run=cmd_review)
