"""Command line: sitegen check | build | serve | import | new."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

from sitegen import __version__, parallel, yamlsrc
from sitegen.diagnostics import ERROR, Diagnostic, Diagnostics, SiteError, display_path, internal_error
from sitegen.importer import cli as importer_cli
from sitegen.layout import CONFIG_FILE
from sitegen.messages import DEFAULT, LANGUAGES, Message
from sitegen.newsite import NewSiteError, create_site
from sitegen.review import cli as review_cli
from sitegen.cache import load_state
from sitegen.fingerprint import up_to_date


def _print_problems(problems: list[Diagnostic], summary: Message, language: str) -> None:
    for d in problems:
        print(d.text(language), file=sys.stderr)
    print(summary.text(language), file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    from sitegen.build import load  # the renderer is imported only by commands that use it

    try:
        site, diags = load(args.site, strict=args.strict)
    except SiteError as exc:
        diags = Diagnostics()
        diags.extend(exc.diagnostics)
        verdict = "check.strict" if args.strict and not diags.errors else "check.fix_errors"
        _print_problems(exc.diagnostics, Message("check.failed", summary=diags.summary(), verdict=Message(verdict)),
                        args.language)
        return 1
    for d in diags.sorted():
        print(d.text(args.language), file=sys.stderr)
    print(Message("check.ok_drafts" if site.drafts else "check.ok", declarations=len(site.projects),
                  indicators=site.indicator_count,
                  summary=diags.summary(), drafts=site.drafts).text(args.language))
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
            _print_problems(exc.diagnostics, Message("build.failed"), args.language)
            return 1
    for d in sorted(report.warnings):
        print(d.text(args.language), file=sys.stderr)
    print(report.line().text(args.language))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from sitegen.serve import serve  # tornado is only needed here

    return serve(args.site, args.host, args.port, args.open, args.language)


def cmd_new(args: argparse.Namespace) -> int:
    try:
        written = create_site(args.dir, args.language)
    except NewSiteError as exc:
        print(Message("new.error", reason=exc.reason).text(args.language), file=sys.stderr)
        return 1
    for path in written:
        print(Message("new.created", path=path).text(args.language))
    print(Message("new.next", dir=args.dir).text(args.language))
    return 0


class _Formatter(argparse.HelpFormatter):
    """argparse's help with its own headings in the publisher's language."""

    language = DEFAULT

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups,
                          Message("help.usage").text(self.language) if prefix is None else prefix)

    def start_section(self, heading):
        known = {"positional arguments": "help.positional", "options": "help.options",
                 "optional arguments": "help.options"}
        super().start_section(Message(known[heading]).text(self.language) if heading in known else heading)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors speak the publisher's language."""

    def __init__(self, *args, language: str = DEFAULT, **kwargs) -> None:
        formatter = type("Formatter", (_Formatter,), {"language": language})
        super().__init__(*args, formatter_class=formatter, add_help=False, **kwargs)
        self.language = language
        self.add_argument("-h", "--help", action="help", help=Message("help.help").text(language))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, Message("help.error", prog=self.prog, reason=_argparse_reason(message)).text(self.language) + "\n")


# argparse's own complaints, said in the publisher's words: (pattern, message key).
_ARGPARSE_REASONS = (
    (re.compile(r"argument (?P<what>\S+): invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)"),
     "help.invalid_choice"),
    (re.compile(r"the following arguments are required: (?P<what>.*)"), "help.required"),
    (re.compile(r"unrecognized arguments: (?P<what>.*)"), "help.unrecognized"),
    (re.compile(r"argument (?P<what>\S+): expected one argument"), "help.expected_one"),
    (re.compile(r"argument (?P<what>\S+): invalid (?P<kind>\S+) value: '(?P<value>.*)'"), "help.invalid_value"),
    (re.compile(r"argument (?P<what>\S+): (?P<reason>.*)"), "help.argument"),  # a reason of ours, already said
)


def _argparse_reason(message: str) -> Message | str:
    for pattern, key in _ARGPARSE_REASONS:
        m = pattern.fullmatch(message)
        if m:
            return Message(key, **m.groupdict())
    return message


def parser(language: str = DEFAULT) -> argparse.ArgumentParser:
    def say(key: str) -> str:
        return Message(key).text(language)

    p = _Parser(prog="sitegen", description=say("help.sitegen"), language=language)
    p.add_argument("--version", action="version", version=f"sitegen {__version__}", help=say("help.version"))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", title=say("help.commands"),
                           parser_class=_Parser)

    def add(name: str, run, **kwargs) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, language=language, help=say(f"help.{name}"),
                            description=say(f"help.{name}"), **kwargs)
        sp.set_defaults(run=run)
        return sp

    def site_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--site", type=Path, default=Path("."), metavar="DIR", help=say("help.site"))

    c = add("check", cmd_check)
    site_arg(c)
    c.add_argument("--strict", action="store_true", help=say("help.strict"))

    b = add("build", cmd_build)
    site_arg(b)
    b.add_argument("--out", type=Path, metavar="DIR", help=say("help.out"))
    b.add_argument("--base-url", metavar="URL", help=say("help.base_url"))
    b.add_argument("--strict", action="store_true", help=say("help.strict"))

    s = add("serve", cmd_serve)
    site_arg(s)
    s.add_argument("--host", default="127.0.0.1", help=say("help.host"))
    s.add_argument("--port", type=int, default=8000, help=say("help.port"))
    s.add_argument("--open", action="store_true", help=say("help.open"))

    importer_cli.register(sub, language)

    n = add("new", cmd_new)
    n.add_argument("dir", type=Path, metavar="DIR", help=say("help.new_dir"))
    review_cli.register(sub, language)
    for sp in sub.choices.values():
        sp.add_argument("--lang", choices=LANGUAGES, help=say("help.lang"))
    return p


def _asked(argv: list[str], option: str) -> str | None:
    """The value of ``--option X`` or ``--option=X`` in argv (the last one), if any."""
    found = None
    for i, arg in enumerate(argv):
        if arg == option and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith(option + "="):
            found = arg[len(option) + 1:]
    return found


def site_language(site_dir: Path) -> str | None:
    """The language sitegen.yaml names, if it names a supported one (else None): what
    the commands speak before the settings are read in full (and when they do not load)."""
    try:
        text = (site_dir / CONFIG_FILE).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    node = yamlsrc.parse(text, Diagnostics())
    if isinstance(node, yamlsrc.Mapping) and isinstance(node.get("language"), yamlsrc.Scalar):
        language = node["language"].text.strip()
        return language if language in LANGUAGES else None
    return None


def chosen_language(argv: list[str]) -> str:
    """--lang, else the site's sitegen.yaml ``language``, else Chinese."""
    asked = _asked(argv, "--lang")
    if asked in LANGUAGES:
        return asked
    return site_language(Path(_asked(argv, "--site") or ".")) or DEFAULT


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    language = chosen_language(argv)
    try:
        parallel.chosen_jobs()
    except ValueError as exc:
        print(Diagnostic(parallel.JOBS_VARIABLE, 0, ERROR, Message("jobs.bad", value=str(exc))).text(language),
              file=sys.stderr)
        return 2
    try:
        args = parser(language).parse_args(argv)
        args.language = language
        return args.run(args)
    except KeyboardInterrupt:
        print(Message("interrupted").text(language), file=sys.stderr)
        return 130
    except Exception as exc:  # the last resort: one line, never a traceback (unless SITEGEN_DEBUG=1)
        if os.environ.get("SITEGEN_DEBUG") == "1":
            raise
        if isinstance(exc, OSError) and exc.strerror:
            where = display_path(exc.filename) if exc.filename else "sitegen"
            print(Diagnostic(where, 0, ERROR, exc.strerror).text(language), file=sys.stderr)
        else:
            print(internal_error(exc).text(language), file=sys.stderr)
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
