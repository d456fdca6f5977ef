"""``sitegen review``: registered by sitegen.cli like check and build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitegen.diagnostics import SiteError

FORMATS = ("text", "json", "html")


def cmd_review(args: argparse.Namespace) -> int:
    # imported here, so other commands start without loading the renderer
    from sitegen.build import load
    from sitegen.review import report
    from sitegen.review.rules import review_site
    from sitegen.theme import ThemeError

    try:
        site, _ = load(args.site)
    except SiteError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        print("review failed: the content does not load; fix the errors above "
              "(sitegen check lists them), then run sitegen review again", file=sys.stderr)
        return 1
    data = report.report_data(site, review_site(site))
    if args.format == "json":
        out = report.as_json(data)
    elif args.format == "html":
        try:
            out = report.as_html(data, args.site, site.settings.theme)
        except ThemeError as exc:
            print(exc.diagnostic, file=sys.stderr)
            print("review failed: the report template does not render", file=sys.stderr)
            return 1
    else:
        out = report.as_text(data)
    sys.stdout.write(out)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    r = subparsers.add_parser(
        "review", help="advise on weak targets (file:line, rule id, reason); never blocks",
        description="A quality report of the indicators against the guidance on setting performance "
                    "targets. Exit 0 whatever it finds; exit 1 only when the content does not load. "
                    "Rules can be switched off in sitegen.yaml (review: {disable: [rule-id]}).")
    r.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                   help="the site folder (holds sitegen.yaml and content/); default: here")
    r.add_argument("--format", choices=FORMATS, default="text",
                   help="text (one finding a line, default), json, or html (a page to read and print)")
    r.set_defaults(run=cmd_review)
