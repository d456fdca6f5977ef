"""Command line: sitegen check | build | serve | import | new."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from sitegen import __version__
from sitegen.diagnostics import ERROR, Diagnostic, Diagnostics, SiteError, display_path, internal_error, plural
from sitegen.importer import cli as importer_cli
from sitegen.newsite import NewSiteError, create_site
from sitegen.review import cli as review_cli
from sitegen.cache import load_state
from sitegen.fingerprint import up_to_date


def _print_problems(problems: list[Diagnostic], summary: str) -> None:
    for d in problems:
        print(d, file=sys.stderr)
    print(summary, file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from sitegen.build import load  # the renderer is imported only by commands that use it

    try:
        site, diags = load(args.site, strict=args.strict)
    except SiteError as exc:
        diags = Diagnostics()
        diags.extend(exc.diagnostics)
        verdict = ("warnings are errors with --strict" if args.strict and not diags.errors
                   else "fix the errors above")
        _print_problems(exc.diagnostics, f"check failed: {diags.summary()} ({verdict})")
        return 1
    for d in diags.sorted():
        print(d, file=sys.stderr)
    print(f"{plural(len(site.projects), 'declaration')}, {plural(site.indicator_count, 'indicator')}, "
          f"{diags.summary()}: ok")
    return 0


_KEPT: list = []  # what a build made, kept until the process ends: freed by the exit (see run)


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    out_dir = args.out or args.site / "output"
    state = load_state(args.site, out_dir)
    report, inputs = up_to_date(state, args.site, out_dir, args.base_url, args.strict, started)
    if report is None:  # the renderer is imported only when there is something to build
        from sitegen import progress
        from sitegen.build import build

        try:
            with progress.shown(sys.stderr):
                report = build(args.site, args.out, args.base_url, strict=args.strict, state=state, persist=True,
                               inputs=inputs, keep=_KEPT)
        except SiteError as exc:
            _print_problems(exc.diagnostics, "build failed; the previous output was left untouched")
            return 1
    for d in report.warnings:
        print(d, file=sys.stderr)
    print(report.line())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from sitegen.serve import serve  # tornado is only needed here

    return serve(args.site, args.host, args.port, args.open)


def cmd_new(args: argparse.Namespace) -> int:
    try:
        written = create_site(args.dir)
    except NewSiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"created {path}")
    print(f"next: sitegen serve --site {args.dir}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sitegen", description="Publish budget performance-target "
                                "declarations (绩效目标申报表) as a static website.")
    p.add_argument("--version", action="version", version=f"sitegen {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def site_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                        help="the site folder (holds sitegen.yaml and content/); default: here")

    c = sub.add_parser("check", help="validate content; print every problem as file:line")
    site_arg(c)
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.set_defaults(run=cmd_check)

    b = sub.add_parser("build", help="render the site into DIR/output/")
    site_arg(b)
    b.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: DIR/output)")
    b.add_argument("--base-url", metavar="URL",
                   help="where the site is published: a full URL or a path such as /disclosure/2024/")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.set_defaults(run=cmd_build)

    s = sub.add_parser("serve", help="preview the site locally; pages reload when files change")
    site_arg(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    s.add_argument("--open", action="store_true", help="open the preview in a web browser")
    s.set_defaults(run=cmd_serve)

    importer_cli.register(sub)

    n = sub.add_parser("new", help="create a new site folder with an example declaration")
    n.add_argument("dir", type=Path, metavar="DIR")
    n.set_defaults(run=cmd_new)
    review_cli.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last resort: one line, never a traceback (unless SITEGEN_DEBUG=1)
        if os.environ.get("SITEGEN_DEBUG") == "1":
            raise
        if isinstance(exc, OSError) and exc.strerror:
            where = display_path(exc.filename) if exc.filename else "sitegen"
            print(Diagnostic(where, 0, ERROR, exc.strerror), file=sys.stderr)
        else:
            print(internal_error(exc), file=sys.stderr)
        return 1


def run() -> None:
    """The `sitegen` command: main(), then out without tearing the interpreter down.
    Freeing a 10,000-declaration site object by object takes a third of a second
    that nobody waits for; every file is closed and every child process ended by then."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
