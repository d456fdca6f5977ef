"""A declaration's Markdown body -> safe HTML."""

from __future__ import annotations

import functools
import re

import markdown
import nh3

_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
_HEADING = re.compile(r"<(/?)h([1-6])\b")

# Python-Markdown's time grows with the square of how deep brackets nest, and lists
# nested a few hundred deep exhaust its recursion: a body may nest 50 levels.
MAX_NESTING = 50
_TOO_DEEP_LINE = re.compile(r"^(?:[ \t]{%d,}|(?:[ \t]*>){%d})" % (2 * MAX_NESTING, MAX_NESTING + 1), re.M)


def too_deep(source: str) -> tuple[int, str] | None:
    """(line index in ``source``, what nests) of the first place that nests deeper
    than MAX_NESTING: a list (by its indentation), a quote, or brackets."""
    found = _TOO_DEEP_LINE.search(source)
    if found:
        what = "quotes" if ">" in found[0] else "lists or indented code"
        return source.count("\n", 0, found.start()), what
    if source.count("[") > MAX_NESTING:
        depth = 0
        for at, char in enumerate(source):
            if char == "[" and source[at - 1:at] != "\\":
                depth += 1
                if depth > MAX_NESTING:
                    return source.count("\n", 0, at), "brackets [ ]"
            elif char == "]" and depth:
                depth -= 1
    return None


def _shift_heading(m: re.Match[str]) -> str:
    # The page owns <h1> and the <h2> section the body sits in: body headings
    # move one level down and start at <h3>, keeping one h1 and a sound outline.
    return f"<{m[1]}h{min(max(int(m[2]) + 1, 3), 6)}"


@functools.cache
def _converter() -> markdown.Markdown:
    # Building a Markdown instance costs more than converting a short body; keep
    # one per process and reset it between documents.
    return markdown.Markdown(extensions=_EXTENSIONS, output_format="html")


def render_markdown(source: str) -> str:
    """Markdown -> HTML, sanitized by nh3's allow-list: no scripts, no event-handler
    attributes, no javascript: URLs, whatever raw HTML the body contains."""
    if not source.strip():
        return ""
    html = _converter().reset().convert(source)
    return nh3.clean(_HEADING.sub(_shift_heading, html), link_rel="noopener noreferrer")
