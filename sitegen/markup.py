"""A declaration's Markdown body -> safe HTML."""

from __future__ import annotations

import re

import markdown
import nh3

_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
_HEADING = re.compile(r"<(/?)h([1-6])\b")
# The page owns <h1> and its <h2> sections; a body's own headings start at <h3>.
_HEADING_SHIFT = 2


def _shift_heading(m: re.Match[str]) -> str:
    return f"<{m[1]}h{min(int(m[2]) + _HEADING_SHIFT, 6)}"


def render_markdown(source: str) -> str:
    """Markdown -> HTML, sanitized by nh3's allow-list: no scripts, no event-handler
    attributes, no javascript: URLs, whatever raw HTML the body contains."""
    if not source.strip():
        return ""
    html = markdown.markdown(source, extensions=_EXTENSIONS, output_format="html")
    return nh3.clean(_HEADING.sub(_shift_heading, html), link_rel="noopener noreferrer")
